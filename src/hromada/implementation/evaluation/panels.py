"""The ratings section of a delivered project's public page."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hromada.budget.models import Project
from hromada.budget.panels import register_project_panel
from hromada.implementation.evaluation.selectors import is_rateable, rating_summary
from hromada.implementation.models import ImplementationRecord

RATINGS_ORDER = 60


def ratings_panel(request: HttpRequest, project: Project) -> SafeString | None:
    """Average, count, distribution and published comments, with the way to rate; only
    for a project that has been delivered."""
    record = (
        ImplementationRecord.objects.filter(project=project)
        .only("pk", "status", "project_id")
        .first()
    )
    if record is None or not is_rateable(record):
        return None
    return SafeString(
        render_to_string(
            "implementation/evaluation/panel.html",
            {"project": project, "edition": project.edition, "summary": rating_summary(record)},
            request=request,
        )
    )


def register() -> None:
    """Add the evaluation's sections to the public project page."""
    register_project_panel(ratings_panel, order=RATINGS_ORDER)
