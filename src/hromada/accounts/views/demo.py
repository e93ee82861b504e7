"""Demo-only pages: they answer 404 unless DEMO_MODE is on."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hromada.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from hromada.accounts.enums import Role
from hromada.accounts.selectors import user_by_email


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
