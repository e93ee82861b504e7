"""The idle lock of a service-centre desk: a desk left alone for
`settings.DESK_IDLE_MINUTES` forgets the person who was being served and asks for the
operator's password before it shows anything again.

The lock lives in the operator's session. Every desk view is wrapped in `desk_view`,
which notes the time of each request; the page script (static/voting/desk.js) also
goes to the lock page after the same time without a key press or mouse movement, so
an unattended screen does not keep showing a ballot."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

LAST_ACTIVITY = "desk-last-activity"
LOCKED = "desk-locked"
RETURN_TO = "desk-return-to"
FAILED_UNLOCKS = "desk-failed-unlocks"
# The person being served at the desk (person key, birth date, settlement, a random
# desk id; never the document number or the name) and the last receipt shown.
PENDING_PERSON = "desk-pending"
LAST_RECEIPT = "desk-receipt"

View = Callable[..., HttpResponse]


def idle_seconds() -> int:
    return max(int(settings.DESK_IDLE_MINUTES), 1) * 60


def forget_person(session: SessionBase) -> None:
    session.pop(PENDING_PERSON, None)
    session.pop(LAST_RECEIPT, None)


def is_locked(session: SessionBase) -> bool:
    return bool(session.get(LOCKED))


def safe_return_path(request: HttpRequest, candidate: str | None) -> str | None:
    """A path on this site to go back to, or None (no open redirects)."""
    if not candidate or not candidate.startswith("/") or candidate.startswith("//"):
        return None
    if not url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return candidate


def lock(request: HttpRequest, return_to: str | None) -> None:
    """Forget the person being served and remember where the operator was (the first
    place remembered wins: a second lock request does not overwrite it)."""
    session = request.session
    forget_person(session)
    session[LOCKED] = True
    if return_to and not session.get(RETURN_TO):
        session[RETURN_TO] = return_to


def unlock(request: HttpRequest) -> str | None:
    """Open the desk again; the path to return to, if one was remembered."""
    session = request.session
    session.pop(LOCKED, None)
    session.pop(FAILED_UNLOCKS, None)
    session[LAST_ACTIVITY] = int(time.time())
    returned = session.pop(RETURN_TO, None)
    return returned if isinstance(returned, str) else None


def locked_page(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("voting:desk_locked"))


def desk_view(restart: str | None = None) -> Callable[[View], View]:
    """Wrap a desk view: locked or idle too long → the lock page. `restart` names the
    page to return to after unlocking when the idle request was a POST that cannot be
    repeated (the confirm and cast steps go back to identifying the person); without
    it, the operator returns to the same address."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            session = request.session
            now = int(time.time())
            if is_locked(session):
                return locked_page(request)
            last = session.get(LAST_ACTIVITY)
            if isinstance(last, int | float) and now - last > idle_seconds():
                if request.method in ("GET", "HEAD"):
                    return_to = request.get_full_path()
                elif restart is not None:
                    return_to = reverse(restart, kwargs={"edition": kwargs["edition"]})
                else:
                    return_to = request.path
                lock(request, return_to)
                return locked_page(request)
            session[LAST_ACTIVITY] = now
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
