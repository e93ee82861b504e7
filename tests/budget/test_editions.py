"""Editions as configuration: the regulation validated as a whole, phases from the clock,
outcome rules frozen once voting opens, copying last year's edition."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from hromada.budget.calendar import add_working_days, end_of
from hromada.budget.enums import CountingRule, PhaseKind
from hromada.budget.models import Edition, NonWorkingDay, Phase
from hromada.budget.selectors import (
    has_voting_opened,
    is_open_for,
    next_deadline,
    open_phases,
    phase_closes_at,
)
from hromada.budget.services import (
    close_phase_early,
    copy_edition,
    edition_problems,
    remove_part,
    save_edition,
    save_phase,
    save_pool,
)
from hromada.core.models import ActivityLog
from tests.factories.budget import make_edition

pytestmark = pytest.mark.django_db
KYIV = ZoneInfo("Europe/Kyiv")


@pytest.fixture(autouse=True)
def _english():
    # The messages below are checked in English.
    with translation.override("en"):
        yield


def kyiv(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=KYIV)


def test_a_consistent_edition_has_no_problems_and_is_published():
    edition = make_edition()
    assert edition_problems(edition) == []
    assert Edition.objects.get(pk=edition.pk).is_published


def test_pools_that_do_not_add_up_to_the_total_are_reported_with_both_sums():
    edition = make_edition(published=False)
    edition = save_edition(actor=None, edition=edition, total_amount=Decimal("1200000.00"))
    assert edition_problems(edition) == [
        "The pools add up to 1\u00a0000\u00a0000.00 UAH, but the edition's total is "
        "1\u00a0200\u00a0000.00 UAH."
    ]


def test_a_pool_whose_maximum_cost_exceeds_its_money_is_reported():
    edition = make_edition(published=False)
    pool = edition.pools.get(code="villages")
    save_pool(actor=None, edition=edition, pool=pool, max_project_cost=Decimal("150000.00"))
    assert edition_problems(edition) == [
        "Pool “Села громади”: the maximum project cost is above the pool's money."
    ]


def test_phases_out_of_order_are_reported():
    edition = make_edition(published=False)
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    save_phase(
        actor=None,
        edition=edition,
        phase=voting,
        starts_on=submission.ends_on,
        ends_on=voting.ends_on,
    )
    assert edition_problems(edition) == [
        "The phase “Voting” must not start or end before “Publication of the admitted projects”.",
        "Voting must start after the submission of projects has ended.",
    ]


def test_a_missing_required_phase_is_reported():
    edition = make_edition(published=False)
    remove_part(actor=None, part=edition.phases.get(kind=PhaseKind.RESULTS))
    assert edition_problems(edition) == ["Add the phase “Results”."]


def test_publishing_an_inconsistent_edition_is_refused_and_nothing_changes():
    edition = make_edition(published=False)
    edition = save_edition(actor=None, edition=edition, total_amount=Decimal("999.00"))
    with pytest.raises(ValidationError) as error:
        save_edition(actor=None, edition=edition, is_published=True)
    assert "The pools add up to" in error.value.messages[0]
    stored = Edition.objects.get(pk=edition.pk)
    assert (stored.is_published, stored.total_amount) == (False, Decimal("999.00"))


def test_a_phase_ending_on_a_date_is_open_until_235959_kyiv_time():
    edition = make_edition(submission_start=date(2025, 3, 1))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    assert submission.ends_on == date(2025, 3, 31)
    assert phase_closes_at(submission) == kyiv(2025, 3, 31, 23, 59, 59)
    assert is_open_for(edition, "accepts_submissions", kyiv(2025, 3, 31, 23, 59, 59))
    assert not is_open_for(edition, "accepts_submissions", kyiv(2025, 4, 1, 0, 0, 0))
    assert not is_open_for(edition, "accepts_submissions", kyiv(2025, 2, 28, 23, 59, 59))
    assert is_open_for(edition, "accepts_submissions", kyiv(2025, 3, 1, 0, 0, 0))


def test_what_is_open_moves_with_the_clock():
    edition = make_edition(submission_start=date(2025, 3, 1))
    assert [p.kind for p in open_phases(edition, kyiv(2025, 2, 10, 12))] == ["information"]
    assert [p.kind for p in open_phases(edition, kyiv(2025, 3, 15, 12))] == [
        "submission",
        "review",
    ]
    assert not is_open_for(edition, "accepts_votes", kyiv(2025, 5, 15, 12))
    assert is_open_for(edition, "accepts_votes", kyiv(2025, 5, 17, 12))
    phase, when = next_deadline(edition, kyiv(2025, 3, 15, 12)) or (None, None)
    assert (phase.kind, when) == ("submission", kyiv(2025, 3, 31, 23, 59, 59))


def test_closing_a_phase_early_is_recorded_with_the_reason(make_user):
    today = timezone.localdate()
    edition = make_edition(submission_start=today - timedelta(days=3))
    coordinator = make_user()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    close_phase_early(actor=coordinator, phase=submission, reason="Рішення виконкому № 12")
    assert not is_open_for(Edition.objects.get(pk=edition.pk), "accepts_submissions")
    row = ActivityLog.objects.get(action="budget.phase.closed_early")
    assert (row.actor, row.reason) == (coordinator, "Рішення виконкому № 12")


def test_closing_early_needs_a_reason_and_an_open_phase(make_user):
    edition = make_edition(submission_start=timezone.localdate() + timedelta(days=10))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    with pytest.raises(ValidationError) as missing:
        close_phase_early(actor=make_user(), phase=submission, reason="  ")
    assert missing.value.message_dict == {"reason": ["Say why the phase closes early."]}
    with pytest.raises(ValidationError) as closed:
        close_phase_early(actor=make_user(), phase=submission, reason="причина")
    assert closed.value.messages == ["Only an open phase can be closed early."]
    assert Phase.objects.get(pk=submission.pk).closed_early_at is None


def test_outcome_rules_are_frozen_once_voting_has_opened():
    # Submission began 80 days ago: voting opened 4 days ago.
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=80))
    assert has_voting_opened(edition)
    with pytest.raises(ValidationError) as error:
        save_edition(actor=None, edition=edition, counting_rule=CountingRule.EQUAL_SHARES)
    assert "can no longer change" in error.value.messages[0]
    assert Edition.objects.get(pk=edition.pk).counting_rule == CountingRule.GREEDY
    # Settings that do not decide the outcome may still change.
    save_edition(actor=None, edition=edition, title_en="Renamed")
    assert Edition.objects.get(pk=edition.pk).title_en == "Renamed"


def test_pool_money_is_frozen_once_voting_has_opened():
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=80))
    pool = edition.pools.get(code="small")
    with pytest.raises(ValidationError):
        save_pool(actor=None, edition=edition, pool=pool, amount=Decimal("1.00"))
    assert edition.pools.get(code="small").amount == Decimal("600000.00")


def test_outcome_rules_may_change_before_voting():
    edition = make_edition(submission_start=timezone.localdate() + timedelta(days=5))
    save_edition(actor=None, edition=edition, counting_rule=CountingRule.EQUAL_SHARES)
    assert Edition.objects.get(pk=edition.pk).counting_rule == CountingRule.EQUAL_SHARES


def test_copying_last_years_edition_moves_the_dates_and_keeps_the_regulation(make_user):
    source = make_edition(slug="2024", year=2024, submission_start=date(2024, 2, 29))
    copy = copy_edition(
        actor=make_user(), source=source, slug="2025", year=2025, title_uk="ГБ 2025"
    )
    assert not copy.is_published
    assert [
        (p.code, p.amount, p.territory.code if p.territory else None) for p in copy.pools.all()
    ] == [
        ("small", Decimal("600000.00"), None),
        ("large", Decimal("300000.00"), None),
        ("villages", Decimal("100000.00"), "villages"),
    ]
    assert copy.pools.get(code="villages").territory.edition == copy
    submission = copy.phases.get(kind=PhaseKind.SUBMISSION)
    assert (submission.starts_on, submission.ends_on) == (date(2025, 2, 28), date(2025, 3, 30))
    assert [c.code for c in copy.categories.all()] == ["sport", "green"]
    assert edition_problems(copy) == []
    assert ActivityLog.objects.filter(action="budget.edition.copied").count() == 1


def test_working_days_skip_weekends_and_the_editable_holidays():
    # Friday 22 August 2025; Sunday 24 August is Independence Day.
    NonWorkingDay.objects.create(day=date(2025, 8, 25), name_uk="Перенесений вихідний")
    assert add_working_days(date(2025, 8, 22), 1) == date(2025, 8, 26)
    assert add_working_days(date(2025, 8, 22), 5) == date(2025, 9, 1)
    assert end_of(date(2025, 9, 1)) == kyiv(2025, 9, 1, 23, 59, 59)


def test_a_second_phase_of_the_same_kind_is_refused():
    edition = make_edition(published=False)
    with pytest.raises(ValidationError) as error:
        save_phase(
            actor=None,
            edition=edition,
            kind=PhaseKind.VOTING,
            starts_on=date(2025, 6, 1),
            ends_on=date(2025, 6, 2),
        )
    assert error.value.message_dict == {"kind": ["This edition already has this phase."]}


def test_a_territorial_pool_needs_a_territory_of_the_same_edition():
    edition = make_edition(published=False)
    other = make_edition(slug="other", published=False)
    with pytest.raises(ValidationError) as error:
        save_pool(
            actor=None,
            edition=edition,
            code="x",
            name_uk="X",
            amount=Decimal("1"),
            max_project_cost=Decimal("1"),
            territory=other.territories.first(),
        )
    assert error.value.message_dict == {"territory": ["Choose a territory of this edition."]}
