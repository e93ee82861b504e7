"""Permissions of the implementation records."""

from __future__ import annotations

from typing import Any

import rules

from hromada.accounts.enums import Role
from hromada.accounts.rules import has_role_in_scope
from hromada.accounts.selectors import has_any_role, has_role_for
from hromada.budget.rules import coordinates, is_administrator, is_auditor, sits_on_commission

# The evaluation's permissions live beside its code; django-rules discovers only this
# module, so it loads them.
from hromada.implementation.evaluation import rules as _evaluation_rules  # noqa: F401
from hromada.implementation.models import ImplementationRecord


@rules.predicate
def serves_department(user: Any, target: Any = None) -> bool:
    """A department officer works on the records of their department. Their team is
    scoped to a department, not to an edition: on an edition's pages they see the
    records of their department only (the list filters, a record of another is 404)."""
    if isinstance(target, ImplementationRecord):
        return has_role_for(user, [Role.DEPARTMENT_OFFICER], target)
    return has_any_role(user, [Role.DEPARTMENT_OFFICER])


works_on_record = has_role_in_scope(Role.DEPARTMENT_OFFICER)

rules.add_perm(
    "implementation.view_records_staff",
    is_administrator | is_auditor | coordinates | sits_on_commission | serves_department,
)
# Creating the records of the winners, assigning departments, reopening a project that
# was not implemented.
rules.add_perm("implementation.manage_records", is_administrator | coordinates)
# Status, progress, procurement, payments and timeline entries of one record.
rules.add_perm("implementation.edit_record", is_administrator | coordinates | works_on_record)
