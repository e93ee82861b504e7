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

__all__ = [
    "Appeal",
    "Attachment",
    "Category",
    "CoAuthor",
    "CommissionDecision",
    "CostCorrection",
    "CostItem",
    "Edition",
    "NonWorkingDay",
    "Phase",
    "Pool",
    "Project",
    "ProjectEvent",
    "ReviewAssignment",
    "Support",
    "Territory",
]
