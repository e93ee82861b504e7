"""The public project catalogue of an edition: the filtered list, its map data, the
project page and the project's public attachments."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.budget.catalogue import (
    catalogue_projects,
    cost_table,
    map_points,
    project_for_public,
    public_projects,
)
from hromada.budget.enums import ProjectState, RejectionReason
from hromada.budget.models import Attachment, Edition, Project
from hromada.budget.panels import project_panels
from hromada.budget.workflow import PUBLIC_STATES
from hromada.core.uploads import KIND_CONTENT_TYPES

PAGE_SIZE = 24
MAX_QUERY_LENGTH = 200
FILTERS = ("pool", "category", "territory", "state", "q")
# The public states in the order a project moves through them.
STATE_ORDER = [state for state in ProjectState.values if state in PUBLIC_STATES]


class CatalogueFilterForm(forms.Form):
    """The catalogue's GET filters. A value that is not one of the choices (an old link,
    a typed address) is dropped with a notice instead of failing the page, so the form
    is always valid and shows what was actually applied."""

    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    pool = forms.ChoiceField(label=gettext_lazy("Pool"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    territory = forms.ChoiceField(label=gettext_lazy("Territory"), required=False)
    state = forms.ChoiceField(label=gettext_lazy("State"), required=False)

    def __init__(self, data: QueryDict, *, edition: Edition) -> None:
        public = Q(projects__state__in=PUBLIC_STATES)
        pools = _choices(
            _("All pools"), edition.pools.annotate(public_count=Count("projects", filter=public))
        )
        categories = _choices(
            _("All categories"),
            edition.categories.annotate(public_count=Count("projects", filter=public)),
        )
        territories = _choices(
            _("All territories"),
            edition.territories.annotate(public_count=Count("projects", filter=public)),
        )
        state_counts = dict(
            public_projects(edition)
            .order_by()
            .values_list("state")
            .annotate(count=Count("pk"))
            .values_list("state", "count")
        )
        states = [("", _("All states"))] + [
            (state, f"{capfirst(ProjectState(state).label)} ({state_counts.get(state, 0)})")
            for state in STATE_ORDER
        ]
        self.notices: list[str] = []
        kept = {name: data.get(name, "").strip() for name in FILTERS if data.get(name, "").strip()}
        if len(kept.get("q", "")) > MAX_QUERY_LENGTH:
            del kept["q"]
            self.notices.append(_("The search text is too long and was ignored."))
        unknown = {
            "pool": (pools, _("There is no pool “%(value)s”; that filter was ignored.")),
            "category": (
                categories,
                _("There is no category “%(value)s”; that filter was ignored."),
            ),
            "territory": (
                territories,
                _("There is no territory “%(value)s”; that filter was ignored."),
            ),
            "state": (states, _("“%(value)s” is not a state; that filter was ignored.")),
        }
        for name, (choices, message) in unknown.items():
            if name in kept and kept[name] not in {value for value, _label in choices}:
                self.notices.append(message % {"value": kept.pop(name)[:60]})
        super().__init__(kept)
        for name, (choices, _message) in unknown.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def applied(self) -> dict[str, str]:
        """The filters in force (all kept values are valid choices)."""
        self.is_valid()
        return {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)}


def _choices(everything: str, parts: QuerySet[Any]) -> list[tuple[str, str]]:
    return [("", everything)] + [
        (part.code, f"{part.name} ({part.public_count})") for part in parts
    ]


def _published_edition(slug: str) -> Edition:
    found = Edition.objects.filter(slug=slug, is_published=True).first()
    if found is None:
        raise Http404
    return found


def _filters_of(request: HttpRequest, edition: Edition) -> CatalogueFilterForm:
    return CatalogueFilterForm(request.GET, edition=edition)


def _as_query(filters: dict[str, str]) -> dict[str, str]:
    """Keyword arguments of catalogue_projects from the form's names."""
    arguments = dict(filters)
    if "q" in arguments:
        arguments["query"] = arguments.pop("q")
    return arguments


def _page(request: HttpRequest, projects: QuerySet[Project]) -> tuple[Page[Any], str | None]:
    paginator = Paginator(projects, PAGE_SIZE)
    asked = request.GET.get("page")
    try:
        return paginator.page(asked or 1), None
    except PageNotAnInteger:
        return paginator.page(1), _("The page number was not understood; showing page 1.")
    except EmptyPage:
        last = paginator.num_pages
        return paginator.page(last), _("There is no such page; showing page %(number)s.") % {
            "number": last
        }


def catalogue(request: HttpRequest, edition: str) -> HttpResponse:
    found = _published_edition(edition)
    form = _filters_of(request, found)
    filters = form.applied()
    page, page_notice = _page(request, catalogue_projects(found, **_as_query(filters)))
    notices = form.notices + ([page_notice] if page_notice else [])
    query = urlencode(filters)
    map_url = reverse("budget:catalogue_map", kwargs={"edition": found.slug})
    return render(
        request,
        "budget/public/catalogue.html",
        {
            "edition": found,
            "form": form,
            "filters": filters,
            "page": page,
            "notices": notices,
            "query": query,
            "map_url": f"{map_url}?{query}" if query else map_url,
        },
    )


def catalogue_map(request: HttpRequest, edition: str) -> JsonResponse:
    """The catalogue's projects with a map point as a GeoJSON FeatureCollection; the
    same filters as the list (invalid ones ignored)."""
    found = _published_edition(edition)
    filters = _filters_of(request, found).applied()
    features = [
        {
            "type": "Feature",
            "id": point["id"],
            "geometry": {"type": "Point", "coordinates": [point["lon"], point["lat"]]},
            "properties": {
                "number": point["number"],
                "title": point["title"],
                "state": point["state"],
                "url": point["url"],
            },
        }
        for point in map_points(found, **_as_query(filters))
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


def project(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    found = project_for_public(edition, project_id)
    if found is None:
        raise Http404
    reasons = dict(RejectionReason.choices)
    photos = [item for item in found.public_attachments if item.is_image]  # type: ignore[attr-defined]
    photo = photos[0] if photos else None
    return render(
        request,
        "budget/public/project.html",
        {
            "project": found,
            "edition": found.edition,
            "table": cost_table(found),
            "author_name": found.author.full_name if found.publishes_author_name else "",
            "events": [
                {"event": event, "reason": reasons.get(event.reason_code, "")}
                for event in found.events.all()
            ],
            "map_point": found.latitude is not None and found.longitude is not None,
            "panels": project_panels(request, found),
            # The link preview: title, short description and the first public photo.
            "og": {
                "title": f"№ {found.number} {found.title}" if found.number else str(found),
                "description": found.summary,
                "image": reverse(
                    "budget:project_attachment",
                    kwargs={
                        "edition": found.edition.slug,
                        "project_id": found.pk,
                        "attachment_id": photo.pk,
                    },
                )
                if photo is not None
                else "",
                "image_alt": (photo.description or found.title) if photo is not None else "",
                "type": "article",
            },
        },
    )


def project_attachment(
    request: HttpRequest, edition: str, project_id: int, attachment_id: int
) -> FileResponse:
    """A public attachment of a public project: images inline, documents as downloads.
    Internal attachments (staff working papers) are never served here."""
    attachment = Attachment.objects.filter(
        pk=attachment_id,
        is_public=True,
        project_id=project_id,
        project__edition__slug=edition,
        project__edition__is_published=True,
        project__state__in=PUBLIC_STATES,
    ).first()
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
        content_type=KIND_CONTENT_TYPES.get(attachment.kind, "application/octet-stream"),
    )
