"""Command line: count a Pabulib file with one rule.

    python -m hromada.tally FILE.pb[.gz] --rule greedy|mes|phragmen [options] [--json]

Exit status 0 on success; 2 with a one-line message on standard error for a file that
cannot be used, a bad option value, an unreadable order file, or a rule that does not
apply to the file's ballots. Standard library only (runs with `PYTHONPATH=src`).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, NoReturn

from hromada.tally.model import Election, Project
from hromada.tally.outcome import Explanation, Outcome, exact_text
from hromada.tally.pabulib import PabulibError, parse_decimal, read_election
from hromada.tally.rules import RULES, RuleError, RuleOptions, run_rule
from hromada.tally.tiebreak import TieBreak, TieBreakError

__all__ = [
    "build_parser",
    "explain_in_english",
    "format_figure",
    "main",
    "outcome_as_json",
    "render_report",
]

PROG = "python -m hromada.tally"
_DECIMAL_TEXT = re.compile(r"-?\d+(?:\.\d+)?")
_FRACTION_TEXT = re.compile(r"-?\d+/\d+")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on standard error (exit status 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _min_votes(text: str) -> Fraction:
    try:
        value = parse_decimal(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number (an integer or a decimal such as 300 or 2.5)"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is negative")
    return value


def _tie_break(text: str) -> TieBreak:
    try:
        return TieBreak.parse(text)
    except TieBreakError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Count a participatory-budget election stored as a Pabulib file "
        "(.pb or .pb.gz) with exact arithmetic, and explain where each project ended.",
        epilog="Exit status: 0 on success, 2 for an unusable file or a bad option.",
    )
    parser.add_argument("file", metavar="FILE", help="a Pabulib file, .pb or .pb.gz")
    parser.add_argument("--rule", required=True, choices=sorted(RULES), help="the rule")
    parser.add_argument(
        "--by",
        choices=("votes", "points"),
        default="votes",
        help="greedy: order projects by votes (supporters, default) or by total points",
    )
    parser.add_argument(
        "--utility",
        choices=("cost", "points", "approval"),
        default="cost",
        help="mes: a voter's utility from a project: its cost (default), the voter's "
        "points, or 1 per approved project",
    )
    parser.add_argument(
        "--completion",
        choices=("none", "add1", "add1-greedy"),
        default="none",
        help="mes: completion of an unspent budget (default none)",
    )
    parser.add_argument(
        "--min-votes",
        type=_min_votes,
        default=Fraction(0),
        metavar="N",
        help="greedy: minimum votes (or points, with --by points) to be selected",
    )
    parser.add_argument(
        "--tie-break",
        type=_tie_break,
        default=TieBreak(),
        metavar="id|cost|order:FILE|lot:SEED",
        help="how ties are broken: project id as a string (default), lower cost, the "
        "order of a file with one project id per line, or a lot drawn from SHA-256 of "
        "SEED:project_id",
    )
    parser.add_argument(
        "--no-skip",
        action="store_true",
        help="greedy: stop at the first project that does not fit instead of skipping it",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _options(arguments: argparse.Namespace) -> RuleOptions:
    return RuleOptions(
        by=arguments.by,
        utility=arguments.utility,
        completion=arguments.completion,
        min_votes=arguments.min_votes,
        tie_break=arguments.tie_break,
        no_skip=arguments.no_skip,
    )


# ------------------------------------------------------------------------- rendering


def _group(digits: str) -> str:
    """Thousands separated by spaces: 1204 -> "1 204"."""
    sign = "-" if digits.startswith("-") else ""
    digits = digits.lstrip("-")
    groups: list[str] = []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    groups.insert(0, digits)
    return sign + " ".join(groups)


def format_figure(value: object) -> str:
    """A number for people: `1 204`, `322 239.55`; a fraction without a finite decimal
    form is shown rounded (`≈ 0.3333`). Anything else is shown as it is."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Fraction):
        value = exact_text(Fraction(value))
    if not isinstance(value, str):
        return str(value)
    if _DECIMAL_TEXT.fullmatch(value):
        whole, _dot, decimals = value.partition(".")
        return _group(whole) + (f".{decimals}" if decimals else "")
    if _FRACTION_TEXT.fullmatch(value):
        return f"≈ {float(Fraction(value)):,.4f}".replace(",", " ")
    return value


def _plural(count: object, one: str, many: str) -> str:
    return f"{format_figure(count)} {one if count in (1, '1') else many}"


