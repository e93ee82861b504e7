"""Live entry with the person present: the document (step 1), the choices keyed by the
operator (2), the read-back (3), the cast and the receipt (4).

The document number becomes the person key in the form and goes nowhere else: the
session holds only the person key, birth date, settlement and a random desk id of the
person being served."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.accounts.models import Settlement
from hromada.budget.enums import BallotKind
from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import actor_of, edition_for
from hromada.core.access import staff_view
from hromada.voting.ballot import ballot_projects
from hromada.voting.desk_forms import IdentifyForm, chosen_from_numbers, typed_numbers_to_keep
from hromada.voting.desk_lock import LAST_RECEIPT, PENDING_PERSON, desk_view, forget_person
from hromada.voting.eligibility import Voter, desk_voter, window_problems
from hromada.voting.enums import Channel
from hromada.voting.forms import (
    BallotTokenError,
    chosen_from_post,
    new_idempotency_key,
    read_ballot,
    sign_ballot,
)
from hromada.voting.services.casting import (
    already_voted_message,
    cast_ballot,
    earlier_receipt,
    existing_record,
)
from hromada.voting.views.desk.common import (
    ENTER,
    ballot_problems,
    ballot_rules_context,
    code_of,
    desk_page,
    desk_start,
    ids_by_number,
    see_other,
)
from hromada.voting.views.public import ballot_sections, chosen_sections


def _refused(
    request: HttpRequest, edition: Edition, problems: list[str], *, status: int
) -> HttpResponse:
    return desk_page(
        request,
        "voting/desk/refused.html",
        edition,
        {"problems": problems},
        status=status,
        resume=desk_start(edition),
    )


def _pending(request: HttpRequest, edition: Edition) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_PERSON)
    if not isinstance(pending, dict) or pending.get("edition") != edition.pk:
        return None
    return pending


def _voter_of(edition: Edition, pending: Mapping[str, Any], now: datetime) -> Voter | None:
    settlement_id = pending.get("settlement")
    if not isinstance(settlement_id, int):
        return None
    settlement = Settlement.objects.filter(pk=settlement_id).first()
    if settlement is None:
        return None
    return desk_voter(
        edition=edition,
        person_key=str(pending["key"]),
        birth_date=date.fromisoformat(str(pending["born"])),
        settlement=settlement,
        now=now,
    )


def _why_not(edition: Edition, voter: Voter, channel: str, now: datetime) -> tuple[list[str], int]:
    """The reasons this person cannot vote now (and the status to answer with)."""
    closed = window_problems(edition, channel, now)
    if closed:
        return closed, 400
    previous = existing_record(edition, voter.person_key)
    if previous is not None:
        return [already_voted_message(previous)], 409
    return list(voter.problems), 400


def _served_voter(
    request: HttpRequest, edition: Edition, now: datetime
) -> tuple[dict[str, Any] | None, Voter | None, HttpResponse | None]:
    """The pending person, or the page to show instead (nobody identified, or they may
    no longer vote: then they are forgotten)."""
    pending = _pending(request, edition)
    voter = _voter_of(edition, pending, now) if pending is not None else None
    if pending is None or voter is None:
        messages.info(request, _("Identify the person first."))
        return None, None, see_other(desk_start(edition))
    problems, status = _why_not(edition, voter, Channel.DESK, now)
    if problems:
        forget_person(request.session)
        return None, None, _refused(request, edition, problems, status=status)
    return pending, voter, None


def _render_ballot(
    request: HttpRequest,
    edition: Edition,
    voter: Voter,
    chosen: Mapping[int, int],
    errors: list[str],
    *,
    numbers: str = "",
    status: int = 200,
) -> HttpResponse:
    return desk_page(
        request,
        "voting/desk/ballot.html",
        edition,
        {
            **ballot_rules_context(edition),
            "sections": ballot_sections(edition, voter, chosen, seed=None),
            "errors": errors,
            "numbers": numbers,
            "voter": voter,
            "settlement": Settlement.objects.filter(pk__in=voter.settlement_ids).first(),
        },
        status=status,
        resume=reverse("voting:desk_ballot", kwargs={"edition": edition.slug}),
    )


@staff_view(ENTER)
@require_http_methods(["GET", "POST"])
@desk_view()
@never_cache
def identify(request: HttpRequest, edition: str) -> HttpResponse:
    """Step 1: the person's document. The next person starts here."""
    found = edition_for(request, edition, ENTER)
    now = timezone.now()
    closed = window_problems(found, Channel.DESK, now)
    if closed:
        return desk_page(
            request,
            "voting/desk/closed.html",
            found,
            {"problems": closed},
            status=200 if request.method == "GET" else 400,
        )
    if request.method == "GET":
        forget_person(request.session)
        return desk_page(
            request, "voting/desk/identify.html", found, {"form": IdentifyForm(edition=found)}
        )
    form = IdentifyForm(request.POST, edition=found)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        voter = desk_voter(
            edition=found,
            person_key=form.person_key,
            birth_date=data["birth_date"],
            settlement=data["settlement"],
            now=now,
        )
        problems, status = _why_not(found, voter, Channel.DESK, now)
        if not problems:
            request.session[PENDING_PERSON] = {
                "edition": found.pk,
                "key": voter.person_key,
                "born": data["birth_date"].isoformat(),
                "settlement": data["settlement"].pk,
                "desk": f"desk:{secrets.token_hex(16)}",
            }
            request.session.pop(LAST_RECEIPT, None)
            return see_other(reverse("voting:desk_ballot", kwargs={"edition": found.slug}))
        for problem in problems:
            form.add_error(None, problem)
    return desk_page(request, "voting/desk/identify.html", found, {"form": form}, status=status)


