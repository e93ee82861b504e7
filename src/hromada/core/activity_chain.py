"""The hash chain over the audit trail: the sequencer that links rows, and verification.

Writers insert ActivityLog rows without any lock. The sequencer, run shortly after
commit (a Celery beat task, or at the end of a request in the embedded default), takes
one database-wide lock, appends links for every unlinked row in id order, and releases
it. Verification recomputes every link.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db import connection, transaction
from django.utils import timezone

from hromada.core.models import ActivityLog, ActivityLogLink

GENESIS_HASH = "0" * 64
# A row that has waited this long for its link means the sequencer is not running
# (or someone inserted behind its back): verification reports it as a failure.
LINK_DEADLINE = timedelta(seconds=10)
_ADVISORY_LOCK_KEY = 0x48524D44  # "HRMD"


def entry_content(entry: ActivityLog) -> str:
    """Canonical text of everything a row says; any change to a column changes it."""
    return json.dumps(
        {
            "id": entry.pk,
            "created_at": entry.created_at.astimezone(UTC).isoformat(),
            "actor_id": entry.actor_id,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "object_repr": entry.object_repr,
            "before": entry.before,
            "after": entry.after,
            "reason": entry.reason,
            "ip_hmac": entry.ip_hmac,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )


def link_hash(sequence: int, previous_hash: str, entry: ActivityLog) -> str:
    digest = hashlib.sha256()
    digest.update(f"{sequence}:{previous_hash}:".encode())
    digest.update(entry_content(entry).encode())
    return digest.hexdigest()


def _lock_sequencer() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_ADVISORY_LOCK_KEY])
    # SQLite: transactions begin IMMEDIATE (see settings), so writers are serialised.


def link_pending_entries(batch_size: int = 5000) -> int:
    """Link every committed, unlinked row; returns how many were linked."""
    linked = 0
    while True:
        with transaction.atomic():
            _lock_sequencer()
            last = ActivityLogLink.objects.order_by("-sequence").first()
            sequence = last.sequence if last else 0
            previous = last.hash if last else GENESIS_HASH
            pending = list(
                ActivityLog.objects.filter(link__isnull=True).order_by("id")[:batch_size]
            )
            links = []
            for entry in pending:
                sequence += 1
                current = link_hash(sequence, previous, entry)
                links.append(
                    ActivityLogLink(
                        entry=entry, sequence=sequence, previous_hash=previous, hash=current
                    )
                )
                previous = current
            ActivityLogLink.objects.bulk_create(links)
        linked += len(links)
        if len(pending) < batch_size:
            return linked


@dataclass(frozen=True)
class ChainReport:
    is_intact: bool
    checked: int
    problem: str = ""

    def __str__(self) -> str:
        if self.is_intact:
            return f"intact ({self.checked} entries checked)"
        return f"BROKEN: {self.problem}"


def _links_in_order(chunk_size: int = 2000) -> Iterator[ActivityLogLink]:
    return (
        ActivityLogLink.objects.select_related("entry")
        .order_by("sequence")
        .iterator(chunk_size=chunk_size)
    )


def verify_chain() -> ChainReport:
    """Walk the chain from the start; report the first broken link, or intact."""
    expected_sequence = 1
    previous = GENESIS_HASH
    checked = 0
    for link in _links_in_order():
        if link.sequence != expected_sequence:
            return ChainReport(
                False,
                checked,
                f"link {expected_sequence} is missing (next present link is {link.sequence}, "
                f"entry #{link.entry_id})",
            )
        if link.previous_hash != previous:
            return ChainReport(
                False,
                checked,
                f"link {link.sequence} (entry #{link.entry_id}) does not continue link "
                f"{link.sequence - 1}",
            )
        if link_hash(link.sequence, link.previous_hash, link.entry) != link.hash:
            return ChainReport(
                False,
                checked,
                f"entry #{link.entry_id} (link {link.sequence}) was altered: its content no "
                f"longer matches its hash",
            )
        previous = link.hash
        expected_sequence += 1
        checked += 1
    stale = (
        ActivityLog.objects.filter(link__isnull=True, created_at__lt=timezone.now() - LINK_DEADLINE)
        .order_by("id")
        .first()
    )
    if stale is not None:
        return ChainReport(
            False,
            checked,
            f"entry #{stale.pk} from {stale.created_at.isoformat()} has no link after "
            f"{int(LINK_DEADLINE.total_seconds())} s (is the sequencer running?)",
        )
    return ChainReport(True, checked)
