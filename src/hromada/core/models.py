"""Base models and the append-only audit trail."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AppendOnlyError(RuntimeError):
    """Raised by any attempt to change or remove an audit-trail row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only.")


class AppendOnlyModel(models.Model):
    """Rows are written once. The database refuses UPDATE too (triggers in migrations)."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{type(self).__name__} rows are append-only.")


class ActivityLog(AppendOnlyModel):
    """One consequential action: who did what to which object, with before and after.

    Written by `hromada.core.activity.log_activity` only. Rows are chained by
    `ActivityLogLink`, which the sequencer writes shortly after commit.
    """

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    ip_hmac = models.CharField(_("IP address (HMAC)"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("activity log entry")
        verbose_name_plural = _("activity log")
        ordering = ["-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="activitylog_object_idx")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"


class ActivityLogLink(AppendOnlyModel):
    """The hash-chain link of one ActivityLog row.

    `hash` = SHA-256 over the sequence number, the previous link's hash and the row's
    canonical content. Kept in a separate table so that writers of the log never wait
    for each other: only the sequencer writes links.
    """

    entry = models.OneToOneField(
        ActivityLog, primary_key=True, on_delete=models.PROTECT, related_name="link"
    )
    sequence = models.PositiveBigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity log link")
        verbose_name_plural = _("activity log links")
        ordering = ["sequence"]

    def __str__(self) -> str:
        return f"link {self.sequence} -> entry {self.entry_id}"


class Notification(models.Model):
    """The outbox: one row per message to one address. `key` names the message (e.g.
    "phase-opened:<phase id>:<user id>"), so a second attempt to queue it, from a retried
    or duplicated task, finds the row and adds nothing. `sent_at` is set by the delivery
    that sends it, in the same transaction, so the message leaves at most once."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    key = models.CharField(_("key"), max_length=200, unique=True)
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    address = models.CharField(_("address"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        null=True,
        blank=True,
        # A closed account takes its unsent and sent messages (personal data) with it.
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    unsubscribe_url = models.CharField(_("unsubscribe address"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep of messages whose delivery task was lost reads only unsent rows.
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="core_notification_unsent",
            )
        ]

    def __str__(self) -> str:
        return self.key
