"""Cross-cutting request handling: security headers, language memory, audit context."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

from hromada.core.activity import activity_written, client_ip, current_client_ip
from hromada.core.activity_chain import link_pending_entries

logger = logging.getLogger(__name__)

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    """Adds the Content-Security-Policy header (no inline scripts or styles anywhere)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response and not request.path.startswith("/admin/"):
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class RememberedLanguageMiddleware:
    """Ukrainian pages have no prefix and English ones live under /en/. Someone who chose
    English (cookie) and follows an unprefixed link is sent to the English page."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        remembered = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if (
            request.method in {"GET", "HEAD"}
            and remembered
            and remembered != settings.LANGUAGE_CODE
            and remembered in dict(settings.LANGUAGES)
            and translation.get_language_from_path(request.path_info) is None
            and not request.path_info.startswith(("/static/", "/media/", "/admin/", "/i18n/"))
        ):
            target = f"/{remembered}{request.get_full_path()}"
            with translation.override(remembered):
                from django.urls import Resolver404, resolve

                try:
                    resolve(f"/{remembered}{request.path_info}")
                except Resolver404:
                    return self.get_response(request)
            return HttpResponseRedirect(target)
        return self.get_response(request)


class ActivityLogSequencerMiddleware:
    """Makes the client address available to log_activity(), and in the embedded default
    (no worker) links this request's audit rows into the hash chain after the response."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip_token = current_client_ip.set(client_ip(request))
        written_token = activity_written.set(False)
        try:
            response = self.get_response(request)
            if settings.ACTIVITY_LOG_LINK_IN_REQUEST and activity_written.get():
                try:
                    link_pending_entries()
                except Exception:  # the rows stay; the next run links them
                    logger.exception("Activity-log sequencer failed")
            return response
        finally:
            current_client_ip.reset(ip_token)
            activity_written.reset(written_token)
