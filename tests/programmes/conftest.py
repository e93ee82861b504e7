"""Shared fixtures of the programme tests: the reference file, a small programme file
whose line numbers the error tests rely on, and staff users."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.models import User
from hromada.accounts.services import grant_role
from hromada.programmes.models import Programme
from hromada.programmes.services import load_programme_file

REFERENCE_FILE = (
    Path(__file__).resolve().parents[2]
    / "src"
    / "hromada"
    / "programmes"
    / "data"
    / "zdolbuniv-2024.yaml"
)

# Line numbers matter: the error tests name them. Line 1 is "departments:".
SMALL_PROGRAMME = """\
departments:
  - code: main
    name_uk: Головний відділ
    name_en: Main department
slug: test-2024
title_uk: Тестова програма
starts_on: 2024-01-01
ends_on: 2024-12-31
coordinating_department: main
directions:
  - number: 1
    title_uk: Перший напрям
    tasks:
      - number: "1.1"
        title_uk: Перше завдання
        measures:
          - number: "1.1.1"
            title_uk: Перший захід
            responsible_department: main
            deadline: 2024-12-31
            funding_sources: [community]
            planned_amounts:
              - year: 2024
                source: community
                amount: "1000.00"
                illustrative: true
            indicators:
              - name_uk: Кількість заходів
                unit_uk: од.
                planned_value: 3
      - number: "1.2"
        title_uk: Друге завдання
"""


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    def write(text: str, name: str = "programme.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def programme(db: Any) -> Programme:
    """The reference programme, loaded from the real file."""
    return load_programme_file(REFERENCE_FILE).programme


@pytest.fixture
def other_programme(db: Any, write_file: Callable[..., Path]) -> Programme:
    text = (
        SMALL_PROGRAMME.replace("slug: test-2024", "slug: other-2024")
        .replace("code: main", "code: other-department")
        .replace(": main\n", ": other-department\n")
    )
    return load_programme_file(write_file(text, "other.yaml")).programme


def make_staff(email: str, role: str | None = None, scope: Programme | None = None) -> User:
    user = User.objects.create_user(email=email, password="a-long-test-password", full_name="Тест")
    if role is not None:
        grant_role(actor=None, user=user, role=role, scope=scope)
    return user


@pytest.fixture
def coordinator(programme: Programme) -> User:
    """A programme coordinator limited to the reference programme."""
    return make_staff("coordinator@example.com", Role.PROGRAMME_COORDINATOR, programme)


@pytest.fixture
def coordinator_elsewhere(other_programme: Programme) -> User:
    """A programme coordinator limited to another programme."""
    return make_staff("elsewhere@example.com", Role.PROGRAMME_COORDINATOR, other_programme)


@pytest.fixture
def auditor(db: Any) -> User:
    return make_staff("auditor@example.com", Role.AUDITOR)
