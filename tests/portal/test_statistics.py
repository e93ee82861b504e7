"""The public statistics of an edition and of all editions, with their downloads, on a
small world counted and approved through the real voting services."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import NoReverseMatch, resolve, reverse
from django.utils import timezone, translation
from lxml import html
from openpyxl import load_workbook

from hromada.budget.calendar import end_of
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.models import Category, Edition, Project
from hromada.core.exports import BYTE_ORDER_MARK
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import ImplementationRecord
from hromada.voting.enums import Channel
from hromada.voting.models import ResultsSnapshot
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.counting import count_edition
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition, make_resident
from tests.factories.budget_projects import make_project
from tests.factories.voting import cast, voting_edition

pytestmark = pytest.mark.django_db

# 12:00 in Kyiv on 10 March 2023.
SUBMITTED_AT = datetime(2023, 3, 10, 10, 0, tzinfo=UTC)
EDITION_TABLES = [
    "categories",
    "pools",
    "territories",
    "author-ages",
    "pool-voters",
    "channels",
    "winners",
    "implementation",
]


def english(url_name: str, /, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(url_name, kwargs=kwargs)


def count_and_approve(edition: Edition) -> ResultsSnapshot:
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    counted_at = end_of(voting.ends_on) + timedelta(seconds=1)
    snapshot = count_edition(edition=edition, actor=make_user(), now=counted_at)
    approved_at = counted_at + timedelta(days=1)
    return approve_snapshot(
        snapshot=snapshot,
        protocol_number="7",
        decided_on=timezone.localdate(approved_at),
        members_present="Петренко О. І., Коваль М. С., Шевчук Т. В.",
        votes_for=3,
        votes_against=0,
        votes_abstained=0,
        actor=make_user(),
        now=approved_at,
    )


def project(edition: Edition, title: str, state: str, cost: str, **fields: Any) -> Project:
    fields.setdefault("first_submitted_at", SUBMITTED_AT)
    return make_project(
        edition,
        state=state,
        title=title,
        cost_items=[("Роботи", "посл.", Decimal("1"), Decimal(cost))],
        **fields,
    )


@dataclass
class World:
    edition: Edition
    projects: list[Project]


def build_world(*, approve: bool = True, slug: str = "2023", year: int = 2023) -> World:
    """Five submitted projects (and a draft) of one edition:

    № | title                | pool  | category | territory | cost    | state     | author
    1 | Лавки у сквері       | small | sport    | town      | 40 000  | admitted  | young
    2 | =cmd()               | small | green    | town      | 60 000  | admitted  | adult
    3 | Освітлення стадіону  | large | sport    | villages  | 250 000 | admitted  | young
    4 | Фонтан               | small | green    | —         | 30 000  | rejected  | no identity
    5 | Сцена                | small | —        | villages  | 20 000  | withdrawn | senior

    The young author is 17 at № 1 (10 March) and 18 at № 3 (12 March). Votes: № 1 and
    № 3 twice, № 1 once more (all online), № 2 once at a desk: № 1-3 win.
    """
    edition = voting_edition(projects=False, slug=slug, year=year)
    young = make_resident(birth_date=date(2005, 3, 11))
    adult = make_resident(birth_date=date(2000, 1, 1))
    senior = make_resident(birth_date=date(1950, 1, 1))
    projects = [
        project(
            edition,
            "Лавки у сквері",
            ProjectState.ADMITTED,
            "40000",
            author=young,
            category_code="sport",
            territory_code="town",
        ),
        project(
            edition,
            "=cmd()",
            ProjectState.ADMITTED,
            "60000",
            author=adult,
            category_code="green",
            territory_code="town",
        ),
        project(
            edition,
            "Освітлення стадіону",
            ProjectState.ADMITTED,
            "250000",
            pool_code="large",
            author=young,
            category_code="sport",
            territory_code="villages",
            first_submitted_at=SUBMITTED_AT + timedelta(days=2),
        ),
        project(edition, "Фонтан", ProjectState.REJECTED, "30000", category_code="green"),
        project(
            edition,
            "Сцена",
            ProjectState.WITHDRAWN,
            "20000",
            author=senior,
            territory_code="villages",
        ),
    ]
    make_project(edition, state=ProjectState.DRAFT, title="Чернетка")
    cast(edition, {1: 1, 3: 1})
    cast(edition, {1: 1, 3: 1})
    cast(edition, {1: 1})
    cast(edition, {2: 1}, channel=Channel.DESK, operator=make_user())
    if approve:
        count_and_approve(edition)
    return World(edition, projects)


def record(project: Project, status: str) -> ImplementationRecord:
    return ImplementationRecord.objects.create(
        project=project, status=status, estimate=project.total_cost
    )


def csv_rows(client: Any, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8")
    return list(csv.reader(io.StringIO(text.removeprefix(BYTE_ORDER_MARK))))


def edition_csv(client: Any, world: World, table: str) -> list[list[str]]:
    return csv_rows(
        client, english("portal:edition_stats_csv", edition=world.edition.slug, table=table)
    )


def page(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def section_ids(tree: Any) -> list[str]:
    return [
        section.get("id") for section in tree.xpath("//section[contains(@class, 'stats-table')]")
    ]


BREAKDOWN_HEADER = [
    "Submitted",
    "Sum requested, UAH",
    "Admitted to the vote",
    "Sum of the admitted, UAH",
    "Winners",
    "Sum of the winners, UAH",
]


# ------------------------------------------------------------------ per edition


def test_projects_and_sums_by_category(client):
    world = build_world()
    assert edition_csv(client, world, "categories") == [
        ["Category", *BREAKDOWN_HEADER],
        ["Спорт і здоров'я", "2", "290000.00", "2", "290000.00", "2", "290000.00"],
        ["Благоустрій і довкілля", "2", "90000.00", "1", "60000.00", "1", "60000.00"],
        ["Not specified", "1", "20000.00", "0", "0.00", "0", "0.00"],
        ["Total", "5", "400000.00", "3", "350000.00", "3", "350000.00"],
    ]


def test_projects_and_sums_by_pool(client):
    world = build_world()
    assert edition_csv(client, world, "pools") == [
        ["Pool", *BREAKDOWN_HEADER],
        ["Малі проєкти", "4", "150000.00", "2", "100000.00", "2", "100000.00"],
        ["Великі проєкти", "1", "250000.00", "1", "250000.00", "1", "250000.00"],
        ["Села громади", "0", "0.00", "0", "0.00", "0", "0.00"],
        ["Total", "5", "400000.00", "3", "350000.00", "3", "350000.00"],
    ]


def test_projects_and_sums_by_territory(client):
    world = build_world()
    assert edition_csv(client, world, "territories") == [
        ["Territory", *BREAKDOWN_HEADER],
        ["Місто Здолбунів", "2", "100000.00", "2", "100000.00", "2", "100000.00"],
        ["Старостинські округи", "2", "270000.00", "1", "250000.00", "1", "250000.00"],
        ["Not specified", "1", "30000.00", "0", "0.00", "0", "0.00"],
        ["Total", "5", "400000.00", "3", "350000.00", "3", "350000.00"],
    ]


def test_author_age_bands_from_the_verified_birth_dates(client, settings):
    settings.VOTING_STATS_MIN_CELL = 1
    world = build_world(approve=False)
    assert edition_csv(client, world, "author-ages") == [
        ["Age band", "Authors", "Projects"],
        ["14–17", "1", "1"],
        ["18–25", "1", "2"],
        ["26–35", "0", "0"],
        ["36–45", "0", "0"],
        ["46–64", "0", "0"],
        ["65 and older", "1", "1"],
        ["Unknown", "1", "1"],
        ["Total", "4", "5"],
    ]


def test_small_age_groups_are_hidden_with_the_results_page_threshold(client):
    world = build_world(approve=False)  # threshold 5: every group is small
    rows = edition_csv(client, world, "author-ages")
    assert rows[1:3] == [["14–17", "<5", "<5"], ["18–25", "<5", "<5"]]
    assert rows[-1] == ["Total", "4", "5"]


def test_voters_and_votes_by_pool_as_the_count_has_them(client):
    world = build_world()
    assert edition_csv(client, world, "pool-voters") == [
        ["Pool", "Voters", "Votes"],
        ["Малі проєкти", "4", "4"],
        ["Великі проєкти", "2", "2"],
        ["Села громади", "0", "0"],
    ]


def test_voters_by_channel_with_small_cells_hidden(client):
    world = build_world()  # 3 online, 1 at a desk: both below 5
    assert edition_csv(client, world, "channels") == [
        ["Channel", "Voters"],
        ["Online", "<5"],
        ["At a service-centre desk", "<5"],
        ["Paper form", "0"],
        ["Total", "4"],
    ]


def test_a_large_channel_is_hidden_with_a_small_one_so_it_cannot_be_derived(client):
    edition = voting_edition(slug="2023", year=2023)
    for _ in range(6):
        cast(edition, {1: 1})
    cast(edition, {2: 1}, channel=Channel.DESK, operator=make_user())
    count_and_approve(edition)
    rows = csv_rows(client, english("portal:edition_stats_csv", edition="2023", table="channels"))
    assert rows[1:] == [
        ["Online", "<5"],
        ["At a service-centre desk", "<5"],
        ["Paper form", "0"],
        ["Total", "7"],
    ]


def test_winners_with_votes_cost_and_delivery(client):
    world = build_world()
    record(world.projects[0], ImplementationStatus.IMPLEMENTED)
    assert edition_csv(client, world, "winners") == [
        ["Project", "No.", "Pool", "Votes", "Cost, UAH", "Implementation"],
        ["Лавки у сквері", "1", "Малі проєкти", "3", "40000.00", "Implemented"],
        ["'=cmd()", "2", "Малі проєкти", "1", "60000.00", "Planned"],
        ["Освітлення стадіону", "3", "Великі проєкти", "2", "250000.00", "Planned"],
    ]


def test_winners_link_to_their_project_pages(client):
    world = build_world()
    tree = page(client, english("portal:edition_stats", edition="2023"))
    links = [link.get("href") for link in tree.xpath("//*[@id='winners']//tbody//th//a")]
    assert links == [
        english("budget:project", edition="2023", project_id=p.pk) for p in world.projects[:3]
    ]


def test_winners_link_to_their_implementation_pages(client):
    try:
        reverse("implementation:public_record", kwargs={"edition": "2023", "project_id": 1})
    except NoReverseMatch:
        pytest.skip("the implementation page (implementation:public_record) is not built yet")
    world = build_world()
    record(world.projects[0], ImplementationStatus.IN_PROGRESS)
    tree = page(client, english("portal:edition_stats", edition="2023"))
    links = [link.get("href") for link in tree.xpath("//*[@id='winners']//tbody//td//a")]
    assert links == [
        english("implementation:public_record", edition="2023", project_id=world.projects[0].pk)
    ]


def test_implementation_counters(client):
    world = build_world()
    record(world.projects[0], ImplementationStatus.IMPLEMENTED)
    record(world.projects[2], ImplementationStatus.CONTRACTING)
    record(world.projects[3], ImplementationStatus.IMPLEMENTED)  # not a winner: not counted
    assert edition_csv(client, world, "implementation") == [
        ["Stage", "Number of projects"],
        ["Submitted", "5"],
        ["Winners", "3"],
        ["Implemented", "1"],
        ["In progress", "1"],
        ["Planned", "1"],
        ["Not implemented", "0"],
    ]


def test_the_counters_sentence_opens_the_page(client):
    world = build_world()
    record(world.projects[0], ImplementationStatus.IMPLEMENTED)
    record(world.projects[1], ImplementationStatus.IN_PROGRESS)
    tree = page(client, english("portal:edition_stats", edition="2023"))
    assert text_of(tree.xpath("//*[contains(@class, 'stats-counters')]")[0]) == (
        "5 submitted, 3 winners, 1 implemented, 1 in progress."
    )


def test_each_table_has_a_chart_and_a_data_table_under_it(client):
    build_world()
    tree = page(client, english("portal:edition_stats", edition="2023"))
    assert section_ids(tree) == EDITION_TABLES
    for section in tree.xpath("//section[contains(@class, 'stats-table')]"):
        chart, table = (
            section.xpath(".//*[contains(@class, 'chart-bars')]")[0],
            section.xpath(".//table")[0],
        )
        assert chart.get("role") == "img"
        assert chart.get("aria-label").endswith("the figures are in the table below.")
        assert table.xpath(".//caption")
        assert all(th.get("scope") == "col" for th in table.xpath(".//thead//th"))
        assert all(th.get("scope") == "row" for th in table.xpath(".//tbody//th"))
        assert chart.getparent().getnext() is table.getparent()


def test_each_table_links_its_downloads(client):
    build_world()
    tree = page(client, english("portal:edition_stats", edition="2023"))
    links = [
        [link.get("href") for link in section.xpath(".//*[contains(@class, 'stats-downloads')]//a")]
        for section in tree.xpath("//section[contains(@class, 'stats-table')]")
    ]
    assert links == [
        [
            english("portal:edition_stats_csv", edition="2023", table=slug),
            english("portal:edition_stats_xlsx", edition="2023", table=slug),
        ]
        for slug in EDITION_TABLES
    ]


def test_the_page_explains_hidden_cells(client):
    build_world()
    tree = page(client, english("portal:edition_stats", edition="2023"))
    cells = [text_of(td) for td in tree.xpath("//*[@id='channels']//tbody//td")]
    note = text_of(tree.xpath("//*[@id='channels']//*[contains(@class, 'stats-note')]")[0])
    assert (cells, note.startswith("Groups of fewer than 5 people are shown as “<5”")) == (
        ["<5", "<5", "0"],
        True,
    )


def test_numbers_are_written_the_ukrainian_way_on_the_ukrainian_page(client):
    build_world()
    tree = page(client, reverse("portal:edition_stats", kwargs={"edition": "2023"}))
    total = tree.xpath("//*[@id='categories']//tfoot//td")
    assert [cell.text_content().strip() for cell in total] == [
        "5",
        "400\xa0000,00",
        "3",
        "350\xa0000,00",
        "3",
        "350\xa0000,00",
    ]


def test_the_page_renders_in_english_under_en(client):
    build_world()
    response = client.get("/en/budget/2023/stats/")
    tree = html.fromstring(response.content.decode())
    assert (response.status_code, tree.get("lang"), text_of(tree.xpath("//h1")[0])) == (
        200,
        "en",
        "Statistics: Participatory budget 2023",
    )


# --------------------------------------------------------------- before approval


def test_before_approval_there_are_no_voting_tables(client):
    build_world(approve=False)
    tree = page(client, english("portal:edition_stats", edition="2023"))
    assert section_ids(tree) == ["categories", "pools", "territories", "author-ages"]


def test_before_approval_the_page_says_the_results_are_not_published(client):
    build_world(approve=False)
    tree = page(client, english("portal:edition_stats", edition="2023"))
    assert [text_of(p) for p in tree.xpath("//*[contains(@class, 'stats-summary')]//p")] == [
        "5 projects submitted.",
        "Voting results are not published yet.",
    ]


def test_a_count_awaiting_the_commission_is_not_shown(client):
    world = build_world(approve=False)
    voting = world.edition.phases.get(kind=PhaseKind.VOTING)
    count_edition(
        edition=world.edition,
        actor=make_user(),
        now=end_of(voting.ends_on) + timedelta(seconds=1),
    )
    tree = page(client, english("portal:edition_stats", edition="2023"))
    assert "winners" not in section_ids(tree)


def test_before_approval_the_breakdowns_have_no_winner_columns(client):
    world = build_world(approve=False)
    assert edition_csv(client, world, "pools")[0] == ["Pool", *BREAKDOWN_HEADER[:4]]


def test_before_approval_a_voting_table_download_is_not_found(client):
    build_world(approve=False)
    response = client.get(english("portal:edition_stats_csv", edition="2023", table="winners"))
    assert response.status_code == 404


# --------------------------------------------------------------------- downloads


def test_a_csv_download_starts_with_the_byte_order_mark(client):
    build_world()
    response = client.get(english("portal:edition_stats_csv", edition="2023", table="winners"))
    assert (response["Content-Type"], response.content[:3]) == (
        "text/csv; charset=utf-8",
        b"\xef\xbb\xbf",
    )


def test_an_xlsx_download_holds_the_same_rows(client):
    build_world()
    response = client.get(english("portal:edition_stats_xlsx", edition="2023", table="winners"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Project", "No.", "Pool", "Votes", "Cost, UAH", "Implementation"],
        ["Лавки у сквері", 1, "Малі проєкти", 3, 40000, "Planned"],
        ["=cmd()", 2, "Малі проєкти", 1, 60000, "Planned"],
        ["Освітлення стадіону", 3, "Великі проєкти", 2, 250000, "Planned"],
    ]


def test_a_formula_title_stays_text_in_the_xlsx(client):
    build_world()
    response = client.get(english("portal:edition_stats_xlsx", edition="2023", table="winners"))
    cell = load_workbook(io.BytesIO(response.content)).active["A3"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=cmd()", "s", True)


def test_the_workbook_holds_every_table(client):
    build_world()
    response = client.get(english("portal:edition_stats_workbook", edition="2023"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Projects by category",
        "Projects by pool",
        "Projects by territory",
        "Authors by age",
        "Voters and votes by pool",
        "Voters by channel",
        "Winning projects",
        "From submission to delivery",
    ]
    assert list(workbook["Voters by channel"].iter_rows(values_only=True))[1] == ("Online", "<5")


def test_an_unknown_table_is_not_found(client):
    build_world()
    responses = [
        client.get(english("portal:edition_stats_csv", edition="2023", table="nope")),
        client.get(english("portal:edition_stats_xlsx", edition="2023", table="nope")),
        client.get(english("portal:stats_csv", table="nope")),
        client.get(english("portal:stats_xlsx", table="nope")),
    ]
    assert [response.status_code for response in responses] == [404, 404, 404, 404]


@pytest.mark.parametrize(
    ("url_name", "extra"),
    [
        ("portal:edition_stats", {}),
        ("portal:edition_stats_workbook", {}),
        ("portal:edition_stats_csv", {"table": "categories"}),
        ("portal:edition_stats_xlsx", {"table": "categories"}),
    ],
)
def test_an_unpublished_edition_is_not_found(client, url_name, extra):
    make_edition(slug="2030", year=2030, published=False)
    response = client.get(english(url_name, edition="2030", **extra))
    assert response.status_code == 404


def test_budget_stats_is_the_statistics_of_all_editions_not_an_edition():
    assert resolve("/budget/stats/").view_name == "portal:stats"


# ------------------------------------------------------------------ all editions


def build_years() -> World:
    """2023: the world above, approved; 2024: two projects, voting not yet public, its
    sport category renamed; 2025: unpublished."""
    world = build_world()
    record(world.projects[0], ImplementationStatus.IMPLEMENTED)
    record(world.projects[2], ImplementationStatus.IN_PROGRESS)
    later = make_edition(slug="2024", year=2024)
    Category.objects.filter(edition=later, code="sport").update(name_uk="Спорт")
    project(later, "Тренажери", ProjectState.ADMITTED, "10000", category_code="sport")
    project(later, "Клумби", ProjectState.SUBMITTED, "20000", category_code="green")
    hidden = make_edition(slug="2025", year=2025, published=False)
    project(hidden, "Прихований", ProjectState.ADMITTED, "50000", category_code="sport")
    return world


def test_one_row_per_published_edition(client):
    build_years()
    assert csv_rows(client, english("portal:stats_csv", table="editions")) == [
        [
            "Edition",
            "Year",
            "Total amount, UAH",
            "Submitted",
            "Admitted to the vote",
            "Winners",
            "Voters",
            "Implemented",
            "In progress",
            "Sum of the winners, UAH",
        ],
        [
            "Participatory budget 2023",
            "2023",
            "1000000.00",
            "5",
            "3",
            "3",
            "4",
            "1",
            "1",
            "350000.00",
        ],
        ["Participatory budget 2024", "2024", "1000000.00", "2", "1", "", "", "", "", ""],
        ["All editions", "", "2000000.00", "7", "4", "3", "4", "1", "1", "350000.00"],
    ]


def test_categories_are_matched_across_editions_by_code(client):
    build_years()
    assert csv_rows(client, english("portal:stats_csv", table="categories")) == [
        ["Category", *BREAKDOWN_HEADER],
        ["Спорт", "3", "300000.00", "3", "300000.00", "2", "290000.00"],
        ["Благоустрій і довкілля", "3", "110000.00", "1", "60000.00", "1", "60000.00"],
        ["Not specified", "1", "20000.00", "0", "0.00", "0", "0.00"],
        ["Total", "7", "430000.00", "4", "360000.00", "3", "350000.00"],
    ]


def test_the_latest_edition_names_a_category_whatever_the_order_of_entry(client):
    newer = make_edition(slug="2024", year=2024)
    Category.objects.filter(edition=newer, code="sport").update(name_uk="Спорт")
    make_edition(slug="2022", year=2022)  # entered later, but the older edition
    rows = csv_rows(client, english("portal:stats_csv", table="categories"))
    assert [row[0] for row in rows[1:]] == ["Спорт", "Благоустрій і довкілля", "Total"]


def test_participation_over_the_years_lists_the_editions_with_public_results(client):
    build_years()
    assert csv_rows(client, english("portal:stats_csv", table="participation")) == [
        ["Edition", "Year", "Voters"],
        ["Participatory budget 2023", "2023", "4"],
    ]


def test_the_years_page_shows_a_dash_where_results_are_not_public(client):
    build_years()
    tree = page(client, english("portal:stats"))
    rows = tree.xpath("//*[@id='editions']//tbody//tr")
    assert [text_of(cell) for cell in rows[1]] == [
        "Participatory budget 2024",
        "2024",
        "1,000,000.00",
        "2",
        "1",
        "—",
        "—",
        "—",
        "—",
        "—",
    ]


def test_the_years_page_links_each_edition_to_its_statistics(client):
    build_years()
    tree = page(client, english("portal:stats"))
    links = [link.get("href") for link in tree.xpath("//*[@id='editions']//tbody//th//a")]
    assert links == [
        english("portal:edition_stats", edition="2023"),
        english("portal:edition_stats", edition="2024"),
    ]


def test_the_years_page_sums_the_counters(client):
    build_years()
    tree = page(client, english("portal:stats"))
    assert text_of(tree.xpath("//*[contains(@class, 'stats-counters')]")[0]) == (
        "In 2 editions: 7 submitted, 3 winners, 1 implemented, 1 in progress."
    )


def test_the_years_workbook_holds_every_table(client):
    build_years()
    response = client.get(english("portal:stats_workbook"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "Editions",
        "Projects by category, all editi",
        "Participation over the years",
    ]


def test_the_years_page_without_any_edition(client):
    tree = page(client, english("portal:stats"))
    assert text_of(tree.xpath("//main//p")[-1]) == (
        "No edition of the participatory budget has been published yet."
    )


# ----------------------------------------------------------------- query counts


def several_editions() -> None:
    build_world()
    for year in (2020, 2021, 2022):
        edition = voting_edition(slug=str(year), year=year)
        cast(edition, {1: 1, 4: 1})
        count_and_approve(edition)
        ImplementationRecord.objects.create(
            project=Project.objects.get(edition=edition, number=1),
            status=ImplementationStatus.IMPLEMENTED,
        )
    make_edition(slug="2024", year=2024)


def test_the_edition_page_queries_do_not_grow_with_the_projects(
    client, django_assert_max_num_queries
):
    several_editions()
    with django_assert_max_num_queries(7):
        page(client, english("portal:edition_stats", edition="2023"))


def test_the_years_page_queries_do_not_grow_with_the_editions(
    client, django_assert_max_num_queries
):
    several_editions()
    with django_assert_max_num_queries(5):
        page(client, english("portal:stats"))
