"""The audit trail, for auditors and administrators, with personal data masked."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hromada.core.access import staff_view
from hromada.core.masking import mask_mapping, mask_text
from hromada.core.models import ActivityLog


class ActivityFilterForm(forms.Form):
    action = forms.CharField(label=_("Action contains"), required=False, max_length=100)
    object_type = forms.CharField(label=_("Object type"), required=False, max_length=100)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    actor = forms.IntegerField(label=_("Actor (user number)"), required=False, min_value=1)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def apply(self, entries: QuerySet[ActivityLog]) -> QuerySet[ActivityLog]:
        data = self.cleaned_data
        if data.get("action"):
            entries = entries.filter(action__icontains=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type__icontains=data["object_type"])
        if data.get("object_id"):
            entries = entries.filter(object_id=data["object_id"])
        if data.get("actor"):
            entries = entries.filter(actor_id=data["actor"])
        if data.get("date_from"):
            entries = entries.filter(created_at__date__gte=data["date_from"])
        if data.get("date_to"):
            entries = entries.filter(created_at__date__lte=data["date_to"])
        return entries


@staff_view("core.view_activity_log")
def activity_log(request: HttpRequest) -> HttpResponse:
    form = ActivityFilterForm(request.GET or None)
    entries: QuerySet[ActivityLog] = ActivityLog.objects.select_related("actor", "link").order_by(
        "-id"
    )
    if form.is_bound and form.is_valid():
        entries = form.apply(entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "actor": mask_text(entry.actor.full_name) if entry.actor else "",
            "object_repr": entry.object_repr
            if entry.object_type != "accounts.user"
            else mask_text(entry.object_repr),
            "before": mask_mapping(entry.before),
            "after": mask_mapping(entry.after),
            "is_linked": hasattr(entry, "link"),
        }
        for entry in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/staff/activity_log.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
