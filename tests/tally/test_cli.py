"""`python -m hromada.tally`: options, JSON and English output, and one-line errors with
exit status 2 (never a traceback)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from hromada.tally import outcome as outcome_module
from hromada.tally.cli import explain_in_english, format_figure, main
from hromada.tally.outcome import Explanation
from tests.tally.conftest import ROOT, dev_file, expected_instances, pb_text

GROCHOW = "Poland_Warszawa_2026_Grochow.pb"
MURCKI = "Poland_Katowice_2024_Murcki.pb"  # cumulative
RULE_IDS = {
    ("greedy",): "greedy_cost",
    ("greedy", "--by", "points"): "greedy_points",
    ("mes",): "mes_cost",
    ("mes", "--completion", "add1"): "mes_cost_add1",
    ("mes", "--completion", "add1-greedy"): "mes_cost_add1_greedy",
    ("mes", "--utility", "points"): "mes_cardinal",
    ("phragmen",): "phragmen",
}


def needs_rule(name: str) -> None:
    """Skip while another helper has not written the rule module yet."""
    if importlib.util.find_spec(f"hromada.tally.rules.{name}") is None:
        pytest.skip(f"hromada.tally.rules.{name} is not written yet")


def run(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    status = main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def run_usage(capsys: pytest.CaptureFixture[str], *arguments: str | Path) -> tuple[int, str, str]:
    """argparse errors leave through SystemExit(2)."""
    with pytest.raises(SystemExit) as caught:
        main([str(argument) for argument in arguments])
    captured = capsys.readouterr()
    return int(str(caught.value.code)), captured.out, captured.err


def one_line(text: str) -> str:
    assert text.endswith("\n")
    assert text.count("\n") == 1, text
    assert "Traceback" not in text
    return text.strip()


# ----------------------------------------------------------------- success


@pytest.mark.parametrize("arguments", list(RULE_IDS), ids=list(RULE_IDS.values()))
def test_json_matches_the_reference(arguments: tuple[str, ...], capsys: pytest.CaptureFixture[str]):
    needs_rule(arguments[0])
    name = MURCKI if RULE_IDS[arguments] in {"greedy_points", "mes_cardinal"} else GROCHOW
    path = dev_file(name)
    expected = expected_instances().get(name, {}).get("results", {}).get(RULE_IDS[arguments])
    if not expected or expected["status"] != "ok":
        pytest.skip(f"no reference outcome for {name} {RULE_IDS[arguments]}")
    status, out, err = run(capsys, path, "--rule", *arguments, "--json")
    assert status == 0, err
    document = json.loads(out)
    assert sorted(document["selected"]) == sorted(expected["winners"])
    if arguments[0] != "phragmen":  # the reference reports Phragmén's winners sorted
        assert document["selected"] == expected["selection_order"]
    assert document["total_cost"] == expected["total_cost"]
    assert document["rule"] == arguments[0]


def test_json_document_shape(capsys: pytest.CaptureFixture[str]):
    needs_rule("mes")
    path = dev_file(GROCHOW)
    status, out, _err = run(capsys, path, "--rule", "mes", "--json")
    assert status == 0
    document: dict[str, Any] = json.loads(out)
    for key in ("rule", "options", "budget", "selected", "total_cost", "explanations", "warnings"):
        assert key in document
    assert document["file"] == GROCHOW
    assert document["budget"] == "2055879"
    assert document["options"]["utility"] == "cost"
    assert document["options"]["completion"] == "none"
    assert document["options"]["tie_break"] == "id"
    assert re.fullmatch(r"\d+/\d+", document["options"]["endowment"])
    assert set(document["explanations"]) == set(
        line.split(";")[0]
        for line in path.read_text(encoding="utf-8")
        .split("PROJECTS\n")[1]
        .split("VOTES")[0]
        .splitlines()[1:]
    )
    assert list(document["explanations"])[: len(document["selected"])] == document["selected"]
    for explanation in document["explanations"].values():
        assert set(explanation) == {"code", "numbers"}
        for value in explanation["numbers"].values():
            assert isinstance(value, int | str)
    assert any("counts once" in warning for warning in document["warnings"])


def test_english_report(capsys: pytest.CaptureFixture[str]):
    needs_rule("greedy")
    status, out, err = run(capsys, dev_file(GROCHOW), "--rule", "greedy")
    assert status == 0, err
    assert err == ""
    assert out.startswith(f"{GROCHOW}: approval ballots, 2 106 voters, 21 projects\n")
    assert "Budget: 2 055 879\n" in out
    assert "1. 1419  Zielone zakątki" in out
    assert ": 160 640, selected in round 1 with 957 votes; 1 895 239 left\n" in out
    assert "skipped: 1 310 860 does not fit the remaining 1 135 239" in out
    assert "Warnings:\n  - 2 rows (lines 1590, 1990)" in out


def test_options_reach_the_rule(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    needs_rule("greedy")
    order = tmp_path / "order.txt"
    order.write_text("3\n2\n99\n", encoding="utf-8")
    text = pb_text(
        projects="project_id;cost\n1;100\n2;100\n3;100",
        votes="voter_id;vote\na;1,2,3\nb;1,2,3\nc;1",
        budget="200",
    )
    path = tmp_path / "tie.pb"
    path.write_text(text, encoding="utf-8")
    status, out, _err = run(capsys, path, "--rule", "greedy", "--json")
    assert json.loads(out)["selected"] == ["1", "2"]
    status, out, _err = run(
        capsys, path, "--rule", "greedy", "--tie-break", f"order:{order}", "--json"
    )
    assert status == 0
    document = json.loads(out)
    assert document["selected"] == ["1", "3"]
    assert document["options"]["tie_break"] == "order (3 projects)"
    assert document["warnings"] == [
        "the tie-break order names projects not in the file: '99' (ignored)"
    ]
    status, out, _err = run(capsys, path, "--rule", "greedy", "--min-votes", "2.5", "--json")
    document = json.loads(out)
    assert document["selected"] == ["1"]
    assert document["options"]["min_votes"] == "2.5"
    assert document["explanations"]["2"] == {
        "code": "below_minimum",
        "numbers": {"value": 2, "minimum": "2.5"},
    }
    status, out, _err = run(capsys, path, "--rule", "greedy", "--tie-break", "lot:2026", "--json")
    assert json.loads(out)["options"]["tie_break"] == "lot:2026"


def test_no_skip(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    needs_rule("greedy")
    path = tmp_path / "skip.pb"
    path.write_text(
        pb_text(
            projects="project_id;cost\n1;300\n2;200\n3;50",
            votes="voter_id;vote\na;1,2,3\nb;1,2\nc;1",
            budget="400",
        ),
        encoding="utf-8",
    )
    _status, out, _err = run(capsys, path, "--rule", "greedy", "--json")
    assert json.loads(out)["selected"] == ["1", "3"]
    _status, out, _err = run(capsys, path, "--rule", "greedy", "--no-skip")
    assert "1. 1: 300, selected in round 1" in out
    assert "2: 200, not selected: counting stopped because 200 does not fit the remaining 100" in (
        out
    )


def test_empty_ballots_and_scoring_file_run(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    needs_rule("greedy")
    path = tmp_path / "scoring.pb"
    path.write_text(
        pb_text(vote_type="scoring", votes="voter_id;vote;points\nv1;1,2;5,1\nv2;;\nv3;2;1"),
        encoding="utf-8",
    )
    status, out, err = run(capsys, path, "--rule", "greedy", "--by", "points", "--json")
    assert status == 0, err
    assert json.loads(out)["selected"] == ["1", "2"]


def test_module_runs_with_the_standard_library_only():
    """`PYTHONPATH=src python -S -m hromada.tally …`: no site-packages at all."""
    needs_rule("greedy")
    path = dev_file("Poland_Warszawa_2018_Pole_Mokotowskie.pb")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-S", "-m", "hromada.tally", str(path), "--rule", "greedy", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["selected"] == ["658"]


def test_module_error_is_one_line_without_traceback(tmp_path: Path):
    path = tmp_path / "broken.pb"
    path.write_text(pb_text(projects="project_id;cost\n1;x"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-S", "-m", "hromada.tally", str(path), "--rule", "greedy"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_line(result.stderr) == "broken.pb:9: the cost of project '1' is not a number: 'x'"


# ----------------------------------------------------------------- errors (exit 2)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--rule", "greedy", "--by", "cost"], "argument --by: invalid choice: 'cost'"),
        (["--rule", "borda"], "argument --rule: invalid choice: 'borda'"),
        (["--rule", "mes", "--utility", "joy"], "argument --utility: invalid choice"),
        (["--rule", "mes", "--completion", "add2"], "argument --completion: invalid choice"),
        (["--rule", "greedy", "--min-votes", "many"], "argument --min-votes: 'many' is not a"),
        (["--rule", "greedy", "--min-votes", "-3"], "argument --min-votes: '-3' is negative"),
        (["--rule", "greedy", "--tie-break", "coin"], "argument --tie-break: unknown tie-break"),
        (["--rule", "greedy", "--tie-break", "lot:"], "argument --tie-break: unknown tie-break"),
        (
            ["--rule", "greedy", "--tie-break", "order:/nonexistent/order.txt"],
            "argument --tie-break: cannot read the order file /nonexistent/order.txt",
        ),
        ([], "the following arguments are required: --rule"),
    ],
)
def test_bad_options(
    arguments: list[str], message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
):
    path = tmp_path / "ok.pb"
    path.write_text(pb_text(), encoding="utf-8")
    status, out, err = run_usage(capsys, path, *arguments)
    assert status == 2
    assert out == ""
    line = one_line(err)
    assert line.startswith("python -m hromada.tally: error: ")
    assert message in line
    assert line.endswith("(see --help)")


def test_order_file_listing_a_project_twice(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    order = tmp_path / "order.txt"
    order.write_text("1\n1\n", encoding="utf-8")
    status, _out, err = run_usage(
        capsys, tmp_path / "x.pb", "--rule", "greedy", "--tie-break", f"order:{order}"
    )
    assert status == 2
    assert "lists a project twice" in one_line(err)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (pb_text(projects="project_id;cost\n1;x"), "bad.pb", "bad.pb:9: the cost of project"),
        (pb_text() + pb_text(), "twice.pb", "twice.pb:16: a second META section"),
        (b"META\nkey;value\ndescription;\xff\n", "enc.pb", "enc.pb:3: the file is not valid UTF-8"),
        (
            pb_text(votes="voter_id;vote\nv1;7"),
            "unknown.pb",
            "unknown.pb:14: the vote names project '7', which is not in PROJECTS",
        ),
        (b"\x1f\x8b\x08\x00", "cut.pb.gz", "cut.pb.gz:1: the gzip data is truncated"),
        ("META\nkey;value\n", "short.pb", "short.pb:2: the PROJECTS section is missing"),
    ],
)
def test_bad_files(
    content: str | bytes,
    name: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
    write_pb: Callable[..., Path],
):
    status, out, err = run(capsys, write_pb(content, name), "--rule", "greedy")
    assert status == 2
    assert out == ""
    assert one_line(err).startswith(message)


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path):
    status, _out, err = run(capsys, tmp_path / "absent.pb", "--rule", "greedy")
    assert status == 2
    assert one_line(err) == "absent.pb: cannot read the file (No such file or directory)"


def test_rule_that_does_not_apply(capsys: pytest.CaptureFixture[str]):
    needs_rule("phragmen")
    status, out, err = run(capsys, dev_file(MURCKI), "--rule", "phragmen")
    assert status == 2
    assert out == ""
    line = one_line(err)
    assert line.startswith("python -m hromada.tally: error: --rule phragmen: ")
    assert "cumulative" in line


def test_mes_points_utility_on_approval_ballots(capsys: pytest.CaptureFixture[str]):
    needs_rule("mes")
    status, _out, err = run(capsys, dev_file(GROCHOW), "--rule", "mes", "--utility", "points")
    if status == 0:
        pytest.skip("mes accepts points utilities on approval ballots (1 point each)")
    assert status == 2
    assert one_line(err).startswith("python -m hromada.tally: error: --rule mes: ")


# ----------------------------------------------------------------- English sentences


def documented_codes() -> list[str]:
    doc = outcome_module.Explanation.__doc__ or ""
    return re.findall(r"^\s*- `([a-z_]+)`", doc, flags=re.MULTILINE)


def test_every_documented_code_has_a_sentence():
    codes = documented_codes()
    assert {"selected", "skipped_does_not_fit", "below_minimum", "no_supporters"} <= set(codes)
    for code in codes:
        # The fallback for unknown codes lists every number; a handled code does not.
        sentence = explain_in_english(Explanation(code, {"unrelated": 1}))
        assert sentence
        assert "unrelated" not in sentence, code


@pytest.mark.parametrize(
    ("code", "numbers", "sentence"),
    [
        (
            "selected",
            {
                "round": 3,
                "votes": 5432,
                "cost": "350000",
                "remaining": "120000",
                "payers": 1204,
                "rho": "1/3",
            },
            "selected in round 3 with 5 432 votes, paid by 1 204 voters; 120 000 left",
        ),
        (
            "selected",
            {"round": 1, "votes": 1, "cost": "0", "remaining": "500", "payers": 0, "rho": "0"},
            "selected in round 1 with 1 vote, free (it costs nothing); 500 left",
        ),
        (
            "selected",
            {"round": 2, "votes": 30, "points": "75.5", "cost": "10", "remaining": "0"},
            "selected in round 2 with 75.5 points from 30 voters; 0 left",
        ),
        (
            "selected_by_completion",
            {"round": 7, "votes": 12, "cost": "10", "remaining": "5"},
            "selected by the completion in round 7 with 12 votes; 5 left",
        ),
        (
            "skipped_does_not_fit",
            {"cost": "350000", "remaining": "120000"},
            "skipped: 350 000 does not fit the remaining 120 000",
        ),
        (
            "below_minimum",
            {"value": 120, "minimum": 300},
            "below the minimum of 300 votes (it has 120)",
        ),
        (
            "stopped_no_skip",
            {"cost": "350000", "remaining": "120000"},
            "not selected: counting stopped because 350 000 does not fit the remaining "
            "120 000 (no skipping)",
        ),
        (
            "not_affordable",
            {"cost": "1000", "supporters": 12, "supporters_with_money": 3, "money": "2000/3"},
            "not affordable: its 12 supporters have only ≈ 666.6667 left for its cost of 1 000",
        ),
        (
            "over_budget",
            {"cost": "999999999", "budget": "444207"},
            "costs 999 999 999, more than the whole budget of 444 207",
        ),
        ("no_supporters", {}, "no voter supports it"),
        (
            "not_reached",
            {"votes": 856},
            "not reached: counting stopped before this project (856 votes)",
        ),
        ("mystery", {"a": 1, "b": "2000"}, "mystery (a 1, b 2 000)"),
        ("mystery_code", {}, "mystery code"),
    ],
)
def test_explain_in_english(code: str, numbers: dict[str, object], sentence: str):
    assert explain_in_english(Explanation(code, numbers)) == sentence


def test_below_minimum_in_points():
    assert (
        explain_in_english(Explanation("below_minimum", {"value": 1, "minimum": 1.5}), by="points")
        == "below the minimum of 1.5 points (it has 1)"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1204, "1 204"),
        (0, "0"),
        (-1500, "-1 500"),
        (Fraction(32223955, 100), "322 239.55"),
        ("24186815", "24 186 815"),
        ("1/3", "≈ 0.3333"),
        ("abc", "abc"),
        (True, "True"),
        (999, "999"),
    ],
)
def test_format_figure(value: object, text: str):
    assert format_figure(value) == text
