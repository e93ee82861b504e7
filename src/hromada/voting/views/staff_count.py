"""The commission's side of the results: the voting overview (turnout so far, never by
project), running the count, a count's full outcome, its approval and the draft
protocol of the approving meeting. Each page declares its permission and fetches the
edition through `edition_for`, so staff of another edition get 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.budget.enums import PhaseKind, TieBreak
from hromada.budget.models import Edition
from hromada.budget.selectors import phase_closes_at, phase_is_open, phase_of_kind, phase_opens_at
from hromada.budget.views.staff_editions import actor_of, add_service_error, edition_for
from hromada.core.access import staff_view
from hromada.core.documents import docx_response, pdf_response, render_docx, render_pdf_from_spec
from hromada.voting.documents import results_protocol_spec
from hromada.voting.enums import Channel, SnapshotStatus
from hromada.voting.models import Ballot, CommissionKey, ResultsSnapshot, VoterRecord
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.counting import count_edition
from hromada.voting.staff_forms import ApprovalForm, CountForm
from hromada.voting.views.results import file_response, results_context

VIEW = "voting.view_voting_staff"
RUN_COUNT = "voting.run_count"
APPROVE = "voting.approve_results"
MANAGE_KEY = "voting.manage_key"
ANNUL = "voting.annul_ballots"
ENTER_BALLOTS = "voting.enter_ballots"
PROTOCOL_FORMATS = ("docx", "pdf")


def _voting_window(edition: Edition) -> dict[str, Any]:
    """Where the voting phase stands now: "none", "not_open", "open" or "closed"."""
    phase = phase_of_kind(edition, PhaseKind.VOTING)
    if phase is None:
        return {"state": "none", "phase": None}
    now = timezone.now()
    if phase_is_open(phase, now):
        state = "open"
    elif now < phase_opens_at(phase):
        state = "not_open"
    else:
        state = "closed"
    return {
        "state": state,
        "phase": phase,
        "opens_at": phase_opens_at(phase),
        "closes_at": phase_closes_at(phase),
    }


def _turnout(edition: Edition) -> dict[str, Any]:
    """Voter records so far by channel and by day: who has voted, never for what."""
    records = VoterRecord.objects.filter(edition=edition)
    counted = records.filter(annulment__isnull=True).order_by()
    by_channel = {
        row["channel"]: row["count"]
        for row in counted.values("channel").annotate(count=Count("pk"))
    }
    by_day = list(counted.values("cast_on").annotate(count=Count("pk")).order_by("cast_on"))
    return {
        "total": sum(by_channel.values()),
        "annulled": records.filter(annulment__isnull=False).count(),
        "by_channel": [(label, by_channel.get(value, 0)) for value, label in Channel.choices],
        "by_day": by_day,
    }


def _snapshot_of(edition: Edition, sequence: int) -> ResultsSnapshot:
    found = ResultsSnapshot.objects.filter(edition=edition, sequence=sequence).first()
    if found is None:
        raise Http404
    return found


@staff_view(VIEW)
def overview(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    user = request.user
    return render(
        request,
        "voting/staff/overview.html",
        {
            "edition": found,
            "window": _voting_window(found),
            "turnout": _turnout(found),
            "key": CommissionKey.objects.filter(edition=found).first(),
            "snapshots": list(found.snapshots.order_by("-sequence")),
            "may_manage_key": user.has_perm(MANAGE_KEY, found),
            "may_count": user.has_perm(RUN_COUNT, found),
            "may_annul": user.has_perm(ANNUL, found),
            "may_enter_ballots": user.has_perm(ENTER_BALLOTS, found),
        },
    )


@staff_view(RUN_COUNT)
def count(request: HttpRequest, edition: str) -> HttpResponse:
    found = edition_for(request, edition, RUN_COUNT)
    is_post = request.method == "POST"
    form = CountForm(request.POST if is_post else None, edition=found)
    if is_post and form.is_valid():
        try:
            snapshot = count_edition(
                edition=found,
                actor=actor_of(request),
                reason=form.cleaned_data["reason"],
                lot_seed=form.cleaned_data.get("lot_seed", ""),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The votes are counted. The commission can now check and approve the count."),
            )
            return redirect("voting:staff_snapshot", edition=found.slug, sequence=snapshot.sequence)
    return render(
        request,
        "voting/staff/count.html",
        {
            "edition": found,
            "form": form,
            "window": _voting_window(found),
            "ballots": Ballot.objects.filter(edition=found).count(),
            "snapshots": list(found.snapshots.order_by("-sequence")),
            "uses_lot": found.tie_break == TieBreak.LOT,
        },
        status=400 if is_post else 200,
    )


def _snapshot_page(
    request: HttpRequest,
    found: Edition,
    snapshot: ResultsSnapshot,
    form: ApprovalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_approve = request.user.has_perm(APPROVE, found)
    is_draft = snapshot.status == SnapshotStatus.DRAFT
    if form is None and may_approve and is_draft:
        form = ApprovalForm(snapshot=snapshot)
    context = results_context(
        found,
        snapshot,
        public=snapshot.status == SnapshotStatus.APPROVED and found.is_published,
    )
    context.update(
        {
            "form": form if may_approve and is_draft else None,
            "members": [line for line in snapshot.members_present.splitlines() if line.strip()],
            "is_latest": not found.snapshots.filter(sequence__gt=snapshot.sequence).exists(),
        }
    )
    return render(request, "voting/staff/snapshot.html", context, status=status)


@staff_view(VIEW)
def snapshot_file(request: HttpRequest, edition: str, sequence: int, name: str) -> HttpResponse:
    """A file of any count (a draft too), for the commission to recount before it
    approves."""
    found = edition_for(request, edition, VIEW)
    return file_response(_snapshot_of(found, sequence), name)


@staff_view(VIEW)
def snapshot(request: HttpRequest, edition: str, sequence: int) -> HttpResponse:
    found = edition_for(request, edition, VIEW)
    return _snapshot_page(request, found, _snapshot_of(found, sequence))


@require_POST
@staff_view(APPROVE)
def approve(request: HttpRequest, edition: str, sequence: int) -> HttpResponse:
    found = edition_for(request, edition, APPROVE)
    counted = _snapshot_of(found, sequence)
    form = ApprovalForm(request.POST, snapshot=counted)
    if form.is_valid():
        data = form.cleaned_data
        try:
            approve_snapshot(
                snapshot=counted,
                protocol_number=data["protocol_number"],
                decided_on=data["decided_on"],
                members_present="\n".join(data["members_present"]),
                votes_for=data["votes_for"],
                votes_against=data["votes_against"],
                votes_abstained=data["votes_abstained"],
                actor=actor_of(request),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The count is approved: the results are public now."))
            return redirect("voting:staff_snapshot", edition=found.slug, sequence=sequence)
    counted.refresh_from_db()
    if counted.status != SnapshotStatus.DRAFT:
        # Approved or replaced meanwhile: say so instead of offering the form again.
        refusal = " ".join(str(message) for message in form.non_field_errors()) or _(
            "This count is no longer awaiting approval (it is %(status)s)."
        ) % {"status": counted.get_status_display()}
        messages.error(request, refusal)
        return redirect("voting:staff_snapshot", edition=found.slug, sequence=sequence)
    return _snapshot_page(request, found, counted, form, status=400)


@staff_view(VIEW)
def protocol(request: HttpRequest, edition: str, sequence: int, fmt: str) -> HttpResponse:
    if fmt not in PROTOCOL_FORMATS:
        raise Http404
    found = edition_for(request, edition, VIEW)
    counted = _snapshot_of(found, sequence)
    spec = results_protocol_spec(found, counted)
    name = f"protocol-results-{found.slug}-{counted.sequence}"
    if fmt == "docx":
        return docx_response(f"{name}.docx", render_docx(spec))
    return pdf_response(f"{name}.pdf", render_pdf_from_spec(spec))
