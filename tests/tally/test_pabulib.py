"""The Pabulib reader: every item of the data set's "Format notes", handled on purpose,
tested on the dev file the notes name or on a minimal synthetic file."""

from __future__ import annotations

import gzip
import re
import sys
import time
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

import pytest

from hromada.tally.model import Ballot, VoteType
from hromada.tally.pabulib import (
    LIMIT_KEYS,
    BallotLimits,
    ballot_limits,
    parse_decimal,
    parse_election,
    read_election,
    read_text,
)
from tests.tally.conftest import dev_file, pb_text

TOULOUSE_16 = (
    "France_Toulouse_2022_16_-_Fontaine-Lestang_Arenes_Bagatelle_Papus_Tabar_Bordelongue_"
    "Mermoz_La_Faourette.pb"
)

# ----------------------------------------------------------------- quoting and layout


def test_quoted_fields_with_semicolons_in_amsterdam_613():
    election = read_election(dev_file("Netherlands_Amsterdam_613.pb"))
    assert election.projects["42426"].extra["category"] == "Ontmoeting &amp; verbinding"
    assert election.projects["42426"].categories == ("Ontmoeting &amp; verbinding",)
    assert election.projects["42426"].name == "Ga voor een fleurig Zunderdorp!"
    assert election.project_columns == ("project_id", "cost", "votes", "name", "category")


def test_quoted_fields_with_semicolons_and_doubled_quotes_in_wroclaw_2017():
    election = read_election(dev_file("Poland_Wroclaw_2017.pb.gz"))
    assert election.projects["50"].name.startswith(
        "Zielona rowerowo-piesza obwodnica Wrocławia; ETAP II – odcinki:"
    )
    assert election.projects["50"].cost == 1_000_000
    assert election.projects["50"].extra["district"] == (
        "Przedmieście Oławskie,Psie Pole-Zawidawie"
    )
    assert election.projects["499"].name.startswith('"Konikowo" - Budowa')
    assert election.projects["668"].name == '"Park & ride" przy pętli Pilczyce/Stadion Wrocław'
    assert election.projects["422"].name == 'Akcja Plac - Gry uliczne "Oswajamy beton"'


def test_quoted_meta_value_with_semicolon_and_quotes():
    text = pb_text(meta={"description": "x", "acknowledgments": '"Thanks; to ""all"""'})
    election = parse_election(text)
    assert election.meta["acknowledgments"] == 'Thanks; to "all"'


def test_quoted_field_spanning_lines_keeps_line_numbers():
    projects = 'project_id;cost;name\n1;100;"two\nlines"\n2;200;Two'
    election = parse_election(pb_text(projects=projects, votes="voter_id;vote\nv1;1\nv2;2"))
    assert election.projects["1"].name == "two\nlines"
    broken = pb_text(projects=projects, votes="voter_id;vote\nv1;1\nv2;9")
    with pytest.raises(ValueError, match=r"^line 15: the vote names project '9'"):
        parse_election(broken)


def test_meta_without_key_value_header_keeps_its_first_row():
    election = parse_election(pb_text(meta_header=False))
    assert election.meta["description"] == "synthetic"
    assert list(election.meta)[:2] == ["description", "country"]
    assert any("no 'key;value' header row" in warning for warning in election.warnings)


def test_meta_with_header_gives_no_warning_and_keeps_key_order():
    path = dev_file("poland_warszawa_2019_srodmiescie.pb")
    election = read_election(path)
    assert election.warnings == []
    lines = path.read_text(encoding="utf-8").splitlines()
    written = [line.split(";")[0] for line in lines[2 : lines.index("PROJECTS")]]
    assert list(election.meta) == written


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_do_not_change_the_election(newline: str):
    reference = parse_election(pb_text())
    election = parse_election(pb_text(newline=newline))
    assert election == reference
    assert all("\r" not in value for value in election.meta.values())


def test_mixed_line_endings_and_crlf_dev_file():
    text = pb_text().replace("\n", "\r\n", 5)
    assert parse_election(text) == parse_election(pb_text())
    election = read_election(dev_file("France_Toulouse_2019.pb"))  # CRLF throughout
    assert all(
        "\r" not in value
        for ballot in election.ballots
        for value in (ballot.voter_id, *ballot.extra.values())
    )


def test_byte_order_mark_is_ignored(write_pb: Callable[..., Path]):
    path = write_pb(b"\xef\xbb\xbf" + pb_text().encode())
    assert read_election(path) == parse_election(pb_text())
    assert parse_election("\ufeff" + pb_text()) == parse_election(pb_text())


