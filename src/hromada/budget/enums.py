"""Choices of the participatory budget. Every number a regulation sets is an edition
setting (see models.Edition); these are only the kinds of things there are."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    INFORMATION = "information", _("Information campaign")
    SUBMISSION = "submission", _("Submission of projects and collection of support")
    REVIEW = "review", _("Review of projects")
    APPEALS = "appeals", _("Appeals")
    ADMITTED_LIST = "admitted_list", _("Publication of the admitted projects")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    IMPLEMENTATION = "implementation", _("Implementation")


# The order phases follow in a year, and what each allows by default.
PHASE_ORDER = [kind.value for kind in PhaseKind]


class AgeReachedBy(models.TextChoices):
    ACTION_DAY = "action_day", _("on the day of the action")
    YEAR_END = "year_end", _("by 31 December of the edition year")


class VotesScope(models.TextChoices):
    PER_POOL = "per_pool", _("per pool")
    TOTAL = "total", _("in total")


class BallotKind(models.TextChoices):
    APPROVAL = "approval", _("choose up to N projects")
    KNAPSACK = "knapsack", _("choose projects within the pool's money")
    CUMULATIVE = "cumulative", _("distribute points")


class TieBreak(models.TextChoices):
    EARLIER_SUBMISSION = "earlier_submission", _("earlier submission")
    LOWER_COST = "lower_cost", _("lower cost")
    LOT = "lot", _("a recorded lot")


class LeftoverRule(models.TextChoices):
    SKIP_TO_NEXT = "skip", _("take the next project that fits")
    TRANSFER = "transfer", _("transfer to another pool")
    RETURN = "return", _("return to the budget")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("by votes, while the money lasts")
    EQUAL_SHARES = "mes", _("method of equal shares")


class ProjectState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, completeness check")
    RETURNED = "returned", _("returned to the author for fixes")
    IN_REVIEW = "in_review", _("expert review by departments")
    REVISION_REQUESTED = "revision_requested", _("revision requested from the author")
    REVIEWED = "reviewed", _("reviewed, awaiting the commission")
    ADMITTED = "admitted", _("admitted to the vote")
    REJECTED = "rejected", _("rejected")
    APPEALED = "appealed", _("appeal under consideration")
    WITHDRAWN = "withdrawn", _("withdrawn by the author")


class RejectionReason(models.TextChoices):
    """Reason codes of DOMAIN.md section 4: what a negative opinion or decision cites."""

    OUTSIDE_COMPETENCE = "outside_competence", _("outside the council's competence")
    VIOLATES_LAW = "violates_law", _("violates the law")
    MANDATORY_FIELDS_EMPTY = "fields_empty", _("mandatory fields are empty")
    RESULT_NOT_PUBLIC = "not_public", _("the result is not public or not free of charge")
    NOT_COMMUNAL_LAND = "not_communal_land", _("private property or not communal land")
    COST_ABOVE_LIMIT = "cost_above_limit", _("the cost is above the pool's maximum")
    AUTHOR_REFUSED_CHANGES = "author_refused", _("the author refused the required changes")
    UNREALISTIC_COST = "unrealistic_cost", _("unrealistic cost")
    LONGER_THAN_A_YEAR = "longer_than_year", _("takes longer than one budget year")
    DUPLICATES_FUNDED_WORKS = "duplicates_funded", _("duplicates works already funded")
    ONLY_DESIGN_DOCUMENTATION = "only_design", _("only design documentation")
    NAMES_CONTRACTOR_OR_BRAND = "names_contractor", _("names a specific contractor or brand")
    OTHER = "other", _("other reason (see the text)")


class ReviewAspect(models.TextChoices):
    FEASIBILITY = "feasibility", _("feasibility")
    COMPETENCE = "competence", _("council's competence")
    LAND_OWNERSHIP = "land_ownership", _("land ownership")
    COST_REALISM = "cost_realism", _("cost realism")


class OpinionConclusion(models.TextChoices):
    POSITIVE = "positive", _("positive")
    NEGATIVE = "negative", _("negative")


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the opinion")
    DONE = "done", _("opinion given")


class CostCorrectionStatus(models.TextChoices):
    PROPOSED = "proposed", _("waiting for the author")
    ACCEPTED = "accepted", _("accepted by the author")
    CONTESTED = "contested", _("contested by the author")


class SupportChannel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper list")


class DecisionKind(models.TextChoices):
    ADMIT = "admit", _("admit to the vote")
    REJECT = "reject", _("reject")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("under consideration")
    UPHELD = "upheld", _("upheld: project admitted")
    DISMISSED = "dismissed", _("dismissed: rejection stands")
