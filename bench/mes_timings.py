"""Benchmark: our MES with the Add1 completion, rule call only (parsing excluded).

    .venv/bin/python bench/mes_timings.py [--only NAME] [--plain] [--all]

For every election of ../shared/data/pabulib/dev whose `mes_cost_add1` reference run is
slow (recorded over 10 s) or timed out — or every election with --all — it parses the
file, then times `mes.compute(…, completion="add1")` and prints: our seconds, the
reference's recorded seconds (from expected.json, labelled "recorded", ±30 %), the
stopping increment k and why it stopped, the number of MES runs and certified replays,
and whether the winners agree with the recorded reference outcome. With --plain it
also computes the outcome on the plain path (one group per ballot, no merging) and
says whether both paths agree: that is the cross-check for the instances where the
reference has no outcome. Targets (issue 3): under 10 s where the reference finished,
under 60 s where it timed out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hromada.tally.pabulib import read_election  # noqa: E402
from hromada.tally.rules import RuleOptions, mes  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "pabulib"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="substring of the file name")
    parser.add_argument("--plain", action="store_true", help="cross-check on the plain path")
    parser.add_argument("--all", action="store_true", help="every instance, not only slow ones")
    options = parser.parse_args()
    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    print(
        f"{'instance':<40} {'ours':>8} {'reference':>17} {'k':>7} {'stop':<12} {'runs':>6}  winners"
    )
    for item in expected["instances"]:
        recorded = item["results"].get("mes_cost_add1", {})
        status = recorded.get("status")
        slow = status != "ok" or recorded.get("seconds", 0) > 10
        if options.only and options.only not in item["file"]:
            continue
        if not (slow or options.all or options.only):
            continue
        election = read_election(DATA / item["file"])
        rule_options = RuleOptions(completion="add1")
        start = time.perf_counter()
        outcome = mes.compute(election, rule_options)
        seconds = time.perf_counter() - start
        if status == "ok":
            reference = f"{recorded['seconds']:.1f}s recorded"
            agree = "identical" if outcome.selected == recorded["selection_order"] else "DIFFERENT"
        else:
            reference = status or "—"
            agree = "no reference outcome"
        if options.plain:
            plain = mes.compute(election, rule_options, merge=False)
            agree += (
                "; plain path identical"
                if plain.selected == outcome.selected
                and plain.options["add1_increment"] == outcome.options["add1_increment"]
                else "; plain path DIFFERENT"
            )
        name = Path(item["file"]).name.split(".pb")[0][:40]
        print(
            f"{name:<40} {seconds:>7.2f}s {reference:>17} "
            f"{outcome.options['add1_increment']:>7} {outcome.options['add1_stop']:<12} "
            f"{outcome.options['add1_runs']:>6}  {agree}",
            flush=True,
        )
        if status != "ok":
            total = sum((election.projects[p].cost for p in outcome.selected), start=0)
            print(f"    winners: {', '.join(outcome.selected)}; total cost {total}")


if __name__ == "__main__":
    main()
