"""The Pabulib writer: reading back what was written gives an equivalent election, for
every real file in the data set and for elections built in code."""

from __future__ import annotations

import csv
import gzip
import io
import re
from fractions import Fraction
from pathlib import Path

import pytest

from hromada.tally.model import Ballot, Election, Project, VoteType
from hromada.tally.outcome import exact_text
from hromada.tally.pabulib import (
    format_election,
    parse_election,
    read_election,
    write_election,
)
from tests.tally.conftest import DEV_FILES, NO_DATA, dev_file, expected_instances, pb_text


def assert_equivalent(first: Election, second: Election) -> None:
    assert second.vote_type is first.vote_type
    assert second.budget == first.budget
    assert second.meta == first.meta
    assert list(second.meta) == list(first.meta)
    assert list(second.projects) == list(first.projects)
    for project_id, project in first.projects.items():
        assert second.projects[project_id] == project, project_id
    assert second.project_columns == first.project_columns
    assert second.vote_columns == first.vote_columns
    # The same ballots in the same order (hence the same multiset): the reader's
    # normalisations (approval ballots as sets, a cumulative repeat's last points, missing
    # cells dropped) are already applied to `first`, so writing them changes nothing.
    assert second.ballots == first.ballots


@pytest.mark.parametrize(
    "path",
    DEV_FILES or [pytest.param(None, marks=pytest.mark.skip(reason=NO_DATA))],
    ids=lambda path: path.name if isinstance(path, Path) else "no-data",
)
def test_round_trip_of_every_dev_file(path: Path, tmp_path: Path):
    election = read_election(path)
    instance = expected_instances().get(path.name)
    if instance is not None:
        assert len(election.ballots) == instance["voters"]
        assert len(election.projects) == instance["projects"]
        assert exact_text(election.budget) == instance["budget"]
        assert election.vote_type.value == instance["vote_type"]

    copy = tmp_path / path.name
    write_election(election, copy)
    if path.name.endswith(".gz"):
        assert copy.read_bytes()[:2] == b"\x1f\x8b"
    again = read_election(copy)
    assert_equivalent(election, again)
    # Normalised ballots no longer repeat a project; no new finding appears.
    assert set(_without_numbers(again.warnings)) <= set(_without_numbers(election.warnings))


def _without_numbers(warnings: list[str]) -> list[str]:
    return [re.sub(r"\d+", "N", warning) for warning in warnings]


def test_written_file_is_plain_pabulib():
    election = read_election(dev_file("Poland_Wroclaw_2017.pb.gz"))
    text = format_election(election)
    lines = text.split("\n")
    assert lines[:2] == ["META", "key;value"]
    assert "PROJECTS" in lines
    assert "VOTES" in lines
    assert "\r" not in text
    header = lines[lines.index("PROJECTS") + 1]
    assert header == "project_id;cost;votes;name;category;selected;district"
    row = next(line for line in lines if line.startswith("50;"))
    assert ';"Zielona rowerowo-piesza obwodnica Wrocławia; ETAP II' in row
    konikowo = next(line for line in lines if line.startswith("499;"))
    assert ';"""Konikowo"" - Budowa' in konikowo
    # Minimal quoting: an ordinary field is not quoted.
    assert ";playgrounds;" in konikowo
    # Every section parses with the standard csv module as well.
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[[r[:1] for r in rows].index(["50"])][:2] == ["50", "1000000"]


def test_costs_and_budget_are_written_as_they_were():
    text = pb_text(
        budget="400000.0",
        projects="project_id;cost\n1;75000.0\n2;1,5\n3;100",
        votes="voter_id;vote\nv;1,2,3",
    )
    written = format_election(parse_election(text))
    assert "budget;400000.0\n" in written
    assert "\n1;75000.0\n" in written
    assert "\n2;1,5\n" in written


def test_points_are_written_back():
    election = parse_election(
        pb_text(
            vote_type="cumulative",
            projects="project_id;cost\n579;100\n12;50",
            votes="voter_id;vote;points;age\nv1;579,579;1,3;30\nv2;12,579;2.50,1;",
        )
    )
    written = format_election(election)
    assert written.endswith("VOTES\nvoter_id;vote;points;age\nv1;579;3;30\nv2;12,579;2.5,1;\n")
    assert parse_election(written).ballots == election.ballots


