"""The public results page and the published files of the approved count."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html

from hromada.accounts.models import User
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import Annulment, ResultsSnapshot, SnapshotFile
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.voting import project_by_number, voting_edition

pytestmark = pytest.mark.django_db

PB_TEXT = "META\nkey;value\ndescription;Малі проєкти\nnum_projects;3\n"
CSV_TEXT = "voter_id,vote\n1,1;3\n2,3\n"


def english_url(url_name: str, /, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(url_name, kwargs=kwargs)


def explained(code: str, **numbers: Any) -> dict[str, Any]:
    return {"code": code, "numbers": numbers}


def ranked(edition: Edition, number: int, rank: int, **fields: Any) -> dict[str, Any]:
    project = project_by_number(edition, number)
    row = {
        "project": project.pk,
        "number": number,
        "title": project.title,
        "cost": f"{project.total_cost:.2f}",
        "votes": 0,
        "points": 0,
        "selected": False,
        "rank": rank,
        "explanation": explained("no_supporters"),
    }
    row.update(fields)
    return row


def pool_outcome(edition: Edition, code: str, **fields: Any) -> dict[str, Any]:
    pool = edition.pools.get(code=code)
    row = {
        "pool": pool.pk,
        "code": code,
        "name_uk": pool.name_uk,
        "name_en": {"small": "Small projects", "large": "Large projects"}.get(code, ""),
        "budget": f"{pool.amount:.2f}",
        "transferred_in": "0.00",
        "transferred_from": None,
        "effective_budget": f"{pool.amount:.2f}",
        "used": "0.00",
        "leftover": f"{pool.amount:.2f}",
        "leftover_to": None,
        "voters": 0,
        "rule": "greedy",
        "by": "votes",
        "minimum_votes": 1,
        "leftover_rule": "skip",
        "files": {"pb": f"{code}.pb", "csv": f"{code}.csv", "tiebreak": f"{code}-tiebreak.txt"},
        "command": (
            f"python -m hromada.tally {code}.pb --rule greedy --min-votes 1 "
            f"--tie-break order:{code}-tiebreak.txt"
        ),
        "projects": [],
    }
    row.update(fields)
    return row


def sample_outcome(edition: Edition, *, annulled: int = 0) -> dict[str, Any]:
    """Small pool: № 3 (57 votes), № 2 (40), № 1 (30) all selected; large pool: № 4
    below its minimum, the money transferred to the villages pool; villages: № 5."""
    return {
        "pools": [
            pool_outcome(
                edition,
                "small",
                used="190000.00",
                leftover="410000.00",
                leftover_to="budget",
                voters=123,
                projects=[
                    ranked(
                        edition,
                        3,
                        1,
                        votes=57,
                        points=57,
                        selected=True,
                        explanation=explained(
                            "selected", round=1, votes=57, cost="90000", remaining="510000"
                        ),
                    ),
                    ranked(
                        edition,
                        2,
                        2,
                        votes=40,
                        points=40,
                        selected=True,
                        explanation=explained(
                            "selected", round=2, votes=40, cost="60000", remaining="450000"
                        ),
                    ),
                    ranked(
                        edition,
                        1,
                        3,
                        votes=30,
                        points=30,
                        selected=True,
                        explanation=explained(
                            "selected", round=3, votes=30, cost="40000", remaining="410000"
                        ),
                    ),
                ],
            ),
            pool_outcome(
                edition,
                "large",
                voters=2,
                minimum_votes=10,
                leftover_to="villages",
                projects=[
                    ranked(
                        edition,
                        4,
                        1,
                        votes=2,
                        points=2,
                        explanation=explained("below_minimum", value=2, minimum=10),
                    )
                ],
            ),
            pool_outcome(
                edition,
                "villages",
                transferred_in="300000.00",
                transferred_from="large",
                effective_budget="400000.00",
                used="45000.00",
                leftover="355000.00",
                leftover_to="budget",
                voters=12,
                projects=[
                    ranked(
                        edition,
                        5,
                        1,
                        votes=12,
                        points=12,
                        selected=True,
                        explanation=explained(
                            "selected", round=1, votes=12, cost="45000", remaining="355000"
                        ),
                    )
                ],
            ),
        ],
        "ballots": 480,
        "annulled": annulled,
        "total_budget": "1000000.00",
        "total_used": "235000.00",
    }


def sample_statistics() -> dict[str, Any]:
    return {
        "total": 480,
        "threshold": 5,
        "by_channel": [
            {"key": "online", "count": 300},
            {"key": "desk", "count": 180},
            {"key": "paper", "count": None},
        ],
        "by_age_band": [
            {"key": "14-17", "count": None},
            {"key": "18-25", "count": 100},
            {"key": "26-35", "count": 380},
        ],
        "by_territory": [
            {
                "key": "town",
                "name_uk": "Місто Здолбунів",
                "name_en": "Zdolbuniv town",
                "count": 400,
            },
            {"key": "villages", "name_uk": "Старостинські округи", "name_en": "", "count": 80},
        ],
        "by_day": [{"day": "2024-05-02", "count": 40}, {"day": "2024-05-03", "count": 440}],
    }


def make_snapshot(
    edition: Edition,
    *,
    status: str = SnapshotStatus.APPROVED,
    sequence: int = 1,
    annulled: int = 0,
    actor: User | None = None,
    **fields: Any,
) -> ResultsSnapshot:
    """A count stored directly in the documented JSON formats, with its files."""
    files = {"small.pb": PB_TEXT, "small.csv": CSV_TEXT, "small-tiebreak.txt": "3\n2\n1\n"}
    files["receipts.txt"] = "ab" * 32 + "\n"
    sums = "".join(
        f"{hashlib.sha256(text.encode()).hexdigest()}  {name}\n"
        for name, text in sorted(files.items())
    )
    files["SHA256SUMS"] = sums
    approved = status == SnapshotStatus.APPROVED
    values: dict[str, Any] = {
        "edition": edition,
        "sequence": sequence,
        "status": status,
        "counted_at": timezone.now() - timedelta(days=2),
        "counted_by": actor or make_user(full_name="Лічильник Координатор"),
        "ballots_counted": 480,
        "ballots_annulled": annulled,
        "checksum": hashlib.sha256(sums.encode()).hexdigest(),
        "outcome": sample_outcome(edition, annulled=annulled),
        "statistics": sample_statistics(),
        "protocol_number": "7" if approved else "",
        "decided_on": timezone.localdate() - timedelta(days=1) if approved else None,
        "members_present": "Олена Голова\nПетро Секретар\nІрина Членкиня" if approved else "",
        "votes_for": 3 if approved else None,
        "votes_against": 0 if approved else None,
        "votes_abstained": 0 if approved else None,
        "approved_at": timezone.now() if approved else None,
    }
    values.update(fields)
    snapshot = ResultsSnapshot.objects.create(**values)
    SnapshotFile.objects.bulk_create(
        SnapshotFile(
            snapshot=snapshot,
            name=name,
            content=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        for name, text in files.items()
    )
    return snapshot


def page(client: Any, edition: Edition) -> Any:
    response = client.get(english_url("voting:results", edition=edition.slug))
    assert response.status_code == 200
    return response


def tree(response: Any) -> Any:
    return html.fromstring(response.content.decode())


def text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def row_text(row: Any) -> str:
    """A table row's cells, one space between them."""
    return " ".join(text_of(cell) for cell in row)


