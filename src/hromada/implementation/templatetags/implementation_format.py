"""Formatting of the implementation records in templates and e-mails."""

from __future__ import annotations

from django import template

from hromada.implementation.enums import ImplementationStatus

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """The status's name in the active language (e-mails receive only the code)."""
    if code in ImplementationStatus.values:
        return str(ImplementationStatus(code).label)
    return code
