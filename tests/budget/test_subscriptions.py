"""Subscribing to an edition's news and following a project: form POSTs that go back to
the page with a message; the buttons for anonymous and signed-in residents."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from hromada.budget.enums import ProjectState, SupportChannel
from hromada.budget.models import EditionSubscription, ProjectFollow, Support
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, make_resident
from tests.factories.budget_projects import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return make_edition(slug="2031")


@pytest.fixture
def project(edition):
    return make_project(edition, state=ProjectState.IN_REVIEW, title="Сквер")


def _messages(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_a_resident_subscribes_to_an_edition(client, edition):
    user = make_user()
    client.force_login(user)
    with translation.override("en"):
        response = client.post("/en/budget/2031/subscribe/")
    assert (response.status_code, response["Location"]) == (302, "/en/budget/2031/")
    assert _messages(response) == [
        "You are subscribed: we will e-mail you when a phase of this edition begins or ends."
    ]
    assert list(EditionSubscription.objects.values_list("user_id", "edition_id")) == [
        (user.pk, edition.pk)
    ]


def test_subscribing_twice_keeps_one_subscription(client, edition):
    client.force_login(make_user())
    client.post("/budget/2031/subscribe/")
    client.post("/budget/2031/subscribe/")
    assert EditionSubscription.objects.count() == 1


def test_a_resident_unsubscribes_from_an_edition(client, edition):
    user = make_user()
    EditionSubscription.objects.create(user=user, edition=edition)
    client.force_login(user)
    response = client.post("/budget/2031/unsubscribe/")
    assert response.status_code == 302
    assert EditionSubscription.objects.count() == 0


def test_anonymous_subscribing_is_sent_to_sign_in(client, edition):
    response = client.post("/budget/2031/subscribe/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/budget/2031/",
    )
    assert EditionSubscription.objects.count() == 0


def test_subscribing_to_an_unpublished_edition_is_not_found(client):
    make_edition(slug="hidden", published=False)
    client.force_login(make_user())
    assert client.post("/budget/hidden/subscribe/").status_code == 404
    assert EditionSubscription.objects.count() == 0


def test_subscribing_by_get_is_refused(client, edition):
    client.force_login(make_user())
    assert client.get("/budget/2031/subscribe/").status_code == 405


def test_the_form_goes_back_to_the_page_it_was_on(client, edition):
    client.force_login(make_user())
    response = client.post("/budget/2031/subscribe/", {"next": "/budget/2031/calendar/"})
    assert response["Location"] == "/budget/2031/calendar/"


def test_a_next_address_on_another_site_is_ignored(client, edition):
    client.force_login(make_user())
    response = client.post("/budget/2031/subscribe/", {"next": "https://evil.example/"})
    assert response["Location"] == "/budget/2031/"


def test_a_resident_follows_a_project(client, project):
    user = make_user()
    client.force_login(user)
    url = f"/budget/2031/projects/{project.pk}/"
    response = client.post(f"{url}follow/")
    assert (response.status_code, response["Location"]) == (302, url)
    assert list(ProjectFollow.objects.values_list("user_id", "project_id")) == [
        (user.pk, project.pk)
    ]


def test_a_resident_stops_following_a_project(client, project):
    user = make_user()
    ProjectFollow.objects.create(user=user, project=project)
    client.force_login(user)
    client.post(f"/budget/2031/projects/{project.pk}/unfollow/")
    assert ProjectFollow.objects.count() == 0


def test_anonymous_following_is_sent_to_sign_in(client, project):
    url = f"/budget/2031/projects/{project.pk}/"
    response = client.post(f"{url}follow/")
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")
    assert ProjectFollow.objects.count() == 0


def test_a_project_that_is_not_public_cannot_be_followed(client, edition):
    draft = make_project(edition, state=ProjectState.SUBMITTED)
    client.force_login(make_user())
    assert client.post(f"/budget/2031/projects/{draft.pk}/follow/").status_code == 404
    assert ProjectFollow.objects.count() == 0


def _render_subscribe(edition, user) -> str:
    request = RequestFactory().get("/budget/2031/")
    request.user = user
    with translation.override("en"):
        return render_to_string(
            "budget/public/_edition_subscribe.html", {"edition": edition}, request=request
        )


def test_the_subscribe_box_offers_anonymous_visitors_to_sign_in_and_subscribe(edition):
    html = _render_subscribe(edition, AnonymousUser())
    assert 'action="/en/budget/2031/subscribe/"' in html
    assert "You will be asked to sign in first." in html


def test_the_subscribe_box_offers_a_subscriber_to_unsubscribe(edition):
    user = make_user()
    EditionSubscription.objects.create(user=user, edition=edition)
    html = _render_subscribe(edition, user)
    assert 'action="/en/budget/2031/unsubscribe/"' in html
    assert "You are subscribed: we e-mail you when a phase begins or ends." in html


def test_the_project_page_offers_to_follow(client, project):
    client.force_login(make_user())
    with translation.override("en"):
        response = client.get(f"/en/budget/2031/projects/{project.pk}/")
    assert f'action="/en/budget/2031/projects/{project.pk}/follow/"'.encode() in response.content


def test_the_project_page_offers_a_follower_to_stop(client, project):
    user = make_user()
    ProjectFollow.objects.create(user=user, project=project)
    client.force_login(user)
    with translation.override("en"):
        response = client.get(f"/en/budget/2031/projects/{project.pk}/")
    assert f'action="/en/budget/2031/projects/{project.pk}/unfollow/"'.encode() in response.content


def test_the_project_page_tells_a_supporter_they_follow_it(client, project):
    supporter = make_resident()
    Support.objects.create(
        project=project, person_key=supporter.identity.person_key, channel=SupportChannel.ONLINE
    )
    client.force_login(supporter)
    with translation.override("en"):
        response = client.get(f"/en/budget/2031/projects/{project.pk}/")
    assert b"You supported this project, so we e-mail you its news." in response.content
    assert b"/follow/" not in response.content


def test_the_project_page_shows_anonymous_visitors_the_follow_button(client, project):
    with translation.override("en"):
        response = client.get(f"/en/budget/2031/projects/{project.pk}/")
    assert b"Follow this project" in response.content
    assert b"You will be asked to sign in first." in response.content
