from __future__ import annotations

import itertools
from typing import Any

import factory
from django.db import models

from hromada.accounts.models import Department, User
from hromada.accounts.services import grant_role

PASSWORD = "correct-horse-battery-staple"
_numbers = itertools.count(1)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"department-{n}")
    name_uk = factory.Sequence(lambda n: f"Відділ {n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")


def make_user(
    role: str | None = None,
    *,
    department: Department | None = None,
    scope: models.Model | None = None,
    password: str = PASSWORD,
    **fields: Any,
) -> User:
    number = next(_numbers)
    fields.setdefault("email", f"person{number}@example.com")
    fields.setdefault("full_name", f"Особа Тестова {number}")
    user = User.objects.create_user(password=password, **fields)
    if role is not None and role != "resident":
        grant_role(actor=None, user=user, role=role, department=department, scope=scope)
    return user
