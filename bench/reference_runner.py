"""Runs the reference implementation (pabutools, GPL-3) on one file and one rule, as the
benchmark's oracle. It is executed by bench/tally.py with the interpreter of a separate
virtual environment (var/bench-venv); nothing in Hromada imports it or pabutools.

Usage: python reference_runner.py FILE RULE_ID   → prints {"winners": [...]} as JSON.
The calls are the ones documented in ../shared/data/pabulib/README.md.
"""

import gzip
import json
import sys

from pabutools.election import Cost_Sat
from pabutools.election.pabulib import parse_pabulib_from_string
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares


def main() -> None:
    path, rule_id = sys.argv[1], sys.argv[2]
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        instance, profile = parse_pabulib_from_string(handle.read())
    if rule_id.endswith("_mp"):
        profile = profile.as_multiprofile()
        rule_id = rule_id[: -len("_mp")]
    if rule_id == "greedy_cost":
        outcome = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
    elif rule_id == "mes_cost":
        outcome = method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
    else:
        raise SystemExit(f"reference_runner: rule {rule_id} is not run live")
    print(json.dumps({"winners": sorted(str(project.name) for project in outcome)}))


if __name__ == "__main__":
    main()
