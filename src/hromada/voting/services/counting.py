"""Counting the votes of an edition after the close (approval: services/approval.py).

A count is a frozen snapshot: per pool the Pabulib file of its ballots, the tie-break
order and the command that recounts it; the receipt list; SHA256SUMS and its checksum;
the outcome per pool and the participation statistics. The winners are computed from
the very text of the published files (parsed back and counted with `hromada.tally`), so
the published command reproduces them from the files alone.

Pools are counted in position order. Leftover money: `skip` takes the next project
that fits; `return` stops at the first project that does not fit and the rest goes back
to the budget; `transfer` stops there too and adds the rest to the next pool's budget.
With greedy counting a project needs at least one vote (and at least the pool's
minimum): a project nobody chose is never funded just because it fits."""

from __future__ import annotations

import hashlib
import shlex
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.enums import (
    BallotKind,
    CountingRule,
    LeftoverRule,
    PhaseKind,
    ProjectState,
    TieBreak,
)
from hromada.budget.models import Edition, Pool, Project
from hromada.budget.selectors import phase_closes_at, phase_of_kind
from hromada.core.activity import log_activity
from hromada.tally.model import Election
from hromada.tally.outcome import Outcome, exact_text
from hromada.tally.pabulib import parse_election
from hromada.tally.rules import RuleOptions, run_rule
from hromada.tally.tiebreak import TieBreak as TallyTieBreak
from hromada.voting import publication
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import (
    Ballot,
    CastRequest,
    ResultsSnapshot,
    SnapshotFile,
    VoterRecord,
)
from hromada.voting.statistics import participation

CENT = Decimal("0.01")
LOT_SEED_MAX_LENGTH = ResultsSnapshot._meta.get_field("lot_seed").max_length or 100
TALLY_COMMAND = "python -m hromada.tally"


def money(value: Decimal) -> str:
    """Money as stored in the outcome: a string with two decimals."""
    return str(value.quantize(CENT))


