"""Demo voting, built through the services: the closed 2024 edition gets a few hundred
ballots of fictional residents (online and at the desk) spread over its voting days, is
counted and approved by the commission, so /budget/2024/results/ shows real results
and published ballot files; the current edition gets a commission key so that anyone
trying the platform can vote with a demo resident. Idempotent."""

from __future__ import annotations

import random
import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from hromada.accounts.identity.person_key import demo_person_key
from hromada.accounts.models import Settlement, User
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition, Project
from hromada.budget.selectors import phase_closes_at, phase_of_kind, phase_opens_at
from hromada.voting.ballot import ballot_projects
from hromada.voting.eligibility import Voter, pools_for
from hromada.voting.enums import Channel
from hromada.voting.models import CommissionKey, ResultsSnapshot, VoterRecord
from hromada.voting.sealing import generate_key_pair
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.casting import cast_ballot
from hromada.voting.services.counting import count_edition
from hromada.voting.services.keys import register_public_key

PAST_BALLOTS = 360
DESK_SHARE = 0.2


def _ensure_key(edition: Edition, actor: User) -> bool:
    """A key pair whose private half is thrown away: the demo never annuls."""
    if CommissionKey.objects.filter(edition=edition).exists():
        return False
    register_public_key(
        edition=edition,
        public_key_pem=generate_key_pair().public_key_pem,
        parts=1,
        actor=actor,
    )
    return True


def _at(day: date, rng: random.Random) -> datetime:
    moment = time(hour=rng.randrange(8, 22), minute=rng.randrange(60))
    return timezone.make_aware(datetime.combine(day, moment))


def _birth_date(rng: random.Random, today: date) -> date:
    # Ages from 16 to 85, more of them in the middle.
    age = min(85, max(16, int(rng.gauss(42, 16))))
    return today.replace(year=today.year - age) - timedelta(days=rng.randrange(1, 360))


def _choices(
    rng: random.Random, projects: list[Project], allowed_pools: set[int], allowance: int
) -> dict[int, int]:
    # Some projects are much more popular than others, so the count has winners, losers
    # and a project that does not fit.
    candidates = [p for p in projects if p.pool_id in allowed_pools]
    weights = [1 + (p.number or 1) * 7 % 11 for p in candidates]
    how_many = min(len(candidates), rng.randint(1, allowance))
    chosen: dict[int, int] = {}
    while len(chosen) < how_many:
        chosen[rng.choices(candidates, weights)[0].pk] = 1
    return chosen


def _cast_past(edition: Edition, desk_operator: User) -> int:
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    assert voting is not None
    # Reproducible fictional data, not a secret: a seeded generator on purpose.
    rng = random.Random(f"hromada-demo-{edition.slug}")  # noqa: S311
    settlements = list(Settlement.objects.filter(is_active=True).order_by("code"))
    projects = ballot_projects(edition)
    days = (voting.ends_on - voting.starts_on).days + 1
    for number in range(PAST_BALLOTS):
        # More settlements in the town than in the villages.
        settlement = settlements[0] if rng.random() < 0.7 else rng.choice(settlements)
        day = voting.starts_on + timedelta(days=min(days - 1, int(rng.expovariate(0.15))))
        now = _at(day, rng)
        voter = Voter(
            person_key=demo_person_key(f"voter-{edition.slug}-{number}"),
            birth_date=_birth_date(rng, day),
            settlement_ids={settlement.pk},
        )
        at_desk = rng.random() < DESK_SHARE
        allowed = {pool.pk for pool in pools_for(edition, voter.settlement_ids)}
        cast_ballot(
            edition=edition,
            voter=voter,
            chosen=_choices(rng, projects, allowed, edition.votes_per_voter),
            channel=Channel.DESK if at_desk else Channel.ONLINE,
            idempotency_key=secrets.token_urlsafe(24),
            actor=desk_operator if at_desk else None,
            operator=desk_operator if at_desk else None,
            now=now,
        )
    return PAST_BALLOTS


def seed_voting(staff_emails: dict[str, str]) -> list[str]:
    staff = {role: User.objects.get(email=email) for role, email in staff_emails.items()}
    log: list[str] = []
    with transaction.atomic():
        past = Edition.objects.filter(slug="2024").first()
        if past is not None and not VoterRecord.objects.filter(edition=past).exists():
            _ensure_key(past, staff["coordinator"])
            cast = _cast_past(past, staff["desk"])
            voting = phase_of_kind(past, PhaseKind.VOTING)
            assert voting is not None
            counted_at = phase_closes_at(voting) + timedelta(days=2)
            snapshot = count_edition(edition=past, actor=staff["coordinator"], now=counted_at)
            approve_snapshot(
                snapshot=snapshot,
                protocol_number="4",
                decided_on=counted_at.date() + timedelta(days=3),
                members_present="Ковальчук О. П. (голова)\nМельник І. В.\nБондар Н. С.\n"
                "Ткачук А. Р.\nСавчук Л. М.",
                votes_for=5,
                votes_against=0,
                votes_abstained=0,
                actor=staff["commission"],
            )
            log.append(f"voting 2024: {cast} ballots counted and approved")
        elif past is not None:
            log.append(
                "voting 2024: already counted "
                f"({ResultsSnapshot.objects.filter(edition=past).count()} count(s))"
            )
        year = str(timezone.localdate().year)
        current = Edition.objects.filter(slug=year).first()
        if current is not None and _ensure_key(current, staff["coordinator"]):
            voting = phase_of_kind(current, PhaseKind.VOTING)
            opens = phase_opens_at(voting).date() if voting else None
            log.append(f"voting {year}: commission key registered; voting opened on {opens}")
    return log