def explain_in_english(explanation: Explanation, *, by: str = "votes") -> str:
    """One English sentence for an explanation, e.g. "selected in round 3 with 5 432
    votes, paid by 1 204 voters; 120 000 left". `by` names the quantity compared with a
    minimum ("votes" or "points"). An unknown code is shown with its numbers."""
    code = explanation.code
    n = explanation.numbers

    def has(key: str) -> bool:
        return n.get(key) is not None

    if code in {"selected", "selected_by_completion"}:
        text = "selected" if code == "selected" else "selected by the completion"
        if has("round"):
            text += f" in round {n['round']}"
        if has("points"):
            text += f" with {_plural(n['points'], 'point', 'points')}"
            if has("votes"):
                text += f" from {_plural(n['votes'], 'voter', 'voters')}"
        elif has("votes"):
            text += f" with {_plural(n['votes'], 'vote', 'votes')}"
        if has("payers") and n["payers"] not in (0, "0"):
            text += f", paid by {_plural(n['payers'], 'voter', 'voters')}"
        elif has("cost") and n["cost"] in (0, "0"):
            text += ", free (it costs nothing)"
        if has("remaining"):
            text += f"; {format_figure(n['remaining'])} left"
        return text
    if code == "skipped_does_not_fit":
        return (
            f"skipped: {format_figure(n.get('cost', '?'))} does not fit the remaining "
            f"{format_figure(n.get('remaining', '?'))}"
        )
    if code == "below_minimum":
        text = f"below the minimum of {_plural(n.get('minimum', '?'), by[:-1], by)}"
        if has("value"):
            text += f" (it has {format_figure(n['value'])})"
        return text
    if code == "stopped_no_skip":
        text = "not selected: counting stopped"
        if has("round"):
            text += f" in round {n['round']}"
        return (
            f"{text} because {format_figure(n.get('cost', '?'))} does not fit the "
            f"remaining {format_figure(n.get('remaining', '?'))} (no skipping)"
        )
    if code == "not_affordable":
        text = "not affordable: its supporters cannot pay for it"
        if has("supporters") and has("money"):
            text = (
                f"not affordable: its {_plural(n['supporters'], 'supporter', 'supporters')} "
                f"have only {format_figure(n['money'])} left"
            )
            if has("cost"):
                text += f" for its cost of {format_figure(n['cost'])}"
        return text
    if code == "over_budget":
        return (
            f"costs {format_figure(n.get('cost', '?'))}, more than the whole budget of "
            f"{format_figure(n.get('budget', '?'))}"
        )
    if code == "no_supporters":
        return "no voter supports it"
    if code == "not_reached":
        text = "not reached: counting stopped before this project"
        if has("votes"):
            text += f" ({_plural(n['votes'], 'vote', 'votes')})"
        return text
    details = ", ".join(f"{key} {format_figure(value)}" for key, value in n.items())
    return f"{code.replace('_', ' ')}" + (f" ({details})" if details else "")


def _jsonable(value: object) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Fraction):
        return exact_text(value)
    if isinstance(value, TieBreak):
        return value.describe()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return str(value)


def _ordered_explanations(election: Election, outcome: Outcome) -> list[str]:
    """Selected projects in selection order, then the others in the rule's order."""
    order = list(outcome.selected)
    chosen = set(order)
    order += [pid for pid in outcome.explanations if pid not in chosen]
    listed = set(order)
    order += [pid for pid in election.projects if pid not in listed]
    return order


def _requested(options: RuleOptions) -> dict[str, Any]:
    return {
        "by": options.by,
        "utility": options.utility,
        "completion": options.completion,
        "min_votes": exact_text(options.min_votes),
        "tie_break": options.tie_break.describe(),
        "no_skip": options.no_skip,
    }


