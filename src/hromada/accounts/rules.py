"""Permission predicates. Every staff capability of the platform is a `rules` permission
named `<app>.<verb>_<noun>`; apps register their own in their `rules.py`."""

from __future__ import annotations

from typing import Any

import rules

from hromada.accounts.enums import STAFF_ROLES, Role
from hromada.accounts.selectors import has_any_role, has_role_for


def has_role(*roles: str) -> rules.Predicate:
    """The user holds one of these roles in any scope."""

    def check(user: Any) -> bool:
        return has_any_role(user, roles)

    return rules.Predicate(check, name=f"has_role({', '.join(roles)})")


def has_role_in_scope(*roles: str) -> rules.Predicate:
    """Without an object: the user holds one of these roles somewhere. With an object:
    one of those grants covers the object's scope (see selectors.Scoped)."""

    def check(user: Any, target: Any = None) -> bool:
        if target is None:
            return has_any_role(user, roles)
        return has_role_for(user, roles, target)

    return rules.Predicate(check, name=f"has_role_in_scope({', '.join(roles)})")


is_staff_member = has_role(*STAFF_ROLES)
is_administrator = has_role(Role.ADMINISTRATOR)
is_auditor = has_role(Role.AUDITOR)

rules.add_perm("core.view_staff_area", is_staff_member)
rules.add_perm("core.view_activity_log", is_auditor | is_administrator)
rules.add_perm("accounts.view_teams", is_administrator | is_auditor)
rules.add_perm("accounts.manage_teams", is_administrator)
rules.add_perm("accounts.manage_departments", is_administrator)
rules.add_perm(
    "accounts.view_department",
    is_administrator | is_auditor | has_role_in_scope(Role.REVIEWER, Role.DEPARTMENT_OFFICER),
)
# Residency is not tied to an edition: any desk-operator grant is enough.
rules.add_perm("accounts.review_residency", has_role(Role.DESK_OPERATOR, Role.ADMINISTRATOR))
