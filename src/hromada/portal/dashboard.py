"""What the staff dashboard offers: every staff tool with the permission it needs, and
what each role is responsible for. Apps add their tools here as they arrive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hromada.accounts.enums import Role
from hromada.accounts.models import Team
from hromada.accounts.selectors import role_grants


@dataclass(frozen=True)
class StaffTool:
    permission: str
    url_name: str
    title: Promise
    description: Promise


STAFF_TOOLS = (
    StaffTool(
        "budget.view_edition_staff",
        "budget:staff_editions",
        _("Participatory budget"),
        _("Editions: settings, pools, categories, territories and phases."),
    ),
    StaffTool(
        "budget.view_inbox",
        "budget:staff_inbox",
        _("Projects to review"),
        _("Participatory-budget projects assigned to your department, with deadlines."),
    ),
    StaffTool(
        "implementation.view_records_staff",
        "implementation:staff_editions",
        _("Implementation of winning projects"),
        _("Status, progress, procurement, payments and photos of the winners; overdue first."),
    ),
    StaffTool(
        "portal.manage_news",
        "portal:staff_news",
        _("Announcements and pages"),
        _("News, the accessibility statement and the pages of each edition."),
    ),
    StaffTool(
        "programmes.view_programme_staff",
        "programmes:staff_overview",
        _("Programme measures"),
        _("Measures, planned amounts and indicators of the council programmes."),
    ),
    StaffTool(
        "core.view_activity_log",
        "core:activity_log",
        _("Activity log"),
        _("Every consequential action, filterable; personal data masked."),
    ),
    StaffTool(
        "accounts.view_department",
        "accounts:department_list",
        _("Departments"),
        _("Council departments and their staff on the platform."),
    ),
    StaffTool(
        "accounts.review_residency",
        "accounts:residency_queue",
        _("Residency proofs"),
        _("Residents' proof documents waiting for a decision, oldest first."),
    ),
    StaffTool(
        "accounts.view_teams",
        "accounts:team_list",
        _("Teams and roles"),
        _("Who holds which role, in which department, edition or call."),
    ),
)

ROLE_DUTIES: dict[str, Promise] = {
    Role.REVIEWER: _(
        "Reviews participatory-budget projects for your department: feasibility, land, "
        "competence and cost realism."
    ),
    Role.BUDGET_COORDINATOR: _(
        "Runs participatory-budget editions: settings, phases, review assignments, publication."
    ),
    Role.BUDGET_COMMISSION_MEMBER: _(
        "Decides on appeals, approves results and annulments of the participatory budget."
    ),
    Role.DESK_OPERATOR: _(
        "Serves residents at the service centre or starosta office: identity checks, paper "
        "ballots, residency proofs."
    ),
    Role.CONTEST_SECRETARY: _(
        "Runs the mini-project contest: calls, eligibility checks, the commission's work."
    ),
    Role.JURY_MEMBER: _("Scores contest applications, declaring any conflict of interest."),
    Role.COOPERATION_OFFICER: _(
        "Keeps the registry of partner cities, delegations, grant projects and events."
    ),
    Role.PROGRAMME_COORDINATOR: _(
        "Keeps the council programme: measures, planned money and indicators, and its report."
    ),
    Role.AUDITOR: _("Reads everything, changes nothing; browses the activity log."),
    Role.DEPARTMENT_OFFICER: _(
        "Delivers winning projects for your department: status, contracts, payments, photos."
    ),
    Role.ADMINISTRATOR: _("Manages departments, teams and roles of the platform."),
}


def dashboard_for(user: Any) -> dict[str, Any]:
    grants = role_grants(user)
    team_names = {
        team.key: str(team)
        for team in Team.objects.filter(memberships__user=user).select_related("department")
    }
    roles = []
    seen: set[str] = set()
    for grant in grants:
        if grant.role in seen:
            continue
        seen.add(grant.role)
        scopes = [name for key, name in team_names.items() if key.startswith(f"{grant.role}|")]
        roles.append(
            {
                "label": Role(grant.role).label,
                "duty": ROLE_DUTIES.get(grant.role, ""),
                "teams": scopes,
            }
        )
    tools = [tool for tool in STAFF_TOOLS if user.has_perm(tool.permission)]
    return {"roles": roles, "tools": tools}