def test_lines_ending_in_semicolon_synthetic():
    election = parse_election(
        pb_text(
            projects="project_id;cost;name;\n1;100;One;\n2;200;;\n3;300;Three",
            votes="voter_id;vote;age;\nv1;1,2;;\nv2;3;33;",
            meta={"description": "x;", "country": "Test"},
        )
    )
    assert election.project_columns == ("project_id", "cost", "name")
    assert election.vote_columns == ("voter_id", "vote", "age")
    assert election.meta["description"] == "x"
    assert election.projects["2"].name == ""
    assert election.ballots[0].extra == {}
    assert election.ballots[1].extra == {"age": "33"}


def test_lines_ending_in_semicolon_in_czestochowa_2024():
    path = dev_file("Poland_Czestochowa_2024.pb")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[157] == "45;217;10;F;internet;"
    election = read_election(path)
    ballot = next(ballot for ballot in election.ballots if ballot.voter_id == "45")
    assert ballot.projects == ("217",)
    assert ballot.points == (Fraction(10),)
    assert ballot.extra == {"sex": "F", "voting_method": "internet"}


def test_none_cells_are_missing():
    election = read_election(dev_file("poland_warszawa_2019_srodmiescie.pb"))
    project = election.projects["2050"]
    assert project.targets == ()
    assert "target" not in project.extra
    assert project.categories == (
        "public transit and roads",
        "environmental protection",
        "public space",
    )
    ballot = next(ballot for ballot in election.ballots if ballot.voter_id == "751")
    assert "None" not in ballot.extra.values()

    plac = read_election(dev_file("Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb"))
    assert "beneficiaries" not in plac.projects["915"].extra


def test_none_and_empty_cells_synthetic():
    election = parse_election(
        pb_text(
            meta={"description": "None", "country": ""},
            projects="project_id;cost;name;category\n1;100;None;None\n2;200;;a, b ,None,a",
            votes="voter_id;vote;age\nv1;1;None\nv2;None;",
        )
    )
    assert "description" not in election.meta
    assert "country" not in election.meta
    assert election.projects["1"].name == ""
    assert election.projects["1"].extra == {}
    assert election.projects["2"].categories == ("a", "b")
    assert election.ballots[0].extra == {}
    assert election.ballots[1].projects == ()


# ----------------------------------------------------------------- ids, keywords, numbers


def test_project_ids_are_strings():
    katowice = read_election(dev_file("Poland_Katowice_2023.pb.gz"))
    assert "M/01/X" in katowice.projects
    zabrze = read_election(dev_file("Poland_Zabrze_2021.pb"))
    assert "P0065" in zabrze.projects
    assert all(isinstance(pid, str) for pid in zabrze.projects)
    lodz = read_election(dev_file("Poland_Lodz_2023.pb.gz"))
    assert "L009" in lodz.projects
    election = parse_election(
        pb_text(
            projects="project_id;cost\n007;10\n7;20\n10;30\n9;40", votes="voter_id;vote\na;007,10"
        )
    )
    assert list(election.projects) == ["007", "7", "10", "9"]
    assert election.ballots[0].projects == ("007", "10")


def test_section_keywords_are_case_insensitive():
    text = pb_text().replace("META", "meta").replace("PROJECTS", "Projects")
    text = text.replace("VOTES", "  votes  ")
    assert parse_election(text) == parse_election(pb_text())


def test_sections_may_come_in_any_order():
    text = pb_text()
    head, rest = text.split("PROJECTS\n")
    projects, votes = rest.split("VOTES\n")
    reordered = f"{head}VOTES\n{votes}PROJECTS\n{projects}"
    assert parse_election(reordered) == parse_election(text)


def test_section_keyword_line_may_end_in_semicolons():
    text = pb_text().replace("PROJECTS\n", "PROJECTS;;\n")
    assert parse_election(text) == parse_election(pb_text())


def test_decimal_budget_and_costs_in_toulouse():
    election = read_election(
        dev_file(
            "France_Toulouse_2022_16_-_Fontaine-Lestang_Arenes_Bagatelle_Papus_Tabar_Bordelongue_Mermoz_La_Faourette.pb"
        )
    )
    assert election.meta["budget"] == "400000.0"
    assert election.budget == Fraction(400_000)
    assert isinstance(election.budget, Fraction)
    texts = {project.cost_text for project in election.projects.values()}
    assert "130000.0" in texts
    assert all(isinstance(project.cost, Fraction) for project in election.projects.values())


