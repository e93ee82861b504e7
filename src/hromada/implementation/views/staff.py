"""Staff pages of the delivery of an edition's winners: the overview with overdue records
highlighted, and a record's page with one form per action (plan, status, progress,
procurement, payment, timeline entry). Each form posts to its own address; a refused
form re-renders the page with the messages next to the fields and the input kept.

Department officers see the records of their department only: the overview lists just
those, and any other record is 404 (`get_object_for_user`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import actor_of, add_service_error
from hromada.core.access import get_object_for_user, staff_view
from hromada.implementation import prozorro
from hromada.implementation.forms import (
    AssignForm,
    PaymentForm,
    ProcurementForm,
    ProgressForm,
    StatusForm,
    UpdateForm,
)
from hromada.implementation.models import ImplementationRecord, Photo
from hromada.implementation.selectors import (
    days_overdue,
    is_overdue,
    record_for_staff,
    records_of,
    winner_ids,
)
from hromada.implementation.services import (
    assign,
    change_status,
    create_records,
    post_update,
    record_payment,
    record_procurement,
    record_progress,
)
from hromada.implementation.views.photos import photo_response
from hromada.implementation.workflow import next_statuses

VIEW = "implementation.view_records_staff"
MANAGE = "implementation.manage_records"
EDIT = "implementation.edit_record"


def _edition(request: HttpRequest, slug: str) -> Edition:
    return get_object_for_user(
        request.user, Edition.objects.select_related("measure"), VIEW, slug=slug
    )


def _record(
    request: HttpRequest, edition: Edition, record_id: int, permission: str
) -> ImplementationRecord:
    return get_object_for_user(request.user, record_for_staff(edition), permission, pk=record_id)


@staff_view(VIEW)
def editions(request: HttpRequest) -> HttpResponse:
    """The editions with winners to deliver, with how many records the user sees in each
    (a department officer: those of their department): the way in for staff who do not
    work on an edition's other pages."""
    user = request.user
    records = [
        record
        for record in ImplementationRecord.objects.select_related(
            "project__edition", "department"
        ).order_by("-project__edition__year", "project__edition__slug", "project__number")
        if user.has_perm(VIEW, record)
    ]
    rows: dict[int, dict[str, Any]] = {}
    today = timezone.localdate()
    for record in records:
        row = rows.setdefault(
            record.project.edition_id,
            {"edition": record.project.edition, "records": 0, "overdue": 0},
        )
        row["records"] += 1
        row["overdue"] += int(is_overdue(record, today))
    return render(request, "implementation/staff/editions.html", {"rows": list(rows.values())})


@staff_view(VIEW)
def overview(request: HttpRequest, edition: str) -> HttpResponse:
    found = _edition(request, edition)
    user = request.user
    today = timezone.localdate()
    only_overdue = request.GET.get("overdue") == "1"
    # Per-row permission: coordinators see every record, a department officer those of
    # their department (the grants are read once per request, so no query per row).
    records = [record for record in records_of(found) if user.has_perm(VIEW, record)]
    rows = [
        {
            "record": record,
            "is_overdue": is_overdue(record, today),
            "days_overdue": days_overdue(record, today),
        }
        for record in records
    ]
    overdue_count = sum(1 for row in rows if row["is_overdue"])
    may_manage = user.has_perm(MANAGE, found)
    winners = winner_ids(found) if may_manage else None
    missing = 0
    if winners is not None:
        have = {record.project_id for record in records}
        missing = sum(1 for project_id in winners if project_id not in have)
    return render(
        request,
        "implementation/staff/overview.html",
        {
            "edition": found,
            "rows": [row for row in rows if row["is_overdue"]] if only_overdue else rows,
            "total": len(rows),
            "overdue_count": overdue_count,
            "only_overdue": only_overdue,
            "may_manage": may_manage,
            "has_results": winners is not None,
            "missing": missing,
            "today": today,
            "shows_edition_nav": user.has_perm("budget.view_edition_staff", found),
            "may_configure": user.has_perm("budget.configure_edition", found),
        },
    )


@require_POST
@staff_view(MANAGE)
def create(request: HttpRequest, edition: str) -> HttpResponse:
    found = get_object_for_user(request.user, Edition.objects.all(), MANAGE, slug=edition)
    try:
        created = create_records(found, actor_of(request))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s implementation record is created.",
                    "%(count)s implementation records are created.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.success(request, _("Every winning project already has a record."))
    return redirect("implementation:staff_overview", edition=found.slug)


def _forms(record: ImplementationRecord) -> dict[str, Form]:
    return {
        "assign_form": AssignForm(
            initial={
                "department": record.department_id,
                "planned_start": record.planned_start,
                "planned_end": record.planned_end,
            }
        ),
        "status_form": StatusForm(record=record),
        "progress_form": ProgressForm(
            initial={
                "progress": record.progress,
                "happened_on": timezone.localdate(),
                "is_public": True,
            }
        ),
        "procurement_form": ProcurementForm(
            initial={
                "tender_id": record.tender_id,
                "contract_id": record.contract_id,
                "contract_sum": record.contract_sum,
                "contractor": record.contractor,
            }
        ),
        "payment_form": PaymentForm(),
        "update_form": UpdateForm(),
    }


