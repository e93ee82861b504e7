"""Staff pages: the overview with overdue records, a record's forms (each re-renders the
page with the message and the input kept when refused), department officers' scope."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from lxml import html

from hromada.accounts.enums import Role
from hromada.budget.enums import ProjectState
from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.models import ImplementationRecord, Payment, Update
from hromada.implementation.services import post_update
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.budget import make_edition
from tests.factories.budget_projects import make_project
from tests.factories.implementation import (
    jpeg_upload,
    make_measure,
    make_record,
    png_upload,
    text_upload,
    winning_edition,
)

pytestmark = pytest.mark.django_db

S = ImplementationStatus


def url(name: str, /, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"implementation:{name}", kwargs=kwargs)


def tree(response: Any) -> Any:
    return html.fromstring(response.content.decode())


def text_of(response: Any) -> str:
    return " ".join(tree(response).text_content().split())


@pytest.fixture
def world():
    department = DepartmentFactory(name_en="Housing department")
    other = DepartmentFactory(name_en="Culture department")
    edition, winners = winning_edition(winners=2, losers=0, measure=make_measure())
    ours = make_record(winners[0], department=department, status=S.IN_PROGRESS, progress=40)
    theirs = make_record(winners[1], department=other)
    return {"edition": edition, "department": department, "ours": ours, "theirs": theirs}


def logged_in(client, role, **grant):
    client.force_login(make_user(role, **grant))
    return client


def coordinator(client, world):
    return logged_in(client, Role.BUDGET_COORDINATOR, scope=world["edition"])


def record_url(name, record, **kwargs):
    return url(name, edition=record.project.edition.slug, record_id=record.pk, **kwargs)


# --- Overview ---------------------------------------------------------------------------


def test_the_overview_lists_every_record_for_the_coordinator(client, world):
    response = coordinator(client, world).get(url("staff_overview", edition="2024"))
    assert response.status_code == 200
    rows = tree(response).xpath("//table/tbody/tr/th/a/text()")
    assert rows == ["Проєкт 1", "Проєкт 2"]


def test_an_overdue_record_says_by_how_many_days(client, world):
    ours = world["ours"]
    ours.planned_end = timezone.localdate() - timedelta(days=12)
    ours.save()
    response = coordinator(client, world).get(url("staff_overview", edition="2024"))
    overdue = tree(response).xpath("//tr[contains(@class, 'overdue')]")
    assert len(overdue) == 1
    assert "Overdue by 12 days" in overdue[0].text_content()
    assert "1 project is past its planned completion." in text_of(response)


def test_a_finished_record_past_its_date_is_not_overdue(client, world):
    theirs = world["theirs"]
    theirs.planned_end = timezone.localdate() - timedelta(days=3)
    theirs.status = S.IMPLEMENTED
    theirs.save()
    response = coordinator(client, world).get(url("staff_overview", edition="2024"))
    assert tree(response).xpath("//tr[contains(@class, 'overdue')]") == []


def test_the_overdue_filter_shows_only_overdue_records(client, world):
    ours = world["ours"]
    ours.planned_end = timezone.localdate() - timedelta(days=1)
    ours.save()
    response = coordinator(client, world).get(url("staff_overview", edition="2024") + "?overdue=1")
    assert tree(response).xpath("//table/tbody/tr/th/a/text()") == ["Проєкт 1"]


def test_a_department_officer_sees_only_the_records_of_their_department(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    response = client.get(url("staff_overview", edition="2024"))
    assert tree(response).xpath("//table/tbody/tr/th/a/text()") == ["Проєкт 1"]


def test_a_department_officer_opens_a_record_of_their_department(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    assert client.get(record_url("staff_record", world["ours"])).status_code == 200


def test_a_department_officer_gets_404_for_another_departments_record(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    assert client.get(record_url("staff_record", world["theirs"])).status_code == 404


def test_a_department_officer_cannot_post_to_another_departments_record(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    response = client.post(
        record_url("staff_record_progress", world["theirs"]),
        {"progress-progress": "50", "progress-happened_on": "2024-09-01"},
    )
    assert response.status_code == 404
    assert not Update.objects.exists()


def test_a_coordinator_of_another_edition_gets_404(client, world):
    elsewhere = make_edition(slug="2030", year=2030)
    logged_in(client, Role.BUDGET_COORDINATOR, scope=elsewhere)
    assert client.get(url("staff_overview", edition="2024")).status_code == 404


def test_a_desk_operator_may_not_see_the_records(client, world):
    logged_in(client, Role.DESK_OPERATOR, scope=world["edition"])
    assert client.get(url("staff_overview", edition="2024")).status_code == 403


def test_the_auditor_reads_the_record_without_forms(client, world):
    logged_in(client, Role.AUDITOR)
    response = client.get(record_url("staff_record", world["ours"]))
    assert response.status_code == 200
    assert tree(response).xpath("//main//form") == []


def test_the_auditor_may_not_record_progress(client, world):
    logged_in(client, Role.AUDITOR)
    response = client.post(
        record_url("staff_record_progress", world["ours"]),
        {"progress-progress": "50", "progress-happened_on": "2024-09-01"},
    )
    assert response.status_code == 403


# --- Creating the records -------------------------------------------------------------


def test_the_coordinator_creates_the_records_from_the_results(client):
    edition, _winners = winning_edition(winners=3, losers=1)
    client.force_login(make_user(Role.BUDGET_COORDINATOR, scope=edition))
    page = client.get(url("staff_overview", edition="2024"))
    assert "3 winning projects of the approved results have no implementation record yet." in (
        text_of(page)
    )
    response = client.post(url("staff_create_records", edition="2024"), follow=True)
    assert ImplementationRecord.objects.count() == 3
    assert "3 implementation records are created." in text_of(response)


def test_a_department_officer_may_not_create_records(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    assert client.post(url("staff_create_records", edition="2024")).status_code == 403


# --- The record's forms ---------------------------------------------------------------


def test_progress_is_recorded(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_progress", world["ours"]),
        {
            "progress-progress": "75",
            "progress-happened_on": "2024-09-01",
            "progress-note": "Змонтовано освітлення.",
            "progress-is_public": "on",
        },
    )
    assert response.status_code == 302
    world["ours"].refresh_from_db()
    assert world["ours"].progress == 75


@pytest.mark.parametrize("typed", ["150", "-5", "сорок"])
def test_progress_outside_0_to_100_is_refused_and_kept(client, world, typed):
    response = coordinator(client, world).post(
        record_url("staff_record_progress", world["ours"]),
        {
            "progress-progress": typed,
            "progress-happened_on": "2024-09-01",
            "progress-note": "Нотатка",
        },
    )
    assert response.status_code == 400
    page = tree(response)
    field = page.get_element_by_id("id_progress-progress")
    assert field.get("value") == typed
    errors = field.getparent().xpath(".//ul[@class='errorlist']/li/text()")
    assert errors == ["The progress is a whole number from 0 to 100."]
    assert page.get_element_by_id("id_progress-note").text_content().lstrip("\n") == "Нотатка"
    world["ours"].refresh_from_db()
    assert world["ours"].progress == 40


def test_a_malformed_tender_id_is_refused_and_kept(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_procurement", world["ours"]),
        {
            "procurement-tender_id": "UA-2024-11-12-6-a",
            "procurement-contract_id": "",
            "procurement-contract_sum": "38500.00",
            "procurement-contractor": "ТОВ «Будсервіс»",
        },
    )
    assert response.status_code == 400
    page = tree(response)
    field = page.get_element_by_id("id_procurement-tender_id")
    assert field.get("value") == "UA-2024-11-12-6-a"
    assert field.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "A Prozorro tender id looks like UA-2024-11-12-000006-a."
    ]
    assert page.get_element_by_id("id_procurement-contractor").get("value") == "ТОВ «Будсервіс»"


def test_procurement_is_saved_with_links(client, world):
    coordinator(client, world).post(
        record_url("staff_record_procurement", world["ours"]),
        {
            "procurement-tender_id": "ua-2024-11-12-000006-a",
            "procurement-contract_id": "UA-2024-11-12-000006-a-a1",
            "procurement-contract_sum": "38500.00",
            "procurement-contractor": "ТОВ «Будсервіс»",
        },
    )
    page = tree(client.get(record_url("staff_record", world["ours"])))
    assert page.xpath("//a[@rel='external']/@href") == [
        "https://prozorro.gov.ua/tender/UA-2024-11-12-000006-a",
        "https://prozorro.gov.ua/contract/UA-2024-11-12-000006-a-a1",
    ]


def test_a_payment_over_the_contract_without_a_reason_is_refused_and_kept(client, world):
    ours = world["ours"]
    ours.contract_sum = Decimal("30000.00")
    ours.save()
    response = coordinator(client, world).post(
        record_url("staff_record_payment", ours),
        {
            "payment-paid_on": "2024-10-01",
            "payment-amount": "31000.00",
            "payment-document": "ПД-17",
            "payment-reason": "",
        },
    )
    assert response.status_code == 400
    page = tree(response)
    reason = page.get_element_by_id("id_payment-reason")
    assert reason.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "With this payment the project would be paid 31,000.00 UAH, more than the contract sum "
        "of 30,000.00 UAH. Say why, or correct the amount."
    ]
    assert page.get_element_by_id("id_payment-amount").get("value") == "31000.00"
    assert page.get_element_by_id("id_payment-document").get("value") == "ПД-17"
    assert not Payment.objects.exists()


def test_a_payment_is_recorded(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_payment", world["ours"]),
        {"payment-paid_on": "2024-10-01", "payment-amount": "12000.00", "payment-document": "ПД-3"},
    )
    assert response.status_code == 302
    assert Payment.objects.get().amount == Decimal("12000.00")


def test_a_status_change_is_refused_with_its_reason_shown(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_status", world["ours"]),
        {"status-to_status": "implemented", "status-happened_on": "2024-11-01"},
    )
    assert response.status_code == 400
    assert (
        "The progress is 40 %. Record the progress of 100 % before marking the project "
        "implemented." in text_of(response)
    )


def test_not_implemented_without_a_reason_is_refused_next_to_the_field(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_status", world["ours"]),
        {"status-to_status": "not_implemented", "status-happened_on": "2024-11-01"},
    )
    field = tree(response).get_element_by_id("id_status-reason")
    assert field.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "Say why the project was not implemented."
    ]


def test_a_status_change_is_saved(client, world):
    coordinator(client, world).post(
        record_url("staff_record_status", world["theirs"]),
        {
            "status-to_status": "procurement",
            "status-happened_on": "2024-08-01",
            "status-reason": "",
        },
    )
    world["theirs"].refresh_from_db()
    assert world["theirs"].status == S.PROCUREMENT


def test_an_update_with_photos_is_posted(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_update", world["ours"]),
        {
            "update-happened_on": "2024-09-15",
            "update-text": "Сквер до і після.",
            "update-is_public": "on",
            "update-photo_1": png_upload("before.png"),
            "update-kind_1": PhotoKind.BEFORE,
            "update-alt_1": "Порожній сквер",
            "update-photo_2": jpeg_upload("after.jpg"),
            "update-kind_2": PhotoKind.AFTER,
            "update-alt_2": "Сквер з лавками",
        },
    )
    assert response.status_code == 302
    update = Update.objects.get()
    assert sorted(update.photos.values_list("kind", "alt_text")) == [
        ("after", "Сквер з лавками"),
        ("before", "Порожній сквер"),
    ]


def test_an_update_with_a_file_that_is_not_an_image_is_refused_and_its_text_kept(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_update", world["ours"]),
        {
            "update-happened_on": "2024-09-15",
            "update-text": "Сквер до робіт.",
            "update-photo_1": text_upload("notes.png"),
            "update-kind_1": PhotoKind.BEFORE,
            "update-alt_1": "Сквер",
        },
    )
    assert response.status_code == 400
    page = tree(response)
    photo = page.get_element_by_id("id_update-photo_1")
    assert photo.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "“notes.png”: The file type is not recognised. Accepted types: JPEG, PNG, WebP."
    ]
    assert page.get_element_by_id("id_update-text").text_content().lstrip("\n") == "Сквер до робіт."
    assert page.get_element_by_id("id_update-alt_1").get("value") == "Сквер"
    assert "choose the photos again" in text_of(response)
    assert not Update.objects.exists()


def test_a_photo_without_a_description_is_refused_next_to_it(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_update", world["ours"]),
        {
            "update-happened_on": "2024-09-15",
            "update-text": "Сквер.",
            "update-photo_1": png_upload("square.png"),
            "update-kind_1": PhotoKind.BEFORE,
            "update-alt_1": "",
        },
    )
    field = tree(response).get_element_by_id("id_update-alt_1")
    assert field.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "“square.png”: describe the photo for people who cannot see it."
    ]


def test_the_plan_is_saved_by_the_coordinator(client, world):
    response = coordinator(client, world).post(
        record_url("staff_record_assign", world["theirs"]),
        {
            "plan-department": world["department"].pk,
            "plan-planned_start": "2024-08-01",
            "plan-planned_end": "2024-12-01",
        },
    )
    assert response.status_code == 302
    world["theirs"].refresh_from_db()
    assert world["theirs"].department == world["department"]


def test_a_department_officer_may_not_change_the_plan(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    response = client.post(
        record_url("staff_record_assign", world["ours"]),
        {"plan-department": "", "plan-planned_start": "", "plan-planned_end": ""},
    )
    assert response.status_code == 403


def test_a_department_officer_records_progress_of_their_record(client, world):
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    response = client.post(
        record_url("staff_record_progress", world["ours"]),
        {"progress-progress": "55", "progress-happened_on": "2024-09-01"},
    )
    assert response.status_code == 302


def test_staff_see_photos_of_internal_updates(client, world):
    update = post_update(
        world["ours"],
        actor=make_user(),
        happened_on=timezone.localdate(),
        text="Внутрішнє.",
        photos=[(png_upload(), PhotoKind.DURING, "Роботи")],
        is_public=False,
    )
    photo = update.photos.get()
    response = coordinator(client, world).get(
        record_url("staff_record_photo", world["ours"], photo_id=photo.pk)
    )
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_the_staff_overview_needs_no_query_per_record(client, world, django_assert_max_num_queries):
    client = coordinator(client, world)
    address = url("staff_overview", edition="2024")
    with CaptureQueriesContext(connection) as few:
        assert client.get(address).status_code == 200
    for number in range(8):
        project = make_project(world["edition"], state=ProjectState.ADMITTED, title=f"Ще {number}")
        make_record(project, department=world["department"], planned_end=date(2024, 12, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get(address).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    with django_assert_max_num_queries(12):
        client.get(address)


def test_the_staff_record_page_needs_no_query_per_update(client, world):
    client = coordinator(client, world)
    address = record_url("staff_record", world["ours"])
    post_update(world["ours"], actor=make_user(), happened_on=date(2024, 9, 1), text="Одне.")
    with CaptureQueriesContext(connection) as few:
        assert client.get(address).status_code == 200
    for number in range(4):
        post_update(
            world["ours"],
            actor=make_user(),
            happened_on=date(2024, 9, 2),
            text=f"Ще {number}.",
            photos=[(png_upload(), PhotoKind.AFTER, "Після")],
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(address).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_editions_page_counts_the_records_a_department_officer_works_on(client, world):
    ours = world["ours"]
    ours.planned_end = timezone.localdate() - timedelta(days=2)
    ours.save()
    logged_in(client, Role.DEPARTMENT_OFFICER, department=world["department"])
    response = client.get(url("staff_editions"))
    rows = tree(response).xpath("//table/tbody/tr")
    assert [[cell.text_content().strip() for cell in row.xpath("th|td")] for row in rows] == [
        ["Participatory budget 2024", "1", "1 overdue"]
    ]


def test_the_editions_page_is_not_for_residents(client, world):
    client.force_login(make_user())
    assert client.get(url("staff_editions")).status_code == 403


def test_progress_of_an_implemented_record_is_refused_with_a_message(client, world):
    ours = world["ours"]
    ours.status, ours.progress = S.IMPLEMENTED, 100
    ours.save()
    response = coordinator(client, world).post(
        record_url("staff_record_progress", ours),
        {"progress-progress": "90", "progress-happened_on": "2024-09-01"},
    )
    assert response.status_code == 400
    assert "The project is “implemented”: its progress can no longer change." in text_of(response)


def test_a_status_an_implemented_record_cannot_take_is_refused_with_a_message(client, world):
    ours = world["ours"]
    ours.status, ours.progress = S.IMPLEMENTED, 100
    ours.save()
    response = coordinator(client, world).post(
        record_url("staff_record_status", ours),
        {"status-to_status": "in_progress", "status-happened_on": "2024-09-01"},
    )
    assert response.status_code == 400
    assert "The project cannot move to that status from “implemented”." in text_of(response)
