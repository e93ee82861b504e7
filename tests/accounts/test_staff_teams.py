from __future__ import annotations

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, Membership, Team
from hromada.accounts.services import grant_role
from hromada.core.models import ActivityLog
from tests.factories.accounts import make_user


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user(Role.ADMINISTRATOR, email="admin@example.com"))
    return client


@pytest.mark.django_db
def test_administrator_grants_a_department_role(admin_client):
    department = Department.objects.create(code="housing", name_uk="Відділ ЖКГ")
    person = make_user(email="reviewer@example.com")
    response = admin_client.post(
        "/staff/team/grant/",
        {"email": "Reviewer@Example.com", "role": Role.REVIEWER, "department": department.pk},
    )
    assert response.status_code == 302
    team = Team.objects.get(memberships__user=person)
    assert (team.role, team.department) == (Role.REVIEWER, department)
    entry = ActivityLog.objects.get(action="accounts.role.granted", object_id=str(person.pk))
    assert entry.after["role"] == Role.REVIEWER


@pytest.mark.django_db
def test_granting_the_same_role_twice_changes_nothing(admin_client):
    person = make_user(email="auditor@example.com")
    data = {"email": "auditor@example.com", "role": Role.AUDITOR}
    admin_client.post("/staff/team/grant/", data)
    admin_client.post("/staff/team/grant/", data)
    assert Membership.objects.filter(user=person).count() == 1
    assert (
        ActivityLog.objects.filter(action="accounts.role.granted", object_id=str(person.pk)).count()
        == 1
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"email": "nobody@example.com", "role": Role.AUDITOR},
            "email",
            "Немає облікового запису з цією адресою електронної пошти.",
        ),
        (
            {"email": "person@example.com", "role": Role.REVIEWER},
            "department",
            "Оберіть відділ, для якого діє ця роль.",
        ),
        ({"email": "person@example.com", "role": "mayor"}, "role", "Зробить коректний вибір"),
        (
            {"email": "not-an-email", "role": Role.AUDITOR},
            "email",
            "Введіть коректну email адресу.",
        ),
    ],
)
def test_grant_with_bad_input_is_refused_with_a_message(admin_client, data, field, message):
    make_user(email="person@example.com")
    memberships = Membership.objects.count()
    response = admin_client.post("/staff/team/grant/", data)
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    assert Membership.objects.count() == memberships


@pytest.mark.django_db
def test_department_given_for_a_platform_role_is_refused(admin_client):
    department = Department.objects.create(code="d", name_uk="Відділ")
    make_user(email="person@example.com")
    response = admin_client.post(
        "/staff/team/grant/",
        {"email": "person@example.com", "role": Role.AUDITOR, "department": department.pk},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["department"] == ["Ця роль не прив’язана до відділу."]


@pytest.mark.django_db
def test_revoke_removes_the_membership_with_a_reason_in_the_log(admin_client):
    person = make_user(Role.AUDITOR, email="person@example.com")
    membership = Membership.objects.get(user=person)
    response = admin_client.post(
        f"/staff/team/memberships/{membership.pk}/revoke/", {"reason": "Звільнився"}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = ActivityLog.objects.get(action="accounts.role.revoked")
    assert (entry.reason, entry.before["role"]) == ("Звільнився", Role.AUDITOR)


@pytest.mark.django_db
def test_last_administrator_cannot_revoke_themselves(client):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    membership = Membership.objects.get(user=admin)
    response = client.post(f"/staff/team/memberships/{membership.pk}/revoke/", {}, follow=True)
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert "Ви останній адміністратор" in response.content.decode()


@pytest.mark.django_db
def test_revoking_an_unknown_membership_is_404(admin_client):
    assert admin_client.post("/staff/team/memberships/999999/revoke/").status_code == 404


@pytest.mark.django_db
def test_grant_role_service_refuses_a_scope_of_the_wrong_kind():
    from django.core.exceptions import ValidationError

    department = Department.objects.create(code="d", name_uk="Відділ")
    person = make_user()
    with pytest.raises(ValidationError):
        grant_role(actor=None, user=person, role=Role.BUDGET_COORDINATOR, scope=department)
    with pytest.raises(ValidationError):
        grant_role(actor=None, user=person, role=Role.RESIDENT)
    assert not Membership.objects.filter(user=person).exists()


@pytest.mark.django_db
def test_team_list_shows_members_to_auditor_without_manage_buttons(client):
    make_user(Role.COOPERATION_OFFICER, full_name="Марія Савчук")
    client.force_login(make_user(Role.AUDITOR))
    html = client.get("/staff/team/").content.decode()
    assert "Марія Савчук" in html
    assert "Відкликати" not in html
    assert "/staff/team/grant/" not in html
