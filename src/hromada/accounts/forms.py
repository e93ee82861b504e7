"""Input validation for account pages. Messages are translated and sit next to fields."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ROLE_SCOPE, Language, ResidencyBasis, Role, ScopeKind
from hromada.accounts.models import Department, Settlement, User
from hromada.accounts.selectors import user_by_email
from hromada.accounts.services.residency import check_proof_file


class LoginForm(AllauthLoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        if "remember" in self.fields:
            self.fields["remember"].label = _("Keep me signed in on this device")


class SignupForm(AllauthSignupForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language of messages"),
        choices=Language.choices,
        initial=Language.UKRAINIAN,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["full_name", "email", "password1", "password2", "preferred_language"])
        self.fields["email"].label = _("E-mail address")
        for name in ("email", "password1", "password2"):
            self.fields[name].widget.attrs.pop("placeholder", None)

    def clean_full_name(self) -> str:
        value = " ".join(self.cleaned_data["full_name"].split())
        if len(value) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return value


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def clean_full_name(self) -> str:
        value = " ".join(self.cleaned_data["full_name"].split())
        if len(value) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return value


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name_uk", "name_en", "is_active"]
        help_texts = {"code": _("Latin letters, digits and hyphens; used in data files.")}


GRANTABLE_ROLES = [(role.value, role.label) for role in Role if role in ROLE_SCOPE]


class GrantRoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the account"))
    role = forms.ChoiceField(label=_("Role"), choices=GRANTABLE_ROLES)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.filter(is_active=True),
        required=False,
        help_text=_("Required for reviewers and department officers."),
    )

    def clean_email(self) -> User:
        user = user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        if not user.is_active:
            raise forms.ValidationError(_("This account is deactivated."))
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        department = data.get("department")
        if role:
            kind, _required = ROLE_SCOPE[role]
            if kind == ScopeKind.DEPARTMENT and department is None:
                self.add_error("department", _("Choose the department this role works for."))
            if kind != ScopeKind.DEPARTMENT and department is not None:
                self.add_error("department", _("This role is not tied to a department."))
        return data


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class SettlementChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _settlement_field() -> SettlementChoiceField:
    return SettlementChoiceField(
        label=_("Settlement"),
        queryset=Settlement.objects.filter(is_active=True),
        empty_label=_("— choose —"),
        error_messages={"invalid_choice": _("Choose a settlement of the community.")},
    )


class ResidencyDeclarationForm(forms.Form):
    prefix = "declare"
    basis = forms.ChoiceField(
        label=_("Why you count as a resident"), choices=ResidencyBasis.choices
    )
    settlement = _settlement_field()
    confirm = forms.BooleanField(
        label=_("I declare that this is true, and I know that a false declaration is an offence."),
        error_messages={"required": _("Tick the box to confirm your declaration.")},
    )


class ResidencyProofForm(forms.Form):
    prefix = "proof"
    basis = forms.ChoiceField(
        label=_("Why you count as a resident"), choices=ResidencyBasis.choices
    )
    settlement = _settlement_field()
    proof = forms.FileField(
        label=_("Proof document"),
        help_text=_(
            "A PDF, JPEG or PNG file of at most 5 MB: for example an IDP certificate, a "
            "certificate from your employer or school, or a property record."
        ),
        error_messages={"required": _("Choose the file with your proof document.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_proof(self) -> Any:
        proof = self.cleaned_data["proof"]
        check_proof_file(proof)
        return proof


class ResidencyDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Confirm residency")), ("reject", _("Reject"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to confirm or reject the claim.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a rejection; the resident reads it."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "reject" and not data.get("reason", "").strip():
            self.add_error(
                "reason", _("Give the reason for the rejection: the resident will read it.")
            )
        return data
