"""The public side of announcements: the list, the item page, its image, the feeds and
the home page block."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from tests.factories.accounts import make_user
from tests.factories.portal import make_news_item, png_bytes

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def parse_xml(content: bytes) -> etree._Element:
    # A strict parser: a feed that is not well-formed XML fails the test here.
    return etree.fromstring(
        content, parser=etree.XMLParser(resolve_entities=False, no_network=True)
    )


def titles_in(html: str, titles: list[str]) -> list[str]:
    """The given titles in the order they appear on the page."""
    return sorted((title for title in titles if title in html), key=html.index)


@pytest.mark.django_db
def test_news_list_shows_pinned_first_then_newest(client):
    now = timezone.now()
    make_news_item(title_uk="Старе", publish_at=now - timedelta(days=5))
    make_news_item(title_uk="Нове", publish_at=now - timedelta(days=1))
    make_news_item(title_uk="Закріплене", publish_at=now - timedelta(days=9), is_pinned=True)
    html = client.get("/news/").content.decode()
    assert titles_in(html, ["Старе", "Нове", "Закріплене"]) == ["Закріплене", "Нове", "Старе"]


@pytest.mark.django_db
def test_news_list_leaves_out_announcements_dated_in_the_future(client):
    make_news_item(title_uk="Вже вийшло")
    make_news_item(title_uk="Ще не час", publish_at=timezone.now() + timedelta(hours=1))
    html = client.get("/news/").content.decode()
    assert "Вже вийшло" in html
    assert "Ще не час" not in html


@pytest.mark.django_db
def test_news_list_is_paginated(client):
    now = timezone.now()
    for number in range(12):
        make_news_item(title_uk=f"Новина №{number:02d}", publish_at=now - timedelta(hours=number))
    first = client.get("/news/").content.decode()
    second = client.get("/news/?page=2").content.decode()
    assert titles_in(first, ["Новина №00", "Новина №09", "Новина №10"]) == [
        "Новина №00",
        "Новина №09",
    ]
    assert titles_in(second, ["Новина №09", "Новина №10", "Новина №11"]) == [
        "Новина №10",
        "Новина №11",
    ]


@pytest.mark.django_db
def test_a_page_number_that_is_not_one_shows_the_first_page_with_a_notice(client):
    make_news_item(title_uk="Єдина")
    response = client.get("/en/news/?page=abc")
    assert response.status_code == 200
    assert "The page number was not understood; showing page 1." in response.content.decode()


@pytest.mark.django_db
def test_news_list_costs_the_same_queries_for_many_items(client, django_assert_max_num_queries):
    for _number in range(10):
        make_news_item(image=png_bytes())
    with django_assert_max_num_queries(2):
        response = client.get("/news/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_news_list_links_the_feeds_in_the_head(client):
    html = client.get("/news/").content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/rss+xml" href="/news/feed/"' in head
    assert '<link rel="alternate" type="application/atom+xml" href="/news/atom/"' in head


@pytest.mark.django_db
def test_news_item_page_shows_title_date_and_sanitised_body(client):
    item = make_news_item(
        title_uk="Голосування триває",
        body_uk="<p>Голосуйте <strong>до неділі</strong>.</p><script>alert(1)</script>",
        publish_at=timezone.make_aware(timezone.datetime(2025, 5, 12, 9, 0)),
    )
    html = client.get(f"/news/{item.slug}/").content.decode()
    assert '<h1 id="news-title">Голосування триває</h1>' in html
    assert "<p>Голосуйте <strong>до неділі</strong>.</p>" in html
    assert "alert(1)" not in html
    assert '<time datetime="2025-05-12T09:00:00+03:00">12.05.2025</time>' in html


@pytest.mark.django_db
def test_english_news_item_page_shows_the_english_text(client):
    item = make_news_item(
        title_uk="Голосування", title_en="Voting is open", body_en="<p>Vote now.</p>"
    )
    html = client.get(f"/en/news/{item.slug}/").content.decode()
    assert "Voting is open" in html
    assert "<p>Vote now.</p>" in html


@pytest.mark.django_db
def test_english_page_falls_back_to_ukrainian_when_there_is_no_english(client):
    item = make_news_item(title_uk="Лише українською", title_en="")
    assert "Лише українською" in client.get(f"/en/news/{item.slug}/").content.decode()


@pytest.mark.django_db
def test_a_future_announcement_is_not_found_by_the_public(client):
    item = make_news_item(publish_at=timezone.now() + timedelta(days=1))
    assert client.get(f"/news/{item.slug}/").status_code == 404


@pytest.mark.django_db
def test_a_future_announcement_is_previewed_by_staff_who_write_news(client):
    item = make_news_item(title_en="Tomorrow", publish_at=timezone.now() + timedelta(days=1))
    client.force_login(make_user("administrator"))
    response = client.get(f"/en/news/{item.slug}/")
    assert response.status_code == 200
    assert "Preview: this announcement appears on the site on" in response.content.decode()


@pytest.mark.django_db
def test_a_future_announcement_is_not_previewed_by_other_staff(client):
    item = make_news_item(publish_at=timezone.now() + timedelta(days=1))
    client.force_login(make_user("auditor"))
    assert client.get(f"/news/{item.slug}/").status_code == 404


@pytest.mark.django_db
def test_news_item_page_shows_the_image_with_its_description(client):
    item = make_news_item(image=png_bytes(), image_alt_uk="Скринька для голосування")
    html = client.get(f"/news/{item.slug}/").content.decode()
    assert (
        f'<img class="news-image" src="/news/{item.slug}/image/" alt="Скринька для голосування">'
        in html
    )


@pytest.mark.django_db
def test_the_image_is_served_re_encoded_as_jpeg(client):
    item = make_news_item(image=png_bytes())
    response = client.get(f"/news/{item.slug}/image/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")


@pytest.mark.django_db
def test_the_image_of_a_future_announcement_is_not_served(client):
    item = make_news_item(image=png_bytes(), publish_at=timezone.now() + timedelta(days=1))
    assert client.get(f"/news/{item.slug}/image/").status_code == 404


@pytest.mark.django_db
def test_an_announcement_without_image_has_no_image_address(client):
    item = make_news_item()
    assert client.get(f"/news/{item.slug}/image/").status_code == 404


# --- Feeds ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_rss_feed_is_valid_xml_with_the_published_items_newest_first(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    now = timezone.now()
    make_news_item(title_uk="Перше", publish_at=now - timedelta(days=2), is_pinned=True)
    make_news_item(title_uk="Друге", publish_at=now - timedelta(days=1))
    make_news_item(title_uk="Майбутнє", publish_at=now + timedelta(days=1))
    response = client.get("/news/feed/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = parse_xml(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Друге", "Перше"]


@pytest.mark.django_db
def test_rss_item_has_summary_absolute_link_and_date(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    item = make_news_item(
        title_uk="Новина & оголошення",
        summary_uk="Коротко <про> головне.",
        publish_at=timezone.make_aware(timezone.datetime(2025, 5, 12, 9, 0)),
    )
    entry = parse_xml(client.get("/news/feed/").content).find("channel/item")
    assert entry.findtext("title") == "Новина & оголошення"
    assert entry.findtext("description") == "Коротко <про> головне."
    assert entry.findtext("link") == f"https://hromada.example.org/news/{item.slug}/"
    assert entry.findtext("pubDate") == "Mon, 12 May 2025 09:00:00 +0300"


@pytest.mark.django_db
def test_rss_item_with_an_image_has_an_enclosure(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    item = make_news_item(image=png_bytes())
    enclosure = parse_xml(client.get("/news/feed/").content).find("channel/item/enclosure")
    assert enclosure.get("url") == f"https://hromada.example.org/news/{item.slug}/image/"
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == item.image.size


@pytest.mark.django_db
def test_english_rss_feed_has_english_titles_and_links(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    item = make_news_item(title_uk="Голосування", title_en="Voting")
    channel = parse_xml(client.get("/en/news/feed/").content).find("channel")
    assert channel.findtext("language") == "en"
    assert channel.findtext("item/title") == "Voting"
    assert channel.findtext("item/link") == f"https://hromada.example.org/en/news/{item.slug}/"


@pytest.mark.django_db
def test_atom_feed_is_valid_xml_with_the_published_items(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    now = timezone.now()
    make_news_item(title_uk="Перше", publish_at=now - timedelta(days=2))
    second = make_news_item(
        title_uk="Друге", summary_uk="Підсумок", publish_at=now - timedelta(days=1)
    )
    response = client.get("/news/atom/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parse_xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Друге", "Перше"]
    assert entries[0].findtext(f"{ATOM}summary") == "Підсумок"
    assert entries[0].find(f"{ATOM}link").get("href") == (
        f"https://hromada.example.org/news/{second.slug}/"
    )


@pytest.mark.django_db
def test_an_empty_feed_is_still_valid(client):
    channel = parse_xml(client.get("/news/feed/").content).find("channel")
    assert channel.findall("item") == []


# --- Home -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_page_shows_the_three_latest_announcements_and_links_all(client):
    now = timezone.now()
    for number in range(4):
        make_news_item(title_uk=f"Оголошення дня {number}", publish_at=now - timedelta(days=number))
    html = client.get("/").content.decode()
    assert titles_in(html, [f"Оголошення дня {number}" for number in range(4)]) == [
        "Оголошення дня 0",
        "Оголошення дня 1",
        "Оголошення дня 2",
    ]
    assert 'href="/news/"' in html


@pytest.mark.django_db
def test_home_page_costs_the_same_queries_with_announcements(client):
    with CaptureQueriesContext(connection) as without:
        client.get("/")
    for _number in range(5):
        make_news_item()
    with CaptureQueriesContext(connection) as with_news:
        client.get("/")
    assert len(with_news.captured_queries) == len(without.captured_queries)
