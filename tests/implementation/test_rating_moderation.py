"""Moderating the comments of ratings: who may, publish and reject, once, logged, and
never a rater's name."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from hromada.accounts.enums import Role
from hromada.budget.models import Edition
from hromada.core.models import ActivityLog
from hromada.implementation.enums import CommentState
from hromada.implementation.evaluation.workflow import moderate_comment
from hromada.implementation.models import Rating
from tests.factories.accounts import make_user
from tests.factories.budget import make_resident
from tests.factories.evaluation import make_rating, make_record, past_edition, person_key_of

pytestmark = pytest.mark.django_db


def moderation_url(edition: Edition) -> str:
    with translation.override("en"):
        return reverse("implementation:rating_moderation", kwargs={"edition": edition.slug})


def moderate_url(rating: Rating) -> str:
    with translation.override("en"):
        return reverse(
            "implementation:rating_moderate",
            kwargs={"edition": rating.record.project.edition.slug, "rating_id": rating.pk},
        )


@pytest.fixture
def pending() -> Rating:
    return make_rating(make_record(past_edition()), 4, comment="Добре зробили")


@pytest.fixture
def coordinator(client, pending):
    user = make_user(Role.BUDGET_COORDINATOR, scope=pending.record.project.edition)
    client.force_login(user)
    return user


def test_publishing_makes_the_comment_public_and_records_who(pending):
    moderator = make_user(Role.ADMINISTRATOR)
    moderate_comment(rating=pending, to_state=CommentState.PUBLISHED, actor=moderator)
    pending.refresh_from_db()
    assert (pending.comment_state, pending.moderated_by_id) == (
        CommentState.PUBLISHED,
        moderator.pk,
    )


def test_moderation_is_logged_with_the_state_before_and_after(pending):
    moderator = make_user(Role.ADMINISTRATOR)
    moderate_comment(rating=pending, to_state=CommentState.REJECTED, actor=moderator)
    entry = ActivityLog.objects.get(action="implementation.rating.comment_rejected")
    assert (entry.actor_id, entry.before, entry.after) == (
        moderator.pk,
        {"comment_state": "pending"},
        {"comment_state": "rejected", "record": pending.record_id},
    )


def test_a_comment_is_moderated_once(pending):
    moderator = make_user(Role.ADMINISTRATOR)
    moderate_comment(rating=pending, to_state=CommentState.PUBLISHED, actor=moderator)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        moderate_comment(rating=pending, to_state=CommentState.REJECTED, actor=moderator)
    pending.refresh_from_db()
    assert (refused.value.messages, pending.comment_state) == (
        ["This comment has already been moderated: it is published."],
        CommentState.PUBLISHED,
    )


def test_a_rating_without_a_comment_cannot_be_moderated():
    silent = make_rating(make_record(past_edition()), 3)
    with pytest.raises(ValidationError) as refused:
        moderate_comment(
            rating=silent, to_state=CommentState.PUBLISHED, actor=make_user(Role.ADMINISTRATOR)
        )
    assert refused.value.code == "state"


def test_the_page_lists_pending_comments_with_project_and_score(client, coordinator, pending):
    body = client.get(moderation_url(pending.record.project.edition)).content.decode()
    assert (
        "Добре зробили" in body,
        "Score 4 of 5" in body,
        str(pending.record.project) in body,
    ) == (
        True,
        True,
        True,
    )


def test_the_page_leaves_out_moderated_comments(client, coordinator, pending):
    make_rating(pending.record, 5, comment="Уже опубліковано", comment_state=CommentState.PUBLISHED)
    body = client.get(moderation_url(pending.record.project.edition)).content.decode()
    assert "Уже опубліковано" not in body


def test_the_page_names_no_rater(client, coordinator, pending):
    rater = make_resident(full_name="Марія Рецензентка")
    make_rating(pending.record, 2, comment="Погано", person_key=person_key_of(rater))
    body = client.get(moderation_url(pending.record.project.edition)).content.decode()
    assert ("Погано" in body, "Рецензентка" in body) == (True, False)


def test_publish_on_the_page_publishes_and_returns_to_the_list(client, coordinator, pending):
    response = client.post(moderate_url(pending), {"decision": "publish"})
    pending.refresh_from_db()
    assert (response.status_code, response["Location"], pending.comment_state) == (
        303,
        moderation_url(pending.record.project.edition),
        CommentState.PUBLISHED,
    )


def test_reject_on_the_page_keeps_the_comment_off_the_project_page(client, coordinator, pending):
    client.post(moderate_url(pending), {"decision": "reject"})
    pending.refresh_from_db()
    assert pending.comment_state == CommentState.REJECTED


def test_an_unknown_decision_is_refused_with_a_message(client, coordinator, pending):
    response = client.post(moderate_url(pending), {"decision": "delete"})
    pending.refresh_from_db()
    assert (
        response.status_code,
        "Choose whether to publish the comment." in response.content.decode(),
        pending.comment_state,
    ) == (400, True, CommentState.PENDING)


def test_a_second_decision_on_the_page_gets_a_message(client, coordinator, pending):
    client.post(moderate_url(pending), {"decision": "publish"})
    response = client.post(moderate_url(pending), {"decision": "reject"})
    assert (response.status_code, "already been moderated" in response.content.decode()) == (
        409,
        True,
    )


def test_a_coordinator_of_another_edition_gets_404(client, pending):
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=past_edition(slug="other")))
    response = client.post(moderate_url(pending), {"decision": "publish"})
    pending.refresh_from_db()
    assert (response.status_code, pending.comment_state) == (404, CommentState.PENDING)


def test_a_commission_member_may_not_moderate(client, pending):
    edition = pending.record.project.edition
    client.force_login(make_user(Role.BUDGET_COMMISSION_MEMBER, scope=edition))
    response = client.post(moderate_url(pending), {"decision": "publish"})
    pending.refresh_from_db()
    assert (response.status_code, pending.comment_state) == (403, CommentState.PENDING)


def test_a_rating_of_another_edition_is_not_found_here(client, coordinator, pending):
    elsewhere = make_rating(make_record(past_edition(slug="other")), 3, comment="Інший")
    with translation.override("en"):
        url = reverse(
            "implementation:rating_moderate",
            kwargs={"edition": pending.record.project.edition.slug, "rating_id": elsewhere.pk},
        )
    assert client.post(url, {"decision": "publish"}).status_code == 404


def test_the_list_makes_as_many_queries_with_many_comments(
    client, coordinator, pending, django_assert_max_num_queries
):

    url = moderation_url(pending.record.project.edition)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(15):
        make_rating(make_record(pending.record.project.edition), 3, comment=f"Текст {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
