"""Reads of the voting app."""

from __future__ import annotations

from dataclasses import dataclass

from hromada.budget.models import Edition
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import Ballot, ResultsSnapshot, SnapshotFile
from hromada.voting.receipts import receipt_hash

RECEIPTS_FILE = "receipts.txt"


@dataclass(frozen=True)
class ReceiptStatus:
    accepted: bool
    counted: bool
    snapshot: ResultsSnapshot | None


def approved_snapshot(edition: Edition) -> ResultsSnapshot | None:
    return ResultsSnapshot.objects.filter(edition=edition, status=SnapshotStatus.APPROVED).first()


def receipt_status(edition: Edition, code: str) -> ReceiptStatus:
    """Accepted: a ballot with this receipt is in the ballot box now. Counted: its hash
    is in the receipt list of the approved results. An annulled ballot is neither."""
    digest = receipt_hash(edition.slug, code)
    accepted = Ballot.objects.filter(edition=edition, receipt_hash=digest).exists()
    snapshot = approved_snapshot(edition)
    counted = (
        snapshot is not None
        and SnapshotFile.objects.filter(
            snapshot=snapshot, name=RECEIPTS_FILE, content__contains=digest
        ).exists()
    )
    return ReceiptStatus(accepted=accepted, counted=counted, snapshot=snapshot)
