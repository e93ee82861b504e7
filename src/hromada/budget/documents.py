"""Documents of the budget: the draft protocol of the admitted list (DOCX and PDF) and
the exports of projects and their cost lines (CSV, XLSX)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from hromada.budget.estimate import estimate_of
from hromada.budget.models import Edition, Project
from hromada.core.documents import DocumentSpec, Heading, Paragraph, Signature, Signatures, Table
from hromada.core.exports import Sheet


def _money(value: Any) -> str:
    return number_format(value, decimal_pos=2, force_grouping=True)


def admitted_list_spec(edition: Edition, projects: Iterable[Project]) -> DocumentSpec:
    """A draft for the commission's secretary: the list of projects admitted to the vote,
    per pool, with the places for the signatures. The signed scan is uploaded later."""
    admitted = list(projects)
    blocks: list[Any] = [
        Paragraph(
            _(
                "The commission on the participatory budget considered the projects that "
                "passed the expert review and decided to admit to the vote the projects "
                "listed below."
            )
        )
    ]
    for pool in edition.pools.all():
        rows = [
            [
                str(p.number or ""),
                p.title,
                str(p.category.name if p.category else ""),
                _money(p.total_cost),
            ]
            for p in admitted
            if p.pool_id == pool.pk
        ]
        blocks.append(Heading(str(pool.name), level=2))
        if rows:
            blocks.append(Table([_("No."), _("Project"), _("Category"), _("Cost, UAH")], rows))
        else:
            blocks.append(Paragraph(_("No project admitted in this pool.")))
    blocks.append(Paragraph(_("Projects admitted in all: %(count)s.") % {"count": len(admitted)}))
    blocks.append(
        Signatures(
            [
                Signature(_("Chair of the commission"), "____________"),
                Signature(_("Secretary of the commission"), "____________"),
            ]
        )
    )
    return DocumentSpec(
        title=_("Protocol of the commission on the participatory budget"),
        subtitle=f"{edition.title} — {settings.COMMUNITY_NAME_UK}",
        blocks=blocks,
    )


def export_sheets(edition: Edition, projects: Iterable[Project]) -> list[Sheet]:
    """Projects, one row each, and their cost lines, one row per line."""
    rows = []
    lines = []
    for project in projects:
        estimate = estimate_of(project)
        rows.append(
            [
                project.number,
                project.title,
                project.get_state_display(),
                str(project.pool.name) if project.pool else "",
                str(project.category.name) if project.category else "",
                str(project.territory.name) if project.territory else "",
                project.address,
                estimate.subtotal,
                estimate.contingency,
                estimate.vat,
                estimate.total,
                getattr(project, "support_count", project.supports.count()),
                project.first_submitted_at,
            ]
        )
        for position, line in enumerate(estimate.lines, start=1):
            lines.append(
                [
                    project.number,
                    position,
                    line.name,
                    line.unit,
                    line.quantity,
                    line.unit_price,
                    line.total,
                ]
            )
    return [
        Sheet(
            _("Projects"),
            [
                _("No."),
                _("Title"),
                _("State"),
                _("Pool"),
                _("Category"),
                _("Territory"),
                _("Address"),
                _("Items, UAH"),
                _("Contingency, UAH"),
                _("VAT, UAH"),
                _("Total, UAH"),
                _("Supports"),
                _("Submitted"),
            ],
            rows,
        ),
        Sheet(
            _("Cost lines"),
            [
                _("Project No."),
                _("Line"),
                _("Item"),
                _("Unit"),
                _("Quantity"),
                _("Unit price, UAH"),
                _("Line total, UAH"),
            ],
            lines,
        ),
    ]
