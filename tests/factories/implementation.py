"""Winning projects and their implementation records: a programme measure, an edition
with an approved count (stored directly in the documented outcome format), records in
any status, and real image files for the photo uploads."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from hromada.accounts.models import Department
from hromada.budget.enums import ProjectState
from hromada.budget.models import Edition, Project
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import ImplementationRecord
from hromada.programmes.models import Direction, Measure, Programme, Task
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import ResultsSnapshot
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.budget import make_edition
from tests.factories.budget_projects import make_project


def make_measure(
    *,
    slug: str = "programme-2024",
    starts_on: date = date(2024, 1, 1),
    ends_on: date = date(2024, 12, 31),
    department: Department | None = None,
    number: str = "1.1.1",
) -> Measure:
    """A measure of a (new or existing) programme with one direction and task."""
    department = department or DepartmentFactory()
    programme, _created = Programme.objects.get_or_create(
        slug=slug,
        defaults={
            "title_uk": f"Програма {slug}",
            "title_en": f"Programme {slug}",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "coordinating_department": department,
        },
    )
    direction, _created = Direction.objects.get_or_create(
        programme=programme, number=1, defaults={"title_uk": "Напрям"}
    )
    task, _created = Task.objects.get_or_create(
        direction=direction, number="1.1", defaults={"position": 1, "title_uk": "Завдання"}
    )
    return Measure.objects.create(
        task=task,
        number=number,
        position=task.measures.count() + 1,
        title_uk=f"Захід {number}",
        responsible_department=department,
    )


def approve_winners(
    edition: Edition, winners: Sequence[Project], losers: Sequence[Project] = ()
) -> ResultsSnapshot:
    """An approved count selecting `winners` (the outcome's pools → projects rows)."""
    rows = [
        {"project": project.pk, "number": project.number, "selected": True} for project in winners
    ] + [{"project": project.pk, "number": project.number, "selected": False} for project in losers]
    sequence = ResultsSnapshot.objects.filter(edition=edition).count() + 1
    return ResultsSnapshot.objects.create(
        edition=edition,
        sequence=sequence,
        status=SnapshotStatus.APPROVED,
        counted_at=timezone.now() - timedelta(days=2),
        counted_by=make_user(),
        ballots_counted=100,
        checksum="0" * 64,
        outcome={"pools": [{"code": "small", "projects": rows}]},
        statistics={},
        approved_at=timezone.now(),
    )


def winning_edition(
    *,
    winners: int = 2,
    losers: int = 1,
    measure: Measure | None = None,
    published: bool = True,
    slug: str = "2024",
    located: bool = False,
) -> tuple[Edition, list[Project]]:
    """A 2024 edition whose approved count selected `winners` admitted projects (of
    40 000 UAH each, numbers 1…) and not `losers`."""
    edition = make_edition(
        slug=slug,
        year=2024,
        submission_start=date(2024, 3, 1),
        published=published,
        measure=measure,
    )
    projects = [
        make_project(
            edition,
            state=ProjectState.ADMITTED,
            title=f"Проєкт {number}",
            cost_items=[("Роботи", "посл.", Decimal("1"), Decimal("40000.00"))],
            latitude=Decimal("50.5") + Decimal(number) / 100 if located else None,
            longitude=Decimal("26.2") if located else None,
        )
        for number in range(1, winners + losers + 1)
    ]
    approve_winners(edition, projects[:winners], projects[winners:])
    return edition, projects[:winners]


def make_record(
    project: Project | None = None,
    *,
    status: str = ImplementationStatus.PLANNED,
    **fields: Any,
) -> ImplementationRecord:
    """A record written directly (any status), estimate from the project's cost."""
    if project is None:
        edition = Edition.objects.filter(slug="2024").first() or make_edition(
            slug="2024", year=2024, submission_start=date(2024, 3, 1)
        )
        project = make_project(edition, state=ProjectState.ADMITTED)
    fields.setdefault("estimate", project.total_cost)
    return ImplementationRecord.objects.create(project=project, status=status, **fields)


def image_bytes(kind: str = "PNG", size: tuple[int, int] = (64, 48), **save: Any) -> bytes:
    image = Image.new("RGB", size, (200, 220, 240))
    ImageDraw.Draw(image).rectangle((8, 8, size[0] - 8, size[1] - 8), fill=(30, 90, 160))
    output = io.BytesIO()
    image.save(output, format=kind, **save)
    return output.getvalue()


def png_upload(name: str = "before.png", **options: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **options), content_type="image/png")


def jpeg_upload(name: str = "after.jpg", **options: Any) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **options), content_type="image/jpeg")


def text_upload(name: str = "photo.png") -> SimpleUploadedFile:
    """Not an image whatever its name and declared type say."""
    return SimpleUploadedFile(name, b"just some text, not a picture\n", content_type="image/png")
