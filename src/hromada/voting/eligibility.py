"""Who may vote in an edition, and in which pools: a verified resident of the voter
minimum age (online), or a person identified by a desk operator with a document; a
territorial pool only for residents of its territory."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.identity.age import age_on
from hromada.accounts.models import Settlement
from hromada.budget.eligibility import age_reference_day, eligibility
from hromada.budget.models import Edition, Pool, Territory
from hromada.budget.selectors import is_open_for
from hromada.voting.ballot import ballot_box
from hromada.voting.enums import Channel, age_band

DEMO_PROVIDER = "demo"


@dataclass
class Voter:
    """The person about to vote, whatever the channel. Only what the voter record keeps
    (person key, age band, territory) leaves this object."""

    person_key: str
    birth_date: date | None
    settlement_ids: set[int]
    problems: list[str] = field(default_factory=list)

    @property
    def is_eligible(self) -> bool:
        return not self.problems


def pools_for(edition: Edition, settlement_ids: set[int]) -> list[Pool]:
    """The pools this person may vote in: every pool without a territory, and the
    territorial ones whose territory includes one of their settlements."""
    return ballot_box(edition).pools_for(settlement_ids)


def territory_of(edition: Edition, settlement_ids: set[int]) -> Territory | None:
    territory_id = ballot_box(edition).territory_for(settlement_ids)
    return Territory.objects.get(pk=territory_id) if territory_id is not None else None


def band_of(voter: Voter, today: date) -> str:
    return age_band(age_on(voter.birth_date, today) if voter.birth_date else None)


def window_problems(edition: Edition, channel: str, now: datetime | None = None) -> list[str]:
    """Empty while this channel takes votes; else why not."""
    if not is_open_for(edition, "accepts_votes", now):
        return [_("Voting in this edition is not open now.")]
    enabled = {
        Channel.ONLINE: edition.accepts_online_votes,
        Channel.DESK: edition.accepts_desk_votes,
        Channel.PAPER: edition.accepts_paper_forms,
    }[Channel(channel)]
    if not enabled:
        return {
            Channel.ONLINE: [
                _("This edition does not take votes online: vote at a service centre.")
            ],
            Channel.DESK: [_("This edition does not take votes at service centres.")],
            Channel.PAPER: [_("This edition does not take paper forms.")],
        }[Channel(channel)]
    return []


def online_voter(user: Any, edition: Edition, now: datetime | None = None) -> Voter | None:
    """The signed-in resident as a voter (with the reasons they may not vote, if any), or
    None when they have not confirmed who they are."""
    today = timezone.localdate(now)
    checked = eligibility(user, edition, min_age=edition.voter_min_age, today=today)
    if checked.identity is None:
        return None
    voter = Voter(
        person_key=checked.identity.person_key,
        birth_date=checked.identity.birth_date,
        settlement_ids=checked.settlement_ids,
        problems=list(checked.problems),
    )
    if checked.identity.provider == DEMO_PROVIDER and not settings.DEMO_MODE:
        voter.problems.insert(0, _("A demo identity cannot vote: sign in with id.gov.ua."))
    if voter.settlement_ids and not pools_for(edition, voter.settlement_ids):
        voter.problems.append(_("No pool of this edition is open to residents of your settlement."))
    return voter


def desk_voter(
    *,
    edition: Edition,
    person_key: str,
    birth_date: date,
    settlement: Settlement,
    now: datetime | None = None,
) -> Voter:
    """A person identified at a desk by a document: age from the document's birth date,
    residency from the settlement the operator checked in the document."""
    today = timezone.localdate(now)
    voter = Voter(person_key=person_key, birth_date=birth_date, settlement_ids={settlement.pk})
    reference = age_reference_day(edition, today)
    if age_on(birth_date, reference) < edition.voter_min_age:
        voter.problems.append(
            _("Voters must be at least %(age)s years old by %(day)s.")
            % {"age": edition.voter_min_age, "day": reference.strftime("%d.%m.%Y")}
        )
    if not settlement.is_active:
        voter.problems.append(_("The settlement is not part of the community."))
    elif not pools_for(edition, voter.settlement_ids):
        voter.problems.append(_("No pool of this edition is open to residents of this settlement."))
    return voter
