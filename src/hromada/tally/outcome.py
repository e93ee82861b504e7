"""What a rule returns: the selected projects in order, and why each project ended where
it did, as a code with numbers (rendered in English by the CLI and through gettext by the
platform)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Explanation:
    """`code` names the reason; `numbers` holds its figures (ints, or exact decimals and
    fractions as strings). Codes:

    - `selected`: round, votes (or points), cost, remaining (money left after it);
      for MES also payers (voters who paid) and rho (price per unit of utility); for
      Phragmén also load (the supporters' new maximal load).
    - `skipped_does_not_fit`: cost, remaining.
    - `below_minimum`: value, minimum.
    - `stopped_no_skip`: cost, remaining — counting stopped at this project because it
      does not fit (greedy --no-skip, and sequential Phragmén, which always stops there);
      the projects after it get `not_reached` (Phragmén) or `stopped_no_skip` (greedy).
    - `not_affordable`: supporters cannot pay for it (MES), supporters, their money.
    - `over_budget`: cost, budget (costs more than the whole budget).
    - `no_supporters`.
    - `not_reached`: counting stopped before this project (Phragmén).
    - `selected_by_completion`: like `selected`, chosen by the completion step.
    """

    code: str
    numbers: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    rule: str
    budget: Fraction
    selected: list[str]
    explanations: dict[str, Explanation]
    # The options that produced it (utility, completion, tie-break, …), for the record.
    options: dict[str, Any] = field(default_factory=dict)

    def total_cost(self, costs: Mapping[str, Fraction]) -> Fraction:
        return sum((costs[project_id] for project_id in self.selected), Fraction(0))


def exact_text(value: Fraction) -> str:
    """An exact decimal string when the value has one ("1250.5"), else "p/q"."""
    if value.denominator == 1:
        return str(value.numerator)
    denominator = value.denominator
    twos = fives = 0
    while denominator % 2 == 0:
        denominator //= 2
        twos += 1
    while denominator % 5 == 0:
        denominator //= 5
        fives += 1
    if denominator != 1:
        return f"{value.numerator}/{value.denominator}"
    places = max(twos, fives)
    scaled = value * 10**places
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}".rstrip("0").rstrip(".")
