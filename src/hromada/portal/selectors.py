"""What the home page composes from the other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.budget.enums import PhaseKind
from hromada.budget.selectors import open_phases, public_editions
from hromada.programmes.selectors import programmes_in_force


@dataclass(frozen=True)
class OpenItem:
    title: str
    description: str
    url: str


def open_now() -> list[OpenItem]:
    """Everything a resident can take part in today: the open phases of published
    participatory-budget editions, then the programmes in force. (Contest calls join
    this list when their app arrives.)"""
    today = timezone.localdate()
    now = timezone.now()
    budget = [
        OpenItem(
            title=f"{edition.title}: {phase.get_kind_display()}",
            description=_("until %(day)s") % {"day": phase.ends_on.strftime("%d.%m.%Y")},
            url=edition.get_absolute_url(),
        )
        for edition in public_editions()
        for phase in open_phases(edition, now)
        if phase.kind != PhaseKind.IMPLEMENTATION
    ]
    return budget + [
        OpenItem(
            title=str(programme.title),
            description="",
            url=programme.get_absolute_url(),
        )
        for programme in programmes_in_force(today)
    ]
