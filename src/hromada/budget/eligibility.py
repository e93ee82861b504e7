"""Who may take part in an edition: a verified resident of the required age whose
residency rests on a basis the edition accepts. Used for authors and supporters here,
and for voters by the voting app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.enums import ResidencyMethod, ResidencyStatus
from hromada.accounts.identity.age import age_on
from hromada.accounts.models import VerifiedIdentity
from hromada.budget.enums import AgeReachedBy
from hromada.budget.models import Edition, Territory


@dataclass
class Eligibility:
    identity: VerifiedIdentity | None
    problems: list[str] = field(default_factory=list)
    settlement_ids: set[int] = field(default_factory=set)

    @property
    def is_eligible(self) -> bool:
        return not self.problems

    def lives_in(self, territory: Territory) -> bool:
        return bool(self.settlement_ids & {s.pk for s in territory.settlements.all()})


def age_reference_day(edition: Edition, today: date | None = None) -> date:
    """The day by which the minimum age must be reached: the day of the action, or
    31 December of the edition year (an edition setting)."""
    if edition.age_reached_by == AgeReachedBy.YEAR_END:
        return date(edition.year, 12, 31)
    return today or timezone.localdate()


def identity_of(user: Any) -> VerifiedIdentity | None:
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        identity: VerifiedIdentity = user.identity
    except VerifiedIdentity.DoesNotExist:
        return None
    return identity


def accepted_settlement_ids(identity: VerifiedIdentity, edition: Edition) -> set[int]:
    """Settlements where the person's residency is confirmed on a basis the edition
    accepts (a self-declaration only where the edition allows it)."""
    found = set()
    for claim in identity.residency_claims.all():
        if claim.status != ResidencyStatus.APPROVED or claim.basis not in edition.residency_bases:
            continue
        if (
            claim.method == ResidencyMethod.SELF_DECLARATION
            and not edition.accepts_self_declaration
        ):
            continue
        found.add(claim.settlement_id)
    return found


def eligibility(
    user: Any, edition: Edition, *, min_age: int, today: date | None = None
) -> Eligibility:
    identity = identity_of(user)
    if identity is None:
        return Eligibility(
            None, [_("Confirm who you are with id.gov.ua (e-signature, BankID or Diia) first.")]
        )
    result = Eligibility(identity)
    if identity.birth_date is None:
        result.problems.append(_("Your birth date is unknown: a service centre can check it."))
    else:
        reference = age_reference_day(edition, today)
        if age_on(identity.birth_date, reference) < min_age:
            result.problems.append(
                _("You must be at least %(age)s years old by %(day)s.")
                % {"age": min_age, "day": reference.strftime("%d.%m.%Y")}
            )
    result.settlement_ids = accepted_settlement_ids(identity, edition)
    if not result.settlement_ids:
        result.problems.append(
            _("Your residency is not confirmed on a basis this edition accepts.")
        )
    return result


def author_eligibility(user: Any, edition: Edition, today: date | None = None) -> Eligibility:
    return eligibility(user, edition, min_age=edition.author_min_age, today=today)


def supporter_eligibility(user: Any, edition: Edition, today: date | None = None) -> Eligibility:
    return eligibility(user, edition, min_age=edition.voter_min_age, today=today)
