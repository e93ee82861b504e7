"""The reader's fast paths (sections found with one regular expression and split without
the CSV reader where there are no quotes; VOTES parsed column by column) give exactly what
the exact row-by-row paths give: the same election, warnings and error (message and line).
Each case is parsed twice, once as usual and once with the fast paths switched off."""

from __future__ import annotations

import copy
import gc
import pickle
import random
from pathlib import Path
from typing import Any

import pytest

from hromada.tally import pabulib
from hromada.tally.model import Ballot
from hromada.tally.pabulib import PabulibError, parse_election
from tests.tally.conftest import DEV_FILES

HEAD = "META\nkey;value\nbudget;100\nvote_type;{vote_type}\nPROJECTS\nproject_id;cost\n"
PROJECTS = "1;10\n2;20\n3;30\n"


def approval(votes: str, vote_type: str = "approval") -> str:
    return HEAD.format(vote_type=vote_type) + PROJECTS + votes


def outcome(text: str) -> tuple[Any, ...]:
    try:
        election = parse_election(text, source="f.pb")
    except PabulibError as error:
        return ("error", str(error))
    ballots = [
        (ballot.voter_id, ballot.projects, ballot.points, ballot.extra, type(ballot.extra))
        for ballot in election.ballots
    ]
    return (
        election.meta,
        election.projects,
        ballots,
        election.vote_type,
        election.budget,
        election.warnings,
        election.project_columns,
        election.vote_columns,
    )


