from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from hromada.core.activity import ip_hmac, log_activity
from hromada.core.activity_chain import GENESIS_HASH, link_pending_entries, verify_chain
from hromada.core.models import ActivityLog, ActivityLogLink, AppendOnlyError


def write_entries(count: int, actor=None) -> list[ActivityLog]:
    return [
        log_activity(
            actor=actor,
            action="test.thing.changed",
            before={"n": i},
            after={"n": i + 1},
            ip="192.0.2.7",
        )
        for i in range(count)
    ]


def _drop_update_guard() -> None:
    """Simulate someone with direct database access bypassing the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # flush deferred FK checks first
            cursor.execute(
                "ALTER TABLE core_activitylog DISABLE TRIGGER core_activitylog_append_only"
            )
            cursor.execute(
                "ALTER TABLE core_activityloglink DISABLE TRIGGER core_activityloglink_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER core_activitylog_append_only")
            cursor.execute("DROP TRIGGER core_activityloglink_append_only")


@pytest.mark.django_db
def test_log_activity_stores_ip_as_keyed_hash_not_raw_address():
    entry = log_activity(actor=None, action="test.done", ip="192.0.2.7")
    entry.refresh_from_db()
    assert entry.ip_hmac == ip_hmac("192.0.2.7")
    assert len(entry.ip_hmac) == 64
    assert "192.0.2.7" not in entry.ip_hmac


@pytest.mark.django_db
def test_log_activity_records_target_and_before_after(make_user):
    user = make_user()
    entry = log_activity(
        actor=user,
        action="test.user.touched",
        target=user,
        before={"a": 1},
        after={"a": 2},
        reason="why",
    )
    entry.refresh_from_db()
    assert (entry.actor_id, entry.object_type, entry.object_id) == (
        user.pk,
        "accounts.user",
        str(user.pk),
    )
    assert (entry.before, entry.after, entry.reason) == ({"a": 1}, {"a": 2}, "why")


@pytest.mark.django_db
def test_saving_an_existing_row_is_refused():
    entry = write_entries(1)[0]
    entry.action = "forged"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert ActivityLog.objects.get(pk=entry.pk).action == "test.thing.changed"


@pytest.mark.django_db
def test_queryset_update_is_refused():
    write_entries(2)
    with pytest.raises(AppendOnlyError):
        ActivityLog.objects.all().update(action="forged")
    assert set(ActivityLog.objects.values_list("action", flat=True)) == {"test.thing.changed"}


@pytest.mark.django_db
def test_delete_is_refused_for_instance_and_queryset():
    entry = write_entries(1)[0]
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ActivityLog.objects.all().delete()
    assert ActivityLog.objects.count() == 1


@pytest.mark.django_db
def test_link_rows_are_append_only_too():
    write_entries(1)
    link_pending_entries()
    link = ActivityLogLink.objects.get()
    link.hash = "f" * 64
    with pytest.raises(AppendOnlyError):
        link.save()
    with pytest.raises(AppendOnlyError):
        ActivityLogLink.objects.all().delete()


@pytest.mark.django_db
def test_database_refuses_raw_update():
    entry = write_entries(1)[0]
    with (
        pytest.raises((IntegrityError, DatabaseError)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "UPDATE core_activitylog SET action = %s WHERE id = %s", ["forged", entry.pk]
        )
    assert ActivityLog.objects.get(pk=entry.pk).action == "test.thing.changed"


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_postgresql_refuses_raw_delete():
    entry = write_entries(1)[0]
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_activitylog WHERE id = %s", [entry.pk])
    assert ActivityLog.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_sequencer_links_every_row_in_order_and_chain_is_intact():
    entries = write_entries(5)
    assert link_pending_entries() == 5
    links = list(ActivityLogLink.objects.order_by("sequence"))
    assert [link.entry_id for link in links] == [entry.pk for entry in entries]
    assert [link.sequence for link in links] == [1, 2, 3, 4, 5]
    assert links[0].previous_hash == GENESIS_HASH
    assert all(links[i].previous_hash == links[i - 1].hash for i in range(1, 5))
    report = verify_chain()
    assert report.is_intact
    assert report.checked == 5


@pytest.mark.django_db
def test_sequencer_is_idempotent_and_continues_the_chain():
    write_entries(2)
    link_pending_entries()
    assert link_pending_entries() == 0
    write_entries(3)
    assert link_pending_entries() == 3
    assert list(ActivityLogLink.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5]
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_verify_detects_a_row_altered_directly_in_the_database():
    entries = write_entries(4)
    link_pending_entries()
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_activitylog SET reason = %s WHERE id = %s", ["rewritten", entries[2].pk]
        )
    report = verify_chain()
    assert not report.is_intact
    assert report.checked == 2
    assert f"entry #{entries[2].pk} (link 3) was altered" in report.problem


@pytest.mark.django_db
def test_verify_detects_a_relinked_chain():
    write_entries(3)
    link_pending_entries()
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_activityloglink SET previous_hash = %s WHERE sequence = 2", ["a" * 64]
        )
    report = verify_chain()
    assert not report.is_intact
    assert "does not continue link 1" in report.problem


@pytest.mark.django_db
def test_verify_detects_a_missing_link():
    entries = write_entries(3)
    link_pending_entries()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE core_activityloglink DISABLE TRIGGER core_activityloglink_append_only"
            )
        cursor.execute("DELETE FROM core_activityloglink WHERE sequence = 2")
    report = verify_chain()
    assert not report.is_intact
    assert report.problem.startswith("link 2 is missing")
    assert f"entry #{entries[2].pk}" in report.problem


@pytest.mark.django_db
def test_unlinked_row_older_than_ten_seconds_is_a_failure():
    entry = ActivityLog(action="test.late", created_at=timezone.now() - timedelta(seconds=11))
    entry.save()
    report = verify_chain()
    assert not report.is_intact
    assert f"entry #{entry.pk}" in report.problem
    assert "has no link after 10 s" in report.problem


@pytest.mark.django_db
def test_recent_unlinked_row_is_not_yet_a_failure():
    write_entries(1)
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_verify_command_links_pending_rows_and_reports_intact(capsys):
    write_entries(3)
    call_command("verify_activity_log")
    assert capsys.readouterr().out.strip() == "intact (3 entries checked)"
    assert ActivityLogLink.objects.count() == 3


@pytest.mark.django_db
def test_verify_command_fails_with_the_first_broken_link():
    entries = write_entries(2)
    link_pending_entries()
    _drop_update_guard()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_activitylog SET action = %s WHERE id = %s", ["forged", entries[0].pk]
        )
    with pytest.raises(
        CommandError, match=rf"BROKEN: entry #{entries[0].pk} \(link 1\) was altered"
    ):
        call_command("verify_activity_log")


@pytest.mark.django_db
def test_rows_written_during_a_request_are_linked_at_its_end(client, settings):
    from hromada.accounts.models import User

    settings.ACTIVITY_LOG_LINK_IN_REQUEST = True
    user = User.objects.create_user(
        email="a@example.com", password="x" * 12, full_name="Ім'я Прізвище"
    )
    client.force_login(user)
    response = client.post(
        "/profile/", {"full_name": "Нове Ім'я", "phone": "", "preferred_language": "uk"}
    )
    assert response.status_code == 302
    entry = ActivityLog.objects.get(action="accounts.user.profile_updated")
    assert ActivityLogLink.objects.filter(entry=entry).exists()
    assert entry.ip_hmac == ip_hmac("127.0.0.1")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_and_sequencers_produce_one_intact_chain():
    """Writers never wait for the chain; two sequencers running at once never fork it."""
    writers, per_writer = 6, 40
    errors: list[BaseException] = []
    start = threading.Barrier(writers + 2)

    def write() -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    log_activity(actor=None, action="test.concurrent", after={"i": i})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    def sequence() -> None:
        try:
            start.wait()
            for _ in range(20):
                link_pending_entries(batch_size=7)
        except BaseException as error:  # pragma: no cover
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    threads += [threading.Thread(target=sequence) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    link_pending_entries()
    assert ActivityLog.objects.count() == writers * per_writer
    assert ActivityLogLink.objects.count() == writers * per_writer
    report = verify_chain()
    assert report.is_intact, report.problem


@pytest.mark.django_db
def test_celery_task_links_pending_rows():
    from hromada.core.tasks import link_activity_log

    write_entries(2)
    result = link_activity_log.apply()
    assert result.get() == 2
    assert ActivityLogLink.objects.count() == 2


def test_celery_beat_runs_the_sequencer_every_two_seconds(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["link-activity-log"]
    assert schedule == {"task": "hromada.core.tasks.link_activity_log", "schedule": 2.0}