def test_decimal_budget_and_comma_decimal_separator_are_exact():
    election = parse_election(
        pb_text(
            budget="322239.55",
            projects="project_id;cost\n1;75000.0\n2;1,5\n3;322239.55\n4;1e3",
            votes="voter_id;vote\nv1;1",
        )
    )
    assert election.budget == Fraction(32223955, 100)
    costs = {pid: project.cost for pid, project in election.projects.items()}
    assert costs == {"1": 75000, "2": Fraction(3, 2), "3": Fraction(32223955, 100), "4": 1000}
    assert election.projects["2"].cost_text == "1,5"
    # A cost exactly equal to the budget passes the <= test (exact arithmetic).
    assert election.projects["3"].cost <= election.budget


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("400000", 400000),
        (" 400000.0 ", 400000),
        ("322239.55", Fraction(32223955, 100)),
        ("1,5", Fraction(3, 2)),
        ("-2", -2),
        (".5", Fraction(1, 2)),
        ("1E2", 100),
    ],
)
def test_parse_decimal(text: str, value: Fraction):
    assert parse_decimal(text) == value


@pytest.mark.parametrize("text", ["", "abc", "1/3", "nan", "inf", "1 000", "1.000.000", "0x10"])
def test_parse_decimal_rejects(text: str):
    with pytest.raises(ValueError, match="is not a number"):
        parse_decimal(text)


# ----------------------------------------------------------------- ballots


def test_approval_ballot_is_a_set_in_warszawa_2026_grochow():
    path = dev_file("Poland_Warszawa_2026_Grochow.pb")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1589].startswith("294139;2107,2107,2096,1419,443;")
    election = read_election(path)
    ballot = next(ballot for ballot in election.ballots if ballot.voter_id == "294139")
    assert ballot.projects == ("2107", "2096", "1419", "443")
    assert any(
        "(lines 1590, 1990)" in warning and "counts once" in warning
        for warning in election.warnings
    )
    assert len(election.ballots) == int(election.meta["num_votes"])


def test_approval_repeat_in_warszawa_2022_wola():
    election = read_election(dev_file("Poland_Warszawa_2022_Wola.pb"))
    ballot = next(ballot for ballot in election.ballots if ballot.voter_id == "37051")
    assert ballot.projects == ("147", "1040")
    assert election.warnings == [
        "line 3096: a ballot lists the same project more than once: it counts once"
    ]


def test_cumulative_repeat_last_occurrence_wins_with_warning():
    election = parse_election(
        pb_text(
            vote_type="cumulative",
            projects="project_id;cost\n579;100\n12;50",
            votes="voter_id;vote;points\nv1;579,579;1,3\nv2;579,12,579;4,2,1\nv3;12;5",
        )
    )
    first, second, third = election.ballots
    assert first.projects == ("579",)
    assert first.points == (Fraction(3),)
    assert second.points_for("579") == 1
    assert second.points_for("12") == 2
    assert third.points == (Fraction(5),)
    assert election.points() == {"579": 4, "12": 7}
    assert election.warnings == [
        "2 rows (lines 13, 14): a ballot gives points to the same project more than once: "
        "the last occurrence counts"
    ]


def test_ordinal_repeat_keeps_the_best_place():
    election = parse_election(
        pb_text(vote_type="ordinal", votes="voter_id;vote\nv1;2,1,2,3\nv2;3,1")
    )
    assert election.ballots[0].projects == ("2", "1", "3")
    assert "its best place counts" in election.warnings[0]


def test_duplicate_voter_ids_are_kept_with_a_warning():
    election = parse_election(pb_text(votes="voter_id;vote\nv1;1\nv1;2\nv2;3\nv1;3"))
    assert [ballot.voter_id for ballot in election.ballots] == ["v1", "v1", "v2", "v1"]
    assert election.votes() == {"1": 1, "2": 1, "3": 2}
    assert election.warnings == [
        "2 rows (lines 15, 17): a voter_id repeats an earlier one (kept: ballots are a list, "
        "not keyed by id)"
    ]


def test_empty_ballots_are_kept():
    election = parse_election(
        pb_text(votes='voter_id;vote;age\nv1;;20\nv2;None;30\nv3;"";\nv4;1,3;40\nv5;,;')
    )
    assert [ballot.projects for ballot in election.ballots] == [(), (), (), ("1", "3"), ()]
    assert len(election.ballots) == 5
    assert "4 empty ballots (kept: they count as voters)" in election.warnings


