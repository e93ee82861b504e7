"""The information campaign of a published edition: the phase calendar with its
countdown, the iCalendar feed and the printable poster and flyers."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from hromada.budget.campaign import (
    campaign_edition,
    countdown_forms,
    phase_rows,
    site_host,
    upcoming_deadline,
)
from hromada.budget.ical import edition_calendar
from hromada.budget.models import Edition
from hromada.budget.posters import flyer_pdf, poster_pdf
from hromada.core.documents import pdf_response
from hromada.core.links import absolute_url

ICS_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _edition_or_404(slug: str) -> Edition:
    found = campaign_edition(slug)
    if found is None:
        raise Http404
    return found


def _inline(response: HttpResponse) -> HttpResponse:
    # A poster opens in the browser's viewer, ready to print, rather than downloading.
    response["Content-Disposition"] = response["Content-Disposition"].replace(
        "attachment", "inline", 1
    )
    return response


@require_safe
def calendar(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition_or_404(edition)
    now = timezone.now()
    rows = phase_rows(found, now)
    return render(
        request,
        "budget/public/calendar.html",
        {
            "edition": found,
            "rows": rows,
            "open_rows": [row for row in rows if row.is_open],
            "deadline": upcoming_deadline(found, now),
            "countdown_forms": json.dumps(countdown_forms(), ensure_ascii=False),
            "ics_url": absolute_url(reverse("budget:calendar_ics", kwargs={"edition": found.slug})),
        },
    )


@require_safe
def calendar_ics(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition_or_404(edition)
    page_url = absolute_url(reverse("budget:calendar", kwargs={"edition": found.slug}))
    content = edition_calendar(found, page_url=page_url, host=site_host())
    response = HttpResponse(content.encode("utf-8"), content_type=ICS_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="budget-{found.slug}.ics"'
    return response


@require_safe
def poster(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition_or_404(edition)
    content = poster_pdf(found, absolute_url(found.get_absolute_url()))
    return _inline(pdf_response(f"poster-{found.slug}.pdf", content))


@require_safe
def flyer(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition_or_404(edition)
    content = flyer_pdf(found, absolute_url(found.get_absolute_url()))
    return _inline(pdf_response(f"flyers-{found.slug}.pdf", content))
