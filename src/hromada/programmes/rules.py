import rules

from hromada.accounts.enums import Role
from hromada.accounts.rules import has_role_in_scope, is_administrator, is_auditor

is_programme_coordinator = has_role_in_scope(Role.PROGRAMME_COORDINATOR)

rules.add_perm(
    "programmes.view_programme_staff", is_programme_coordinator | is_auditor | is_administrator
)
rules.add_perm("programmes.change_measure", is_programme_coordinator | is_administrator)
