"""Writes about user accounts: registration, profile, password. Each leaves an
audit-trail row."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hromada.accounts.models import User
from hromada.core.activity import changed_fields, log_activity, snapshot

PROFILE_FIELDS = ("full_name", "phone", "preferred_language")


def register_user(
    *,
    email: str,
    password: str | None,
    full_name: str,
    preferred_language: str = "uk",
    actor: User | None = None,
    **extra: Any,
) -> User:
    """Create an account (used by signup, the admin command and demo data)."""
    with transaction.atomic():
        user = User.objects.create_user(
            email=email,
            password=password,
            full_name=full_name,
            preferred_language=preferred_language,
            **extra,
        )
        log_activity(
            actor=actor,
            action="accounts.user.registered",
            target=user,
            after=snapshot(user, PROFILE_FIELDS),
        )
    return user


def update_profile(*, user: User, actor: User, **values: Any) -> User:
    with transaction.atomic():
        before = snapshot(user, PROFILE_FIELDS)
        for field in PROFILE_FIELDS:
            if field in values:
                setattr(user, field, values[field])
        user.full_clean(exclude=["password", "email"])
        user.save(update_fields=[field for field in PROFILE_FIELDS if field in values])
        after = snapshot(user, PROFILE_FIELDS)
        if changed_fields(before, after):
            log_activity(
                actor=actor,
                action="accounts.user.profile_updated",
                target=user,
                before=before,
                after=after,
            )
    return user


def record_password_change(*, user: User) -> None:
    log_activity(actor=user, action="accounts.user.password_changed", target=user)
