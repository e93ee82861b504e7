"""The counting library runs with the standard library alone: no Django, no other app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_tally_imports_without_django_or_third_party_packages():
    code = (
        "import sys; sys.path.insert(0, 'src'); "
        "import hromada.tally.pabulib, hromada.tally.rules, hromada.tally.model, "
        "hromada.tally.outcome, hromada.tally.tiebreak; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'django', 'celery', 'rules', 'allauth', 'yaml'}); print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_options_a_rule_does_not_use_are_refused_not_ignored():
    from fractions import Fraction

    import pytest

    from hromada.tally.model import Ballot, Election, Project, VoteType
    from hromada.tally.rules import RuleError, RuleOptions, run_rule

    election = Election(
        meta={"budget": "10", "vote_type": "approval"},
        projects={"a": Project("a", Fraction(5))},
        ballots=[Ballot("1", ("a",))],
        vote_type=VoteType.APPROVAL,
        budget=Fraction(10),
    )
    with pytest.raises(RuleError, match="--min-votes does not apply to the phragmen rule"):
        run_rule(election, "phragmen", RuleOptions(min_votes=Fraction(3)))
    with pytest.raises(RuleError, match="--completion does not apply to the greedy rule"):
        run_rule(election, "greedy", RuleOptions(completion="add1"))
    with pytest.raises(RuleError, match="--no-skip does not apply to the mes rule"):
        run_rule(election, "mes", RuleOptions(no_skip=True))
    assert run_rule(election, "greedy", RuleOptions(no_skip=True)).selected == ["a"]


def test_reference_data_is_present_in_ci():
    """Parity and round-trip tests skip without ../shared/data/pabulib on a developer's
    machine; in CI (CI=true) its absence must fail the run instead of passing quietly."""
    import os

    data = Path(os.environ.get("HROMADA_PABULIB_DIR", ROOT.parent / "shared" / "data" / "pabulib"))
    if not os.environ.get("CI"):
        return
    assert (data / "dev").is_dir(), f"the Pabulib data set is missing at {data}"
    assert (data / "expected.json").is_file()
