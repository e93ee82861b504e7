"""Tables as the page shows them: every figure written the way the active language
writes numbers ("1 234 567,50" in Ukrainian, "1,234,567.50" in English), bar lengths
as plain dotted numbers for the SVG attributes, hidden cells as "<N"."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import ngettext

from hromada.portal.statistics.edition import Counters
from hromada.portal.statistics.tables import HIDDEN, MONEY, Column, Row, Table

CENT = Decimal("0.01")
NOTHING = "—"


@dataclass(frozen=True)
class Cell:
    text: str
    url: str = ""
    is_number: bool = False
    is_hidden: bool = False


@dataclass(frozen=True)
class ShownRow:
    header: Cell
    cells: list[Cell]


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    # None: nothing to draw (a hidden or missing figure).
    width: str | None


@dataclass(frozen=True)
class ShownTable:
    slug: str
    title: str
    note: str
    columns: list[Column]
    rows: list[ShownRow]
    total: ShownRow | None
    bars: list[Bar]
    chart_label: str
    csv_url: str
    xlsx_url: str


def format_count(value: int) -> str:
    return number_format(value, decimal_pos=0, force_grouping=True)


def format_money(value: Decimal) -> str:
    return number_format(Decimal(value).quantize(CENT), decimal_pos=2, force_grouping=True)


def format_value(table: Table, column: Column, value: Any) -> Cell:
    if value is HIDDEN:
        return Cell(table.hidden_text(), is_number=column.is_number, is_hidden=True)
    if value is None or value == "":
        return Cell(NOTHING, is_number=column.is_number)
    if column.kind == MONEY:
        return Cell(format_money(value), is_number=True)
    if column.is_number:
        return Cell(format_count(value), is_number=True)
    return Cell(str(value))


def _shown_row(table: Table, row: Row) -> ShownRow:
    cells = []
    for column in table.columns:
        cell = format_value(table, column, row.cells.get(column.key))
        url = row.links.get(column.key, "")
        cells.append(Cell(cell.text, url, cell.is_number, cell.is_hidden) if url else cell)
    return ShownRow(header=cells[0], cells=cells[1:])


def _width(value: Any, highest: Decimal) -> str | None:
    if value is HIDDEN or value is None:
        return None
    if highest <= 0:
        return "0"
    share = min(Decimal("100"), max(Decimal("0"), Decimal(value) * 100 / highest))
    return f"{share:.2f}"


def _bars(table: Table, rows: list[ShownRow]) -> list[Bar]:
    column = table.chart_column
    values = [row.cells.get(column.key) for row in table.rows]
    highest = max(
        (Decimal(value) for value in values if value is not HIDDEN and value is not None),
        default=Decimal("0"),
    )
    index = table.columns.index(column)
    return [
        Bar(
            label=shown.header.text,
            value=(shown.cells[index - 1] if index else shown.header).text,
            width=_width(value, highest),
        )
        for shown, value in zip(rows, values, strict=True)
    ]


def show_table(table: Table, *, csv_url: str, xlsx_url: str) -> ShownTable:
    rows = [_shown_row(table, row) for row in table.rows]
    return ShownTable(
        slug=table.slug,
        title=table.title,
        note=table.note,
        columns=table.columns,
        rows=rows,
        total=_shown_row(table, table.total) if table.total is not None else None,
        bars=_bars(table, rows),
        chart_label=table.chart_column.label,
        csv_url=csv_url,
        xlsx_url=xlsx_url,
    )


def counters_sentence(counters: Counters) -> str:
    """The counters as the national platforms put them ("566 submitted, 119 winners,
    57 implemented, 39 in progress"); before the results are public, only what was
    submitted."""
    submitted = ngettext(
        "%(count)s project submitted", "%(count)s projects submitted", counters.submitted
    ) % {"count": format_count(counters.submitted)}
    if not counters.has_results:
        return f"{submitted}."
    parts = [
        ngettext("%(count)s submitted", "%(count)s submitted", counters.submitted),
        ngettext("%(count)s winner", "%(count)s winners", counters.winners or 0),
        ngettext("%(count)s implemented", "%(count)s implemented", counters.implemented or 0),
        ngettext("%(count)s in progress", "%(count)s in progress", counters.in_progress or 0),
    ]
    figures = [
        counters.submitted,
        counters.winners or 0,
        counters.implemented or 0,
        counters.in_progress or 0,
    ]
    return (
        ", ".join(
            part % {"count": format_count(figure)}
            for part, figure in zip(parts, figures, strict=True)
        )
        + "."
    )
