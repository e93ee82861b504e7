"""Forms of the count and of the commission's approval. They only validate; the
services decide (and refuse with their own messages)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hromada.budget.enums import TieBreak
from hromada.budget.models import Edition
from hromada.voting.models import ResultsSnapshot

MAX_MEMBERS = 50
MAX_MEMBER_LENGTH = 200
NO_CONTROL_CHARACTERS = RegexValidator(
    r"^[^\x00-\x1f\x7f]*$",
    _("The lot may not contain line breaks or control characters."),
)


class CountForm(forms.Form):
    reason = forms.CharField(
        label=capfirst(_("why this count")),
        help_text=_(
            "Optional for the first count; say why when counting again, e.g. after an "
            "annulment. It is shown to the commission."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lot_seed = forms.CharField(
        label=capfirst(_("lot drawn by the commission")),
        help_text=_(
            "Ties are broken by lot in this edition: type the lot exactly as the "
            "commission's protocol records it. Anyone can repeat the draw from it."
        ),
        max_length=100,
        validators=[NO_CONTROL_CHARACTERS],
        error_messages={
            "required": _("Enter the lot drawn by the commission: ties are broken by lot."),
            "max_length": _("The lot is at most %(limit_value)d characters long."),
        },
    )

    def __init__(self, *args: Any, edition: Edition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.edition = edition
        if edition.tie_break != TieBreak.LOT:
            del self.fields["lot_seed"]


class ApprovalForm(forms.Form):
    protocol_number = forms.CharField(
        label=capfirst(_("protocol number")),
        max_length=40,
        error_messages={
            "required": _("Enter the number of the commission's protocol."),
            "max_length": _("The protocol number is at most %(limit_value)d characters long."),
        },
    )
    decided_on = forms.DateField(
        label=capfirst(_("decision date")),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the date of the commission's decision."),
            "invalid": _("Enter the date as DD.MM.YYYY."),
        },
    )
    members_present = forms.CharField(
        label=capfirst(_("members present")),
        help_text=_("One member per line, as in the protocol."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_MEMBERS * (MAX_MEMBER_LENGTH + 2),
        error_messages={"required": _("List the members present, one per line.")},
    )
    votes_for = forms.IntegerField(
        label=capfirst(_("voted for")),
        min_value=0,
        max_value=MAX_MEMBERS,
        error_messages={"required": _("Enter how many members voted for.")},
    )
    votes_against = forms.IntegerField(
        label=capfirst(_("voted against")),
        min_value=0,
        max_value=MAX_MEMBERS,
        error_messages={"required": _("Enter how many members voted against (0 if none).")},
    )
    votes_abstained = forms.IntegerField(
        label=capfirst(_("abstained")),
        min_value=0,
        max_value=MAX_MEMBERS,
        error_messages={"required": _("Enter how many members abstained (0 if none).")},
    )

    def __init__(
        self, *args: Any, snapshot: ResultsSnapshot, today: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.snapshot = snapshot
        self.today = today or timezone.localdate()

    def clean_decided_on(self) -> date:
        decided_on: date = self.cleaned_data["decided_on"]
        if decided_on > self.today:
            raise forms.ValidationError(_("The decision date cannot be in the future."))
        counted_on = timezone.localdate(self.snapshot.counted_at)
        if decided_on < counted_on:
            raise forms.ValidationError(
                _("The decision cannot be dated before the count (%(date)s).")
                % {"date": counted_on.strftime("%d.%m.%Y")}
            )
        return decided_on

    def clean_members_present(self) -> list[str]:
        members = [
            " ".join(line.split()) for line in self.cleaned_data["members_present"].splitlines()
        ]
        members = [member for member in members if member]
        if not members:
            raise forms.ValidationError(_("List the members present, one per line."))
        if len(members) > MAX_MEMBERS:
            raise forms.ValidationError(
                _("At most %(count)d members, one per line.") % {"count": MAX_MEMBERS}
            )
        too_long = [member for member in members if len(member) > MAX_MEMBER_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("A line is longer than %(count)d characters: put one member per line.")
                % {"count": MAX_MEMBER_LENGTH}
            )
        seen: dict[str, str] = {}
        for member in members:
            first = seen.setdefault(member.casefold(), member)
            if first is not member:
                raise forms.ValidationError(_("“%(member)s” is listed twice.") % {"member": first})
        return members

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        members = cleaned.get("members_present")
        votes = [cleaned.get(name) for name in ("votes_for", "votes_against", "votes_abstained")]
        if members and all(vote is not None for vote in votes):
            cast = sum(vote for vote in votes if vote is not None)
            if cast > len(members):
                self.add_error(
                    None,
                    ngettext(
                        "%(votes)d votes were counted, but only %(members)d member is "
                        "listed as present.",
                        "%(votes)d votes were counted, but only %(members)d members are "
                        "listed as present.",
                        len(members),
                    )
                    % {"votes": cast, "members": len(members)},
                )
        return cleaned