@staff_view(ENTER)
@require_http_methods(["GET", "POST"])
@desk_view()
@never_cache
def ballot(request: HttpRequest, edition: str) -> HttpResponse:
    """Step 2: the operator keys the choices (GET: empty; POST from "Change": the
    choices carried back from the read-back page)."""
    found = edition_for(request, edition, ENTER)
    now = timezone.now()
    pending, voter, page = _served_voter(request, found, now)
    if page is not None or pending is None or voter is None:
        return page or see_other(desk_start(found))
    chosen: dict[int, int] = {}
    errors: list[str] = []
    if request.method == "POST":
        try:
            chosen = read_ballot(
                request.POST.get("ballot", ""), edition_id=found.pk, voter=pending["desk"]
            ).chosen
        except BallotTokenError as error:
            chosen, errors = error.chosen, [error.message]
    return _render_ballot(request, found, voter, chosen, errors)


@staff_view(ENTER)
@require_POST
@desk_view(restart="voting:desk")
@never_cache
def confirm(request: HttpRequest, edition: str) -> HttpResponse:
    """Step 3: check the choices and show them large, to be read aloud."""
    found = edition_for(request, edition, ENTER)
    now = timezone.now()
    pending, voter, page = _served_voter(request, found, now)
    if page is not None or pending is None or voter is None:
        return page or see_other(desk_start(found))
    uses_points = found.ballot_kind == BallotKind.CUMULATIVE
    chosen, problems = chosen_from_post(request.POST, uses_points=uses_points)
    numbers = request.POST.get("numbers", "")[:500]
    typed, typing_problems = chosen_from_numbers(
        numbers, ids_by_number(found), uses_points=uses_points
    )
    chosen.update(typed)  # a typed number wins over the box or points field of it
    problems += typing_problems
    projects = ballot_projects(found)
    if not problems:
        problems = ballot_problems(found, voter, chosen)
    if problems:
        on_ballot = {p.pk for p in projects}
        kept = {pk: points for pk, points in chosen.items() if pk in on_ballot}
        return _render_ballot(
            request,
            found,
            voter,
            kept,
            problems,
            numbers=typed_numbers_to_keep(numbers),
            status=400,
        )
    return desk_page(
        request,
        "voting/desk/confirm.html",
        found,
        {
            **ballot_rules_context(found),
            "sections": chosen_sections(found, projects, chosen),
            "token": sign_ballot(found.pk, pending["desk"], chosen, new_idempotency_key()),
        },
        resume=desk_start(found),
    )


@staff_view(ENTER)
@require_POST
@desk_view(restart="voting:desk")
@never_cache
def cast(request: HttpRequest, edition: str) -> HttpResponse:
    """Step 3 confirmed: cast, then the receipt on its own page (a reload does not post
    again)."""
    found = edition_for(request, edition, ENTER)
    now = timezone.now()
    pending = _pending(request, found)
    try:
        signed = read_ballot(request.POST.get("ballot", ""), edition_id=found.pk, voter=None)
    except BallotTokenError as error:
        voter = _voter_of(found, pending, now) if pending is not None else None
        if error.chosen and voter is not None:
            return _render_ballot(request, found, voter, error.chosen, [error.message], status=400)
        return _refused(request, found, [error.message], status=400)
    # A repeated click or a retry gets the receipt of the cast that went through.
    repeated = earlier_receipt(found, signed.idempotency_key)
    if repeated is not None:
        request.session[LAST_RECEIPT] = {"edition": found.slug, "code": repeated.code}
        return see_other(reverse("voting:desk_receipt", kwargs={"edition": found.slug}))
    if pending is None:
        return _refused(
            request,
            found,
            [_("Nobody is identified at this desk now: identify the person again.")],
            status=400,
        )
    if signed.voter != pending["desk"]:
        return _refused(
            request,
            found,
            [_("This form was changed or is not from this site: choose again.")],
            status=400,
        )
    pending, voter, page = _served_voter(request, found, now)
    if page is not None or pending is None or voter is None:
        return page or see_other(desk_start(found))
    operator = actor_of(request)
    try:
        receipt = cast_ballot(
            edition=found,
            voter=voter,
            chosen=signed.chosen,
            channel=Channel.DESK,
            idempotency_key=signed.idempotency_key,
            actor=operator,
            operator=operator,
            now=now,
        )
    except ValidationError as error:
        code = code_of(error)
        if code in (None, "ballot") and not _why_not(found, voter, Channel.DESK, now)[0]:
            # The person may still vote: the choices went wrong (e.g. a project was
            # withdrawn from the ballot since the read-back).
            return _render_ballot(request, found, voter, signed.chosen, error.messages, status=400)
        forget_person(request.session)
        status = 409 if code == "already_voted" else 400
        return _refused(request, found, error.messages, status=status)
    request.session.pop(PENDING_PERSON, None)
    request.session[LAST_RECEIPT] = {"edition": found.slug, "code": receipt.code}
    return see_other(reverse("voting:desk_receipt", kwargs={"edition": found.slug}))


@staff_view(ENTER)
@require_GET
@desk_view()
@never_cache
def receipt(request: HttpRequest, edition: str) -> HttpResponse:
    """Step 4: the receipt to print and hand over; "Next person" starts again."""
    found = edition_for(request, edition, ENTER)
    shown = request.session.get(LAST_RECEIPT)
    if not isinstance(shown, dict) or shown.get("edition") != found.slug:
        return redirect("voting:desk", edition=found.slug)
    return desk_page(
        request,
        "voting/desk/receipt.html",
        found,
        {"code": shown["code"], "today": timezone.localdate()},
    )
