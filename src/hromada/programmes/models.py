from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import Department
from hromada.core.localized import LocalizedField
from hromada.core.models import TimeStamped
from hromada.programmes.enums import FundingSource

# Money: UAH with two decimal places, up to 999 999 999 999.99.
MONEY_DIGITS = 14
MONEY_PLACES = 2


class Programme(TimeStamped):
    """A council programme (e.g. decision No. 1955 of 21.12.2023, appendix 18)."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    title_uk = models.TextField(_("title (Ukrainian)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    goal_uk = models.TextField(_("goal (Ukrainian)"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    council_decision_number = models.CharField(
        _("council decision number"), max_length=40, blank=True
    )
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    council_decision_appendix = models.CharField(_("appendix"), max_length=40, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    coordinating_department = models.ForeignKey(
        Department,
        verbose_name=_("coordinating department"),
        on_delete=models.PROTECT,
        related_name="coordinated_programmes",
    )

    title = LocalizedField()
    goal = LocalizedField()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-starts_on", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programmes_programme_dates_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", kwargs={"slug": self.slug})

    def permission_scopes(self) -> list[models.Model]:
        return [self]


class ExpectedResult(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="expected_results"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_uk = models.TextField(_("text (Ukrainian)"))
    text_en = models.TextField(_("text (English)"), blank=True)

    text = LocalizedField()

    class Meta:
        verbose_name = _("expected result")
        verbose_name_plural = _("expected results")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "position"], name="programmes_result_position_unique"
            )
        ]

    def __str__(self) -> str:
        return str(self.text)


class Direction(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="directions")
    number = models.PositiveSmallIntegerField(_("number"))
    title_uk = models.TextField(_("title (Ukrainian)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    title = LocalizedField()

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="programmes_direction_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def permission_scopes(self) -> list[models.Model]:
        return [self.programme]


class Task(models.Model):
    """A task of a direction, numbered "1.1", "3.8" as in the programme text."""

    direction = models.ForeignKey(Direction, on_delete=models.CASCADE, related_name="tasks")
    number = models.CharField(_("number"), max_length=10)
    position = models.PositiveSmallIntegerField(_("position"))
    title_uk = models.TextField(_("title (Ukrainian)"))
    title_en = models.TextField(_("title (English)"), blank=True)

    title = LocalizedField()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["direction", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "number"], name="programmes_task_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def permission_scopes(self) -> list[models.Model]:
        return [self.direction.programme]


class Measure(TimeStamped):
    """A measure (захід) of a task: who does it, by when, from which sources, for how
    much per year, with which indicators. Spending anywhere on the platform will point
    at a measure, so its actual money is computed, never typed."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="measures")
    number = models.CharField(_("number"), max_length=16)
    position = models.PositiveSmallIntegerField(_("position"))
    title_uk = models.TextField(_("title (Ukrainian)"))
    title_en = models.TextField(_("title (English)"), blank=True)
    responsible_department = models.ForeignKey(
        Department,
        verbose_name=_("responsible executor"),
        on_delete=models.PROTECT,
        related_name="measures",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    # Codes of FundingSource; planned amounts may come later than the sources are known.
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True)

    title = LocalizedField()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["task", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "number"], name="programmes_measure_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def permission_scopes(self) -> list[models.Model]:
        return [self.task.direction.programme]


class PlannedAmount(models.Model):
    """Planned money of a measure for one year from one funding source (UAH)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="planned_amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(
        _("planned amount, UAH"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # Demo figures: the real appendix with planned amounts is not published.
    is_illustrative = models.BooleanField(_("illustrative figure"), default=False)

    class Meta:
        verbose_name = _("planned amount")
        verbose_name_plural = _("planned amounts")
        ordering = ["measure", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "year", "source"], name="programmes_planned_amount_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="programmes_planned_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number} {self.year} {self.source}: {self.amount}"


class Indicator(models.Model):
    """A performance indicator of a measure (name, unit, planned value)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    unit_uk = models.CharField(_("unit (Ukrainian)"), max_length=40)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    planned_value = models.DecimalField(
        _("planned value"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    is_illustrative = models.BooleanField(_("illustrative figure"), default=False)

    name = LocalizedField()
    unit = LocalizedField()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "position", "pk"]

    def __str__(self) -> str:
        return str(self.name)


class Expenditure(TimeStamped):
    """Money actually spent on a measure. Rows are written by the parts of the platform
    that pay (a budget project's payment, later contest grants), so a measure's actual
    money is the sum of its expenditures, never a typed figure."""

    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.PROTECT,
        related_name="expenditures",
    )
    spent_on = models.DateField(_("date"))
    source = models.CharField(
        _("funding source"),
        max_length=20,
        choices=FundingSource.choices,
        default=FundingSource.COMMUNITY_BUDGET,
    )
    amount = models.DecimalField(
        _("amount, UAH"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    description = models.CharField(_("what for"), max_length=300)

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["measure", "spent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="programmes_expenditure_positive"
            ),
        ]
        indexes = [models.Index(fields=["measure", "spent_on"], name="programmes_expenditure_day")]

    def __str__(self) -> str:
        return f"{self.measure.number} {self.spent_on}: {self.amount}"
