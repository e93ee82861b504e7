from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from hromada.programmes.models import Programme
from hromada.programmes.selectors import current_programme, programme_structure


def current(request: HttpRequest) -> HttpResponse:
    programme = current_programme()
    if programme is None:
        raise Http404
    return detail(request, programme.slug)


def detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = programme_structure(get_object_or_404(Programme, slug=slug))
    return render(request, "programmes/public/detail.html", {"programme": programme})
