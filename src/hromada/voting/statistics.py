"""Participation statistics of an edition, safe to publish: counts of voters by channel,
age band, territory and day, from the voter records (annulled ones left out).

Small cells are suppressed: a count between 1 and the threshold (VOTING_STATS_MIN_CELL)
is published as null, and when a breakdown would then hide exactly one cell, the
smallest other cell is hidden too, so that no hidden count equals the total minus the
published ones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import phase_closes_at, phase_of_kind
from hromada.voting.enums import AgeBand, Channel
from hromada.voting.models import VoterRecord


def suppress(counts: Sequence[int], threshold: int) -> list[int | None]:
    """The counts of one breakdown as published: 0 < count < threshold becomes None, and
    if exactly one cell is then None, the smallest remaining non-zero cell (or, when
    there is none, a zero cell) becomes None as well. With a single cell nothing can
    protect it: it equals the total, which is published anyway."""
    published: list[int | None] = [None if 0 < count < threshold else count for count in counts]
    if published.count(None) != 1:
        return published
    shown = [(count, index) for index, count in enumerate(published) if count is not None]
    non_zero = [pair for pair in shown if pair[0] > 0]
    candidates = non_zero or shown
    if candidates:
        _count, index = min(candidates)
        published[index] = None
    return published


def min_cell() -> int:
    return int(settings.VOTING_STATS_MIN_CELL)


def voting_days(edition: Edition) -> list[date]:
    """Every day of the voting phase, up to the day it closed (early, if it did)."""
    phase = phase_of_kind(edition, PhaseKind.VOTING)
    if phase is None:
        return []
    last = min(phase.ends_on, timezone.localdate(phase_closes_at(phase)))
    days = []
    day = phase.starts_on
    while day <= last:
        days.append(day)
        day += timedelta(days=1)
    return days


def _cells(keys: Sequence[Any], counts: Counter[Any], threshold: int) -> list[int | None]:
    return suppress([counts.get(key, 0) for key in keys], threshold)


def participation(edition: Edition) -> dict[str, Any]:
    threshold = min_cell()
    records = VoterRecord.objects.filter(edition=edition, annulment__isnull=True)

    def counted(field_name: str) -> Counter[Any]:
        rows = records.order_by().values(field_name).annotate(count=Count("pk"))
        return Counter({row[field_name]: row["count"] for row in rows})

    channels = counted("channel")
    bands = counted("age_band")
    territories = counted("territory")
    days = counted("cast_on")
    total = sum(channels.values())

    channel_keys = [choice.value for choice in Channel]
    band_keys = [choice.value for choice in AgeBand]

    territory_list = list(edition.territories.order_by("position", "name_uk", "pk"))
    territory_keys: list[int | None] = [territory.pk for territory in territory_list]
    if territories.get(None):
        territory_keys.append(None)
    territory_counts = _cells(territory_keys, territories, threshold)
    by_territory = []
    for territory, count in zip(
        [*territory_list, None][: len(territory_keys)], territory_counts, strict=True
    ):
        by_territory.append(
            {
                "key": territory.code if territory is not None else "",
                "name_uk": territory.name_uk if territory is not None else "",
                "name_en": territory.name_en if territory is not None else "",
                "count": count,
            }
        )

    day_keys = voting_days(edition)
    # A record outside the phase (dates moved after voting) still counts somewhere.
    day_keys = sorted(set(day_keys) | {day for day in days if days[day]})

    return {
        "total": total,
        "threshold": threshold,
        "by_channel": [
            {"key": key, "count": count}
            for key, count in zip(
                channel_keys, _cells(channel_keys, channels, threshold), strict=True
            )
        ],
        "by_age_band": [
            {"key": key, "count": count}
            for key, count in zip(band_keys, _cells(band_keys, bands, threshold), strict=True)
        ],
        "by_territory": by_territory,
        "by_day": [
            {"day": day.isoformat(), "count": count}
            for day, count in zip(day_keys, _cells(day_keys, days, threshold), strict=True)
        ],
    }
