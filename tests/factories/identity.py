"""Settlements, verified identities and residency claims for tests. Identities are made
through the service, as the flows make them."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.accounts.enums import IdentityProvider, ResidencyBasis, SettlementKind
from hromada.accounts.identity.person_key import demo_person_key
from hromada.accounts.models import ResidencyClaim, Settlement, User, VerifiedIdentity
from hromada.accounts.services import (
    establish_identity,
    save_settlement,
    submit_residency_proof,
)

_numbers = itertools.count(1)

# Valid taxpayer numbers (check digit correct) and the birth dates they encode.
OLENA_NUMBER = "3111901237"  # 14.03.1985
PETRO_NUMBER = "3287345675"  # 01.01.1990
LEAP_DAY_NUMBER = "3658411129"  # 29.02.2000


def make_settlement(name_uk: str = "Здолбунів", **values: Any) -> Settlement:
    number = next(_numbers)
    values.setdefault("code", f"UA0000000000000{number:04d}")
    values.setdefault("kind", SettlementKind.VILLAGE)
    return save_settlement(actor=None, name_uk=name_uk, **values)


def make_identity(
    user: User | None = None,
    *,
    source: str | None = None,
    family_name: str = "Коваленко",
    given_name: str = "Олена",
    patronymic: str = "Петрівна",
    birth_date: date | None = date(1985, 3, 14),
    address_text: str = "",
) -> VerifiedIdentity:
    """A demo-keyed identity (linked to `user` when given, else a new account)."""
    key = demo_person_key(source or f"test-person-{next(_numbers)}")
    account = establish_identity(
        provider=IdentityProvider.DEMO,
        person_key=key,
        family_name=family_name,
        given_name=given_name,
        patronymic=patronymic,
        birth_date=birth_date,
        address_text=address_text,
        request_user=user,
    )
    return VerifiedIdentity.objects.get(user=account)


PDF_PROOF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_proof_claim(identity: VerifiedIdentity | None = None) -> ResidencyClaim:
    """A pending residency claim with a small PDF proof (stored under MEDIA_ROOT)."""
    identity = identity or make_identity()
    return submit_residency_proof(
        identity=identity,
        basis=ResidencyBasis.WORK,
        settlement=make_settlement(),
        file=SimpleUploadedFile("proof.pdf", PDF_PROOF),
        actor=identity.user,
    )
