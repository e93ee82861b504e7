"""Establishing who a resident is, from an identity provider's answer.

The caller passes the person key (never the taxpayer number) and the provider's address
text, which is matched to a settlement and then forgotten: neither the number nor the
address is stored or written to the audit trail.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.enums import (
    IdentityProvider,
    ResidencyBasis,
    ResidencyMethod,
    ResidencyStatus,
)
from hromada.accounts.identity.address import match_settlement
from hromada.accounts.models import ResidencyClaim, Settlement, User, VerifiedIdentity
from hromada.accounts.selectors import active_settlements
from hromada.accounts.services.residency import claim_snapshot
from hromada.accounts.services.users import register_user
from hromada.core.activity import json_safe, log_activity

# Accounts created from an identity without a usable e-mail address get one under this
# reserved domain (RFC 2606: never deliverable); the resident can change it later.
PLACEHOLDER_EMAIL_DOMAIN = "identity.invalid"
NAME_LENGTH = 100


def identity_snapshot(identity: VerifiedIdentity) -> dict[str, Any]:
    # Names under "full_name" and the birth date are masked for auditors (core.masking).
    return json_safe(
        {
            "provider": identity.provider,
            "full_name": identity.full_name,
            "birth_date": identity.birth_date,
            "settlement": identity.settlement_id,
        }
    )


def _email_is_free(email: str) -> bool:
    return not User.objects.filter(email__iexact=email).exists()


def account_email(provider_email: str, person_key: str) -> str:
    """The provider's e-mail address if it is valid and no account uses it yet, else a
    non-deliverable placeholder derived from the person key."""
    candidate = provider_email.strip().lower()
    if candidate:
        try:
            validate_email(candidate)
        except ValidationError:
            candidate = ""
    if candidate and _email_is_free(candidate):
        return candidate
    for length in (16, 32, 64):
        placeholder = f"{person_key[:length]}@{PLACEHOLDER_EMAIL_DOMAIN}"
        if _email_is_free(placeholder):
            return placeholder
    raise ValidationError(_("An account for this person cannot be created."), code="email")


def _confirm_registered_address(identity: VerifiedIdentity, settlement: Settlement) -> None:
    """An approved claim from the provider's address, once per settlement."""
    if ResidencyClaim.objects.filter(
        identity=identity,
        method=ResidencyMethod.PROVIDER_ADDRESS,
        settlement=settlement,
        status=ResidencyStatus.APPROVED,
    ).exists():
        return
    claim = ResidencyClaim.objects.create(
        identity=identity,
        basis=ResidencyBasis.REGISTERED,
        method=ResidencyMethod.PROVIDER_ADDRESS,
        settlement=settlement,
        status=ResidencyStatus.APPROVED,
        decided_at=timezone.now(),
    )
    log_activity(
        actor=identity.user,
        action="accounts.residency.confirmed_from_address",
        target=claim,
        after=claim_snapshot(claim),
    )


def _establish(
    *,
    provider: str,
    person_key: str,
    names: tuple[str, str, str],
    birth_date: date | None,
    address_text: str,
    request_user: Any,
    email: str,
) -> User:
    family_name, given_name, patronymic = names
    settlement = match_settlement(address_text, active_settlements(), settings.COMMUNITY_NAME_UK)
    identity = (
        VerifiedIdentity.objects.select_for_update()
        .select_related("user")
        .filter(person_key=person_key)
        .first()
    )
    signed_in = request_user if getattr(request_user, "is_authenticated", False) else None
    if identity is not None:
        user = identity.user
        if not user.is_active:
            raise ValidationError(
                _("This account is deactivated. Please contact the council."), code="inactive"
            )
        before: dict[str, Any] | None = identity_snapshot(identity)
        action = "accounts.identity.renewed"
    else:
        before = None
        action = "accounts.identity.established"
        if signed_in is not None:
            if VerifiedIdentity.objects.filter(user=signed_in).exists():
                raise ValidationError(
                    _(
                        "Your account is already verified as another person. Sign out "
                        "first to verify someone else."
                    ),
                    code="other_identity",
                )
            user = signed_in
        else:
            full_name = " ".join(part for part in names if part)
            user = register_user(
                email=account_email(email, person_key), password=None, full_name=full_name
            )
        identity = VerifiedIdentity(user=user, person_key=person_key)
    identity.provider = provider
    identity.family_name = family_name[:NAME_LENGTH]
    identity.given_name = given_name[:NAME_LENGTH]
    identity.patronymic = patronymic[:NAME_LENGTH]
    identity.birth_date = birth_date
    identity.settlement = settlement
    identity.verified_at = timezone.now()
    identity.save()
    log_activity(
        actor=user, action=action, target=identity, before=before, after=identity_snapshot(identity)
    )
    if settlement is not None:
        _confirm_registered_address(identity, settlement)
    return user


def establish_identity(
    *,
    provider: str,
    person_key: str,
    family_name: str,
    given_name: str,
    patronymic: str,
    birth_date: date | None,
    address_text: str,
    request_user: Any,
    email: str = "",
) -> User:
    """The account of the person with this key, after recording what the provider says.

    - A known person key: its account (names, birth date and matched settlement are
      refreshed on every sign-in).
    - A new key and a signed-in user without an identity: linked to that user. A signed-in
      user who already has another identity is refused (ValidationError).
    - A new key and nobody signed in: a new account, with the provider's e-mail address
      when it is free, else `<16 hex of the key>@identity.invalid`.

    When the address matches a settlement of the community (identity.address), an
    approved residency claim (registered, from the provider's address) is recorded.
    """
    if provider not in IdentityProvider.values:
        raise ValueError(f"unknown identity provider {provider!r}")
    if len(person_key) != 64:
        raise ValueError("a person key is 64 hexadecimal characters")
    names = (
        " ".join(family_name.split()),
        " ".join(given_name.split()),
        " ".join(patronymic.split()),
    )
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _establish(
                    provider=provider,
                    person_key=person_key,
                    names=names,
                    birth_date=birth_date,
                    address_text=address_text,
                    request_user=request_user,
                    email=email,
                )
        except IntegrityError:
            # The same person finishing two sign-ins at once: the second one finds the
            # identity the first created.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
