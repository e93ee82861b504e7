"""What every desk page shares: the permissions, the page frame with the idle-lock
settings for desk.js, the ballot rules of an edition and its check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from hromada.budget.enums import BallotKind
from hromada.budget.models import Edition, Project
from hromada.voting.ballot import (
    BallotError,
    BallotRules,
    ballot_project,
    ballot_projects,
    check_choices,
)
from hromada.voting.desk_lock import idle_seconds
from hromada.voting.eligibility import Voter, pools_for
from hromada.voting.services.casting import refusal_code

ENTER = "voting.enter_ballots"
VIEW = "voting.view_voting_staff"

# The desk menu entry each page belongs to (the others are the live entry).
SECTIONS = {
    "paper.html": "paper",
    "paper_off.html": "paper",
    "print_forms.html": "paper",
    "tally.html": "tally",
}


def desk_page(
    request: HttpRequest,
    template: str,
    edition: Edition,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
    resume: str | None = None,
) -> HttpResponse:
    """A desk page: the idle timer of desk.js returns the operator to `resume` (by
    default this page) after unlocking."""
    back = resume or request.get_full_path()
    values = {
        "edition": edition,
        "desk_section": SECTIONS.get(template.rsplit("/", 1)[-1], "live"),
        "may_enter_ballots": request.user.has_perm(ENTER, edition),
        "idle_seconds": idle_seconds(),
        "lock_url": f"{reverse('voting:desk_locked')}?{urlencode({'next': back})}",
        **(context or {}),
    }
    return render(request, template, values, status=status)


def desk_start(edition: Edition) -> str:
    return reverse("voting:desk", kwargs={"edition": edition.slug})


def see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def ballot_rules_context(edition: Edition) -> dict[str, Any]:
    return {
        "uses_points": edition.ballot_kind == BallotKind.CUMULATIVE,
        "is_knapsack": edition.ballot_kind == BallotKind.KNAPSACK,
        "per_pool": edition.votes_scope == "per_pool",
        "allowance": edition.votes_per_voter,
    }


def ids_by_number(edition: Edition) -> dict[int, int]:
    """Every numbered project of the edition, admitted or not (the ballot check then
    says which ones are not on the ballot)."""
    rows = Project.objects.filter(edition=edition, number__isnull=False).values_list("number", "pk")
    return {number: pk for number, pk in rows if number is not None}


def ballot_problems(edition: Edition, voter: Voter, chosen: Mapping[int, int]) -> list[str]:
    """What is wrong with these choices for this person (the same check as online)."""
    allowed = pools_for(edition, voter.settlement_ids)
    try:
        check_choices(
            BallotRules.of(edition, allowed),
            {p.pk: ballot_project(p) for p in ballot_projects(edition)},
            {pool.pk for pool in allowed},
            chosen,
            voter.person_key,
        )
    except BallotError as error:
        return error.messages
    return []


def code_of(error: ValidationError) -> str | None:
    return refusal_code(error)
