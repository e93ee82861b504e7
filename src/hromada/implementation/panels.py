"""The implementation's sections of public budget pages: on a project page the status and
progress of a winning project's delivery, with a link to its record (and, for its author
once it is implemented, to the sign-off); on an edition page the delivery in figures with
a link to the list."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hromada.budget.models import Edition, Project
from hromada.budget.panels import register_edition_panel, register_project_panel
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import Survey
from hromada.implementation.selectors import counters, record_of_project


def implementation_panel(request: HttpRequest, project: Project) -> SafeString | None:
    record = record_of_project(project)
    if record is None:
        return None
    is_author = bool(request.user.is_authenticated and project.author_id == request.user.pk)
    return render_to_string(
        "implementation/public/_panel.html",
        {
            "record": record,
            "project": project,
            "may_sign_off": is_author
            and record.status == ImplementationStatus.IMPLEMENTED
            and record.author_signed_off_at is None,
        },
        request=request,
    )


def edition_implementation_panel(request: HttpRequest, edition: Edition) -> SafeString | None:
    figures = counters(edition)
    if not figures.winners:
        return None
    return render_to_string(
        "implementation/public/_edition_panel.html",
        {
            "edition": edition,
            "counters": figures,
            "survey": Survey.objects.filter(edition=edition, is_published=True).first(),
        },
        request=request,
    )


def register() -> None:
    """Add the implementation's sections to the public project and edition pages."""
    register_project_panel(implementation_panel, order=50)
    register_edition_panel(edition_implementation_panel, order=40)