def _json_number(value: Any) -> Any:
    """An explanation's figure as JSON: ints and texts as they are, exact numbers as
    decimal text ("1250.5", or "p/q")."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Fraction):
        return exact_text(value)
    return str(value)


# ------------------------------------------------------------------------------ reads


def latest_snapshot(edition: Edition) -> ResultsSnapshot | None:
    return ResultsSnapshot.objects.filter(edition=edition).order_by("-sequence").first()


def public_snapshot(edition: Edition) -> ResultsSnapshot | None:
    """The count approved by the commission: the one residents see."""
    return ResultsSnapshot.objects.filter(edition=edition, status=SnapshotStatus.APPROVED).first()


@dataclass(frozen=True)
class Candidate:
    """An admitted project as the count sees it."""

    pk: int
    number: int
    pool_id: int
    title: str
    cost: Decimal
    first_submitted_at: datetime | None


def admitted_projects(edition: Edition) -> list[Candidate]:
    rows = (
        Project.objects.filter(
            edition=edition,
            state=ProjectState.ADMITTED,
            pool__isnull=False,
            number__isnull=False,
        )
        .order_by("number", "pk")
        .values_list("pk", "number", "pool_id", "title", "total_cost", "first_submitted_at")
    )
    return [
        Candidate(pk, number or 0, pool_id, title, cost, submitted)
        for pk, number, pool_id, title, cost, submitted in rows
    ]


# ---------------------------------------------------------------------------- the count


@dataclass(frozen=True)
class CountResult:
    outcome: dict[str, Any]
    files: dict[str, str]  # name -> content, SHA256SUMS included
    checksum: str
    ballots: int


def tie_order(edition: Edition, projects: list[Candidate], lot_seed: str) -> list[Candidate]:
    """The projects of a pool in tie-break order (the first wins a tie)."""
    if edition.tie_break == TieBreak.LOT:
        return sorted(
            projects,
            key=lambda p: (hashlib.sha256(f"{lot_seed}:{p.number}".encode()).hexdigest(), p.number),
        )

    def submitted(project: Candidate) -> tuple[bool, datetime]:
        moment = project.first_submitted_at
        return (
            moment is None,
            moment or datetime.min.replace(tzinfo=timezone.get_current_timezone()),
        )

    if edition.tie_break == TieBreak.LOWER_COST:
        return sorted(projects, key=lambda p: (p.cost, *submitted(p), p.number))
    return sorted(projects, key=lambda p: (*submitted(p), p.number))


def counting_options(edition: Edition, pool: Pool, order: list[int]) -> tuple[str, RuleOptions]:
    """The rule and its options for one pool. Greedy needs at least one vote: a project
    nobody chose is not funded merely because it fits."""
    uses_points = edition.ballot_kind == BallotKind.CUMULATIVE
    tie_break = TallyTieBreak("order", order=tuple(str(number) for number in order))
    if edition.counting_rule == CountingRule.EQUAL_SHARES:
        return "mes", RuleOptions(
            utility="points" if uses_points else "cost", completion="add1", tie_break=tie_break
        )
    return "greedy", RuleOptions(
        by="points" if uses_points else "votes",
        min_votes=Fraction(max(1, pool.minimum_votes)),
        tie_break=tie_break,
        no_skip=edition.leftover_rule in {LeftoverRule.RETURN, LeftoverRule.TRANSFER},
    )


def tally_command(pb_file: str, rule: str, options: RuleOptions, tiebreak_file: str) -> str:
    """The command line that counts the published file exactly as `options` do."""
    arguments = [pb_file, "--rule", rule]
    if rule == "mes":
        arguments += ["--utility", options.utility, "--completion", options.completion]
    else:
        if options.by != "votes":
            arguments += ["--by", options.by]
        if options.min_votes:
            arguments += ["--min-votes", exact_text(options.min_votes)]
        if options.no_skip:
            arguments.append("--no-skip")
    arguments += ["--tie-break", f"order:{tiebreak_file}"]
    return f"{TALLY_COMMAND} {shlex.join(arguments)}"


def _ballots_by_pool(
    edition: Edition, projects: list[Candidate]
) -> tuple[dict[int, list[list[tuple[int, int]]]], list[str]]:
    """Per pool, the (project number, points) choices of every ballot that chose in it;
    and the receipt hashes of all the ballots."""
    project_of = {project.pk: project for project in projects}
    by_pool: dict[int, list[list[tuple[int, int]]]] = defaultdict(list)
    receipts = []
    for choices, receipt in Ballot.objects.filter(edition=edition).values_list(
        "choices", "receipt_hash"
    ):
        receipts.append(receipt)
        chosen: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for project_id, _pool_id, points in choices:
            found = project_of.get(project_id)
            if found is not None:
                chosen[found.pool_id].append((found.number, int(points)))
        for pool_id, picked in chosen.items():
            by_pool[pool_id].append(picked)
    return by_pool, receipts


def _ranked(
    projects: list[Candidate], outcome: Outcome, election: Election, order: list[int], by: str
) -> list[dict[str, Any]]:
    """The pool's projects: the selected ones in selection order, then the others by
    votes (or points), ties in tie-break order."""
    votes, points = election.votes(), election.points()
    value = points if by == "points" else votes
    position = {number: place for place, number in enumerate(order)}
    by_number = {str(project.number): project for project in projects}
    selected = [by_number[number] for number in outcome.selected]
    others = sorted(
        (project for project in projects if str(project.number) not in outcome.selected),
        key=lambda p: (-value[str(p.number)], position[p.number]),
    )
    ranked = []
    for rank, project in enumerate([*selected, *others], start=1):
        number = str(project.number)
        explanation = outcome.explanations.get(number)
        numbers = explanation.numbers if explanation is not None else {}
        ranked.append(
            {
                "project": project.pk,
                "number": project.number,
                "title": project.title,
                "cost": money(project.cost),
                "votes": votes[number],
                "points": int(points[number]),
                "selected": number in outcome.selected,
                "rank": rank,
                "explanation": {
                    "code": explanation.code if explanation is not None else "",
                    "numbers": {key: _json_number(item) for key, item in numbers.items()},
                },
            }
        )
    return ranked


def compute_count(edition: Edition, lot_seed: str = "") -> CountResult:
    """Count the edition's ballots as they are now in the database (no writes)."""
    pools = list(edition.pools.order_by("position", "name_uk", "pk"))
    projects = admitted_projects(edition)
    pool_ballots, receipts = _ballots_by_pool(edition, projects)
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    uses_points = edition.ballot_kind == BallotKind.CUMULATIVE
    files: dict[str, str] = {}
    outcome_pools: list[dict[str, Any]] = []
    carried, carried_from = Decimal("0"), ""
    total_used = Decimal("0")
    for index, pool in enumerate(pools):
        pool_projects = [project for project in projects if project.pool_id == pool.pk]
        order = [project.number for project in tie_order(edition, pool_projects, lot_seed)]
        names = {
            "pb": publication.pb_name(pool.code),
            "csv": publication.csv_name(pool.code),
            "tiebreak": publication.tiebreak_name(pool.code),
        }
        rule, options = counting_options(edition, pool, order)
        rows = publication.voter_rows(pool_ballots.get(pool.pk, []))
        effective = pool.amount + carried
        pb = publication.pb_text(
            publication.PoolFile(
                edition_slug=edition.slug,
                edition_title=edition.title_uk,
                pool_code=pool.code,
                pool_name=pool.name_uk,
                budget=effective,
                uses_points=uses_points,
                rule=rule,
                leftover_rule=edition.leftover_rule,
                projects=[
                    publication.PoolProject(p.number, p.cost, p.title) for p in pool_projects
                ],
                rows=rows,
                max_sum_points=edition.votes_per_voter if uses_points else None,
                max_length=(
                    edition.votes_per_voter if edition.ballot_kind == BallotKind.APPROVAL else None
                ),
                max_sum_cost=pool.amount if edition.ballot_kind == BallotKind.KNAPSACK else None,
                min_votes=int(options.min_votes),
                transferred_in=carried,
                transferred_from=carried_from,
                date_begin=voting.starts_on if voting is not None else None,
                date_end=voting.ends_on if voting is not None else None,
            )
        )
        files[names["pb"]] = pb
        files[names["csv"]] = publication.csv_text(rows)
        files[names["tiebreak"]] = publication.tiebreak_text(order)

        # Counted from the published text itself, so the file and the result cannot part.
        election = parse_election(pb, source=names["pb"])
        result = run_rule(election, rule, options)
        ranked = _ranked(pool_projects, result, election, order, options.by)
        used = sum((Decimal(p["cost"]) for p in ranked if p["selected"]), Decimal("0"))
        leftover = effective - used
        total_used += used
        entry = {
            "pool": pool.pk,
            "code": pool.code,
            "name_uk": pool.name_uk,
            "name_en": pool.name_en,
            "budget": money(pool.amount),
            "transferred_in": money(carried),
            "transferred_from": carried_from or None,
            "effective_budget": money(effective),
            "used": money(used),
            "leftover": money(leftover),
            "leftover_to": None,
            "voters": len(rows),
            "rule": rule,
            "by": "points" if uses_points else "votes",
            "minimum_votes": int(options.min_votes),
            "leftover_rule": edition.leftover_rule,
            "files": names,
            "command": tally_command(names["pb"], rule, options, names["tiebreak"]),
            "projects": ranked,
        }
        carried, carried_from = Decimal("0"), ""
        if leftover > 0:
            is_last = index == len(pools) - 1
            if edition.leftover_rule == LeftoverRule.TRANSFER and not is_last:
                entry["leftover_to"] = pools[index + 1].code
                carried, carried_from = leftover, pool.code
            else:
                entry["leftover_to"] = "budget"
        outcome_pools.append(entry)

    files[publication.RECEIPTS_NAME] = publication.receipts_text(receipts)
    sums = publication.sums_text(files)
    files[publication.SUMS_NAME] = sums
    outcome = {
        "pools": outcome_pools,
        "ballots": len(receipts),
        "annulled": annulled_count(edition),
        "total_budget": money(sum((pool.amount for pool in pools), Decimal("0"))),
        "total_used": money(total_used),
    }
    return CountResult(
        outcome=outcome, files=files, checksum=publication.checksum_of(sums), ballots=len(receipts)
    )