# ---------------------------------------------------------------- when it is shown


def test_an_unknown_edition_is_not_found(client):
    response = client.get(english_url("voting:results", edition="1999"))
    assert response.status_code == 404


def test_an_unpublished_edition_is_not_found_even_when_approved(client):
    edition = make_edition(published=False)
    voting = voting_edition(slug="other")
    make_snapshot(voting)
    ResultsSnapshot.objects.filter(edition=voting).update(edition=edition)
    response = client.get(english_url("voting:results", edition=edition.slug))
    assert response.status_code == 404


def test_before_approval_the_page_says_when_results_are_expected(client):
    edition = voting_edition()
    results_phase = edition.phases.get(kind=PhaseKind.RESULTS)
    response = page(client, edition)
    expected = (
        f"They are expected between {results_phase.starts_on:%d.%m.%Y} and "
        f"{results_phase.ends_on:%d.%m.%Y}."
    )
    assert expected in response.content.decode()


def test_while_voting_is_open_the_pending_page_links_to_the_ballot(client):
    edition = voting_edition()
    document = tree(page(client, edition))
    assert document.xpath(f'//a[@href="{english_url("voting:ballot", edition=edition.slug)}"]')


def test_a_draft_count_is_not_public(client):
    edition = voting_edition()
    snapshot = make_snapshot(edition, status=SnapshotStatus.DRAFT)
    content = page(client, edition).content.decode()
    assert (snapshot.checksum in content, "Results of the vote" in content) == (False, True)


