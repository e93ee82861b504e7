from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hromada.core.access import staff_view
from hromada.programmes.models import Programme


@staff_view("programmes.view_programme_staff")
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request, "programmes/staff/overview.html", {"programmes": Programme.objects.all()}
    )
