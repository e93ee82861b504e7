"""A resident rates a delivered project (once; the rating is final), and the edition's
coordinator publishes or rejects the comments. No page shows who rated."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from hromada.accounts.selectors import identity_of
from hromada.budget.views.staff_editions import actor_of, edition_for
from hromada.core.access import staff_view
from hromada.implementation.enums import CommentState
from hromada.implementation.evaluation.forms import ModerationForm, RatingForm
from hromada.implementation.evaluation.selectors import (
    comment_counts,
    existing_rating,
    is_rateable,
    pending_comments,
    public_edition,
    public_project,
    rating_for_moderation,
    record_of,
)
from hromada.implementation.evaluation.services import (
    already_rated_message,
    not_implemented_message,
    rate_project,
)
from hromada.implementation.evaluation.views.common import error_code, see_other
from hromada.implementation.evaluation.workflow import moderate_comment
from hromada.implementation.models import Rating

MODERATE = "implementation.moderate_ratings"
TEMPLATES = "implementation/evaluation/"


def _already(
    request: HttpRequest, context: dict[str, Any], previous: Rating, status: int
) -> HttpResponse:
    """The earlier rating stays as it was; what was typed now is shown back, not lost."""
    return render(
        request,
        f"{TEMPLATES}rate_already.html",
        {
            **context,
            "message": already_rated_message(previous),
            "previous": previous,
            "typed_comment": request.POST.get("comment", "").strip()
            if request.method == "POST"
            else "",
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, edition: str, project_id: int) -> HttpResponse:
    found = public_edition(edition)
    project = public_project(found, project_id)
    record = record_of(project)
    is_post = request.method == "POST"
    context: dict[str, Any] = {"edition": found, "project": project}
    if not is_rateable(record):
        return render(
            request,
            f"{TEMPLATES}rate_not_implemented.html",
            {**context, "record": record, "message": not_implemented_message()},
            status=400 if is_post else 200,
        )
    assert record is not None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    identity = identity_of(request.user)
    if identity is None:
        return render(
            request, f"{TEMPLATES}rate_verify.html", context, status=403 if is_post else 200
        )
    previous = existing_rating(record, identity.person_key)
    if previous is not None:
        return _already(request, context, previous, status=409 if is_post else 200)
    form = RatingForm(request.POST if is_post else None)
    if is_post and form.is_valid():
        try:
            rate_project(
                record=record,
                person_key=identity.person_key,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if error_code(error) == "already_rated":
                previous = existing_rating(record, identity.person_key)
                if previous is not None:
                    return _already(request, context, previous, status=409)
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if form.cleaned_data["comment"].strip():
                messages.success(
                    request,
                    _(
                        "Thank you: your score is counted. Your comment will appear once a "
                        "moderator has read it."
                    ),
                )
            else:
                messages.success(request, _("Thank you: your score is counted."))
            return see_other(f"{project.get_absolute_url()}#ratings")
    return render(
        request,
        f"{TEMPLATES}rate.html",
        {**context, "form": form},
        status=400 if is_post else 200,
    )


# --- Moderation -----------------------------------------------------------------------


def _moderation_page(
    request: HttpRequest, edition: Any, status: int = 200, errors: list[str] | None = None
) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}staff/ratings.html",
        {
            "edition": edition,
            "pending": list(pending_comments(edition)),
            "counts": comment_counts(edition),
            "states": CommentState,
            "errors": errors or [],
        },
        status=status,
    )


@staff_view(MODERATE)
@require_safe
def moderation(request: HttpRequest, edition: str) -> HttpResponse:
    return _moderation_page(request, edition_for(request, edition, MODERATE))


@staff_view(MODERATE)
@require_POST
def moderate(request: HttpRequest, edition: str, rating_id: int) -> HttpResponse:
    found = edition_for(request, edition, MODERATE)
    rating = rating_for_moderation(found, rating_id)
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return _moderation_page(
            request, found, status=400, errors=[str(e) for e in form.errors["decision"]]
        )
    publish = form.cleaned_data["decision"] == "publish"
    try:
        moderate_comment(
            rating=rating,
            to_state=CommentState.PUBLISHED if publish else CommentState.REJECTED,
            actor=actor_of(request),
        )
    except ValidationError as error:
        return _moderation_page(request, found, status=409, errors=error.messages)
    messages.success(
        request,
        (
            _("The comment on “%(project)s” is published.")
            if publish
            else _("The comment on “%(project)s” will not be published.")
        )
        % {"project": rating.record.project},
    )
    return see_other(reverse("implementation:rating_moderation", kwargs={"edition": found.slug}))
