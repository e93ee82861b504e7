"""The notifications page (what a signed-in person receives) and the one-click
unsubscribe link of every message, which works without signing in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from hromada.accounts.enums import Role
from hromada.accounts.models import User
from hromada.accounts.notification_forms import NotificationPreferencesForm
from hromada.accounts.notification_preferences import (
    FIELDS,
    preferences_of,
    read_unsubscribe_token,
    save_notification_preferences,
    topic_label,
    unsubscribe,
)
from hromada.accounts.selectors import roles_of


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    is_reviewer = Role.REVIEWER in roles_of(user)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, user=user, is_reviewer=is_reviewer)
        if form.is_valid():
            save_notification_preferences(user=user, actor=user, values=form.values())
            messages.success(request, _("Your choice of messages is saved."))
            return redirect("accounts:notification_preferences")
    else:
        current = preferences_of(user)
        form = NotificationPreferencesForm(
            initial={field: getattr(current, field) for field in FIELDS},
            user=user,
            is_reviewer=is_reviewer,
        )
    return render(
        request,
        "accounts/public/notifications.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


# A one-click unsubscribe (RFC 8058) is a POST from the mail client without a CSRF token;
# the view can only ever switch a topic off, for the account the signed link names.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    user = User.objects.filter(pk=found[0]).first() if found else None
    if found is None or user is None:
        return render(request, "accounts/public/unsubscribe_invalid.html", status=400)
    topic = found[1]
    context = {
        "topic_label": topic_label(topic),
        "token": token,
    }
    if request.method == "POST":
        unsubscribe(user=user, topic=topic)
        return render(request, "accounts/public/unsubscribe_done.html", context)
    return render(request, "accounts/public/unsubscribe.html", context)
