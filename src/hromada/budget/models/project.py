"""A project application (бланк-заява) with its cost estimate, co-authors, attachments,
supporters and the public history of its states."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ResidencyBasis
from hromada.accounts.models import Settlement, User
from hromada.budget.enums import ProjectState, SupportChannel
from hromada.budget.models.edition import Category, Edition, Pool, Territory, money_field
from hromada.core.models import TimeStamped

QUANTITY_DIGITS = 12
QUANTITY_PLACES = 3


class Project(TimeStamped):
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="projects")
    # Per-edition number shown to residents (№ 7), given at the first submission.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=30, choices=ProjectState.choices, default=ProjectState.DRAFT
    )
    author = models.ForeignKey(
        User, verbose_name=_("author"), on_delete=models.PROTECT, related_name="budget_projects"
    )
    pool = models.ForeignKey(
        Pool,
        verbose_name=_("pool"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.TextField(_("short description"), blank=True)
    problem = models.TextField(_("problem"), blank=True)
    aim = models.TextField(_("aim"), blank=True)
    solution = models.TextField(_("proposed solution"), blank=True)
    plan = models.TextField(_("plan of stages, including purchases"), blank=True)
    results = models.TextField(_("expected results"), blank=True)
    beneficiaries = models.TextField(_("who benefits"), blank=True)
    address = models.CharField(_("address or place"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    contingency_percent = models.DecimalField(
        _("contingency, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )
    vat_percent = models.DecimalField(
        _("VAT, %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("20"))],
    )
    # Kept equal to the estimate by the services (items + contingency + VAT), so lists,
    # filters and the count read one column.
    total_cost = money_field(_("total cost, UAH"), default=Decimal("0"))
    author_residency_basis = models.CharField(
        _("author's residency basis"), max_length=20, choices=ResidencyBasis.choices, blank=True
    )
    declares_authorship = models.BooleanField(_("I am the author of this idea"), default=False)
    consents_to_processing = models.BooleanField(
        _("I consent to the processing of my personal data"), default=False
    )
    publishes_author_name = models.BooleanField(
        _("my name may be published with the project"), default=False
    )
    confirms_public_result = models.BooleanField(
        _("the result will be publicly accessible and free of charge"), default=False
    )
    first_submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    # When the current step's owner must act by (the coordinator, the author, reviewers).
    step_deadline = models.DateTimeField(_("deadline of the current step"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["edition", "number", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="budget_project_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["edition", "state"], name="budget_project_state")]

    def __str__(self) -> str:
        label = self.title or str(_("untitled project"))
        return f"№ {self.number} {label}" if self.number else label

    def get_absolute_url(self) -> str:
        return reverse(
            "budget:project", kwargs={"edition": self.edition.slug, "project_id": self.pk}
        )

    def permission_scopes(self) -> list[models.Model]:
        return [self.edition]


class CostItem(models.Model):
    """One line of the itemised estimate: item, unit, quantity × unit price."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cost_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("item"), max_length=255)
    unit = models.CharField(_("unit"), max_length=30)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=QUANTITY_DIGITS,
        decimal_places=QUANTITY_PLACES,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit_price = money_field(_("unit price, UAH"))

    class Meta:
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0) & models.Q(unit_price__gte=0),
                name="budget_cost_item_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name


class CoAuthor(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="co_authors")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    residency_basis = models.CharField(
        _("residency basis"), max_length=20, choices=ResidencyBasis.choices
    )

    class Meta:
        verbose_name = _("co-author")
        verbose_name_plural = _("co-authors")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.full_name


class Attachment(TimeStamped):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="budget/attachments/%Y/")
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveIntegerField(_("size, bytes"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.kind in {"jpeg", "png", "webp"}


class Support(models.Model):
    """A supporter's signature: one per person key and project, online or from a paper
    list. The public sees only the count."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    person_key = models.CharField(max_length=64)
    channel = models.CharField(_("channel"), max_length=10, choices=SupportChannel.choices)
    # Paper lists only: what the operator read from the list (the taxpayer number on it
    # became the person key and is not kept).
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    settlement = models.ForeignKey(
        Settlement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    has_signature = models.BooleanField(_("signature present"), default=True)
    entered_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "person_key"], name="budget_support_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}/{self.pk}"


class ProjectEvent(models.Model):
    """The project's history as the public and the author see it: each state change
    with its reason. (The audit trail keeps the full record for auditors.)"""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=30, choices=ProjectState.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=ProjectState.choices)
    actor = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")
    reason_code = models.CharField(max_length=30, blank=True)
    text = models.TextField(blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Set by the e-mail task, so that running it twice sends one e-mail.
    author_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"
