"""Due notifications without a worker: in the embedded default (no REDIS_URL, so no
Celery beat) the end of a request runs what beat would run every five minutes, at most
once in five minutes per cache (hromada.core.middleware runs the audit-trail sequencer
the same way)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from hromada.budget.notifications import send_due_notifications

logger = logging.getLogger(__name__)

THROTTLE_KEY = "hromada.budget.due-notifications"
INTERVAL_SECONDS = 300
REQUEST_DELIVER_LIMIT = 20


class DueNotificationsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # cache.add succeeds for one request per interval: the others skip at once.
        if settings.DUE_NOTIFICATIONS_IN_REQUEST and cache.add(
            THROTTLE_KEY, True, timeout=INTERVAL_SECONDS
        ):
            try:
                # A resident waits for this response: resend only a few lost messages.
                send_due_notifications(deliver_limit=REQUEST_DELIVER_LIMIT)
            except Exception:  # the claims roll back; the next interval tries again
                logger.exception("Due notifications failed")
        return response
