"""Permissions of the implementation records."""

# The evaluation's permissions live beside its code; django-rules discovers only this
# module, so it loads them.
from hromada.implementation.evaluation import rules as _evaluation_rules  # noqa: F401
