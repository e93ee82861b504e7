"""The demo's information campaign: announcements and pages in both languages, made
through the services, once."""

from __future__ import annotations

from datetime import date

import pytest

from hromada.core.models import ActivityLog
from hromada.portal.demo_campaign import seed_campaign
from hromada.portal.models import NewsItem, Page
from tests.factories.budget import make_edition


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editions(db):
    return [
        make_edition(slug="2024", year=2024, submission_start=date(2024, 3, 1)),
        make_edition(slug="2030", year=2030),
    ]


@pytest.mark.django_db
def test_the_campaign_has_five_announcements_one_pinned_one_with_a_picture(editions):
    seed_campaign(editions)
    assert NewsItem.objects.count() == 5
    assert NewsItem.objects.filter(is_pinned=True).count() == 1
    pictured = NewsItem.objects.exclude(image="").get()
    assert pictured.is_pinned
    assert pictured.image_alt_uk == "Бюлетень із позначкою опускають у скриньку для голосування"


@pytest.mark.django_db
def test_every_announcement_has_both_languages(editions):
    seed_campaign(editions)
    for item in NewsItem.objects.all():
        assert item.title_en
        assert item.summary_en
        assert item.body_en


@pytest.mark.django_db
def test_the_results_announcement_belongs_to_the_past_edition(editions):
    seed_campaign(editions)
    item = NewsItem.objects.get(slug="pidsumky-hromadskoho-biudzhetu-2024")
    assert item.edition == editions[0]


@pytest.mark.django_db
def test_the_pages_are_the_accessibility_statement_and_the_current_editions_guides(editions):
    seed_campaign(editions)
    pages = {
        (page.edition.slug if page.edition else None, page.slug) for page in Page.objects.all()
    }
    assert pages == {
        (None, "accessibility"),
        ("2030", "rules"),
        ("2030", "how-to-submit"),
        ("2030", "how-to-vote"),
    }
    assert not Page.objects.filter(is_published=False).exists()


@pytest.mark.django_db
def test_the_rules_page_reads_the_editions_pools(editions):
    seed_campaign(editions)
    body = Page.objects.get(slug="rules").body_uk
    assert '<th scope="row">Малі проєкти</th><td>600&nbsp;000&nbsp;грн</td>' in body


@pytest.mark.django_db
def test_a_second_run_changes_nothing(editions):
    seed_campaign(editions)
    logged = ActivityLog.objects.count()
    seed_campaign(editions)
    assert (NewsItem.objects.count(), Page.objects.count()) == (5, 4)
    assert ActivityLog.objects.count() == logged


@pytest.mark.django_db
def test_the_seeded_pages_are_served(client, editions):
    seed_campaign(editions)
    assert client.get("/pages/accessibility/").status_code == 200
    assert client.get("/en/budget/2030/about/how-to-vote/").status_code == 200
