"""Forms of the review: completeness check, assignments, opinions, cost corrections,
the commission's decisions and paper supporters' lists. They only validate."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import DocumentKind
from hromada.accounts.identity.person_key import TAXPAYER_NUMBER
from hromada.accounts.models import Department, Settlement
from hromada.budget.enums import DecisionKind, OpinionConclusion, RejectionReason, ReviewAspect

TEXT = forms.Textarea(attrs={"rows": 4})


class UnechoedInput(forms.TextInput):
    """A text field whose value is never sent back to the page (a document number is
    personal data: after a refusal the operator types it again)."""

    def format_value(self, value: Any) -> str | None:
        return None


class ReturnForm(forms.Form):
    fixes = forms.CharField(
        label=capfirst(_("what the author must fix")),
        widget=TEXT,
        max_length=5000,
        error_messages={"required": _("List what the author must fix.")},
    )


class AcceptForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=capfirst(_("departments for the expert review")),
        queryset=Department.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one department."),
            "invalid_choice": _("Choose departments from the list."),
        },
    )
    aspects = forms.MultipleChoiceField(
        label=capfirst(_("aspects to check")),
        choices=ReviewAspect.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        initial=list(ReviewAspect.values),
    )


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=capfirst(_("department")),
        queryset=Department.objects.filter(is_active=True),
        error_messages={"required": _("Choose a department.")},
    )
    aspects = AcceptForm.base_fields["aspects"]


class TextForm(forms.Form):
    text = forms.CharField(
        label=capfirst(_("what the author should revise")),
        widget=TEXT,
        max_length=5000,
        error_messages={"required": _("Say what the author should revise.")},
    )


class OpinionForm(forms.Form):
    conclusion = forms.ChoiceField(
        label=capfirst(_("conclusion")),
        choices=OpinionConclusion.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the conclusion.")},
    )
    reason_code = forms.ChoiceField(
        label=capfirst(_("reason (for a negative opinion)")),
        choices=[("", "—"), *RejectionReason.choices],
        required=False,
    )
    opinion = forms.CharField(
        label=capfirst(_("opinion (published)")),
        widget=TEXT,
        max_length=10000,
        error_messages={"required": _("Write the opinion: it is published with the project.")},
    )
    internal_note = forms.CharField(
        label=capfirst(_("internal note (staff only)")),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )


class CorrectionForm(forms.Form):
    contingency_percent = forms.DecimalField(
        label=capfirst(_("contingency, %")), min_value=0, max_digits=5, decimal_places=2
    )
    vat_percent = forms.DecimalField(
        label=capfirst(_("VAT, %")), min_value=0, max_value=20, max_digits=5, decimal_places=2
    )
    explanation = forms.CharField(
        label=capfirst(_("explanation for the author")),
        widget=TEXT,
        max_length=5000,
        error_messages={"required": _("Explain the correction to the author.")},
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=capfirst(_("decision")),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision.")},
    )
    reason_code = forms.ChoiceField(
        label=capfirst(_("reason (for a rejection)")),
        choices=[("", "—"), *RejectionReason.choices],
        required=False,
    )
    text = forms.CharField(
        label=capfirst(_("reasons (published)")),
        widget=TEXT,
        max_length=10000,
        error_messages={"required": _("Write the reasons: they are published with the project.")},
    )
    protocol_number = forms.CharField(
        label=capfirst(_("protocol number")),
        max_length=40,
        error_messages={"required": _("Enter the protocol number.")},
    )
    protocol_date = forms.DateField(
        label=capfirst(_("protocol date")),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the protocol date."),
            "invalid": _("Enter a valid date."),
        },
    )
    members_present = forms.IntegerField(
        label=capfirst(_("members present")), min_value=1, max_value=99
    )
    votes_for = forms.IntegerField(label=capfirst(_("votes for")), min_value=0, max_value=99)
    votes_against = forms.IntegerField(
        label=capfirst(_("votes against")), min_value=0, max_value=99, initial=0
    )
    votes_abstained = forms.IntegerField(
        label=capfirst(_("abstained")), min_value=0, max_value=99, initial=0
    )
    signed_scan = forms.FileField(
        label=capfirst(_("signed protocol (scan, PDF or image)")), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["protocol_date"].initial = timezone.localdate()


class PaperSupportForm(forms.Form):
    full_name = forms.CharField(
        label=capfirst(_("full name as written on the list")),
        max_length=200,
        error_messages={"required": _("Enter the supporter's name as written on the list.")},
    )
    document_kind = forms.ChoiceField(
        label=capfirst(_("document")),
        choices=[(TAXPAYER_NUMBER, _("taxpayer number (RNOKPP)")), *DocumentKind.choices],
        initial=TAXPAYER_NUMBER,
    )
    document_number = forms.CharField(
        label=capfirst(_("number")),
        max_length=20,
        help_text=_("It becomes the person key and is not stored."),
        error_messages={"required": _("Enter the number from the list.")},
        widget=UnechoedInput(attrs={"autocomplete": "off"}),
    )
    birth_year = forms.IntegerField(
        label=capfirst(_("birth year")),
        min_value=1900,
        max_value=date.today().year,
        error_messages={
            "required": _("Enter the birth year."),
            "invalid": _("Enter the birth year, e.g. 1984."),
            "min_value": _("Enter the birth year, e.g. 1984."),
            "max_value": _("Enter the birth year, e.g. 1984."),
        },
    )
    settlement = forms.ModelChoiceField(
        label=capfirst(_("settlement")),
        queryset=Settlement.objects.filter(is_active=True),
        error_messages={"required": _("Choose the settlement.")},
    )
    has_signature = forms.BooleanField(label=_("The line is signed"), required=False, initial=True)
