"""Verifying a resident with the state e-ID gateway id.gov.ua. Every failure is a
friendly page with a way to try again (400 for the resident's side, 502 when the
gateway fails), never a 500; nothing is saved unless the whole flow succeeds."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hromada.accounts.enums import IdentityProvider
from hromada.accounts.identity.idgovua import (
    IdGovUaClient,
    IdGovUaError,
    IdGovUaErrorCode,
    ProviderSession,
    is_offered,
)
from hromada.accounts.identity.person_key import person_key_for_taxpayer_number
from hromada.accounts.identity.provider_session import (
    begin_sign_in,
    remember_provider_session,
    take_sign_in,
)
from hromada.accounts.services.identity import establish_identity

logger = logging.getLogger(__name__)

# allauth's backend is Django's ModelBackend plus allauth's e-mail handling; it is the
# one in AUTHENTICATION_BACKENDS, so the session stays valid on the next request.
SIGN_IN_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
GATEWAY_FAILURES = {IdGovUaErrorCode.UNAVAILABLE, IdGovUaErrorCode.MALFORMED}


def safe_next_url(request: HttpRequest, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _failure(request: HttpRequest, message: str, status: int, next_url: str = "") -> HttpResponse:
    retry_url = reverse("accounts:idgovua_start")
    if next_url:
        retry_url += "?" + urlencode({"next": next_url})
    return render(
        request,
        "accounts/public/idgovua_error.html",
        {"message": message, "retry_url": retry_url, "demo_mode": settings.DEMO_MODE},
        status=status,
    )


def _end_quietly(client: IdGovUaClient, session: ProviderSession) -> None:
    # The flow failed after the gateway signed the person in: do not leave that session
    # open on what may be a shared computer.
    try:
        client.logout(user_id=session.user_id, access_token=session.access_token)
    except IdGovUaError as error:
        logger.warning("id.gov.ua sign-out after a failed sign-in failed: %s", error)


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    if not is_offered():
        raise Http404
    next_url = safe_next_url(request, request.GET.get("next", ""))
    state = begin_sign_in(request, next_url)
    # One callback address whatever the page language: it is registered at id.gov.ua.
    with translation.override(settings.LANGUAGE_CODE):
        callback = request.build_absolute_uri(reverse("accounts:idgovua_callback"))
    return redirect(IdGovUaClient().authorize_url(state=state, redirect_uri=callback))


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    if not is_offered():
        raise Http404
    client = IdGovUaClient()
    next_url = ""
    provider_session: ProviderSession | None = None
    try:
        next_url = take_sign_in(request, request.GET.get("state", ""))
        gateway_error = request.GET.get("error", "")
        if gateway_error == "access_denied":
            raise IdGovUaError(IdGovUaErrorCode.DENIED)
        if gateway_error:
            raise IdGovUaError(IdGovUaErrorCode.UNAVAILABLE, f"authorize: {gateway_error[:60]}")
        code = request.GET.get("code", "")
        if not code:
            raise IdGovUaError(IdGovUaErrorCode.INVALID_CODE, "authorize: no code")
        provider_session = client.exchange_code(code)
        person = client.fetch_person(provider_session)
        person_key = person_key_for_taxpayer_number(person.taxpayer_number)
    except IdGovUaError as error:
        logger.warning("id.gov.ua sign-in failed: %s", error)
        if provider_session is not None:
            _end_quietly(client, provider_session)
        status = 502 if error.code in GATEWAY_FAILURES else 400
        return _failure(request, error.message, status, next_url)
    try:
        user = establish_identity(
            provider=IdentityProvider.ID_GOV_UA,
            person_key=person_key,
            family_name=person.family_name,
            given_name=person.given_name,
            patronymic=person.patronymic,
            birth_date=person.birth_date,
            address_text=person.address,
            request_user=request.user,
            email=person.email,
        )
    except ValidationError as error:
        _end_quietly(client, provider_session)
        return _failure(request, " ".join(error.messages), 400, next_url)
    switched = request.user.is_authenticated and request.user.pk != user.pk
    login(request, user, backend=SIGN_IN_BACKEND)
    remember_provider_session(request, provider_session)
    if switched:
        messages.success(request, _("You are now signed in to the account verified as you."))
    else:
        messages.success(request, _("Your identity is verified with id.gov.ua."))
    return redirect(next_url or "accounts:residency")
