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


# Options each rule understands; any other option set away from its default is refused
# rather than silently ignored.
APPLICABLE_OPTIONS = {
    "greedy": {"by", "min_votes", "tie_break", "no_skip"},
    "mes": {"utility", "completion", "tie_break"},
    "phragmen": {"tie_break"},
}
OPTION_FLAGS = {
    "by": "--by",
    "utility": "--utility",
    "completion": "--completion",
    "min_votes": "--min-votes",
    "no_skip": "--no-skip",
}


def check_options(name: str, options: RuleOptions) -> None:
    defaults = RuleOptions()
    applicable = APPLICABLE_OPTIONS.get(name, set())
    for option, flag in OPTION_FLAGS.items():
        if option not in applicable and getattr(options, option) != getattr(defaults, option):
            raise RuleError(f"{flag} does not apply to the {name} rule")


def run_rule(election: Election, name: str, options: RuleOptions | None = None) -> Outcome:
    options = options or RuleOptions()
    if name not in RULES:
        raise RuleError(f"unknown rule {name!r}: use {', '.join(RULES)}")
    check_options(name, options)
    return rule_function(name)(election, options)