# ------------------------------------------------------------------------ the header


def test_the_header_shows_ballots_protocol_and_checksum(client):
    edition = voting_edition()
    snapshot = make_snapshot(edition)
    summary = tree(page(client, edition)).xpath('//div[contains(@class, "results-summary")]')[0]
    expected_date = snapshot.decided_on.strftime("%d.%m.%Y")
    assert text_of(summary) == (
        "Ballots counted 480 Money 235,000.00 UAH of 1,000,000.00 UAH goes to the selected "
        f"projects Approved by the commission protocol № 7 of {expected_date} Checksum of the "
        f"count (SHA-256 of the file SHA256SUMS) {snapshot.checksum}"
    )


def test_annulled_ballots_are_announced_with_the_decision(client):
    edition = voting_edition()
    Annulment.objects.create(
        edition=edition,
        protocol_number="5",
        decided_on=date(2024, 6, 12),
        reason="Підроблені особи",
        ballots_removed=3,
        recorded_by=make_user(),
    )
    make_snapshot(edition, annulled=3)
    annulled = tree(page(client, edition)).xpath('//p[@class="annulled"]')[0]
    assert text_of(annulled) == (
        "3 ballots were annulled by the commission's decision. (protocol № 5 of 12.06.2024)"
    )


def test_no_annulment_sentence_without_annulled_ballots(client):
    edition = voting_edition()
    make_snapshot(edition)
    assert "annulled" not in page(client, edition).content.decode()


# ------------------------------------------------------------------------ the pools


def test_each_pool_lists_projects_in_the_order_of_the_count(client):
    edition = voting_edition()
    make_snapshot(edition)
    table = tree(page(client, edition)).xpath('//section[@id="pool-small"]//table')[0]
    rows = [[text_of(cell) for cell in row] for row in table.xpath(".//tbody/tr")]
    assert rows == [
        [
            "1",
            "3",
            "Освітлення стадіону",
            "90,000.00 UAH",
            "57",
            "yes",
            "Selected in round 1 with 57 votes; 510 000 UAH left.",
        ],
        [
            "2",
            "2",
            "Велопарковка біля школи",
            "60,000.00 UAH",
            "40",
            "yes",
            "Selected in round 2 with 40 votes; 450 000 UAH left.",
        ],
        [
            "3",
            "1",
            "Лавки у сквері",
            "40,000.00 UAH",
            "30",
            "yes",
            "Selected in round 3 with 30 votes; 410 000 UAH left.",
        ],
    ]


def test_project_titles_link_to_the_project_pages(client):
    edition = voting_edition()
    make_snapshot(edition)
    project = project_by_number(edition, 3)
    links = tree(page(client, edition)).xpath('//section[@id="pool-small"]//tbody//th/a/@href')
    assert links[0] == english_url("budget:project", edition=edition.slug, project_id=project.pk)


def test_a_project_below_the_minimum_says_why(client):
    edition = voting_edition()
    make_snapshot(edition)
    row = tree(page(client, edition)).xpath('//section[@id="pool-large"]//tbody/tr')[0]
    assert [text_of(cell) for cell in row][-2:] == [
        "no",
        "Below the minimum of 10 votes (it has 2).",
    ]


def test_cumulative_ballots_show_points_and_voters(client):
    edition = voting_edition()
    snapshot = make_snapshot(edition)
    outcome = snapshot.outcome
    outcome["pools"][0]["by"] = "points"
    outcome["pools"][0]["projects"][0].update(
        points=120,
        explanation=explained(
            "selected", round=1, votes=57, points="120", cost="90000", remaining="510000"
        ),
    )
    ResultsSnapshot.objects.filter(pk=snapshot.pk).update(outcome=outcome)
    table = tree(page(client, edition)).xpath('//section[@id="pool-small"]//table')[0]
    header = [text_of(cell) for cell in table.xpath(".//thead//th")]
    first = [text_of(cell) for cell in table.xpath(".//tbody/tr[1]/*")]
    assert (header[4:6], first[4:7]) == (
        ["Points", "Voters"],
        ["120", "57", "yes"],
    )


