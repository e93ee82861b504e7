"""Paper forms: batch entry, one screen per form (the first ballot of a person counts;
a later paper is refused and the refusal logged), and the printable blank forms."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from hromada.budget.enums import BallotKind
from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import actor_of, edition_for
from hromada.core.access import staff_view
from hromada.core.documents import pdf_response
from hromada.voting.desk_forms import PaperForm, PrintFormsForm, chosen_from_numbers, format_serial
from hromada.voting.desk_lock import desk_view
from hromada.voting.eligibility import desk_voter, window_problems
from hromada.voting.enums import Channel
from hromada.voting.forms import new_idempotency_key
from hromada.voting.models import VoterRecord
from hromada.voting.services.casting import (
    already_voted_message,
    cast_ballot,
    earlier_receipt,
    existing_record,
    log_refused_paper,
)
from hromada.voting.views.desk.blank_forms import blank_forms_pdf
from hromada.voting.views.desk.common import (
    ENTER,
    ballot_problems,
    code_of,
    desk_page,
    ids_by_number,
    see_other,
)


def _paper_page(
    request: HttpRequest,
    edition: Edition,
    form: PaperForm | None,
    *,
    problems: list[str] | None = None,
    print_form: PrintFormsForm | None = None,
    status: int = 200,
) -> HttpResponse:
    entered_today = VoterRecord.objects.filter(
        edition=edition,
        channel=Channel.PAPER,
        desk_operator=actor_of(request),
        cast_on=timezone.localdate(),
    ).count()
    return desk_page(
        request,
        "voting/desk/paper.html",
        edition,
        {
            "form": form,
            "problems": problems or [],
            "print_form": print_form or PrintFormsForm(),
            "entered_today": entered_today,
        },
        status=status,
        resume=reverse("voting:desk_paper", kwargs={"edition": edition.slug}),
    )


def _refuse_paper(
    request: HttpRequest, edition: Edition, form: PaperForm, serial: str, previous: VoterRecord
) -> None:
    log_refused_paper(
        edition=edition, operator=actor_of(request), paper_serial=serial, previous=previous
    )
    form.add_error(
        None,
        _("Form № %(serial)s is refused and the refusal is logged: %(reason)s")
        % {"serial": serial, "reason": already_voted_message(previous)},
    )


def _enter_paper(
    request: HttpRequest, edition: Edition, form: PaperForm, now: datetime
) -> tuple[str | None, int]:
    """Save one valid-looking paper form: the serial on success, else None and the
    status (the errors are added to the form)."""
    data = form.cleaned_data
    serial = data["serial"]
    if VoterRecord.objects.filter(edition=edition, paper_serial=serial).exists():
        form.add_error(
            "serial",
            _("A form with serial number %(serial)s has already been entered.")
            % {"serial": serial},
        )
        return None, 409
    voter = desk_voter(
        edition=edition,
        person_key=form.person_key,
        birth_date=data["birth_date"],
        settlement=data["settlement"],
        now=now,
    )
    previous = existing_record(edition, voter.person_key)
    if previous is not None:
        _refuse_paper(request, edition, form, serial, previous)
        return None, 409
    if voter.problems:
        for problem in voter.problems:
            form.add_error(None, problem)
        return None, 400
    chosen, problems = chosen_from_numbers(
        data["numbers"],
        ids_by_number(edition),
        uses_points=edition.ballot_kind == BallotKind.CUMULATIVE,
    )
    problems = problems or ballot_problems(edition, voter, chosen)
    if problems:
        form.add_error("numbers", problems)
        return None, 400
    key = data.get("form_key") or ""
    operator = actor_of(request)
    try:
        cast_ballot(
            edition=edition,
            voter=voter,
            chosen=chosen,
            channel=Channel.PAPER,
            idempotency_key=key if len(key) >= 16 else new_idempotency_key(),
            actor=operator,
            operator=operator,
            paper_serial=serial,
            paper_filled_on=data["filled_on"],
            now=now,
        )
    except ValidationError as error:
        previous = existing_record(edition, voter.person_key)
        if code_of(error) == "already_voted" and previous is not None:
            _refuse_paper(request, edition, form, serial, previous)
            return None, 409
        for message in error.messages:
            form.add_error(None, message)
        return None, 400
    return serial, 200


@staff_view(ENTER)
@require_http_methods(["GET", "POST"])
@desk_view()
@never_cache
def paper(request: HttpRequest, edition: str) -> HttpResponse:
    """Batch entry of paper forms, one screen per form, ready for the next one."""
    found = edition_for(request, edition, ENTER)
    is_post = request.method == "POST"
    if not found.accepts_paper_forms:
        return desk_page(
            request, "voting/desk/paper_off.html", found, status=400 if is_post else 200
        )
    now = timezone.now()
    closed = window_problems(found, Channel.PAPER, now)
    if closed:
        return _paper_page(request, found, None, problems=closed, status=400 if is_post else 200)
    if not is_post:
        form = PaperForm(edition=found, initial={"form_key": new_idempotency_key()})
        return _paper_page(request, found, form)
    key = request.POST.get("form_key", "")
    repeated = earlier_receipt(found, key) if len(key) >= 16 else None
    if repeated is not None:
        messages.info(request, _("This form was already saved."))
        return see_other(reverse("voting:desk_paper", kwargs={"edition": found.slug}))
    form = PaperForm(request.POST, edition=found)
    status = 400
    if form.is_valid():
        serial, status = _enter_paper(request, found, form, now)
        if serial is not None:
            messages.success(request, _("Form № %(serial)s is saved.") % {"serial": serial})
            return see_other(reverse("voting:desk_paper", kwargs={"edition": found.slug}))
    return _paper_page(request, found, form, status=status)


@staff_view(ENTER)
@require_GET
@desk_view()
@never_cache
def paper_form(request: HttpRequest, edition: str) -> HttpResponse:
    """Blank paper forms as a PDF, one A4 page each: the identity part on top, cut off
    along the dashed line and kept apart from the ballot part below; both carry the
    same serial number."""
    found = edition_for(request, edition, ENTER)
    if not found.accepts_paper_forms:
        return desk_page(request, "voting/desk/paper_off.html", found, status=400)
    print_form = PrintFormsForm(request.GET)
    if not print_form.is_valid():
        return desk_page(
            request,
            "voting/desk/print_forms.html",
            found,
            {"print_form": print_form},
            status=400,
            resume=reverse("voting:desk_paper", kwargs={"edition": found.slug}),
        )
    first, count = print_form.cleaned_data["first"], print_form.cleaned_data["count"]
    serials = [format_serial(number) for number in range(first, first + count)]
    content = blank_forms_pdf(found, serials)
    return pdf_response(f"paper-forms-{found.slug}-{serials[0]}-{serials[-1]}", content)
