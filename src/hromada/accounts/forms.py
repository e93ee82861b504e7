"""Input validation for account pages. Messages are translated and sit next to fields."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import ROLE_SCOPE, Language, Role, ScopeKind
from hromada.accounts.models import Department, User
from hromada.accounts.selectors import user_by_email


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
