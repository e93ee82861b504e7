"""One translated sentence per explanation code of the counting library."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from hromada.voting.explanations import explain, figure, money


def english(code: str, by: str = "votes", **numbers: Any) -> str:
    with translation.override("en"):
        return explain({"code": code, "numbers": numbers}, by=by)


def test_selected_names_the_round_the_votes_and_the_money_left():
    text = english("selected", round=2, votes=57, cost="90000", remaining="410000")
    assert text == "Selected in round 2 with 57 votes; 410 000 UAH left."


def test_selected_with_one_vote_is_singular():
    text = english("selected", round=1, votes=1, cost="90000", remaining="0")
    assert text == "Selected in round 1 with 1 vote; 0 UAH left."


def test_selected_by_points_names_points_and_voters():
    text = english("selected", by="points", round=1, votes=57, points="120", remaining="5000")
    assert text == "Selected in round 1 with 120 points from 57 voters; 5 000 UAH left."


def test_selected_by_equal_shares_names_the_voters_who_share_the_cost():
    text = english(
        "selected", round=3, votes=1204, cost="90000", remaining="120000", payers=1204, rho="1/7"
    )
    assert text == (
        "Selected in round 3 with 1 204 votes, its cost is shared by 1 204 voters; "
        "120 000 UAH left."
    )


def test_a_free_project_says_it_costs_nothing():
    text = english("selected", round=1, votes=4, cost="0", remaining="600000")
    assert text == "Selected in round 1 with 4 votes, it costs nothing; 600 000 UAH left."


def test_selected_without_figures_is_still_a_sentence():
    assert english("selected") == "Selected."


def test_selected_by_completion():
    text = english("selected_by_completion", round=5, votes=12, cost="3000", remaining="250.5")
    assert text == (
        "Selected when the rest of the money was shared out, in round 5, with 12 votes; "
        "250.50 UAH left."
    )


def test_skipped_names_the_cost_and_what_was_left():
    text = english("skipped_does_not_fit", cost="90000", remaining="20000")
    assert text == "Skipped: costs 90 000 UAH, only 20 000 UAH left in the pool."


def test_below_minimum_of_votes():
    assert english("below_minimum", minimum=50, value=12) == (
        "Below the minimum of 50 votes (it has 12)."
    )


def test_below_minimum_of_points():
    assert english("below_minimum", by="points", minimum="1", value="0") == (
        "Below the minimum of 1 point (it has 0)."
    )


def test_below_minimum_without_the_value():
    assert english("below_minimum", minimum=50) == "Below the minimum of 50 votes."


def test_stopped_without_skipping():
    text = english("stopped_no_skip", cost="90000", remaining="20000")
    assert text == (
        "Not selected: the count stopped here because it costs 90 000 UAH and only "
        "20 000 UAH was left (the rules do not skip to the next project)."
    )


def test_not_affordable_names_the_supporters_and_their_money():
    text = english(
        "not_affordable", cost="90000", supporters=57, supporters_with_money=3, money="12000"
    )
    assert text == (
        "Not affordable: its 57 supporters have only 12 000 UAH left for its cost of 90 000 UAH."
    )


def test_not_affordable_with_a_fraction_of_money_rounds_to_the_cent():
    text = english("not_affordable", supporters=1, money="1/3")
    assert text == "Not affordable: its 1 supporter has only 0.33 UAH left."


def test_over_budget():
    assert english("over_budget", cost="700000", budget="600000") == (
        "Costs 700 000 UAH, more than the whole pool of 600 000 UAH."
    )


def test_no_supporters():
    assert english("no_supporters") == "No voter chose it."


def test_not_reached():
    assert english("not_reached", votes=3) == (
        "Not reached: the count stopped before this project (3 votes)."
    )


def test_an_unknown_code_is_named():
    assert english("withdrawn_by_court", day=3) == (
        "Outcome “withdrawn_by_court” (no description for this code yet)."
    )


def test_no_explanation_says_nothing():
    assert english("") == ""


def test_ukrainian_money_has_spaces_and_a_decimal_comma():
    with translation.override("uk"):
        assert figure("1250.5") == "1 250,5"


@pytest.mark.parametrize(
    ("value", "shown"), [("1000000", "1 000 000"), (57, "57"), ("-1500", "-1 500")]
)
def test_figures_are_grouped_by_thousands(value: Any, shown: str):
    with translation.override("en"):
        assert figure(value) == shown


def test_money_in_english():
    with translation.override("en"):
        assert money("410000.00") == "410 000 UAH"
