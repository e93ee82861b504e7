from hromada.budget.models.edition import (
    Category,
    Edition,
    NonWorkingDay,
    Phase,
    Pool,
    Territory,
)
from hromada.budget.models.project import (
    Attachment,
    CoAuthor,
    CostItem,
    Project,
    ProjectEvent,
    Support,
)
from hromada.budget.models.review import (
    Appeal,
    CommissionDecision,
    CostCorrection,
    ReviewAssignment,
)
from hromada.budget.models.subscriptions import EditionSubscription, ProjectFollow

__all__ = [
    "Appeal",
    "Attachment",
    "Category",
    "CoAuthor",
    "CommissionDecision",
    "CostCorrection",
    "CostItem",
    "Edition",
    "EditionSubscription",
    "NonWorkingDay",
    "Phase",
    "Pool",
    "Project",
    "ProjectEvent",
    "ProjectFollow",
    "ReviewAssignment",
    "Support",
    "Territory",
]
