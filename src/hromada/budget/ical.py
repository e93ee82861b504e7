"""The phases of an edition as an iCalendar feed (RFC 5545), written by hand: the feed
needs only all-day events, which is a few dozen lines, not a dependency.

Every event is an all-day event (`VALUE=DATE`), so no time zone definition is needed:
a phase runs from its first Kyiv day to its last one inclusive, which iCalendar writes
as an exclusive end on the following day. `X-WR-TIMEZONE` tells clients which zone the
community lives in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.budget.campaign import PhaseRow, phase_rows
from hromada.budget.models import Edition

CRLF = "\r\n"
# RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break.
LINE_OCTETS = 75
TIME_ZONE = "Europe/Kyiv"
# How often subscribed clients should fetch the feed again (RFC 7986 and the older
# Microsoft property): phases change rarely, an early close should show within hours.
REFRESH_INTERVAL = "PT6H"


@dataclass(frozen=True)
class Event:
    uid: str
    starts_on: date
    ends_before: date  # exclusive, as DTEND of an all-day event
    summary: str
    description: str
    url: str


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks
    escaped; other control characters, which the format does not allow, dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = "".join(c for c in value if c in "\n\t" or not (c < " " or c == "\x7f"))
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into physical lines of at most 75 octets of UTF-8, each
    continuation starting with one space (which counts), never inside a character."""
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for character in line:
        width = len(character.encode("utf-8"))
        room = LINE_OCTETS if not pieces else LINE_OCTETS - 1
        if size + width > room:
            pieces.append("".join(current))
            current, size = [], 0
        current.append(character)
        size += width
    pieces.append("".join(current))
    return (CRLF + " ").join(pieces)


def format_date(day: date) -> str:
    return day.strftime("%Y%m%d")


def format_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def serialize(*, name: str, events: Iterable[Event], stamp: datetime, language: str = "uk") -> str:
    """A whole VCALENDAR with CRLF line ends, every line folded."""
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:-//Hromada//Participatory budget//{language.upper()}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
        f"X-WR-TIMEZONE:{TIME_ZONE}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{format_utc(stamp)}",
            f"DTSTART;VALUE=DATE:{format_date(event.starts_on)}",
            f"DTEND;VALUE=DATE:{format_date(event.ends_before)}",
            f"SUMMARY:{escape_text(event.summary)}",
            f"DESCRIPTION:{escape_text(event.description)}",
            # A URI, not TEXT: commas and semicolons in it stay as they are.
            f"URL:{event.url}",
            # A phase lasting weeks must not mark the resident busy.
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)


def phase_description(row: PhaseRow, page_url: str) -> str:
    parts = []
    if row.allows:
        parts.append(_("In this phase you may: %(actions)s.") % {"actions": ", ".join(row.allows)})
    else:
        parts.append(_("Information only: nothing to submit, support or vote on in this phase."))
    if row.closed_early:
        closed = timezone.localtime(row.closes_at)
        parts.append(
            _("Closed early on %(day)s at %(time)s (Kyiv time).")
            % {"day": closed.strftime("%d.%m.%Y"), "time": closed.strftime("%H:%M")}
        )
    # Many clients do not show the URL property; the page address belongs in the text too.
    parts.append(_("Dates and what is open now: %(url)s") % {"url": page_url})
    return "\n".join(parts)


def phase_event(edition: Edition, row: PhaseRow, *, page_url: str, host: str) -> Event:
    return Event(
        uid=f"phase-{row.phase.pk}@{host}",
        starts_on=row.phase.starts_on,
        # The day after the last one: after the scheduled end, or after the early close.
        ends_before=row.last_day + timedelta(days=1),
        summary=_("%(phase)s — %(edition)s")
        % {"phase": row.phase.get_kind_display(), "edition": edition.title},
        description=phase_description(row, page_url),
        url=page_url,
    )


def edition_calendar(
    edition: Edition, *, page_url: str, host: str, now: datetime | None = None
) -> str:
    """The feed of one edition in the active language; `page_url` is the absolute
    address of its calendar page, `host` names the UIDs' domain."""
    now = now or timezone.now()
    events = [
        phase_event(edition, row, page_url=page_url, host=host) for row in phase_rows(edition, now)
    ]
    language = (get_language() or "uk").split("-")[0]
    return serialize(name=str(edition.title), events=events, stamp=now, language=language)
