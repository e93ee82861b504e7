"""Every unusable file raises PabulibError with one line: `<file>:<line>: <problem>`."""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from hromada.tally.pabulib import PabulibError, parse_election, read_election
from tests.tally.conftest import dev_file, pb_text

SMALL = "Poland_Warszawa_2018_Pole_Mokotowskie.pb"
OTHER = "Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb"


def read_error(path: Path) -> PabulibError:
    with pytest.raises(PabulibError) as caught:
        read_election(path)
    message = str(caught.value)
    assert "\n" not in message
    assert "Traceback" not in message
    return caught.value


def error_of(text: str | bytes, write_pb: Callable[..., Path], name: str = "bad.pb") -> str:
    error = read_error(write_pb(text, name))
    message = str(error)
    assert message.startswith(f"{name}:")
    assert re.match(rf"{re.escape(name)}:\d+: \S", message), message
    return message


# ----------------------------------------------------------------- structure


@pytest.mark.parametrize("section", ["META", "PROJECTS", "VOTES"])
def test_missing_section(section: str, write_pb: Callable[..., Path]):
    text = pb_text()
    lines = text.splitlines()
    start = lines.index(section)
    following = [line for line in ("PROJECTS", "VOTES") if lines.index(line) > start]
    end = lines.index(following[0]) if following else len(lines)
    remaining = lines[:start] + lines[end:]
    message = error_of("\n".join(remaining) + "\n", write_pb)
    assert message == (
        f"bad.pb:{len(remaining)}: the {section} section is missing (the file ends here; "
        "truncated?)"
    )


def test_empty_file(write_pb: Callable[..., Path]):
    assert error_of("", write_pb) == (
        "bad.pb:1: the META section is missing (the file ends here; truncated?)"
    )


def test_concatenated_elections_are_rejected(write_pb: Callable[..., Path]):
    first = dev_file(SMALL).read_bytes()
    second = dev_file(OTHER).read_bytes()
    path = write_pb(first + second, "whole_city.pb")
    message = str(read_error(path))
    second_meta = first.count(b"\n") + 1
    assert message == (
        f"whole_city.pb:{second_meta}: a second META section (the first is on line 1): the "
        "file holds more than one election; split it into one file per election"
    )


def test_a_second_votes_section(write_pb: Callable[..., Path]):
    text = pb_text() + "VOTES\nvoter_id;vote\nv9;1\n"
    assert "a second VOTES section (the first is on line 12)" in error_of(text, write_pb)


def test_text_before_meta(write_pb: Callable[..., Path]):
    assert error_of("hello\n" + pb_text(), write_pb).startswith(
        "bad.pb:1: text before the META section"
    )


def test_truncated_in_the_votes_header(write_pb: Callable[..., Path]):
    text = dev_file(SMALL).read_text(encoding="utf-8")
    cut = text[: text.index("voter_id;vote") + len("voter_id;vo")]
    line = cut.count("\n") + 1
    assert error_of(cut, write_pb) == f"bad.pb:{line}: the VOTES header has no 'vote' column"


def test_truncated_in_the_votes_keyword(write_pb: Callable[..., Path]):
    text = dev_file(SMALL).read_text(encoding="utf-8")
    cut = text[: text.index("VOTES") + 3]
    line = cut.count("\n") + 1
    assert error_of(cut, write_pb) == (
        f"bad.pb:{line}: the VOTES section is missing (the file ends here; truncated?)"
    )


def test_truncated_in_projects(write_pb: Callable[..., Path]):
    text = dev_file(OTHER).read_text(encoding="utf-8")
    cut = text[: text.index("PROJECTS") + 80]
    assert "the VOTES section is missing" in error_of(cut, write_pb)


def test_truncated_inside_a_quoted_field(write_pb: Callable[..., Path]):
    text = pb_text(projects='project_id;cost;name\n1;100;"unfinished', votes="")
    message = error_of(text.split("VOTES")[0], write_pb)
    assert message == (
        "bad.pb:9: malformed CSV row: a quoted field is never closed (truncated file?)"
    )


