"""The iCalendar feed of an edition's phases (RFC 5545), read back with a small parser."""

from __future__ import annotations

from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.budget.enums import PhaseKind
from hromada.budget.ical import escape_text, fold
from hromada.budget.models import Edition
from hromada.budget.services import close_phase_early
from tests.factories.budget import make_edition

pytestmark = pytest.mark.django_db

SITE = "https://hromada.example.org"
LONG_UKRAINIAN = (
    "Громадський бюджет Здолбунівської міської територіальної громади на 2026 рік: "
    "пропонуйте проєкти для свого двору, вулиці, села і голосуйте за найкращі"
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def feed_url(edition: Edition, language: str = "uk") -> str:
    with translation.override(language):
        return reverse("budget:calendar_ics", kwargs={"edition": edition.slug})


def unfold(raw: bytes) -> list[str]:
    """Logical content lines: CRLF line ends, a line starting with one space continues
    the previous one (RFC 5545 3.1)."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    lines: list[str] = []
    for physical in text[:-2].split("\r\n"):
        if physical.startswith(" "):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


def unescape(value: str) -> str:
    replacements = {"\\\\": "\\", "\\;": ";", "\\,": ",", "\\n": "\n", "\\N": "\n"}
    result, index = [], 0
    while index < len(value):
        pair = value[index : index + 2]
        if pair in replacements:
            result.append(replacements[pair])
            index += 2
        else:
            result.append(value[index])
            index += 1
    return "".join(result)


def parse(raw: bytes) -> tuple[dict[str, str], list[dict[str, str]]]:
    """The calendar's properties and one dict per VEVENT; a property name keeps its
    parameters ("DTSTART;VALUE=DATE"); values are as written (still escaped)."""
    calendar: dict[str, str] = {}
    events: list[dict[str, str]] = []
    stack: list[str] = []
    for line in unfold(raw):
        name, _, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                events.append({})
        elif name == "END":
            assert stack.pop() == value
        elif stack == ["VCALENDAR"]:
            calendar[name] = value
        elif stack == ["VCALENDAR", "VEVENT"]:
            events[-1][name] = value
    assert stack == []
    return calendar, events


def feed(client, edition: Edition, language: str = "uk"):
    response = client.get(feed_url(edition, language))
    assert response.status_code == 200
    return response


def event_of(events: list[dict[str, str]], phase) -> dict[str, str]:
    return next(
        event for event in events if event["UID"] == f"phase-{phase.pk}@hromada.example.org"
    )


# The writer ----------------------------------------------------------------------------


def test_text_escapes_backslash_semicolon_comma_and_line_breaks():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_text_drops_control_characters_the_format_does_not_allow():
    assert escape_text("a\x00b\x07c\td") == "abc\td"


def test_a_short_line_is_not_folded():
    assert fold("SUMMARY:Голосування") == "SUMMARY:Голосування"


def test_a_long_ukrainian_line_folds_into_lines_of_at_most_75_octets():
    line = f"SUMMARY:{LONG_UKRAINIAN}"
    physical = fold(line).split("\r\n")
    assert len(physical) > 3
    assert max(len(part.encode("utf-8")) for part in physical) <= 75


def test_a_folded_line_unfolds_to_the_original():
    line = f"DESCRIPTION:{LONG_UKRAINIAN}"
    assert unfold((fold(line) + "\r\n").encode("utf-8")) == [line]


def test_folding_never_splits_a_character():
    # Two-octet letters after a one-octet "X": the 38th letter would straddle octet 75.
    physical = fold("X" + "ж" * 100).split("\r\n")
    assert [len(part.encode("utf-8")) for part in physical] == [75, 75, 53]
    assert physical[0] == "X" + "ж" * 37
    assert physical[1] == " " + "ж" * 37


# The feed ------------------------------------------------------------------------------


def test_the_feed_is_a_utf8_calendar_shown_inline(client):
    edition = make_edition()
    response = feed(client, edition)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="budget-{edition.slug}.ics"'


def test_every_line_ends_with_crlf_and_is_at_most_75_octets(client):
    raw = feed(client, make_edition()).content
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75


def test_the_calendar_has_the_required_properties(client):
    edition = make_edition()
    calendar, _ = parse(feed(client, edition).content)
    assert calendar == {
        "PRODID": "-//Hromada//Participatory budget//UK",
        "VERSION": "2.0",
        "CALSCALE": "GREGORIAN",
        "METHOD": "PUBLISH",
        "X-WR-CALNAME": edition.title_uk,
        "X-WR-TIMEZONE": "Europe/Kyiv",
        "REFRESH-INTERVAL;VALUE=DURATION": "PT6H",
        "X-PUBLISHED-TTL": "PT6H",
    }


def test_there_is_one_event_per_phase_in_order(client):
    edition = make_edition()
    _, events = parse(feed(client, edition).content)
    assert [event["UID"] for event in events] == [
        f"phase-{phase.pk}@hromada.example.org" for phase in edition.phases.order_by("starts_on")
    ]


def test_a_phase_is_an_all_day_event_ending_the_day_after_its_last_day(client):
    edition = make_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    _, events = parse(feed(client, edition).content)
    event = event_of(events, voting)
    assert (event["DTSTART;VALUE=DATE"], event["DTEND;VALUE=DATE"]) == (
        voting.starts_on.strftime("%Y%m%d"),
        (voting.ends_on + timedelta(days=1)).strftime("%Y%m%d"),
    )


def test_the_stamp_is_in_utc(client):
    edition = make_edition()
    before = timezone.now().replace(microsecond=0)
    _, events = parse(feed(client, edition).content)
    stamp = events[0]["DTSTAMP"]
    assert stamp.endswith("Z")
    assert stamp >= before.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_an_event_links_the_calendar_page(client):
    edition = make_edition()
    _, events = parse(feed(client, edition).content)
    assert {event["URL"] for event in events} == {f"{SITE}/budget/{edition.slug}/calendar/"}


def test_an_event_describes_what_the_phase_allows(client):
    edition = make_edition()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    _, events = parse(feed(client, edition, "en").content)
    assert unescape(event_of(events, submission)["DESCRIPTION"]) == (
        "In this phase you may: submit projects, support projects.\n"
        f"Dates and what is open now: {SITE}/en/budget/{edition.slug}/calendar/"
    )


def test_the_english_feed_is_in_english(client):
    edition = make_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    calendar, events = parse(feed(client, edition, "en").content)
    assert calendar["PRODID"] == "-//Hromada//Participatory budget//EN"
    assert calendar["X-WR-CALNAME"] == edition.title_en
    assert unescape(event_of(events, voting)["SUMMARY"]) == f"Voting — {edition.title_en}"
    assert event_of(events, voting)["URL"] == f"{SITE}/en/budget/{edition.slug}/calendar/"


def test_the_ukrainian_feed_names_the_edition_in_ukrainian(client):
    edition = make_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    _, events = parse(feed(client, edition).content)
    with translation.override("uk"):
        phase_name = str(PhaseKind.VOTING.label)
    assert unescape(event_of(events, voting)["SUMMARY"]) == f"{phase_name} — {edition.title_uk}"


def test_a_title_with_comma_semicolon_and_newline_is_escaped(client):
    edition = make_edition()
    Edition.objects.filter(pk=edition.pk).update(title_en="Budget, 2026; main\nedition")
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    calendar, events = parse(feed(client, edition, "en").content)
    assert calendar["X-WR-CALNAME"] == "Budget\\, 2026\\; main\\nedition"
    assert event_of(events, voting)["SUMMARY"] == "Voting — Budget\\, 2026\\; main\\nedition"


def test_a_long_ukrainian_title_is_folded_and_unfolds_to_the_original(client):
    edition = make_edition()
    Edition.objects.filter(pk=edition.pk).update(title_uk=LONG_UKRAINIAN)
    response = feed(client, edition)
    physical = response.content.split(b"\r\n")
    assert max(len(line) for line in physical) <= 75
    for line in physical:
        line.decode("utf-8", errors="strict")  # no character split between two lines
    calendar, _ = parse(response.content)
    assert unescape(calendar["X-WR-CALNAME"]) == LONG_UKRAINIAN


def test_a_phase_closed_early_ends_the_day_after_it_was_closed(client, make_user):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    close_phase_early(actor=make_user(Role.ADMINISTRATOR), phase=submission, reason="Рішення № 5")
    _, events = parse(feed(client, edition, "en").content)
    event = event_of(events, submission)
    assert event["DTEND;VALUE=DATE"] == (timezone.localdate() + timedelta(days=1)).strftime(
        "%Y%m%d"
    )


def test_a_phase_closed_early_says_so(client, make_user):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    closed = close_phase_early(
        actor=make_user(Role.ADMINISTRATOR), phase=submission, reason="Рішення № 5"
    )
    _, events = parse(feed(client, edition, "en").content)
    when = timezone.localtime(closed.closed_early_at)
    assert f"Closed early on {when:%d.%m.%Y} at {when:%H:%M} (Kyiv time)." in unescape(
        event_of(events, submission)["DESCRIPTION"]
    )


def test_an_edition_without_phases_is_a_valid_empty_calendar(client):
    edition = make_edition()
    edition.phases.all().delete()
    response = feed(client, edition)
    calendar, events = parse(response.content)
    assert (calendar["VERSION"], calendar["METHOD"], events) == ("2.0", "PUBLISH", [])
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.endswith(b"END:VCALENDAR\r\n")


def test_the_feed_of_an_unpublished_edition_is_not_found(client):
    edition = make_edition(published=False)
    assert client.get(feed_url(edition)).status_code == 404


def test_the_feed_of_an_unknown_edition_is_not_found(client):
    url = reverse("budget:calendar_ics", kwargs={"edition": "no-such-edition"})
    assert client.get(url).status_code == 404
