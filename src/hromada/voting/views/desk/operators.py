"""The per-operator tally (ballots entered per day, never per project) and the lock
page of an idle desk."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from hromada.budget.rules import coordinates, is_administrator, is_auditor, sits_on_commission
from hromada.budget.views.staff_editions import actor_of, edition_for
from hromada.core.access import staff_view
from hromada.voting.desk_forms import UnlockForm
from hromada.voting.desk_lock import (
    FAILED_UNLOCKS,
    desk_view,
    is_locked,
    lock,
    safe_return_path,
    unlock,
)
from hromada.voting.enums import Channel
from hromada.voting.models import VoterRecord
from hromada.voting.views.desk.common import VIEW, desk_page, see_other

# Who sees the tally of every operator of an edition; a desk operator sees their own.
SEES_EVERY_OPERATOR = is_administrator | is_auditor | coordinates | sits_on_commission


@staff_view(VIEW)
@require_GET
@desk_view()
@never_cache
def tally(request: HttpRequest, edition: str) -> HttpResponse:
    """Ballots entered per day and operator, at the desk and from paper forms. An
    operator sees their own; coordinators, the commission, auditors and administrators
    see every operator of the edition. Never anything per project."""
    found = edition_for(request, edition, VIEW)
    sees_all = SEES_EVERY_OPERATOR.test(request.user, found)
    records = VoterRecord.objects.filter(
        edition=found, channel__in=[Channel.DESK, Channel.PAPER]
    ).order_by()
    if not sees_all:
        records = records.filter(desk_operator=actor_of(request))
    rows = list(
        records.values("cast_on", "desk_operator", "desk_operator__full_name")
        .annotate(
            desk=Count("pk", filter=Q(channel=Channel.DESK)),
            paper=Count("pk", filter=Q(channel=Channel.PAPER)),
            total=Count("pk"),
        )
        .order_by("-cast_on", "desk_operator__full_name", "desk_operator")
    )
    totals = {
        "desk": sum(row["desk"] for row in rows),
        "paper": sum(row["paper"] for row in rows),
        "total": sum(row["total"] for row in rows),
    }
    return desk_page(
        request,
        "voting/desk/tally.html",
        found,
        {"rows": rows, "totals": totals, "sees_all": sees_all},
    )


@staff_view(VIEW)
@require_http_methods(["GET", "POST"])
@never_cache
def locked(request: HttpRequest) -> HttpResponse:
    """The lock page. GET locks the desk (desk.js comes here after the idle time, the
    operator may lock it on leaving); the operator's password opens it again. After
    LOGIN_FAILURES_PER_ACCOUNT wrong passwords the session is signed out, so guessing
    goes through the sign-in page and its limits."""
    session = request.session
    if request.method == "GET":
        if not is_locked(session):
            lock(request, safe_return_path(request, request.GET.get("next")))
        return render(request, "voting/desk/locked.html", {"form": UnlockForm()})
    form = UnlockForm(request.POST)
    if form.is_valid():
        if request.user.check_password(form.cleaned_data["password"]):
            back = unlock(request)
            return see_other(back or reverse("portal:staff_dashboard"))
        failures = int(session.get(FAILED_UNLOCKS, 0)) + 1
        session[FAILED_UNLOCKS] = failures
        if failures >= settings.LOGIN_FAILURES_PER_ACCOUNT:
            logout(request)
            return redirect_to_login(reverse("voting:desk_locked"))
        form.add_error("password", _("The password is not correct."))
    return render(request, "voting/desk/locked.html", {"form": form}, status=400)
