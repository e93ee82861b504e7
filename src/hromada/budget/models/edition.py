"""An edition of the participatory budget holds its regulation as data: pools, categories,
territories, phases with dates and every per-edition setting of DOMAIN.md section 2."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ResidencyBasis
from hromada.accounts.models import Settlement, User
from hromada.budget.enums import (
    AgeReachedBy,
    BallotKind,
    CountingRule,
    LeftoverRule,
    PhaseKind,
    TieBreak,
    VotesScope,
)
from hromada.core.localized import LocalizedField
from hromada.core.models import TimeStamped
from hromada.programmes.models import MONEY_DIGITS, MONEY_PLACES, Measure


def money_field(verbose_name: Any, **options: Any) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        verbose_name,
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
        validators=[MinValueValidator(Decimal("0"))],
        **options,
    )


def default_residency_bases() -> list[str]:
    return [ResidencyBasis.REGISTERED.value]


class Edition(TimeStamped):
    """One yearly cycle (or a youth / school budget sharing a year)."""

    slug = models.SlugField(_("address"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    total_amount = money_field(_("total amount, UAH"))
    council_decision_number = models.CharField(
        _("council decision number"), max_length=40, blank=True
    )
    council_decision_date = models.DateField(_("council decision date"), null=True, blank=True)
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("programme measure it implements"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_editions",
    )
    is_published = models.BooleanField(_("shown to the public"), default=False)

    # Who may take part.
    author_min_age = models.PositiveSmallIntegerField(
        _("author minimum age"),
        default=16,
        validators=[MinValueValidator(14), MaxValueValidator(18)],
    )
    voter_min_age = models.PositiveSmallIntegerField(
        _("voter minimum age"),
        default=16,
        validators=[MinValueValidator(14), MaxValueValidator(18)],
    )
    age_reached_by = models.CharField(
        _("age reached"),
        max_length=20,
        choices=AgeReachedBy.choices,
        default=AgeReachedBy.ACTION_DAY,
    )
    residency_bases = models.JSONField(
        _("accepted residency bases"), default=default_residency_bases
    )
    accepts_self_declaration = models.BooleanField(
        _("a signed self-declaration of residency is enough"), default=False
    )

    # Submission.
    supporters_required = models.PositiveSmallIntegerField(
        _("supporters required per project"),
        default=15,
        validators=[MaxValueValidator(75)],
    )
    title_max_words = models.PositiveSmallIntegerField(
        _("title: at most words"), default=10, validators=[MinValueValidator(3)]
    )
    summary_max_words = models.PositiveSmallIntegerField(
        _("short description: at most words"), default=50, validators=[MinValueValidator(10)]
    )
    max_attachments = models.PositiveSmallIntegerField(
        _("attachments per project"), default=10, validators=[MaxValueValidator(30)]
    )
    max_attachment_mb = models.PositiveSmallIntegerField(
        _("attachment size limit, MB"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    max_contingency_percent = models.DecimalField(
        _("contingency line: at most %"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )

    # Review deadlines.
    completeness_check_working_days = models.PositiveSmallIntegerField(
        _("completeness check, working days"), default=5, validators=[MinValueValidator(1)]
    )
    expert_review_working_days = models.PositiveSmallIntegerField(
        _("expert review, working days"), default=15, validators=[MinValueValidator(1)]
    )
    author_fix_days = models.PositiveSmallIntegerField(
        _("author's fixes and revision, calendar days"),
        default=7,
        validators=[MinValueValidator(1)],
    )
    appeal_working_days = models.PositiveSmallIntegerField(
        _("appeal window, working days"), default=5, validators=[MinValueValidator(1)]
    )

    # Voting and counting: frozen once voting has opened.
    votes_per_voter = models.PositiveSmallIntegerField(
        _("votes per voter"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    votes_scope = models.CharField(
        _("votes counted"), max_length=20, choices=VotesScope.choices, default=VotesScope.PER_POOL
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=20, choices=BallotKind.choices, default=BallotKind.APPROVAL
    )
    authors_may_vote_for_own = models.BooleanField(
        _("authors may vote for their own project"), default=False
    )
    tie_break = models.CharField(
        _("tie-break"), max_length=30, choices=TieBreak.choices, default=TieBreak.EARLIER_SUBMISSION
    )
    leftover_rule = models.CharField(
        _("money left in a pool"),
        max_length=20,
        choices=LeftoverRule.choices,
        default=LeftoverRule.SKIP_TO_NEXT,
    )
    counting_rule = models.CharField(
        _("counting rule"), max_length=20, choices=CountingRule.choices, default=CountingRule.GREEDY
    )
    accepts_online_votes = models.BooleanField(_("online voting"), default=True)
    accepts_desk_votes = models.BooleanField(
        _("voting at service centres and starosta offices"), default=True
    )
    accepts_paper_forms = models.BooleanField(_("batch entry of paper forms"), default=False)
    randomises_ballot_order = models.BooleanField(
        _("show the projects on each ballot in a random order"), default=True
    )

    title = LocalizedField()

    # The settings that decide the outcome: they cannot change once voting has opened.
    OUTCOME_FIELDS = (
        "voter_min_age",
        "age_reached_by",
        "residency_bases",
        "accepts_self_declaration",
        "votes_per_voter",
        "votes_scope",
        "ballot_kind",
        "authors_may_vote_for_own",
        "tie_break",
        "leftover_rule",
        "counting_rule",
        "accepts_online_votes",
        "accepts_desk_votes",
        "accepts_paper_forms",
        "randomises_ballot_order",
    )

    class Meta:
        verbose_name = _("budget edition")
        verbose_name_plural = _("budget editions")
        ordering = ["-year", "slug"]

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("budget:edition", kwargs={"edition": self.slug})

    def permission_scopes(self) -> list[models.Model]:
        return [self]


class Territory(models.Model):
    """A part of the community (the town, a village district) made of settlements."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="territories")
    code = models.SlugField(_("code"), max_length=40)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    settlements = models.ManyToManyField(
        Settlement, verbose_name=_("settlements"), related_name="+", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = LocalizedField()

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["position", "name_uk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="budget_territory_code")
        ]

    def __str__(self) -> str:
        return str(self.name)


class Pool(models.Model):
    """Money with its own limits: e.g. small and large town projects, villages. A
    territorial pool is open only to residents of its territory."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pools")
    code = models.SlugField(_("code"), max_length=40)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    amount = money_field(_("money, UAH"))
    min_project_cost = money_field(_("minimum project cost, UAH"), default=Decimal("0"))
    max_project_cost = money_field(_("maximum project cost, UAH"))
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("only for residents of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pools",
    )
    minimum_votes = models.PositiveIntegerField(_("minimum votes to win"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = LocalizedField()

    class Meta:
        verbose_name = _("pool")
        verbose_name_plural = _("pools")
        ordering = ["position", "name_uk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="budget_pool_code"),
            models.CheckConstraint(
                condition=models.Q(max_project_cost__gte=models.F("min_project_cost")),
                name="budget_pool_cost_limits_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.name)


class Category(models.Model):
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    code = models.SlugField(_("code"), max_length=40)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = LocalizedField()

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name_uk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="budget_category_code")
        ]

    def __str__(self) -> str:
        return str(self.name)


class Phase(models.Model):
    """A phase of the edition: dates (Kyiv time, the end date inclusive until 23:59:59)
    and what it allows. "What is open now" is computed from the clock (selectors)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on (inclusive)"))
    accepts_submissions = models.BooleanField(_("projects may be submitted"), default=False)
    accepts_supports = models.BooleanField(_("projects may be supported"), default=False)
    accepts_appeals = models.BooleanField(_("appeals may be filed"), default=False)
    accepts_votes = models.BooleanField(_("votes may be cast"), default=False)
    shows_results = models.BooleanField(_("results are public"), default=False)
    closed_early_at = models.DateTimeField(_("closed early at"), null=True, blank=True)
    closed_early_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_early_reason = models.TextField(_("reason for closing early"), blank=True)
    # Set when the edition's subscribers were told that the phase opened / closed, so
    # that they hear of it once (hromada.budget.notifications.notify_due_phase_changes).
    opening_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    closing_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="budget_phase_kind_once"),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="budget_phase_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class NonWorkingDay(models.Model):
    """The editable calendar of public holidays and other days off used for deadlines
    counted in working days (weekends are always non-working)."""

    day = models.DateField(_("date"), unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)

    name = LocalizedField()

    class Meta:
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y} {self.name}"
