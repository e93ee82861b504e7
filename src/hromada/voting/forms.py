"""Reading a ballot from a posted form, and the signed token that carries the choices
from the confirm step to the cast (with the idempotency key of that one cast)."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_SALT = "hromada.voting.ballot"
# A confirm page left open longer than this must be confirmed again.
TOKEN_MAX_AGE_SECONDS = 60 * 60
MAX_POINTS_FIELD = 100


class BallotTokenError(ValueError):
    def __init__(self, message: str, chosen: dict[int, int] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.chosen = chosen or {}


@dataclass(frozen=True)
class SignedBallot:
    edition_id: int
    voter: str
    chosen: dict[int, int]
    idempotency_key: str


def new_idempotency_key() -> str:
    return secrets.token_urlsafe(24)


def sign_ballot(edition_id: int, voter: str | int, chosen: Mapping[int, int], key: str) -> str:
    """`voter` names who the token was made for: a user pk online, the desk session's
    pending person at a desk."""
    return signing.dumps(
        {
            "e": edition_id,
            "v": str(voter),
            "c": sorted([int(pk), int(points)] for pk, points in chosen.items()),
            "k": key,
        },
        salt=_SALT,
        compress=True,
    )


def _decode(payload: object) -> SignedBallot:
    if not isinstance(payload, dict):
        raise ValueError
    chosen = {int(pk): int(points) for pk, points in payload["c"]}
    return SignedBallot(int(payload["e"]), str(payload["v"]), chosen, str(payload["k"]))


def read_ballot(token: str, *, edition_id: int, voter: str | int | None) -> SignedBallot:
    """The signed ballot; BallotTokenError for a forged, foreign or expired token (an
    expired one still gives back its choices so the voter does not lose them)."""
    forged = _("This form was changed or is not from this site: choose again.")
    try:
        ballot = _decode(signing.loads(token, salt=_SALT, max_age=TOKEN_MAX_AGE_SECONDS))
    except signing.SignatureExpired:
        try:
            stale = _decode(signing.loads(token, salt=_SALT))
        except (signing.BadSignature, ValueError, KeyError, TypeError):
            raise BallotTokenError(forged) from None
        raise BallotTokenError(
            _("The confirmation has expired: check your choices and confirm again."),
            stale.chosen if stale.edition_id == edition_id else None,
        ) from None
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        raise BallotTokenError(forged) from None
    if ballot.edition_id != edition_id or (voter is not None and ballot.voter != str(voter)):
        raise BallotTokenError(forged)
    if len(ballot.idempotency_key) < 16:
        raise BallotTokenError(forged)
    return ballot


def chosen_from_post(data: QueryDict, *, uses_points: bool) -> tuple[dict[int, int], list[str]]:
    """The choices of a posted ballot form: checkboxes `project` (approval, knapsack) or
    number fields `points-<id>` (cumulative). Unknown ids are kept, so that the ballot
    check reports them; a value that is not a whole number is an error."""
    chosen: dict[int, int] = {}
    problems: list[str] = []
    if uses_points:
        for name, values in data.lists():
            if not name.startswith("points-"):
                continue
            raw = (values[-1] if values else "").strip()
            if raw == "":
                continue
            try:
                pk, points = int(name.removeprefix("points-")), int(raw)
            except ValueError:
                problems.append(_("Points must be whole numbers."))
                continue
            if not 0 <= points <= MAX_POINTS_FIELD:
                problems.append(_("Points cannot be negative or that large."))
                continue
            if points:
                chosen[pk] = points
    else:
        for raw in data.getlist("project"):
            try:
                chosen[int(raw)] = 1
            except ValueError:
                problems.append(_("A chosen project is not on this ballot (it is not admitted)."))
    return chosen, sorted(set(problems))


class ReceiptCheckForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Receipt code"),
        max_length=40,
        help_text=gettext_lazy("As printed on your receipt, e.g. 7KQ2-MX4D-0P9A-R."),
        error_messages={"required": gettext_lazy("Enter the code from your receipt.")},
    )
