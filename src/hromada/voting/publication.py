"""The published files of a count, as text: per pool the ballots as a Pabulib file
(`<code>.pb`) and as CSV (`<code>.csv`) with the tie-break order (`<code>-tiebreak.txt`),
the list of receipt hashes (`receipts.txt`) and `SHA256SUMS` over all of them. With the
files alone anyone can recount a pool with `python -m hromada.tally` and check that
their receipt was counted.

Pure functions over plain data. A voter id is a fresh random token per pool file and the
rows are sorted by it, so neither the ids nor the order of the rows say anything about
who voted when, and the files of two pools cannot be joined into one person's ballot."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.pabulib import format_election

SUMS_NAME = "SHA256SUMS"
RECEIPTS_NAME = "receipts.txt"


def pb_name(pool_code: str) -> str:
    return f"{pool_code}.pb"


def csv_name(pool_code: str) -> str:
    return f"{pool_code}.csv"


def tiebreak_name(pool_code: str) -> str:
    return f"{pool_code}-tiebreak.txt"


@dataclass(frozen=True)
class VoteRow:
    """One ballot of one pool: the project numbers (sorted) and their points."""

    voter_id: str
    numbers: tuple[int, ...]
    points: tuple[int, ...]


@dataclass(frozen=True)
class PoolProject:
    number: int
    cost: Decimal
    title: str


@dataclass(frozen=True)
class PoolFile:
    """What the Pabulib file of one pool says. `budget` is the effective budget (the
    pool's money plus what another pool transferred to it)."""

    edition_slug: str
    edition_title: str
    pool_code: str
    pool_name: str
    budget: Decimal
    uses_points: bool
    rule: str  # "greedy" or "mes"
    leftover_rule: str
    projects: Sequence[PoolProject]
    rows: Sequence[VoteRow]
    max_sum_points: int | None = None
    max_length: int | None = None
    max_sum_cost: Decimal | None = None
    min_votes: int = 0
    transferred_in: Decimal = Decimal("0")
    transferred_from: str = ""
    date_begin: date | None = None
    date_end: date | None = None
    extra_meta: Mapping[str, str] = field(default_factory=dict)


def plain_number(value: Decimal) -> str:
    """Money as Pabulib files usually write it: `90000`, `322239.55`."""
    text = format(value.normalize(), "f")
    return text


def voter_rows(ballots: Iterable[Sequence[tuple[int, int]]]) -> list[VoteRow]:
    """Rows for the ballots of one pool (each a sequence of (project number, points)),
    with fresh random voter ids, sorted by id."""
    rows: list[VoteRow] = []
    used: set[str] = set()
    for ballot in ballots:
        voter_id = secrets.token_hex(8)
        while voter_id in used:  # 64 random bits: practically never
            voter_id = secrets.token_hex(8)
        used.add(voter_id)
        choices = sorted(ballot)
        rows.append(
            VoteRow(
                voter_id=voter_id,
                numbers=tuple(number for number, _points in choices),
                points=tuple(points for _number, points in choices),
            )
        )
    rows.sort(key=lambda row: row.voter_id)
    return rows


def _meta(pool: PoolFile) -> dict[str, str]:
    meta = {
        "description": f"{pool.edition_title}: {pool.pool_name}",
        "country": "Ukraine",
        "unit": pool.edition_title,
        "instance": pool.edition_slug,
        "subunit": pool.pool_code,
        "num_projects": str(len(pool.projects)),
        "num_votes": str(len(pool.rows)),
        "budget": plain_number(pool.budget),
        "vote_type": VoteType.CUMULATIVE.value if pool.uses_points else VoteType.APPROVAL.value,
        "rule": "equalshares" if pool.rule == "mes" else "greedy",
    }
    if pool.uses_points and pool.max_sum_points is not None:
        meta["max_sum_points"] = str(pool.max_sum_points)
    if pool.max_length is not None:
        meta["max_length"] = str(pool.max_length)
    if pool.max_sum_cost is not None:
        meta["max_sum_cost"] = plain_number(pool.max_sum_cost)
    if pool.min_votes > 0:
        meta["min_votes"] = str(pool.min_votes)
    meta["leftover_rule"] = pool.leftover_rule
    if pool.transferred_in > 0:
        meta["budget_transferred_in"] = (
            f"{plain_number(pool.transferred_in)} from {pool.transferred_from}"
        )
    meta["language"] = "uk"
    if pool.date_begin is not None:
        meta["date_begin"] = f"{pool.date_begin:%d.%m.%Y}"
    if pool.date_end is not None:
        meta["date_end"] = f"{pool.date_end:%d.%m.%Y}"
    meta.update(pool.extra_meta)
    return meta


def pool_election(pool: PoolFile) -> Election:
    """The pool as the counting library's election (what the .pb file holds)."""
    votes: dict[int, int] = dict.fromkeys((project.number for project in pool.projects), 0)
    scores: dict[int, int] = dict.fromkeys(votes, 0)
    for row in pool.rows:
        for number, points in zip(row.numbers, row.points, strict=True):
            votes[number] += 1
            scores[number] += points
    projects: dict[str, Project] = {}
    for project in pool.projects:
        extra = {"votes": str(votes[project.number]), "name": project.title}
        if pool.uses_points:
            extra["score"] = str(scores[project.number])
        cost_text = plain_number(project.cost)
        projects[str(project.number)] = Project(
            project_id=str(project.number),
            cost=Fraction(project.cost),
            cost_text=cost_text,
            name=project.title,
            extra=extra,
        )
    ballots = [
        Ballot(
            row.voter_id,
            tuple(str(number) for number in row.numbers),
            tuple(Fraction(points) for points in row.points) if pool.uses_points else None,
        )
        for row in pool.rows
    ]
    columns: tuple[str, ...] = ("project_id", "cost", "votes", "name")
    if pool.uses_points:
        columns = (*columns, "score")
    vote_type = VoteType.CUMULATIVE if pool.uses_points else VoteType.APPROVAL
    return Election(
        meta=_meta(pool),
        projects=projects,
        ballots=ballots,
        vote_type=vote_type,
        budget=Fraction(pool.budget),
        project_columns=columns,
        vote_columns=("voter_id", "vote", "points") if pool.uses_points else ("voter_id", "vote"),
    )


def pb_text(pool: PoolFile) -> str:
    return format_election(pool_election(pool))


def csv_text(rows: Sequence[VoteRow]) -> str:
    """The same rows as the .pb file's VOTES, for spreadsheets (points 1 per project on
    approval ballots)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["voter_id", "vote", "points"])
    for row in rows:
        writer.writerow(
            [
                row.voter_id,
                ",".join(str(number) for number in row.numbers),
                ",".join(str(points) for points in row.points),
            ]
        )
    return buffer.getvalue()


def tiebreak_text(numbers: Sequence[int]) -> str:
    """One project number per line, the winner of a tie first."""
    return "".join(f"{number}\n" for number in numbers)


def receipts_text(receipt_hashes: Iterable[str]) -> str:
    """The receipt hashes of every counted ballot, sorted, one per line."""
    return "".join(f"{value}\n" for value in sorted(receipt_hashes))


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sums_text(files: Mapping[str, str]) -> str:
    """`sha256sum -c` input for every file except SHA256SUMS itself, sorted by name."""
    return "".join(
        f"{sha256_of(content)}  {name}\n"
        for name, content in sorted(files.items())
        if name != SUMS_NAME
    )


def checksum_of(sums: str) -> str:
    """The checksum of a count: SHA-256 of its SHA256SUMS text."""
    return sha256_of(sums)
