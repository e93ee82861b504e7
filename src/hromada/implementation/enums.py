from django.db import models
from django.utils.translation import gettext_lazy as _


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    PROCUREMENT = "procurement", _("procurement")
    CONTRACTING = "contracting", _("contracting")
    IN_PROGRESS = "in_progress", _("in progress")
    IMPLEMENTED = "implemented", _("implemented")
    NOT_IMPLEMENTED = "not_implemented", _("not implemented")


# Still being delivered (counted as "in progress" by the statistics).
ONGOING_STATUSES = (
    ImplementationStatus.PROCUREMENT,
    ImplementationStatus.CONTRACTING,
    ImplementationStatus.IN_PROGRESS,
)
FINISHED_STATUSES = (ImplementationStatus.IMPLEMENTED, ImplementationStatus.NOT_IMPLEMENTED)


class PhotoKind(models.TextChoices):
    BEFORE = "before", _("before")
    DURING = "during", _("during the works")
    AFTER = "after", _("after")


class CommentState(models.TextChoices):
    """A rating's comment is shown only after a moderator publishes it."""

    NONE = "none", _("no comment")
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("not published")


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("a score from 1 to 5")
    CHOICE = "choice", _("one of the options")
    TEXT = "text", _("free text")
