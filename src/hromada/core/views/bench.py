"""The baseline endpoint of `bench/vote_load.py`, mounted at /bench/insert/ only with
BENCH_ENDPOINTS=1. It costs what every signed-in POST costs (the same process, settings
and middleware: session, user, CSRF) plus one inserted row in a transaction, so the
benchmark can say how much the real cast adds on top. The table is the benchmark's own
(`bench_row`, created by the script), not part of the schema."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST


@require_POST
@login_required
def insert(request: HttpRequest) -> HttpResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_row DEFAULT VALUES")
    response = HttpResponseRedirect(reverse("portal:home"))
    response.status_code = 303  # like the cast: POST, then See Other
    return response
