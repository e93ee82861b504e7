from __future__ import annotations

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.models import Department
from hromada.core.models import ActivityLog
from tests.factories.accounts import make_user


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


@pytest.mark.django_db
def test_administrator_creates_a_department(admin_client):
    response = admin_client.post(
        "/staff/departments/new/",
        {
            "code": "education",
            "name_uk": "Відділ освіти",
            "name_en": "Education",
            "is_active": "on",
        },
    )
    department = Department.objects.get(code="education")
    assert response.status_code == 302
    assert response["Location"] == f"/staff/departments/{department.pk}/"
    assert (
        ActivityLog.objects.get(action="accounts.department.created").after["name_uk"]
        == "Відділ освіти"
    )


@pytest.mark.django_db
def test_duplicate_code_is_refused_and_nothing_is_created(admin_client):
    Department.objects.create(code="education", name_uk="Відділ освіти")
    response = admin_client.post(
        "/staff/departments/new/", {"code": "education", "name_uk": "Інший"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert Department.objects.count() == 1


@pytest.mark.django_db
def test_bad_code_is_refused_with_a_message(admin_client):
    response = admin_client.post(
        "/staff/departments/new/", {"code": "освіта і культура", "name_uk": "Відділ"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["code"]
    assert not Department.objects.exists()


@pytest.mark.django_db
def test_edit_records_before_and_after(admin_client):
    department = Department.objects.create(code="education", name_uk="Відділ освіти")
    admin_client.post(
        f"/staff/departments/{department.pk}/edit/",
        {"code": "education", "name_uk": "Управління освіти", "is_active": "on"},
    )
    entry = ActivityLog.objects.get(action="accounts.department.updated")
    assert (entry.before["name_uk"], entry.after["name_uk"]) == (
        "Відділ освіти",
        "Управління освіти",
    )


@pytest.mark.django_db
def test_saving_unchanged_department_writes_no_log_row(admin_client):
    department = Department.objects.create(
        code="education", name_uk="Відділ освіти", is_active=True
    )
    admin_client.post(
        f"/staff/departments/{department.pk}/edit/",
        {"code": "education", "name_uk": "Відділ освіти", "is_active": "on"},
    )
    assert not ActivityLog.objects.filter(action="accounts.department.updated").exists()


@pytest.mark.django_db
def test_reviewer_sees_only_their_department_in_the_list(client):
    own = Department.objects.create(code="own", name_uk="Свій відділ")
    Department.objects.create(code="other", name_uk="Чужий відділ")
    client.force_login(make_user(Role.REVIEWER, department=own))
    html = client.get("/staff/departments/").content.decode()
    assert "Свій відділ" in html
    assert "Чужий відділ" not in html
