"""`manage.py recount EDITION`: the ballots, the published files and the checksums
agree with the count, and any difference is reported and fails the command."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.budget.calendar import end_of
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.voting.models import Ballot, ResultsSnapshot, SnapshotFile
from hromada.voting.publication import sha256_of
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.counting import count_edition
from tests.factories.accounts import make_user
from tests.factories.voting import cast, village, voter, voting_edition

pytestmark = pytest.mark.django_db


def counted(approved: bool = True, **settings: Any) -> ResultsSnapshot:
    edition = voting_edition(**settings)
    cast(edition, {1: 1, 4: 1})
    cast(edition, {1: 1})
    cast(edition, {2: 1, 5: 1}, who=voter(settlement_obj=village()))
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    snapshot = count_edition(
        edition=edition,
        actor=make_user(),
        now=end_of(phase.ends_on) + timedelta(seconds=1),
        lot_seed="31-07" if settings.get("tie_break") == "lot" else "",
    )
    if approved:
        snapshot = approve_snapshot(
            snapshot=snapshot,
            protocol_number="5",
            decided_on=phase.ends_on + timedelta(days=1),
            members_present="Петренко О. І., Коваль М. С.",
            votes_for=2,
            votes_against=0,
            votes_abstained=0,
            actor=make_user(),
            now=end_of(phase.ends_on) + timedelta(days=1),
        )
    return snapshot


def recount(edition: Edition | str, *options: str) -> str:
    out = io.StringIO()
    slug = edition if isinstance(edition, str) else edition.slug
    try:
        call_command("recount", slug, *options, stdout=out)
    except CommandError as error:
        raise CommandError(f"{error}\n{out.getvalue()}") from error
    return out.getvalue()


def recount_failing(edition: Edition, *options: str) -> tuple[str, str]:
    out = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("recount", edition.slug, *options, stdout=out)
    return str(raised.value), out.getvalue()


def tamper(snapshot: ResultsSnapshot, name: str, old: str, new: str) -> None:
    stored = snapshot.files.get(name=name)
    assert old in stored.content
    SnapshotFile.objects.filter(pk=stored.pk).update(content=stored.content.replace(old, new))


def test_an_untouched_count_checks_out():
    snapshot = counted()
    output = recount(snapshot.edition)
    assert output.splitlines()[1:] == [
        "small: ballots in the database: match (selected № 1, № 2)",
        "small: published file: match",
        "large: ballots in the database: match (selected № 4)",
        "large: published file: match",
        "villages: ballots in the database: match (selected № 5)",
        "villages: published file: match",
        "files: match (11 files and the checksum)",
        f"The count of edition {snapshot.edition.slug} checks out.",
    ]


def test_the_first_line_names_the_count():
    snapshot = counted()
    first = recount(snapshot.edition).splitlines()[0]
    assert first == (
        f"Edition {snapshot.edition.slug}, count #1 (approved), 3 ballots, "
        f"checksum {snapshot.checksum}"
    )


@pytest.mark.parametrize(
    "edition_settings",
    [
        {"counting_rule": "mes"},
        {"leftover_rule": "transfer", "tie_break": "lot"},
        {"ballot_kind": "cumulative", "votes_per_voter": 2},
    ],
    ids=["mes", "transfer-lot", "cumulative"],
)
def test_counts_of_other_settings_check_out(edition_settings: dict[str, Any]):
    snapshot = counted(**edition_settings)
    assert recount(snapshot.edition).endswith("checks out.\n")


def test_unknown_edition_is_an_error():
    with pytest.raises(CommandError) as raised:
        call_command("recount", "1999", stdout=io.StringIO())
    assert str(raised.value) == "There is no edition with the address '1999'."


def test_an_edition_without_an_approved_count_is_an_error():
    snapshot = counted(approved=False)
    message, _output = recount_failing(snapshot.edition)
    assert message == (
        f"Edition {snapshot.edition.slug} has no count approved by the commission "
        "(use --latest to check the latest count)."
    )


def test_latest_checks_a_draft_count():
    snapshot = counted(approved=False)
    output = recount(snapshot.edition, "--latest")
    assert output.splitlines()[0].startswith(f"Edition {snapshot.edition.slug}, count #1 (draft)")


def test_latest_without_any_count_is_an_error():
    edition = voting_edition()
    message, _output = recount_failing(edition, "--latest")
    assert message == f"Edition {edition.slug} has not been counted."


def test_a_deleted_ballot_is_found():
    snapshot = counted()
    large_pool = snapshot.edition.pools.get(code="large").pk
    # The only ballot with a vote in the large pool (for № 4).
    gone = next(b for b in Ballot.objects.filter(edition=snapshot.edition) if large_pool in b.pools)
    gone.delete()
    message, output = recount_failing(snapshot.edition)
    assert (
        "large: ballots in the database: differs (selected № 4 in the count, none from the "
        "ballots now; № 4: 1 votes in the count, 0 now)"
    ) in output.splitlines()
    assert "differs: ballots: 3 in the count, 2 in the database now" in output
    assert message.startswith(f"The count of edition {snapshot.edition.slug} does not check out:")


def test_a_tampered_pool_file_is_found():
    snapshot = counted()
    rows = snapshot.files.get(name="small.pb").content.split("VOTES\n")[1].splitlines()
    # A ballot for № 1 now reads № 2 (rows are in random order: pick one for № 1).
    old_row = next(row for row in rows[1:] if row.split(";")[1] == "1")
    tamper(snapshot, "small.pb", old_row, old_row.split(";")[0] + ";2")
    _message, output = recount_failing(snapshot.edition)
    lines = output.splitlines()
    assert "small: published file: differs (the file selects № 2, № 1, the count № 1, № 2)" in (
        lines
    )
    assert "files: differs (file small.pb: its content does not match its SHA-256)" in lines
    assert "small: ballots in the database: match (selected № 1, № 2)" in lines


def test_a_file_changed_together_with_its_hash_is_caught_by_sha256sums():
    snapshot = counted()
    stored = snapshot.files.get(name="receipts.txt")
    content = stored.content + "0" * 64 + "\n"
    SnapshotFile.objects.filter(pk=stored.pk).update(content=content, sha256=sha256_of(content))
    _message, output = recount_failing(snapshot.edition)
    assert output.splitlines()[-2:] == [
        "files: differs (file receipts.txt: differs from its line in SHA256SUMS)",
        "files: differs (file receipts.txt: 4 receipts for 3 ballots counted)",
    ]


def test_a_changed_checksum_is_found():
    snapshot = counted()
    ResultsSnapshot.objects.filter(pk=snapshot.pk).update(checksum="0" * 64)
    _message, output = recount_failing(snapshot.edition)
    assert "files: differs (the checksum of the count does not match SHA256SUMS)" in output


def test_an_unreadable_pool_file_is_reported_not_crashed():
    snapshot = counted()
    tamper(snapshot, "large.pb", "vote_type;approval", "vote_type;mystery")
    _message, output = recount_failing(snapshot.edition)
    assert "large: published file: differs (the file cannot be recounted: large.pb:" in output
    assert "unknown vote_type 'mystery'" in output
