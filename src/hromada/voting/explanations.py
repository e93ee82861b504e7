"""Why each project ended where it did, in one translated sentence.

The counting library explains every project with a code and its figures (see
`hromada.tally.outcome.Explanation`); the command line prints them in English
(`hromada.tally.cli.explain_in_english`). These are the platform's sentences, through
gettext, with money in hryvnias. Figures arrive as ints or exact strings ("90000",
"1250.5", or "p/q" when no finite decimal exists)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CENT = Decimal("0.01")


def _number(value: Any) -> Decimal | None:
    """The figure as a Decimal (a fraction rounded to the cent), or None if it is none."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    text = str(value).strip()
    try:
        if "/" in text:
            exact = Fraction(text)
            return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(CENT)
        return Decimal(text)
    except (InvalidOperation, ValueError, ZeroDivisionError):
        return None


def _grouped(digits: str) -> str:
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return " ".join(groups)


def figure(value: Any, *, cents: bool = False) -> str:
    """A number for people, thousands separated by spaces: 1204 -> "1 204"; decimals
    only when there are any ("1 250,5" in Ukrainian, "1 250.5" in English), two of them
    with `cents` ("1 250,50")."""
    number = _number(value)
    if number is None:
        return str(value) if value is not None else "?"
    sign = "-" if number < 0 else ""
    number = abs(number)
    if number == number.to_integral_value():
        return sign + _grouped(str(int(number)))
    number = number.quantize(CENT) if cents else number.normalize()
    whole, _dot, decimals = f"{number:f}".partition(".")
    return f"{sign}{_grouped(whole)}{get_format('DECIMAL_SEPARATOR')}{decimals}"


def money(value: Any) -> str:
    """An amount in hryvnias: "410 000 UAH" ("410 000 грн" in Ukrainian)."""
    return _("%(amount)s UAH") % {"amount": figure(value, cents=True)}


def _count(value: Any) -> int:
    """The figure as an integer for choosing a plural form."""
    number = _number(value)
    if number is None:
        return 0
    return int(number) if number == number.to_integral_value() else 2


def _votes(numbers: Mapping[str, Any], by: str) -> str:
    """ "57 votes", or with cumulative ballots "120 points from 57 voters"."""
    if numbers.get("points") is not None and by == "points":
        points = numbers["points"]
        points_text = ngettext("%(count)s point", "%(count)s points", _count(points)) % {
            "count": figure(points)
        }
        if numbers.get("votes") is None:
            return points_text
        votes = numbers["votes"]
        voters_text = ngettext("%(count)s voter", "%(count)s voters", _count(votes)) % {
            "count": figure(votes)
        }
        return _("%(points)s from %(voters)s") % {"points": points_text, "voters": voters_text}
    votes = numbers.get("votes", numbers.get("points"))
    return ngettext("%(count)s vote", "%(count)s votes", _count(votes)) % {"count": figure(votes)}


def _selected(code: str, numbers: Mapping[str, Any], by: str) -> str:
    has_votes = numbers.get("votes") is not None or numbers.get("points") is not None
    has_round = numbers.get("round") is not None
    values = {"round": numbers.get("round"), "votes": _votes(numbers, by) if has_votes else ""}
    if code == "selected_by_completion":
        if has_round and has_votes:
            text = (
                _(
                    "Selected when the rest of the money was shared out, in round %(round)s, "
                    "with %(votes)s"
                )
                % values
            )
        elif has_votes:
            text = _("Selected when the rest of the money was shared out, with %(votes)s") % values
        else:
            text = _("Selected when the rest of the money was shared out") % values
    elif has_round and has_votes:
        text = _("Selected in round %(round)s with %(votes)s") % values
    elif has_votes:
        text = _("Selected with %(votes)s") % values
    elif has_round:
        text = _("Selected in round %(round)s") % values
    else:
        text = _("Selected")
    parts = [text]
    payers = numbers.get("payers")
    if payers is not None and _count(payers) > 0:
        parts.append(
            ngettext(
                "its cost is shared by %(count)s voter",
                "its cost is shared by %(count)s voters",
                _count(payers),
            )
            % {"count": figure(payers)}
        )
    elif numbers.get("cost") is not None and _number(numbers["cost"]) == 0:
        parts.append(_("it costs nothing"))
    sentence = ", ".join(parts)
    if numbers.get("remaining") is not None:
        return _("%(sentence)s; %(remaining)s left.") % {
            "sentence": sentence,
            "remaining": money(numbers["remaining"]),
        }
    return f"{sentence}."


