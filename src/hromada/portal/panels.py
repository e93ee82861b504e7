"""The portal's sections on the budget's edition page: its announcements and pages."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from hromada.budget.models import Edition
from hromada.budget.panels import register_edition_panel
from hromada.portal.selectors import edition_news, edition_pages

EDITION_NEWS_SHOWN = 3


def edition_campaign_panel(request: HttpRequest, edition: Edition) -> SafeString | None:
    news = list(edition_news(edition)[:EDITION_NEWS_SHOWN])
    pages = list(edition_pages(edition))
    if not news and not pages:
        return None
    return render_to_string(
        "portal/public/_edition_campaign.html",
        {"edition": edition, "news": news, "pages": pages},
        request=request,
    )


def register() -> None:
    register_edition_panel(edition_campaign_panel, order=20)
