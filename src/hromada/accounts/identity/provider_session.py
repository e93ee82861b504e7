"""What the id.gov.ua flow keeps in the resident's session: the one-use `state` of a
sign-in in progress (with where to go afterwards), then the gateway's user id and access
token so that signing out here also signs out at the gateway. Never the taxpayer number.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any

from django.http import HttpRequest

from hromada.accounts.identity.idgovua import (
    IdGovUaClient,
    IdGovUaError,
    IdGovUaErrorCode,
    ProviderSession,
)

logger = logging.getLogger(__name__)

SIGN_IN_SESSION_KEY = "idgovua_sign_in"
PROVIDER_SESSION_KEY = "idgovua_session"
# A resident who takes longer than this at the gateway starts again.
STATE_LIFETIME_SECONDS = 30 * 60


def begin_sign_in(request: HttpRequest, next_url: str) -> str:
    """A fresh random state for the authorisation request, remembered with `next_url`."""
    state = secrets.token_urlsafe(32)
    request.session[SIGN_IN_SESSION_KEY] = {
        "state": state,
        "next": next_url,
        "issued_at": int(time.time()),
    }
    return state


def take_sign_in(request: HttpRequest, received_state: str) -> str:
    """The `next` URL of the sign-in this state belongs to. The stored state is used up
    whatever the outcome, so it cannot be replayed or guessed at repeatedly."""
    pending: Any = request.session.pop(SIGN_IN_SESSION_KEY, None)
    if not isinstance(pending, dict) or not received_state:
        raise IdGovUaError(IdGovUaErrorCode.BAD_STATE, "no sign-in in progress")
    expected = str(pending.get("state", ""))
    if not hmac.compare_digest(expected.encode(), received_state.encode()):
        raise IdGovUaError(IdGovUaErrorCode.BAD_STATE, "state does not match")
    if time.time() - int(pending.get("issued_at", 0)) > STATE_LIFETIME_SECONDS:
        raise IdGovUaError(IdGovUaErrorCode.BAD_STATE, "state expired")
    return str(pending.get("next", ""))


def remember_provider_session(request: HttpRequest, session: ProviderSession) -> None:
    """Call after django.contrib.auth.login(), which may start a new session."""
    request.session[PROVIDER_SESSION_KEY] = {
        "user_id": session.user_id,
        "access_token": session.access_token,
    }


def has_provider_session(request: HttpRequest) -> bool:
    return PROVIDER_SESSION_KEY in request.session


def end_provider_session(request: HttpRequest) -> bool:
    """Sign out at id.gov.ua if this session signed in there (best effort: a failure
    is logged with its code only). Returns whether there was a gateway session."""
    remembered: Any = request.session.pop(PROVIDER_SESSION_KEY, None)
    if not isinstance(remembered, dict):
        return False
    try:
        IdGovUaClient().logout(
            user_id=str(remembered.get("user_id", "")),
            access_token=str(remembered.get("access_token", "")),
        )
    except IdGovUaError as error:
        logger.warning("id.gov.ua sign-out failed: %s", error)
    return True
