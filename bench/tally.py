"""Benchmark: our counting CLI against the reference implementation, side by side.

    .venv/bin/python bench/tally.py [--timeout 120] [--min-voters 10000] [--only NAME]

For every election in ../shared/data/pabulib/dev with more than --min-voters voters, it
runs, as whole processes that parse the file and apply one rule:

- ours: `python -m hromada.tally FILE --rule … --json` for greedy_cost, mes_cost,
  mes_cost_add1 and mes_cost_add1_greedy;
- the reference (pabutools 1.2.3, installed on first use into var/bench-venv, never a
  dependency of the platform) live for greedy_cost and mes_cost, plain and on merged
  ballots (`_mp`), each with a timeout; for the Add1 rules it prints the reference's
  recorded seconds from expected.json, labelled "recorded" (indicative, ±30 %).

It prints per instance and rule: our seconds, the reference's seconds, the ratio
(reference / ours, also against the merged-ballot call), our peak memory, and whether
the winners agree with the reference (live run, else expected.json). Targets (issue 3):
mes ≥ 50× and greedy ≥ 20× faster than the plain reference call; Add1 under 10 s where
the reference finished and under 60 s where it timed out; under 1 GiB memory.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "pabulib"
BENCH_VENV = ROOT / "var" / "bench-venv"
REFERENCE = ["pabutools==1.2.3", "gmpy2==2.3.2"]

OURS = {
    "greedy_cost": ["--rule", "greedy"],
    "mes_cost": ["--rule", "mes"],
    "mes_cost_add1": ["--rule", "mes", "--completion", "add1"],
    "mes_cost_add1_greedy": ["--rule", "mes", "--completion", "add1-greedy"],
}
LIVE_REFERENCE = {"greedy_cost", "mes_cost"}


def reference_python() -> Path:
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        print(f"installing the reference into {BENCH_VENV} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *REFERENCE], check=True)
    return python


def run_process(command: list[str], timeout: float) -> tuple[float | None, str]:
    """(wall seconds, or None after the timeout; stdout)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None, ""
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr.strip()[-300:]}")
    return time.perf_counter() - start, stdout


def run_ours(
    path: Path, arguments: list[str], timeout: float
) -> tuple[float | None, int, list[str]]:
    """(wall seconds or None after the timeout, peak memory in KiB, selected ids). Output
    goes to temporary files, so that waiting for the process with its resource usage
    cannot block on a pipe."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "hromada.tally", str(path), *arguments, "--json"]
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, env=env, text=True)
        status, usage = 0, None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                _pid, _status, usage = os.wait4(process.pid, 0)
                return None, usage.ru_maxrss, []
            time.sleep(0.01)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"ours failed on {path.name} {arguments}: {stderr.read()[-300:]}")
        return seconds, usage.ru_maxrss, json.loads(stdout.read())["selected"]


def run_reference(
    python: Path, path: Path, rule_id: str, timeout: float
) -> tuple[float | None, list[str] | None]:
    command = [str(python), str(ROOT / "bench" / "reference_runner.py"), str(path), rule_id]
    seconds, stdout = run_process(command, timeout)
    if seconds is None:
        return None, None
    return seconds, json.loads(stdout)["winners"]


def ratio(reference: float | None, ours: float | None) -> str:
    if reference is None or not ours:
        return "—"
    return f"{reference / ours:.1f}×"


def seconds_text(value: float | None, label: str = "") -> str:
    return "timeout" if value is None else f"{value:.2f}s{label}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--timeout", type=float, default=120.0, help="per reference call (s)")
    parser.add_argument("--our-timeout", type=float, default=120.0, help="per call of ours (s)")
    parser.add_argument("--min-voters", type=int, default=10000)
    parser.add_argument("--only", help="substring of the file name")
    parser.add_argument("--no-reference", action="store_true", help="skip live reference runs")
    options = parser.parse_args()

    expected = json.loads((DATA / "expected.json").read_text(encoding="utf-8"))
    instances = [
        item
        for item in expected["instances"]
        if item["voters"] > options.min_voters
        and (not options.only or options.only in item["file"])
    ]
    python = None if options.no_reference else reference_python()
    # Our bytecode, as an installed package has it (pip compiles on install; here the
    # source tree is used, and PYTHONDONTWRITEBYTECODE may be set).
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "hromada" / "tally")],
        check=True,
    )
    header = f"{'instance':<36} {'rule':<21} {'ours':>8} {'reference':>16} {'ratio':>8} {'ref. merged':>12} {'ratio':>8} {'memory':>9}  winners"
    print(header)
    print("-" * len(header))
    for item in instances:
        path = DATA / item["file"]
        name = Path(item["file"]).name.split(".pb")[0][:36]
        for rule_id, arguments in OURS.items():
            recorded = item["results"].get(rule_id, {})
            ours_seconds, memory_kib, selected = run_ours(path, arguments, options.our_timeout)
            reference_seconds: float | None = None
            merged_seconds: float | None = None
            reference_label = ""
            winners_reference = recorded.get("winners") if recorded.get("status") == "ok" else None
            if python is not None and rule_id in LIVE_REFERENCE:
                reference_seconds, live_winners = run_reference(
                    python, path, rule_id, options.timeout
                )
                merged_seconds, _ = run_reference(python, path, rule_id + "_mp", options.timeout)
                if live_winners is not None:
                    winners_reference = live_winners
            else:
                reference_label = " recorded"
                status = recorded.get("status")
                reference_seconds = recorded.get("seconds") if status == "ok" else None
                merged = item["results"].get(
                    rule_id.replace("mes_cost_add1", "mes_cost_add1_mp"), {}
                )
                merged_seconds = merged.get("seconds") if merged.get("status") == "ok" else None
            if ours_seconds is None:
                agreement = "ours timed out"
            elif winners_reference is None:
                agreement = "no reference outcome"
            else:
                agreement = (
                    "identical" if sorted(selected) == sorted(winners_reference) else "DIFFERENT"
                )
            print(
                f"{name:<36} {rule_id:<21} {seconds_text(ours_seconds):>8} "
                f"{seconds_text(reference_seconds, reference_label):>16} {ratio(reference_seconds, ours_seconds):>8} "
                f"{seconds_text(merged_seconds):>12} {ratio(merged_seconds, ours_seconds):>8} "
                f"{memory_kib / 1024:>7.0f}MB  {agreement}",
                flush=True,
            )


if __name__ == "__main__":
    main()
