"""The statistics tables as plain data, without the database: author age bands at their
boundaries, small-cell suppression, the counters and how figures are written."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from hromada.portal.statistics.edition import Counters, author_ages_table
from hromada.portal.statistics.presentation import counters_sentence, show_table
from hromada.portal.statistics.selectors import ProjectFact
from hromada.portal.statistics.tables import COUNT, HIDDEN, MONEY, TEXT, Column, Row, Table

# 12:00 in Kyiv on 10 March 2025.
SUBMITTED_AT = datetime(2025, 3, 10, 10, 0, tzinfo=UTC)
_ids = itertools.count(1)


def fact(
    birth_date: date | None,
    *,
    author_id: int | None = None,
    submitted_at: datetime = SUBMITTED_AT,
) -> ProjectFact:
    pk = next(_ids)
    return ProjectFact(
        pk=pk,
        edition_id=1,
        state="admitted",
        pool_id=None,
        category_id=None,
        territory_id=None,
        cost=Decimal("1000.00"),
        submitted_at=submitted_at,
        author_id=author_id if author_id is not None else pk,
        author_birth_date=birth_date,
    )


def turning(age: int, on: date = date(2025, 3, 10)) -> date:
    """Born so as to turn `age` exactly on `on`."""
    return on.replace(year=on.year - age)


def the_day_after(day: date) -> date:
    return date.fromordinal(day.toordinal() + 1)


def authors_by_band(table: Table) -> dict[str, object]:
    return {row.cells["band"]: row.cells["authors"] for row in table.rows}


def band_of_one(birth_date: date | None, **options: object) -> str:
    table = author_ages_table([fact(birth_date, **options)], threshold=1)  # type: ignore[arg-type]
    return next(band for band, count in authors_by_band(table).items() if count == 1)


# ------------------------------------------------------------------------ age bands


@pytest.mark.parametrize(
    ("birth_date", "band"),
    [
        (the_day_after(turning(18)), "14–17"),  # turns 18 tomorrow
        (turning(18), "18–25"),
        (the_day_after(turning(26)), "18–25"),
        (turning(26), "26–35"),
        (the_day_after(turning(36)), "26–35"),
        (turning(36), "36–45"),
        (the_day_after(turning(46)), "36–45"),
        (turning(46), "46–64"),
        (the_day_after(turning(65)), "46–64"),
        (turning(65), "65 and older"),
        (None, "Unknown"),
    ],
)
def test_an_author_falls_into_the_band_of_their_age_on_the_day_of_submission(birth_date, band):
    with translation.override("en"):
        assert band_of_one(birth_date) == band


def test_the_submission_day_is_the_kyiv_date():
    # 22:30 UTC on 9 March is 00:30 on 10 March in Kyiv: the author is already 18.
    late = datetime(2025, 3, 9, 22, 30, tzinfo=UTC)
    with translation.override("en"):
        assert band_of_one(turning(18), submitted_at=late) == "18–25"


def test_an_author_of_several_projects_counts_once_at_the_first_submission():
    born = the_day_after(turning(18))  # 17 on 10 March, 18 from 11 March
    facts = [
        fact(born, author_id=7, submitted_at=datetime(2025, 3, 12, 10, 0, tzinfo=UTC)),
        fact(born, author_id=7, submitted_at=SUBMITTED_AT),
    ]
    with translation.override("en"):
        table = author_ages_table(facts, threshold=1)
    rows = {row.cells["band"]: (row.cells["authors"], row.cells["projects"]) for row in table.rows}
    assert (rows["14–17"], rows["18–25"]) == ((1, 1), (0, 1))
    assert table.total is not None
    assert (table.total.cells["authors"], table.total.cells["projects"]) == (1, 2)


def test_bands_are_listed_in_order_with_unknown_last():
    with translation.override("en"):
        table = author_ages_table([], threshold=1)
    assert [row.cells["band"] for row in table.rows] == [
        "14–17",
        "18–25",
        "26–35",
        "36–45",
        "46–64",
        "65 and older",
        "Unknown",
    ]


# ---------------------------------------------------------------------- suppression


def ages_world() -> list[ProjectFact]:
    """2 authors of 14-17, 7 of 18-25, 6 of 26-35."""
    return [
        *(fact(turning(16)) for _ in range(2)),
        *(fact(turning(20)) for _ in range(7)),
        *(fact(turning(30)) for _ in range(6)),
    ]


def test_a_small_cell_is_hidden():
    with translation.override("en"):
        table = author_ages_table(ages_world(), threshold=5)
    assert authors_by_band(table)["14–17"] is HIDDEN


def test_the_complementary_cell_is_hidden_so_the_small_one_cannot_be_derived():
    with translation.override("en"):
        table = author_ages_table(ages_world(), threshold=5)
    shown = authors_by_band(table)
    assert shown == {
        "14–17": HIDDEN,
        "18–25": 7,
        "26–35": HIDDEN,  # the smallest other group, hidden with it
        "36–45": 0,
        "46–64": 0,
        "65 and older": 0,
        "Unknown": 0,
    }
    assert table.total is not None
    published_sum = sum(value for value in shown.values() if value is not HIDDEN)
    assert table.total.cells["authors"] - published_sum == 8  # neither 2 nor 6


def test_hidden_cells_are_written_less_than_the_threshold():
    with translation.override("en"):
        table = author_ages_table(ages_world(), threshold=5)
    assert table.export_rows()[0] == ["14–17", "<5", "<5"]


def test_the_note_explains_the_suppression():
    with translation.override("en"):
        table = author_ages_table(ages_world(), threshold=5)
    assert "Groups of fewer than 5 people are shown as “<5”" in table.note


# ------------------------------------------------------------------ presentation


def sample_table() -> Table:
    return Table(
        slug="sample",
        title="Sample",
        columns=[
            Column("name", "Name", TEXT),
            Column("count", "Count", COUNT),
            Column("sum", "Sum", MONEY),
        ],
        rows=[
            Row({"name": "A", "count": 1234, "sum": Decimal("1234567.5")}),
            Row({"name": "B", "count": HIDDEN, "sum": None}),
            Row({"name": "C", "count": 617, "sum": Decimal("0")}),
        ],
        chart="count",
        threshold=5,
    )


def test_figures_are_written_the_english_way_in_english():
    with translation.override("en"):
        shown = show_table(sample_table(), csv_url="", xlsx_url="")
    assert [cell.text for cell in shown.rows[0].cells] == ["1,234", "1,234,567.50"]


def test_figures_are_written_the_ukrainian_way_in_ukrainian():
    with translation.override("uk"):
        shown = show_table(sample_table(), csv_url="", xlsx_url="")
    assert [cell.text for cell in shown.rows[0].cells] == ["1\xa0234", "1\xa0234\xa0567,50"]


def test_a_hidden_cell_shows_less_than_the_threshold_and_a_missing_one_a_dash():
    with translation.override("en"):
        shown = show_table(sample_table(), csv_url="", xlsx_url="")
    assert [(cell.text, cell.is_hidden) for cell in shown.rows[1].cells] == [
        ("<5", True),
        ("—", False),
    ]


def test_bars_are_proportional_to_the_largest_and_none_for_a_hidden_cell():
    with translation.override("uk"):
        shown = show_table(sample_table(), csv_url="", xlsx_url="")
    assert [(bar.label, bar.value, bar.width) for bar in shown.bars] == [
        ("A", "1\xa0234", "100.00"),
        ("B", "<5", None),
        ("C", "617", "50.00"),
    ]


def test_the_counters_sentence():
    counters = Counters(
        submitted=566, winners=119, implemented=57, in_progress=39, planned=23, not_implemented=0
    )
    with translation.override("en"):
        assert counters_sentence(counters) == (
            "566 submitted, 119 winners, 57 implemented, 39 in progress."
        )


def test_the_counters_sentence_before_the_results_are_public():
    with translation.override("en"):
        assert counters_sentence(Counters(submitted=1)) == "1 project submitted."
