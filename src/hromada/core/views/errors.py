"""The page for an unexpected error (`handler500`): a friendly 503 with Retry-After when
the database cannot be reached, the plain 500 page otherwise.

Django turns an exception raised anywhere in the middleware or the view (loading the
session or the signed-in user included) into a call of this handler, inside the `except`
block, so `sys.exc_info()` still holds the exception. Nothing here may touch the
database: the template is rendered without a request, hence without context processors.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.views.defaults import server_error as plain_server_error

# "Try again in a minute" on the page; clients and proxies read the header.
RETRY_AFTER_SECONDS = 60
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unreachable(error: BaseException | None) -> bool:
    """Whether the error (or one it was raised from) says the database cannot be used."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, DATABASE_ERRORS):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    if not database_unreachable(sys.exc_info()[1]):
        return plain_server_error(request)
    language = (
        translation.get_language_from_path(request.path_info)
        or translation.get_language()
        or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        home_url = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
        body = loader.get_template("503.html").render({"home_url": home_url})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