def test_the_votes_chart_draws_bars_relative_to_the_highest(client):
    edition = voting_edition()
    make_snapshot(edition)
    widths = tree(page(client, edition)).xpath(
        '//section[@id="pool-small"]//div[@class="chart-bars"]//rect[@class="bar-selected"]/@width'
    )
    assert widths == ["100.00", "70.18", "52.63"]


def test_chart_lengths_are_not_localized_in_ukrainian(client):
    edition = voting_edition()
    make_snapshot(edition)
    response = client.get(reverse("voting:results", kwargs={"edition": edition.slug}))
    widths = tree(response).xpath(
        '//section[@id="pool-small"]//div[@class="chart-bars"]//rect[@class="bar-selected"]/@width'
    )
    assert widths[1] == "70.18"


def test_the_chart_is_an_image_with_a_text_alternative(client):
    edition = voting_edition()
    make_snapshot(edition)
    chart = tree(page(client, edition)).xpath(
        '//section[@id="pool-small"]//div[@class="chart-bars"]'
    )[0]
    assert (chart.get("role"), chart.get("aria-label")) == (
        "img",
        "Bar chart of votes per project; the figures are in the table below.",
    )


def test_the_money_table_names_the_transfer(client):
    edition = voting_edition()
    make_snapshot(edition)
    document = tree(page(client, edition))
    large = [
        row_text(row)
        for row in document.xpath('//section[@id="pool-large"]//table[@class="money-table"]//tr')
    ]
    villages = [
        row_text(row)
        for row in document.xpath('//section[@id="pool-villages"]//table[@class="money-table"]//tr')
    ]
    assert (large[-1], villages[1]) == (
        "Left over, transferred to “Села громади” 300,000.00 UAH",
        "Transferred from “Large projects” 300,000.00 UAH",
    )


def test_the_money_bar_shows_the_share_used(client):
    edition = voting_edition()
    make_snapshot(edition)
    bar = tree(page(client, edition)).xpath(
        '//section[@id="pool-villages"]//svg[contains(@class, "money-bar")]'
    )[0]
    assert (bar.xpath('./rect[@class="bar-selected"]/@width'), bar.get("aria-label")) == (
        ["11.25"],
        "45,000.00 UAH used of 400,000.00 UAH",
    )


def test_the_pool_lists_its_files_with_checksums_and_the_recount_command(client):
    edition = voting_edition()
    snapshot = make_snapshot(edition)
    section = tree(page(client, edition)).xpath('//section[@id="pool-small"]')[0]
    links = section.xpath('.//ul[@class="published-files"]//a/@href')
    command = section.xpath('.//pre[@class="command"]/code')[0].text
    pb_sha = snapshot.files.get(name="small.pb").sha256
    assert (links, pb_sha in text_of(section), command) == (
        [
            english_url("voting:results_file", edition=edition.slug, name=name)
            for name in ("small.pb", "small.csv", "small-tiebreak.txt")
        ],
        True,
        "python -m hromada.tally small.pb --rule greedy --min-votes 1 "
        "--tie-break order:small-tiebreak.txt",
    )


def test_the_command_is_introduced(client):
    edition = voting_edition()
    make_snapshot(edition)
    assert "Download the files into one folder and run:" in page(client, edition).content.decode()


def test_the_receipt_list_and_checksums_are_listed_with_the_receipt_check(client):
    edition = voting_edition()
    make_snapshot(edition)
    section = tree(page(client, edition)).xpath('//section[@id="check"]')[0]
    assert section.xpath(".//a/@href") == [
        english_url("voting:receipt", edition=edition.slug),
        english_url("voting:results_file", edition=edition.slug, name="receipts.txt"),
        english_url("voting:results_file", edition=edition.slug, name="SHA256SUMS"),
    ]


# ----------------------------------------------------------------- participation


def test_suppressed_cells_say_fewer_than_the_threshold(client):
    edition = voting_edition()
    make_snapshot(edition)
    rows = tree(page(client, edition)).xpath(
        '//div[@aria-labelledby="participation-channel"]//tbody/tr'
    )
    assert [row_text(row) for row in rows] == [
        "Online 300",
        "At a service-centre desk 180",
        "Paper form fewer than 5",
    ]


