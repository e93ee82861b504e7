from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    COMMUNITY_BUDGET = "community", _("Community budget")
    OBLAST_BUDGET = "oblast", _("Oblast budget")
    STATE_BUDGET = "state", _("State budget")
    INTERNATIONAL_TECHNICAL_ASSISTANCE = "ita", _("International technical assistance")
    OTHER = "other", _("Other sources")
