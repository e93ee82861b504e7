"""Tabular exports (CSV and XLSX) that open correctly in Excel and cannot carry formulas.

Cells come from what residents typed (project titles, names), so any text that a
spreadsheet would read as a formula is neutralised (OWASP "CSV injection"). Numbers
stay numbers: a negative amount is data, not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hromada.core.attachments import attachment_response

# Characters that make Excel, LibreOffice or Google Sheets start a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MIN_COLUMN_WIDTH = 8
MAX_COLUMN_WIDTH = 60
SHEET_TITLE_LENGTH = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title, a header row and the data rows under it."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def neutralise_formula(text: str) -> str:
    """`text` with a leading `'` when a spreadsheet would otherwise run it as a formula."""
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _is_number(value: object) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _local_naive(value: datetime) -> datetime:
    """Spreadsheets know no time zones: show the community's local time."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _text(value: object) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(value)


# --- CSV ------------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """How one value is written to CSV: numbers as numbers, dates ISO, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")  # never "1E+3"
    if _is_number(value):
        return str(value)
    if isinstance(value, datetime):
        return _local_naive(value).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    return neutralise_formula(_text(value))


def render_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel shows Cyrillic instead of mojibake."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_cell(title) for title in header])
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(
    filename: str, header: list[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    return attachment_response(
        filename, render_csv(header, rows), content_type=CSV_CONTENT_TYPE, extension=".csv"
    )


# --- XLSX -----------------------------------------------------------------------------


def _sheet_title(title: str, number: int, taken: set[str]) -> str:
    cleaned = _SHEET_TITLE_FORBIDDEN.sub(" ", title).strip(" '")[:SHEET_TITLE_LENGTH]
    cleaned = cleaned or str(number)
    candidate, suffix = cleaned, 2
    while candidate.lower() in taken:
        tail = f" ({suffix})"
        candidate = cleaned[: SHEET_TITLE_LENGTH - len(tail)] + tail
        suffix += 1
    taken.add(candidate.lower())
    return candidate


def _display_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    if isinstance(value, datetime):
        return len(DATETIME_FORMAT)
    if isinstance(value, date):
        return len(DATE_FORMAT)
    return max((len(line) for line in _text(value).splitlines()), default=0)


def _write_cell(sheet: Worksheet, row: int, column: int, value: object) -> None:
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = MONEY_FORMAT
    elif _is_number(value):
        cell.value = value  # type: ignore[assignment]
    elif isinstance(value, datetime):
        cell.value = _local_naive(value)
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, time):
        cell.value = value
    else:
        text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
        cell.value = text
        # openpyxl takes text starting with "=" for a formula: force a string cell, and
        # mark it the way Excel marks a typed-in 'text, so that editing keeps it text.
        cell.data_type = "s"
        if text.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True


def _fill_sheet(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    widths: dict[int, int] = {}
    for column, title in enumerate(header, start=1):
        _write_cell(sheet, 1, column, title)
        sheet.cell(row=1, column=column).font = Font(bold=True)
        widths[column] = _display_width(title)
    for row_number, row in enumerate(rows, start=2):
        for column, value in enumerate(row, start=1):
            _write_cell(sheet, row_number, column, value)
            widths[column] = max(widths.get(column, 0), _display_width(value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width + 2, MIN_COLUMN_WIDTH), MAX_COLUMN_WIDTH
        )
    if header:
        sheet.freeze_panes = "A2"


def render_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook with one worksheet per `Sheet`; header rows bold and frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    workbook.properties.creator = "Hromada"
    taken: set[str] = set()
    for number, spec in enumerate(sheets, start=1):
        sheet = workbook.create_sheet(_sheet_title(spec.title, number, taken))
        _fill_sheet(sheet, spec.header, spec.rows)
    if not sheets:
        workbook.create_sheet("1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    return attachment_response(
        filename, render_xlsx(sheets), content_type=XLSX_CONTENT_TYPE, extension=".xlsx"
    )
