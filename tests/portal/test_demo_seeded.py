"""The seeded demo, read by several tests: seeded once for the module."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from hromada.accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from hromada.accounts.enums import Role
from hromada.accounts.models import Department, Membership, Team, User
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.models import Edition, Project, Support
from hromada.budget.services import edition_problems
from hromada.core.models import ActivityLog
from hromada.programmes.models import Measure, PlannedAmount, Programme, Task


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the tests that only read it (seeding takes seconds),
    inside a transaction rolled back at the end; each test runs in a savepoint in it."""
    with (
        override_settings(DEMO_MODE=True, MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("seed_demo")
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_sign_in_answers_404_when_demo_mode_is_off(seeded, client, settings):
    settings.DEMO_MODE = True
    settings.DEMO_MODE = False
    response = client.post("/demo/accounts/auditor/sign-in/")
    assert response.status_code == 404
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_seed_demo_creates_one_account_per_role_and_the_programme(seeded, settings):
    settings.DEMO_MODE = True
    assert {account.role for account in DEMO_ACCOUNTS} == {role.value for role in Role}
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(email=account.email)
        assert user.check_password(DEMO_PASSWORD)
        held = set(Team.objects.filter(memberships__user=user).values_list("role", flat=True))
        assert held == (set() if account.role == Role.RESIDENT else {account.role})
    assert Programme.objects.filter(slug="zdolbuniv-2024").exists()
    assert Task.objects.count() == 18
    assert PlannedAmount.objects.count() == Measure.objects.count()
    assert set(PlannedAmount.objects.values_list("is_illustrative", flat=True)) == {True}


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(seeded, settings):
    from hromada.voting.models import Ballot, ResultsSnapshot, VoterRecord

    settings.DEMO_MODE = True
    counts = [
        model.objects.count()
        for model in (
            User,
            Department,
            Team,
            Membership,
            Programme,
            Measure,
            PlannedAmount,
            ActivityLog,
            Edition,
            Project,
            Support,
            Ballot,
            VoterRecord,
            ResultsSnapshot,
        )
    ]
    call_command("seed_demo")
    assert [
        model.objects.count()
        for model in (
            User,
            Department,
            Team,
            Membership,
            Programme,
            Measure,
            PlannedAmount,
            ActivityLog,
            Edition,
            Project,
            Support,
            Ballot,
            VoterRecord,
            ResultsSnapshot,
        )
    ] == counts


@pytest.mark.django_db
def test_seed_demo_has_a_counted_2024_edition_and_a_current_one_open_for_voting(seeded, settings):
    from hromada.voting.models import Ballot, ResultsSnapshot, VoterRecord

    settings.DEMO_MODE = True
    today = timezone.localdate()
    assert set(Edition.objects.values_list("slug", flat=True)) == {"2024", str(today.year)}
    assert 25 <= Project.objects.count() <= 40
    current = Edition.objects.get(slug=str(today.year))
    states = set(Project.objects.filter(edition=current).values_list("state", flat=True))
    assert states == {
        ProjectState.ADMITTED,
        ProjectState.REJECTED,
        ProjectState.WITHDRAWN,
        ProjectState.DRAFT,
    }
    voting = current.phases.get(kind=PhaseKind.VOTING)
    assert voting.starts_on <= today <= voting.ends_on
    assert hasattr(current, "commission_key")
    assert edition_problems(current) == []
    past = Edition.objects.get(slug="2024")
    snapshot = ResultsSnapshot.objects.get(edition=past)
    assert snapshot.status == "approved"
    assert snapshot.ballots_counted == Ballot.objects.filter(edition=past).count() >= 300
    assert VoterRecord.objects.filter(edition=past, channel="desk").exists()
    assert any(row["selected"] for pool in snapshot.outcome["pools"] for row in pool["projects"])


@pytest.mark.django_db
def test_demo_sign_in_leads_a_staff_role_to_its_dashboard(seeded, client, settings):
    settings.DEMO_MODE = True
    response = client.post("/demo/accounts/auditor/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


@pytest.mark.django_db
def test_demo_sign_in_rejects_get(seeded, client, settings):
    settings.DEMO_MODE = True
    assert client.get("/demo/accounts/auditor/sign-in/").status_code == 405
    assert "_auth_user_id" not in client.session
