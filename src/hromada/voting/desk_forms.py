"""Forms of the service-centre desk: identifying a person by a document, the project
numbers the operator types, a paper form, the printable forms and the lock page. They
only validate input; eligibility and casting are decided by eligibility.py and
services/casting.py.

The document number is personal data: its field never sends the value back to the page,
and it leaves this module only as the person key."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.enums import DocumentKind, ResidencyBasis
from hromada.accounts.identity.person_key import (
    TAXPAYER_NUMBER,
    person_key_for_shown_document,
)
from hromada.accounts.identity.taxpayer import birth_date_from_taxpayer_number
from hromada.accounts.models import Settlement
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import phase_of_kind
from hromada.budget.staff_forms import UnechoedInput

MAX_FORMS_PER_PDF = 500
# A project number, optionally with points ("12:3") on a cumulative ballot.
_NUMBER_TOKEN = re.compile(r"^№?(\d{1,6})(?:[:×xX*](\d{1,3}))?$")
_SERIAL_ALLOWED = re.compile(r"^[0-9A-ZА-ЯҐЄІЇ/-]{1,40}$")
SERIAL_DIGITS = 6


# Dates are typed, not picked: "17.05.1990" or just "17051990" is the fastest from the
# keyboard (a browser date picker needs arrows or a mouse between its parts).
DATE_FORMATS = ["%d.%m.%Y", "%d%m%Y", "%d/%m/%Y", "%Y-%m-%d"]


def date_widget() -> forms.DateInput:
    return forms.DateInput(
        format="%d.%m.%Y", attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10}
    )


def format_serial(number: int) -> str:
    return f"{number:0{SERIAL_DIGITS}d}"


def normalise_serial(raw: str) -> str:
    """The serial as printed: a number is zero-padded (typing 17 finds form 000017)."""
    value = "".join(raw.split()).removeprefix("№").upper()
    if value.isdigit():
        return format_serial(int(value))
    return value


class NumbersInput(forms.TextInput):
    """The typed project numbers; after a refusal only what looks like project numbers
    is shown again."""

    def format_value(self, value: Any) -> str | None:
        return typed_numbers_to_keep(str(value)) if value else None


class IdentifyForm(forms.Form):
    """The person in front of the desk, as their document says."""

    document_kind = forms.ChoiceField(
        label=capfirst(gettext_lazy("document")),
        choices=[
            (TAXPAYER_NUMBER, gettext_lazy("taxpayer number (RNOKPP)")),
            *DocumentKind.choices,
        ],
        initial=TAXPAYER_NUMBER,
    )
    document_number = forms.CharField(
        label=capfirst(gettext_lazy("number")),
        max_length=20,
        help_text=gettext_lazy("It becomes the person key and is not stored."),
        error_messages={"required": gettext_lazy("Enter the number from the document.")},
        widget=UnechoedInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    family_name = forms.CharField(
        label=capfirst(gettext_lazy("family name")),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter the family name from the document.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    given_name = forms.CharField(
        label=capfirst(gettext_lazy("given name")),
        max_length=100,
        error_messages={"required": gettext_lazy("Enter the given name from the document.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = forms.DateField(
        label=capfirst(gettext_lazy("birth date")),
        help_text=gettext_lazy("As in the document, e.g. 17.05.1990 or 17051990."),
        input_formats=DATE_FORMATS,
        widget=date_widget(),
        error_messages={
            "required": gettext_lazy("Enter the birth date from the document."),
            "invalid": gettext_lazy("Enter the birth date as a date, e.g. 17.05.1990."),
        },
    )
    settlement = forms.ModelChoiceField(
        label=capfirst(gettext_lazy("settlement of residence")),
        queryset=Settlement.objects.filter(is_active=True),
        error_messages={
            "required": gettext_lazy("Choose the settlement."),
            "invalid_choice": gettext_lazy("Choose a settlement of the community."),
        },
    )
    residency_basis = forms.ChoiceField(
        label=capfirst(gettext_lazy("residency checked by")),
        error_messages={
            "required": gettext_lazy("Choose how residency was checked."),
            "invalid_choice": gettext_lazy("This edition does not accept this residency basis."),
        },
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        accepted = [
            (value, label)
            for value, label in ResidencyBasis.choices
            if value in edition.residency_bases
        ]
        field = self.fields["residency_basis"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = accepted
        if len(accepted) == 1:
            field.initial = accepted[0][0]
        self.person_key = ""
        self.fields["document_number"].widget.attrs["autofocus"] = True

    def clean_birth_date(self) -> date:
        born: date = self.cleaned_data["birth_date"]
        if born > timezone.localdate():
            raise ValidationError(_("The birth date cannot be in the future."), code="future")
        if born.year < 1900:
            raise ValidationError(
                _("Enter the birth date as a date, e.g. 17.05.1990."), code="invalid"
            )
        return born

    def clean(self) -> dict[str, Any]:
        """The document number becomes the person key here; the number itself is dropped
        from the cleaned data so that nothing downstream can keep it."""
        data = super().clean() or {}
        kind = data.get("document_kind")
        number = data.pop("document_number", None)
        if not kind or not number:
            return data
        try:
            self.person_key = person_key_for_shown_document(kind, number)
            if kind == TAXPAYER_NUMBER:
                encoded = birth_date_from_taxpayer_number(number)
                born = data.get("birth_date")
                if born is not None and born != encoded:
                    self.add_error(
                        "birth_date",
                        ValidationError(
                            _("The birth date does not match the taxpayer number."),
                            code="mismatch",
                        ),
                    )
        except ValidationError as error:
            self.add_error("document_number", error.messages)
        return data


def _filled_on_field() -> forms.DateField:
    return forms.DateField(
        label=capfirst(gettext_lazy("filled in on")),
        help_text=gettext_lazy("As written on the form, e.g. 17.05.2025."),
        input_formats=DATE_FORMATS,
        widget=date_widget(),
        error_messages={
            "required": gettext_lazy("Enter the date written on the form."),
            "invalid": gettext_lazy("Enter the date written on the form, e.g. 17.05.2025."),
        },
    )


class PaperForm(IdentifyForm):
    """One paper form: its serial number and date, the identity part, the choices."""

    serial = forms.CharField(
        label=capfirst(gettext_lazy("serial number of the form")),
        max_length=40,
        error_messages={"required": gettext_lazy("Enter the serial number printed on the form.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    filled_on = _filled_on_field()
    numbers = forms.CharField(
        label=capfirst(gettext_lazy("projects marked on the form")),
        max_length=500,
        help_text=gettext_lazy(
            "Project numbers separated by spaces or commas, e.g. 3, 12. On a points ballot, "
            "number:points, e.g. 3:2 12:1."
        ),
        error_messages={"required": gettext_lazy("Type the numbers of the marked projects.")},
        widget=NumbersInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    form_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    field_order = [
        "serial",
        "filled_on",
        "document_kind",
        "document_number",
        "family_name",
        "given_name",
        "birth_date",
        "settlement",
        "residency_basis",
        "numbers",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document_number"].widget.attrs.pop("autofocus", None)
        self.fields["serial"].widget.attrs["autofocus"] = True

    def clean_serial(self) -> str:
        serial = normalise_serial(self.cleaned_data["serial"])
        if not _SERIAL_ALLOWED.match(serial):
            raise ValidationError(
                _("Enter the serial number as printed on the form, e.g. 000123."), code="invalid"
            )
        return serial

    def clean_filled_on(self) -> date:
        filled_on: date = self.cleaned_data["filled_on"]
        if filled_on > timezone.localdate():
            raise ValidationError(_("The date on the form cannot be in the future."), code="future")
        voting = phase_of_kind(self.edition, PhaseKind.VOTING)
        if voting is not None and not voting.starts_on <= filled_on <= voting.ends_on:
            raise ValidationError(
                _("The form must be filled in during voting (%(start)s – %(end)s).")
                % {
                    "start": voting.starts_on.strftime("%d.%m.%Y"),
                    "end": voting.ends_on.strftime("%d.%m.%Y"),
                },
                code="outside",
            )
        return filled_on


def typed_numbers_to_keep(text: str) -> str:
    """What the operator typed, to show again after a refusal: only what looks like
    project numbers (a document number typed into the wrong field is dropped)."""
    tokens = re.split(r"[\s,;]+", text.strip())
    return " ".join(token for token in tokens if _NUMBER_TOKEN.match(token))


def chosen_from_numbers(
    text: str, ids_by_number: Mapping[int, int], *, uses_points: bool
) -> tuple[dict[int, int], list[str]]:
    """Project ids and points from typed project numbers ("3, 12" or "3:2 12"). On a
    points ballot a number typed twice gets two points. Nothing typed is echoed back
    except a project number, so a document number typed into the wrong field does not
    end up on the page."""
    chosen: dict[int, int] = {}
    problems: list[str] = []
    for token in re.split(r"[\s,;]+", text.strip()):
        if not token:
            continue
        match = _NUMBER_TOKEN.match(token)
        if match is None:
            problems.append(_("Type project numbers separated by spaces or commas, e.g. 3, 12."))
            continue
        number = int(match.group(1))
        points = int(match.group(2)) if match.group(2) is not None else 1
        project_id = ids_by_number.get(number)
        if project_id is None:
            problems.append(
                _("There is no project № %(number)s in this edition.") % {"number": number}
            )
            continue
        if not uses_points:
            if points != 1:
                problems.append(_("At most one vote per project."))
                continue
            chosen[project_id] = 1
        elif points > 0:
            chosen[project_id] = chosen.get(project_id, 0) + points
    return chosen, sorted(set(problems), key=problems.index)


class PrintFormsForm(forms.Form):
    """How many blank paper forms to print and the first serial number."""

    count = forms.IntegerField(
        label=capfirst(gettext_lazy("number of forms")),
        min_value=1,
        max_value=MAX_FORMS_PER_PDF,
        initial=1,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Enter a whole number of forms."),
            "min_value": gettext_lazy("Print at least one form."),
            "max_value": gettext_lazy("Print at most %(limit_value)s forms at once."),
        },
    )
    first = forms.IntegerField(
        label=capfirst(gettext_lazy("first serial number")),
        min_value=1,
        max_value=10**SERIAL_DIGITS - MAX_FORMS_PER_PDF,
        initial=1,
        required=False,
        error_messages={
            "invalid": gettext_lazy("Enter the first serial number as a whole number."),
            "min_value": gettext_lazy("Serial numbers start at 1."),
            "max_value": gettext_lazy("This serial number is too large."),
        },
    )

    def clean_count(self) -> int:
        return self.cleaned_data.get("count") or 1

    def clean_first(self) -> int:
        return self.cleaned_data.get("first") or 1


class UnlockForm(forms.Form):
    password = forms.CharField(
        label=capfirst(gettext_lazy("your password")),
        strip=False,
        error_messages={"required": gettext_lazy("Enter your password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
