"""An edition open for voting, with admitted projects and a commission key, and ballots
cast through the real service."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils import timezone

from hromada.accounts.models import Settlement, User
from hromada.budget.enums import ProjectState
from hromada.budget.models import Edition, Project
from hromada.voting.eligibility import Voter
from hromada.voting.enums import Channel
from hromada.voting.sealing import KeyPair, generate_key_pair
from hromada.voting.services.casting import Receipt, cast_ballot
from hromada.voting.services.keys import register_public_key
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, settlement
from tests.factories.budget_projects import make_project


@cache
def commission_key_pair() -> KeyPair:
    """One key pair per test process (generating RSA keys is slow)."""
    return generate_key_pair()


def town() -> Settlement:
    return settlement()


def village() -> Settlement:
    from hromada.accounts.enums import SettlementKind

    return settlement("UA56020090020", "Богдашів", kind=SettlementKind.VILLAGE)


def voting_edition(*, projects: bool = True, key: bool = True, **settings: Any) -> Edition:
    """An edition whose voting phase is open today (day 4 of 21). Projects, when asked:
    small pool 40 000 / 60 000 / 90 000 (numbers 1-3), large pool 250 000 (4), villages
    pool 45 000 (5, territorial: residents of Богдашів only)."""
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=80), **settings)
    if projects:
        for title, pool, cost in (
            ("Лавки у сквері", "small", "40000"),
            ("Велопарковка біля школи", "small", "60000"),
            ("Освітлення стадіону", "small", "90000"),
            ("Дитячий майданчик", "large", "250000"),
            ("Зупинка в Богдашеві", "villages", "45000"),
        ):
            make_project(
                edition,
                state=ProjectState.ADMITTED,
                title=title,
                pool_code=pool,
                cost_items=[("Роботи", "посл.", Decimal("1"), Decimal(cost))],
            )
    if key:
        register_public_key(
            edition=edition,
            public_key_pem=commission_key_pair().public_key_pem,
            parts=1,
            actor=make_user(),
        )
    return edition


def project_by_number(edition: Edition, number: int) -> Project:
    return Project.objects.get(edition=edition, number=number)


def voter(
    *,
    person_key: str | None = None,
    birth_date: date = date(1990, 5, 17),
    settlement_obj: Settlement | None = None,
) -> Voter:
    return Voter(
        person_key=person_key or secrets.token_hex(32),
        birth_date=birth_date,
        settlement_ids={(settlement_obj or town()).pk},
    )


def cast(
    edition: Edition,
    chosen: Mapping[int, int],
    *,
    who: Voter | None = None,
    channel: str = Channel.ONLINE,
    operator: User | None = None,
    **options: Any,
) -> Receipt:
    """Cast through the service; `chosen` maps project numbers (not ids) to points."""
    by_number = {p.number: p.pk for p in Project.objects.filter(edition=edition)}
    return cast_ballot(
        edition=edition,
        voter=who or voter(),
        chosen={by_number[number]: points for number, points in chosen.items()},
        channel=channel,
        idempotency_key=secrets.token_urlsafe(24),
        actor=operator,
        operator=operator,
        **options,
    )
