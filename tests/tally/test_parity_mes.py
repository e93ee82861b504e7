"""Parity with the reference (pabutools 1.2.3): identical winners, selection order and
total cost for every dev instance and MES rule id whose recorded status is `ok`."""

from __future__ import annotations

import json
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from hromada.tally.model import Election
from hromada.tally.outcome import exact_text
from hromada.tally.pabulib import read_election
from hromada.tally.rules import RuleOptions
from hromada.tally.rules.mes import compute
from tests.tally.conftest import PABULIB_DIR as DATA

EXPECTED = DATA / "expected.json"

# rule id -> (options, merge identical ballots)
RULE_IDS: dict[str, tuple[RuleOptions, bool]] = {
    "mes_cost": (RuleOptions(), False),
    "mes_cost_mp": (RuleOptions(), True),
    "mes_cost_add1": (RuleOptions(completion="add1"), True),
    "mes_cost_add1_mp": (RuleOptions(completion="add1"), True),
    "mes_cost_add1_greedy": (RuleOptions(completion="add1-greedy"), True),
    "mes_cost_add1_mp_greedy": (RuleOptions(completion="add1-greedy"), True),
    "mes_cardinal": (RuleOptions(utility="points"), True),
}

# Our Add1 runs that take more than a few seconds (see docs/tally-mes.md).
SLOW_ADD1 = {
    "Netherlands_Amsterdam_166.pb",
    "France_Toulouse_2024.pb",
    "Netherlands_Amsterdam_252.pb.gz",
    "Poland_Warszawa_2022_Wola.pb",
    "Poland_Lodz_2023.pb.gz",
    "Poland_Czestochowa_2024.pb",
    "Poland_Krakow_2022.pb.gz",
    "France_Toulouse_2019.pb",
    "Netherlands_Amsterdam_613.pb",
    "Netherlands_Amsterdam_212.pb",
    "Netherlands_Amsterdam_309.pb.gz",
    "Poland_Lodz_2024_Stoki-Sikawa-Podgorze.pb",
    "Poland_Warszawa_2026_Grochow.pb",
    "Poland_Swiecie_2023.pb",
    "poland_warszawa_2019_srodmiescie.pb",
}


def _cases() -> list[object]:
    if not EXPECTED.exists():
        return []
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    cases: list[object] = []
    for instance in expected["instances"]:
        name = Path(instance["file"]).name
        for rule_id in RULE_IDS:
            result = instance["results"].get(rule_id)
            if not result or result["status"] != "ok":
                continue
            marks = []
            if "add1" in rule_id and name in SLOW_ADD1:
                marks.append(pytest.mark.slow)
            cases.append(
                pytest.param(instance["file"], rule_id, result, id=f"{name}-{rule_id}", marks=marks)
            )
    return cases


@cache
def _election(relative: str) -> Election:
    return read_election(DATA / relative)


@cache
def _run(relative: str, options: RuleOptions, merge: bool) -> tuple[str, ...]:
    return tuple(compute(_election(relative), options, merge=merge).selected)


def _selected(relative: str, rule_id: str) -> tuple[str, ...]:
    options, merge = RULE_IDS[rule_id]
    return _run(relative, options, merge)


pytestmark = pytest.mark.skipif(not EXPECTED.exists(), reason="shared Pabulib data not present")


@pytest.mark.parametrize(("relative", "rule_id", "result"), _cases())
def test_mes_matches_reference(relative: str, rule_id: str, result: dict[str, object]) -> None:
    election = _election(relative)
    selected = _selected(relative, rule_id)
    assert list(selected) == result["selection_order"]
    assert set(selected) == set(result["winners"])  # type: ignore[arg-type]
    total = sum((election.projects[p].cost for p in selected), Fraction(0))
    assert exact_text(total) == exact_text(Fraction(str(result["total_cost"])))
