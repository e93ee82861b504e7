"""Permissions of the evaluation (ratings moderation, the survey). Scoped roles work
within the editions they are granted; the object is the edition."""

from __future__ import annotations

import rules

from hromada.budget.rules import coordinates, is_administrator, is_auditor, sits_on_commission

# Publishing or rejecting the comments residents leave with their ratings.
rules.add_perm("implementation.moderate_ratings", is_administrator | coordinates)
# Defining the process survey of an edition: dates, introduction, questions.
rules.add_perm("implementation.manage_survey", is_administrator | coordinates)
# Reading the survey's results before it closes (residents see them once it has).
rules.add_perm(
    "implementation.view_survey_results",
    is_administrator | is_auditor | coordinates | sits_on_commission,
)
