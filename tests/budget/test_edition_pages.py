"""The coordinator's edition pages and the public edition page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition, Phase
from tests.factories.budget import make_edition

pytestmark = pytest.mark.django_db


def english_url(name: str, **options: object) -> str:
    """The English page: the messages asserted here are the English source strings."""
    with translation.override("en"):
        return reverse(name, **options)  # type: ignore[arg-type]


def settings_form(edition: Edition, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "slug": edition.slug,
        "year": str(edition.year),
        "title_uk": edition.title_uk,
        "title_en": edition.title_en,
        "total_amount": str(edition.total_amount),
        "is_published": "on" if edition.is_published else "",
        "author_min_age": "16",
        "voter_min_age": "16",
        "age_reached_by": edition.age_reached_by,
        "residency_bases": ["registered", "idp"],
        "supporters_required": "15",
        "title_max_words": "10",
        "summary_max_words": "50",
        "max_attachments": "10",
        "max_attachment_mb": "10",
        "max_contingency_percent": "10",
        "completeness_check_working_days": "5",
        "expert_review_working_days": "15",
        "author_fix_days": "7",
        "appeal_working_days": "5",
        "votes_per_voter": "1",
        "votes_scope": edition.votes_scope,
        "ballot_kind": edition.ballot_kind,
        "tie_break": edition.tie_break,
        "leftover_rule": edition.leftover_rule,
        "counting_rule": edition.counting_rule,
        "accepts_online_votes": "on",
        "accepts_desk_votes": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


@pytest.fixture
def coordinator(client, make_user):
    edition = make_edition()
    user = make_user(Role.BUDGET_COORDINATOR, scope=edition)
    client.force_login(user)
    return edition


def test_settings_are_saved(client, coordinator):
    url = english_url("budget:staff_edition_settings", kwargs={"edition": coordinator.slug})
    response = client.post(url, settings_form(coordinator, supporters_required="20"))
    assert response.status_code == 302
    stored = Edition.objects.get(pk=coordinator.pk)
    assert (stored.supporters_required, stored.residency_bases) == (20, ["registered", "idp"])


def test_an_age_outside_14_to_18_is_refused_with_a_message_and_nothing_changes(client, coordinator):
    url = english_url("budget:staff_edition_settings", kwargs={"edition": coordinator.slug})
    response = client.post(
        url, settings_form(coordinator, author_min_age="21", supporters_required="30")
    )
    assert response.status_code == 400
    assert "The minimum age is from 14 to 18." in response.content.decode()
    stored = Edition.objects.get(pk=coordinator.pk)
    assert (stored.author_min_age, stored.supporters_required) == (16, 15)


def test_a_reserved_slug_is_refused(client, coordinator):
    url = english_url("budget:staff_edition_settings", kwargs={"edition": coordinator.slug})
    response = client.post(url, settings_form(coordinator, slug="calendar"))
    assert response.status_code == 400
    assert "This address is reserved" in response.content.decode()


def test_outcome_rules_after_voting_opened_are_refused_on_the_page(client, make_user):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=80))
    client.force_login(make_user(Role.ADMINISTRATOR))
    url = english_url("budget:staff_edition_settings", kwargs={"edition": edition.slug})
    response = client.post(url, settings_form(edition, counting_rule="mes"))
    assert response.status_code == 400
    assert "Voting has opened: these rules can no longer change" in response.content.decode()
    assert Edition.objects.get(pk=edition.pk).counting_rule == "greedy"


def test_the_overview_lists_problems_of_an_unpublished_edition(client, make_user):
    edition = make_edition(published=False)
    edition.phases.get(kind=PhaseKind.VOTING).delete()
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.get(english_url("budget:staff_edition", kwargs={"edition": edition.slug}))
    assert "Add the phase “Voting”." in response.content.decode()


def test_a_phase_with_an_end_before_its_start_is_refused(client, coordinator):
    phase = coordinator.phases.get(kind=PhaseKind.REVIEW)
    url = english_url(
        "budget:staff_part_edit",
        kwargs={"edition": coordinator.slug, "part": "phases", "part_id": phase.pk},
    )
    response = client.post(
        url, {"kind": "review", "starts_on": "2030-05-10", "ends_on": "2030-05-01"}
    )
    assert response.status_code == 400
    assert "The phase cannot end before it starts." in response.content.decode()
    assert Phase.objects.get(pk=phase.pk).starts_on == phase.starts_on


def test_a_pool_with_non_numeric_money_is_refused(client, coordinator):
    url = english_url("budget:staff_parts", kwargs={"edition": coordinator.slug, "part": "pools"})
    response = client.post(
        url, {"code": "x", "name_uk": "Х", "amount": "багато", "max_project_cost": "-5"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter an amount in hryvnias, for example 150000.00." in body
    assert "The amount cannot be negative." in body
    assert coordinator.pools.count() == 3


def test_copying_creates_an_unpublished_edition(client, make_user):
    edition = make_edition()
    client.force_login(make_user(Role.ADMINISTRATOR))
    url = english_url("budget:staff_edition_copy", kwargs={"edition": edition.slug})
    response = client.post(url, {"slug": "next", "year": edition.year + 1, "title_uk": "Наступний"})
    assert response.status_code == 302
    assert Edition.objects.get(slug="next").is_published is False


def test_copying_onto_an_existing_address_is_refused(client, make_user):
    edition = make_edition()
    client.force_login(make_user(Role.ADMINISTRATOR))
    url = english_url("budget:staff_edition_copy", kwargs={"edition": edition.slug})
    response = client.post(url, {"slug": edition.slug, "year": "2030", "title_uk": "X"})
    assert response.status_code == 400
    assert "An edition with this address already exists." in response.content.decode()


def test_the_public_page_shows_the_calendar_and_what_is_open(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    response = client.get(english_url("budget:edition", kwargs={"edition": edition.slug}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Submission of projects and collection of support" in body
    assert "open now" in body


def test_an_unpublished_edition_is_not_public(client):
    edition = make_edition(published=False)
    response = client.get(english_url("budget:edition", kwargs={"edition": edition.slug}))
    assert response.status_code == 404


def test_budget_redirects_to_the_current_edition(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    response = client.get(english_url("budget:current"))
    assert response["Location"] == edition.get_absolute_url()


def test_the_home_page_lists_the_open_phases_of_a_published_edition(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    body = client.get(english_url("portal:home")).content.decode()
    assert f"{edition.title_en}: Submission of projects and collection of support" in body


def test_the_home_page_does_not_list_an_unpublished_edition(client):
    edition = make_edition(
        submission_start=timezone.localdate() - timedelta(days=2), published=False
    )
    body = client.get(english_url("portal:home")).content.decode()
    assert edition.title_en not in body


def test_a_new_phase_with_nothing_ticked_gets_what_its_kind_allows(client, coordinator):
    coordinator.phases.get(kind=PhaseKind.VOTING).delete()
    url = english_url("budget:staff_parts", kwargs={"edition": coordinator.slug, "part": "phases"})
    response = client.post(
        url, {"kind": "voting", "starts_on": "2031-06-01", "ends_on": "2031-06-21"}
    )
    assert response.status_code == 302
    voting = coordinator.phases.get(kind=PhaseKind.VOTING)
    assert (voting.accepts_votes, voting.accepts_submissions) == (True, False)


def test_a_new_phase_keeps_the_capabilities_ticked(client, coordinator):
    coordinator.phases.get(kind=PhaseKind.APPEALS).delete()
    url = english_url("budget:staff_parts", kwargs={"edition": coordinator.slug, "part": "phases"})
    client.post(
        url,
        {
            "kind": "appeals",
            "starts_on": "2031-05-01",
            "ends_on": "2031-05-05",
            "shows_results": "on",
        },
    )
    appeals = coordinator.phases.get(kind=PhaseKind.APPEALS)
    assert (appeals.accepts_appeals, appeals.shows_results) == (False, True)
