"""Public pages of the delivery: the list with counters, money, the status filter and the
map data; a record's timeline with photos, procurement links, payments and the author's
sign-off; the section on the project page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from lxml import html

from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.services import post_update, record_payment
from tests.factories.accounts import make_user
from tests.factories.budget_projects import make_project
from tests.factories.implementation import (
    jpeg_upload,
    make_measure,
    make_record,
    png_upload,
    winning_edition,
)

pytestmark = pytest.mark.django_db

S = ImplementationStatus


def url(name: str, /, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def tree(response: Any) -> Any:
    return html.fromstring(response.content.decode())


def text_of(response: Any) -> str:
    return " ".join(tree(response).text_content().split())


def queries_for(client: Any, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def delivered():
    """Four winners: implemented (with a contract and a payment), in progress, planned,
    not implemented; all with a place on the map."""
    edition, winners = winning_edition(winners=4, losers=0, measure=make_measure(), located=True)
    records = [
        make_record(
            winners[0],
            status=S.IMPLEMENTED,
            progress=100,
            contract_sum=Decimal("39000.00"),
            tender_id="UA-2024-08-01-000123-a",
            contract_id="UA-2024-08-01-000123-a-a1",
            actual_end=date(2024, 11, 20),
        ),
        make_record(winners[1], status=S.IN_PROGRESS, progress=60),
        make_record(winners[2]),
        make_record(winners[3], status=S.NOT_IMPLEMENTED, not_implemented_reason="Немає ділянки."),
    ]
    record_payment(
        records[0],
        actor=make_user(full_name="Бухгалтерка Приватна"),
        paid_on=date(2024, 11, 25),
        amount=Decimal("39000.00"),
        document="ПД-41",
    )
    return edition, records


def list_page(client, **query):
    address = url("implementation:public_list", edition="2024")
    return client.get(address, query)


def test_the_counters_of_the_edition(client, delivered):
    assert "4 winners 1 implemented 1 in progress 1 planned 1 not implemented" in text_of(
        list_page(client)
    )


def test_the_money_of_the_edition(client, delivered):
    facts = tree(list_page(client)).xpath(
        "//section[@aria-labelledby='counters-heading']//dd/text()"
    )
    assert facts == ["160,000.00 UAH", "39,000.00 UAH", "39,000.00 UAH"]


def test_each_record_shows_its_status_and_progress_in_words(client, delivered):
    cards = tree(list_page(client)).xpath("//ul[contains(@class, 'record-list')]/li")
    second = " ".join(cards[1].text_content().split())
    assert "In progress" in second
    assert "Progress: 60 %" in second


def test_prozorro_links_are_listed(client, delivered):
    links = tree(list_page(client)).xpath(
        "//ul[contains(@class, 'record-list')]//a[@rel='external']/@href"
    )
    assert links == [
        "https://prozorro.gov.ua/tender/UA-2024-08-01-000123-a",
        "https://prozorro.gov.ua/contract/UA-2024-08-01-000123-a-a1",
    ]


def test_the_status_filter(client, delivered):
    titles = tree(list_page(client, status="in_progress")).xpath(
        "//ul[contains(@class, 'record-list')]/li/h3/a/text()"
    )
    assert titles == ["№ 2 Проєкт 2"]


def test_an_unknown_status_filter_is_ignored_with_a_notice(client, delivered):
    response = list_page(client, status="lost")
    assert "“lost” is not a status; that filter was ignored." in text_of(response)
    assert len(tree(response).xpath("//ul[contains(@class, 'record-list')]/li")) == 4


def test_the_map_shows_implemented_and_ongoing_projects(client, delivered):
    _edition, records = delivered
    response = client.get(url("implementation:public_map", edition="2024"))
    features = response.json()["features"]
    assert [(f["id"], f["properties"]["url"]) for f in features] == [
        (records[0].project_id, f"/en/budget/2024/implementation/{records[0].project_id}/"),
        (records[1].project_id, f"/en/budget/2024/implementation/{records[1].project_id}/"),
    ]


def test_the_list_links_the_map_data(client, delivered):
    container = tree(list_page(client)).get_element_by_id("implementation-map")
    assert container.get("data-geojson") == "/en/budget/2024/implementation/map.geojson"


def test_without_a_place_there_is_no_map(client):
    _edition, winners = winning_edition(winners=1, losers=0)
    make_record(winners[0], status=S.IN_PROGRESS)
    assert tree(list_page(client)).xpath("//*[@id='implementation-map']") == []


@pytest.mark.parametrize("name", ["implementation:public_list", "implementation:public_map"])
def test_an_unpublished_edition_is_not_found(client, name):
    _edition, winners = winning_edition(winners=1, losers=0, published=False)
    make_record(winners[0])
    assert client.get(url(name, edition="2024")).status_code == 404


def test_the_record_of_an_unpublished_edition_is_not_found(client):
    _edition, winners = winning_edition(winners=1, losers=0, published=False)
    make_record(winners[0])
    address = url("implementation:public_record", edition="2024", project_id=winners[0].pk)
    assert client.get(address).status_code == 404


def test_a_project_without_a_record_has_no_record_page(client):
    _edition, winners = winning_edition(winners=1, losers=0)
    address = url("implementation:public_record", edition="2024", project_id=winners[0].pk)
    assert client.get(address).status_code == 404


# --- A record ---------------------------------------------------------------------------


def record_page(client, record):
    return client.get(
        url("implementation:public_record", edition="2024", project_id=record.project_id)
    )


def post(record, text, *, is_public=True, photos=(), day=date(2024, 9, 1)):
    return post_update(
        record, actor=make_user(), happened_on=day, text=text, photos=photos, is_public=is_public
    )


def test_the_timeline_shows_public_updates_only(client, delivered):
    record = delivered[1][1]
    post(record, "Публічна новина.")
    post(record, "Внутрішня нотатка.", is_public=False)
    page = text_of(record_page(client, record))
    assert "Публічна новина." in page
    assert "Внутрішня нотатка." not in page


def test_before_and_after_photos_are_shown_side_by_side(client, delivered):
    record = delivered[1][1]
    post(
        record,
        "До.",
        photos=[(png_upload(), PhotoKind.BEFORE, "Порожній сквер")],
        day=date(2024, 8, 1),
    )
    post(record, "Після.", photos=[(jpeg_upload(), PhotoKind.AFTER, "Сквер з лавками")])
    comparison = tree(record_page(client, record)).xpath("//div[@class='comparison']//img/@alt")
    assert comparison == ["Порожній сквер", "Сквер з лавками"]


def test_without_an_after_photo_there_is_no_comparison(client, delivered):
    record = delivered[1][1]
    post(record, "До.", photos=[(png_upload(), PhotoKind.BEFORE, "Порожній сквер")])
    assert tree(record_page(client, record)).xpath("//div[@class='comparison']") == []


def test_a_photo_of_a_public_update_is_served(client, delivered):
    record = delivered[1][1]
    photo = post(record, "До.", photos=[(png_upload(), PhotoKind.BEFORE, "Сквер")]).photos.get()
    response = client.get(
        url(
            "implementation:public_photo",
            edition="2024",
            project_id=record.project_id,
            photo_id=photo.pk,
        )
    )
    assert (response.status_code, response["Content-Type"]) == (200, "image/jpeg")


def test_a_photo_of_an_internal_update_is_not_found(client, delivered):
    record = delivered[1][1]
    update = post(
        record, "Внутрішнє.", is_public=False, photos=[(png_upload(), PhotoKind.DURING, "Роботи")]
    )
    response = client.get(
        url(
            "implementation:public_photo",
            edition="2024",
            project_id=record.project_id,
            photo_id=update.photos.get().pk,
        )
    )
    assert response.status_code == 404


def test_a_photo_asked_under_another_project_is_not_found(client, delivered):
    record, other = delivered[1][1], delivered[1][2]
    photo = post(record, "До.", photos=[(png_upload(), PhotoKind.BEFORE, "Сквер")]).photos.get()
    response = client.get(
        url(
            "implementation:public_photo",
            edition="2024",
            project_id=other.project_id,
            photo_id=photo.pk,
        )
    )
    assert response.status_code == 404


def test_payments_show_date_document_and_amount_and_no_person(client, delivered):
    response = record_page(client, delivered[1][0])
    rows = tree(response).xpath("//table[caption='Payments']/tbody/tr")
    assert [[cell.text_content() for cell in row.xpath("td")] for row in rows] == [
        ["25.11.2024", "ПД-41", "39,000.00 UAH"]
    ]
    assert "Бухгалтерка" not in text_of(response)


def test_the_record_links_its_procurement(client, delivered):
    links = tree(record_page(client, delivered[1][0])).xpath("//a[@rel='external']/@href")
    assert links == [
        "https://prozorro.gov.ua/tender/UA-2024-08-01-000123-a",
        "https://prozorro.gov.ua/contract/UA-2024-08-01-000123-a-a1",
    ]


def test_the_reason_a_project_was_not_implemented_is_public(client, delivered):
    assert "Why it was not implemented: Немає ділянки." in text_of(
        record_page(client, delivered[1][3])
    )


# --- The author's sign-off ------------------------------------------------------------


def sign_off_url(record):
    return url("implementation:public_sign_off", edition="2024", project_id=record.project_id)


def test_the_author_sees_the_sign_off_form_once_implemented(client, delivered):
    record = delivered[1][0]
    client.force_login(record.project.author)
    assert tree(record_page(client, record)).xpath(f"//form[@action='{sign_off_url(record)}']")


def test_others_see_no_sign_off_form(client, delivered):
    record = delivered[1][0]
    client.force_login(make_user())
    assert tree(record_page(client, record)).xpath("//form[contains(@action, 'sign-off')]") == []


def test_the_author_sees_no_form_before_the_project_is_implemented(client, delivered):
    record = delivered[1][1]
    client.force_login(record.project.author)
    assert tree(record_page(client, record)).xpath("//form[contains(@action, 'sign-off')]") == []


def test_the_author_signs_off_and_it_is_published(client, delivered):
    record = delivered[1][0]
    client.force_login(record.project.author)
    response = client.post(
        sign_off_url(record), {"accepts": "no", "remarks": "Бракує урни."}, follow=True
    )
    assert "The author does not accept the result." in text_of(response)
    assert "Бракує урни." in text_of(response)


def test_refusing_without_remarks_keeps_the_choice_and_says_why(client, delivered):
    record = delivered[1][0]
    client.force_login(record.project.author)
    response = client.post(sign_off_url(record), {"accepts": "no", "remarks": ""})
    assert response.status_code == 400
    page = tree(response)
    assert page.xpath("//input[@name='accepts'][@checked]/@value") == ["no"]
    remarks = page.get_element_by_id("id_remarks")
    assert remarks.getparent().xpath(".//ul[@class='errorlist']/li/text()") == [
        "Say what is wrong with the result."
    ]


def test_someone_else_cannot_sign_off(client, delivered):
    record = delivered[1][0]
    client.force_login(make_user())
    response = client.post(sign_off_url(record), {"accepts": "yes"})
    assert response.status_code == 400
    assert "Only the author of the project may sign off its result." in text_of(response)
    record.refresh_from_db()
    assert record.author_signed_off_at is None


def test_signing_off_needs_signing_in(client, delivered):
    response = client.post(sign_off_url(delivered[1][0]), {"accepts": "yes"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- The project page ---------------------------------------------------------------------


def test_the_project_page_shows_the_implementation(client, delivered):
    record = delivered[1][1]
    response = client.get(url("budget:project", edition="2024", project_id=record.project_id))
    section = tree(response).xpath("//section[@aria-labelledby='implementation-heading']")
    assert len(section) == 1
    words = " ".join(section[0].text_content().split())
    assert "Status: In progress" in words
    assert "Progress: 60 %" in words
    assert section[0].xpath(".//a/@href") == [
        f"/en/budget/2024/implementation/{record.project_id}/"
    ]


def test_a_project_without_a_record_has_no_implementation_section(client):
    edition, _winners = winning_edition(winners=1, losers=1)
    loser = make_project(edition, state="admitted", title="Інший")
    response = client.get(url("budget:project", edition="2024", project_id=loser.pk))
    assert tree(response).xpath("//section[@aria-labelledby='implementation-heading']") == []


def test_the_author_is_invited_to_sign_off_from_the_project_page(client, delivered):
    record = delivered[1][0]
    client.force_login(record.project.author)
    response = client.get(url("budget:project", edition="2024", project_id=record.project_id))
    assert "Sign off the result of your project" in text_of(response)


# --- Query counts -----------------------------------------------------------------------


def test_the_public_list_needs_no_query_per_record(
    client, delivered, django_assert_max_num_queries
):
    edition, _records = delivered
    few = queries_for(client, url("implementation:public_list", edition="2024"))
    for number in range(6):
        project = make_project(edition, state="admitted", title=f"Ще {number}")
        make_record(project, status=S.IN_PROGRESS, tender_id="UA-2024-08-01-000124-a")
    assert queries_for(client, url("implementation:public_list", edition="2024")) == few
    with django_assert_max_num_queries(6):
        client.get(url("implementation:public_list", edition="2024"))


def test_the_record_page_needs_no_query_per_update_or_photo(
    client, delivered, django_assert_max_num_queries
):
    record = delivered[1][1]
    post(record, "Перше.", photos=[(png_upload(), PhotoKind.BEFORE, "До")])
    address = url("implementation:public_record", edition="2024", project_id=record.project_id)
    few = queries_for(client, address)
    for number in range(4):
        post(
            record,
            f"Ще {number}.",
            photos=[
                (png_upload(), PhotoKind.AFTER, "Після"),
                (jpeg_upload(), PhotoKind.DURING, "Роботи"),
            ],
        )
    assert queries_for(client, address) == few
    with django_assert_max_num_queries(5):
        client.get(address)


def test_a_photo_of_an_unpublished_edition_is_not_found(client):
    _edition, winners = winning_edition(winners=1, losers=0, published=False)
    record = make_record(winners[0])
    photo = post(record, "До.", photos=[(png_upload(), PhotoKind.BEFORE, "Сквер")]).photos.get()
    response = client.get(
        url(
            "implementation:public_photo",
            edition="2024",
            project_id=record.project_id,
            photo_id=photo.pk,
        )
    )
    assert response.status_code == 404


def test_the_edition_page_links_the_implementation(client, delivered):
    response = client.get(url("budget:edition", edition="2024"))
    section = tree(response).xpath("//section[@aria-labelledby='implementation-heading']")
    assert " ".join(section[0].text_content().split()).startswith(
        "Implementation of the winning projects 4 winners: 1 implemented, 1 in progress. "
        "Paid: 39,000.00 UAH."
    )
    assert section[0].xpath(".//a/@href") == [
        "/en/budget/2024/implementation/",
        "/en/budget/2024/evaluation/",
    ]


def test_an_edition_without_records_has_no_implementation_section(client):
    winning_edition(winners=1, losers=0)
    response = client.get(url("budget:edition", edition="2024"))
    assert tree(response).xpath("//section[@aria-labelledby='implementation-heading']") == []
