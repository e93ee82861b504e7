"""A published statistics table as plain data: the page draws it (a bar chart with the
table under it) and the downloads write it (CSV, XLSX) from the same rows, so the three
can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hromada.core.exports import Sheet

TEXT = "text"
COUNT = "count"
MONEY = "money"


class Hidden:
    """A small cell withheld for privacy (see hromada.voting.statistics.suppress).
    There is one, HIDDEN: compare with `is`."""

    def __repr__(self) -> str:
        return "HIDDEN"


HIDDEN = Hidden()


def published(count: int | None) -> int | Hidden:
    """A count as `suppress()` published it: None there means hidden here."""
    return HIDDEN if count is None else count


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT

    @property
    def is_number(self) -> bool:
        return self.kind in {COUNT, MONEY}


@dataclass
class Row:
    """Cells by column key: int, Decimal, text, None (nothing to show: "—") or HIDDEN.
    `links`: column key → address, for the page only."""

    cells: dict[str, Any]
    links: dict[str, str] = field(default_factory=dict)


@dataclass
class Table:
    """One table of figures. The first column names the row; `chart` is the key of the
    column drawn as bars; `threshold` is set when cells may be HIDDEN ("<threshold")."""

    slug: str
    title: str
    columns: list[Column]
    rows: list[Row]
    chart: str
    note: str = ""
    total: Row | None = None
    threshold: int | None = None

    @property
    def header(self) -> list[str]:
        return [column.label for column in self.columns]

    @property
    def chart_column(self) -> Column:
        return next(column for column in self.columns if column.key == self.chart)

    def hidden_text(self) -> str:
        return f"<{self.threshold}" if self.threshold else "<"

    def export_value(self, value: Any) -> object:
        """A cell as the downloads write it: numbers stay numbers, hidden cells read
        "<N" as on the page."""
        if value is HIDDEN:
            return self.hidden_text()
        return value

    def export_rows(self) -> list[list[object]]:
        rows = [*self.rows, *([self.total] if self.total is not None else [])]
        return [
            [self.export_value(row.cells.get(column.key)) for column in self.columns]
            for row in rows
        ]

    def sheet(self) -> Sheet:
        return Sheet(title=self.title, header=self.header, rows=self.export_rows())


def find_table(tables: list[Table], slug: str) -> Table | None:
    return next((table for table in tables if table.slug == slug), None)