def test_bad_quoting(write_pb: Callable[..., Path]):
    text = pb_text(projects='project_id;cost;name\n1;100;"a"b\n2;200;x\n3;3;y')
    assert error_of(text, write_pb).startswith("bad.pb:9: malformed CSV row:")


# ----------------------------------------------------------------- META


def test_missing_budget(write_pb: Callable[..., Path]):
    text = pb_text().replace("budget;400\n", "")
    assert error_of(text, write_pb) == "bad.pb:1: META has no budget"


def test_non_numeric_budget(write_pb: Callable[..., Path]):
    assert error_of(pb_text(budget="lots"), write_pb) == (
        "bad.pb:5: the budget 'lots' is not a number"
    )


def test_unknown_vote_type(write_pb: Callable[..., Path]):
    assert error_of(pb_text(vote_type="approvals"), write_pb) == (
        "bad.pb:6: unknown vote_type 'approvals' (expected one of approval, choose-1, "
        "cumulative, scoring, ordinal)"
    )


def test_meta_row_without_key(write_pb: Callable[..., Path]):
    text = pb_text().replace("key;value\n", "key;value\n;orphan\n")
    assert error_of(text, write_pb) == "bad.pb:3: a META row without a key"


# ----------------------------------------------------------------- PROJECTS


@pytest.mark.parametrize(
    ("projects", "problem"),
    [
        ("project_id;cost\n1;abc", "9: the cost of project '1' is not a number: 'abc'"),
        ("project_id;cost\n1;1/3", "9: the cost of project '1' is not a number: '1/3'"),
        ("project_id;cost\n1;-5", "9: project '1' has a negative cost (-5)"),
        ("project_id;cost\n1;", "9: project '1' has no cost"),
        ("project_id;cost\n1;None", "9: project '1' has no cost"),
        ("project_id;cost\n1;5\n1;6", "10: project '1' is listed twice"),
        ("project_id;cost\n;5", "9: a project without a project_id"),
        ("project_id;cost\n1,2;5", "9: the project id '1,2' contains a comma"),
        ("project_id;cost;name\n1;5;a;b", "9: a PROJECTS row has 4 fields but the header has 3"),
        ("project_id;name\n1;a", "8: the PROJECTS header has no 'cost' column"),
        ("id;cost\n1;5", "8: the PROJECTS header has no 'project_id' column"),
        ("1;5\n2;6", "8: the PROJECTS header has no 'project_id' column (is the header row"),
        ("project_id;cost;name;name\n1;5;a;b", "8: the PROJECTS header names column 'name' twice"),
        ("project_id;;cost\n1;;5", "8: the PROJECTS header has an empty column name (column 2)"),
        ("", "7: the PROJECTS section has no header row"),
    ],
)
def test_bad_projects(projects: str, problem: str, write_pb: Callable[..., Path]):
    text = pb_text(projects=projects, votes="voter_id;vote\nv1;")
    assert error_of(text, write_pb).startswith(f"bad.pb:{problem}")


# ----------------------------------------------------------------- VOTES


@pytest.mark.parametrize(
    ("votes", "vote_type", "problem"),
    [
        (
            "voter_id;vote\nv1;1\nv2;1,9",
            "approval",
            "15: the vote names project '9', which is not in PROJECTS",
        ),
        ("voter_id;vote\nv1; 1 , x", "approval", "14: the vote names project 'x'"),
        ("voter_id;ballot\nv1;1", "approval", "13: the VOTES header has no 'vote' column"),
        ("vote\n1", "approval", "13: the VOTES header has no 'voter_id' column"),
        ("voter_id;vote\nv1;1,2", "cumulative", "13: the VOTES header has no 'points' column"),
        (
            "voter_id;vote;points\nv1;1,2;3",
            "cumulative",
            "14: the vote lists 2 projects but the points column has 1 values",
        ),
        (
            "voter_id;vote;points\nv1;1;",
            "scoring",
            "14: the vote lists 1 projects but the points column has 0 values",
        ),
        ("voter_id;vote;points\nv1;1,2;3,x", "cumulative", "14: the points 'x' are not a number"),
        ("voter_id;vote;points\nv1;1;-1", "cumulative", "14: negative points (-1)"),
        ("voter_id;vote\nv1;1;extra", "approval", "14: a VOTES row has 3 fields"),
    ],
)
def test_bad_votes(votes: str, vote_type: str, problem: str, write_pb: Callable[..., Path]):
    text = pb_text(votes=votes, vote_type=vote_type)
    assert error_of(text, write_pb).startswith(f"bad.pb:{problem}")


