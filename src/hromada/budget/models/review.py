"""Review of projects: department opinions, cost corrections, the commission's decisions
and appeals."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import Department, User
from hromada.budget.enums import (
    AppealStatus,
    AssignmentStatus,
    CostCorrectionStatus,
    DecisionKind,
    OpinionConclusion,
    RejectionReason,
)
from hromada.budget.models.project import Project
from hromada.core.models import TimeStamped


class ReviewAssignment(TimeStamped):
    """A department's expert review of one project, with its own deadline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    aspects = models.JSONField(_("aspects to check"), default=list)
    deadline = models.DateTimeField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.PENDING,
    )
    conclusion = models.CharField(
        _("conclusion"), max_length=10, choices=OpinionConclusion.choices, blank=True
    )
    reason_code = models.CharField(
        _("reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    opinion = models.TextField(_("opinion (public)"), blank=True)
    internal_note = models.TextField(_("internal note (staff only)"), blank=True)
    reviewer = models.ForeignKey(
        User,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("opinion given"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "department"], name="budget_assignment_once_per_department"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} — {self.department}"

    def permission_scopes(self) -> list[models.Model]:
        return [self.department, self.project.edition]


class CostCorrection(TimeStamped):
    """A reviewer's corrected estimate. The author sees it as a diff and accepts it (the
    project's estimate becomes the corrected one) or contests it (the commission decides)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="corrections")
    assignment = models.ForeignKey(
        ReviewAssignment, on_delete=models.PROTECT, related_name="corrections"
    )
    # Snapshots of the estimate: {"items": [{name, unit, quantity, unit_price}], ...}.
    before = models.JSONField()
    after = models.JSONField()
    explanation = models.TextField(_("explanation"))
    status = models.CharField(
        max_length=10, choices=CostCorrectionStatus.choices, default=CostCorrectionStatus.PROPOSED
    )
    author_response = models.TextField(_("author's response"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    proposed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_status_display()}"


class CommissionDecision(TimeStamped):
    """A decision of the budget commission on a project (or on its appeal), with the
    protocol it was taken in."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    is_on_appeal = models.BooleanField(default=False)
    reason_code = models.CharField(
        _("reason"), max_length=30, choices=RejectionReason.choices, blank=True
    )
    text = models.TextField(_("reasons (public)"))
    protocol_number = models.CharField(_("protocol number"), max_length=40)
    protocol_date = models.DateField(_("protocol date"))
    members_present = models.PositiveSmallIntegerField(_("members present"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"))
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    votes_abstained = models.PositiveSmallIntegerField(_("abstained"), default=0)
    signed_scan = models.FileField(
        _("signed protocol (scan)"), upload_to="budget/protocols/%Y/", blank=True
    )
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    members_present__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("votes_abstained")
                ),
                name="budget_decision_votes_within_present",
            )
        ]

    def __str__(self) -> str:
        return f"{self.protocol_number} — {self.get_kind_display()}"


class Appeal(TimeStamped):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("grounds of the appeal"))
    filed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.OneToOneField(
        CommissionDecision,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeal",
    )

    class Meta:
        ordering = ["filed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.project} — {self.get_status_display()}"
