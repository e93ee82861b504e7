"""Permissions of the evaluation (ratings moderation, the survey)."""
