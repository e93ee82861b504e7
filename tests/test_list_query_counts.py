"""List pages do not issue a query per row: the count with many rows equals the count
with few."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.accounts.enums import Role
from hromada.accounts.models import Department
from hromada.budget.enums import AssignmentStatus, OpinionConclusion, ProjectState
from hromada.budget.models import ProjectEvent, ReviewAssignment
from hromada.core.activity import log_activity
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.budget_projects import add_supports, make_project


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


def _catalogue_project(edition, number: int):
    pools = ["small", "large", "villages"]
    project = make_project(
        edition,
        state=ProjectState.ADMITTED if number % 2 else ProjectState.REJECTED,
        title=f"Сквер {number}",
        pool_code=pools[number % 3],
        category_code="sport" if number % 2 else "green",
        territory_code="town" if number % 2 else "villages",
        latitude=Decimal("50.5"),
        longitude=Decimal("26.2"),
    )
    add_supports(project, number % 4)
    return project


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "?q=сквер&category=sport", "?page=2"])
def test_budget_catalogue_page(client, query):
    edition = make_edition()
    _catalogue_project(edition, 1)
    url = f"/budget/{edition.slug}/projects/{query}"
    one = queries_for(client, url)
    for number in range(2, 51):
        _catalogue_project(edition, number)
    assert queries_for(client, url) == one


@pytest.mark.django_db
def test_budget_catalogue_map_data(client):
    edition = make_edition()
    _catalogue_project(edition, 1)
    url = f"/budget/{edition.slug}/projects/map.geojson"
    one = queries_for(client, url)
    for number in range(2, 51):
        _catalogue_project(edition, number)
    assert queries_for(client, url) == one


@pytest.mark.django_db
def test_budget_project_page(client):
    edition = make_edition()
    project = make_project(edition, state=ProjectState.REJECTED)
    url = f"/budget/{edition.slug}/projects/{project.pk}/"
    few = queries_for(client, url)
    for number in range(10):
        department = Department.objects.create(code=f"d{number}", name_uk=f"Відділ {number}")
        ReviewAssignment.objects.create(
            project=project,
            department=department,
            deadline=timezone.now() + timedelta(days=5),
            status=AssignmentStatus.DONE,
            conclusion=OpinionConclusion.NEGATIVE,
            opinion=f"Висновок {number}",
        )
        ProjectEvent.objects.create(
            project=project, from_state=ProjectState.SUBMITTED, to_state=ProjectState.IN_REVIEW
        )
        project.cost_items.create(
            name=f"Рядок {number}", unit="шт.", quantity=Decimal("1"), unit_price=Decimal("10")
        )
    add_supports(project, 10)
    assert queries_for(client, url) == few
