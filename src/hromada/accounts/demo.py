"""Demo accounts: one per role, with documented passwords. Only ever created or usable
with DEMO_MODE on; built through the same services as real accounts."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from hromada.accounts.enums import Role
from hromada.accounts.identity.demo_residents import DEMO_SETTLEMENTS
from hromada.accounts.models import Department, Settlement, User
from hromada.accounts.selectors import user_by_email
from hromada.accounts.services import (
    grant_role,
    register_user,
    save_department,
    save_settlement,
)

DEMO_PASSWORD = "hromada-demo"  # noqa: S105 - documented, demo mode only


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    full_name: str
    department_code: str = ""


DEMO_ACCOUNTS = (
    DemoAccount(Role.RESIDENT, "resident@example.org", "Олена Коваленко"),
    DemoAccount(Role.REVIEWER, "reviewer@example.org", "Андрій Мельник", "housing"),
    DemoAccount(Role.BUDGET_COORDINATOR, "coordinator@example.org", "Ірина Шевчук"),
    DemoAccount(Role.BUDGET_COMMISSION_MEMBER, "commission@example.org", "Петро Бондар"),
    DemoAccount(Role.DESK_OPERATOR, "desk@example.org", "Наталія Ткаченко"),
    DemoAccount(Role.CONTEST_SECRETARY, "secretary@example.org", "Оксана Кравчук"),
    DemoAccount(Role.JURY_MEMBER, "jury@example.org", "Василь Олійник"),
    DemoAccount(Role.COOPERATION_OFFICER, "cooperation@example.org", "Марія Савчук"),
    DemoAccount(Role.PROGRAMME_COORDINATOR, "programme@example.org", "Юлія Поліщук"),
    DemoAccount(Role.AUDITOR, "auditor@example.org", "Богдан Руденко"),
    DemoAccount(Role.DEPARTMENT_OFFICER, "officer@example.org", "Сергій Лисенко", "housing"),
    DemoAccount(Role.ADMINISTRATOR, "admin@example.org", "Тарас Гончаренко"),
)


DEMO_DEPARTMENTS = (
    ("housing", "Відділ житлово-комунального господарства", "Housing and Utilities Department"),
    ("education", "Відділ освіти", "Education Department"),
    ("culture", "Відділ культури і туризму", "Culture and Tourism Department"),
    ("finance", "Фінансове управління", "Finance Department"),
)


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured("Demo accounts exist only with DEMO_MODE on.")


def ensure_demo_accounts() -> list[User]:
    """Create missing demo accounts and roles; running it again changes nothing."""
    require_demo_mode()
    users = []
    with transaction.atomic():
        for code, name_uk, name_en in DEMO_DEPARTMENTS:
            if not Department.objects.filter(code=code).exists():
                save_department(actor=None, code=code, name_uk=name_uk, name_en=name_en)
        # The settlements the demo residents' addresses name (demo identity provider).
        for code, kind, name_uk, name_en in DEMO_SETTLEMENTS:
            if not Settlement.objects.filter(code=code).exists():
                save_settlement(actor=None, code=code, kind=kind, name_uk=name_uk, name_en=name_en)
        for account in DEMO_ACCOUNTS:
            user = user_by_email(account.email)
            if user is None:
                user = register_user(
                    email=account.email, password=DEMO_PASSWORD, full_name=account.full_name
                )
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            if account.role != Role.RESIDENT:
                department = (
                    Department.objects.get(code=account.department_code)
                    if account.department_code
                    else None
                )
                grant_role(actor=None, user=user, role=account.role, department=department)
            users.append(user)
    return users
