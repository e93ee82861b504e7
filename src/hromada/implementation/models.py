"""Delivery of a winning project (implementation record, payments, the public timeline
with photos, the author's sign-off) and its evaluation (ratings, the process survey)."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import Department, User
from hromada.budget.models import Edition, Project
from hromada.budget.models.edition import money_field
from hromada.core.localized import LocalizedField
from hromada.core.models import TimeStamped
from hromada.implementation.enums import (
    CommentState,
    ImplementationStatus,
    PhotoKind,
    QuestionKind,
)
from hromada.programmes.models import Expenditure, Measure

TENDER_ID_LENGTH = 22  # UA-YYYY-MM-DD-NNNNNN-x
CONTRACT_ID_LENGTH = 40


class ImplementationRecord(TimeStamped):
    """One winning project on its way to delivery."""

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="implementation", verbose_name=_("project")
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="implementations",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.PLANNED,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), default=0, validators=[MaxValueValidator(100)]
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual completion"), null=True, blank=True)
    # The approved estimate when the project won; the contract sum comes from procurement.
    estimate = money_field(_("estimate, UAH"), default=Decimal("0"))
    contract_sum = money_field(_("contract sum, UAH"), null=True, blank=True)
    tender_id = models.CharField(_("Prozorro tender id"), max_length=TENDER_ID_LENGTH, blank=True)
    contract_id = models.CharField(
        _("Prozorro contract id"), max_length=CONTRACT_ID_LENGTH, blank=True
    )
    contractor = models.CharField(_("contractor"), max_length=255, blank=True)
    not_implemented_reason = models.TextField(_("why it was not implemented"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    author_signed_off_at = models.DateTimeField(_("author signed off"), null=True, blank=True)
    author_sign_off_text = models.TextField(_("author's remarks"), blank=True)
    author_accepts_result = models.BooleanField(_("the author accepts the result"), null=True)

    class Meta:
        verbose_name = _("implementation record")
        verbose_name_plural = _("implementation records")
        ordering = ["project__edition", "project__number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="implementation_progress_at_most_100"
            ),
        ]
        indexes = [models.Index(fields=["status"], name="implementation_status")]

    def __str__(self) -> str:
        return str(self.project)

    def permission_scopes(self) -> list[models.Model]:
        scopes: list[models.Model] = [self.project.edition]
        if self.department_id:
            scopes.append(self.department)  # type: ignore[arg-type]
        return scopes


class Payment(TimeStamped):
    """Money paid for a project. Each payment is also an expenditure of the programme
    measure in force on its date, so the programme's actual money is computed from it."""

    record = models.ForeignKey(
        ImplementationRecord, on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = money_field(_("amount, UAH"))
    document = models.CharField(_("payment order number"), max_length=60, blank=True)
    measure = models.ForeignKey(
        Measure, verbose_name=_("programme measure"), on_delete=models.PROTECT, related_name="+"
    )
    expenditure = models.OneToOneField(
        Expenditure, on_delete=models.PROTECT, related_name="implementation_payment"
    )
    # Required when the payments together exceed the contract sum.
    over_contract_reason = models.TextField(_("why the contract sum is exceeded"), blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="implementation_payment_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.paid_on}: {self.amount}"


class Update(TimeStamped):
    """One entry of the public timeline: what happened, with the status and progress."""

    record = models.ForeignKey(
        ImplementationRecord, on_delete=models.CASCADE, related_name="updates"
    )
    happened_on = models.DateField(_("date"))
    text = models.TextField(_("what happened"))
    status = models.CharField(_("status"), max_length=20, choices=ImplementationStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress, %"), validators=[MaxValueValidator(100)]
    )
    is_public = models.BooleanField(_("public"), default=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Set by the notification task, so that followers are told once.
    followers_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("implementation update")
        verbose_name_plural = _("implementation updates")
        ordering = ["happened_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100),
                name="implementation_update_progress_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.text[:40]}"


class Photo(TimeStamped):
    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to="implementation/photos/%Y/")
    kind = models.CharField(_("shows"), max_length=10, choices=PhotoKind.choices)
    alt_text = models.CharField(_("description for people who cannot see it"), max_length=255)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.alt_text


class Rating(TimeStamped):
    """A resident's score of a delivered project: one per person key; the comment is
    public only after moderation."""

    record = models.ForeignKey(
        ImplementationRecord, on_delete=models.CASCADE, related_name="ratings"
    )
    person_key = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    comment_state = models.CharField(
        _("comment"), max_length=10, choices=CommentState.choices, default=CommentState.NONE
    )
    moderated_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "person_key"], name="implementation_rating_once_per_person"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1) & models.Q(score__lte=5),
                name="implementation_rating_score_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.score}"


class Survey(TimeStamped):
    """A short survey about the process for the edition's participants."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="survey")
    intro_uk = models.TextField(_("introduction (Ukrainian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on (inclusive)"))
    is_published = models.BooleanField(_("open to participants"), default=False)

    intro = LocalizedField()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return str(self.edition)


class SurveyQuestion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_uk = models.CharField(_("question (Ukrainian)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    kind = models.CharField(_("answer"), max_length=10, choices=QuestionKind.choices)
    # For CHOICE questions: [{"uk": "...", "en": "..."}, ...]
    options = models.JSONField(_("options"), default=list, blank=True)
    is_required = models.BooleanField(_("an answer is required"), default=False)

    text = LocalizedField()

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return str(self.text)


class SurveyParticipation(models.Model):
    """That a person answered (one answer each). Written in the same transaction as the
    response but not linked to it: the answers stay anonymous."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person_key"], name="implementation_survey_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.pk}"


class SurveyResponse(models.Model):
    """The answers, keyed by a random id, with no person and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # {"<question id>": 4 | "<option index>" | "text"}
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return str(self.pk)
