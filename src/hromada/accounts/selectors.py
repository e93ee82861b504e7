"""Reads about users, teams and roles, identities and residency."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from hromada.accounts.enums import ROLE_SCOPE, ResidencyMethod, ResidencyStatus, Role
from hromada.accounts.models import (
    Department,
    Membership,
    ResidencyClaim,
    Settlement,
    Team,
    User,
    VerifiedIdentity,
)

# How many recent decisions the expected review time is taken from.
TURNAROUND_SAMPLE = 50


class Scoped(Protocol):
    """An object whose access depends on scope: it names the scopes it belongs to
    (its department, edition, call or programme)."""

    def permission_scopes(self) -> Iterable[models.Model]: ...


@dataclass(frozen=True)
class RoleGrant:
    role: str
    department_id: int | None
    scope_type_id: int | None
    scope_id: int | None

    @property
    def is_platform_wide(self) -> bool:
        return self.department_id is None and self.scope_id is None

    def covers(self, scope: models.Model) -> bool:
        if isinstance(scope, Department):
            return self.department_id == scope.pk
        if self.scope_id is None:
            return False
        scope_type = ContentType.objects.get_for_model(scope)
        return self.scope_type_id == scope_type.pk and self.scope_id == scope.pk


_CACHE_ATTRIBUTE = "_hromada_role_grants"


def role_grants(user: Any) -> tuple[RoleGrant, ...]:
    """The user's staff role grants, read once per user object (i.e. per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = tuple(
            RoleGrant(role, department_id, scope_type_id, scope_id)
            for role, department_id, scope_type_id, scope_id in Team.objects.filter(
                memberships__user=user
            ).values_list("role", "department_id", "scope_type_id", "scope_id")
        )
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_role_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def roles_of(user: Any) -> list[str]:
    """Role codes the user holds, in the order of the Role enumeration."""
    held = {grant.role for grant in role_grants(user)}
    return [role for role in Role.values if role in held]


def has_any_role(user: Any, roles: Iterable[str]) -> bool:
    wanted = set(roles)
    return any(grant.role in wanted for grant in role_grants(user))


def has_role_for(user: Any, roles: Iterable[str], target: Scoped) -> bool:
    """True if one of the user's grants of these roles covers the target's scope. A
    platform-wide grant covers everything unless the role always needs a scope."""
    wanted = set(roles)
    scopes = list(target.permission_scopes())
    for grant in role_grants(user):
        if grant.role not in wanted:
            continue
        _kind, scope_required = ROLE_SCOPE.get(grant.role, ("none", False))
        if grant.is_platform_wide and not scope_required:
            return True
        if any(grant.covers(scope) for scope in scopes):
            return True
    return False


def department_ids_for(user: Any, roles: Iterable[str]) -> set[int]:
    wanted = set(roles)
    return {
        grant.department_id
        for grant in role_grants(user)
        if grant.role in wanted and grant.department_id is not None
    }


def teams_with_members() -> QuerySet[Team]:
    return Team.objects.select_related("department", "scope_type").prefetch_related(
        models.Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user").order_by("user__full_name"),
        )
    )


def active_departments() -> QuerySet[Department]:
    return Department.objects.filter(is_active=True)


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()


def active_settlements() -> QuerySet[Settlement]:
    return Settlement.objects.filter(is_active=True)


def identity_of(user: Any) -> VerifiedIdentity | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return VerifiedIdentity.objects.filter(user=user).select_related("settlement").first()


def identity_by_person_key(person_key: str) -> VerifiedIdentity | None:
    return VerifiedIdentity.objects.filter(person_key=person_key).select_related("user").first()


def residency_claims_of(identity: VerifiedIdentity) -> QuerySet[ResidencyClaim]:
    """Newest first, as the resident reads them."""
    return (
        ResidencyClaim.objects.filter(identity=identity)
        .select_related("settlement")
        .order_by("-created_at", "-pk")
    )


def pending_residency_claims() -> QuerySet[ResidencyClaim]:
    """The desk operators' queue: oldest first."""
    return (
        ResidencyClaim.objects.filter(status=ResidencyStatus.PENDING)
        .select_related("identity", "settlement")
        .order_by("created_at", "pk")
    )


def residency_claims_for_review() -> QuerySet[ResidencyClaim]:
    return ResidencyClaim.objects.select_related("identity", "settlement", "decided_by")


def queue_position(claim: ResidencyClaim) -> int | None:
    """1 for the claim a desk operator will take next; None once it is decided."""
    if claim.status != ResidencyStatus.PENDING:
        return None
    ahead = ResidencyClaim.objects.filter(status=ResidencyStatus.PENDING).filter(
        Q(created_at__lt=claim.created_at) | Q(created_at=claim.created_at, pk__lt=claim.pk)
    )
    return ahead.count() + 1


def expected_residency_turnaround() -> timedelta:
    """The median time from submission to decision over the last decided proofs; the
    RESIDENCY_REVIEW_DAYS setting while there is no history yet."""
    decided = (
        ResidencyClaim.objects.filter(method=ResidencyMethod.PROOF, decided_at__isnull=False)
        .exclude(status=ResidencyStatus.PENDING)
        .order_by("-decided_at", "-pk")
        .values_list("created_at", "decided_at")[:TURNAROUND_SAMPLE]
    )
    durations = [
        (decided_at - created_at).total_seconds()
        for created_at, decided_at in decided
        if decided_at is not None
    ]
    if not durations:
        return timedelta(days=settings.RESIDENCY_REVIEW_DAYS)
    return timedelta(seconds=statistics.median(durations))