def exact_outcome(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    with monkeypatch.context() as patch:
        patch.setattr(pabulib, "_split_sections_fast", lambda text: None)
        patch.setattr(pabulib, "_parse_columns", lambda *arguments: None)
        return outcome(text)


CASES = {
    "plain": approval("VOTES\nvoter_id;vote;age\n1;1,2;30\n2;2;\n3;3,1;x\n"),
    "crlf": approval("VOTES\nvoter_id;vote\n1;1,2\n2;2\n").replace("\n", "\r\n"),
    "bare CR": approval("VOTES\nvoter_id;vote\n1;1,2\r2;2\n"),
    "quoted votes": approval('VOTES\nvoter_id;vote;note\n1;"1,2";"a;b"\n2;2;\n'),
    "keyword in a quoted field": approval('VOTES\nvoter_id;vote;note\n1;1;"x\nVOTES\n"\n2;2;\n'),
    "multi-line field": approval('VOTES\nvoter_id;vote;note\n1;1;"x\ny"\n2;2;z\n'),
    "unclosed quote": approval('VOTES\nvoter_id;vote;note\n1;1;"x\n2;2;z\n'),
    "blank lines": approval("VOTES\n\nvoter_id;vote\n1;1\n\n2;2\n\n"),
    "blank rows": approval("VOTES\nvoter_id;vote\n1;1\n;\n 2 ; 2 \n"),
    "no voter_id": approval("VOTES\nvoter_id;vote\n1;1\n;2\n"),
    "repeated voter then repeated project": approval(
        "VOTES\nvoter_id;vote\n1;1\n1;2\n2;3,3\n1;1,1\n"
    ),
    "repeated project then repeated voter": approval(
        "VOTES\nvoter_id;vote\n1;1,1\n2;2\n2;3\n4;2,2\n"
    ),
    "both on one row": approval("VOTES\nvoter_id;vote\n1;1\n1;2,2\n"),
    "unknown project": approval("VOTES\nvoter_id;vote\n1;1\n1;1\n2;9\n3;8\n"),
    "unknown project after a too-wide row": approval("VOTES\nvoter_id;vote\n1;1\n2;2;oops\n3;9\n"),
    "too-wide row, blank cells": approval("VOTES\nvoter_id;vote\n1;1;;\n2;2\n"),
    "short row": approval("VOTES\nvoter_id;vote;age\n1;1\n2;2;3\n"),
    "header ending in ;": approval("VOTES\nvoter_id;vote;\n1;1;\n2;2;\n"),
    "spaces and None": approval("VOTES\nvoter_id;vote;age\n 1 ; 1 , 2 ;None\n2; ;\n3;None; 4\n"),
    "empty ballots": approval("VOTES\nvoter_id;vote\n1;\n2;None\n3;1\n"),
    "columns in another order": approval(
        "VOTES\nage;voter_id;sex;vote\n30;1;M;1,2\n;2;F;2\n30;3;M;1,2\n"
    ),
    "one extra column": approval("VOTES\nvoter_id;vote;age\n1;1;30\n2;2;30\n"),
    "choose-1": approval("VOTES\nvoter_id;vote\n1;1\n2;1\n3;2\n", "choose-1"),
    "ordinal": approval("VOTES\nvoter_id;vote\n1;3,1,2\n2;1,1\n", "ordinal"),
    "cumulative": HEAD.format(vote_type="cumulative")
    + PROJECTS
    + "VOTES\nvoter_id;vote;points;age\n1;1,2;3,1;20\n2;2,2;1,1;\n3;3;x;\n",
    "cumulative, negative": HEAD.format(vote_type="cumulative")
    + PROJECTS
    + "VOTES\nvoter_id;vote;points\n1;1;1\n2;2;-1\n",
    "points count": HEAD.format(vote_type="scoring")
    + PROJECTS
    + "VOTES\nvoter_id;points;vote\n1;1;1\n2;1;1,2\n",
    "lower-case and spaced keywords": approval("votes ;\nvoter_id;vote\n1;1\n").replace(
        "META", ' "meta" '
    ),
    "long s in a keyword": approval("VOTEſ\nvoter_id;vote\n1;1\n"),
    "keyword-like data": approval("VOTES\nvoter_id;vote\nmeta;1\nvotes;2\n"),
    "second VOTES section": approval("VOTES\nvoter_id;vote\n1;1\nVOTES\n"),
    "no VOTES section": approval(""),
    "text before META": "x\n" + approval("VOTES\nvoter_id;vote\n1;1\n"),
    "blank text before META": "\n ; \n" + approval("VOTES\nvoter_id;vote\n1;1\n"),
    "no newline at the end": approval("VOTES\nvoter_id;vote\n1;1"),
    "VOTES on the last line": approval("VOTES"),
    "only a header": approval("VOTES\nvoter_id;vote\n"),
    "NUL": approval("VOTES\nvoter_id;vote\n1;1\x00\n"),
    "byte-order mark": "\ufeff" + approval("VOTES\nvoter_id;vote\n1;1\n"),
    "overlong field": approval("VOTES\nvoter_id;vote;note\n1;1;" + "x" * 200_000 + "\n"),
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_the_fast_paths_change_nothing(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text) == exact_outcome(text, monkeypatch)


def test_the_fast_paths_change_nothing_on_random_edits(monkeypatch: pytest.MonkeyPatch) -> None:
    pieces = ['"', ";", "\n", "\r", "\r\n", ",", " ", "VOTES", "votes", "None", "1", '"\n"']
    generator = random.Random(20260)
    bases = list(CASES.values())[:8]
    for _case in range(400):
        text = generator.choice(bases)
        for _edit in range(generator.randint(1, 3)):
            at = generator.randrange(len(text) + 1)
            if generator.random() < 0.7:
                text = text[:at] + generator.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + generator.randint(1, 4) :]
        assert outcome(text) == exact_outcome(text, monkeypatch), repr(text)


@pytest.mark.parametrize("path", DEV_FILES, ids=[path.name for path in DEV_FILES])
def test_the_fast_paths_change_nothing_on_the_dev_files(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = pabulib.read_text(path)
    assert outcome(text) == exact_outcome(text, monkeypatch)


def test_the_fast_paths_are_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    taken: list[str] = []
    split, columns = pabulib._split_sections_fast, pabulib._parse_columns

    def spy_split(text: str) -> Any:
        found = split(text)
        taken.append("sections" if found is not None else "exact sections")
        return found

    def spy_columns(*arguments: Any) -> Any:
        ballots = columns(*arguments)
        taken.append("columns" if ballots is not None else "rows")
        return ballots

    monkeypatch.setattr(pabulib, "_split_sections_fast", spy_split)
    monkeypatch.setattr(pabulib, "_parse_columns", spy_columns)
    parse_election(CASES["plain"])
    assert taken == ["sections", "columns"]
    taken.clear()
    parse_election(CASES["multi-line field"])
    assert taken == ["exact sections", "columns"]
    taken.clear()
    parse_election(CASES["blank rows"])
    assert taken == ["sections", "rows"]


def test_fast_ballots_are_ordinary_ballots() -> None:
    election = parse_election(CASES["plain"])
    built = [Ballot(b.voter_id, b.projects, b.points, dict(b.extra)) for b in election.ballots]
    assert election.ballots == built
    assert pickle.loads(pickle.dumps(election.ballots)) == built  # noqa: S301 (our own data)
    assert repr(election.ballots) == repr(built)
    with pytest.raises(AttributeError):
        election.ballots[0].voter_id = "x"  # type: ignore[misc]


def test_every_ballot_owns_its_extra_mapping() -> None:
    election = parse_election(approval("VOTES\nvoter_id;vote;age\n1;1;30\n2;2;30\n3;3;\n4;3;\n"))
    extras = [ballot.extra for ballot in election.ballots]
    assert extras == [{"age": "30"}, {"age": "30"}, {}, {}]
    assert len({id(extra) for extra in extras}) == len(extras)


def test_the_garbage_collector_is_restored() -> None:
    assert gc.isenabled()
    parse_election(CASES["plain"])
    assert gc.isenabled()
    with pytest.raises(PabulibError):
        parse_election(CASES["unknown project"])
    assert gc.isenabled()
    gc.disable()
    try:
        parse_election(CASES["plain"])
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".",
        "/",
        "//",
        "///x",
        "a",
        "a/",
        "a//b/./c/",
        "./a",
        "/a/b",
        "//a/b",
        "a/..",
        "x.pb.gz/",
    ],
)
def test_paths_are_read_as_pathlib_reads_them(text: str) -> None:
    assert pabulib._path(text) == (str(Path(text)), Path(text).name)
    assert pabulib._path(Path(text)) == (str(Path(text)), Path(text).name)


def test_a_ballot_with_the_default_extra_pickles_and_copies() -> None:
    ballot = Ballot("v1", ("1", "2"))
    assert pickle.loads(pickle.dumps(ballot)) == ballot  # noqa: S301 (our own data)
    assert copy.deepcopy(ballot) == ballot
    assert dict(ballot.extra) == {}
