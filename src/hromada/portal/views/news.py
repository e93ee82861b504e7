"""Announcements: the public list, the item page with its image, the RSS and Atom feeds,
and the staff pages that write them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.core.paginator import Page as PaginatorPage
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.access import get_object_for_user, staff_view
from hromada.core.links import absolute_url
from hromada.core.uploads import KIND_CONTENT_TYPES, KIND_JPEG, KIND_PNG
from hromada.portal.forms import NewsItemForm
from hromada.portal.models import NewsItem
from hromada.portal.selectors import (
    news_for_staff,
    news_item_for_preview,
    news_item_for_public,
    published_news,
)
from hromada.portal.services import Saved, delete_news_item, save_news_item

MANAGE = "portal.manage_news"
PAGE_SIZE = 10
STAFF_PAGE_SIZE = 50
FEED_SIZE = 20


# --- Shared by the campaign's views ----------------------------------------------------


def actor_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def add_service_error(form: BaseForm, error: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (or above them)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def page_of(request: HttpRequest, items: Any, size: int) -> tuple[PaginatorPage[Any], str]:
    """The asked page of `items`; a page number that is not one is answered with the
    nearest page and a notice rather than an error."""
    paginator = Paginator(items, size)
    asked = request.GET.get("page")
    try:
        return paginator.page(asked or 1), ""
    except PageNotAnInteger:
        return paginator.page(1), _("The page number was not understood; showing page 1.")
    except EmptyPage:
        last = paginator.num_pages
        return paginator.page(last), _("There is no such page; showing page %(number)s.") % {
            "number": last
        }


def report_saved(request: HttpRequest, saved: Saved[Any], success: str) -> bool:
    """Tell the editor what happened; True when markup was removed, so the caller shows
    the saved text again for them to check."""
    if saved.removed_markup:
        messages.warning(
            request,
            _("Some markup was removed for safety: %(markup)s. The rest of the text is saved.")
            % {"markup": ", ".join(saved.removed_markup)},
        )
        return True
    messages.success(request, success)
    return False


# --- Public ---------------------------------------------------------------------------


def news_list(request: HttpRequest) -> HttpResponse:
    page, notice = page_of(request, published_news(), PAGE_SIZE)
    return render(
        request,
        "portal/news/list.html",
        {
            "page": page,
            "notices": [notice] if notice else [],
            "og": {
                "title": _("News and announcements"),
                "description": _(
                    "Announcements of the community: the participatory budget, deadlines, "
                    "voting and results."
                ),
            },
        },
    )


def _item_or_preview(request: HttpRequest, slug: str) -> NewsItem:
    """A published announcement, or for staff who write them, any one (a preview)."""
    item = news_item_for_public(slug)
    if item is None and request.user.has_perm(MANAGE):
        item = news_item_for_preview(slug)
    if item is None:
        raise Http404
    return item


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    item = _item_or_preview(request, slug)
    return render(
        request,
        "portal/news/detail.html",
        {
            "item": item,
            "is_preview": not item.is_published(),
            "edition_is_public": item.edition is not None and item.edition.is_published,
            "og": {
                "title": item.title,
                "description": item.summary,
                "image": item.get_image_url(),
                "image_alt": item.image_alt,
                "type": "article",
            },
        },
    )


def _image_content_type(name: str | None) -> str:
    # Stored images are re-encoded: a JPEG, or a PNG when they have transparency.
    return KIND_CONTENT_TYPES[KIND_PNG if (name or "").lower().endswith(".png") else KIND_JPEG]


def news_image(request: HttpRequest, slug: str) -> FileResponse:
    item = _item_or_preview(request, slug)
    if not item.image:
        raise Http404
    try:
        handle = item.image.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    return FileResponse(handle, content_type=_image_content_type(item.image.name))


class NewsFeed(Feed):
    """RSS 2.0: the published announcements, newest first (pinning is for the page)."""

    feed_type: type[Rss201rev2Feed] = Rss201rev2Feed

    def title(self) -> str:
        community = (
            settings.COMMUNITY_NAME_EN if get_language() == "en" else settings.COMMUNITY_NAME_UK
        )
        return _("News: %(community)s") % {"community": community}

    def link(self) -> str:
        return absolute_url(reverse("portal:news"))

    def feed_url(self) -> str:
        return absolute_url(reverse("portal:news_feed"))

    def description(self) -> str:
        return _(
            "Announcements of the community: the participatory budget, deadlines, voting "
            "and results."
        )

    def items(self) -> list[NewsItem]:
        return list(published_news().order_by("-publish_at", "-pk")[:FEED_SIZE])

    def item_title(self, item: NewsItem) -> str:
        return str(item.title)

    def item_description(self, item: NewsItem) -> str:
        return str(item.summary)

    def item_link(self, item: NewsItem) -> str:
        return absolute_url(item.get_absolute_url())

    # In Kyiv time, as residents read the dates everywhere else.
    def item_pubdate(self, item: NewsItem) -> datetime:
        return timezone.localtime(item.publish_at)

    def item_updateddate(self, item: NewsItem) -> datetime:
        return timezone.localtime(item.updated_at)

    def item_enclosures(self, item: NewsItem) -> list[Enclosure]:
        if not item.image:
            return []
        try:
            size = item.image.size
        except OSError:  # the file went missing: the item is still news
            return []
        return [
            Enclosure(
                absolute_url(item.get_image_url()),
                str(size),
                _image_content_type(item.image.name),
            )
        ]


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed  # type: ignore[assignment]

    def feed_url(self) -> str:
        return absolute_url(reverse("portal:news_atom"))

    def subtitle(self) -> str:
        return self.description()


# --- Staff ----------------------------------------------------------------------------


def _item_for(request: HttpRequest, item_id: int) -> NewsItem:
    return get_object_for_user(
        request.user, NewsItem.objects.select_related("edition"), MANAGE, pk=item_id
    )


def _save(request: HttpRequest, form: NewsItemForm, item: NewsItem | None) -> HttpResponse | None:
    data = dict(form.cleaned_data)
    image = data.pop("image", None)
    remove_image = bool(data.pop("remove_image", False))
    try:
        saved = save_news_item(
            actor=actor_of(request), item=item, image=image, remove_image=remove_image, **data
        )
    except ValidationError as error:
        add_service_error(form, error)
        return None
    if report_saved(request, saved, _("The announcement is saved.")):
        return redirect("portal:staff_news_edit", item_id=saved.item.pk)
    return redirect("portal:staff_news")


@staff_view(MANAGE)
def staff_news_list(request: HttpRequest) -> HttpResponse:
    page, notice = page_of(request, news_for_staff(), STAFF_PAGE_SIZE)
    return render(
        request,
        "portal/staff/news_list.html",
        {"page": page, "notices": [notice] if notice else [], "now": timezone.now()},
    )


@staff_view(MANAGE)
def staff_news_create(request: HttpRequest) -> HttpResponse:
    is_post = request.method == "POST"
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = NewsItemForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial={"publish_at": now},
    )
    if is_post and form.is_valid():
        response = _save(request, form, None)
        if response is not None:
            return response
    return render(
        request,
        "portal/staff/news_form.html",
        {"form": form, "item": None},
        status=400 if is_post else 200,
    )


@staff_view(MANAGE)
def staff_news_edit(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for(request, item_id)
    is_post = request.method == "POST"
    form = NewsItemForm(
        request.POST if is_post else None,
        request.FILES if is_post else None,
        initial=NewsItemForm.initial_of(item),
        item=item,
    )
    if is_post and form.is_valid():
        response = _save(request, form, item)
        if response is not None:
            return response
    return render(
        request,
        "portal/staff/news_form.html",
        {"form": form, "item": item},
        status=400 if is_post else 200,
    )


@staff_view(MANAGE)
def staff_news_delete(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item_for(request, item_id)
    if request.method == "POST":
        delete_news_item(actor=actor_of(request), item=item)
        messages.success(request, _("The announcement is deleted."))
        return redirect("portal:staff_news")
    return render(request, "portal/staff/news_delete.html", {"item": item})
