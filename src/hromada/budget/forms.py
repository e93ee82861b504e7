"""Input validation for the budget's pages: translated messages next to the fields. The
forms only validate; the services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ResidencyBasis
from hromada.accounts.models import Settlement
from hromada.budget.models import Category, Edition, NonWorkingDay, Phase, Pool, Territory

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Addresses below /staff/budget/ and /budget/ that an edition's slug must not take.
RESERVED_SLUGS = {"new", "calendar", "stats", "projects", "inbox", "board", "my-projects"}
MONEY_ERRORS = {
    "invalid": _("Enter an amount in hryvnias, for example 150000.00."),
    "min_value": _("The amount cannot be negative."),
    "max_digits": _("The amount is too large."),
    "max_decimal_places": _("Use at most two decimal places (kopiykas)."),
}


def _clean_slug(slug: str) -> str:
    if slug in RESERVED_SLUGS:
        raise forms.ValidationError(_("This address is reserved; choose another one."))
    return slug


class EditionForm(forms.ModelForm):
    residency_bases = forms.MultipleChoiceField(
        label=capfirst(_("accepted residency bases")),
        choices=ResidencyBasis.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Accept at least one residency basis."),
            "invalid_choice": _("Choose residency bases from the list."),
        },
    )

    class Meta:
        model = Edition
        fields = [
            "slug",
            "year",
            "title_uk",
            "title_en",
            "total_amount",
            "council_decision_number",
            "council_decision_date",
            "measure",
            "is_published",
            "author_min_age",
            "voter_min_age",
            "age_reached_by",
            "residency_bases",
            "accepts_self_declaration",
            "supporters_required",
            "title_max_words",
            "summary_max_words",
            "max_attachments",
            "max_attachment_mb",
            "max_contingency_percent",
            "completeness_check_working_days",
            "expert_review_working_days",
            "author_fix_days",
            "appeal_working_days",
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
        ]
        widgets = {"council_decision_date": DATE_WIDGET}
        help_texts = {
            "slug": _("Part of the address: the year for the main edition, e.g. 2025-youth."),
            "author_min_age": _("From 14 to 18."),
            "voter_min_age": _("From 14 to 18."),
            "supporters_required": _("From 0 to 75."),
            "votes_per_voter": _(
                "From 1 to 10; at most one vote per project. With points, the points each "
                "voter distributes."
            ),
        }
        error_messages = {
            "slug": {
                "required": _("Enter the address of the edition, e.g. 2025."),
                "invalid": _("Use Latin letters, digits and hyphens only, e.g. 2025-youth."),
                "unique": _("An edition with this address already exists."),
            },
            "title_uk": {"required": _("Enter the title in Ukrainian.")},
            "total_amount": {"required": _("Enter the total amount."), **MONEY_ERRORS},
            "author_min_age": {
                "min_value": _("The minimum age is from 14 to 18."),
                "max_value": _("The minimum age is from 14 to 18."),
            },
            "voter_min_age": {
                "min_value": _("The minimum age is from 14 to 18."),
                "max_value": _("The minimum age is from 14 to 18."),
            },
            "supporters_required": {"max_value": _("At most 75 supporters can be required.")},
            "votes_per_voter": {
                "min_value": _("A voter has from 1 to 10 votes."),
                "max_value": _("A voter has from 1 to 10 votes."),
            },
        }

    def clean_slug(self) -> str:
        return _clean_slug(self.cleaned_data["slug"])


class CopyEditionForm(forms.Form):
    slug = forms.SlugField(
        label=capfirst(_("address")),
        max_length=40,
        error_messages={
            "required": _("Enter the address of the new edition, e.g. 2026."),
            "invalid": _("Use Latin letters, digits and hyphens only, e.g. 2025-youth."),
        },
    )
    year = forms.IntegerField(
        label=capfirst(_("year")),
        min_value=2000,
        max_value=2100,
        error_messages={"required": _("Enter the year."), "invalid": _("Enter a year.")},
    )
    title_uk = forms.CharField(
        label=capfirst(_("title (Ukrainian)")),
        max_length=200,
        error_messages={"required": _("Enter the title in Ukrainian.")},
    )
    title_en = forms.CharField(label=capfirst(_("title (English)")), max_length=200, required=False)

    def clean_slug(self) -> str:
        slug = _clean_slug(self.cleaned_data["slug"])
        if Edition.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("An edition with this address already exists."))
        return slug


class PoolForm(forms.ModelForm):
    class Meta:
        model = Pool
        fields = [
            "code",
            "name_uk",
            "name_en",
            "amount",
            "min_project_cost",
            "max_project_cost",
            "territory",
            "minimum_votes",
            "position",
        ]
        error_messages = {
            "code": {"required": _("Enter a short code, e.g. small.")},
            "name_uk": {"required": _("Enter the name in Ukrainian.")},
            "amount": {"required": _("Enter the pool's money."), **MONEY_ERRORS},
            "min_project_cost": MONEY_ERRORS,
            "max_project_cost": {
                "required": _("Enter the maximum project cost."),
                **MONEY_ERRORS,
            },
        }

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["territory"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Territory.objects.filter(edition=edition)
        field.empty_label = str(_("everyone in the community"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("min_project_cost"), data.get("max_project_cost")
        if low is not None and high is not None and low > high:
            self.add_error("min_project_cost", _("The minimum cost must not be above the maximum."))
        return data


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["code", "name_uk", "name_en", "position"]
        error_messages = {
            "code": {"required": _("Enter a short code, e.g. sport.")},
            "name_uk": {"required": _("Enter the name in Ukrainian.")},
        }


class TerritoryForm(forms.ModelForm):
    settlements = forms.ModelMultipleChoiceField(
        label=capfirst(_("settlements")),
        queryset=Settlement.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Territory
        fields = ["code", "name_uk", "name_en", "position"]
        error_messages = {
            "code": {"required": _("Enter a short code, e.g. town.")},
            "name_uk": {"required": _("Enter the name in Ukrainian.")},
        }


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = [
            "kind",
            "starts_on",
            "ends_on",
            "accepts_submissions",
            "accepts_supports",
            "accepts_appeals",
            "accepts_votes",
            "shows_results",
        ]
        widgets = {"starts_on": DATE_WIDGET, "ends_on": DATE_WIDGET}
        error_messages = {
            "starts_on": {
                "required": _("Enter the first day."),
                "invalid": _("Enter a valid date."),
            },
            "ends_on": {"required": _("Enter the last day."), "invalid": _("Enter a valid date.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The phase cannot end before it starts."))
        return data


class ClosePhaseForm(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("reason for closing early")),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": _("Say why the phase closes early.")},
    )


class NonWorkingDayForm(forms.ModelForm):
    class Meta:
        model = NonWorkingDay
        fields = ["day", "name_uk", "name_en"]
        widgets = {"day": DATE_WIDGET}
        error_messages = {
            "day": {
                "required": _("Enter the date."),
                "invalid": _("Enter a valid date."),
                "unique": _("This date is already in the calendar."),
            },
            "name_uk": {"required": _("Enter the name in Ukrainian.")},
        }


PART_FORMS: dict[str, type[forms.ModelForm]] = {
    "pools": PoolForm,
    "categories": CategoryForm,
    "territories": TerritoryForm,
    "phases": PhaseForm,
}
