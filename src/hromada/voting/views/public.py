"""The resident's ballot: choose → confirm (choices shown once) → cast → receipt, and
the receipt check. Works without JavaScript; after casting the voter is signed out."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hromada.accounts.identity.provider_session import end_provider_session
from hromada.budget.enums import BallotKind, PhaseKind
from hromada.budget.models import Edition, Phase, Project
from hromada.budget.selectors import phase_closes_at, phase_of_kind, phase_opens_at
from hromada.voting.ballot import (
    BallotError,
    BallotRules,
    ballot_box,
    ballot_project,
    ballot_projects,
    check_choices,
)
from hromada.voting.eligibility import Voter, online_voter, pools_for, window_problems
from hromada.voting.enums import Channel
from hromada.voting.forms import (
    BallotTokenError,
    ReceiptCheckForm,
    chosen_from_post,
    new_idempotency_key,
    read_ballot,
    sign_ballot,
)
from hromada.voting.receipts import normalise_code
from hromada.voting.selectors import receipt_status
from hromada.voting.services.casting import (
    already_voted_message,
    cast_ballot,
    earlier_receipt,
    existing_record,
    refusal_code,
)

RECEIPT_COOKIE = "hromada-receipt"
RECEIPT_COOKIE_SECONDS = 15 * 60


def _edition(slug: str) -> Edition:
    """The published edition with its phases, in one query (the pools, projects and key
    come from ballot_box())."""
    phases = list(
        Phase.objects.filter(edition__slug=slug, edition__is_published=True)
        .select_related("edition")
        .order_by("starts_on", "pk")
    )
    if phases:
        found = phases[0].edition
        # What prefetch_related("phases") would have stored, without a second query.
        found._prefetched_objects_cache = {"phases": phases}  # type: ignore[attr-defined]
        return found
    edition = Edition.objects.filter(slug=slug, is_published=True).first()
    if edition is None:
        raise Http404
    return edition


def ballot_order_seed(request: HttpRequest, edition: Edition) -> int:
    """A random order per voter, stable while they fill in the ballot."""
    name = f"voting-order-{edition.pk}"
    seed = request.session.get(name)
    if not isinstance(seed, int):
        seed = random.SystemRandom().randrange(2**31)
        request.session[name] = seed
    return seed


def ballot_sections(
    edition: Edition,
    voter: Voter,
    chosen: Mapping[int, int],
    *,
    seed: int | None,
) -> list[dict[str, Any]]:
    """The pools this voter may vote in, each with its admitted projects (in a random
    order per voter when the edition asks for it) and what is chosen."""
    allowed = {pool.pk for pool in pools_for(edition, voter.settlement_ids)}
    projects = ballot_projects(edition)
    sections = []
    for pool in ballot_box(edition).pools:
        if pool.pk not in allowed:
            continue
        in_pool = [p for p in projects if p.pool_id == pool.pk]
        if seed is not None and edition.randomises_ballot_order:
            # The seed is secret (SystemRandom, per session); this only spreads it.
            random.Random(f"{seed}:{pool.pk}").shuffle(in_pool)  # noqa: S311
        rows: list[dict[str, Any]] = [
            {"project": p, "points": chosen.get(p.pk, 0)} for p in in_pool
        ]
        used = sum(row["points"] for row in rows)
        spent = sum((p.total_cost for p in in_pool if chosen.get(p.pk)), Decimal(0))
        sections.append(
            {"pool": pool, "rows": rows, "used": used, "spent": spent, "left": pool.amount - spent}
        )
    return sections


def _ballot_context(edition: Edition) -> dict[str, Any]:
    return {
        "edition": edition,
        "uses_points": edition.ballot_kind == BallotKind.CUMULATIVE,
        "is_knapsack": edition.ballot_kind == BallotKind.KNAPSACK,
        "per_pool": edition.votes_scope == "per_pool",
    }


def _blocked(request: HttpRequest, edition: Edition, now: datetime) -> HttpResponse | None:
    """The page to show instead of a ballot: closed window, not signed in, not verified,
    not eligible, already voted."""
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    problems = window_problems(edition, Channel.ONLINE, now)
    if problems:
        return render(
            request,
            "voting/public/closed.html",
            {
                "edition": edition,
                "problems": problems,
                "opens_at": phase_opens_at(voting) if voting else None,
                "closes_at": phase_closes_at(voting) if voting else None,
                "not_yet": voting is not None and phase_opens_at(voting) > now,
            },
        )
    if not request.user.is_authenticated:
        return render(request, "voting/public/sign_in.html", {"edition": edition}, status=200)
    return None


def _voter_or_page(
    request: HttpRequest, edition: Edition, now: datetime
) -> tuple[Voter | None, HttpResponse | None]:
    voter = online_voter(request.user, edition, now)
    if voter is None:
        return None, render(request, "voting/public/verify.html", {"edition": edition})
    previous = existing_record(edition, voter.person_key)
    if previous is not None:
        return None, render(
            request,
            "voting/public/already_voted.html",
            {"edition": edition, "message": already_voted_message(previous)},
        )
    if not voter.is_eligible:
        return None, render(
            request, "voting/public/not_eligible.html", {"edition": edition, "voter": voter}
        )
    return voter, None


def _render_ballot(
    request: HttpRequest,
    edition: Edition,
    voter: Voter,
    chosen: Mapping[int, int],
    errors: list[str],
    status: int = 200,
) -> HttpResponse:
    context = _ballot_context(edition)
    context.update(
        sections=ballot_sections(edition, voter, chosen, seed=ballot_order_seed(request, edition)),
        errors=errors,
        allowance=edition.votes_per_voter,
    )
    return render(request, "voting/public/ballot.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, edition: str) -> HttpResponse:
    """GET: the empty ballot. POST (from "change my choices" or an expired
    confirmation): the ballot filled in with the carried choices."""
    found = _edition(edition)
    now = timezone.now()
    page = _blocked(request, found, now)
    if page is not None:
        return page
    voter, page = _voter_or_page(request, found, now)
    if page is not None or voter is None:
        return page or redirect("voting:ballot", edition=found.slug)
    chosen: dict[int, int] = {}
    errors: list[str] = []
    if request.method == "POST":
        try:
            chosen = read_ballot(
                request.POST.get("ballot", ""), edition_id=found.pk, voter=request.user.pk
            ).chosen
        except BallotTokenError as error:
            chosen, errors = error.chosen, [error.message]
    return _render_ballot(request, found, voter, chosen, errors)


@never_cache
@require_POST
def confirm(request: HttpRequest, edition: str) -> HttpResponse:
    """Check the choices and show them once more before casting."""
    found = _edition(edition)
    now = timezone.now()
    page = _blocked(request, found, now)
    if page is not None:
        return page
    voter, page = _voter_or_page(request, found, now)
    if page is not None or voter is None:
        return page or redirect("voting:ballot", edition=found.slug)
    uses_points = found.ballot_kind == BallotKind.CUMULATIVE
    chosen, problems = chosen_from_post(request.POST, uses_points=uses_points)
    allowed = pools_for(found, voter.settlement_ids)
    projects = ballot_projects(found)
    if not problems:
        try:
            check_choices(
                BallotRules.of(found, allowed),
                {p.pk: ballot_project(p) for p in projects},
                {pool.pk for pool in allowed},
                chosen,
                voter.person_key,
            )
        except BallotError as error:
            problems = error.messages
    if problems:
        on_ballot = {p.pk for p in projects}
        kept = {pk: points for pk, points in chosen.items() if pk in on_ballot}
        return _render_ballot(request, found, voter, kept, problems, status=400)
    return render(
        request,
        "voting/public/confirm.html",
        {
            **_ballot_context(found),
            "sections": chosen_sections(found, projects, chosen),
            "token": sign_ballot(found.pk, str(request.user.pk), chosen, new_idempotency_key()),
        },
    )


def chosen_sections(
    edition: Edition, projects: list[Project], chosen: Mapping[int, int]
) -> list[dict[str, Any]]:
    sections = []
    for pool in ballot_box(edition).pools:
        rows: list[dict[str, Any]] = [
            {"project": p, "points": chosen[p.pk]}
            for p in projects
            if p.pool_id == pool.pk and chosen.get(p.pk)
        ]
        if rows:
            sections.append(
                {
                    "pool": pool,
                    "rows": sorted(rows, key=lambda row: row["project"].number or 0),
                    "spent": sum((row["project"].total_cost for row in rows), Decimal(0)),
                }
            )
    return sections


def _receipt_response(request: HttpRequest, edition: Edition, code: str) -> HttpResponse:
    """Sign the voter out (at id.gov.ua too: devices are shared) and show the receipt on
    the next page, so that reloading it does not post again."""
    end_provider_session(request)
    logout(request)
    response = HttpResponseRedirect(reverse("voting:done", kwargs={"edition": edition.slug}))
    response.status_code = 303
    # In a signed cookie rather than a new session: nothing more to write on the way out.
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        f"{edition.slug}:{code}",
        salt=RECEIPT_COOKIE,
        max_age=RECEIPT_COOKIE_SECONDS,
        path=reverse("voting:done", kwargs={"edition": edition.slug}),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@never_cache
@require_POST
def cast(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition(edition)
    now = timezone.now()
    try:
        signed = read_ballot(request.POST.get("ballot", ""), edition_id=found.pk, voter=None)
    except BallotTokenError as error:
        if error.chosen and request.user.is_authenticated:
            voter = online_voter(request.user, found, now)
            if voter is not None and voter.is_eligible:
                return _render_ballot(request, found, voter, error.chosen, [error.message], 400)
        return _refused(request, found, [error.message])
    if not request.user.is_authenticated:
        # A repeat of a cast that went through (double click, retry after a lost answer,
        # the confirm page in a second tab) gets the same receipt, although the first
        # cast signed the voter out.
        repeated = earlier_receipt(found, signed.idempotency_key)
        if repeated is not None:
            return _receipt_response(request, found, repeated.code)
    page = _blocked(request, found, now)
    if page is not None:
        return page
    ballot_box(found, frozen=True)  # voting is open: a recent copy will do
    if signed.voter != str(request.user.pk):
        return _refused(
            request, found, [_("This form was changed or is not from this site: choose again.")]
        )
    voter = online_voter(request.user, found, now)
    if voter is None:
        return render(request, "voting/public/verify.html", {"edition": found})
    try:
        receipt = cast_ballot(
            edition=found,
            voter=voter,
            chosen=signed.chosen,
            channel=Channel.ONLINE,
            idempotency_key=signed.idempotency_key,
            actor=request.user,  # type: ignore[arg-type]
            now=now,
            # A repeat by a voter still signed in (a double click racing the first
            # answer) meets the unique voter record and gets its receipt there.
            replay_checked=True,
        )
    except ValidationError as error:
        code = refusal_code(error)
        if code == "already_voted":
            return render(
                request,
                "voting/public/already_voted.html",
                {"edition": found, "message": error.messages[0]},
                status=409,
            )
        if code == "ballot":
            return _render_ballot(request, found, voter, signed.chosen, error.messages, 400)
        if code == "not_eligible" and voter.problems:
            return render(
                request,
                "voting/public/not_eligible.html",
                {"edition": found, "voter": voter},
                status=400,
            )
        return _refused(request, found, error.messages)
    return _receipt_response(request, found, receipt.code)


def _refused(request: HttpRequest, edition: Edition, problems: list[str]) -> HttpResponse:
    return render(
        request,
        "voting/public/refused.html",
        {"edition": edition, "problems": problems},
        status=400,
    )


@never_cache
def done(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition(edition)
    shown = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_COOKIE, max_age=RECEIPT_COOKIE_SECONDS
    )
    slug, _colon, code = (shown or "").partition(":")
    if slug != found.slug or not code:
        return redirect("voting:receipt", edition=found.slug)
    # Kept for a quarter of an hour, so that the page survives a reload.
    return render(request, "voting/public/done.html", {"edition": found, "code": code})


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_check(request: HttpRequest, edition: str) -> HttpResponse:
    """Whether a ballot with this receipt code was accepted and counted. The code is
    posted, not put in the address, so it does not land in logs; nothing about the
    ballot's contents is shown."""
    found = _edition(edition)
    form = ReceiptCheckForm(request.POST or None)
    status = None
    if request.method == "POST" and form.is_valid():
        code = normalise_code(form.cleaned_data["code"])
        if code is None:
            form.add_error(
                "code",
                ValidationError(
                    _(
                        "This is not a valid receipt code: check it character by character "
                        "(4 + 4 + 4 + 1 characters)."
                    ),
                    code="invalid",
                ),
            )
        else:
            status = receipt_status(found, code)
    return render(
        request,
        "voting/public/receipt.html",
        {"edition": found, "form": form, "status": status},
        status=400 if request.method == "POST" and not form.is_valid() else 200,
    )