def test_blank_lines_are_ignored():
    text = pb_text().replace("VOTES\n", "\n\nVOTES\n\n").replace("v2;3", "\n;\nv2;3\n   \n")
    assert parse_election(text) == parse_election(pb_text())


def test_empty_cumulative_ballot():
    election = parse_election(
        pb_text(vote_type="cumulative", votes="voter_id;vote;points\nv1;;\nv2;1;2")
    )
    assert election.ballots[0] == Ballot("v1", (), ())
    assert election.ballots[1].points == (Fraction(2),)


def test_scoring_vote_type():
    election = parse_election(
        pb_text(
            vote_type="scoring",
            meta={"description": "x", "min_points": "-2", "max_points": "2.5"},
            votes="voter_id;vote;points\nv1;1,2;2.5,-1\nv2;3;0",
        )
    )
    assert election.vote_type is VoteType.SCORING
    assert election.vote_type.has_points
    assert election.ballots[0].points == (Fraction(5, 2), Fraction(-1))
    assert election.points() == {"1": Fraction(5, 2), "2": -1, "3": 0}
    assert election.votes() == {"1": 1, "2": 1, "3": 1}
    assert ballot_limits(election).min_points == -2


def test_choose_1_is_read_like_approval():
    election = read_election(dev_file("Poland_Wroclaw_2023.pb.gz"))
    assert election.vote_type is VoteType.CHOOSE_1
    assert election.vote_type.is_approval_like
    assert all(ballot.points is None for ballot in election.ballots)
    assert len(election.ballots) == 78082


def test_vote_type_is_case_insensitive():
    assert parse_election(pb_text(vote_type="Approval")).vote_type is VoteType.APPROVAL


def test_points_column_of_an_approval_file_is_kept_as_an_extra():
    election = parse_election(pb_text(votes="voter_id;vote;points\nv1;1,2;3,4"))
    assert election.ballots[0].points is None
    assert election.ballots[0].extra == {"points": "3,4"}


# ----------------------------------------------------------------- projects


@pytest.mark.parametrize(
    ("name", "project_id"),
    [
        ("Poland_Lodz_2024_Stoki-Sikawa-Podgorze.pb", "W193ST"),
        ("Poland_Katowice_2024_Murcki.pb", "L18/06/XI"),
        ("Poland_Wroclaw_2017_Rejon_nr_11_750.pb", "150"),
    ],
)
def test_project_costing_more_than_the_budget_is_kept(name: str, project_id: str):
    election = read_election(dev_file(name))
    project = election.projects[project_id]
    assert project.cost > election.budget
    assert project.cost == 999_999_999  # the withdrawn-project sentinel in these files
    assert any(project_id in warning and "sentinel" in warning for warning in election.warnings)


def test_over_budget_and_zero_cost_projects_synthetic():
    election = parse_election(
        pb_text(projects="project_id;cost\n1;500\n2;0\n3;999999999", votes="voter_id;vote\nv;1,2")
    )
    assert election.projects["1"].cost == 500
    assert election.projects["2"].cost == 0
    assert election.projects["3"].cost == 999_999_999
    assert election.warnings == [
        "line 9: project '1' costs more than the whole budget (kept; it can never fit)",
        "line 10: project '2' costs 0 (older exports mark a withdrawn project so): if anyone "
        "supports it, it is selected first",
        "line 11: project '3' costs 999999999, the sentinel of a withdrawn project (kept; it "
        "can never fit)",
    ]


def test_categories_and_targets_lists():
    election = read_election(dev_file("poland_warszawa_2019_srodmiescie.pb"))
    project = election.projects["448"]
    assert project.categories == ("public transit and roads", "public space")
    assert project.targets == ("children", "youth", "adults")
    assert project.extra["category"] == "public transit and roads,public space"
    assert project.name == "Jedna lampa pod mostem."
    # `beneficiaries` is not `target`: it stays an extra column, as in the reference.
    plac = read_election(dev_file("Poland_Warszawa_2017_Plac_Wojska_Polskiego.pb"))
    assert all(project.targets == () for project in plac.projects.values())
    assert any("beneficiaries" in project.extra for project in plac.projects.values())


