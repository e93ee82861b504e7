"""Reads of the public project catalogue: which projects the public sees, the text
search over them, the map points and the project page with its public history.

Search text is normalised the same way when stored (`search_document`, kept in
`Project.search_text` by the services) and when asked (`search_words`): case-folded,
whitespace collapsed, and every apostrophe (ʼ ’ ' ` ‘ ′) *removed*. Ukrainian is typed
with any of them ("комп'ютер", "компʼютер", "комп’ютер"), and many people leave it out
("компютер"); removing it makes all four the same word. A removed apostrophe also keeps
the word whole for PostgreSQL's text-search parser and pg_trgm, which would split it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from hromada.budget.enums import AssignmentStatus
from hromada.budget.estimate import estimate_of
from hromada.budget.models import (
    Appeal,
    Attachment,
    CommissionDecision,
    Edition,
    Project,
    ProjectEvent,
    ReviewAssignment,
    Support,
)
from hromada.budget.workflow import PUBLIC_STATES

APOSTROPHES = re.compile("[\u02bc\u2019'`\u2018\u2032\uff07]")
WHITESPACE = re.compile(r"\s+")
WORD = re.compile(r"[^\W_]+")
SEARCHED_FIELDS = ("title", "summary", "problem", "aim", "solution", "address")
# Longer input is cut: nobody types more, and it bounds the work of one search.
MAX_QUERY_WORDS = 10


def normalise_search_text(text: str) -> str:
    """Case-folded, apostrophes removed, whitespace collapsed (see the module's note).
    NFC first: some keyboards send "й" and "ї" as a letter and a combining mark."""
    text = APOSTROPHES.sub("", unicodedata.normalize("NFC", text).casefold())
    return WHITESPACE.sub(" ", text).strip()


def search_words(query: str) -> list[str]:
    """The words of a resident's query, normalised like the stored text; punctuation
    ("ім.", quotes, hyphens) only separates words."""
    return WORD.findall(normalise_search_text(query))[:MAX_QUERY_WORDS]


def search_document(project: Project) -> str:
    """The searchable text of a project: its number, title, descriptions and address."""
    parts = [str(project.number) if project.number else ""]
    parts += [str(getattr(project, field) or "") for field in SEARCHED_FIELDS]
    return normalise_search_text(" ".join(part for part in parts if part))


def _support_count() -> Coalesce:
    supports = (
        Support.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(supports, output_field=IntegerField()), Value(0))


def public_projects(edition: Edition) -> QuerySet[Project]:
    """The projects of the edition the public may see (past the completeness check)."""
    return Project.objects.filter(edition=edition, state__in=PUBLIC_STATES)


def _search(projects: QuerySet[Project], words: list[str]) -> QuerySet[Project]:
    if connections[projects.db].vendor == "postgresql":
        # Prefix match of every word in the "simple" configuration (no stemming, so it
        # behaves the same for Ukrainian and English), or a similar word by trigrams,
        # which forgives a typo or another ending ("шевченко" finds "шевченка").
        phrase = " ".join(words)
        text_query = SearchQuery(
            " & ".join(f"{word}:*" for word in words), config="simple", search_type="raw"
        )
        vector = SearchVector("search_text", config="simple")
        return (
            projects.alias(search_vector=vector)
            .annotate(
                search_rank=SearchRank(vector, text_query)
                + TrigramWordSimilarity(phrase, "search_text"),
            )
            .filter(
                Q(search_vector=text_query) | Q(TrigramWordSimilar(F("search_text"), Value(phrase)))
            )
            .order_by("-search_rank", "number", "pk")
        )
    # SQLite: every word must occur in the (already case-folded) stored text.
    for word in words:
        projects = projects.filter(search_text__icontains=word)
    return projects


def catalogue_projects(
    edition: Edition,
    *,
    pool: str | None = None,
    category: str | None = None,
    territory: str | None = None,
    state: str | None = None,
    query: str = "",
) -> QuerySet[Project]:
    """Public projects of the edition, filtered by pool, category and territory codes and
    by state, searched by `query`; best matches first when searching, else by number.
    Rows come with pool, category and territory joined and `support_count` annotated, so
    a page of any length costs one query."""
    projects: QuerySet[Project] = (
        public_projects(edition)
        .select_related("pool", "category", "territory")
        .annotate(support_count=_support_count())
        .order_by("number", "pk")
    )
    if pool:
        projects = projects.filter(pool__code=pool)
    if category:
        projects = projects.filter(category__code=category)
    if territory:
        projects = projects.filter(territory__code=territory)
    if state:
        projects = projects.filter(state=state)
    words = search_words(query)
    if words:
        projects = _search(projects, words)
    return projects


def map_points(edition: Edition, **filters: Any) -> list[dict[str, Any]]:
    """Public projects of the edition that have a map point (optionally filtered like
    `catalogue_projects`), as plain data for the map."""
    projects = catalogue_projects(edition, **filters).filter(
        latitude__isnull=False, longitude__isnull=False
    )
    return [
        {
            "id": project.pk,
            "number": project.number,
            "title": project.title,
            "state": str(project.get_state_display()),
            "lat": float(project.latitude),  # type: ignore[arg-type]
            "lon": float(project.longitude),  # type: ignore[arg-type]
            "url": reverse(
                "budget:project", kwargs={"edition": edition.slug, "project_id": project.pk}
            ),
        }
        for project in projects
    ]


def project_for_public(edition_slug: str, project_id: int) -> Project | None:
    """A public project of a published edition with everything its page shows: the
    estimate, public attachments only, the public history, the opinions given by
    departments, the commission's decisions and the appeals. None for anything else
    (drafts, projects under the completeness check, withdrawn ones, unpublished editions)."""
    return (
        Project.objects.filter(
            pk=project_id,
            edition__slug=edition_slug,
            edition__is_published=True,
            state__in=PUBLIC_STATES,
        )
        .select_related("edition", "pool", "category", "territory", "author")
        .annotate(support_count=_support_count())
        .prefetch_related(
            "cost_items",
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_public=True),
                to_attr="public_attachments",
            ),
            Prefetch("events", queryset=ProjectEvent.objects.order_by("created_at", "pk")),
            Prefetch(
                "assignments",
                queryset=ReviewAssignment.objects.filter(status=AssignmentStatus.DONE)
                .select_related("department")
                .order_by("completed_at", "pk"),
                to_attr="public_opinions",
            ),
            Prefetch("decisions", queryset=CommissionDecision.objects.order_by("created_at", "pk")),
            Prefetch(
                "appeals",
                queryset=Appeal.objects.select_related("decision").order_by("filed_at", "pk"),
            ),
        )
        .first()
    )


@dataclass(frozen=True)
class CostRow:
    name: str
    unit: str
    quantity: Decimal
    unit_price: Decimal
    total: Decimal


@dataclass(frozen=True)
class CostTable:
    rows: list[CostRow]
    subtotal: Decimal
    contingency_percent: Decimal
    contingency: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal


def cost_table(project: Project) -> CostTable:
    """The estimate as a table: each line (quantity × unit price, in kopiykas), the
    subtotal, the contingency and VAT lines and the total. The arithmetic is the one of
    `estimate.py`, so the table always adds up to the project's stored total."""
    estimate = estimate_of(project)
    return CostTable(
        rows=[
            CostRow(line.name, line.unit, line.quantity, line.unit_price, line.total)
            for line in estimate.lines
        ],
        subtotal=estimate.subtotal,
        contingency_percent=estimate.contingency_percent,
        contingency=estimate.contingency,
        vat_percent=estimate.vat_percent,
        vat=estimate.vat,
        total=estimate.total,
    )
