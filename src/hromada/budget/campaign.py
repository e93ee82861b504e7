"""The information campaign of an edition: its phases as a calendar residents can read,
subscribe to and print, the countdown to the next deadline and the call to action of
the posters. Built on the clock selectors (`selectors.py`); nothing here writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from hromada.budget.models import Edition, Phase
from hromada.budget.selectors import (
    next_deadline,
    phase_closes_at,
    phase_is_open,
    phase_opens_at,
    public_editions,
)

PhaseStatus = Literal["open", "upcoming", "closed"]

# What a phase lets a resident do, one label per flag of selectors.CAPABILITIES.
CAPABILITY_LABELS = {
    "accepts_submissions": gettext_lazy("submit projects"),
    "accepts_supports": gettext_lazy("support projects"),
    "accepts_appeals": gettext_lazy("appeal a decision"),
    "accepts_votes": gettext_lazy("vote"),
    "shows_results": gettext_lazy("see the results"),
}

# Each unit of the countdown as its plural-aware pattern; "%(count)s" stays in the
# pattern so that countdown.js can fill in its own numbers with the same translations.
UNITS: dict[str, Callable[[int], str]] = {
    "day": lambda count: ngettext("%(count)s day", "%(count)s days", count),
    "hour": lambda count: ngettext("%(count)s hour", "%(count)s hours", count),
    "minute": lambda count: ngettext("%(count)s minute", "%(count)s minutes", count),
}
# A number falling in each CLDR plural category (what `Intl.PluralRules` in the browser
# returns) for the languages of the platform, Ukrainian and English: the browser picks
# the category, the server gives the translation of a number in it.
PLURAL_CATEGORY_SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 5, "other": 10}


@dataclass(frozen=True)
class PhaseRow:
    """A phase as the calendar shows it."""

    phase: Phase
    opens_at: datetime
    closes_at: datetime
    status: PhaseStatus
    allows: list[str]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def closed_early(self) -> bool:
        """Closed before the scheduled 23:59:59 of its last day."""
        return self.phase.closed_early_at is not None and self.closes_at == (
            self.phase.closed_early_at
        )

    @property
    def last_day(self) -> date:
        """The Kyiv date of the phase's last day (the day it was closed, if early)."""
        return timezone.localdate(self.closes_at)


@dataclass(frozen=True)
class Deadline:
    """The next moment something changes: an open phase closes, or the next one opens."""

    phase: Phase
    at: datetime
    is_closing: bool
    remaining: timedelta

    @property
    def countdown(self) -> str:
        return countdown_text(self.remaining)

    @property
    def iso(self) -> str:
        """For `<time datetime>` and countdown.js: Kyiv time with its offset, whole
        seconds (browsers need not parse more digits)."""
        return timezone.localtime(self.at).isoformat(timespec="seconds")


def campaign_edition(slug: str) -> Edition | None:
    """A published edition with its phases in order (the model's ordering), or None.
    Calendar clients poll the feed: only the phases are fetched, not the rest of the
    structure `public_editions` prefetches for the edition page."""
    return (
        public_editions()
        .prefetch_related(None)
        .prefetch_related("phases")
        .filter(slug=slug)
        .first()
    )


def phase_allows(phase: Phase) -> list[str]:
    return [str(label) for flag, label in CAPABILITY_LABELS.items() if getattr(phase, flag)]


def phase_status(phase: Phase, now: datetime) -> PhaseStatus:
    if phase_is_open(phase, now):
        return "open"
    return "upcoming" if now < phase_opens_at(phase) else "closed"


def phase_rows(edition: Edition, now: datetime | None = None) -> list[PhaseRow]:
    now = now or timezone.now()
    return [
        PhaseRow(
            phase=phase,
            opens_at=phase_opens_at(phase),
            closes_at=phase_closes_at(phase),
            status=phase_status(phase, now),
            allows=phase_allows(phase),
        )
        for phase in edition.phases.all()
    ]


def upcoming_deadline(edition: Edition, now: datetime | None = None) -> Deadline | None:
    """The end of the open phase that closes first, else the start of the next phase;
    None when every phase is over (or there are none)."""
    now = now or timezone.now()
    found = next_deadline(edition, now)
    if found is None:
        return None
    phase, at = found
    return Deadline(phase=phase, at=at, is_closing=phase_is_open(phase, now), remaining=at - now)


def duration_text(remaining: timedelta) -> str:
    """The two largest units that matter, rounded down: "12 days 4 hours", "3 hours 5
    minutes", "7 minutes". A zero second unit is left out ("2 days")."""
    minutes_in_all = int(remaining.total_seconds() // 60)
    days, rest = divmod(minutes_in_all, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        counts = [("day", days), ("hour", hours)]
    elif hours:
        counts = [("hour", hours), ("minute", minutes)]
    else:
        counts = [("minute", minutes)]
    return " ".join(UNITS[unit](count) % {"count": count} for unit, count in counts if count)


def countdown_text(remaining: timedelta) -> str:
    """What the countdown says; countdown.js (same rules) keeps it current."""
    if remaining.total_seconds() <= 0:
        return _("the deadline has passed")
    if remaining < timedelta(minutes=1):
        return _("less than a minute left")
    return _("%(duration)s left") % {"duration": duration_text(remaining)}


def countdown_forms() -> dict[str, object]:
    """The translations countdown.js needs to say the same as `countdown_text` later."""
    return {
        "units": {
            unit: {
                category: pattern(sample) for category, sample in PLURAL_CATEGORY_SAMPLES.items()
            }
            for unit, pattern in UNITS.items()
        },
        "left": _("%(duration)s left"),
        "soon": _("less than a minute left"),
        "passed": _("the deadline has passed"),
    }


def call_to_action(edition: Edition, now: datetime | None = None) -> str:
    """The one sentence a poster shouts, from what is open now or opens next."""
    now = now or timezone.now()
    rows = phase_rows(edition, now)
    open_rows = [row for row in rows if row.is_open]
    for flag, message in (
        ("accepts_votes", _("Vote for the projects you like until %(day)s!")),
        ("accepts_submissions", _("Propose a project for your community until %(day)s!")),
        ("accepts_supports", _("Support the projects you like until %(day)s!")),
    ):
        for row in open_rows:
            if getattr(row.phase, flag):
                return message % {"day": row.last_day.strftime("%d.%m.%Y")}
    upcoming = [row for row in rows if row.status == "upcoming"]
    submission_opens = _(
        "Think of a project for your street or village: submission opens on %(day)s."
    )
    for flag, message in (
        ("accepts_submissions", submission_opens),
        ("accepts_votes", _("Voting for the projects opens on %(day)s.")),
    ):
        for row in upcoming:
            if getattr(row.phase, flag):
                return message % {"day": row.phase.starts_on.strftime("%d.%m.%Y")}
    if any(row.phase.shows_results for row in open_rows):
        return _("See which projects won and follow how they are delivered.")
    return _("Residents propose projects and vote for them: see how the community decides.")


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"
