"""Demo-only pages: they answer 404 unless DEMO_MODE is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from hromada.accounts.enums import IdentityProvider, Role
from hromada.accounts.identity.demo_residents import DEMO_RESIDENTS, demo_resident
from hromada.accounts.identity.person_key import demo_person_key
from hromada.accounts.selectors import user_by_email
from hromada.accounts.services.identity import establish_identity
from hromada.accounts.views.idgovua import SIGN_IN_BACKEND


def _require_demo() -> None:
    if not settings.DEMO_MODE:
        raise Http404


def demo_accounts(request: HttpRequest) -> HttpResponse:
    _require_demo()
    accounts = [
        {"account": account, "role_label": Role(account.role).label} for account in DEMO_ACCOUNTS
    ]
    return render(
        request,
        "accounts/public/demo_accounts.html",
        {"accounts": accounts, "password": DEMO_PASSWORD},
    )


@require_POST
def demo_sign_in(request: HttpRequest, role: str) -> HttpResponse:
    _require_demo()
    account = next((account for account in DEMO_ACCOUNTS if account.role == role), None)
    user = user_by_email(account.email) if account else None
    if user is None:
        raise Http404
    login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
    if role == Role.RESIDENT:
        return redirect("accounts:profile")
    return redirect("portal:staff_dashboard")


def demo_identities(request: HttpRequest) -> HttpResponse:
    """The demo identity provider: fictional residents to verify as."""
    _require_demo()
    today = timezone.localdate()
    residents = [
        {"resident": resident, "birth_date": resident.birth_date(today)}
        for resident in DEMO_RESIDENTS
    ]
    return render(
        request,
        "accounts/public/demo_identity.html",
        {"residents": residents, "next": _safe_next(request, request.GET.get("next", ""))},
    )


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else ""


@require_POST
def demo_identity_sign_in(request: HttpRequest, resident: str) -> HttpResponse:
    _require_demo()
    found = demo_resident(resident)
    if found is None:
        raise Http404
    try:
        user = establish_identity(
            provider=IdentityProvider.DEMO,
            person_key=demo_person_key(found.slug),
            family_name=found.family_name,
            given_name=found.given_name,
            patronymic=found.patronymic,
            birth_date=found.birth_date(timezone.localdate()),
            address_text=found.address,
            request_user=request.user,
            email=found.email,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("accounts:demo_identity")
    login(request, user, backend=SIGN_IN_BACKEND)
    messages.success(request, _("You are verified as a demo resident."))
    return redirect(_safe_next(request, request.POST.get("next", "")) or "accounts:residency")
