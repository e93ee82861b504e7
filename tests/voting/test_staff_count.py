"""The staff voting overview, the count, a count's page and the commission's approval."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html

from hromada.accounts.enums import Role
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.core.models import ActivityLog
from hromada.voting.enums import Channel, SnapshotStatus
from hromada.voting.models import ResultsSnapshot
from tests.factories.accounts import make_user
from tests.factories.voting import cast, voting_edition
from tests.voting.test_results_page import make_snapshot

pytestmark = pytest.mark.django_db


def url(url_name: str, edition: Edition, /, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"voting:{url_name}", kwargs={"edition": edition.slug, **kwargs})


def close_voting(edition: Edition) -> None:
    """Voting closed a moment ago (as if the phase had ended)."""
    edition.phases.filter(kind=PhaseKind.VOTING).update(
        closed_early_at=timezone.now() - timedelta(seconds=1),
        closed_early_reason="Кінець голосування",
    )


def signed_in(client: Any, role: str, edition: Edition | None = None) -> Any:
    user = make_user(role, scope=edition) if edition is not None else make_user(role)
    client.force_login(user)
    return user


def approval(**changes: Any) -> dict[str, Any]:
    data = {
        "protocol_number": "12",
        "decided_on": timezone.localdate().isoformat(),
        "members_present": "Олена Голова\nПетро Секретар\nІрина Членкиня",
        "votes_for": "3",
        "votes_against": "0",
        "votes_abstained": "0",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def errors_of(response: Any) -> list[str]:
    document = html.fromstring(response.content.decode())
    return [
        " ".join(item.text_content().split())
        for item in document.xpath('//ul[contains(@class, "errorlist")]/li')
    ]


def counted_edition(client: Any, **settings: Any) -> Edition:
    """Two ballots cast, voting closed, the coordinator signed in."""
    edition = voting_edition(**settings)
    cast(edition, {3: 1})
    cast(edition, {3: 1, 4: 1}, channel=Channel.ONLINE)
    close_voting(edition)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    return edition


# -------------------------------------------------------------------- permissions

STAFF_PAGES = [
    ("staff_overview", {}, "get"),
    ("staff_count", {}, "get"),
    ("staff_count", {}, "post"),
    ("staff_snapshot", {"sequence": 1}, "get"),
    ("staff_approve", {"sequence": 1}, "post"),
    ("staff_protocol", {"sequence": 1, "fmt": "docx"}, "get"),
]


@pytest.mark.parametrize(("url_name", "kwargs", "method"), STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, url_name, kwargs, method):
    edition = voting_edition(key=False)
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    response = getattr(client, method)(url(url_name, edition, **kwargs))
    assert (response.status_code, response["Location"].split("?")[0]) == (
        302,
        "/en/accounts/login/",
    )


@pytest.mark.parametrize(("url_name", "kwargs", "method"), STAFF_PAGES)
def test_residents_are_refused(client, url_name, kwargs, method):
    edition = voting_edition(key=False)
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.RESIDENT)
    response = getattr(client, method)(url(url_name, edition, **kwargs), approval())
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("url_name", "kwargs", "method", "role"),
    [
        ("staff_overview", {}, "get", Role.BUDGET_COORDINATOR),
        ("staff_count", {}, "post", Role.BUDGET_COORDINATOR),
        ("staff_snapshot", {"sequence": 1}, "get", Role.BUDGET_COMMISSION_MEMBER),
        ("staff_approve", {"sequence": 1}, "post", Role.BUDGET_COMMISSION_MEMBER),
        ("staff_protocol", {"sequence": 1, "fmt": "pdf"}, "get", Role.BUDGET_COMMISSION_MEMBER),
    ],
)
def test_staff_of_another_edition_get_not_found(client, url_name, kwargs, method, role):
    edition = voting_edition(key=False)
    snapshot = make_snapshot(edition, status=SnapshotStatus.DRAFT)
    other = voting_edition(slug="other", projects=False, key=False)
    signed_in(client, role, other)
    response = getattr(client, method)(url(url_name, edition, **kwargs), approval())
    assert response.status_code == 404
    assert ResultsSnapshot.objects.get(pk=snapshot.pk).status == SnapshotStatus.DRAFT


def test_a_desk_operator_may_not_count(client):
    edition = voting_edition()
    close_voting(edition)
    signed_in(client, Role.DESK_OPERATOR, edition)
    response = client.post(url("staff_count", edition), {"reason": ""})
    assert (response.status_code, ResultsSnapshot.objects.count()) == (403, 0)


def test_a_coordinator_may_not_approve(client):
    edition = voting_edition(key=False)
    snapshot = make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    response = client.post(url("staff_approve", edition, sequence=1), approval())
    assert response.status_code == 403
    assert ResultsSnapshot.objects.get(pk=snapshot.pk).status == SnapshotStatus.DRAFT


# ---------------------------------------------------------------------- overview


def test_the_overview_shows_turnout_by_channel_never_by_project(client):
    edition = voting_edition()
    cast(edition, {3: 1})
    cast(edition, {2: 1})
    signed_in(client, Role.BUDGET_COMMISSION_MEMBER, edition)
    response = client.get(url("staff_overview", edition))
    document = html.fromstring(response.content.decode())
    rows = document.xpath('//table[caption[@id="turnout-channel-caption"]]/tbody/tr')
    content = response.content.decode()
    assert [" ".join(cell.text_content().split()) for row in rows for cell in row] == [
        "Online",
        "2",
        "At a service-centre desk",
        "0",
        "Paper form",
        "0",
    ]
    assert ("Освітлення стадіону" in content, "Велопарковка" in content) == (False, False)


def test_the_overview_shows_turnout_by_day(client):
    edition = voting_edition()
    cast(edition, {3: 1})
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    document = html.fromstring(client.get(url("staff_overview", edition)).content.decode())
    rows = document.xpath('//table[caption[@id="turnout-day-caption"]]/tbody/tr')
    assert [" ".join(cell.text_content().split()) for row in rows for cell in row] == [
        timezone.localdate().strftime("%d.%m.%Y"),
        "1",
    ]


def test_the_overview_shows_the_key_fingerprint(client):
    edition = voting_edition(projects=False)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    content = client.get(url("staff_overview", edition)).content.decode()
    assert edition.commission_key.fingerprint in content


def test_the_overview_warns_when_no_key_is_registered(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    content = client.get(url("staff_overview", edition)).content.decode()
    assert "No key is registered" in content


def test_the_overview_lists_counts_with_links(client):
    edition = voting_edition(key=False)
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.AUDITOR)
    document = html.fromstring(client.get(url("staff_overview", edition)).content.decode())
    assert document.xpath('//table[@class="snapshot-list"]//a/@href') == [
        url("staff_snapshot", edition, sequence=1)
    ]


def test_the_coordinator_sees_the_count_link_but_not_annulment(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    content = client.get(url("staff_overview", edition)).content.decode()
    assert (url("staff_count", edition) in content, url("staff_annul", edition) in content) == (
        True,
        False,
    )


def test_a_commission_member_sees_annulment_but_not_the_count_link(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.BUDGET_COMMISSION_MEMBER, edition)
    content = client.get(url("staff_overview", edition)).content.decode()
    assert (url("staff_count", edition) in content, url("staff_annul", edition) in content) == (
        False,
        True,
    )


def test_a_desk_operator_sees_the_desk_link(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.DESK_OPERATOR, edition)
    content = client.get(url("staff_overview", edition)).content.decode()
    assert url("desk", edition) in content


# -------------------------------------------------------------------------- count


def test_the_lot_field_is_hidden_unless_ties_are_broken_by_lot(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    content = client.get(url("staff_count", edition)).content.decode()
    assert 'name="lot_seed"' not in content


def test_the_lot_field_is_shown_when_ties_are_broken_by_lot(client):
    edition = voting_edition(projects=False, key=False, tie_break="lot")
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    content = client.get(url("staff_count", edition)).content.decode()
    assert 'name="lot_seed"' in content


def test_counting_creates_a_draft_and_shows_it(client):
    edition = counted_edition(client)
    response = client.post(url("staff_count", edition), {"reason": ""})
    snapshot = ResultsSnapshot.objects.get(edition=edition)
    assert (
        response.status_code,
        response["Location"],
        snapshot.status,
        snapshot.ballots_counted,
    ) == (
        302,
        url("staff_snapshot", edition, sequence=1),
        SnapshotStatus.DRAFT,
        2,
    )


def test_counting_while_voting_is_open_is_refused_on_the_form(client):
    edition = voting_edition()
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    response = client.post(url("staff_count", edition), {"reason": "Перший підрахунок"})
    assert response.status_code == 400
    assert errors_of(response)[0].startswith("Voting has not closed yet")
    assert ResultsSnapshot.objects.count() == 0


def test_counting_by_lot_needs_the_lot(client):
    edition = counted_edition(client, tie_break="lot")
    response = client.post(url("staff_count", edition), {"reason": "", "lot_seed": "  "})
    assert (response.status_code, errors_of(response)) == (
        400,
        ["Enter the lot drawn by the commission: ties are broken by lot."],
    )
    assert ResultsSnapshot.objects.count() == 0


def test_a_lot_with_a_line_break_is_refused(client):
    edition = counted_edition(client, tie_break="lot")
    response = client.post(url("staff_count", edition), {"lot_seed": "17\n42"})
    assert errors_of(response) == ["The lot may not contain line breaks or control characters."]


def test_a_too_long_lot_is_refused(client):
    edition = counted_edition(client, tie_break="lot")
    response = client.post(url("staff_count", edition), {"lot_seed": "7" * 101})
    assert errors_of(response) == ["The lot is at most 100 characters long."]


def test_counting_by_lot_records_the_lot(client):
    edition = counted_edition(client, tie_break="lot")
    client.post(url("staff_count", edition), {"lot_seed": "Жереб 2024-06-01: 4817"})
    assert ResultsSnapshot.objects.get(edition=edition).lot_seed == "Жереб 2024-06-01: 4817"


def test_counting_again_without_a_reason_is_refused_and_keeps_the_lot(client):
    edition = counted_edition(client, tie_break="lot")
    client.post(url("staff_count", edition), {"lot_seed": "4817"})
    response = client.post(url("staff_count", edition), {"lot_seed": "9931"})
    document = html.fromstring(response.content.decode())
    assert (
        response.status_code,
        errors_of(response),
        document.xpath('//input[@name="lot_seed"]/@value'),
    ) == (
        400,
        ["The votes have been counted before: say why they are counted again."],
        ["9931"],
    )
    assert ResultsSnapshot.objects.filter(edition=edition).count() == 1


def test_counting_again_with_a_reason_supersedes_the_draft(client):
    edition = counted_edition(client)
    client.post(url("staff_count", edition), {"reason": ""})
    client.post(url("staff_count", edition), {"reason": "Перевірка після анулювання"})
    statuses = list(
        ResultsSnapshot.objects.filter(edition=edition)
        .order_by("sequence")
        .values_list("status", flat=True)
    )
    assert statuses == [SnapshotStatus.SUPERSEDED, SnapshotStatus.DRAFT]


def test_counting_writes_the_activity_log(client):
    edition = counted_edition(client)
    client.post(url("staff_count", edition), {"reason": ""})
    assert ActivityLog.objects.filter(action="voting.counted").count() == 1


# ----------------------------------------------------------------------- snapshot


def test_the_count_page_shows_the_outcome_and_the_approval_form(client):
    edition = voting_edition(projects=True, key=False)
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.BUDGET_COMMISSION_MEMBER, edition)
    response = client.get(url("staff_snapshot", edition, sequence=1))
    document = html.fromstring(response.content.decode())
    assert (
        len(document.xpath('//section[@id="pool-small"]//table[@class="results-table"]/tbody/tr')),
        document.xpath('//form[contains(@action, "/approve/")]/@action'),
    ) == (3, [url("staff_approve", edition, sequence=1)])


def test_a_counted_snapshot_page_from_the_real_count(client):
    edition = counted_edition(client)
    client.post(url("staff_count", edition), {"reason": ""})
    response = client.get(url("staff_snapshot", edition, sequence=1))
    document = html.fromstring(response.content.decode())
    first = document.xpath('//section[@id="pool-small"]//tbody/tr[1]/*')
    assert [" ".join(cell.text_content().split()) for cell in first][1:5] == [
        "3",
        "Освітлення стадіону",
        "90,000.00 UAH",
        "2",
    ]


def test_without_the_approval_permission_there_is_no_form(client):
    edition = voting_edition(projects=True, key=False)
    make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.BUDGET_COORDINATOR, edition)
    response = client.get(url("staff_snapshot", edition, sequence=1))
    assert 'name="protocol_number"' not in response.content.decode()


def test_an_approved_count_offers_no_form(client):
    edition = voting_edition(projects=True, key=False)
    make_snapshot(edition)
    signed_in(client, Role.BUDGET_COMMISSION_MEMBER, edition)
    response = client.get(url("staff_snapshot", edition, sequence=1))
    assert 'name="protocol_number"' not in response.content.decode()


def test_an_unknown_count_is_not_found(client):
    edition = voting_edition(projects=False, key=False)
    signed_in(client, Role.ADMINISTRATOR)
    assert client.get(url("staff_snapshot", edition, sequence=9)).status_code == 404


# ----------------------------------------------------------------------- approval


@pytest.fixture
def draft(client: Any) -> ResultsSnapshot:
    edition = voting_edition(projects=True, key=False)
    snapshot = make_snapshot(edition, status=SnapshotStatus.DRAFT)
    signed_in(client, Role.BUDGET_COMMISSION_MEMBER, edition)
    return snapshot


def approve(client: Any, snapshot: ResultsSnapshot, **changes: Any) -> Any:
    return client.post(
        url("staff_approve", snapshot.edition, sequence=snapshot.sequence), approval(**changes)
    )


def test_approving_publishes_the_count(client, draft):
    response = approve(client, draft)
    stored = ResultsSnapshot.objects.get(pk=draft.pk)
    assert (
        response.status_code,
        stored.status,
        stored.protocol_number,
        stored.members_present,
    ) == (
        302,
        SnapshotStatus.APPROVED,
        "12",
        "Олена Голова\nПетро Секретар\nІрина Членкиня",
    )
    public = client.get(url("results", draft.edition)).content.decode()
    assert draft.checksum in public


def test_approving_writes_the_activity_log(client, draft):
    approve(client, draft)
    assert ActivityLog.objects.filter(action="voting.approved").count() == 1


def test_blank_lines_and_extra_spaces_in_members_are_dropped(client, draft):
    approve(
        client,
        draft,
        members_present="\n  Олена   Голова \n\nПетро Секретар\n",
        votes_for="2",
    )
    assert (
        ResultsSnapshot.objects.get(pk=draft.pk).members_present == "Олена Голова\nПетро Секретар"
    )


def assert_refused(
    client: Any, snapshot: ResultsSnapshot, expected: list[str], **changes: Any
) -> None:
    response = approve(client, snapshot, **changes)
    stored = ResultsSnapshot.objects.get(pk=snapshot.pk)
    assert (response.status_code, errors_of(response), stored.status, stored.protocol_number) == (
        400,
        expected,
        SnapshotStatus.DRAFT,
        "",
    )


def test_a_missing_protocol_number_is_refused(client, draft):
    assert_refused(
        client, draft, ["Enter the number of the commission's protocol."], protocol_number=""
    )


def test_a_missing_date_is_refused(client, draft):
    assert_refused(client, draft, ["Enter the date of the commission's decision."], decided_on="")


def test_a_malformed_date_is_refused(client, draft):
    assert_refused(client, draft, ["Enter the date as DD.MM.YYYY."], decided_on="31.02.2024")


def test_a_future_date_is_refused(client, draft):
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert_refused(
        client, draft, ["The decision date cannot be in the future."], decided_on=tomorrow
    )


def test_a_date_before_the_count_is_refused(client, draft):
    counted_on = timezone.localdate(draft.counted_at)
    before = (counted_on - timedelta(days=1)).isoformat()
    assert_refused(
        client,
        draft,
        [f"The decision cannot be dated before the count ({counted_on:%d.%m.%Y})."],
        decided_on=before,
    )


def test_missing_members_are_refused(client, draft):
    assert_refused(
        client, draft, ["List the members present, one per line."], members_present=" \n "
    )


def test_a_member_listed_twice_is_refused(client, draft):
    assert_refused(
        client,
        draft,
        ["“Олена Голова” is listed twice."],
        members_present="Олена Голова\nолена голова",
    )


def test_a_negative_vote_is_refused(client, draft):
    assert_refused(
        client, draft, ["Ensure this value is greater than or equal to 0."], votes_against="-1"
    )


def test_a_missing_vote_is_refused(client, draft):
    assert_refused(
        client, draft, ["Enter how many members abstained (0 if none)."], votes_abstained=""
    )


def test_more_votes_than_members_present_is_refused(client, draft):
    assert_refused(
        client,
        draft,
        ["4 votes were counted, but only 3 members are listed as present."],
        votes_for="3",
        votes_abstained="1",
    )


def test_a_vote_without_a_majority_is_refused_by_the_service(client, draft):
    assert_refused(
        client,
        draft,
        [
            "The commission did not approve the results: the votes for must outnumber the "
            "votes against."
        ],
        votes_for="1",
        votes_against="2",
    )


def test_a_refused_approval_keeps_what_was_typed(client, draft):
    response = approve(client, draft, protocol_number="", members_present="Олена Голова")
    document = html.fromstring(response.content.decode())
    assert (
        document.xpath('//textarea[@name="members_present"]')[0].text.strip(),
        document.xpath('//input[@name="decided_on"]/@value'),
    ) == ("Олена Голова", [timezone.localdate().isoformat()])


def test_a_superseded_count_cannot_be_approved(client, draft):
    ResultsSnapshot.objects.filter(pk=draft.pk).update(status=SnapshotStatus.SUPERSEDED)
    make_snapshot(draft.edition, status=SnapshotStatus.DRAFT, sequence=2)
    response = approve(client, draft)
    assert (response.status_code, ResultsSnapshot.objects.get(pk=draft.pk).status) == (
        302,
        SnapshotStatus.SUPERSEDED,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Only the latest count can be approved: this one has been replaced." in page


def test_approval_only_by_post(client, draft):
    response = client.get(url("staff_approve", draft.edition, sequence=draft.sequence))
    assert response.status_code == 405


def test_an_approved_count_replaces_the_earlier_approved_one(client, draft):
    approve(client, draft)
    make_snapshot(draft.edition, status=SnapshotStatus.DRAFT, sequence=2)
    second = ResultsSnapshot.objects.get(edition=draft.edition, sequence=2)
    approve(client, second, protocol_number="13")
    statuses = list(
        ResultsSnapshot.objects.filter(edition=draft.edition)
        .order_by("sequence")
        .values_list("status", flat=True)
    )
    assert statuses == [SnapshotStatus.SUPERSEDED, SnapshotStatus.APPROVED]


def test_the_commission_can_download_the_files_of_a_draft_count(client):
    from hromada.voting.enums import SnapshotStatus as Status

    edition = voting_edition()
    draft = make_snapshot(edition, status=Status.DRAFT)
    client.force_login(make_user("budget_commission_member", scope=edition))
    url = reverse(
        "voting:staff_snapshot_file",
        kwargs={"edition": edition.slug, "sequence": draft.sequence, "name": "small.pb"},
    )
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode() == draft.files.get(name="small.pb").content
    page = client.get(
        reverse("voting:staff_snapshot", kwargs={"edition": edition.slug, "sequence": 1})
    )
    assert url in page.content.decode()
    public = reverse("voting:results_file", kwargs={"edition": edition.slug, "name": "small.pb"})
    client.logout()
    assert client.get(public).status_code == 404


def test_residents_cannot_download_draft_files(client):
    from hromada.voting.enums import SnapshotStatus as Status

    edition = voting_edition()
    make_snapshot(edition, status=Status.DRAFT)
    client.force_login(make_user())
    url = reverse(
        "voting:staff_snapshot_file",
        kwargs={"edition": edition.slug, "sequence": 1, "name": "small.pb"},
    )
    assert client.get(url).status_code == 403
