"""The draft protocol of the commission's meeting that approves the results of the vote
(DOCX and PDF): who was present, what was counted, per pool the projects with their
votes, the totals, the checksum of the published files, the decision and the vote.
Before the approval is recorded its blanks are left for the secretary to fill in."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from hromada.budget.models import Edition
from hromada.core.documents import DocumentSpec, Heading, Paragraph, Signature, Signatures, Table
from hromada.voting.models import ResultsSnapshot

BLANK = "________"


def _money(value: Any) -> str:
    return number_format(Decimal(str(value or "0")), decimal_pos=2, force_grouping=True)


def _localized(item: dict[str, Any]) -> str:
    language = (get_language() or "uk").split("-")[0]
    return str(item.get(f"name_{language}") or item.get("name_uk") or item.get("code") or "")


def _pool_blocks(pool: dict[str, Any]) -> list[Any]:
    by_points = pool.get("by") == "points"
    blocks: list[Any] = [Heading(_localized(pool), level=2)]
    blocks.append(
        Paragraph(
            _(
                "Money of the pool: %(budget)s UAH; available with transfers: %(available)s "
                "UAH; used by the selected projects: %(used)s UAH; left over: %(leftover)s UAH."
            )
            % {
                "budget": _money(pool.get("budget")),
                "available": _money(pool.get("effective_budget")),
                "used": _money(pool.get("used")),
                "leftover": _money(pool.get("leftover")),
            }
        )
    )
    rows = [
        [
            str(project.get("number") or ""),
            str(project.get("title") or ""),
            _money(project.get("cost")),
            str(project.get("points") if by_points else project.get("votes")),
            _("yes") if project.get("selected") else _("no"),
        ]
        for project in pool.get("projects", [])
    ]
    if rows:
        blocks.append(
            Table(
                [
                    _("No."),
                    _("Project"),
                    _("Cost, UAH"),
                    _("Points") if by_points else _("Votes"),
                    _("Selected"),
                ],
                rows,
            )
        )
    else:
        blocks.append(Paragraph(_("No project took part in the vote in this pool.")))
    return blocks


def results_protocol_spec(edition: Edition, snapshot: ResultsSnapshot) -> DocumentSpec:
    """The protocol of the meeting approving `snapshot`; blanks where the approval is
    not recorded yet."""
    outcome = snapshot.outcome or {}
    pools = outcome.get("pools", [])
    is_recorded = bool(snapshot.protocol_number)
    number = snapshot.protocol_number if is_recorded else BLANK
    decided_on = snapshot.decided_on.strftime("%d.%m.%Y") if snapshot.decided_on else BLANK
    members = [line.strip() for line in snapshot.members_present.splitlines() if line.strip()]
    counted_at = timezone.localtime(snapshot.counted_at)

    blocks: list[Any] = [
        Paragraph(
            _("No. %(number)s of %(date)s") % {"number": number, "date": decided_on},
            align="center",
        ),
        Heading(_("Present")),
    ]
    if members:
        blocks += [
            Paragraph(f"{position}. {member}", align="left")
            for position, member in enumerate(members, start=1)
        ]
    else:
        blocks.append(
            Paragraph(_("Members of the commission present: %(blank)s") % {"blank": BLANK})
        )
    blocks += [
        Heading(_("Agenda")),
        Paragraph(
            _("On approving the results of the vote of “%(edition)s”.") % {"edition": edition.title}
        ),
        Heading(_("Heard")),
        Paragraph(
            _(
                "The votes were counted on %(date)s at %(time)s (count No. %(sequence)s). "
                "Ballots counted: %(ballots)s, online, at service-centre desks and on paper "
                "forms together."
            )
            % {
                "date": counted_at.strftime("%d.%m.%Y"),
                "time": counted_at.strftime("%H:%M"),
                "sequence": snapshot.sequence,
                "ballots": snapshot.ballots_counted,
            }
        ),
    ]
    if snapshot.ballots_annulled:
        blocks.append(
            Paragraph(
                ngettext(
                    "%(count)s ballot was annulled by the commission's decision and not counted.",
                    "%(count)s ballots were annulled by the commission's decision and not counted.",
                    snapshot.ballots_annulled,
                )
                % {"count": snapshot.ballots_annulled}
            )
        )
    if snapshot.reason:
        blocks.append(Paragraph(_("Why this count: %(reason)s") % {"reason": snapshot.reason}))
    if snapshot.lot_seed:
        blocks.append(
            Paragraph(_("Ties were broken by the lot “%(lot)s”.") % {"lot": snapshot.lot_seed})
        )
    for pool in pools:
        blocks += _pool_blocks(pool)
    selected = sum(
        1 for pool in pools for project in pool.get("projects", []) if project.get("selected")
    )
    blocks += [
        Heading(_("Totals")),
        Paragraph(
            ngettext(
                "%(count)s project selected for %(used)s UAH out of %(total)s UAH.",
                "%(count)s projects selected for %(used)s UAH out of %(total)s UAH.",
                selected,
            )
            % {
                "count": selected,
                "used": _money(outcome.get("total_used")),
                "total": _money(outcome.get("total_budget")),
            }
        ),
        Paragraph(
            _(
                "Checksum (SHA-256) of the published ballot files: %(checksum)s. Anyone can "
                "recount the result from these files."
            )
            % {"checksum": snapshot.checksum},
            align="left",
        ),
        Heading(_("Decided")),
        Paragraph(
            _("1. To approve the results of the vote of “%(edition)s” as set out in this protocol.")
            % {"edition": edition.title}
        ),
        Paragraph(
            _(
                "2. To publish the results, with the ballot files and the command that "
                "recounts them, on the platform of %(community)s."
            )
            % {"community": settings.COMMUNITY_NAME_UK}
        ),
        Paragraph(
            _("Voted: for — %(for)s, against — %(against)s, abstained — %(abstained)s.")
            % {
                "for": snapshot.votes_for if snapshot.votes_for is not None else BLANK,
                "against": snapshot.votes_against if snapshot.votes_against is not None else BLANK,
                "abstained": (
                    snapshot.votes_abstained if snapshot.votes_abstained is not None else BLANK
                ),
            }
        ),
        Signatures(
            [
                Signature(_("Chair of the commission"), "____________"),
                Signature(_("Secretary of the commission"), "____________"),
            ]
        ),
    ]
    return DocumentSpec(
        title=_("Protocol of the meeting of the commission on the participatory budget"),
        subtitle=f"{edition.title} — {settings.COMMUNITY_NAME_UK}",
        blocks=blocks,
    )
