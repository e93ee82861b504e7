"""Public statistics pages and the download of every table (CSV, XLSX, one workbook).

Only published editions; the voting tables only once the commission has approved the
count. An unknown table is a 404, as is a table not published yet."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from hromada.budget.models import Edition
from hromada.budget.selectors import public_editions
from hromada.core.exports import csv_response, xlsx_response
from hromada.portal.statistics.edition import edition_statistics
from hromada.portal.statistics.presentation import counters_sentence, show_table
from hromada.portal.statistics.tables import Table
from hromada.portal.statistics.years import overview_statistics


def _public_edition(slug: str) -> Edition:
    # Only the parts the tables name; phases and settlements are not needed here.
    editions = public_editions().prefetch_related(None)
    found = (
        editions.prefetch_related("pools", "categories", "territories").filter(slug=slug).first()
    )
    if found is None:
        raise Http404
    return found


def _table(table: Table | None) -> Table:
    if table is None:
        raise Http404
    return table


@require_safe
def edition_stats(request: HttpRequest, edition: str) -> HttpResponse:
    found = _public_edition(edition)
    statistics = edition_statistics(found)
    tables = [
        show_table(
            table,
            csv_url=reverse(
                "portal:edition_stats_csv", kwargs={"edition": found.slug, "table": table.slug}
            ),
            xlsx_url=reverse(
                "portal:edition_stats_xlsx", kwargs={"edition": found.slug, "table": table.slug}
            ),
        )
        for table in statistics.tables
    ]
    return render(
        request,
        "portal/stats/edition.html",
        {
            "edition": found,
            "statistics": statistics,
            "counters_sentence": counters_sentence(statistics.counters),
            "tables": tables,
        },
    )


@require_safe
def edition_stats_csv(request: HttpRequest, edition: str, table: str) -> HttpResponse:
    found = _public_edition(edition)
    chosen = _table(edition_statistics(found).table(table))
    return csv_response(
        f"stats-{found.slug}-{chosen.slug}.csv", chosen.header, chosen.export_rows()
    )


@require_safe
def edition_stats_xlsx(request: HttpRequest, edition: str, table: str) -> HttpResponse:
    found = _public_edition(edition)
    chosen = _table(edition_statistics(found).table(table))
    return xlsx_response(f"stats-{found.slug}-{chosen.slug}.xlsx", [chosen.sheet()])


@require_safe
def edition_stats_workbook(request: HttpRequest, edition: str) -> HttpResponse:
    found = _public_edition(edition)
    statistics = edition_statistics(found)
    return xlsx_response(f"stats-{found.slug}.xlsx", [table.sheet() for table in statistics.tables])


@require_safe
def stats(request: HttpRequest) -> HttpResponse:
    overview = overview_statistics()
    tables = [
        show_table(
            table,
            csv_url=reverse("portal:stats_csv", kwargs={"table": table.slug}),
            xlsx_url=reverse("portal:stats_xlsx", kwargs={"table": table.slug}),
        )
        for table in overview.tables
    ]
    return render(
        request,
        "portal/stats/overview.html",
        {
            "overview": overview,
            "counters_sentence": counters_sentence(overview.counters),
            "tables": tables,
        },
    )


@require_safe
def stats_csv(request: HttpRequest, table: str) -> HttpResponse:
    chosen = _table(overview_statistics().table(table))
    return csv_response(f"stats-{chosen.slug}.csv", chosen.header, chosen.export_rows())


@require_safe
def stats_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    chosen = _table(overview_statistics().table(table))
    return xlsx_response(f"stats-{chosen.slug}.xlsx", [chosen.sheet()])


@require_safe
def stats_workbook(request: HttpRequest) -> HttpResponse:
    return xlsx_response("stats.xlsx", [table.sheet() for table in overview_statistics().tables])
