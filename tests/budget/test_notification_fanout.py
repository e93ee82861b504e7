"""Who hears of what: the author of every state change, followers and supporters of
public changes and of other apps' news, an edition's subscribers of its phases, reviewers
of overdue reviews. Each once, in their language, as they chose."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, NotificationPreferences, User
from hromada.accounts.notification_preferences import unsubscribe_url
from hromada.budget.calendar import start_of
from hromada.budget.enums import AssignmentStatus, PhaseKind, ProjectState, SupportChannel
from hromada.budget.models import (
    Edition,
    EditionSubscription,
    Phase,
    Project,
    ProjectFollow,
    ReviewAssignment,
    Support,
)
from hromada.budget.notifications import (
    notify_due_phase_changes,
    notify_project_followers,
    remind_overdue_reviewers,
)
from hromada.budget.services import close_phase_early
from hromada.budget.tasks import notify_author_of_state_change, notify_followers
from hromada.budget.tasks import send_due_notifications as send_due_notifications_task
from hromada.budget.workflow import transition
from hromada.core.models import Notification
from hromada.core.sms import LocmemSmsBackend
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, make_resident
from tests.factories.budget_projects import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sms_outbox(settings: Any) -> Iterator[None]:
    settings.SMS_BACKEND = "hromada.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox.clear()
    yield
    LocmemSmsBackend.outbox.clear()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a function and run what it queued for after the commit (the deliveries)."""

    def call(function: Any, *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return call


def _sent() -> list[tuple[str, str]]:
    return sorted((message.to[0], message.subject) for message in mail.outbox)


def _turn_off(user: User, **topics: bool) -> None:
    NotificationPreferences.objects.create(user=user, **topics)


# --- State changes --------------------------------------------------------------------


@pytest.fixture
def edition() -> Edition:
    return make_edition(slug="2031")


def _submitted(edition: Edition, **fields: Any) -> Project:
    fields.setdefault("author", make_user(email="author@example.com", preferred_language="en"))
    return make_project(edition, state=ProjectState.SUBMITTED, title="Сквер", **fields)


def _supporter(project: Project, **fields: Any) -> User:
    supporter = make_resident(**fields)
    Support.objects.create(
        project=project, person_key=supporter.identity.person_key, channel=SupportChannel.ONLINE
    )
    return supporter


def test_the_author_follower_and_supporter_each_get_one_email(run, edition):
    project = _submitted(edition)
    ProjectFollow.objects.create(
        user=make_user(email="follower@example.com", preferred_language="en"), project=project
    )
    _supporter(project, email="supporter@example.com", preferred_language="en")
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    assert _sent() == [
        ("author@example.com", "Your project “Сквер”: expert review by departments"),
        ("follower@example.com", "Project “Сквер”: expert review by departments"),
        ("supporter@example.com", "Project “Сквер”: expert review by departments"),
    ]


def test_running_the_state_change_task_twice_sends_nothing_more(run, edition):
    project = _submitted(edition)
    ProjectFollow.objects.create(user=make_user(email="follower@example.com"), project=project)
    event = run(transition, project, ProjectState.IN_REVIEW, actor=None)
    run(notify_author_of_state_change.apply, args=[event.pk])
    assert [address for address, _subject in _sent()] == [
        "author@example.com",
        "follower@example.com",
    ]


def test_followers_do_not_hear_of_changes_the_public_does_not_see(run, edition):
    project = _submitted(edition)
    ProjectFollow.objects.create(user=make_user(email="follower@example.com"), project=project)
    run(transition, project, ProjectState.RETURNED, actor=None)
    assert [address for address, _subject in _sent()] == ["author@example.com"]


def test_followers_hear_that_a_public_project_was_withdrawn(run, edition):
    project = make_project(edition, state=ProjectState.ADMITTED, title="Сквер")
    ProjectFollow.objects.create(
        user=make_user(email="follower@example.com", preferred_language="en"), project=project
    )
    run(transition, project, ProjectState.WITHDRAWN, actor=None)
    follower_mail = next(m for m in mail.outbox if m.to == ["follower@example.com"])
    assert follower_mail.subject == "Project “Сквер”: withdrawn by the author"
    assert "http://127.0.0.1:8000/en/budget/2031/projects/\n" in follower_mail.body


def test_the_author_following_their_own_project_gets_only_the_authors_email(run, edition):
    project = _submitted(edition)
    ProjectFollow.objects.create(user=project.author, project=project)
    _supporter(project, email="supporter@example.com")
    Support.objects.create(
        project=project,
        person_key=make_resident(email="x@example.com").identity.person_key,
        channel=SupportChannel.ONLINE,
    )
    User.objects.filter(email="x@example.com").update(is_active=False)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    assert [address for address, _subject in _sent()] == [
        "author@example.com",
        "supporter@example.com",
    ]


def test_an_author_who_switched_off_their_projects_gets_nothing(run, edition):
    project = _submitted(edition)
    _turn_off(project.author, own_projects=False)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    assert mail.outbox == []


def test_a_follower_who_switched_off_followed_projects_gets_nothing(run, edition):
    project = _submitted(edition)
    follower = make_user(email="follower@example.com")
    ProjectFollow.objects.create(user=follower, project=project)
    supporter = _supporter(project, email="supporter@example.com")
    _turn_off(follower, followed_projects=False)
    _turn_off(supporter, followed_projects=False)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    assert [address for address, _subject in _sent()] == ["author@example.com"]


def test_the_authors_email_is_in_ukrainian_for_a_ukrainian_author(run, edition):
    project = _submitted(edition, author=make_user(email="a@example.com", preferred_language="uk"))
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    message = mail.outbox[0]
    assert message.subject == "Ваш проєкт «Сквер»: експертна оцінка відділами"
    assert f"http://127.0.0.1:8000/budget/my-projects/{project.pk}/" in message.body
    assert "Ви отримали цей лист, тому що є автором проєкту." in message.body


def test_the_authors_email_is_in_english_for_an_english_author(run, edition):
    project = _submitted(edition)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    message = mail.outbox[0]
    assert message.subject == "Your project “Сквер”: expert review by departments"
    assert f"http://127.0.0.1:8000/en/budget/my-projects/{project.pk}/" in message.body
    assert "This message was sent because you are the author of the project." in message.body


def test_every_email_has_its_one_click_unsubscribe_link(run, edition):
    project = _submitted(edition)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    with translation.override("en"):
        link = unsubscribe_url(project.author.pk, "own_projects")
    message = mail.outbox[0]
    assert f"Stop these messages with one click: {link}\n" in message.body
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"


def test_a_follower_who_chose_sms_also_gets_a_text(run, edition):
    project = _submitted(edition)
    follower = make_user(email="f@example.com", phone="+380 50 123 45 67", preferred_language="en")
    ProjectFollow.objects.create(user=follower, project=project)
    NotificationPreferences.objects.create(user=follower, by_sms=True)
    no_phone = make_user(email="g@example.com", phone="")
    ProjectFollow.objects.create(user=no_phone, project=project)
    NotificationPreferences.objects.create(user=no_phone, by_sms=True)
    run(transition, project, ProjectState.IN_REVIEW, actor=None)
    assert [(sms.phone, sms.text) for sms in LocmemSmsBackend.outbox] == [
        (
            "+380 50 123 45 67",
            "Project “Сквер”: expert review by departments "
            f"http://127.0.0.1:8000/en/budget/2031/projects/{project.pk}/",
        )
    ]


# --- notify_project_followers, the API of other apps ----------------------------------


@pytest.fixture
def update_templates(settings: Any, tmp_path: Path) -> str:
    folder = tmp_path / "notice" / "email"
    folder.mkdir(parents=True)
    (folder / "update_subject.txt").write_text("Update of “{{ project.title }}”: {{ status }}")
    (folder / "update.txt").write_text("{{ recipient.full_name }}: {{ text }} ({{ progress }} %)")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    return "notice/email/update"


def test_other_apps_news_reaches_the_followers_once(run, edition, update_templates):
    project = make_project(edition, state=ProjectState.ADMITTED, title="Сквер & парк")
    follower = make_user(email="follower@example.com", full_name="Олена")
    ProjectFollow.objects.create(user=follower, project=project)
    ProjectFollow.objects.create(user=project.author, project=project)
    context: dict[str, str | int] = {"status": "in_progress", "progress": 40, "text": "Почали"}
    for _ in range(2):
        run(
            notify_project_followers,
            project.pk,
            key="update:7",
            template=update_templates,
            context=context,
        )
    assert _sent() == [("follower@example.com", "Update of “Сквер & парк”: in_progress")]
    assert mail.outbox[0].body.startswith("Олена: Почали (40 %)\n\n-- \n")
    assert list(Notification.objects.values_list("key", flat=True)) == [f"update:7:{follower.pk}"]


def test_other_apps_news_is_queued_only_after_the_commit(
    django_capture_on_commit_callbacks, edition, update_templates
):
    project = make_project(edition, state=ProjectState.ADMITTED)
    ProjectFollow.objects.create(user=make_user(), project=project)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify_project_followers(
            project.pk, key="update:8", template=update_templates, context={"status": "done"}
        )
    assert (len(callbacks), Notification.objects.count()) == (1, 0)


def test_the_followers_task_twice_sends_one_email(run, edition, update_templates):
    project = make_project(edition, state=ProjectState.ADMITTED)
    ProjectFollow.objects.create(user=make_user(email="f@example.com"), project=project)
    arguments = [project.pk, "update:9", update_templates, {"status": "done", "progress": 100}]
    run(notify_followers.apply, args=arguments)
    run(notify_followers.apply, args=arguments)
    assert len(mail.outbox) == 1


def test_other_apps_context_must_travel_through_the_queue(edition):
    project = make_project(edition, state=ProjectState.ADMITTED)
    with pytest.raises(TypeError, match="'amount' must be a string or an integer"):
        notify_project_followers(
            project.pk,
            key="k",
            template="t",
            context={"amount": Decimal("1.00")},  # type: ignore[dict-item]
        )
    with pytest.raises(ValueError, match="'project' is filled in"):
        notify_project_followers(project.pk, key="k", template="t", context={"project": "x"})


# --- Phases ---------------------------------------------------------------------------


def _at(day_offset: int = 0, hour: int = 10) -> datetime:
    return start_of(timezone.localdate() + timedelta(days=day_offset)) + timedelta(hours=hour)


def _subscriber(edition: Edition, **fields: Any) -> User:
    fields.setdefault("preferred_language", "en")
    user = make_user(**fields)
    EditionSubscription.objects.create(user=user, edition=edition)
    return user


def test_subscribers_hear_that_a_phase_began_and_one_ended(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    make_user(email="someone@example.com")
    run(notify_due_phase_changes, _at())
    assert _sent() == [
        ("sub@example.com", "Participatory budget 2031: “Information campaign” has ended"),
        (
            "sub@example.com",
            "Participatory budget 2031: “Submission of projects and collection of support” "
            "has begun",
        ),
    ]


def test_a_phase_change_is_announced_once(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    run(notify_due_phase_changes, _at())
    run(notify_due_phase_changes, _at(hour=11))
    assert len(mail.outbox) == 2
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    assert (submission.opening_notified_at, submission.closing_notified_at) == (_at(), None)


def test_the_beat_task_twice_sends_each_email_once(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    run(send_due_notifications_task.apply)
    run(send_due_notifications_task.apply)
    assert len(mail.outbox) == 2


def test_the_opening_email_says_what_residents_may_do(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    run(notify_due_phase_changes, _at())
    opened = next(m for m in mail.outbox if m.subject.endswith("has begun"))
    today = timezone.localdate()
    assert (
        f"the phase “Submission of projects and collection of support” of Participatory "
        f"budget 2031 has begun: it runs from {today:%d.%m.%Y} to "
        f"{today + timedelta(days=30):%d.%m.%Y} inclusive.\n"
        "Residents may submit their projects now.\n"
        "Residents may support the projects now.\n"
    ) in opened.body
    assert "The edition: http://127.0.0.1:8000/en/budget/2031/\n" in opened.body


def test_phases_of_the_past_are_never_announced(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate() - timedelta(days=10))
    _subscriber(edition, email="sub@example.com")
    run(notify_due_phase_changes, _at())
    assert mail.outbox == []
    assert not Phase.objects.filter(edition=edition, opening_notified_at__isnull=False).exists()


def test_a_phase_closed_early_is_announced_with_the_next_phase(run):
    start = timezone.localdate() - timedelta(days=10)
    edition = make_edition(slug="2031", submission_start=start)
    _subscriber(edition, email="sub@example.com")
    submission = edition.phases.get(kind=PhaseKind.SUBMISSION)
    close_phase_early(actor=make_user(), phase=submission, reason="Ліміт", now=_at(hour=9))
    run(notify_due_phase_changes, _at())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "Participatory budget 2031: “Submission of projects and collection of support” has ended"
    )
    assert (
        f"ended on {_at(hour=9):%d.%m.%Y} 09:00 (Kyiv time).\n"
        f"Next: “Appeals”, from {start + timedelta(days=40):%d.%m.%Y}.\n"
    ) in mail.outbox[0].body


def test_unpublished_editions_announce_nothing(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate(), published=False)
    _subscriber(edition, email="sub@example.com")
    run(notify_due_phase_changes, _at())
    assert mail.outbox == []


def test_a_subscriber_who_switched_off_phases_gets_nothing(run):
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _turn_off(_subscriber(edition, email="sub@example.com"), edition_phases=False)
    _subscriber(edition, email="other@example.com")
    run(notify_due_phase_changes, _at())
    assert {address for address, _subject in _sent()} == {"other@example.com"}


# --- Reviewers ------------------------------------------------------------------------


@pytest.fixture
def overdue(edition) -> ReviewAssignment:
    project = make_project(edition, state=ProjectState.IN_REVIEW, title="Сквер")
    department = Department.objects.create(code="roads", name_uk="Дороги", name_en="Roads")
    return ReviewAssignment.objects.create(
        project=project, department=department, deadline=_at(-2, hour=18)
    )


def _reviewer(assignment: ReviewAssignment, **fields: Any) -> User:
    fields.setdefault("preferred_language", "en")
    return make_user(Role.REVIEWER, department=assignment.department, **fields)


def test_reviewers_are_reminded_once_a_day(run, overdue):
    reviewer = _reviewer(overdue, email="reviewer@example.com")
    run(remind_overdue_reviewers, _at())
    run(remind_overdue_reviewers, _at(hour=15))
    run(remind_overdue_reviewers, _at(1))
    today = timezone.localdate()
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"review-overdue:{overdue.pk}:{today:%Y-%m-%d}:{reviewer.pk}",
        f"review-overdue:{overdue.pk}:{today + timedelta(days=1):%Y-%m-%d}:{reviewer.pk}",
    ]
    assert _sent() == [
        ("reviewer@example.com", f"Overdue expert review: № {overdue.project.number} “Сквер”"),
        ("reviewer@example.com", f"Overdue expert review: № {overdue.project.number} “Сквер”"),
    ]


def test_the_reminder_links_to_the_assignment(run, overdue):
    _reviewer(overdue, email="reviewer@example.com")
    run(remind_overdue_reviewers, _at())
    body = mail.outbox[0].body
    assert "It is 2 days overdue.\n" in body
    assert f"http://127.0.0.1:8000/en/staff/budget/assignments/{overdue.pk}/\n" in body


def test_given_opinions_and_other_departments_get_no_reminder(run, overdue):
    make_user(
        Role.REVIEWER,
        department=Department.objects.create(code="other", name_uk="Інший"),
        email="other@example.com",
    )
    _reviewer(overdue, email="reviewer@example.com")
    ReviewAssignment.objects.filter(pk=overdue.pk).update(
        status=AssignmentStatus.DONE, completed_at=_at(-1)
    )
    run(remind_overdue_reviewers, _at())
    assert mail.outbox == []


def test_a_reviewer_who_switched_off_reminders_gets_none(run, overdue):
    _turn_off(_reviewer(overdue, email="reviewer@example.com"), review_reminders=False)
    run(remind_overdue_reviewers, _at())
    assert mail.outbox == []


# --- Running what is due --------------------------------------------------------------


def test_the_command_sends_what_is_due(run, overdue):
    edition = make_edition(slug="2032", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    _reviewer(overdue, email="reviewer@example.com")
    output = io.StringIO()
    run(call_command, "send_due_notifications", stdout=output)
    assert output.getvalue() == (
        "phase messages queued: 2; review reminders queued: 1; waiting messages delivered: 0\n"
    )
    assert [address for address, _subject in _sent()] == [
        "reviewer@example.com",
        "sub@example.com",
        "sub@example.com",
    ]


def test_without_a_worker_a_request_runs_what_is_due_at_most_every_five_minutes(
    run, client, settings
):
    settings.DUE_NOTIFICATIONS_IN_REQUEST = True
    run(client.get, "/budget/")
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    run(client.get, "/budget/")
    assert mail.outbox == []
    cache.clear()  # five minutes later
    run(client.get, "/budget/")
    assert len(mail.outbox) == 2


def test_with_a_worker_requests_leave_it_to_beat(run, client, settings):
    settings.DUE_NOTIFICATIONS_IN_REQUEST = False
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    _subscriber(edition, email="sub@example.com")
    run(client.get, "/budget/")
    assert mail.outbox == []


def test_beat_runs_the_due_notifications_every_five_minutes(settings):
    assert settings.CELERY_BEAT_SCHEDULE["send-due-notifications"] == {
        "task": "hromada.budget.tasks.send_due_notifications",
        "schedule": 300.0,
    }
    assert settings.CELERY_BEAT_SCHEDULE["deliver-pending-notifications"] == {
        "task": "hromada.core.notifications.deliver_pending_notifications",
        "schedule": 300.0,
    }


def test_requests_run_what_is_due_only_where_there_is_no_worker():
    from tests.test_settings import production, read_settings

    assert read_settings("s.DUE_NOTIFICATIONS_IN_REQUEST, s.SMS_BACKEND", production()) == (
        "True hromada.core.sms.ConsoleSmsBackend"
    )
    with_worker = production(REDIS_URL="redis://127.0.0.1:6379/3")
    assert read_settings("s.DUE_NOTIFICATIONS_IN_REQUEST", with_worker) == "False"
