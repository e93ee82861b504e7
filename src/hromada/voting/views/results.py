"""The public results of an edition: per pool the ranked projects with why each ended
where it did, the money, the published ballot files with the command that recounts
them, and who took part (by channel, age band, territory and day, small cells hidden).

Only an approved count is public; before that the page says when results are expected.
The same presentation (`results_context`) serves the commission's snapshot page."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.selectors import is_open_for, phase_of_kind, public_editions
from hromada.core.attachments import content_disposition
from hromada.voting.enums import AgeBand, Channel
from hromada.voting.explanations import explain
from hromada.voting.models import ResultsSnapshot, SnapshotFile
from hromada.voting.publication import RECEIPTS_NAME, SUMS_NAME
from hromada.voting.services.counting import public_snapshot


def _decimal(value: Any) -> Decimal:
    try:
        return Decimal(str(value)) if value is not None else Decimal("0")
    except InvalidOperation:
        return Decimal("0")


def _percent(value: Any, whole: Any) -> str:
    """A bar length for an SVG attribute: always with a dot, never localized."""
    total = _decimal(whole)
    if total <= 0:
        return "0"
    share = min(Decimal("100"), max(Decimal("0"), _decimal(value) * 100 / total))
    return f"{share:.2f}"


def _localized(item: dict[str, Any], base: str = "name") -> str:
    language = (get_language() or "uk").split("-")[0]
    return str(item.get(f"{base}_{language}") or item.get(f"{base}_uk") or item.get(base) or "")


@dataclass
class Bar:
    """One row of a bar chart (and of the table beside it). `count` None: a small
    cell hidden for privacy."""

    label: str
    count: int | None
    width: str = "0"
    key: str = ""


@dataclass
class PublishedFile:
    label: str
    name: str
    sha256: str
    url: str


@dataclass
class PoolResult:
    pool: dict[str, Any]
    name: str
    by: str
    projects: list[dict[str, Any]]
    used_width: str
    leftover_to_name: str
    transferred_from_name: str
    files: list[PublishedFile] = field(default_factory=list)

    @property
    def is_by_points(self) -> bool:
        return self.by == "points"

    @property
    def selected_count(self) -> int:
        return sum(1 for project in self.projects if project["selected"])


def _file_link(
    edition: Edition, files: dict[str, SnapshotFile], name: str | None, label: str, public: bool
) -> PublishedFile | None:
    if not name or name not in files:
        return None
    if public:
        url = reverse("voting:results_file", kwargs={"edition": edition.slug, "name": name})
    else:  # a count not yet public: the staff copy, for the commission to check
        url = reverse(
            "voting:staff_snapshot_file",
            kwargs={
                "edition": edition.slug,
                "sequence": files[name].snapshot.sequence,
                "name": name,
            },
        )
    return PublishedFile(label, name, files[name].sha256, url)


def _pool_result(
    edition: Edition,
    pool: dict[str, Any],
    names: dict[str, str],
    files: dict[str, SnapshotFile],
    public: bool,
) -> PoolResult:
    by = pool.get("by") or "votes"
    projects = []
    highest = max(
        (_decimal(p.get("points" if by == "points" else "votes")) for p in pool["projects"]),
        default=Decimal("0"),
    )
    for project in pool["projects"]:
        value = project.get("points" if by == "points" else "votes")
        projects.append(
            {
                **project,
                "cost": _decimal(project.get("cost")),
                "value": value,
                "width": _percent(value, highest),
                "why": explain(project.get("explanation") or {}, by=by),
                "url": reverse(
                    "budget:project",
                    kwargs={"edition": edition.slug, "project_id": project["project"]},
                ),
            }
        )
    leftover_to = pool.get("leftover_to")
    transferred_from = pool.get("transferred_from")
    pool_files = pool.get("files") or {}
    links = [
        _file_link(edition, files, pool_files.get("pb"), _("ballots, Pabulib format"), public),
        _file_link(edition, files, pool_files.get("csv"), _("ballots, CSV"), public),
        _file_link(edition, files, pool_files.get("tiebreak"), _("tie-break order"), public),
    ]
    return PoolResult(
        pool={
            **pool,
            **{
                key: _decimal(pool.get(key))
                for key in ("budget", "transferred_in", "effective_budget", "used", "leftover")
            },
        },
        name=_localized(pool),
        by=by,
        projects=projects,
        used_width=_percent(pool.get("used"), pool.get("effective_budget")),
        leftover_to_name=(
            ""
            if not leftover_to or leftover_to == "budget"
            else names.get(leftover_to, leftover_to)
        ),
        transferred_from_name=names.get(str(transferred_from), str(transferred_from or "")),
        files=[link for link in links if link is not None],
    )


def _bars(rows: list[Bar]) -> list[Bar]:
    highest = max((row.count for row in rows if row.count is not None), default=0)
    for row in rows:
        row.width = _percent(row.count or 0, highest)
    return rows


def _participation(statistics: dict[str, Any]) -> dict[str, Any]:
    channels = dict(Channel.choices)
    bands = dict(AgeBand.choices)

    def day_label(text: str) -> str:
        try:
            return date.fromisoformat(text).strftime("%d.%m.%Y")
        except ValueError:
            return text

    groups = [
        (
            "channel",
            _("By channel"),
            _("Channel"),
            _("Voters by channel"),
            [
                Bar(str(channels.get(row["key"], row["key"])), row.get("count"), key=row["key"])
                for row in statistics.get("by_channel", [])
            ],
        ),
        (
            "age",
            _("By age"),
            _("Age band"),
            _("Voters by age band"),
            [
                Bar(str(bands.get(row["key"], row["key"])), row.get("count"), key=row["key"])
                for row in statistics.get("by_age_band", [])
            ],
        ),
        (
            "territory",
            _("By territory"),
            _("Territory"),
            _("Voters by territory"),
            [
                Bar(_localized(row) or str(row.get("key", "")), row.get("count"), key=row["key"])
                for row in statistics.get("by_territory", [])
            ],
        ),
        (
            "day",
            _("By day"),
            _("Day"),
            _("Voters by day"),
            [
                Bar(day_label(row["day"]), row.get("count"), key=row["day"])
                for row in statistics.get("by_day", [])
            ],
        ),
    ]
    return {
        "total": statistics.get("total"),
        "threshold": statistics.get("threshold"),
        "groups": [
            {
                "id": key,
                "heading": heading,
                "column": column,
                "caption": caption,
                "rows": _bars(rows),
            }
            for key, heading, column, caption, rows in groups
            if rows
        ],
    }


def results_context(edition: Edition, snapshot: ResultsSnapshot, *, public: bool) -> dict[str, Any]:
    """What the results templates show for one snapshot. `public`: the files link to
    their public addresses (only an approved snapshot's files are served)."""
    files = {f.name: f for f in snapshot.files.defer("content")}
    outcome = snapshot.outcome or {}
    names = {pool["code"]: _localized(pool) for pool in outcome.get("pools", [])}
    pools = [_pool_result(edition, pool, names, files, public) for pool in outcome.get("pools", [])]
    general = [
        _file_link(edition, files, RECEIPTS_NAME, _("receipt list"), public),
        _file_link(edition, files, SUMS_NAME, _("checksums of all files"), public),
    ]
    return {
        "edition": edition,
        "snapshot": snapshot,
        "outcome": outcome,
        "pools": pools,
        "general_files": [link for link in general if link is not None],
        "participation": _participation(snapshot.statistics or {}),
        "annulments": list(edition.annulments.all()) if snapshot.ballots_annulled else [],
    }


def _public_edition(slug: str) -> Edition:
    found = public_editions().filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


@require_safe
def results(request: HttpRequest, edition: str) -> HttpResponse:
    found = _public_edition(edition)
    snapshot = public_snapshot(found)
    if snapshot is None:
        now = timezone.now()
        return render(
            request,
            "voting/public/results_pending.html",
            {
                "edition": found,
                "results_phase": phase_of_kind(found, PhaseKind.RESULTS),
                "voting_phase": phase_of_kind(found, PhaseKind.VOTING),
                "voting_is_open": is_open_for(found, "accepts_votes", now),
            },
        )
    return render(
        request, "voting/public/results.html", results_context(found, snapshot, public=True)
    )


@require_safe
def file(request: HttpRequest, edition: str, name: str) -> HttpResponse:
    """One published file of the approved count, exactly as it was checksummed."""
    found = _public_edition(edition)
    snapshot = public_snapshot(found)
    if snapshot is None:
        raise Http404
    return file_response(snapshot, name)


def file_response(snapshot: ResultsSnapshot, name: str) -> HttpResponse:
    published = SnapshotFile.objects.filter(snapshot=snapshot, name=name).first()
    if published is None:
        raise Http404
    content_type = "text/csv" if name.endswith(".csv") else "text/plain"
    response = HttpResponse(
        published.content.encode("utf-8"), content_type=f"{content_type}; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(name)
    response["ETag"] = f'"{published.sha256}"'
    return response
