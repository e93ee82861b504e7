"""Who may do what in voting. Scoped roles work within the editions they are granted."""

from __future__ import annotations

import rules

from hromada.budget.rules import (
    coordinates,
    is_administrator,
    is_auditor,
    sits_on_commission,
    works_at_desk,
)

# Entering ballots for people present at a service centre, and paper forms.
rules.add_perm("voting.enter_ballots", is_administrator | works_at_desk)
# The voting overview of an edition: turnout, per-operator tallies (never per project).
rules.add_perm(
    "voting.view_voting_staff",
    is_administrator | is_auditor | coordinates | sits_on_commission | works_at_desk,
)
# Setting up the commission's key, running the count.
rules.add_perm("voting.run_count", is_administrator | coordinates)
rules.add_perm("voting.manage_key", is_administrator | coordinates | sits_on_commission)
# Approving a count and annulling ballots are commission decisions.
rules.add_perm("voting.approve_results", is_administrator | sits_on_commission)
rules.add_perm("voting.annul_ballots", is_administrator | sits_on_commission)
