"""The public phase calendar of an edition and its countdown to the next deadline."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.budget.calendar import end_of, start_of
from hromada.budget.campaign import (
    CAPABILITY_LABELS,
    call_to_action,
    countdown_forms,
    countdown_text,
    phase_rows,
    upcoming_deadline,
)
from hromada.budget.enums import PhaseKind
from hromada.budget.selectors import CAPABILITIES
from hromada.budget.services import close_phase_early
from tests.factories.budget import make_edition

pytestmark = pytest.mark.django_db


def english_url(name: str, **kwargs: str) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def calendar_page(client, edition) -> str:
    response = client.get(english_url("budget:calendar", edition=edition.slug))
    assert response.status_code == 200
    return response.content.decode()


def kyiv(day, hour: int = 0, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# The countdown text -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remaining", "text"),
    [
        (timedelta(days=12, hours=4, minutes=59), "12 days 4 hours left"),
        (timedelta(days=1, hours=1), "1 day 1 hour left"),
        (timedelta(days=2, minutes=30), "2 days left"),
        (timedelta(hours=3, minutes=5, seconds=59), "3 hours 5 minutes left"),
        (timedelta(hours=1), "1 hour left"),
        (timedelta(minutes=1), "1 minute left"),
        (timedelta(minutes=7, seconds=30), "7 minutes left"),
        (timedelta(seconds=59), "less than a minute left"),
        (timedelta(0), "the deadline has passed"),
        (timedelta(seconds=-5), "the deadline has passed"),
    ],
)
def test_the_countdown_says_the_two_largest_units_rounded_down(remaining, text):
    with translation.override("en"):
        assert countdown_text(remaining) == text


def test_the_browser_gets_each_unit_in_every_plural_category():
    with translation.override("en"):
        forms = countdown_forms()
    assert forms["units"]["day"] == {
        "zero": "%(count)s days",
        "one": "%(count)s day",
        "two": "%(count)s days",
        "few": "%(count)s days",
        "many": "%(count)s days",
        "other": "%(count)s days",
    }


def test_the_browser_gets_the_same_sentences_as_the_server():
    with translation.override("en"):
        forms = countdown_forms()
    assert (forms["left"], forms["soon"], forms["passed"]) == (
        "%(duration)s left",
        "less than a minute left",
        "the deadline has passed",
    )


def test_every_capability_has_a_label():
    assert tuple(CAPABILITY_LABELS) == CAPABILITIES


# The next deadline, by moving the clock ------------------------------------------------


def test_while_a_phase_is_open_the_deadline_is_its_end():
    edition = make_edition()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    now = kyiv(submission.starts_on, 12)
    deadline = upcoming_deadline(edition, now)
    assert (deadline.phase, deadline.at, deadline.is_closing) == (
        submission,
        end_of(submission.ends_on),
        True,
    )


def test_between_phases_the_deadline_is_the_start_of_the_next():
    edition = make_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    edition.phases.filter(kind=PhaseKind.ADMITTED_LIST).delete()
    now = kyiv(voting.starts_on - timedelta(days=2), 9)
    deadline = upcoming_deadline(edition, now)
    assert (deadline.phase, deadline.at, deadline.is_closing) == (
        voting,
        start_of(voting.starts_on),
        False,
    )


def test_the_deadline_is_written_in_kyiv_time_with_its_offset():
    edition = make_edition()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    deadline = upcoming_deadline(edition, kyiv(submission.starts_on, 12))
    offset = timezone.localtime(end_of(submission.ends_on)).strftime("%z")
    assert deadline.iso == f"{submission.ends_on.isoformat()}T23:59:59{offset[:3]}:{offset[3:]}"


def test_after_the_last_phase_there_is_no_deadline():
    edition = make_edition()
    last = edition.phases.get(kind=PhaseKind.IMPLEMENTATION)
    assert upcoming_deadline(edition, kyiv(last.ends_on + timedelta(days=1))) is None


def test_a_phase_closed_early_ends_on_the_day_it_was_closed(make_user):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    close_phase_early(actor=make_user(Role.ADMINISTRATOR), phase=submission, reason="Рішення № 5")
    row = next(r for r in phase_rows(edition) if r.phase.kind == PhaseKind.SUBMISSION)
    assert (row.status, row.closed_early, row.last_day) == ("closed", True, timezone.localdate())


def test_the_poster_calls_to_submit_while_submission_is_open():
    edition = make_edition()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    with translation.override("en"):
        text = call_to_action(edition, kyiv(submission.starts_on, 12))
    assert text == (f"Propose a project for your community until {submission.ends_on:%d.%m.%Y}!")


def test_the_poster_calls_to_vote_while_voting_is_open():
    edition = make_edition()
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    with translation.override("en"):
        text = call_to_action(edition, kyiv(voting.starts_on, 12))
    assert text == f"Vote for the projects you like until {voting.ends_on:%d.%m.%Y}!"


# The page ------------------------------------------------------------------------------


def test_the_calendar_lists_every_phase_in_order(client):
    edition = make_edition()
    body = calendar_page(client, edition)
    with translation.override("en"):
        names = [str(kind.label) for kind in PhaseKind]
    positions = [body.index(f'<th scope="row">{name}</th>') for name in names]
    assert positions == sorted(positions)


def test_the_calendar_shows_the_dates_and_what_a_phase_allows(client):
    edition = make_edition()
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    body = calendar_page(client, edition)
    row = re.search(r'<th scope="row">Submission of projects.*?</tr>', body, re.S).group(0)
    assert f"{submission.starts_on:%d.%m.%Y}</time> – " in row
    assert f">{submission.ends_on:%d.%m.%Y}</time>" in row
    assert "<td>Submit projects, support projects</td>" in row


def test_the_calendar_says_a_phase_end_is_inclusive_until_the_end_of_the_day(client):
    body = calendar_page(client, make_edition())
    assert "A phase ending on a date closes at 23:59:59 that day." in body


def test_the_open_phase_is_marked_open_now(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    body = calendar_page(client, edition)
    row = re.search(r'<tr class="phase-open">\s*<th scope="row">([^<]+)</th>', body)
    assert row.group(1) == "Submission of projects and collection of support"
    assert "<td><strong>open now</strong></td>" in body


def test_the_countdown_is_rendered_on_the_server_in_a_time_element(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    body = calendar_page(client, edition)
    deadline = timezone.localtime(end_of(submission.ends_on)).isoformat(timespec="seconds")
    countdown = re.search(rf'<time datetime="{re.escape(deadline)}">([^<]+)</time>', body)
    assert re.fullmatch(r"28 days( \d+ hours?)? left", countdown.group(1))


def test_the_next_deadline_names_the_phase_and_its_last_second(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    body = calendar_page(client, edition)
    assert (
        "Submission of projects and collection of support: closes on "
        f"{submission.ends_on:%d.%m.%Y} 23:59:59 (Kyiv time)."
    ) in body


def test_a_phase_that_allows_nothing_says_so(client):
    body = calendar_page(client, make_edition())
    row = re.search(r'<th scope="row">Review of projects</th>.*?</tr>', body, re.S).group(0)
    assert "<td>Nothing to submit, support or vote on</td>" in row


def test_the_countdown_region_is_not_announced_by_screen_readers(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    body = calendar_page(client, edition)
    assert re.search(r'<p class="countdown" aria-live="off" data-countdown-forms="[^"]+">', body)


def test_the_countdown_carries_its_translations_for_the_script(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    body = calendar_page(client, edition)
    forms = json.loads(unescape(re.search(r'data-countdown-forms="([^"]+)"', body).group(1)))
    assert forms["units"]["hour"]["one"] == "%(count)s hour"


def test_the_countdown_script_is_a_file_and_no_script_is_inline(client):
    body = calendar_page(client, make_edition())
    scripts = re.findall(r"<script[^>]*>", body)
    assert '<script src="/static/budget/countdown.js" defer>' in scripts
    assert [tag for tag in scripts if " src=" not in tag] == []


def test_before_the_next_phase_the_countdown_is_to_its_start(client):
    edition = make_edition(submission_start=timezone.localdate() + timedelta(days=45))
    body = calendar_page(client, edition)
    information = edition.phases.get(kind=PhaseKind.INFORMATION)
    assert f"Information campaign: opens on {information.starts_on:%d.%m.%Y}." in body
    assert "No phase is open right now." in body


def test_a_phase_closed_early_shows_when(client, make_user):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    closed = close_phase_early(
        actor=make_user(Role.ADMINISTRATOR), phase=submission, reason="Рішення № 5"
    )
    body = calendar_page(client, edition)
    when = timezone.localtime(closed.closed_early_at).strftime("%d.%m.%Y %H:%M")
    assert f"<strong>closed early on {when}</strong>" in body
    assert "<td>closed early</td>" in body


def test_after_every_phase_the_page_says_so(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=3 * 366))
    body = calendar_page(client, edition)
    assert "Every phase of this edition is over." in body
    assert "<time datetime" in body  # the rows still show their dates
    assert 'class="countdown"' not in body


def test_an_edition_without_phases_says_its_dates_are_not_set(client):
    edition = make_edition()
    edition.phases.all().delete()
    body = calendar_page(client, edition)
    assert "The dates of this edition have not been set yet." in body
    assert 'class="countdown"' not in body


def test_the_calendar_of_an_unpublished_edition_is_not_found(client):
    edition = make_edition(published=False)
    response = client.get(english_url("budget:calendar", edition=edition.slug))
    assert response.status_code == 404


def test_the_calendar_of_an_unknown_edition_is_not_found(client):
    response = client.get(english_url("budget:calendar", edition="no-such-edition"))
    assert response.status_code == 404


def test_the_calendar_refuses_a_post(client):
    edition = make_edition()
    response = client.post(english_url("budget:calendar", edition=edition.slug))
    assert response.status_code == 405


def test_the_calendar_offers_the_feed_to_browsers_and_people(client):
    edition = make_edition()
    body = calendar_page(client, edition)
    feed = f"/en/budget/{edition.slug}/calendar.ics"
    assert f'<link rel="alternate" type="text/calendar" href="{feed}"' in body
    assert f'<a class="button" href="{feed}" type="text/calendar">Add to my calendar</a>' in body


def test_the_calendar_links_the_poster_and_the_flyers_for_starosta_offices(client):
    edition = make_edition()
    body = calendar_page(client, edition)
    assert f'href="/en/budget/{edition.slug}/poster.pdf"' in body
    assert f'href="/en/budget/{edition.slug}/flyer.pdf"' in body
    assert "For starosta offices, service centres, libraries and schools" in body


def test_the_calendar_page_makes_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    with django_assert_max_num_queries(3):
        client.get(english_url("budget:calendar", edition=edition.slug))


def test_the_edition_page_links_the_calendar_feed_and_posters(client):
    edition = make_edition()
    response = client.get(english_url("budget:edition", edition=edition.slug))
    body = response.content.decode()
    for name in ("calendar/", "calendar.ics", "poster.pdf", "flyer.pdf"):
        assert f'href="/en/budget/{edition.slug}/{name}"' in body
