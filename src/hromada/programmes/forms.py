"""Input validation for the staff pages of programmes: translated messages next to the
fields. The forms only validate; the services write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import Department
from hromada.programmes.enums import FundingSource
from hromada.programmes.models import Indicator, Measure, PlannedAmount
from hromada.programmes.programme_file import FIRST_PLANNED_YEAR, LAST_PLANNED_YEAR


class MeasureForm(forms.ModelForm):
    funding_sources = forms.MultipleChoiceField(
        label=capfirst(_("funding sources")),
        choices=FundingSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose funding sources from the list.")},
    )

    class Meta:
        model = Measure
        fields = ["title_uk", "title_en", "responsible_department", "deadline", "funding_sources"]
        widgets = {
            "title_uk": forms.Textarea(attrs={"rows": 3}),
            "title_en": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "title_uk": {"required": _("Enter the title of the measure in Ukrainian.")},
            "responsible_department": {
                "required": _("Choose the responsible executor."),
                "invalid_choice": _("Choose a department from the list."),
            },
            "deadline": {"invalid": _("Enter a valid date, for example 31.12.2024.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Active departments, and the current executor even if it was since deactivated.
        current = self.instance.responsible_department_id
        field = self.fields["responsible_department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(Q(is_active=True) | Q(pk=current))

    def clean_title_uk(self) -> str:
        return " ".join(self.cleaned_data["title_uk"].split())

    def clean_title_en(self) -> str:
        return " ".join(self.cleaned_data["title_en"].split())


class PlannedAmountForm(forms.ModelForm):
    # Declared rather than derived: the range check of clean_year gives the one message.
    year = forms.IntegerField(
        label=capfirst(_("year")),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Enter the year."),
            "invalid": _("Enter the year as a number, for example 2024."),
        },
    )

    class Meta:
        model = PlannedAmount
        fields = ["year", "source", "amount", "is_illustrative"]
        localized_fields = ["amount"]
        widgets = {"amount": forms.TextInput(attrs={"inputmode": "decimal"})}
        help_texts = {
            "amount": _("In hryvnias, for example 12000.50. Zero is a valid plan."),
            "is_illustrative": _("A demonstration figure, not taken from the council's appendix."),
        }
        error_messages = {
            "source": {
                "required": _("Choose a funding source."),
                "invalid_choice": _("Choose a funding source from the list."),
            },
            "amount": {
                "required": _("Enter the amount."),
                "invalid": _("Enter the amount as a number, for example 12000.50."),
                "max_decimal_places": _("Enter at most two decimal places (kopiykas)."),
                "max_digits": _("The amount is too large."),
                "max_whole_digits": _("The amount is too large."),
            },
        }

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not FIRST_PLANNED_YEAR <= year <= LAST_PLANNED_YEAR:
            raise forms.ValidationError(
                _("Enter a year between %(first)d and %(last)d."),
                code="year_range",
                params={"first": FIRST_PLANNED_YEAR, "last": LAST_PLANNED_YEAR},
            )
        return year

    def clean_amount(self) -> Decimal:
        amount: Decimal = self.cleaned_data["amount"]
        if amount < 0:
            raise forms.ValidationError(_("The amount cannot be negative."), code="negative")
        return amount


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name_uk", "name_en", "unit_uk", "unit_en", "planned_value", "is_illustrative"]
        localized_fields = ["planned_value"]
        widgets = {"planned_value": forms.TextInput(attrs={"inputmode": "decimal"})}
        help_texts = {
            "unit_uk": _("For example: осіб, заходів, шт."),
            "is_illustrative": _("A demonstration figure, not taken from the council's appendix."),
        }
        error_messages = {
            "name_uk": {"required": _("Enter the name of the indicator in Ukrainian.")},
            "unit_uk": {"required": _("Enter the unit in Ukrainian.")},
            "planned_value": {
                "required": _("Enter the planned value."),
                "invalid": _("Enter the planned value as a number, for example 12 or 2.5."),
                "max_decimal_places": _("Enter at most two decimal places."),
                "max_digits": _("The planned value is too large."),
                "max_whole_digits": _("The planned value is too large."),
            },
        }

    def clean_planned_value(self) -> Decimal:
        value: Decimal = self.cleaned_data["planned_value"]
        if value < 0:
            raise forms.ValidationError(_("The planned value cannot be negative."), code="negative")
        return value
