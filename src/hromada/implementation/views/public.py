"""Public pages of the delivery of an edition's winners: counters, money and the list with
a map of delivered and ongoing projects; a project's record with its public timeline,
photos (before and after side by side), procurement links, payments and the author's
sign-off. Only published editions; internal timeline entries and their photos never."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.budget.models import Edition
from hromada.budget.views.staff_editions import add_service_error
from hromada.implementation import prozorro
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.forms import SignOffForm
from hromada.implementation.models import ImplementationRecord
from hromada.implementation.selectors import (
    before_and_after,
    counters,
    map_records,
    public_photo,
    public_record,
    public_records,
)
from hromada.implementation.services import sign_off
from hromada.implementation.views.photos import photo_response


def _published_edition(slug: str) -> Edition:
    found = Edition.objects.filter(slug=slug, is_published=True).first()
    if found is None:
        raise Http404
    return found


def public_list(request: HttpRequest, edition: str) -> HttpResponse:
    found = _published_edition(edition)
    notices = []
    status = request.GET.get("status", "").strip()
    if status and status not in ImplementationStatus.values:
        notices.append(
            _("“%(value)s” is not a status; that filter was ignored.") % {"value": status[:60]}
        )
        status = ""
    records = public_records(found)
    if status:
        records = records.filter(status=status)
    rows = [
        {
            "record": record,
            "tender_url": prozorro.tender_url(record.tender_id),
            "contract_url": prozorro.contract_url(record.contract_id),
        }
        for record in records
    ]
    has_map = map_records(found).exists()
    return render(
        request,
        "implementation/public/list.html",
        {
            "edition": found,
            "counters": counters(found),
            "rows": rows,
            "status": status,
            "statuses": ImplementationStatus.choices,
            "notices": notices,
            "has_map": has_map,
            "map_url": reverse("implementation:public_map", kwargs={"edition": found.slug}),
        },
    )


def public_map(request: HttpRequest, edition: str) -> JsonResponse:
    """Implemented and ongoing projects with a place, as a GeoJSON FeatureCollection for
    budget/catalogue_map.js."""
    found = _published_edition(edition)
    features = [
        {
            "type": "Feature",
            "id": record.project_id,
            "geometry": {
                "type": "Point",
                "coordinates": [float(record.project.longitude), float(record.project.latitude)],  # type: ignore[arg-type]
            },
            "properties": {
                "number": record.project.number,
                "title": record.project.title,
                "state": f"{record.get_status_display()}, {record.progress} %",
                "url": reverse(
                    "implementation:public_record",
                    kwargs={"edition": found.slug, "project_id": record.project_id},
                ),
            },
        }
        for record in map_records(found)
    ]
    return JsonResponse(
        {"type": "FeatureCollection", "features": features},
        content_type="application/geo+json",
        json_dumps_params={"ensure_ascii": False},
    )


def _is_author(request: HttpRequest, record: ImplementationRecord) -> bool:
    return bool(request.user.is_authenticated and record.project.author_id == request.user.pk)


def _render_record(
    request: HttpRequest,
    record: ImplementationRecord,
    *,
    sign_off_form: SignOffForm | None = None,
    status: int = 200,
) -> HttpResponse:
    updates = list(record.public_updates)  # type: ignore[attr-defined]
    before, after = before_and_after(updates)
    may_sign_off = (
        _is_author(request, record)
        and record.status == ImplementationStatus.IMPLEMENTED
        and record.author_signed_off_at is None
    )
    project = record.project
    return render(
        request,
        "implementation/public/record.html",
        {
            "edition": project.edition,
            "project": project,
            "record": record,
            "updates": updates,
            "before": before,
            "after": after,
            "payments": list(record.payments.all()),
            "tender_url": prozorro.tender_url(record.tender_id),
            "contract_url": prozorro.contract_url(record.contract_id),
            "may_sign_off": may_sign_off,
            "sign_off_form": sign_off_form or (SignOffForm() if may_sign_off else None),
        },
        status=status,
    )


def _record_or_404(edition: str, project_id: int) -> ImplementationRecord:
    record = public_record(edition, project_id)
    if record is None:
        raise Http404
    return record


def record_page(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    return _render_record(request, _record_or_404(edition, project_id))


def photo(request: HttpRequest, edition: str, project_id: int, photo_id: int) -> HttpResponse:
    """A photo of a public timeline entry; photos of internal entries are never served."""
    found = public_photo(edition, project_id, photo_id)
    if found is None:
        raise Http404
    return photo_response(found)


@require_POST
def record_sign_off(request: HttpRequest, edition: str, project_id: int) -> Any:
    record = _record_or_404(edition, project_id)
    if not request.user.is_authenticated:
        return redirect_to_login(
            reverse(
                "implementation:public_record",
                kwargs={"edition": edition, "project_id": project_id},
            )
        )
    form = SignOffForm(request.POST)
    if form.is_valid():
        try:
            sign_off(
                record,
                author=request.user,
                accepts=form.cleaned_data["accepts"],
                remarks=form.cleaned_data["remarks"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you: your sign-off is published."))
            return redirect("implementation:public_record", edition=edition, project_id=project_id)
    return _render_record(request, record, sign_off_form=form, status=400)
