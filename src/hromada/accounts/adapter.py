"""Hooks into django-allauth: our user fields, the audit trail, the lock-out message,
and signing out at id.gov.ua too."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from hromada.accounts.identity.provider_session import end_provider_session
from hromada.accounts.models import User
from hromada.accounts.services import PROFILE_FIELDS, record_password_change
from hromada.core.activity import log_activity, snapshot


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": ngettext_lazy(
            "Too many failed sign-in attempts for this account. For your safety, signing in "
            "to it is paused for %(minutes)d minute. Try again later, or reset your password.",
            "Too many failed sign-in attempts for this account. For your safety, signing in "
            "to it is paused for %(minutes)d minutes. Try again later, or reset your password.",
            "minutes",
        ),
        "email_password_mismatch": _("The e-mail address or the password is not correct."),
    }

    def validation_error(self, code: str, *args: Any) -> Any:
        if code == "too_many_login_attempts":
            from django.core.exceptions import ValidationError

            message = self.error_messages[code] % {"minutes": settings.LOGIN_LOCKOUT_MINUTES}
            return ValidationError(message, code=code)
        return super().validation_error(code, *args)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.preferred_language = data.get("preferred_language") or "uk"
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                log_activity(
                    actor=None,
                    action="accounts.user.registered",
                    target=user,
                    after=snapshot(user, PROFILE_FIELDS),
                )
        return user

    def set_password(self, user: Any, password: str) -> None:
        with transaction.atomic():
            super().set_password(user, password)
            if isinstance(user, User):
                record_password_change(user=user)

    def logout(self, request: HttpRequest) -> None:
        # Before the session is flushed: it holds the gateway's user id and token.
        end_provider_session(request)
        super().logout(request)
