"""Who wants to hear of what: residents subscribed to an edition's news (its phases
opening and closing) and residents following a project. Supporters of a project follow
it without a row here (hromada.budget.notifications)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.budget.models.edition import Edition
from hromada.budget.models.project import Project


class EditionSubscription(models.Model):
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="budget_edition_subscriptions",
    )
    edition = models.ForeignKey(
        Edition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    created_at = models.DateTimeField(_("subscribed"), default=timezone.now)

    class Meta:
        verbose_name = _("edition subscription")
        verbose_name_plural = _("edition subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "edition"], name="budget_edition_subscription_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.edition_id}"


class ProjectFollow(models.Model):
    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="budget_project_follows",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(_("followed"), default=timezone.now)

    class Meta:
        verbose_name = _("project follow")
        verbose_name_plural = _("project follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "project"], name="budget_project_follow_once")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.project_id}"
