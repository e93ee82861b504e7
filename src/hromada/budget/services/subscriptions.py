"""Subscribing to an edition's news and following a project. A person's own choice of
messages, not an act of the council, so it leaves no audit-trail row; repeating a
request changes nothing (the unique constraints make it safe under a double click)."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from hromada.accounts.models import User
from hromada.budget.models import Edition, EditionSubscription, Project, ProjectFollow


def subscribe_to_edition(*, user: User, edition: Edition) -> bool:
    """True if the person was not subscribed before."""
    try:
        with transaction.atomic():
            _subscription, created = EditionSubscription.objects.get_or_create(
                user=user, edition=edition
            )
    except IntegrityError:  # the same request twice at once: the other one made it
        return False
    return created


def unsubscribe_from_edition(*, user: User, edition: Edition) -> bool:
    deleted, _counts = EditionSubscription.objects.filter(user=user, edition=edition).delete()
    return bool(deleted)


def follow_project(*, user: User, project: Project) -> bool:
    """True if the person was not following the project before."""
    try:
        with transaction.atomic():
            _follow, created = ProjectFollow.objects.get_or_create(user=user, project=project)
    except IntegrityError:
        return False
    return created


def unfollow_project(*, user: User, project: Project) -> bool:
    deleted, _counts = ProjectFollow.objects.filter(user=user, project=project).delete()
    return bool(deleted)
