"""With Redis running, notifications are delivered by a real Celery worker: tasks go
through the broker (not eagerly), a worker thread of this process runs them against the
committed rows, and each recipient gets exactly one e-mail even when the task is sent
twice. Skipped only when no Redis answers at REDIS_URL_TEST."""

from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
import redis
from celery import Celery, signals
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from hromada.budget.enums import PhaseKind
from hromada.budget.models import EditionSubscription, ProjectEvent
from hromada.budget.services import start_project, submit_project
from hromada.budget.tasks import notify_author_of_state_change, send_due_notifications
from hromada.core.models import Notification
from tests.factories.accounts import make_user
from tests.factories.budget import fill_application, make_edition, make_resident, open_edition

REDIS_URL_TEST = os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/13")
WAIT_SECONDS = 20

# Committed rows only: the worker thread has its own database connection.
pytestmark = pytest.mark.django_db(transaction=True)


def _redis() -> redis.Redis:
    return redis.Redis.from_url(REDIS_URL_TEST, socket_connect_timeout=1, socket_timeout=5)


def _redis_answers() -> bool:
    try:
        return bool(_redis().ping())
    except redis.RedisError:
        return False


class Worker:
    """Counts the tasks sent to the test queue and the tasks the worker finished, so that
    the test knows when the worker is idle without reading the database it writes."""

    def __init__(self, app: Celery, queue: str) -> None:
        self.app = app
        self.queue = queue
        self.sent = 0
        self.finished = 0

    def on_publish(self, routing_key: str = "", **_kwargs: Any) -> None:
        if routing_key == self.queue:
            self.sent += 1

    def on_postrun(self, sender: Any = None, **_kwargs: Any) -> None:
        if getattr(sender, "app", None) is self.app:
            self.finished += 1

    def wait_until_idle(self, condition: Callable[[], bool] = lambda: True) -> None:
        """Until `condition` holds and every task sent has run (also the tasks those
        sent), stable for a moment."""
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if condition() and self.sent and self.finished >= self.sent:
                time.sleep(0.3)
                if self.finished >= self.sent:
                    return
            time.sleep(0.05)
        raise AssertionError(
            f"timed out: {self.finished} of {self.sent} tasks run; "
            f"e-mails: {[message.subject for message in mail.outbox]}"
        )


@pytest.fixture
def worker() -> Iterator[Worker]:
    """A worker of a Celery app configured like the project's, on Redis, consuming a
    queue of its own (another test run may share the Redis database)."""
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL_TEST} (set REDIS_URL_TEST)")
    from hromada.config.celery import app as project_app

    queue = f"hromada-test-{uuid.uuid4().hex}"
    app = Celery("hromada-worker-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS_URL_TEST,
        task_always_eager=False,
        task_default_queue=queue,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=False,
    )
    counter = Worker(app, queue)
    signals.after_task_publish.connect(counter.on_publish, weak=False)
    signals.task_postrun.connect(counter.on_postrun, weak=False)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        # The worker makes `app` the current and default app, so the project's task
        # objects (shared tasks) send through it: to Redis, not eagerly.
        with start_worker(
            app, pool="threads", concurrency=1, perform_ping_check=False, loglevel="WARNING"
        ):
            yield counter
    finally:
        signals.after_task_publish.disconnect(counter.on_publish)
        signals.task_postrun.disconnect(counter.on_postrun)
        project_app.set_current()
        project_app.set_default()
        root.handlers[:] = handlers
        root.setLevel(level)
        client = _redis()
        client.delete(queue, *client.keys(f"*{queue}*"))


def _recipients() -> list[str]:
    return sorted(message.to[0] for message in mail.outbox)


def test_a_worker_emails_the_author_of_a_state_change_once(worker: Worker) -> None:
    edition = open_edition()
    author = make_resident(email="author@example.com", preferred_language="en")
    project = fill_application(start_project(author=author, edition=edition), author)
    submit_project(project=project, actor=author)  # commits: the task goes to Redis
    worker.wait_until_idle(lambda: len(mail.outbox) >= 1)
    # The same task sent again (a redelivery, a retry) sends nothing more.
    notify_author_of_state_change.delay(ProjectEvent.objects.get().pk)
    worker.wait_until_idle()
    assert _recipients() == ["author@example.com"]
    assert mail.outbox[0].subject.startswith("Your project “")
    assert [row.sent_at is not None for row in Notification.objects.all()] == [True]


def test_a_worker_tells_a_subscriber_that_a_phase_began_once(worker: Worker) -> None:
    edition = make_edition(slug="2031", submission_start=timezone.localdate())
    # Only the submission's opening is due (the information campaign's end is not).
    edition.phases.filter(kind=PhaseKind.INFORMATION).update(
        ends_on=timezone.localdate() + timedelta(days=5)
    )
    subscriber = make_user(email="subscriber@example.com", preferred_language="en")
    EditionSubscription.objects.create(user=subscriber, edition=edition)
    # Celery beat's task, sent twice, as two beat processes would.
    send_due_notifications.delay()
    send_due_notifications.delay()
    worker.wait_until_idle(lambda: len(mail.outbox) >= 1)
    assert _recipients() == ["subscriber@example.com"]
    assert mail.outbox[0].subject == (
        "Participatory budget 2031: “Submission of projects and collection of support” has begun"
    )
