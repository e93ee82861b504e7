from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from hromada.core.exports import Sheet, csv_response, render_xlsx, xlsx_response


def read_csv(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"))))


def test_csv_starts_with_byte_order_mark_and_keeps_cyrillic():
    response = csv_response("projects.csv", ["Назва", "Сума"], [["Сквер «Ґанок»", Decimal("1.50")]])

    assert response.content.startswith(b"\xef\xbb\xbf")
    assert read_csv(response.content) == [["Назва", "Сума"], ["Сквер «Ґанок»", "1.50"]]
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_csv_neutralises_every_formula_trigger_in_text():
    rows = [["=SUM(A1)"], ["+1"], ["-5"], ["@cmd"], ["\tx"], ["\rx"], ["a=b"]]

    content = csv_response("x.csv", ["value"], rows).content

    assert read_csv(content)[1:] == [
        ["'=SUM(A1)"],
        ["'+1"],
        ["'-5"],
        ["'@cmd"],
        ["'\tx"],
        ["'\rx"],
        ["a=b"],
    ]


def test_csv_writes_numbers_as_numbers_even_when_negative():
    content = csv_response(
        "x.csv", ["a", "b", "c"], [[Decimal("-5.00"), -3, Decimal("1E+3")]]
    ).content

    assert read_csv(content)[1] == ["-5.00", "-3", "1000"]


def test_csv_writes_dates_iso_none_empty_and_quotes_separators():
    row = [date(2025, 3, 12), None, 'Сказав "так", потім\nні']

    content = csv_response("x.csv", ["date", "empty", "text"], [row]).content

    assert read_csv(content)[1] == ["2025-03-12", "", 'Сказав "так", потім\nні']
    assert b'"\xd0\xa1\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xb2 ""' in content


def test_csv_writes_aware_datetimes_in_the_community_time_zone():
    moment = datetime(2025, 3, 12, 10, 0, tzinfo=UTC)  # 12:00 in Kyiv (winter time)

    content = csv_response("x.csv", ["when"], [[moment]]).content

    assert read_csv(content)[1] == ["2025-03-12 12:00:00"]


def test_csv_writes_booleans_as_translated_words():
    with translation.override("en"):
        content = csv_response("x.csv", ["ok"], [[True], [False]]).content

    assert read_csv(content)[1:] == [["Yes"], ["No"]]


def test_csv_header_cells_are_neutralised_too():
    content = csv_response("x.csv", ["=HYPERLINK()"], []).content

    assert read_csv(content) == [["'=HYPERLINK()"]]


def test_attachment_carries_ascii_fallback_and_rfc5987_name():
    response = csv_response("Проєкти 2025", ["a"], [])

    assert response["Content-Disposition"] == (
        "attachment; filename=\"2025.csv\"; filename*=UTF-8''"
        "%D0%9F%D1%80%D0%BE%D1%94%D0%BA%D1%82%D0%B8%202025.csv"
    )
    assert response["Cache-Control"] == "private, no-store"


def test_attachment_name_loses_path_parts_and_quotes():
    response = csv_response('../../etc/"passwd".csv', ["a"], [])

    assert response["Content-Disposition"] == (
        "attachment; filename=\"etc_passwd.csv\"; filename*=UTF-8''etc%20passwd%20.csv"
    )


def open_workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def test_xlsx_header_is_bold_and_frozen_and_values_are_exact():
    sheet_spec = Sheet(
        title="Проєкти",
        header=["Назва", "Сума", "Дата", "Голосів"],
        rows=[["Сквер «Ґанок»", Decimal("120000.50"), date(2025, 3, 12), 42]],
    )

    response = xlsx_response("projects", [sheet_spec])

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = open_workbook(response.content)["Проєкти"]
    assert [cell.value for cell in sheet[1]] == ["Назва", "Сума", "Дата", "Голосів"]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == "Сквер «Ґанок»"
    assert sheet["B2"].value == 120000.5
    assert sheet["B2"].data_type == "n"
    assert sheet["B2"].number_format == "#,##0.00"
    assert sheet["C2"].value == datetime(2025, 3, 12)
    assert sheet["C2"].is_date
    assert sheet["D2"].value == 42


def test_xlsx_stores_formula_like_text_as_plain_strings():
    rows = [["=SUM(A1)"], ["-5"], ["@cmd"], ["+380 67 000 00 00"]]

    sheet = open_workbook(render_xlsx([Sheet("x", ["value"], rows)])).active

    values = [(cell.value, cell.data_type, cell.quotePrefix) for (cell,) in sheet.iter_rows(2)]
    assert values == [
        ("=SUM(A1)", "s", True),
        ("-5", "s", True),
        ("@cmd", "s", True),
        ("+380 67 000 00 00", "s", True),
    ]


def test_xlsx_negative_decimal_stays_a_number():
    sheet = open_workbook(render_xlsx([Sheet("x", ["amount"], [[Decimal("-5.00")]])])).active

    assert sheet["A2"].value == -5
    assert sheet["A2"].data_type == "n"


def test_xlsx_sizes_columns_to_content():
    long_text = "Облаштування дитячого майданчика на вулиці Шевченка"
    sheet = open_workbook(render_xlsx([Sheet("x", ["№", "Назва"], [[1, long_text]])])).active

    assert sheet.column_dimensions["A"].width == 8
    assert sheet.column_dimensions["B"].width == len(long_text) + 2


def test_xlsx_makes_sheet_titles_valid_and_unique():
    sheets = [Sheet("Пул: центр/схід", ["a"], []), Sheet("Пул: центр/схід", ["a"], [])]

    workbook = open_workbook(render_xlsx(sheets))

    assert workbook.sheetnames == ["Пул  центр схід", "Пул  центр схід (2)"]


def test_xlsx_drops_control_characters_that_excel_cannot_store():
    sheet = open_workbook(render_xlsx([Sheet("x", ["a"], [["до\x0bбре"]])])).active

    assert sheet["A2"].value == "добре"


@pytest.mark.parametrize("filename", ["звіт.xlsx", "звіт"])
def test_xlsx_response_name_ends_in_xlsx_once(filename):
    response = xlsx_response(filename, [Sheet("x", ["a"], [])])

    assert response["Content-Disposition"].endswith("''%D0%B7%D0%B2%D1%96%D1%82.xlsx")
