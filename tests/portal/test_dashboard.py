from __future__ import annotations

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.models import Department
from tests.factories.accounts import make_user


def tool_links(html: str) -> set[str]:
    links = {
        "/staff/activity/",
        "/staff/team/",
        "/staff/departments/",
        "/staff/programme/",
        "/staff/budget/",
        "/staff/budget/inbox/",
        "/staff/residency/",
        "/staff/news/",
        "/staff/implementation/",
    }
    return {link for link in links if f'href="{link}"' in html}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.ADMINISTRATOR,
            {
                "/staff/activity/",
                "/staff/team/",
                "/staff/departments/",
                "/staff/programme/",
                "/staff/budget/",
                "/staff/residency/",
                "/staff/news/",
                "/staff/implementation/",
            },
        ),
        (
            Role.AUDITOR,
            {
                "/staff/activity/",
                "/staff/team/",
                "/staff/departments/",
                "/staff/programme/",
                "/staff/budget/",
                "/staff/implementation/",
            },
        ),
        (Role.PROGRAMME_COORDINATOR, {"/staff/programme/"}),
        (Role.REVIEWER, {"/staff/departments/", "/staff/budget/inbox/"}),
        (Role.DEPARTMENT_OFFICER, {"/staff/departments/", "/staff/implementation/"}),
        (Role.BUDGET_COORDINATOR, {"/staff/budget/", "/staff/news/", "/staff/implementation/"}),
        (Role.DESK_OPERATOR, {"/staff/budget/", "/staff/residency/"}),
        (Role.JURY_MEMBER, set()),
    ],
)
def test_dashboard_offers_each_role_exactly_its_tools(client, role, expected):
    department = Department.objects.create(code="d", name_uk="Відділ", name_en="Department")
    needs_department = role in {Role.REVIEWER, Role.DEPARTMENT_OFFICER}
    client.force_login(make_user(role, department=department if needs_department else None))
    html = client.get("/staff/").content.decode()
    assert tool_links(html) == expected


@pytest.mark.django_db
def test_dashboard_names_the_role_its_scope_and_duty(client):
    department = Department.objects.create(code="d", name_uk="Відділ освіти", name_en="Education")
    client.force_login(make_user(Role.REVIEWER, department=department))
    html = client.get("/en/staff/").content.decode()
    assert "Reviewer" in html
    assert "Reviewer — Education" in html
    assert "Reviews participatory-budget projects for your department" in html


@pytest.mark.django_db
def test_role_without_tools_yet_is_told_so(client):
    client.force_login(make_user(Role.JURY_MEMBER))
    html = client.get("/en/staff/").content.decode()
    assert "No tools of your roles are available yet" in html
