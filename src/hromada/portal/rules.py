"""Who may write the information campaign: announcements and static pages. Budget
coordinators of any edition (the campaign is mostly theirs) and administrators."""

from __future__ import annotations

import rules

from hromada.accounts.enums import Role
from hromada.accounts.rules import has_role

is_administrator = has_role(Role.ADMINISTRATOR)
# Any coordinator grant, whatever edition it is scoped to: general announcements and
# pages belong to no edition, and an edition's announcements are public anyway.
coordinates_an_edition = has_role(Role.BUDGET_COORDINATOR)

rules.add_perm("portal.manage_news", is_administrator | coordinates_an_edition)