def test_categories_and_targets_columns_plural():
    election = parse_election(
        pb_text(
            projects="project_id;cost;categories;targets\n1;10;a,b;x\n2;20;;",
            votes="voter_id;vote\nv;1",
        )
    )
    assert election.projects["1"].categories == ("a", "b")
    assert election.projects["1"].targets == ("x",)
    assert election.projects["2"].categories == ()


def test_columns_are_read_by_header_name():
    election = parse_election(
        pb_text(
            projects="name;cost;project_id\nOne;100;1\nTwo;200;2\nThree;300;3",
            votes="age;vote;voter_id\n30;1,2;v1\n40;3;v2",
        )
    )
    assert election.projects["2"].cost == 200
    assert election.projects["2"].name == "Two"
    assert election.ballots[0] == Ballot("v1", ("1", "2"), None, {"age": "30"})


def test_counts_in_meta_are_checked_not_trusted():
    election = parse_election(pb_text(meta={"num_projects": "4", "num_votes": "2"}))
    assert election.warnings == ["META num_projects is 4 but the file holds 3 (the rows count)"]


def test_duplicate_meta_key_last_value_counts():
    text = pb_text().replace("key;value\n", "key;value\nbudget;50\n")
    election = parse_election(text)
    assert election.budget == 400
    assert next(iter(election.meta)) == "budget"  # where it first appears
    assert any("META key 'budget' appears twice" in warning for warning in election.warnings)


# ----------------------------------------------------------------- limits


def test_ballot_limits_accessor():
    assert ballot_limits(read_election(dev_file("poland_warszawa_2019_srodmiescie.pb"))) == (
        BallotLimits(min_length=1, max_sum_cost=Fraction(825000))
    )
    toulouse = read_election(dev_file("France_Toulouse_2019.pb"))
    limits = ballot_limits(toulouse)
    assert limits.max_points == Fraction(toulouse.meta["max_points"])
    assert limits.max_sum_points == Fraction(toulouse.meta["max_sum_points"])
    assert limits.min_length is None
    assert ballot_limits({}) == BallotLimits()
    assert [name for name in BallotLimits.__dataclass_fields__] == list(LIMIT_KEYS)


def test_ballot_limits_check():
    limits = ballot_limits(
        {
            "min_length": "1",
            "max_length": "2",
            "max_sum_cost": "250",
            "min_points": "1",
            "max_points": "5",
            "max_sum_points": "6",
            "min_sum_points": "2",
        }
    )
    costs = {"1": Fraction(100), "2": Fraction(200), "3": Fraction(300)}
    assert limits.check(Ballot("a", ("1",)), costs) == []
    assert limits.check(Ballot("a", ()), costs) == ["lists 0 projects, fewer than min_length 1"]
    problems = limits.check(
        Ballot("b", ("1", "2", "3"), (Fraction(6), Fraction(1), Fraction(0))), costs
    )
    assert problems == [
        "lists 3 projects, more than max_length 2",
        "costs 600 in all, more than max_sum_cost 250",
        "gives 6 points to 1, more than max_points 5",
        "gives 0 points to 3, fewer than min_points 1",
        "gives 7 points in all, more than max_sum_points 6",
    ]


def test_invalid_limits_are_ignored_with_a_warning():
    election = parse_election(pb_text(meta={"max_length": "many", "min_length": "1.5"}))
    assert ballot_limits(election) == BallotLimits()
    assert sorted(warning.split(": ", 1)[1] for warning in election.warnings) == [
        "META max_length 'many' is not a valid limit (ignored)",
        "META min_length '1.5' is not a valid limit (ignored)",
    ]


# ----------------------------------------------------------------- speed


def _best_of(runs: int, path: Path) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        read_election(path)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("name", ["Poland_Warszawa_2026.pb.gz", "Poland_Wroclaw_2023.pb.gz"])
def test_largest_files_parse_fast(name: str):
    path = dev_file(name)
    seconds = _best_of(2, path)
    if sys.gettrace() is not None or "coverage" in sys.modules:
        pytest.skip(f"timing is meaningless under tracing ({seconds:.2f} s)")
    assert seconds < 2.0, f"{name} took {seconds:.2f} s"


def test_read_text_gzip_and_plain_agree(tmp_path: Path):
    path = dev_file("Poland_Warszawa_2018_Pole_Mokotowskie.pb")
    packed = tmp_path / "copy.pb.gz"
    packed.write_bytes(gzip.compress(path.read_bytes()))
    assert read_text(packed) == read_text(path)
    assert re.match(r"META\r?\nkey;value", read_text(path))
