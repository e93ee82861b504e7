from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, Membership
from hromada.core.models import ActivityLog
from tests.factories.accounts import make_user


@pytest.mark.django_db
def test_first_administrator_is_granted_from_the_command_line(capsys):
    person = make_user(email="head@example.com")
    call_command("grant_role", "HEAD@example.com", "administrator")
    assert Membership.objects.get(user=person).team.role == Role.ADMINISTRATOR
    assert capsys.readouterr().out.strip() == "head@example.com: administrator granted"
    assert ActivityLog.objects.filter(
        action="accounts.role.granted", object_id=str(person.pk)
    ).exists()


@pytest.mark.django_db
def test_department_role_needs_an_existing_department():
    make_user(email="r@example.com")
    with pytest.raises(CommandError, match=re.escape("Оберіть відділ, для якого діє ця роль.")):
        call_command("grant_role", "r@example.com", "reviewer")
    with pytest.raises(
        CommandError, match=re.escape("There is no department with the code nowhere.")
    ):
        call_command("grant_role", "r@example.com", "reviewer", "--department", "nowhere")
    Department.objects.create(code="housing", name_uk="ЖКГ")
    call_command("grant_role", "r@example.com", "reviewer", "--department", "housing")
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_unknown_account_is_refused():
    with pytest.raises(
        CommandError, match=re.escape("There is no account with the e-mail address x@example.com.")
    ):
        call_command("grant_role", "x@example.com", "auditor")
