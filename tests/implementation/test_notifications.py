"""Followers of a project hear of every public timeline entry of its delivery."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.accounts.enums import Role
from hromada.budget.services.subscriptions import follow_project
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.services import change_status, post_update, record_progress
from tests.factories.accounts import make_user
from tests.factories.implementation import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed():
    record = make_record(status=ImplementationStatus.IN_PROGRESS, progress=20)
    follower = make_user(email="follower@example.com", preferred_language="en")
    follow_project(user=follower, project=record.project)
    return record


def test_a_public_progress_update_is_mailed_to_the_followers(
    followed, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(followed, actor=make_user(), progress=60, note="Встановлено лавки.")
    assert [(m.to, m.subject) for m in mailoutbox] == [
        (["follower@example.com"], "“Лавки у сквері”: in progress, 60 % done")
    ]
    body = mailoutbox[0].body
    assert "Progress: 60 %" in body
    assert "Встановлено лавки." in body
    assert f"/en/budget/2024/implementation/{followed.project_id}/" in body


def test_a_status_change_is_mailed_to_the_followers(
    followed, django_capture_on_commit_callbacks, mailoutbox
):
    followed.progress = 100
    followed.save()
    with django_capture_on_commit_callbacks(execute=True):
        change_status(
            followed,
            actor=make_user(Role.ADMINISTRATOR),
            to_status=ImplementationStatus.IMPLEMENTED,
        )
    assert [m.subject for m in mailoutbox] == ["“Лавки у сквері”: implemented, 100 % done"]


def test_an_update_with_photos_is_mailed_once(
    followed, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        post_update(followed, actor=make_user(), happened_on=date(2024, 9, 1), text="Фото з місця.")
    assert len(mailoutbox) == 1


def test_an_internal_update_tells_no_one(followed, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        record_progress(followed, actor=make_user(), progress=30, is_public=False)
    assert mailoutbox == []
