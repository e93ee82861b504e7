"""Public pages of the participatory budget."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.budget.models import Edition
from hromada.budget.panels import edition_panels
from hromada.budget.selectors import (
    current_edition,
    has_voting_opened,
    is_open_for,
    next_deadline,
    phase_closes_at,
    phase_is_open,
    public_editions,
)
from hromada.programmes.templatetags.programmes_format import uah


def _next_deadline(found: Edition, now: datetime) -> dict[str, Any] | None:
    upcoming = next_deadline(found, now)
    if upcoming is None:
        return None
    phase, when = upcoming
    return {"phase": phase, "when": when, "is_open": phase_is_open(phase, now)}


def current(request: HttpRequest) -> HttpResponse:
    edition = current_edition()
    if edition is None:
        return render(request, "budget/public/no_edition.html")
    return redirect(edition.get_absolute_url())


def edition(request: HttpRequest, edition: str) -> HttpResponse:
    found = public_editions().filter(slug=edition).first()
    if found is None:
        raise Http404
    now = timezone.now()
    phases = [
        {"phase": phase, "is_open": phase_is_open(phase, now), "closes_at": phase_closes_at(phase)}
        for phase in found.phases.all()
    ]
    return render(
        request,
        "budget/public/edition.html",
        {
            "edition": found,
            "phases": phases,
            "next_deadline": _next_deadline(found, now),
            "other_editions": [e for e in public_editions() if e.pk != found.pk],
            "voting_open": is_open_for(found, "accepts_votes", now),
            "voting_started": has_voting_opened(found, now),
            "panels": edition_panels(request, found),
            "og": {
                "title": found.title,
                "description": _(
                    "Residents propose projects and vote for them: %(total)s this year."
                )
                % {"total": uah(found.total_amount)},
            },
        },
    )