def test_a_suppressed_cell_has_no_bar(client):
    edition = voting_edition()
    make_snapshot(edition)
    rows = tree(page(client, edition)).xpath(
        '//h3[@id="participation-channel"]/following-sibling::figure[1]//div[@class="chart-row"]'
    )
    assert [len(row.xpath('.//rect[@class="bar-selected"]')) for row in rows] == [1, 1, 0]


def test_participation_by_age_territory_and_day(client):
    edition = voting_edition()
    make_snapshot(edition)
    document = tree(page(client, edition))

    def table(group: str) -> list[str]:
        return [
            row_text(row)
            for row in document.xpath(f'//div[@aria-labelledby="participation-{group}"]//tbody/tr')
        ]

    assert (table("age"), table("territory"), table("day")) == (
        ["14–17 fewer than 5", "18–25 100", "26–35 380"],
        ["Zdolbuniv town 400", "Старостинські округи 80"],
        ["02.05.2024 40", "03.05.2024 440"],
    )


# --------------------------------------------------------------- page structure


def test_headings_do_not_skip_levels(client):
    edition = voting_edition()
    make_snapshot(edition)
    levels = [
        int(h.tag[1])
        for h in tree(page(client, edition)).xpath(
            "//main//*[self::h1 or self::h2 or self::h3 or self::h4]"
        )
    ]
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert (levels[0], jumps) == (1, [])


def test_every_table_scrolls_in_a_wrapper_and_has_a_caption(client):
    edition = voting_edition()
    make_snapshot(edition)
    tables = tree(page(client, edition)).xpath("//main//table")
    assert [
        (table.getparent().get("class"), len(table.xpath("./caption"))) for table in tables
    ] == [("table-wrap", 1)] * len(tables)


def test_every_header_cell_has_a_scope(client):
    edition = voting_edition()
    make_snapshot(edition)
    cells = tree(page(client, edition)).xpath("//main//table//th")
    assert [cell.get("scope") for cell in cells if cell.get("scope") not in ("col", "row")] == []


def test_the_page_uses_no_inline_styles(client):
    edition = voting_edition()
    make_snapshot(edition)
    assert tree(page(client, edition)).xpath("//main//*[@style]") == []


# ------------------------------------------------------------------------ the files


def test_a_published_file_is_served_as_plain_text(client):
    edition = voting_edition()
    make_snapshot(edition)
    response = client.get(english_url("voting:results_file", edition=edition.slug, name="small.pb"))
    assert (
        response.status_code,
        response["Content-Type"],
        response["Content-Disposition"],
        response.content.decode(),
    ) == (
        200,
        "text/plain; charset=utf-8",
        "attachment; filename=\"small.pb\"; filename*=UTF-8''small.pb",
        PB_TEXT,
    )


def test_a_served_file_matches_its_published_checksum(client):
    edition = voting_edition()
    snapshot = make_snapshot(edition)
    response = client.get(english_url("voting:results_file", edition=edition.slug, name="small.pb"))
    assert (
        hashlib.sha256(response.content).hexdigest() == snapshot.files.get(name="small.pb").sha256
    )


def test_csv_is_served_as_csv(client):
    edition = voting_edition()
    make_snapshot(edition)
    response = client.get(
        english_url("voting:results_file", edition=edition.slug, name="small.csv")
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_an_unknown_file_is_not_found(client):
    edition = voting_edition()
    make_snapshot(edition)
    response = client.get(english_url("voting:results_file", edition=edition.slug, name="big.pb"))
    assert response.status_code == 404


def test_files_of_a_draft_count_are_not_served(client):
    edition = voting_edition()
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    response = client.get(english_url("voting:results_file", edition=edition.slug, name="small.pb"))
    assert response.status_code == 404


def test_files_of_an_unpublished_edition_are_not_served(client):
    edition = voting_edition()
    make_snapshot(edition)
    Edition.objects.filter(pk=edition.pk).update(is_published=False)
    response = client.get(english_url("voting:results_file", edition=edition.slug, name="small.pb"))
    assert response.status_code == 404


def test_the_results_page_refuses_a_post(client):
    edition = voting_edition()
    response = client.post(english_url("voting:results", edition=edition.slug))
    assert response.status_code == 405
