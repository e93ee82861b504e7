"""Rating a delivered project: once per person key, final, only for implemented
projects, only with a confirmed identity; the panel on the project page."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from hromada.core.models import ActivityLog
from hromada.implementation.enums import CommentState, ImplementationStatus
from hromada.implementation.evaluation.services import rate_project
from hromada.implementation.models import ImplementationRecord, Rating
from tests.factories.accounts import make_user
from tests.factories.budget import make_resident
from tests.factories.evaluation import make_rating, make_record, past_edition, person_key_of

pytestmark = pytest.mark.django_db


def rate_url(record: ImplementationRecord) -> str:
    with translation.override("en"):
        return reverse(
            "implementation:rating_form",
            kwargs={"edition": record.project.edition.slug, "project_id": record.project_id},
        )


def project_url(record: ImplementationRecord) -> str:
    with translation.override("en"):
        return reverse(
            "budget:project",
            kwargs={"edition": record.project.edition.slug, "project_id": record.project_id},
        )


@pytest.fixture
def record() -> ImplementationRecord:
    return make_record(past_edition())


@pytest.fixture
def resident(client):
    user = make_resident()
    client.force_login(user)
    return user


# --- The service ----------------------------------------------------------------------


def test_a_rating_without_comment_has_no_comment_to_moderate(record):
    rating = rate_project(record=record, person_key="k" * 64, score=4)
    assert (rating.score, rating.comment_state) == (4, CommentState.NONE)


def test_a_rating_with_a_comment_waits_for_moderation(record):
    rating = rate_project(record=record, person_key="k" * 64, score=5, comment="  Гарно!  ")
    assert (rating.comment, rating.comment_state) == ("Гарно!", CommentState.PENDING)


def test_a_second_rating_by_the_same_person_is_refused_with_the_date(record):
    first_day = timezone.make_aware(datetime(2025, 6, 3, 12, 0))
    rate_project(record=record, person_key="k" * 64, score=2, now=first_day)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        rate_project(record=record, person_key="k" * 64, score=5, comment="Передумав")
    assert (refused.value.code, refused.value.messages[0]) == (
        "already_rated",
        "You have already rated this project on 03.06.2025. A rating cannot be changed: "
        "your earlier score and comment are kept.",
    )


def test_a_second_rating_keeps_the_first_unchanged(record):
    rate_project(record=record, person_key="k" * 64, score=2, comment="Так собі")
    with pytest.raises(ValidationError):
        rate_project(record=record, person_key="k" * 64, score=5, comment="Передумав")
    assert list(Rating.objects.values_list("score", "comment")) == [(2, "Так собі")]


@pytest.mark.parametrize(
    "status",
    [
        ImplementationStatus.PLANNED,
        ImplementationStatus.IN_PROGRESS,
        ImplementationStatus.NOT_IMPLEMENTED,
    ],
)
def test_a_project_not_implemented_cannot_be_rated(status):
    pending = make_record(past_edition(), status=status)
    with pytest.raises(ValidationError) as refused:
        rate_project(record=pending, person_key="k" * 64, score=4)
    assert (refused.value.code, Rating.objects.count()) == ("not_implemented", 0)


def test_a_score_outside_one_to_five_is_refused(record):
    with pytest.raises(ValidationError) as refused:
        rate_project(record=record, person_key="k" * 64, score=6)
    assert list(refused.value.message_dict) == ["score"]


def test_the_audit_row_of_a_rating_names_no_actor(record):
    rating = rate_project(record=record, person_key="k" * 64, score=4)
    entry = ActivityLog.objects.get(action="implementation.rating.added")
    assert (entry.actor_id, entry.object_id, entry.after) == (
        None,
        str(rating.pk),
        {"record": record.pk, "score": 4, "comment_state": "none"},
    )


# --- The page -------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_sign_in(client, record):
    response = client.get(rate_url(record))
    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        "/en/accounts/login/",
    )


def test_without_a_confirmed_identity_the_page_explains_how_to_confirm(client, record):
    client.force_login(make_user())
    response = client.get(rate_url(record))
    assert (response.status_code, "Confirm who you are" in response.content.decode()) == (
        200,
        True,
    )


def test_the_verification_page_links_to_the_profile(client, record):
    client.force_login(make_user())
    response = client.get(rate_url(record))
    assert 'href="/en/profile/"' in response.content.decode()


def test_posting_without_a_confirmed_identity_saves_nothing(client, record):
    client.force_login(make_user())
    response = client.post(rate_url(record), {"score": "5"})
    assert (response.status_code, Rating.objects.count()) == (403, 0)


def test_the_form_is_shown_to_a_verified_resident(client, record, resident):
    response = client.get(rate_url(record))
    assert (response.status_code, 'name="score"' in response.content.decode()) == (200, True)


def test_a_rating_is_saved_and_the_resident_returns_to_the_project(client, record, resident):
    response = client.post(rate_url(record), {"score": "4", "comment": "Дякуємо!"})
    rating = Rating.objects.get()
    assert (response.status_code, response["Location"], rating.person_key, rating.score) == (
        303,
        f"{project_url(record)}#ratings",
        person_key_of(resident),
        4,
    )


def test_a_missing_score_is_reported_next_to_the_field_and_the_comment_kept(
    client, record, resident
):
    response = client.post(rate_url(record), {"comment": "Мій коментар"})
    body = response.content.decode()
    assert (
        response.status_code,
        "Choose a score from 1 to 5." in body,
        "Мій коментар</textarea>" in body,
        Rating.objects.count(),
    ) == (400, True, True, 0)


def test_a_second_rating_on_the_page_says_when_and_keeps_the_first(client, record, resident):
    first = make_rating(record, 2, person_key=person_key_of(resident), comment="Перший")
    response = client.post(rate_url(record), {"score": "5", "comment": "Другий"})
    body = response.content.decode()
    first.refresh_from_db()
    assert (
        response.status_code,
        f"You have already rated this project on {timezone.localdate():%d.%m.%Y}" in body,
        (first.score, first.comment),
        Rating.objects.count(),
    ) == (409, True, (2, "Перший"), 1)


def test_a_refused_second_rating_shows_back_what_was_typed(client, record, resident):
    make_rating(record, 2, person_key=person_key_of(resident))
    response = client.post(rate_url(record), {"score": "5", "comment": "Текст, який не зник"})
    assert "Текст, який не зник" in response.content.decode()


def test_the_page_says_so_before_a_second_attempt(client, record, resident):
    make_rating(record, 3, person_key=person_key_of(resident))
    response = client.get(rate_url(record))
    body = response.content.decode()
    assert (response.status_code, "You have already rated this project on" in body) == (200, True)


def test_a_project_in_progress_gets_a_clear_message(client, resident):
    pending = make_record(past_edition(), status=ImplementationStatus.IN_PROGRESS)
    response = client.post(rate_url(pending), {"score": "5"})
    body = response.content.decode()
    assert (
        response.status_code,
        "Only delivered projects can be rated" in body,
        Rating.objects.count(),
    ) == (400, True, 0)


def test_an_unknown_project_is_not_found(client, record, resident):
    with translation.override("en"):
        url = reverse(
            "implementation:rating_form",
            kwargs={"edition": record.project.edition.slug, "project_id": 999999},
        )
    assert client.get(url).status_code == 404


# --- The panel on the project page ----------------------------------------------------


def test_the_panel_shows_average_count_and_distribution(client, record):
    for score in (5, 5, 4, 2):
        make_rating(record, score)
    body = client.get(project_url(record)).content.decode()
    assert (
        "Average score: 4.0 of 5" in body,
        "(4 ratings)" in body,
        '<th scope="row">5 — excellent</th><td class="number">2</td>' in body,
        '<th scope="row">3 — acceptable</th><td class="number">0</td>' in body,
    ) == (True, True, True, True)


def test_the_panel_shows_only_published_comments(client, record):
    make_rating(record, 5, comment="Опубліковано", comment_state=CommentState.PUBLISHED)
    make_rating(record, 4, comment="Чекає", comment_state=CommentState.PENDING)
    make_rating(record, 1, comment="Відхилено", comment_state=CommentState.REJECTED)
    body = client.get(project_url(record)).content.decode()
    assert ("Опубліковано" in body, "Чекає" in body, "Відхилено" in body) == (True, False, False)


def test_the_panel_counts_a_score_whose_comment_is_pending(client, record):
    make_rating(record, 3, comment="Чекає", comment_state=CommentState.PENDING)
    body = client.get(project_url(record)).content.decode()
    assert "(1 rating)" in body


def test_the_panel_links_to_the_rating_form(client, record):
    body = client.get(project_url(record)).content.decode()
    assert f'href="{rate_url(record)}"' in body


def test_no_panel_for_a_project_not_yet_implemented(client):
    pending = make_record(past_edition(), status=ImplementationStatus.IN_PROGRESS)
    body = client.get(project_url(pending)).content.decode()
    assert 'id="ratings"' not in body


def test_the_panel_names_no_rater(client, record):
    rater = make_resident(full_name="Тарас Оцінювач")
    make_rating(
        record,
        5,
        person_key=person_key_of(rater),
        comment="Чудово",
        comment_state=CommentState.PUBLISHED,
    )
    body = client.get(project_url(record)).content.decode()
    assert ("Чудово" in body, "Оцінювач" in body) == (True, False)


def test_the_project_page_with_the_panel_makes_as_many_queries_with_many_ratings(
    client, record, django_assert_max_num_queries
):
    make_rating(record, 4, comment="Один", comment_state=CommentState.PUBLISHED)

    with CaptureQueriesContext(connection) as few:
        client.get(project_url(record))
    for number in range(20):
        make_rating(
            record,
            1 + number % 5,
            comment=f"Коментар {number}",
            comment_state=CommentState.PUBLISHED,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(project_url(record))