def annulled_count(edition: Edition) -> int:
    return VoterRecord.objects.filter(edition=edition, annulment__isnull=False).count()


def _count_problems(edition: Edition, now: datetime) -> None:
    voting = phase_of_kind(edition, PhaseKind.VOTING)
    if voting is None:
        raise ValidationError(
            _("This edition has no voting phase, so there are no votes to count."),
            code="no_voting",
        )
    closes = phase_closes_at(voting)
    if now <= closes:
        raise ValidationError(
            _("Voting has not closed yet: the votes can be counted after %(when)s.")
            % {"when": date_format(timezone.localtime(closes), "SHORT_DATETIME_FORMAT")},
            code="voting_open",
        )
    if not Project.objects.filter(
        edition=edition, state=ProjectState.ADMITTED, pool__isnull=False
    ).exists():
        raise ValidationError(
            _("This edition has no projects admitted to the vote: there is nothing to count."),
            code="no_projects",
        )


def count_edition(
    *,
    edition: Edition,
    actor: User,
    reason: str = "",
    lot_seed: str = "",
    now: datetime | None = None,
) -> ResultsSnapshot:
    """Count the votes after the close and keep the result as a new draft snapshot,
    awaiting the commission (an earlier draft is superseded)."""
    now = now or timezone.now()
    reason = reason.strip()
    lot_seed = lot_seed.strip()
    _count_problems(edition, now)
    if edition.tie_break == TieBreak.LOT and not lot_seed:
        raise ValidationError(
            {
                "lot_seed": _(
                    "Ties are broken by a lot in this edition: enter the lot the commission "
                    "drew before counting."
                )
            },
            code="no_lot",
        )
    if len(lot_seed) > LOT_SEED_MAX_LENGTH:
        raise ValidationError(
            {
                "lot_seed": _("The lot can be at most %(count)s characters long.")
                % {"count": LOT_SEED_MAX_LENGTH}
            },
            code="lot_too_long",
        )
    if not reason and ResultsSnapshot.objects.filter(edition=edition).exists():
        raise ValidationError(
            {"reason": _("The votes have been counted before: say why they are counted again.")},
            code="no_reason",
        )

    with transaction.atomic():
        # One count of an edition at a time.
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        result = compute_count(edition, lot_seed)
        CastRequest.objects.filter(edition=edition).delete()
        last = ResultsSnapshot.objects.filter(edition=edition).aggregate(last=Max("sequence"))[
            "last"
        ]
        ResultsSnapshot.objects.filter(edition=edition, status=SnapshotStatus.DRAFT).update(
            status=SnapshotStatus.SUPERSEDED
        )
        snapshot = ResultsSnapshot.objects.create(
            edition=edition,
            sequence=(last or 0) + 1,
            status=SnapshotStatus.DRAFT,
            reason=reason,
            counted_at=now,
            counted_by=actor,
            ballots_counted=result.ballots,
            ballots_annulled=result.outcome["annulled"],
            lot_seed=lot_seed,
            checksum=result.checksum,
            outcome=result.outcome,
            statistics=participation(edition),
        )
        SnapshotFile.objects.bulk_create(
            SnapshotFile(
                snapshot=snapshot,
                name=name,
                content=content,
                sha256=publication.sha256_of(content),
            )
            for name, content in sorted(result.files.items())
        )
        log_activity(
            actor=actor,
            action="voting.counted",
            target=edition,
            after={
                "sequence": snapshot.sequence,
                "checksum": snapshot.checksum,
                "ballots_counted": snapshot.ballots_counted,
                "ballots_annulled": snapshot.ballots_annulled,
            },
            reason=reason,
        )
    return snapshot