def test_unknown_project_in_a_real_file(write_pb: Callable[..., Path]):
    text = dev_file(OTHER).read_bytes().decode("utf-8")
    lines = text.split("\r\n")
    last = len([line for line in lines if line]) - 1
    voter, _vote, *rest = lines[last].split(";")
    lines[last] = ";".join([voter, "427,424242", *rest])
    message = error_of("\r\n".join(lines), write_pb, OTHER)
    assert message == (
        f"{OTHER}:{last + 1}: the vote names project '424242', which is not in PROJECTS"
    )


# ----------------------------------------------------------------- bytes


def test_bad_utf8(write_pb: Callable[..., Path]):
    raw = pb_text().encode().replace(b"Two", b"Tw\xf3")
    assert error_of(raw, write_pb) == (
        "bad.pb:10: the file is not valid UTF-8 text (byte 0xf3 in column 9)"
    )


def test_latin1_real_file(write_pb: Callable[..., Path]):
    text = dev_file(OTHER).read_text(encoding="utf-8")
    path = write_pb(text.encode("cp1250"), "latin.pb")
    first_bad = next(
        number for number, line in enumerate(text.splitlines(), start=1) if not line.isascii()
    )
    assert str(read_error(path)).startswith(
        f"latin.pb:{first_bad}: the file is not valid UTF-8 text"
    )


def test_truncated_gzip(write_pb: Callable[..., Path]):
    raw = dev_file("Poland_Wroclaw_2017.pb.gz").read_bytes()
    path = write_pb(raw[: len(raw) // 2], "cut.pb.gz")
    message = str(read_error(path))
    assert re.fullmatch(
        r"cut\.pb\.gz:\d+: the gzip data is truncated: the file was cut off here", message
    )
    line = int(message.split(":")[1])
    assert line > 1000


def test_corrupt_gzip(write_pb: Callable[..., Path]):
    raw = bytearray(gzip.compress(pb_text().encode() * 50))
    raw[len(raw) // 2 : len(raw) // 2 + 8] = b"\x00" * 8
    message = str(read_error(write_pb(bytes(raw), "corrupt.pb.gz")))
    assert re.fullmatch(r"corrupt\.pb\.gz:\d+: corrupt gzip data \(.+\)", message), message


def test_gzip_header_only(write_pb: Callable[..., Path]):
    message = str(read_error(write_pb(b"\x1f\x8b", "tiny.pb.gz")))
    assert message == "tiny.pb.gz:1: the gzip data is truncated: the file was cut off here"


def test_name_ends_in_gz_but_is_not_gzip(write_pb: Callable[..., Path]):
    message = str(read_error(write_pb(pb_text(), "plain.pb.gz")))
    assert message == "plain.pb.gz: the name ends in .gz but the file is not gzip data"


def test_missing_file(tmp_path: Path):
    message = str(read_error(tmp_path / "absent.pb"))
    assert message == "absent.pb: cannot read the file (No such file or directory)"


def test_parse_election_without_a_source_names_the_line():
    with pytest.raises(PabulibError, match=r"^line 6: unknown vote_type 'x'") as caught:
        parse_election(pb_text(vote_type="x"))
    assert caught.value.line == 6
    assert caught.value.problem.startswith("unknown vote_type")
