"""Forms of the application (бланк-заява), one per step of the multi-step form, and of
the author's answers. They only validate; the services save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ResidencyBasis
from hromada.budget.models import CoAuthor, Edition, Project

STEPS = ("about", "place", "estimate", "team", "files", "consent")
STEP_TITLES = {
    "about": _("About the project"),
    "place": _("Place"),
    "estimate": _("Cost estimate"),
    "team": _("Co-authors"),
    "files": _("Files"),
    "consent": _("Declarations"),
}
EMPTY_ESTIMATE_ROWS = 3


class EditionChoicesMixin:
    def limit_to_edition(self, edition: Edition, *names: str) -> None:
        for name in names:
            field = self.fields[name]  # type: ignore[attr-defined]
            field.queryset = getattr(
                edition,
                {"pool": "pools", "category": "categories", "territory": "territories"}[name],
            ).all()
            field.error_messages["invalid_choice"] = _("Choose from the list.")


class AboutForm(EditionChoicesMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "category",
            "pool",
            "summary",
            "problem",
            "aim",
            "solution",
            "plan",
            "results",
            "beneficiaries",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("problem", "aim", "solution", "plan", "results", "beneficiaries")
        } | {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to_edition(edition, "category", "pool")
        self.fields["title"].help_text = _("At most %(count)s words.") % {
            "count": edition.title_max_words
        }
        self.fields["summary"].help_text = _("At most %(count)s words.") % {
            "count": edition.summary_max_words
        }
        self.fields["pool"].help_text = _("The pool decides the cost limits of the project.")


class PlaceForm(EditionChoicesMixin, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["territory", "address", "latitude", "longitude"]
        error_messages = {
            "latitude": {
                "invalid": _("Enter the latitude as a number, e.g. 50.5189."),
                "min_value": _("The latitude is from -90 to 90."),
                "max_value": _("The latitude is from -90 to 90."),
            },
            "longitude": {
                "invalid": _("Enter the longitude as a number, e.g. 26.2475."),
                "min_value": _("The longitude is from -180 to 180."),
                "max_value": _("The longitude is from -180 to 180."),
            },
        }
        help_texts = {
            "address": _("Street and number, or a description of the place."),
            "latitude": _("Filled in when you click the map; you may also type it."),
        }

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit_to_edition(edition, "territory")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class PercentagesForm(forms.Form):
    contingency_percent = forms.DecimalField(
        label=capfirst(_("contingency, %")),
        min_value=Decimal("0"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
        error_messages={
            "invalid": _("Enter the percentage as a number."),
            "min_value": _("The percentage cannot be negative."),
            "required": _("Enter the percentage (0 if none)."),
        },
    )
    vat_percent = forms.DecimalField(
        label=capfirst(_("VAT, %")),
        min_value=Decimal("0"),
        max_value=Decimal("20"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("0"),
        error_messages={
            "invalid": _("Enter the percentage as a number."),
            "min_value": _("VAT may be from 0 to 20 %."),
            "max_value": _("VAT may be from 0 to 20 %."),
            "required": _("Enter the percentage (0 if none)."),
        },
    )


class CoAuthorForm(forms.ModelForm):
    class Meta:
        model = CoAuthor
        fields = ["full_name", "email", "phone", "residency_basis"]
        error_messages = {
            "full_name": {"required": _("Enter the co-author's name.")},
            "email": {"invalid": _("Enter a valid e-mail address.")},
            "residency_basis": {"required": _("Choose the co-author's residency basis.")},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("email") and not data.get("phone"):
            raise forms.ValidationError(_("Give an e-mail address or a phone number."))
        return data


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("file")),
        error_messages={
            "required": _("Choose a file."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file."),
        },
        help_text=_("Photos (JPEG, PNG, WebP), PDF, Word or Excel."),
    )
    description = forms.CharField(label=capfirst(_("description")), max_length=255, required=False)
    is_public = forms.BooleanField(
        label=_("Public: shown with the project (leave unticked for documents only staff need)"),
        required=False,
        initial=True,
    )


class ConsentForm(forms.ModelForm):
    author_residency_basis = forms.ChoiceField(
        label=capfirst(_("I live in the community as")),
        choices=[("", "—"), *ResidencyBasis.choices],
        required=False,
    )

    class Meta:
        model = Project
        fields = [
            "author_residency_basis",
            "declares_authorship",
            "consents_to_processing",
            "publishes_author_name",
            "confirms_public_result",
        ]


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=capfirst(_("text")),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
