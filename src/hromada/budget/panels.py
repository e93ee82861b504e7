"""Sections that apps above the budget add to the public project and edition pages
(implementation status, ratings, announcements…) without the budget importing them: an
app registers a function in its `AppConfig.ready()`, and the page renders what each
returns."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from hromada.budget.models import Edition, Project

ProjectPanel = Callable[[HttpRequest, Project], SafeString | str | None]
EditionPanel = Callable[[HttpRequest, Edition], SafeString | str | None]

_PROJECT_PANELS: list[tuple[int, ProjectPanel]] = []
_EDITION_PANELS: list[tuple[int, EditionPanel]] = []


def register_project_panel(panel: ProjectPanel, *, order: int = 100) -> None:
    """Add a section to the public project page; lower `order` comes first. Registering
    the same function twice (a reloaded app) keeps one."""
    if any(existing is panel for _, existing in _PROJECT_PANELS):
        return
    _PROJECT_PANELS.append((order, panel))
    _PROJECT_PANELS.sort(key=lambda item: item[0])


def project_panels(request: HttpRequest, project: Project) -> list[SafeString | str]:
    """The rendered sections for this project, skipping panels with nothing to show."""
    rendered = []
    for _, panel in _PROJECT_PANELS:
        html = panel(request, project)
        if html:
            rendered.append(html)
    return rendered


def register_edition_panel(panel: EditionPanel, *, order: int = 100) -> None:
    """Add a section to the public edition page; lower `order` comes first."""
    if any(existing is panel for _, existing in _EDITION_PANELS):
        return
    _EDITION_PANELS.append((order, panel))
    _EDITION_PANELS.sort(key=lambda item: item[0])


def edition_panels(request: HttpRequest, edition: Edition) -> list[SafeString | str]:
    rendered = []
    for _, panel in _EDITION_PANELS:
        html = panel(request, edition)
        if html:
            rendered.append(html)
    return rendered
