"""Link previews (Open Graph) in the base layout: defaults for every page, and what the
announcement, page, edition and project views pass."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from PIL import Image

import hromada.core
from hromada.budget.enums import ProjectState
from hromada.budget.models import Attachment
from tests.factories.budget import make_edition
from tests.factories.budget_projects import make_project
from tests.factories.portal import make_news_item, png_bytes

SITE = "https://hromada.example.org"
META = re.compile(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">')


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path / "media"


def previews(html: str) -> dict[str, str]:
    """The og:*, twitter:* and description meta tags of the page's head."""
    head = html.split("</head>")[0]
    return {name: value for name, value in META.findall(head) if name != "viewport"}


@pytest.mark.django_db
def test_a_page_without_og_falls_back_to_its_title_and_the_default_card(client):
    meta = previews(client.get("/en/").content.decode())
    assert meta == {
        "description": (
            "Take part in the life of the community: propose projects, vote, follow how "
            "the council programme is carried out."
        ),
        "og:site_name": "Zdolbuniv City Territorial Community",
        "og:title": "Zdolbuniv City Territorial Community",
        "og:description": (
            "Take part in the life of the community: propose projects, vote, follow how "
            "the council programme is carried out."
        ),
        "og:type": "website",
        "og:url": f"{SITE}/en/",
        "og:image": f"{SITE}/static/core/og-default.png",
        "og:image:width": "1200",
        "og:image:height": "630",
        "og:image:alt": "Zdolbuniv City Territorial Community",
        "og:locale": "en_GB",
        "og:locale:alternate": "uk_UA",
        "twitter:card": "summary_large_image",
    }


@pytest.mark.django_db
def test_ukrainian_pages_declare_the_ukrainian_locale(client):
    meta = previews(client.get("/").content.decode())
    assert (meta["og:locale"], meta["og:locale:alternate"]) == ("uk_UA", "en_GB")
    assert meta["og:url"] == f"{SITE}/"


@pytest.mark.django_db
def test_the_title_element_is_the_page_title_and_the_site_name(client):
    html = client.get("/en/news/").content.decode()
    assert "<title>News and announcements · Hromada</title>" in html
    assert previews(html)["og:title"] == "News and announcements"


@pytest.mark.django_db
def test_og_url_leaves_out_the_query_string(client):
    assert previews(client.get("/en/news/?page=1&utm=x").content.decode())["og:url"] == (
        f"{SITE}/en/news/"
    )


def test_the_default_share_image_is_a_1200_by_630_png():
    path = Path(hromada.core.__file__).parent / "static" / "core" / "og-default.png"
    with Image.open(path) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))
    assert path.stat().st_size < 50_000


@pytest.mark.django_db
def test_an_announcement_is_previewed_as_an_article_with_its_image(client):
    item = make_news_item(
        title_en="Voting is open",
        summary_en="Vote until Sunday & tell your neighbours.",
        image=png_bytes(),
        image_alt_en="A ballot box",
    )
    meta = previews(client.get(f"/en/news/{item.slug}/").content.decode())
    assert meta["og:title"] == "Voting is open"
    assert meta["og:description"] == "Vote until Sunday &amp; tell your neighbours."
    assert meta["og:type"] == "article"
    assert meta["og:url"] == f"{SITE}/en/news/{item.slug}/"
    assert meta["og:image"] == f"{SITE}/en/news/{item.slug}/image/"
    assert meta["og:image:alt"] == "A ballot box"
    assert "og:image:width" not in meta


@pytest.mark.django_db
def test_an_announcement_without_image_uses_the_default_card(client):
    item = make_news_item()
    meta = previews(client.get(f"/news/{item.slug}/").content.decode())
    assert meta["og:image"] == f"{SITE}/static/core/og-default.png"


@pytest.mark.django_db
def test_the_edition_page_is_previewed_with_its_title_and_total(client):
    make_edition(slug="2030", year=2030)
    meta = previews(client.get("/en/budget/2030/").content.decode())
    assert meta["og:title"] == "Participatory budget 2030"
    assert meta["og:description"] == (
        "Residents propose projects and vote for them: 1,000,000.00 UAH this year."
    )


@pytest.mark.django_db
def test_the_project_page_is_previewed_with_its_title_summary_and_first_public_photo(client):
    edition = make_edition(slug="2030", year=2030)
    project = make_project(edition, state=ProjectState.ADMITTED, summary="Лавки й ліхтарі.")
    for name, kind, is_public in [
        ("plan.pdf", "pdf", True),
        ("internal.jpg", "jpeg", False),
        ("photo.jpg", "jpeg", True),
    ]:
        attachment = Attachment(
            project=project,
            original_name=name,
            kind=kind,
            size=4,
            description="Сквер зараз" if name == "photo.jpg" else "",
            is_public=is_public,
            uploaded_by=project.author,
        )
        attachment.file.save(name, ContentFile(b"data"), save=False)
        attachment.save()
    photo = Attachment.objects.get(original_name="photo.jpg")
    meta = previews(client.get(f"/budget/2030/projects/{project.pk}/").content.decode())
    assert meta["og:title"] == f"№ {project.number} Лавки у сквері"
    assert meta["og:description"] == "Лавки й ліхтарі."
    assert meta["og:image"] == f"{SITE}/budget/2030/projects/{project.pk}/attachments/{photo.pk}/"
    assert meta["og:image:alt"] == "Сквер зараз"


@pytest.mark.django_db
def test_a_project_without_a_public_photo_uses_the_default_card(client):
    project = make_project(make_edition(slug="2030", year=2030), state=ProjectState.ADMITTED)
    meta = previews(client.get(f"/budget/2030/projects/{project.pk}/").content.decode())
    assert meta["og:image"] == f"{SITE}/static/core/og-default.png"
