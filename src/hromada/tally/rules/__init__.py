"""The counting rules. Each is a function `(election, options) -> Outcome` registered
in RULES; `run_rule` is the single entry point used by the CLI and the platform."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import import_module
from typing import Literal

from hromada.tally.model import Election
from hromada.tally.outcome import Outcome
from hromada.tally.tiebreak import TieBreak


class RuleError(ValueError):
    """The rule cannot be applied as asked (e.g. Phragmén on cumulative ballots)."""


@dataclass(frozen=True)
class RuleOptions:
    by: Literal["votes", "points"] = "votes"
    utility: Literal["cost", "points", "approval"] = "cost"
    completion: Literal["none", "add1", "add1-greedy"] = "none"
    min_votes: Fraction = Fraction(0)
    tie_break: TieBreak = field(default_factory=TieBreak)
    no_skip: bool = False


RuleFunction = Callable[[Election, RuleOptions], Outcome]

# name -> "module:function", imported on first use.
RULES = {
    "greedy": "hromada.tally.rules.greedy:greedy",
    "mes": "hromada.tally.rules.mes:equal_shares",
    "phragmen": "hromada.tally.rules.phragmen:phragmen",
}


def rule_function(name: str) -> RuleFunction:
    try:
        module_name, function_name = RULES[name].split(":")
    except KeyError:
        raise RuleError(f"unknown rule {name!r}: use {', '.join(RULES)}") from None
    function: RuleFunction = getattr(import_module(module_name), function_name)
    return function


def run_rule(election: Election, name: str, options: RuleOptions | None = None) -> Outcome:
    return rule_function(name)(election, options or RuleOptions())
