"""The project catalogue in a browser: the map is an enhancement over the list, its
markers have names, and a failure says so while the list keeps working. Tile requests
never leave the machine: they are answered (or refused) by the test."""

from __future__ import annotations

import base64
from decimal import Decimal

import pytest
from django.utils import translation

from hromada.budget.enums import ProjectState
from tests.e2e.conftest import axe_violations
from tests.factories.budget import make_edition
from tests.factories.budget_projects import make_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TILES = "https://tile.openstreetmap.org/**"
# A 1×1 transparent PNG stands in for every tile.
BLANK_TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg=="
)


@pytest.fixture
def catalogue(live_server):
    edition = make_edition()
    square = make_project(
        edition,
        state=ProjectState.ADMITTED,
        title="Сквер ім. Шевченка",
        latitude=Decimal("50.512345"),
        longitude=Decimal("26.254321"),
    )
    make_project(edition, state=ProjectState.ADMITTED, title="Комп'ютерний клас")
    # English pages: the texts asserted are the source strings.
    with translation.override("en"):
        project_path = square.get_absolute_url()
    return {
        "list": f"{live_server.url}/en/budget/{edition.slug}/projects/",
        "project_path": project_path,
        "project": f"{live_server.url}{project_path}",
        "number": square.number,
    }


def serve_blank_tiles(page):
    page.route(
        TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)
    )


def test_the_map_shows_a_named_marker_for_each_placed_project(page, catalogue):
    serve_blank_tiles(page)
    page.goto(catalogue["list"])
    marker = page.get_by_role("button", name=f"№ {catalogue['number']} Сквер ім. Шевченка")
    marker.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.get_by_role("region", name="Map of the projects").is_visible()


def test_the_catalogue_with_its_map_is_accessible(page, catalogue):
    serve_blank_tiles(page)
    page.goto(catalogue["list"])
    page.locator(".leaflet-marker-icon").wait_for()
    assert axe_violations(page) == []


def test_a_marker_opens_a_popup_with_a_link_to_the_project(page, catalogue):
    serve_blank_tiles(page)
    page.goto(catalogue["list"])
    page.locator(".leaflet-marker-icon").click()
    link = page.locator(".leaflet-popup").get_by_role("link", name="Open the project page")
    assert link.get_attribute("href") == catalogue["project_path"]


def test_when_the_tiles_fail_the_page_says_so_and_the_list_stays(page, catalogue):
    page.route(TILES, lambda route: route.abort())
    page.goto(catalogue["list"])
    message = page.locator("[data-map-message]")
    message.wait_for()
    assert message.inner_text() == (
        "The map background could not load. The markers and the list still show the projects."
    )
    assert page.locator(".project-card").count() == 2


def test_when_the_map_script_fails_the_page_says_so(page, catalogue):
    page.route("**/vendor/leaflet/leaflet.js", lambda route: route.abort())
    page.goto(catalogue["list"])
    message = page.locator("[data-map-message]")
    message.wait_for()
    assert message.inner_text() == (
        "The map could not load. The list of projects on this page has the same information."
    )
    assert not page.locator(".project-map").is_visible()
    assert page.locator(".project-card").count() == 2


def test_without_javascript_there_is_no_map_and_the_list_works(browser, catalogue):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(catalogue["list"])
    assert not page.locator(".map-section").is_visible()
    page.get_by_label("Search").fill("компʼютерний")
    page.get_by_role("button", name="Show").click()
    assert page.locator(".project-card h3").all_inner_texts() == [
        f"№ {catalogue['number'] + 1} Комп'ютерний клас"
    ]
    context.close()


def test_the_project_page_with_its_small_map_is_accessible(page, catalogue):
    serve_blank_tiles(page)
    page.goto(catalogue["project"])
    page.locator(".leaflet-marker-icon").wait_for()
    assert axe_violations(page) == []
