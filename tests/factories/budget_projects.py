"""Projects of an edition in a given state, written directly with the ORM.

Kept minimal on purpose: once the project services settle, `make_project` can build
through them (start, fill in, submit, review) instead of writing rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone

from hromada.budget.catalogue import search_document
from hromada.budget.enums import ProjectState, SupportChannel
from hromada.budget.estimate import estimate_of
from hromada.budget.models import CostItem, Edition, Project, Support
from tests.factories.accounts import make_user

DEFAULT_COST_ITEMS = [("Лавка паркова", "шт.", Decimal("4"), Decimal("7500.00"))]


def make_project(
    edition: Edition,
    *,
    state: str,
    title: str = "Лавки у сквері",
    pool_code: str | None = "small",
    category_code: str | None = None,
    territory_code: str | None = None,
    cost_items: list[tuple[str, str, Decimal, Decimal]] | None = None,
    **fields: Any,
) -> Project:
    """A project in `state` with an author, a number (once past the draft), its cost
    lines, the stored total and the search text. Other model fields go in `fields`."""
    if "author" not in fields:
        fields["author"] = make_user()
    if state != ProjectState.DRAFT and "number" not in fields:
        last = Project.objects.filter(edition=edition).aggregate(last=Max("number"))["last"]
        fields["number"] = (last or 0) + 1
    if state != ProjectState.DRAFT:
        fields.setdefault("first_submitted_at", timezone.now())
    fields.setdefault("summary", f"Коротко: {title}.")
    project = Project.objects.create(
        edition=edition,
        state=state,
        title=title,
        pool=edition.pools.get(code=pool_code) if pool_code else None,
        category=edition.categories.get(code=category_code) if category_code else None,
        territory=edition.territories.get(code=territory_code) if territory_code else None,
        **fields,
    )
    lines = DEFAULT_COST_ITEMS if cost_items is None else cost_items
    for position, (name, unit, quantity, unit_price) in enumerate(lines, start=1):
        CostItem.objects.create(
            project=project,
            position=position,
            name=name,
            unit=unit,
            quantity=quantity,
            unit_price=unit_price,
        )
    project.total_cost = estimate_of(project).total
    project.search_text = search_document(project)
    project.save(update_fields=["total_cost", "search_text"])
    return project


def add_supports(project: Project, count: int) -> None:
    """`count` online supports from distinct (made-up) person keys."""
    Support.objects.bulk_create(
        Support(project=project, person_key=f"key-{project.pk}-{n}", channel=SupportChannel.ONLINE)
        for n in range(count)
    )
