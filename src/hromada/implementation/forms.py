"""Input validation of the implementation pages (the services check the domain rules)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.accounts.selectors import active_departments
from hromada.core.uploads import check_upload
from hromada.implementation import prozorro
from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.models import ImplementationRecord
from hromada.implementation.services.updates import (
    ALT_TEXT_LENGTH,
    MAX_PHOTO_BYTES,
    PHOTO_KINDS,
    PhotoUpload,
)
from hromada.implementation.workflow import next_statuses
from hromada.programmes.models import MONEY_DIGITS, MONEY_PLACES

PHOTO_SLOTS = 4
PROGRESS_MESSAGE = gettext_lazy("The progress is a whole number from 0 to 100.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _text_area(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class AssignForm(forms.Form):
    prefix = "plan"
    department = forms.ModelChoiceField(
        label=gettext_lazy("Responsible department"),
        queryset=active_departments(),
        required=False,
        empty_label=gettext_lazy("— not assigned —"),
    )
    planned_start = forms.DateField(
        label=gettext_lazy("Planned start"), required=False, widget=DateInput()
    )
    planned_end = forms.DateField(
        label=gettext_lazy("Planned completion"), required=False, widget=DateInput()
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error(
                "planned_end", _("The planned completion cannot be before the planned start.")
            )
        return data


class StatusForm(forms.Form):
    prefix = "status"
    to_status = forms.ChoiceField(label=gettext_lazy("New status"))
    happened_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    reason = forms.CharField(
        label=gettext_lazy("Reason or note"),
        required=False,
        widget=_text_area(),
        help_text=gettext_lazy(
            "Required when the project is not implemented or reopened. Shown on the public "
            "timeline."
        ),
    )

    def __init__(self, *args: Any, record: ImplementationRecord, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"happened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field = self.fields["to_status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (status, ImplementationStatus(status).label) for status in next_statuses(record)
        ]
        field.error_messages["invalid_choice"] = _(
            "The project cannot move to that status from “%(status)s”."
        ) % {"status": record.get_status_display()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("to_status")
        if status == ImplementationStatus.NOT_IMPLEMENTED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the project was not implemented."))
        if status == ImplementationStatus.PLANNED and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the project is reopened."))
        return data


class ProgressForm(forms.Form):
    prefix = "progress"
    progress = forms.IntegerField(
        label=gettext_lazy("Progress, %"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": PROGRESS_MESSAGE,
            "max_value": PROGRESS_MESSAGE,
            "invalid": PROGRESS_MESSAGE,
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    happened_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    note = forms.CharField(label=gettext_lazy("What was done"), required=False, widget=_text_area())
    is_public = forms.BooleanField(
        label=gettext_lazy("Show on the public timeline"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"happened_on": timezone.localdate(), "is_public": True})
        super().__init__(*args, **kwargs)


class ProcurementForm(forms.Form):
    prefix = "procurement"
    tender_id = forms.CharField(
        label=gettext_lazy("Prozorro tender id"),
        required=False,
        max_length=60,
        help_text=gettext_lazy("Like UA-2024-11-12-000006-a"),
    )
    contract_id = forms.CharField(
        label=gettext_lazy("Prozorro contract id"),
        required=False,
        max_length=80,
        help_text=gettext_lazy("Like UA-2024-11-12-000006-a-a1"),
    )
    contract_sum = forms.DecimalField(
        label=gettext_lazy("Contract sum, UAH"),
        required=False,
        min_value=Decimal("0"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
    )
    contractor = forms.CharField(label=gettext_lazy("Contractor"), required=False, max_length=255)

    def clean_tender_id(self) -> str:
        return prozorro.clean_tender_id(self.cleaned_data.get("tender_id", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "contract_id" in data and "tender_id" not in self.errors:
            try:
                data["contract_id"] = prozorro.clean_contract_id(
                    data["contract_id"], data.get("tender_id", "")
                )
            except ValidationError as error:
                self.add_error("contract_id", error)
        return data


class PaymentForm(forms.Form):
    prefix = "payment"
    paid_on = forms.DateField(label=gettext_lazy("Paid on"), widget=DateInput())
    amount = forms.DecimalField(
        label=gettext_lazy("Amount, UAH"),
        min_value=Decimal("0.01"),
        max_digits=MONEY_DIGITS,
        decimal_places=MONEY_PLACES,
    )
    document = forms.CharField(
        label=gettext_lazy("Payment order number"), required=False, max_length=60
    )
    reason = forms.CharField(
        label=gettext_lazy("Why the contract sum is exceeded"),
        required=False,
        widget=_text_area(2),
        help_text=gettext_lazy(
            "Required only when the payments together exceed the contract sum (or the "
            "estimate while there is no contract)."
        ),
    )


class UpdateForm(forms.Form):
    """A timeline entry with up to PHOTO_SLOTS photos, each with what it shows and a
    text alternative (plain fields: works without JavaScript)."""

    prefix = "update"
    happened_on = forms.DateField(label=gettext_lazy("Date"), widget=DateInput())
    text = forms.CharField(label=gettext_lazy("What happened"), widget=_text_area(4))
    is_public = forms.BooleanField(
        label=gettext_lazy("Show on the public timeline"), required=False, initial=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"happened_on": timezone.localdate(), "is_public": True})
        super().__init__(*args, **kwargs)
        kinds = [("", _("— choose —")), *PhotoKind.choices]
        for slot in range(1, PHOTO_SLOTS + 1):
            self.fields[f"photo_{slot}"] = forms.FileField(
                label=_("File"),
                required=False,
                widget=forms.ClearableFileInput(
                    attrs={"accept": "image/jpeg,image/png,image/webp"}
                ),
            )
            self.fields[f"kind_{slot}"] = forms.ChoiceField(
                label=_("It shows"),
                choices=kinds,
                required=False,
            )
            self.fields[f"alt_{slot}"] = forms.CharField(
                label=_("Description for people who cannot see it"),
                required=False,
                max_length=ALT_TEXT_LENGTH,
            )

    def slots(self) -> list[dict[str, Any]]:
        """The bound fields of each photo slot, for the template."""
        return [
            {
                "number": slot,
                "photo": self[f"photo_{slot}"],
                "kind": self[f"kind_{slot}"],
                "alt": self[f"alt_{slot}"],
            }
            for slot in range(1, PHOTO_SLOTS + 1)
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self["happened_on"], self["text"], self["is_public"]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for slot in range(1, PHOTO_SLOTS + 1):
            file = data.get(f"photo_{slot}")
            if not file:
                continue
            name = file.name
            if not data.get(f"kind_{slot}"):
                self.add_error(
                    f"kind_{slot}", _("“%(name)s”: choose what the photo shows.") % {"name": name}
                )
            if not data.get(f"alt_{slot}", "").strip():
                self.add_error(
                    f"alt_{slot}",
                    _("“%(name)s”: describe the photo for people who cannot see it.")
                    % {"name": name},
                )
            try:
                check_upload(file, allowed=PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES)
            except ValidationError as error:
                self.add_error(
                    f"photo_{slot}",
                    [
                        _("“%(name)s”: %(problem)s") % {"name": name, "problem": message}
                        for message in error.messages
                    ],
                )
        return data

    def photos(self) -> list[PhotoUpload]:
        return [
            PhotoUpload(
                self.cleaned_data[f"photo_{slot}"],
                self.cleaned_data[f"kind_{slot}"],
                self.cleaned_data[f"alt_{slot}"],
            )
            for slot in range(1, PHOTO_SLOTS + 1)
            if self.cleaned_data.get(f"photo_{slot}")
        ]

    @property
    def has_files(self) -> bool:
        return bool(self.files) and any(self.files.values())


class SignOffForm(forms.Form):
    accepts = forms.TypedChoiceField(
        label=gettext_lazy("Does the result match your project?"),
        choices=[
            ("yes", gettext_lazy("Yes, I accept the result")),
            ("no", gettext_lazy("No, I have remarks")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose whether you accept the result.")},
    )
    remarks = forms.CharField(
        label=gettext_lazy("Remarks"),
        required=False,
        widget=_text_area(4),
        help_text=gettext_lazy("Required when you do not accept the result. Shown publicly."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("accepts") is False and not data.get("remarks", "").strip():
            self.add_error("remarks", _("Say what is wrong with the result."))
        return data