def test_write_to_a_stream_and_to_gzip(tmp_path: Path):
    election = parse_election(pb_text())
    stream = io.StringIO()
    write_election(election, stream)
    assert stream.getvalue() == format_election(election)

    first, second = tmp_path / "a.pb.gz", tmp_path / "b.pb.gz"
    write_election(election, first)
    write_election(election, str(second))
    assert first.read_bytes() == second.read_bytes()  # deterministic: no timestamp
    assert gzip.decompress(first.read_bytes()).decode() == format_election(election)
    plain = tmp_path / "c.pb"
    write_election(election, plain)
    assert plain.read_text(encoding="utf-8") == format_election(election)


def test_meta_without_header_is_written_with_one():
    election = parse_election(pb_text(meta_header=False))
    written = format_election(election)
    assert written.startswith("META\nkey;value\ndescription;synthetic\n")
    again = parse_election(written)
    assert again.meta == {**election.meta, "num_projects": "3", "num_votes": "2"}
    assert again.warnings == []


def test_counts_are_written_as_counted():
    election = parse_election(pb_text(meta={"description": "x", "num_votes": "7"}))
    written = format_election(election)
    assert "num_votes;2\n" in written
    assert "num_projects;3\n" in written


def test_empty_ballots_and_duplicate_voters_survive():
    election = parse_election(pb_text(votes="voter_id;vote\nv1;\nv1;1\nv2;None"))
    again = parse_election(format_election(election))
    assert again.ballots == election.ballots
    assert [ballot.projects for ballot in again.ballots] == [(), ("1",), ()]


def test_election_built_in_code():
    election = Election(
        meta={"description": "built in code"},
        projects={
            "a;1": Project("a;1", Fraction(1001, 2), name='The "big" one', categories=("x", "y")),
            "b": Project("b", Fraction(10), targets=("kids",), extra={"district": "North"}),
        },
        ballots=[
            Ballot("1", ("a;1", "b"), (Fraction(3), Fraction(1, 4))),
            Ballot("2", ("b",), (Fraction(2),), {"age": "40"}),
        ],
        vote_type=VoteType.CUMULATIVE,
        budget=Fraction(1000),
    )
    text = format_election(election)
    assert "budget;1000\n" in text
    assert "vote_type;cumulative\n" in text
    assert "project_id;cost;name;category;target;district\n" in text
    assert '"a;1";500.5;"The ""big"" one";x,y;;\n' in text
    assert "voter_id;vote;points;age\n" in text
    again = parse_election(text)
    assert again.projects["a;1"].cost == Fraction(1001, 2)
    assert again.projects["a;1"].name == 'The "big" one'
    assert again.projects["a;1"].categories == ("x", "y")
    assert again.projects["b"].targets == ("kids",)
    assert again.ballots[0].points == (Fraction(3), Fraction(1, 4))
    assert again.ballots[1].extra == {"age": "40"}


def test_a_project_id_with_a_semicolon_cannot_be_voted_for_but_is_quoted():
    # Project ids with ';' are quoted in PROJECTS; a vote cell is quoted too.
    election = Election(
        meta={},
        projects={"a;1": Project("a;1", Fraction(5))},
        ballots=[Ballot("v", ("a;1",))],
        vote_type=VoteType.APPROVAL,
        budget=Fraction(5),
    )
    assert parse_election(format_election(election)).ballots == election.ballots


def test_a_cost_without_a_decimal_form_is_refused():
    election = Election(
        meta={},
        projects={"1": Project("1", Fraction(1, 3))},
        ballots=[],
        vote_type=VoteType.APPROVAL,
        budget=Fraction(1),
    )
    with pytest.raises(ValueError, match=r"the cost of project '1' 1/3 has no exact decimal"):
        format_election(election)


def test_a_changed_cost_is_written_not_the_stale_text():
    election = parse_election(pb_text(projects="project_id;cost\n1;100.0", votes="voter_id;vote"))
    project = election.projects["1"]
    election.projects["1"] = Project("1", Fraction(250), cost_text=project.cost_text)
    election.budget = Fraction(999)
    written = format_election(election)
    assert "\n1;250\n" in written
    assert "budget;999\n" in written
