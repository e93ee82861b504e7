"""`manage.py recount EDITION [--latest]`: check a count three ways.

1. Count the ballots in the database again, with the same settings and lot, and compare
   each pool's winners and votes with the snapshot.
2. Recount each published Pabulib file with its published command (in this process,
   with `hromada.tally`'s command line) and compare the winners.
3. Check every published file against its SHA-256, SHA256SUMS against the files, and the
   checksum against SHA256SUMS.

One line per check; any difference ends with an error (exit status 1)."""

from __future__ import annotations

import contextlib
import io
import json
import shlex
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hromada.budget.models import Edition
from hromada.tally import cli
from hromada.voting import publication
from hromada.voting.models import ResultsSnapshot
from hromada.voting.services.counting import compute_count, latest_snapshot, public_snapshot

COMMAND_PREFIX = ["python", "-m", "hromada.tally"]


def _winners(pool: Mapping[str, Any]) -> list[str]:
    return [str(project["number"]) for project in pool["projects"] if project["selected"]]


def _votes(pool: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    return {
        str(project["number"]): (project["votes"], project["points"])
        for project in pool["projects"]
    }


def _listed(numbers: list[str]) -> str:
    return ", ".join(f"№ {number}" for number in numbers) if numbers else "none"


def compare_with_ballots(snapshot: ResultsSnapshot, recomputed: Mapping[str, Any]) -> list[str]:
    """Differences between the snapshot's outcome and one computed again from the
    database, per pool (empty when they agree)."""
    problems: list[str] = []
    fresh = {pool["code"]: pool for pool in recomputed["pools"]}
    for pool in snapshot.outcome["pools"]:
        code = pool["code"]
        again = fresh.pop(code, None)
        if again is None:
            problems.append(f"pool {code}: no longer in the edition")
            continue
        details = []
        if _winners(pool) != _winners(again):
            details.append(
                f"selected {_listed(_winners(pool))} in the count, "
                f"{_listed(_winners(again))} from the ballots now"
            )
        before, now = _votes(pool), _votes(again)
        for number in sorted(set(before) | set(now), key=int):
            if before.get(number) != now.get(number):
                then_votes = before.get(number, ("-", "-"))[0]
                now_votes = now.get(number, ("-", "-"))[0]
                details.append(
                    f"№ {number}: {then_votes} votes in the count, {now_votes} now"
                    if then_votes != now_votes
                    else f"№ {number}: points {before.get(number)} in the count, "
                    f"{now.get(number)} now"
                )
        if pool["effective_budget"] != again["effective_budget"]:
            details.append(
                f"budget {pool['effective_budget']} in the count, {again['effective_budget']} now"
            )
        problems.extend(f"pool {code}: {detail}" for detail in details)
    problems.extend(f"pool {code}: not in the count" for code in fresh)
    return problems


def _run_published_command(command: str, directory: Path) -> tuple[list[str] | None, str]:
    """The winners by the published command run on the files in `directory`, or None
    and the reason when it cannot run."""
    words = shlex.split(command)
    if words[: len(COMMAND_PREFIX)] != COMMAND_PREFIX:
        return None, f"not a {' '.join(COMMAND_PREFIX)} command: {command}"
    arguments = []
    for index, word in enumerate(words[len(COMMAND_PREFIX) :]):
        if index == 0:
            word = str(directory / word)
        elif word.startswith("order:"):
            word = "order:" + str(directory / word.removeprefix("order:"))
        arguments.append(word)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main([*arguments, "--json"])
        except SystemExit as exit_:  # a bad option: argparse exits
            status = exit_.code if isinstance(exit_.code, int) else 2
    if status != 0:
        return None, " ".join(err.getvalue().split()) or f"exit status {status}"
    return list(json.loads(out.getvalue())["selected"]), ""


def compare_with_files(snapshot: ResultsSnapshot) -> dict[str, str]:
    """Per pool, "" when its published command gives the snapshot's winners, else why
    not."""
    results: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="recount-") as name:
        directory = Path(name)
        for stored in snapshot.files.all():
            (directory / Path(stored.name).name).write_bytes(stored.content.encode("utf-8"))
        for pool in snapshot.outcome["pools"]:
            winners, problem = _run_published_command(pool["command"], directory)
            if winners is None:
                results[pool["code"]] = f"the file cannot be recounted: {problem}"
            elif winners != _winners(pool):
                results[pool["code"]] = (
                    f"the file selects {_listed(winners)}, the count {_listed(_winners(pool))}"
                )
            else:
                results[pool["code"]] = ""
    return results


