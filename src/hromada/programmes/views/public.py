from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from hromada.programmes.models import Programme
from hromada.programmes.selectors import (
    current_programme,
    planned_totals,
    programme_structure,
    programme_structure_by_slug,
)


def current(request: HttpRequest) -> HttpResponse:
    programme = current_programme()
    if programme is None:
        raise Http404
    return _programme_page(request, programme_structure(programme))


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_structure_by_slug(slug)
    if programme is None:
        raise Http404
    return _programme_page(request, programme)


def _programme_page(request: HttpRequest, programme: Programme) -> HttpResponse:
    return render(
        request,
        "programmes/public/detail.html",
        {"programme": programme, "totals": planned_totals(programme)},
    )
