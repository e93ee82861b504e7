"""The printable poster and flyers of an edition: A4 PDFs with a QR code to its page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
import segno
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from hromada.budget.models import Edition
from hromada.budget.posters import qr_svg
from tests.factories.budget import make_edition

pytestmark = pytest.mark.django_db

SITE = "https://hromada.example.org"
A4_POINTS = (595.28, 841.89)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def url_of(name: str, edition: Edition | str, language: str = "en") -> str:
    slug = edition if isinstance(edition, str) else edition.slug
    with translation.override(language):
        return reverse(name, kwargs={"edition": slug})


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(response.content))


def svg_matrix(svg: str) -> tuple[tuple[int, ...], ...]:
    """The modules of segno's SVG path read back: "M x y" starts a row, "m dx dy" moves,
    "h n" draws n dark modules; each row is drawn through the middle (y + 0.5)."""
    viewbox = re.search(r'viewBox="0 0 (\d+) (\d+)"', svg)
    width, height = int(viewbox.group(1)), int(viewbox.group(2))
    path = re.search(r'<path[^>]* d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(value) for value in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            for offset in range(int(values[0])):
                dark.add((int(y - 0.5), int(x) + offset))
            x += values[0]
    return tuple(
        tuple(1 if (row, column) in dark else 0 for column in range(width)) for row in range(height)
    )


def with_quiet_zone(matrix, border: int = 4) -> tuple[tuple[int, ...], ...]:
    size = len(matrix) + 2 * border
    blank = (0,) * size
    rows = [tuple([0] * border + [int(bool(v)) for v in row] + [0] * border) for row in matrix]
    return (blank,) * border + tuple(rows) + (blank,) * border


# The QR code ---------------------------------------------------------------------------


def qr_svg_in_english(url: str) -> str:
    with translation.override("en"):
        return str(qr_svg(url))


def test_the_qr_code_encodes_exactly_the_url():
    url = f"{SITE}/en/budget/2026/"
    expected = segno.make(url, error="m")
    assert svg_matrix(qr_svg(url)) == with_quiet_zone(expected.matrix)


def test_a_different_url_gives_a_different_code():
    url = f"{SITE}/budget/2026/"
    other = segno.make(f"{SITE}/budget/2027/", error="m")
    assert svg_matrix(qr_svg(url)) != with_quiet_zone(other.matrix)


def test_the_qr_code_is_titled_for_screen_readers():
    assert "<title>QR code of https://hromada.example.org/budget/2026/</title>" in (
        qr_svg_in_english(f"{SITE}/budget/2026/")
    )


# The poster ----------------------------------------------------------------------------


def test_the_poster_is_one_a4_portrait_page(client):
    reader = pdf_of(client.get(url_of("budget:poster", make_edition())))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1
    assert float(box.width) == pytest.approx(A4_POINTS[0], abs=1)
    assert float(box.height) == pytest.approx(A4_POINTS[1], abs=1)


def test_the_poster_shows_the_title_and_the_address_of_the_edition(client):
    edition = make_edition()
    text = pdf_of(client.get(url_of("budget:poster", edition))).pages[0].extract_text()
    assert edition.title_en in text
    assert f"{SITE}/en/budget/{edition.slug}/" in text


def test_the_poster_qr_code_is_made_from_the_edition_page_address(client):
    edition = make_edition()
    response = client.get(url_of("budget:poster", edition))
    assert response.context["qr_url"] == f"{SITE}/en/budget/{edition.slug}/"
    assert response.context["qr_svg"] == qr_svg(f"{SITE}/en/budget/{edition.slug}/")


def test_the_poster_calls_to_action_by_what_is_open(client):
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=2))
    submission_ends = timezone.localdate() + timedelta(days=28)
    text = pdf_of(client.get(url_of("budget:poster", edition))).pages[0].extract_text()
    assert "Propose a project for your community until" in text
    assert f"{submission_ends:%d.%m.%Y}!" in text


def test_the_poster_is_in_ukrainian_by_default(client):
    edition = make_edition()
    response = client.get(url_of("budget:poster", edition, "uk"))
    # The large title may wrap; the words are what matters.
    text = " ".join(pdf_of(response).pages[0].extract_text().split())
    assert edition.title_uk in text
    assert f"{SITE}/budget/{edition.slug}/" in text


def test_the_poster_opens_in_the_browser(client):
    edition = make_edition()
    response = client.get(url_of("budget:poster", edition))
    assert response["Content-Disposition"].startswith(
        f'inline; filename="poster-{edition.slug}.pdf"'
    )


def test_the_poster_of_an_edition_without_phases_still_renders(client):
    edition = make_edition()
    edition.phases.all().delete()
    text = pdf_of(client.get(url_of("budget:poster", edition))).pages[0].extract_text()
    assert "The dates will be announced soon." in text


def test_the_poster_of_an_unpublished_edition_is_not_found(client):
    edition = make_edition(published=False)
    assert client.get(url_of("budget:poster", edition)).status_code == 404


def test_the_poster_of_an_unknown_edition_is_not_found(client):
    assert client.get(url_of("budget:poster", "no-such-edition")).status_code == 404


# The flyers ----------------------------------------------------------------------------


def test_the_flyers_are_one_a4_portrait_sheet(client):
    reader = pdf_of(client.get(url_of("budget:flyer", make_edition())))
    box = reader.pages[0].mediabox
    assert len(reader.pages) == 1
    assert float(box.width) == pytest.approx(A4_POINTS[0], abs=1)
    assert float(box.height) == pytest.approx(A4_POINTS[1], abs=1)


def test_the_sheet_holds_four_flyers_with_the_title_and_the_address(client):
    edition = make_edition()
    text = pdf_of(client.get(url_of("budget:flyer", edition))).pages[0].extract_text()
    assert text.count(edition.title_en) == 4
    assert text.count(f"{SITE}/en/budget/{edition.slug}/") == 4


def test_the_flyer_qr_code_is_made_from_the_edition_page_address(client):
    edition = make_edition()
    response = client.get(url_of("budget:flyer", edition))
    assert response.context["qr_url"] == f"{SITE}/en/budget/{edition.slug}/"


def test_the_flyers_of_an_edition_without_phases_still_render(client):
    edition = make_edition()
    edition.phases.all().delete()
    reader = pdf_of(client.get(url_of("budget:flyer", edition)))
    assert len(reader.pages) == 1


def test_the_flyers_of_an_unpublished_edition_are_not_found(client):
    edition = make_edition(published=False)
    assert client.get(url_of("budget:flyer", edition)).status_code == 404


def test_the_flyers_of_an_unknown_edition_are_not_found(client):
    assert client.get(url_of("budget:flyer", "no-such-edition")).status_code == 404
