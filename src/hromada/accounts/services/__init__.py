"""Writes of the accounts app; every one leaves an audit-trail row. Import from here or
from the module named for the concept: users, teams, identity, residency."""

from hromada.accounts.services.identity import establish_identity
from hromada.accounts.services.residency import (
    decide_residency_claim,
    declare_residency,
    save_settlement,
    submit_residency_proof,
)
from hromada.accounts.services.teams import (
    DEPARTMENT_FIELDS,
    SCOPE_MODELS,
    grant_role,
    revoke_membership,
    save_department,
)
from hromada.accounts.services.users import (
    PROFILE_FIELDS,
    record_password_change,
    register_user,
    update_profile,
)

__all__ = [
    "DEPARTMENT_FIELDS",
    "PROFILE_FIELDS",
    "SCOPE_MODELS",
    "decide_residency_claim",
    "declare_residency",
    "establish_identity",
    "grant_role",
    "record_password_change",
    "register_user",
    "revoke_membership",
    "save_department",
    "save_settlement",
    "submit_residency_proof",
    "update_profile",
]