def outcome_as_json(
    election: Election,
    outcome: Outcome,
    options: RuleOptions | None = None,
    *,
    source: str = "",
    warnings: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON object printed by `--json`. Exact numbers are decimal strings ("1250.5",
    or "p/q" when no finite decimal exists)."""
    recorded = _requested(options) if options is not None else {}
    recorded.update(_jsonable(outcome.options))
    costs = {pid: project.cost for pid, project in election.projects.items()}
    explanations = {}
    for pid in _ordered_explanations(election, outcome):
        explanation = outcome.explanations.get(pid)
        if explanation is not None:
            explanations[pid] = {
                "code": explanation.code,
                "numbers": _jsonable(explanation.numbers),
            }
    return {
        "file": source,
        "rule": outcome.rule,
        "options": recorded,
        "vote_type": election.vote_type.value,
        "voters": len(election.ballots),
        "projects": len(election.projects),
        "budget": exact_text(outcome.budget),
        "selected": list(outcome.selected),
        "total_cost": exact_text(outcome.total_cost(costs)),
        "explanations": explanations,
        "warnings": [*election.warnings, *warnings],
    }


def _label(project: Project | None, project_id: str, width: int = 60) -> str:
    name = project.name if project is not None else ""
    if len(name) > width:
        name = name[: width - 1] + "…"
    return f"{project_id}  {name}".rstrip()


def render_report(
    election: Election,
    outcome: Outcome,
    options: RuleOptions | None = None,
    *,
    source: str = "",
    warnings: Sequence[str] = (),
) -> str:
    """The readable English report printed without `--json`."""
    costs = {pid: project.cost for pid, project in election.projects.items()}
    by = options.by if options is not None else "votes"
    total = outcome.total_cost(costs)
    # The options the rule reports it used (else the ones asked for).
    recorded = _jsonable(outcome.options) or (_requested(options) if options else {})
    settings = ", ".join(
        f"{key} {('yes' if value else 'no') if isinstance(value, bool) else format_figure(value)}"
        for key, value in recorded.items()
    )
    lines = [
        f"{source or 'election'}: {election.vote_type.value} ballots, "
        f"{_plural(len(election.ballots), 'voter', 'voters')}, "
        f"{_plural(len(election.projects), 'project', 'projects')}",
        f"Rule: {outcome.rule}" + (f" ({settings})" if settings else ""),
        f"Budget: {format_figure(outcome.budget)}",
        "",
        f"Selected: {_plural(len(outcome.selected), 'project', 'projects')}, total cost "
        f"{format_figure(total)}, {format_figure(outcome.budget - total)} left",
    ]
    width = len(str(len(outcome.selected)))
    for position, pid in enumerate(outcome.selected, start=1):
        project = election.projects.get(pid)
        cost = format_figure(project.cost) if project is not None else "?"
        explanation = outcome.explanations.get(pid)
        reason = explain_in_english(explanation, by=by) if explanation else "selected"
        lines.append(f"  {position:>{width}}. {_label(project, pid)}: {cost}, {reason}")
    chosen = set(outcome.selected)
    others = [pid for pid in _ordered_explanations(election, outcome) if pid not in chosen]
    if others:
        lines += ["", "Not selected:"]
        for pid in others:
            project = election.projects.get(pid)
            cost = format_figure(project.cost) if project is not None else "?"
            explanation = outcome.explanations.get(pid)
            reason = explain_in_english(explanation, by=by) if explanation else "no explanation"
            lines.append(f"  {_label(project, pid)}: {cost}, {reason}")
    all_warnings = [*election.warnings, *warnings]
    if all_warnings:
        lines += ["", "Warnings:"]
        lines += [f"  - {warning}" for warning in all_warnings]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------------ main


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _order_warnings(election: Election, tie_break: TieBreak) -> list[str]:
    if tie_break.kind != "order":
        return []
    unknown = [pid for pid in tie_break.order if pid not in election.projects]
    if not unknown:
        return []
    shown = ", ".join(repr(pid) for pid in unknown[:5])
    more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
    return [f"the tie-break order names projects not in the file: {shown}{more} (ignored)"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    arguments = build_parser().parse_args(argv)
    options = _options(arguments)
    try:
        election = read_election(arguments.file)
    except PabulibError as error:
        return _fail(str(error))
    if argv is None:
        # The program itself (not a call from Python): the election lives to the end of
        # this short process, so the cyclic garbage collector need not walk its hundreds
        # of thousands of objects again and again while the rule runs.
        gc.freeze()
    try:
        outcome = run_rule(election, arguments.rule, options)
    except RuleError as error:
        return _fail(f"{PROG}: error: --rule {arguments.rule}: {error}")
    source = os.path.basename(arguments.file)
    extra_warnings = _order_warnings(election, options.tie_break)
    if arguments.json:
        document = outcome_as_json(
            election, outcome, options, source=source, warnings=extra_warnings
        )
        import json  # only for --json: not a start-up cost of every run

        text = json.dumps(document, indent=2) + "\n"
    else:
        text = render_report(election, outcome, options, source=source, warnings=extra_warnings)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`| head`): not an error of the count.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0
