"""Forms of the commission's key and of annulment (input validation only)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import DocumentKind
from hromada.accounts.identity.person_key import TAXPAYER_NUMBER
from hromada.budget.forms import DATE_WIDGET

PARTS_HELP = _(
    "Into how many parts to split the private key, one per member who keeps it: every "
    "part is needed to use the key (1 = one whole key)."
)


class PublicKeyForm(forms.Form):
    public_key_pem = forms.CharField(
        label=_("Public key (PEM)"),
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "Made offline with `manage.py commission_key` on the commission's computer: "
            "paste the text starting with -----BEGIN PUBLIC KEY-----."
        ),
        error_messages={"required": _("Paste the public key.")},
    )
    parts = forms.IntegerField(
        label=_("Parts of the private key"),
        min_value=1,
        max_value=9,
        initial=1,
        help_text=PARTS_HELP,
        error_messages={
            "required": _("Enter the number of parts (1 to 9)."),
            "invalid": _("Enter the number of parts (1 to 9)."),
            "min_value": _("Enter the number of parts (1 to 9)."),
            "max_value": _("Enter the number of parts (1 to 9)."),
        },
    )


class GenerateKeyForm(forms.Form):
    parts = forms.IntegerField(
        label=_("Parts of the private key"),
        min_value=1,
        max_value=9,
        initial=3,
        help_text=PARTS_HELP,
        error_messages=PublicKeyForm.base_fields["parts"].error_messages,
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that the private key is shown only once and is not kept by the "
            "platform: without it no ballot can be annulled."
        ),
        error_messages={"required": _("Confirm that the key will be kept by the commission.")},
    )


class DestroyKeyForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_(
            "The results are final and the commission has destroyed every part of its "
            "private key. Remove the sealed links too."
        ),
        error_messages={"required": _("Confirm that the results are final.")},
    )


class AnnulForm(forms.Form):
    protocol_number = forms.CharField(
        label=_("Protocol number"),
        max_length=40,
        error_messages={"required": _("Enter the number of the commission's protocol.")},
    )
    decided_on = forms.DateField(
        label=_("Decision date"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Enter the date of the decision."),
            "invalid": _("Enter a date such as 31.05.2024."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason recorded in the decision.")},
    )
    records = forms.CharField(
        label=_("Voter records to annul"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Their numbers, e.g. 12, 57, 301 (find a number below)."),
        error_messages={"required": _("List the voter records to annul.")},
    )
    key = forms.CharField(
        label=_("The commission's private key"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "Paste the whole key, or every part one after another. It is used for this "
            "request only and never stored."
        ),
    )


class RecordLookupForm(forms.Form):
    document_kind = forms.ChoiceField(
        label=_("Document"),
        choices=[(TAXPAYER_NUMBER, _("taxpayer number (RNOKPP)")), *DocumentKind.choices],
        initial=TAXPAYER_NUMBER,
    )
    document_number = forms.CharField(
        label=_("Number"),
        max_length=20,
        error_messages={"required": _("Enter the document number.")},
    )
