"""What the home page composes from the other apps."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from hromada.programmes.selectors import programmes_in_force


@dataclass(frozen=True)
class OpenItem:
    title: str
    description: str
    url: str


def open_now() -> list[OpenItem]:
    """Everything a resident can take part in today. Participatory-budget phases and
    contest calls join this list when their apps arrive; for now, programmes in force."""
    today = timezone.localdate()
    return [
        OpenItem(
            title=str(programme.title),
            description="",
            url=programme.get_absolute_url(),
        )
        for programme in programmes_in_force(today)
    ]
