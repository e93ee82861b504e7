"""Who may do what in the participatory budget. Coordinators, commission members and
desk operators work within the editions they are granted (or all, when granted
platform-wide); reviewers within their department."""

from __future__ import annotations

from typing import Any

import rules

from hromada.accounts.enums import Role
from hromada.accounts.rules import has_role, has_role_in_scope
from hromada.accounts.selectors import role_grants


def has_platform_wide_role(*roles: str) -> rules.Predicate:
    def check(user: Any) -> bool:
        return any(grant.role in roles and grant.is_platform_wide for grant in role_grants(user))

    return rules.Predicate(check, name=f"has_platform_wide_role({', '.join(roles)})")


is_administrator = has_role(Role.ADMINISTRATOR)
is_auditor = has_role(Role.AUDITOR)
coordinates = has_role_in_scope(Role.BUDGET_COORDINATOR)
sits_on_commission = has_role_in_scope(Role.BUDGET_COMMISSION_MEMBER)
works_at_desk = has_role_in_scope(Role.DESK_OPERATOR)

rules.add_perm(
    "budget.view_edition_staff",
    is_administrator | is_auditor | coordinates | sits_on_commission | works_at_desk,
)
rules.add_perm("budget.configure_edition", is_administrator | coordinates)
rules.add_perm(
    "budget.create_edition",
    is_administrator | has_platform_wide_role(Role.BUDGET_COORDINATOR),
)
rules.add_perm("budget.manage_calendar", is_administrator | coordinates)

reviews = has_role_in_scope(Role.REVIEWER)

rules.add_perm(
    "budget.view_projects_staff",
    is_administrator | is_auditor | coordinates | sits_on_commission,
)
# The completeness check, assigning departments, asking for a revision.
rules.add_perm("budget.manage_review", is_administrator | coordinates)
# Recording the commission's decisions (admission, rejection, appeals).
rules.add_perm("budget.record_decisions", is_administrator | coordinates | sits_on_commission)
rules.add_perm("budget.enter_paper_supports", is_administrator | coordinates | works_at_desk)
rules.add_perm(
    "budget.export_projects", is_administrator | is_auditor | coordinates | sits_on_commission
)
# A reviewer acts on assignments of their own department (the object is the assignment).
rules.add_perm("budget.review_assignment", reviews)
rules.add_perm("budget.view_inbox", reviews)
