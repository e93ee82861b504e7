"""Formatting of programme figures: money in hryvnias, funding-source names."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hromada.programmes.enums import FundingSource

register = template.Library()

CENT = Decimal("0.01")


@register.filter
def uah(value: Decimal | int | None) -> str:
    """An amount in hryvnias with two decimals, grouped as the active language writes
    numbers: "1 500 000,00 грн" in Ukrainian, "1,500,000.00 UAH" in English."""
    if value is None or value == "":
        return ""
    amount = number_format(Decimal(value).quantize(CENT), decimal_pos=2, force_grouping=True)
    return _("%(amount)s UAH") % {"amount": amount}


@register.filter
def decimal_figure(value: Decimal | None) -> str:
    """A planned value: grouped, without decimals when it is whole (5, 2,5)."""
    if value is None:
        return ""
    number = Decimal(value)
    places = 0 if number == number.to_integral_value() else 2
    return number_format(number, decimal_pos=places, force_grouping=True)


@register.filter
def funding_source_names(codes: Iterable[str] | None) -> str:
    """Funding-source codes of a measure as their names, comma-separated."""
    labels = dict(FundingSource.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or ())
