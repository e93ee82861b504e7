"""Reads of the participatory budget. "What is open now" is a function of the clock."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from hromada.budget.calendar import end_of, start_of
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition, Phase

CAPABILITIES = (
    "accepts_submissions",
    "accepts_supports",
    "accepts_appeals",
    "accepts_votes",
    "shows_results",
)


def phase_opens_at(phase: Phase) -> datetime:
    return start_of(phase.starts_on)


def phase_closes_at(phase: Phase) -> datetime:
    """When the phase stops: 23:59:59 of its end date, or when it was closed early."""
    scheduled = end_of(phase.ends_on)
    if phase.closed_early_at is not None and phase.closed_early_at < scheduled:
        return phase.closed_early_at
    return scheduled


def phase_is_open(phase: Phase, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return phase_opens_at(phase) <= now <= phase_closes_at(phase)


def open_phases(edition: Edition, now: datetime | None = None) -> list[Phase]:
    return [phase for phase in edition.phases.all() if phase_is_open(phase, now)]


def is_open_for(edition: Edition, capability: str, now: datetime | None = None) -> bool:
    """True while a phase of the edition that allows this (e.g. `accepts_submissions`)
    is open."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    return any(getattr(phase, capability) for phase in open_phases(edition, now))


def phase_of_kind(edition: Edition, kind: str) -> Phase | None:
    for phase in edition.phases.all():
        if phase.kind == kind:
            return phase
    return None


def has_voting_opened(edition: Edition, now: datetime | None = None) -> bool:
    """Once the voting phase has begun, the rules that decide the outcome are frozen."""
    now = now or timezone.now()
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    return voting is not None and phase_opens_at(voting) <= now


def next_deadline(edition: Edition, now: datetime | None = None) -> tuple[Phase, datetime] | None:
    """The open phase that closes first, or the next one to open."""
    now = now or timezone.now()
    candidates = [(phase_closes_at(p), p) for p in edition.phases.all() if phase_is_open(p, now)]
    if candidates:
        closes, phase = min(candidates, key=lambda pair: pair[0])
        return phase, closes
    upcoming = [(phase_opens_at(p), p) for p in edition.phases.all() if phase_opens_at(p) > now]
    if upcoming:
        opens, phase = min(upcoming, key=lambda pair: pair[0])
        return phase, opens
    return None


def editions_with_structure() -> QuerySet[Edition]:
    return Edition.objects.prefetch_related(
        Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "pk")),
        "pools__territory",
        "categories",
        "territories__settlements",
    ).select_related("measure")


def public_editions() -> QuerySet[Edition]:
    return editions_with_structure().filter(is_published=True)


def current_edition(now: datetime | None = None) -> Edition | None:
    """The published edition residents should see at /budget/: the latest one whose
    first phase has begun, or else the next to begin."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    editions = list(public_editions())
    started = [
        edition
        for edition in editions
        if any(phase.starts_on <= today for phase in edition.phases.all())
    ]
    if started:
        return max(started, key=lambda e: min(p.starts_on for p in e.phases.all()))
    return editions[-1] if editions else None
