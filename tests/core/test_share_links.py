"""Share links: plain links carrying the page's absolute address, no third-party script."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from tests.factories.portal import make_news_item

pytestmark = pytest.mark.django_db


def share_links(response) -> dict[str, str]:
    page = html.fromstring(response.content.decode())
    nav = page.xpath("//nav[contains(@class, 'share-links')]")
    assert len(nav) == 1
    return {" ".join(a.text_content().split()): a.get("href") for a in nav[0].xpath(".//a")}


def test_a_news_item_offers_share_links_with_its_absolute_address(client, settings):
    settings.SITE_URL = "https://hromada.example.org"
    item = make_news_item(title_uk="Голосування триває; долучайтеся & діліться")
    response = client.get(item.get_absolute_url())
    links = share_links(response)
    address = f"https://hromada.example.org{item.get_absolute_url()}"
    facebook = links["Facebook (відкривається в новому вікні)"]
    assert parse_qs(urlsplit(facebook).query) == {"u": [address]}
    telegram = parse_qs(urlsplit(links["Telegram (відкривається в новому вікні)"]).query)
    assert telegram == {"url": [address], "text": ["Голосування триває; долучайтеся & діліться"]}
    mail = urlsplit(links["Електронна пошта"])
    assert (mail.scheme, parse_qs(mail.query)["body"]) == ("mailto", [address])
    assert b'<script src="https://' not in response.content


def test_the_edition_page_offers_share_links(client):
    from tests.factories.budget import make_edition

    edition = make_edition(slug="2031")
    response = client.get(f"/budget/{edition.slug}/")
    assert "Viber (відкривається в новому вікні)" in share_links(response)
