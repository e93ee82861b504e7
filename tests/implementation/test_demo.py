"""The demo delivery of the 2024 winners, built through the services."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction
from django.test import override_settings

from hromada.accounts.models import User
from hromada.budget.models import Edition
from hromada.core.models import ActivityLog
from hromada.implementation.demo import seed_implementation
from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.models import ImplementationRecord, Payment, Photo, Update
from hromada.implementation.selectors import winner_ids
from hromada.portal.demo import seed_demo
from hromada.programmes.models import Expenditure

pytestmark = pytest.mark.django_db

S = ImplementationStatus


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seeded once for the module (the demo takes seconds), inside a transaction rolled
    back at the end; each test runs in a savepoint within it."""
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(DEMO_MODE=True, MEDIA_ROOT=media),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        seed_demo()
        edition = Edition.objects.get(slug="2024")
        actors = {
            "coordinator": User.objects.get(email="coordinator@example.org"),
            "officer": User.objects.get(email="officer@example.org"),
        }
        seed_implementation(edition, actors)
        yield edition, actors
        transaction.set_rollback(True)


def test_every_winner_has_a_record_with_a_mix_of_statuses(seeded):
    edition, _actors = seeded
    records = ImplementationRecord.objects.filter(project__edition=edition)
    assert sorted(records.values_list("project_id", flat=True)) == sorted(winner_ids(edition))
    assert Counter(records.values_list("status", flat=True)) == {
        S.IMPLEMENTED: 4,
        S.IN_PROGRESS: 2,
        S.NOT_IMPLEMENTED: 1,
    }


def test_implemented_projects_have_before_and_after_photos(seeded):
    for record in ImplementationRecord.objects.filter(status=S.IMPLEMENTED):
        kinds = set(Photo.objects.filter(update__record=record).values_list("kind", flat=True))
        assert {PhotoKind.BEFORE, PhotoKind.AFTER} <= kinds, record


def test_payments_count_against_the_editions_measure(seeded):
    edition, _actors = seeded
    payments = Payment.objects.filter(record__project__edition=edition)
    assert payments.exists()
    assert set(payments.values_list("measure_id", flat=True)) == {edition.measure_id}
    assert Expenditure.objects.filter(measure=edition.measure).count() == payments.count()


def test_the_demo_shows_a_sign_off_a_reason_and_the_officers_work(seeded):
    _edition, actors = seeded
    signed = ImplementationRecord.objects.filter(author_signed_off_at__isnull=False)
    assert [(r.author_accepts_result, r.status) for r in signed] == [(True, S.IMPLEMENTED)]
    refused = ImplementationRecord.objects.get(status=S.NOT_IMPLEMENTED)
    assert refused.not_implemented_reason.startswith("Після двох невдалих торгів")
    officer_department = actors["officer"].memberships.get().team.department
    assert ImplementationRecord.objects.filter(department=officer_department).count() == 3


def test_seeding_again_changes_nothing(seeded):
    edition, actors = seeded
    before = (Update.objects.count(), Payment.objects.count(), ActivityLog.objects.count())
    assert seed_implementation(edition, actors) == [
        "implementation 2024: 7 records, 0 delivered now"
    ]
    assert (Update.objects.count(), Payment.objects.count(), ActivityLog.objects.count()) == before