def _below_minimum(numbers: Mapping[str, Any], by: str) -> str:
    minimum = numbers.get("minimum")
    values = {"minimum": figure(minimum), "value": figure(numbers.get("value"))}
    has_value = numbers.get("value") is not None
    if by == "points":
        if has_value:
            return (
                ngettext(
                    "Below the minimum of %(minimum)s point (it has %(value)s).",
                    "Below the minimum of %(minimum)s points (it has %(value)s).",
                    _count(minimum),
                )
                % values
            )
        return (
            ngettext(
                "Below the minimum of %(minimum)s point.",
                "Below the minimum of %(minimum)s points.",
                _count(minimum),
            )
            % values
        )
    if has_value:
        return (
            ngettext(
                "Below the minimum of %(minimum)s vote (it has %(value)s).",
                "Below the minimum of %(minimum)s votes (it has %(value)s).",
                _count(minimum),
            )
            % values
        )
    return (
        ngettext(
            "Below the minimum of %(minimum)s vote.",
            "Below the minimum of %(minimum)s votes.",
            _count(minimum),
        )
        % values
    )


def _not_affordable(numbers: Mapping[str, Any]) -> str:
    supporters, left = numbers.get("supporters"), numbers.get("money")
    if supporters is None or left is None:
        return _("Not affordable: its supporters cannot pay for it.")
    values = {"count": figure(supporters), "money": money(left)}
    if numbers.get("cost") is not None:
        values["cost"] = money(numbers["cost"])
        return (
            ngettext(
                "Not affordable: its %(count)s supporter has only %(money)s left for its cost "
                "of %(cost)s.",
                "Not affordable: its %(count)s supporters have only %(money)s left for its cost "
                "of %(cost)s.",
                _count(supporters),
            )
            % values
        )
    return (
        ngettext(
            "Not affordable: its %(count)s supporter has only %(money)s left.",
            "Not affordable: its %(count)s supporters have only %(money)s left.",
            _count(supporters),
        )
        % values
    )


def explain(explanation: Mapping[str, Any], *, by: str = "votes") -> str:
    """One sentence for `{"code": ..., "numbers": {...}}`. `by` says what was counted:
    "votes" (approval ballots) or "points" (cumulative ballots)."""
    code = str(explanation.get("code", ""))
    numbers: Mapping[str, Any] = explanation.get("numbers") or {}
    if not code:
        return ""
    if code in {"selected", "selected_by_completion"}:
        return _selected(code, numbers, by)
    if code == "skipped_does_not_fit":
        return _("Skipped: costs %(cost)s, only %(remaining)s left in the pool.") % {
            "cost": money(numbers.get("cost")),
            "remaining": money(numbers.get("remaining")),
        }
    if code == "below_minimum":
        return _below_minimum(numbers, by)
    if code == "stopped_no_skip":
        return _(
            "Not selected: the count stopped here because it costs %(cost)s and only "
            "%(remaining)s was left (the rules do not skip to the next project)."
        ) % {"cost": money(numbers.get("cost")), "remaining": money(numbers.get("remaining"))}
    if code == "not_affordable":
        return _not_affordable(numbers)
    if code == "over_budget":
        return _("Costs %(cost)s, more than the whole pool of %(budget)s.") % {
            "cost": money(numbers.get("cost")),
            "budget": money(numbers.get("budget")),
        }
    if code == "no_supporters":
        return _("No voter chose it.")
    if code == "not_reached":
        if numbers.get("votes") is not None:
            return _("Not reached: the count stopped before this project (%(votes)s).") % {
                "votes": _votes(numbers, "votes")
            }
        return _("Not reached: the count stopped before this project.")
    return _("Outcome “%(code)s” (no description for this code yet).") % {"code": code}
