"""The published files of a count: Pabulib per pool, CSV, tie-break orders, receipts and
SHA256SUMS, and that the published command recounts the winners from the files alone."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hromada.budget.calendar import end_of
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition, Pool
from hromada.tally.pabulib import parse_election
from hromada.voting.models import Ballot, ResultsSnapshot
from hromada.voting.publication import (
    PoolFile,
    PoolProject,
    VoteRow,
    checksum_of,
    csv_text,
    pb_text,
    receipts_text,
    sha256_of,
    sums_text,
    tiebreak_text,
    voter_rows,
)
from hromada.voting.services.counting import count_edition
from tests.factories.accounts import make_user
from tests.factories.voting import cast, village, voter, voting_edition

ROOT = Path(__file__).resolve().parents[2]


def after_close(edition: Edition) -> datetime:
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    return end_of(phase.ends_on) + timedelta(seconds=1)


def count(edition: Edition, **options: Any) -> ResultsSnapshot:
    return count_edition(edition=edition, actor=make_user(), now=after_close(edition), **options)


def file_text(snapshot: ResultsSnapshot, name: str) -> str:
    return snapshot.files.get(name=name).content


def section(text: str, name: str) -> list[str]:
    """The rows of one section of a Pabulib text, header included."""
    lines = text.splitlines()
    start = lines.index(name) + 1
    following = [i for i, line in enumerate(lines) if line in {"META", "PROJECTS", "VOTES"}]
    end = min([i for i in following if i >= start] or [len(lines)])
    return lines[start:end]


# --------------------------------------------------------------------- pure functions


def a_pool_file(**overrides: Any) -> PoolFile:
    values: dict[str, Any] = {
        "edition_slug": "2024",
        "edition_title": "Громадський бюджет 2024",
        "pool_code": "small",
        "pool_name": "Малі проєкти",
        "budget": Decimal("150000.00"),
        "uses_points": False,
        "rule": "greedy",
        "leftover_rule": "transfer",
        "projects": [
            PoolProject(1, Decimal("40000.00"), "Лавки у сквері"),
            PoolProject(2, Decimal("60000.50"), "Велопарковка; біля школи"),
        ],
        "rows": [VoteRow("0a", (1, 2), (1, 1)), VoteRow("ff", (2,), (1,))],
        "max_length": 2,
        "min_votes": 1,
        "transferred_in": Decimal("50000.00"),
        "transferred_from": "large",
        "date_begin": date(2024, 5, 1),
        "date_end": date(2024, 5, 21),
    }
    values.update(overrides)
    return PoolFile(**values)


def test_pool_file_text():
    assert pb_text(a_pool_file()) == (
        "META\n"
        "key;value\n"
        "description;Громадський бюджет 2024: Малі проєкти\n"
        "country;Ukraine\n"
        "unit;Громадський бюджет 2024\n"
        "instance;2024\n"
        "subunit;small\n"
        "num_projects;2\n"
        "num_votes;2\n"
        "budget;150000\n"
        "vote_type;approval\n"
        "rule;greedy\n"
        "max_length;2\n"
        "min_votes;1\n"
        "leftover_rule;transfer\n"
        "budget_transferred_in;50000 from large\n"
        "language;uk\n"
        "date_begin;01.05.2024\n"
        "date_end;21.05.2024\n"
        "PROJECTS\n"
        "project_id;cost;votes;name\n"
        "1;40000;1;Лавки у сквері\n"
        '2;60000.5;2;"Велопарковка; біля школи"\n'
        "VOTES\n"
        "voter_id;vote\n"
        "0a;1,2\n"
        "ff;2\n"
    )


def test_cumulative_pool_file_has_points_and_scores():
    pool = a_pool_file(
        uses_points=True,
        max_sum_points=5,
        max_length=None,
        rows=[VoteRow("0a", (1, 2), (3, 2)), VoteRow("ff", (2,), (5,))],
        transferred_in=Decimal("0"),
    )
    text = pb_text(pool)
    assert "vote_type;cumulative\nrule;greedy\nmax_sum_points;5\n" in text
    assert section(text, "PROJECTS") == [
        "project_id;cost;votes;name;score",
        "1;40000;1;Лавки у сквері;3",
        '2;60000.5;2;"Велопарковка; біля школи";7',
    ]
    assert section(text, "VOTES") == ["voter_id;vote;points", "0a;1,2;3,2", "ff;2;5"]


def test_equal_shares_pool_file_names_the_rule():
    assert "\nrule;equalshares\n" in pb_text(a_pool_file(rule="mes"))


def test_pool_file_without_minimum_or_transfer_leaves_those_keys_out():
    text = pb_text(a_pool_file(min_votes=0, transferred_in=Decimal("0")))
    assert ("min_votes" in text, "budget_transferred_in" in text) == (False, False)


def test_pool_file_reads_back_as_the_same_election():
    election = parse_election(pb_text(a_pool_file()))
    assert (election.budget, [b.projects for b in election.ballots], election.warnings) == (
        150000,
        [("1", "2"), ("2",)],
        [],
    )


def test_csv_holds_the_same_rows():
    rows = [VoteRow("0a", (1, 2), (1, 1)), VoteRow("ff", (2,), (3,))]
    assert csv_text(rows) == 'voter_id,vote,points\n0a,"1,2","1,1"\nff,2,3\n'


def test_voter_rows_are_sorted_by_their_random_ids():
    rows = voter_rows([[(1, 1)]] * 40)
    ids = [row.voter_id for row in rows]
    assert ids == sorted(ids)
    assert len(set(ids)) == 40
    assert all(re.fullmatch(r"[0-9a-f]{16}", voter_id) for voter_id in ids)


def test_voter_rows_list_the_projects_sorted_with_their_points():
    (row,) = voter_rows([[(3, 1), (1, 2)]])
    assert (row.numbers, row.points) == ((1, 3), (2, 1))


def test_voter_ids_are_fresh_on_every_call():
    first = {row.voter_id for row in voter_rows([[(1, 1)]] * 5)}
    second = {row.voter_id for row in voter_rows([[(1, 1)]] * 5)}
    assert first & second == set()


def test_tiebreak_text_is_one_number_per_line():
    assert tiebreak_text([3, 1, 2]) == "3\n1\n2\n"


def test_receipts_text_is_sorted():
    assert receipts_text(["bb", "aa", "cc"]) == "aa\nbb\ncc\n"


def test_sums_list_every_other_file_by_name():
    files = {"b.pb": "B", "a.csv": "A", "SHA256SUMS": "old"}
    assert sums_text(files) == f"{sha256_of('A')}  a.csv\n{sha256_of('B')}  b.pb\n"


def test_checksum_is_the_sha256_of_the_sums():
    assert checksum_of("x  a\n") == sha256_of("x  a\n")


# -------------------------------------------------------------- files of a real count


@pytest.mark.django_db
def test_receipts_file_lists_every_counted_ballot():
    edition = voting_edition()
    for chosen in ({1: 1}, {2: 1, 4: 1}, {4: 1}):
        cast(edition, chosen)
    snapshot = count(edition)
    lines = file_text(snapshot, "receipts.txt").splitlines()
    expected = sorted(Ballot.objects.filter(edition=edition).values_list("receipt_hash", flat=True))
    assert (lines, len(lines)) == (expected, snapshot.ballots_counted)


@pytest.mark.django_db
def test_pool_file_rows_are_sorted_by_voter_id():
    edition = voting_edition()
    for _ in range(6):
        cast(edition, {1: 1})
    votes = section(file_text(count(edition), "small.pb"), "VOTES")[1:]
    assert votes == sorted(votes)
    assert len(votes) == 6


@pytest.mark.django_db
def test_one_ballot_has_unrelated_ids_in_two_pool_files():
    edition = voting_edition()
    cast(edition, {1: 1, 4: 1})
    snapshot = count(edition)
    small_ids = {row.split(";")[0] for row in section(file_text(snapshot, "small.pb"), "VOTES")[1:]}
    large_ids = {row.split(";")[0] for row in section(file_text(snapshot, "large.pb"), "VOTES")[1:]}
    assert (len(small_ids), len(large_ids), small_ids & large_ids) == (1, 1, set())


@pytest.mark.django_db
def test_csv_file_has_the_rows_of_the_pool_file():
    edition = voting_edition(votes_per_voter=2)
    cast(edition, {1: 1, 3: 1})
    cast(edition, {2: 1})
    snapshot = count(edition)
    votes = [row.split(";") for row in section(file_text(snapshot, "small.pb"), "VOTES")[1:]]
    rows = list(csv.reader(io.StringIO(file_text(snapshot, "small.csv"))))
    assert rows[0] == ["voter_id", "vote", "points"]
    assert [(voter_id, vote) for voter_id, vote, _points in rows[1:]] == [
        (voter_id, vote) for voter_id, vote in votes
    ]
    assert sorted(vote for _voter_id, vote, _points in rows[1:]) == ["1,3", "2"]


@pytest.mark.django_db
def test_pool_file_meta_describes_the_pool():
    edition = voting_edition()
    Pool.objects.filter(edition=edition, code="small").update(minimum_votes=2)
    snapshot = count(edition)
    meta = section(file_text(snapshot, "small.pb"), "META")
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    assert meta == [
        "key;value",
        f"description;Громадський бюджет {edition.slug}: Малі проєкти",
        "country;Ukraine",
        f"unit;Громадський бюджет {edition.slug}",
        f"instance;{edition.slug}",
        "subunit;small",
        "num_projects;3",
        "num_votes;0",
        "budget;600000",
        "vote_type;approval",
        "rule;greedy",
        "max_length;1",
        "min_votes;2",
        "leftover_rule;skip",
        "language;uk",
        f"date_begin;{phase.starts_on:%d.%m.%Y}",
        f"date_end;{phase.ends_on:%d.%m.%Y}",
    ]


@pytest.mark.django_db
def test_sha256sums_checks_out_with_sha256sum(tmp_path: Path):
    tool = shutil.which("sha256sum")
    if tool is None:
        pytest.skip("coreutils sha256sum is not installed")
    edition = voting_edition()
    cast(edition, {1: 1})
    snapshot = count(edition)
    for stored in snapshot.files.all():
        (tmp_path / stored.name).write_bytes(stored.content.encode("utf-8"))
    result = subprocess.run(
        [tool, "--check", "--strict", "SHA256SUMS"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == snapshot.files.count() - 1


def recount_from_files(snapshot: ResultsSnapshot, directory: Path) -> dict[str, list[str]]:
    """Run every pool's published command on the published files, as a resident would."""
    for stored in snapshot.files.all():
        (directory / stored.name).write_bytes(stored.content.encode("utf-8"))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    winners = {}
    for pool in snapshot.outcome["pools"]:
        words = shlex.split(pool["command"])
        assert words[:3] == ["python", "-m", "hromada.tally"]
        result = subprocess.run(
            [sys.executable, *words[1:], "--json"],
            cwd=directory,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        winners[pool["code"]] = json.loads(result.stdout)["selected"]
    return winners


def snapshot_winners(snapshot: ResultsSnapshot) -> dict[str, list[str]]:
    return {
        pool["code"]: [str(p["number"]) for p in pool["projects"] if p["selected"]]
        for pool in snapshot.outcome["pools"]
    }


def cast_a_mixed_crowd(edition: Edition, points: int = 1) -> None:
    cast(edition, {1: points, 4: 1})
    cast(edition, {3: points})
    cast(edition, {3: points, 4: 1})
    cast(edition, {2: points, 5: 1}, who=voter(settlement_obj=village()))
    cast(edition, {5: 1}, who=voter(settlement_obj=village()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "edition_settings",
    [
        {"leftover_rule": "transfer", "tie_break": "lower_cost"},
        {"counting_rule": "mes"},
        {"tie_break": "lot"},
    ],
    ids=["greedy-transfer", "mes", "lot"],
)
def test_the_published_command_reproduces_the_winners(
    tmp_path: Path, edition_settings: dict[str, str]
):
    edition = voting_edition(**edition_settings)
    Pool.objects.filter(edition=edition, code="small").update(amount=Decimal("130000"))
    cast_a_mixed_crowd(edition)
    snapshot = count(
        edition, lot_seed="42-17" if edition_settings.get("tie_break") == "lot" else ""
    )
    expected = snapshot_winners(snapshot)
    assert expected["small"] != []
    assert recount_from_files(snapshot, tmp_path) == expected


@pytest.mark.django_db
def test_the_published_command_reproduces_cumulative_winners(tmp_path: Path):
    edition = voting_edition(ballot_kind="cumulative", votes_per_voter=3)
    Pool.objects.filter(edition=edition, code="small").update(amount=Decimal("100000"))
    cast_a_mixed_crowd(edition, points=3)
    cast(edition, {1: 1, 2: 2})
    snapshot = count(edition)
    assert recount_from_files(snapshot, tmp_path) == snapshot_winners(snapshot)