def _render_record(
    request: HttpRequest,
    edition: Edition,
    record: ImplementationRecord,
    *,
    bound: dict[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    forms = _forms(record)
    forms.update(bound or {})
    updates = list(record.updates.all())
    return render(
        request,
        "implementation/staff/record.html",
        {
            "edition": edition,
            "record": record,
            "project": record.project,
            "updates": updates,
            "payments": list(record.payments.all()),
            "is_overdue": is_overdue(record, today),
            "days_overdue": days_overdue(record, today),
            "tender_url": prozorro.tender_url(record.tender_id),
            "contract_url": prozorro.contract_url(record.contract_id),
            "may_edit": user.has_perm(EDIT, record),
            "may_manage": user.has_perm(MANAGE, record),
            "next_statuses": next_statuses(record),
            "refused_files": bool(bound and "update_form" in bound and request.FILES),
            **forms,
        },
        status=status,
    )


@staff_view(VIEW)
def record_detail(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    found = _edition(request, edition)
    return _render_record(request, found, _record(request, found, record_id, VIEW))


def _action(
    request: HttpRequest,
    edition: str,
    record_id: int,
    *,
    permission: str,
    form_name: str,
    make_form: Callable[[ImplementationRecord], Form],
    call: Callable[[ImplementationRecord, Form], Any],
    success: str,
) -> HttpResponse:
    found = _edition(request, edition)
    record = _record(request, found, record_id, permission)
    form = make_form(record)
    if form.is_valid():
        try:
            call(record, form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect("implementation:staff_record", edition=found.slug, record_id=record.pk)
    return _render_record(request, found, record, bound={form_name: form}, status=400)


@require_POST
@staff_view(MANAGE)
def record_assign(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    return _action(
        request,
        edition,
        record_id,
        permission=MANAGE,
        form_name="assign_form",
        make_form=lambda record: AssignForm(request.POST),
        call=lambda record, form: assign(record, actor=actor_of(request), **form.cleaned_data),
        success=_("The plan is saved."),
    )


@require_POST
@staff_view(EDIT)
def record_status(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    return _action(
        request,
        edition,
        record_id,
        permission=EDIT,
        form_name="status_form",
        make_form=lambda record: StatusForm(request.POST, record=record),
        call=lambda record, form: change_status(
            record, actor=actor_of(request), **form.cleaned_data
        ),
        success=_("The status is changed and shown on the public timeline."),
    )


@require_POST
@staff_view(EDIT)
def record_progress_view(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    return _action(
        request,
        edition,
        record_id,
        permission=EDIT,
        form_name="progress_form",
        make_form=lambda record: ProgressForm(request.POST),
        call=lambda record, form: record_progress(
            record, actor=actor_of(request), **form.cleaned_data
        ),
        success=_("The progress is recorded."),
    )


@require_POST
@staff_view(EDIT)
def record_procurement_view(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    return _action(
        request,
        edition,
        record_id,
        permission=EDIT,
        form_name="procurement_form",
        make_form=lambda record: ProcurementForm(request.POST),
        call=lambda record, form: record_procurement(
            record, actor=actor_of(request), **form.cleaned_data
        ),
        success=_("The procurement is saved."),
    )


@require_POST
@staff_view(EDIT)
def record_payment_view(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    return _action(
        request,
        edition,
        record_id,
        permission=EDIT,
        form_name="payment_form",
        make_form=lambda record: PaymentForm(request.POST),
        call=lambda record, form: record_payment(
            record, actor=actor_of(request), **form.cleaned_data
        ),
        success=_("The payment is recorded."),
    )


@require_POST
@staff_view(EDIT)
def record_update(request: HttpRequest, edition: str, record_id: int) -> HttpResponse:
    def call(record: ImplementationRecord, form: Form) -> Any:
        assert isinstance(form, UpdateForm)
        data = form.cleaned_data
        return post_update(
            record,
            actor=actor_of(request),
            happened_on=data["happened_on"],
            text=data["text"],
            photos=form.photos(),
            is_public=data["is_public"],
        )

    return _action(
        request,
        edition,
        record_id,
        permission=EDIT,
        form_name="update_form",
        make_form=lambda record: UpdateForm(request.POST, request.FILES),
        call=call,
        success=_("The update is posted."),
    )


@staff_view(VIEW)
def record_photo(request: HttpRequest, edition: str, record_id: int, photo_id: int) -> HttpResponse:
    """Any photo of the record, internal updates included, for the staff who see it."""
    found = _edition(request, edition)
    record = _record(request, found, record_id, VIEW)
    photo = Photo.objects.filter(pk=photo_id, update__record=record).first()
    if photo is None:
        raise Http404
    return photo_response(photo)