def check_files(snapshot: ResultsSnapshot) -> list[str]:
    """Differences between the stored files, their hashes, SHA256SUMS and the checksum."""
    problems: list[str] = []
    files = {stored.name: stored for stored in snapshot.files.all()}
    for name, stored in sorted(files.items()):
        actual = publication.sha256_of(stored.content)
        if actual != stored.sha256:
            problems.append(f"file {name}: its content does not match its SHA-256")
    sums = files.get(publication.SUMS_NAME)
    if sums is None:
        problems.append(f"file {publication.SUMS_NAME} is missing")
    else:
        expected = publication.sums_text({name: stored.content for name, stored in files.items()})
        if sums.content != expected:
            listed = {
                line.split("  ", 1)[-1]: line.split("  ", 1)[0]
                for line in sums.content.splitlines()
            }
            for name, stored in sorted(files.items()):
                if name == publication.SUMS_NAME:
                    continue
                if listed.get(name) != publication.sha256_of(stored.content):
                    problems.append(f"file {name}: differs from its line in SHA256SUMS")
            for name in sorted(set(listed) - set(files)):
                problems.append(f"file {name}: listed in SHA256SUMS but not published")
            if not problems:
                problems.append("SHA256SUMS is not in the expected form")
        if publication.checksum_of(sums.content) != snapshot.checksum:
            problems.append("the checksum of the count does not match SHA256SUMS")
    receipts = files.get(publication.RECEIPTS_NAME)
    if receipts is not None and len(receipts.content.splitlines()) != snapshot.ballots_counted:
        problems.append(
            f"file {publication.RECEIPTS_NAME}: {len(receipts.content.splitlines())} receipts "
            f"for {snapshot.ballots_counted} ballots counted"
        )
    return problems


class Command(BaseCommand):
    help = (
        "Check the approved count of an edition (or with --latest the latest count): "
        "recount the ballots in the database, recount the published files with their "
        "published commands, and verify every file's SHA-256 and the checksum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("edition", help="the edition's address, e.g. 2024")
        parser.add_argument(
            "--latest",
            action="store_true",
            help="check the latest count, approved or not",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        edition = Edition.objects.filter(slug=options["edition"]).first()
        if edition is None:
            raise CommandError(f"There is no edition with the address {options['edition']!r}.")
        if options["latest"]:
            snapshot = latest_snapshot(edition)
            if snapshot is None:
                raise CommandError(f"Edition {edition.slug} has not been counted.")
        else:
            snapshot = public_snapshot(edition)
            if snapshot is None:
                raise CommandError(
                    f"Edition {edition.slug} has no count approved by the commission "
                    "(use --latest to check the latest count)."
                )
        self.stdout.write(
            f"Edition {edition.slug}, count #{snapshot.sequence} ({snapshot.status}), "
            f"{snapshot.ballots_counted} ballots, checksum {snapshot.checksum}"
        )
        differences = 0

        recomputed = compute_count(edition, snapshot.lot_seed)
        ballots_problems = compare_with_ballots(snapshot, recomputed.outcome)
        if recomputed.ballots != snapshot.ballots_counted:
            ballots_problems.insert(
                0,
                f"ballots: {snapshot.ballots_counted} in the count, "
                f"{recomputed.ballots} in the database now",
            )
        file_results = compare_with_files(snapshot)
        for pool in snapshot.outcome["pools"]:
            code = pool["code"]
            own = [p for p in ballots_problems if p.startswith(f"pool {code}: ")]
            if own:
                details = "; ".join(p.removeprefix(f"pool {code}: ") for p in own)
                self.stdout.write(f"{code}: ballots in the database: differs ({details})")
            else:
                self.stdout.write(
                    f"{code}: ballots in the database: match (selected {_listed(_winners(pool))})"
                )
            if file_results.get(code):
                self.stdout.write(f"{code}: published file: differs ({file_results[code]})")
            else:
                self.stdout.write(f"{code}: published file: match")
        others = [
            p
            for p in ballots_problems
            if not any(p.startswith(f"pool {pool['code']}: ") for pool in snapshot.outcome["pools"])
        ]
        for problem in others:
            self.stdout.write(f"differs: {problem}")
        differences += len(ballots_problems) + sum(1 for value in file_results.values() if value)

        file_problems = check_files(snapshot)
        if file_problems:
            for problem in file_problems:
                self.stdout.write(f"files: differs ({problem})")
        else:
            self.stdout.write(f"files: match ({snapshot.files.count()} files and the checksum)")
        differences += len(file_problems)

        if differences:
            raise CommandError(
                f"The count of edition {edition.slug} does not check out: "
                f"{differences} difference(s)."
            )
        self.stdout.write(f"The count of edition {edition.slug} checks out.")
