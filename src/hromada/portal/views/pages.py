"""Static pages: general ones (/pages/<slug>/, the accessibility statement among them)
and an edition's (/budget/<edition>/about/<slug>/), and the staff pages that write them."""

from __future__ import annotations

import html

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from hromada.core.access import get_object_for_user, staff_view
from hromada.portal.forms import PageForm
from hromada.portal.models import Page
from hromada.portal.selectors import (
    edition_pages,
    pages_for_staff,
    public_edition_page,
    public_page,
)
from hromada.portal.services import delete_page, save_page
from hromada.portal.views.news import (
    MANAGE,
    STAFF_PAGE_SIZE,
    actor_of,
    add_service_error,
    page_of,
    report_saved,
)

DESCRIPTION_CHARACTERS = 200


def description_of(rich_text: str) -> str:
    """The start of a body as plain text, for link previews."""
    # A space for every tag, so that a heading and the paragraph after it stay two words.
    text = " ".join(html.unescape(strip_tags(rich_text.replace("<", " <"))).split())
    return Truncator(text).chars(DESCRIPTION_CHARACTERS)


def _render_page(request: HttpRequest, page: Page) -> HttpResponse:
    siblings = list(edition_pages(page.edition)) if page.edition is not None else []
    return render(
        request,
        "portal/pages/detail.html",
        {
            "page": page,
            "edition": page.edition,
            "siblings": siblings,
            "is_preview": not page.is_published
            or (page.edition is not None and not page.edition.is_published),
            "og": {"title": page.title, "description": description_of(page.body)},
        },
    )


def _preview(request: HttpRequest, **lookup: object) -> Page:
    """Staff who write pages see unpublished ones too; everyone else gets 404."""
    if not request.user.has_perm(MANAGE):
        raise Http404
    found = Page.objects.select_related("edition").filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = public_page(slug) or _preview(request, slug=slug, edition__isnull=True)
    return _render_page(request, page)


def edition_page_detail(request: HttpRequest, edition: str, slug: str) -> HttpResponse:
    page = public_edition_page(edition, slug) or _preview(request, slug=slug, edition__slug=edition)
    return _render_page(request, page)


# --- Staff ----------------------------------------------------------------------------


def _page_for(request: HttpRequest, page_id: int) -> Page:
    return get_object_for_user(
        request.user, Page.objects.select_related("edition"), MANAGE, pk=page_id
    )


def _save(request: HttpRequest, form: PageForm, page: Page | None) -> HttpResponse | None:
    try:
        saved = save_page(actor=actor_of(request), page=page, **form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return None
    if report_saved(request, saved, _("The page is saved.")):
        return redirect("portal:staff_page_edit", page_id=saved.item.pk)
    return redirect("portal:staff_pages")


@staff_view(MANAGE)
def staff_page_list(request: HttpRequest) -> HttpResponse:
    page, notice = page_of(request, pages_for_staff(), STAFF_PAGE_SIZE)
    return render(
        request,
        "portal/staff/pages_list.html",
        {"page": page, "notices": [notice] if notice else []},
    )


@staff_view(MANAGE)
def staff_page_create(request: HttpRequest) -> HttpResponse:
    is_post = request.method == "POST"
    form = PageForm(request.POST if is_post else None, initial={"position": 0})
    if is_post and form.is_valid():
        response = _save(request, form, None)
        if response is not None:
            return response
    return render(
        request,
        "portal/staff/pages_form.html",
        {"form": form, "item": None},
        status=400 if is_post else 200,
    )


@staff_view(MANAGE)
def staff_page_edit(request: HttpRequest, page_id: int) -> HttpResponse:
    found = _page_for(request, page_id)
    is_post = request.method == "POST"
    form = PageForm(request.POST if is_post else None, initial=PageForm.initial_of(found))
    if is_post and form.is_valid():
        response = _save(request, form, found)
        if response is not None:
            return response
    return render(
        request,
        "portal/staff/pages_form.html",
        {"form": form, "item": found},
        status=400 if is_post else 200,
    )


@staff_view(MANAGE)
def staff_page_delete(request: HttpRequest, page_id: int) -> HttpResponse:
    found = _page_for(request, page_id)
    if request.method == "POST":
        delete_page(actor=actor_of(request), page=found)
        messages.success(request, _("The page is deleted."))
        return redirect("portal:staff_pages")
    return render(request, "portal/staff/pages_delete.html", {"item": found})
