"""What the home page composes from the other apps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import open_phases, public_editions
from hromada.portal.models import NewsItem, Page
from hromada.programmes.selectors import programmes_in_force


@dataclass(frozen=True)
class OpenItem:
    title: str
    description: str
    url: str


def open_now() -> list[OpenItem]:
    """Everything a resident can take part in today: the open phases of published
    participatory-budget editions, then the programmes in force. (Contest calls join
    this list when their app arrives.)"""
    today = timezone.localdate()
    now = timezone.now()
    budget = [
        OpenItem(
            title=f"{edition.title}: {phase.get_kind_display()}",
            description=_("until %(day)s") % {"day": phase.ends_on.strftime("%d.%m.%Y")},
            url=edition.get_absolute_url(),
        )
        for edition in public_editions()
        for phase in open_phases(edition, now)
        if phase.kind != PhaseKind.IMPLEMENTATION
    ]
    return budget + [
        OpenItem(
            title=str(programme.title),
            description="",
            url=programme.get_absolute_url(),
        )
        for programme in programmes_in_force(today)
    ]


# --- The information campaign --------------------------------------------------------


def published_news(now: datetime | None = None) -> QuerySet[NewsItem]:
    """Announcements whose time has come: pinned ones first, then the newest."""
    return NewsItem.objects.filter(publish_at__lte=now or timezone.now()).order_by(
        "-is_pinned", "-publish_at", "-pk"
    )


def latest_news(limit: int = 3) -> list[NewsItem]:
    return list(published_news()[:limit])


def news_item_for_public(slug: str, now: datetime | None = None) -> NewsItem | None:
    return published_news(now).select_related("edition").filter(slug=slug).first()


def news_item_for_preview(slug: str) -> NewsItem | None:
    """Any announcement, published or not: staff look at it before it goes out."""
    return NewsItem.objects.select_related("edition").filter(slug=slug).first()


def edition_news(edition: Edition, now: datetime | None = None) -> QuerySet[NewsItem]:
    return published_news(now).filter(edition=edition)


def public_page(slug: str) -> Page | None:
    """A published general page (not one of an edition's)."""
    return Page.objects.filter(slug=slug, edition__isnull=True, is_published=True).first()


def public_edition_page(edition_slug: str, slug: str) -> Page | None:
    """A published page of a published edition."""
    return (
        Page.objects.select_related("edition")
        .filter(
            slug=slug,
            edition__slug=edition_slug,
            edition__is_published=True,
            is_published=True,
        )
        .first()
    )


def edition_pages(edition: Edition) -> QuerySet[Page]:
    return (
        Page.objects.select_related("edition")
        .filter(edition=edition, is_published=True)
        .order_by("position", "pk")
    )


def news_for_staff() -> QuerySet[NewsItem]:
    return NewsItem.objects.select_related("edition").order_by("-is_pinned", "-publish_at", "-pk")


def pages_for_staff() -> QuerySet[Page]:
    # General pages first, then each edition's, the newest edition first.
    return Page.objects.select_related("edition").order_by(
        F("edition__year").desc(nulls_first=True), "edition__slug", "position", "pk"
    )
