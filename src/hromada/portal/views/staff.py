from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hromada.core.access import staff_view
from hromada.portal.dashboard import dashboard_for


@staff_view("core.view_staff_area")
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/staff/dashboard.html", dashboard_for(request.user))
