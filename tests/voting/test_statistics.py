"""Participation statistics: counts by channel, age band, territory and day, with small
cells suppressed so that none can be recovered from the total."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition, Territory
from hromada.voting.enums import AgeBand, Channel
from hromada.voting.models import Annulment, VoterRecord
from hromada.voting.statistics import participation, suppress
from tests.factories.accounts import make_user
from tests.factories.voting import voting_edition

# ------------------------------------------------------------------------ suppression


def test_counts_at_or_above_the_threshold_are_published():
    assert suppress([5, 9, 12], 5) == [5, 9, 12]


def test_zero_is_published():
    assert suppress([0, 7, 9], 5) == [0, 7, 9]


def test_two_small_cells_are_hidden_and_nothing_else():
    assert suppress([10, 3, 2, 8], 5) == [10, None, None, 8]


def test_a_lone_small_cell_hides_the_smallest_other_cell_too():
    assert suppress([10, 3, 7, 8], 5) == [10, None, None, 8]


def test_the_complementary_cell_is_a_non_zero_one():
    assert suppress([10, 0, 3], 5) == [None, 0, None]


def test_with_only_zeros_left_a_zero_cell_is_hidden():
    assert suppress([0, 3, 0], 5) == [None, None, 0]


def test_a_single_cell_is_hidden_when_small():
    assert suppress([3], 5) == [None]


def test_threshold_one_hides_nothing():
    assert suppress([1, 0, 2], 1) == [1, 0, 2]


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=12),
    threshold=st.integers(min_value=0, max_value=12),
)
def test_no_hidden_cell_can_be_derived_from_the_total(counts: list[int], threshold: int):
    published = suppress(counts, threshold)
    hidden = [index for index, value in enumerate(published) if value is None]
    derived = sum(counts) - sum(value for value in published if value is not None)
    if len(hidden) < 2:
        assert all(counts[index] != derived for index in hidden)
    # Every published cell is the true count, and no small cell is published.
    assert all(value in (None, counts[i]) for i, value in enumerate(published))
    assert not any(value is not None and 0 < value < threshold for value in published)


# --------------------------------------------------------------------- participation


def record(edition: Edition, **fields: Any) -> VoterRecord:
    fields.setdefault("channel", Channel.ONLINE)
    fields.setdefault("cast_on", timezone.localdate())
    fields.setdefault("age_band", AgeBand.FROM_26)
    if "territory" not in fields:
        fields["territory"] = edition.territories.get(code="town")
    return VoterRecord.objects.create(edition=edition, person_key=secrets.token_hex(32), **fields)


def records(edition: Edition, times: int, **fields: Any) -> None:
    for _ in range(times):
        record(edition, **fields)


@pytest.fixture
def edition(db: Any) -> Edition:
    return voting_edition(projects=False, key=False)


@pytest.fixture
def threshold_three(settings: Any) -> None:
    settings.VOTING_STATS_MIN_CELL = 3


def test_total_and_threshold(edition: Edition, settings: Any):
    settings.VOTING_STATS_MIN_CELL = 4
    records(edition, 7)
    stats = participation(edition)
    assert (stats["total"], stats["threshold"]) == (7, 4)


def test_threshold_defaults_to_five(edition: Edition):
    assert participation(edition)["threshold"] == 5


def test_counts_by_channel(edition: Edition, threshold_three: None):
    records(edition, 4, channel=Channel.ONLINE)
    records(edition, 3, channel=Channel.DESK)
    assert participation(edition)["by_channel"] == [
        {"key": "online", "count": 4},
        {"key": "desk", "count": 3},
        {"key": "paper", "count": 0},
    ]


def test_a_small_channel_is_suppressed_with_its_complement(edition: Edition):
    records(edition, 9, channel=Channel.ONLINE)
    records(edition, 2, channel=Channel.PAPER)
    assert participation(edition)["by_channel"] == [
        {"key": "online", "count": None},
        {"key": "desk", "count": 0},
        {"key": "paper", "count": None},
    ]


def test_annulled_records_are_left_out(edition: Edition, threshold_three: None):
    records(edition, 3)
    annulment = Annulment.objects.create(
        edition=edition,
        protocol_number="3",
        decided_on=timezone.localdate(),
        reason="Підроблені документи",
        ballots_removed=1,
        recorded_by=make_user(),
    )
    record(edition, annulment=annulment)
    stats = participation(edition)
    assert (stats["total"], stats["by_channel"][0]) == (3, {"key": "online", "count": 3})


def test_every_age_band_is_listed_in_order(edition: Edition, threshold_three: None):
    records(edition, 3, age_band=AgeBand.UNDER_18)
    records(edition, 4, age_band=AgeBand.FROM_65)
    assert participation(edition)["by_age_band"] == [
        {"key": "14-17", "count": 3},
        {"key": "18-25", "count": 0},
        {"key": "26-35", "count": 0},
        {"key": "36-45", "count": 0},
        {"key": "46-64", "count": 0},
        {"key": "65+", "count": 4},
        {"key": "unknown", "count": 0},
    ]


def test_counts_by_territory_with_names(edition: Edition, threshold_three: None):
    Territory.objects.filter(edition=edition, code="town").update(name_en="Zdolbuniv town")
    records(edition, 5)
    records(edition, 3, territory=edition.territories.get(code="villages"))
    assert participation(edition)["by_territory"] == [
        {"key": "town", "name_uk": "Місто Здолбунів", "name_en": "Zdolbuniv town", "count": 5},
        {"key": "villages", "name_uk": "Старостинські округи", "name_en": "", "count": 3},
    ]


def test_records_without_a_territory_get_their_own_cell(edition: Edition, threshold_three: None):
    records(edition, 3)
    records(edition, 4, territory=None)
    assert participation(edition)["by_territory"][-1] == {
        "key": "",
        "name_uk": "",
        "name_en": "",
        "count": 4,
    }


def test_no_empty_territory_cell_when_every_record_has_one(edition: Edition):
    records(edition, 2)
    keys = [cell["key"] for cell in participation(edition)["by_territory"]]
    assert keys == ["town", "villages"]


def voting_phase_days(edition: Edition) -> list[date]:
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    return [
        phase.starts_on + timedelta(days=n)
        for n in range((phase.ends_on - phase.starts_on).days + 1)
    ]


def test_every_day_of_the_voting_phase_is_listed(edition: Edition, threshold_three: None):
    days = voting_phase_days(edition)
    records(edition, 3, cast_on=days[0])
    records(edition, 4, cast_on=days[2])
    by_day = participation(edition)["by_day"]
    assert [cell["day"] for cell in by_day] == [day.isoformat() for day in days]
    assert [cell["count"] for cell in by_day[:4]] == [3, 0, 4, 0]


def test_days_stop_when_voting_closed_early(edition: Edition):
    phase = edition.phases.get(kind=PhaseKind.VOTING)
    closed = timezone.now()
    phase.closed_early_at = closed
    phase.save()
    by_day = participation(edition)["by_day"]
    assert by_day[-1]["day"] == timezone.localdate(closed).isoformat()
    assert by_day[0]["day"] == phase.starts_on.isoformat()


def test_small_days_are_suppressed(edition: Edition):
    days = voting_phase_days(edition)
    records(edition, 6, cast_on=days[0])
    records(edition, 2, cast_on=days[1])
    counts = [cell["count"] for cell in participation(edition)["by_day"][:3]]
    assert counts == [None, None, 0]


def test_statistics_of_one_edition_ignore_another(edition: Edition, threshold_three: None):
    other = voting_edition(slug="2024-youth", projects=False, key=False)
    records(edition, 3)
    records(other, 5, territory=other.territories.get(code="town"))
    assert participation(edition)["total"] == 3
