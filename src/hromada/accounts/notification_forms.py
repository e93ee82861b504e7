"""The form of the notifications page: which topics, and whether also by SMS."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from hromada.accounts.models import User
from hromada.accounts.notification_preferences import FIELDS, topic_label

# Labels in the language of the request that shows the form.
_label = lazy(topic_label, str)


class NotificationPreferencesForm(forms.Form):
    own_projects = forms.BooleanField(required=False, label=_label("own_projects"))
    followed_projects = forms.BooleanField(required=False, label=_label("followed_projects"))
    edition_phases = forms.BooleanField(required=False, label=_label("edition_phases"))
    review_reminders = forms.BooleanField(required=False, label=_label("review_reminders"))
    by_sms = forms.BooleanField(required=False, label=_label("by_sms"))

    def __init__(self, *args: Any, user: User, is_reviewer: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Only reviewers get reminders; others are not asked about them.
        if not is_reviewer:
            del self.fields["review_reminders"]
        if user.phone:
            self.fields["by_sms"].help_text = _(
                "Texts go to %(phone)s, the number in your profile."
            ) % {"phone": user.phone}
        else:
            self.fields["by_sms"].help_text = _("Add a phone number to your profile first.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("by_sms") and not self.user.phone:
            self.add_error(
                "by_sms",
                _("There is no phone number in your profile: add it there first, then choose SMS."),
            )
        return cleaned

    def values(self) -> dict[str, bool]:
        return {field: self.cleaned_data[field] for field in FIELDS if field in self.fields}
