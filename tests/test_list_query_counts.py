"""List pages do not issue a query per row: the count with many rows equals the count
with few."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hromada.accounts.enums import Role
from hromada.accounts.models import Department
from hromada.core.activity import log_activity
from tests.factories.accounts import make_user


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def admin_client(client, db):
    client.force_login(make_user(Role.ADMINISTRATOR))
    return client


@pytest.mark.django_db
def test_activity_log_page(admin_client):
    actor = make_user()
    log_activity(actor=actor, action="test.a", target=actor)
    few = queries_for(admin_client, "/staff/activity/")
    for number in range(30):
        log_activity(actor=make_user(), action=f"test.{number}", after={"n": number})
    assert queries_for(admin_client, "/staff/activity/") == few


@pytest.mark.django_db
def test_team_list_page(admin_client):
    make_user(Role.AUDITOR)
    few = queries_for(admin_client, "/staff/team/")
    for number in range(10):
        department = Department.objects.create(code=f"d{number}", name_uk=f"Відділ {number}")
        make_user(Role.REVIEWER, department=department)
        make_user(Role.DEPARTMENT_OFFICER, department=department)
    assert queries_for(admin_client, "/staff/team/") == few


@pytest.mark.django_db
def test_department_list_page(admin_client):
    Department.objects.create(code="first", name_uk="Перший")
    few = queries_for(admin_client, "/staff/departments/")
    for number in range(20):
        Department.objects.create(code=f"d{number}", name_uk=f"Відділ {number}")
    assert queries_for(admin_client, "/staff/departments/") == few


@pytest.mark.django_db
def test_department_detail_page(admin_client):
    department = Department.objects.create(code="d", name_uk="Відділ")
    make_user(Role.REVIEWER, department=department)
    few = queries_for(admin_client, f"/staff/departments/{department.pk}/")
    for _ in range(10):
        make_user(Role.REVIEWER, department=department)
    assert queries_for(admin_client, f"/staff/departments/{department.pk}/") == few
