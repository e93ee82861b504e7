"""Writes about departments, teams and roles. Each leaves an audit-trail row."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from hromada.accounts.enums import ROLE_SCOPE, Role, ScopeKind
from hromada.accounts.models import Department, Membership, Team, User
from hromada.accounts.selectors import forget_role_grants
from hromada.core.activity import changed_fields, log_activity, snapshot

DEPARTMENT_FIELDS = ("code", "name_uk", "name_en", "is_active")

# Which model a scope kind refers to ("app_label.model"); apps that own those models
# arrive later, and the grant service refuses a scope of the wrong kind.
SCOPE_MODELS: dict[str, str] = {
    ScopeKind.EDITION: "budget.edition",
    ScopeKind.CALL: "contests.call",
    ScopeKind.PROGRAMME: "programmes.programme",
}


def save_department(
    *, actor: User | None, department: Department | None = None, **values: Any
) -> Department:
    with transaction.atomic():
        is_new = department is None
        if department is None:
            department = Department()
            before = None
        else:
            department = Department.objects.select_for_update().get(pk=department.pk)
            before = snapshot(department, DEPARTMENT_FIELDS)
        for field in DEPARTMENT_FIELDS:
            if field in values:
                setattr(department, field, values[field])
        department.full_clean()
        department.save()
        after = snapshot(department, DEPARTMENT_FIELDS)
        if is_new or (before is not None and changed_fields(before, after)):
            log_activity(
                actor=actor,
                action="accounts.department.created" if is_new else "accounts.department.updated",
                target=department,
                before=before,
                after=after,
            )
    return department


def _check_scope(role: str, department: Department | None, scope: models.Model | None) -> None:
    kind, required = ROLE_SCOPE.get(role, (ScopeKind.NONE, False))
    if role not in ROLE_SCOPE:
        raise ValidationError(_("This role cannot be granted: every account is a resident."))
    if kind == ScopeKind.DEPARTMENT:
        if department is None:
            raise ValidationError(_("Choose the department this role works for."))
    elif department is not None:
        raise ValidationError(_("This role is not tied to a department."))
    if scope is not None:
        expected = SCOPE_MODELS.get(kind)
        if expected is None or scope._meta.label_lower != expected:
            raise ValidationError(_("This role cannot be limited to that object."))
    elif required and kind != ScopeKind.DEPARTMENT:
        raise ValidationError(_("This role must be limited to one object."))


def grant_role(
    *,
    actor: User | None,
    user: User,
    role: str,
    department: Department | None = None,
    scope: models.Model | None = None,
) -> Membership:
    """Add the user to the team of this role and scope (created on first use).
    Granting a role the user already has in that scope changes nothing."""
    _check_scope(role, department, scope)
    scope_type = ContentType.objects.get_for_model(scope) if scope is not None else None
    key = Team.make_key(
        role,
        department.pk if department else None,
        scope_type.pk if scope_type else None,
        scope.pk if scope is not None else None,
    )
    with transaction.atomic():
        team, _created = Team.objects.get_or_create(
            key=key,
            defaults={
                "role": role,
                "department": department,
                "scope_type": scope_type,
                "scope_id": scope.pk if scope is not None else None,
            },
        )
        membership, created = Membership.objects.get_or_create(
            team=team, user=user, defaults={"granted_by": actor}
        )
        if created:
            log_activity(
                actor=actor,
                action="accounts.role.granted",
                target=user,
                after={"role": role, "team": team.key, "team_name": str(team)},
            )
    forget_role_grants(user)
    return membership


def revoke_membership(*, actor: User, membership: Membership, reason: str = "") -> None:
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("team", "user")
            .get(pk=membership.pk)
        )
        team = membership.team
        if (
            team.role == Role.ADMINISTRATOR
            and membership.user_id == actor.pk
            and team.memberships.count() == 1
        ):
            raise ValidationError(
                _("You are the last administrator: grant the role to someone else first.")
            )
        log_activity(
            actor=actor,
            action="accounts.role.revoked",
            target=membership.user,
            before={"role": team.role, "team": team.key, "team_name": str(team)},
            reason=reason,
        )
        membership.delete()
    forget_role_grants(membership.user)
