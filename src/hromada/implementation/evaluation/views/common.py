"""What the evaluation's views share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect


def see_other(url: str) -> HttpResponseRedirect:
    """After a POST: the browser fetches the next page with GET, so a reload does not
    post again."""
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def error_code(error: ValidationError) -> str | None:
    if getattr(error, "code", None):
        return str(error.code)
    items = getattr(error, "error_list", [])
    return str(items[0].code) if items and items[0].code else None
