"""Reads of who hears of what: an edition's subscribers, a project's followers.

A project's followers are the people who chose to follow it and its supporters who have
an account (their verified identity carries the person key the support was given
with); the author is not among them, having messages of their own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from hromada.accounts.models import User, VerifiedIdentity
from hromada.budget.models import EditionSubscription, Project, ProjectFollow, Support


def project_followers(project: Project) -> QuerySet[User]:
    supporter_keys = Support.objects.filter(project=project).values("person_key")
    return (
        User.objects.filter(
            Q(pk__in=ProjectFollow.objects.filter(project=project).values("user_id"))
            | Q(
                pk__in=VerifiedIdentity.objects.filter(person_key__in=supporter_keys).values(
                    "user_id"
                )
            ),
            is_active=True,
        )
        .exclude(pk=project.author_id)
        .order_by("pk")
    )


def edition_subscribers(edition_id: int) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=EditionSubscription.objects.filter(edition_id=edition_id).values("user_id"),
        is_active=True,
    ).order_by("pk")


def is_subscribed(user: Any, edition_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return EditionSubscription.objects.filter(user=user, edition_id=edition_id).exists()


@dataclass(frozen=True)
class FollowState:
    is_following: bool  # chose to follow (may stop with the button)
    is_supporter: bool  # follows because they supported it (stops on the settings page)
    is_author: bool

    @property
    def hears_of_it(self) -> bool:
        return self.is_following or self.is_supporter or self.is_author


def follow_state(user: Any, project: Project) -> FollowState:
    if not getattr(user, "is_authenticated", False):
        return FollowState(is_following=False, is_supporter=False, is_author=False)
    is_following = ProjectFollow.objects.filter(user=user, project=project).exists()
    is_supporter = Support.objects.filter(
        project=project,
        person_key__in=VerifiedIdentity.objects.filter(user=user).values("person_key"),
    ).exists()
    return FollowState(
        is_following=is_following,
        is_supporter=is_supporter,
        is_author=project.author_id == user.pk,
    )
