"""Checked access for staff views: every staff URL declares the permission it needs, and
every protected object is fetched through a function that 404s outside the user's scope
(so a page never confirms that an object it will not show exists)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def staff_view(permission: str) -> Callable[[View], View]:
    """Anonymous: redirect to sign in. Signed in without the capability: 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied(permission)
            return view(request, *args, **kwargs)

        wrapper.staff_permission = permission  # type: ignore[attr-defined]
        return wrapper

    return decorator


def require_permission(user: Any, permission: str, target: Model | None = None) -> None:
    if not user.has_perm(permission, target):
        raise PermissionDenied(permission)


def get_object_for_user(user: Any, queryset: QuerySet[M], permission: str, **lookup: Any) -> M:
    """The object if the user may act on it with this permission; 404 otherwise,
    whether it does not exist or lies outside the user's scope."""
    found = queryset.filter(**lookup).first()
    if found is None or not user.has_perm(permission, found):
        raise Http404
    return found
