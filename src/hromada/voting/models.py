"""Voting: who has voted (VoterRecord, with the person key) and what was voted (Ballot,
with nothing about the person), kept apart. See docs/voting.md and ADR 0005.

Nothing here may let a ballot be matched with a voter: the ballot has a random UUIDv4
key, no timestamp, no user, no demographic field; its choices are stored sorted. The one
link (voter record → ballot) is stored only encrypted to the commission's public key."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.budget.models import Edition, Territory
from hromada.voting.enums import AgeBand, Channel, SnapshotStatus


class CommissionKey(models.Model):
    """The public half of the commission's key pair for an edition. The private half is
    held offline by the commission (whole, or split into parts between members) and is
    asked for only to annul ballots; destroying it disposes of every sealed link."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="commission_key")
    public_key_pem = models.TextField(_("public key (PEM)"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    parts = models.PositiveSmallIntegerField(_("parts of the private key"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    destroyed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("commission key")
        verbose_name_plural = _("commission keys")

    def __str__(self) -> str:
        return self.fingerprint[:16]


class Annulment(models.Model):
    """A commission decision that removed named ballots (e.g. identities found fake)."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="annulments")
    protocol_number = models.CharField(_("protocol number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    reason = models.TextField(_("reason"))
    ballots_removed = models.PositiveIntegerField(_("ballots removed"), default=0)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("annulment")
        verbose_name_plural = _("annulments")
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"№ {self.protocol_number} ({self.decided_on:%d.%m.%Y})"


class VoterRecord(models.Model):
    """ "This person has voted in this edition": one per person key and edition, whatever
    the channel — the database refuses a second one. Written in the same transaction as
    the ballot; it never refers to the ballot except through `sealed_ballot`."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="voter_records")
    person_key = models.CharField(max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    cast_on = models.DateField(_("date"))
    desk_operator = models.ForeignKey(
        User,
        verbose_name=_("desk operator"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    age_band = models.CharField(
        _("age band"), max_length=10, choices=AgeBand.choices, default=AgeBand.UNKNOWN
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper_serial = models.CharField(_("paper form serial number"), max_length=40, blank=True)
    paper_filled_on = models.DateField(_("paper form filled in on"), null=True, blank=True)
    # The ballot's id encrypted to the commission's public key (see sealing.py); emptied
    # when the commission destroys its key.
    sealed_ballot = models.TextField(blank=True)
    annulment = models.ForeignKey(
        Annulment, null=True, blank=True, on_delete=models.PROTECT, related_name="voter_records"
    )

    class Meta:
        verbose_name = _("voter record")
        verbose_name_plural = _("voter records")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "person_key"], name="voting_one_voter_record_per_person"
            ),
            models.UniqueConstraint(
                fields=["edition", "paper_serial"],
                condition=~models.Q(paper_serial=""),
                name="voting_paper_serial_once",
            ),
        ]
        indexes = [models.Index(fields=["edition", "cast_on"], name="voting_record_day")]

    def __str__(self) -> str:
        return f"#{self.pk}"


def _new_ballot_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """What one voter chose, and nothing else. `choices` is a list of
    [project id, pool id, points] sorted by project id (points 1 on approval ballots)."""

    id = models.UUIDField(primary_key=True, default=_new_ballot_id, editable=False)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="ballots")
    choices = models.JSONField()
    pools = models.JSONField()
    # SHA-256 of "<edition slug>:<receipt code>": the published receipt list holds these.
    receipt_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")

    def __str__(self) -> str:
        return str(self.id)


class CastRequest(models.Model):
    """The idempotency key of a cast form, so that a repeated request (double click,
    retry, a second tab) gets the same receipt instead of a second ballot. Keyed by the
    SHA-256 of the form's random key; deleted when the edition is counted."""

    key_hash = models.CharField(primary_key=True, max_length=64)
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    receipt_code = models.CharField(max_length=20)

    class Meta:
        verbose_name = _("cast request")
        verbose_name_plural = _("cast requests")

    def __str__(self) -> str:
        return self.key_hash[:12]


class ResultsSnapshot(models.Model):
    """A frozen count: the published files, their checksum and the outcome per pool.
    Public only once the commission has approved it; a later count (a recount, an
    annulment) supersedes it and says why."""

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="snapshots")
    sequence = models.PositiveSmallIntegerField(_("count number"))
    status = models.CharField(
        _("status"), max_length=12, choices=SnapshotStatus.choices, default=SnapshotStatus.DRAFT
    )
    reason = models.TextField(_("why this count"), blank=True)
    counted_at = models.DateTimeField(_("counted at"))
    counted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    ballots_counted = models.PositiveIntegerField(_("ballots counted"))
    ballots_annulled = models.PositiveIntegerField(_("ballots annulled"), default=0)
    lot_seed = models.CharField(_("lot"), max_length=100, blank=True)
    checksum = models.CharField(_("checksum (SHA-256)"), max_length=64)
    outcome = models.JSONField()
    statistics = models.JSONField()
    protocol_number = models.CharField(_("protocol number"), max_length=40, blank=True)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    members_present = models.TextField(_("members present"), blank=True)
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")
        ordering = ["edition", "-sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "sequence"], name="voting_snapshot_sequence"
            ),
            models.UniqueConstraint(
                fields=["edition"],
                condition=models.Q(status="approved"),
                name="voting_one_approved_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} #{self.sequence}"


class SnapshotFile(models.Model):
    """One published file of a snapshot (ballots per pool as .pb and CSV, tie-break
    orders, the receipt list, SHA256SUMS), stored as text so the checksum never moves."""

    snapshot = models.ForeignKey(ResultsSnapshot, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=100)
    content = models.TextField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("published file")
        verbose_name_plural = _("published files")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "name"], name="voting_snapshot_file_name")
        ]

    def __str__(self) -> str:
        return self.name
