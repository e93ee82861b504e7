"""Subscribing to an edition's news and following a project: plain form POSTs that go
back to the page with a message (no JavaScript needed). Someone not signed in is sent
to sign in and comes back to the page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hromada.accounts.models import User
from hromada.budget.models import Edition, Project
from hromada.budget.services.subscriptions import (
    follow_project,
    subscribe_to_edition,
    unfollow_project,
    unsubscribe_from_edition,
)


def _published_edition(slug: str) -> Edition:
    found = Edition.objects.filter(slug=slug, is_published=True).first()
    if found is None:
        raise Http404
    return found


def _public_project(edition: str, project_id: int) -> Project:
    # Imported here: workflow imports the tasks, which import the notifications.
    from hromada.budget.workflow import PUBLIC_STATES

    found = (
        Project.objects.select_related("edition")
        .filter(
            pk=project_id,
            edition__slug=edition,
            edition__is_published=True,
            state__in=PUBLIC_STATES,
        )
        .first()
    )
    if found is None:
        raise Http404
    return found


def _back(request: HttpRequest, default: str) -> str:
    """The page the form was on (a `next` field on this site), else `default`."""
    asked = request.POST.get("next", "")
    if asked and url_has_allowed_host_and_scheme(
        asked, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return asked
    return default


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@require_POST
def edition_subscribe(request: HttpRequest, edition: str) -> HttpResponse:
    found = _published_edition(edition)
    back = _back(request, found.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    subscribe_to_edition(user=_user(request), edition=found)
    messages.success(
        request,
        _("You are subscribed: we will e-mail you when a phase of this edition begins or ends."),
    )
    return redirect(back)


@require_POST
def edition_unsubscribe(request: HttpRequest, edition: str) -> HttpResponse:
    found = _published_edition(edition)
    back = _back(request, found.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    unsubscribe_from_edition(user=_user(request), edition=found)
    messages.success(request, _("You are unsubscribed from the news of this edition."))
    return redirect(back)


@require_POST
def project_follow(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    project = _public_project(edition, project_id)
    back = _back(request, project.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    follow_project(user=_user(request), project=project)
    messages.success(request, _("You follow this project: we will e-mail you its news."))
    return redirect(back)


@require_POST
def project_unfollow(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    # Stopping works for a project that is no longer public too (e.g. withdrawn).
    project = (
        Project.objects.select_related("edition")
        .filter(pk=project_id, edition__slug=edition, edition__is_published=True)
        .first()
    )
    if project is None:
        raise Http404
    back = _back(request, project.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    unfollow_project(user=_user(request), project=project)
    messages.success(request, _("You no longer follow this project."))
    return redirect(back)
