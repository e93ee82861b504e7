"""Choices of the voting app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    DESK = "desk", _("at a service-centre desk")
    PAPER = "paper", _("paper form")


class AgeBand(models.TextChoices):
    """Bands of the published participation statistics."""

    UNDER_18 = "14-17", _("14–17")
    FROM_18 = "18-25", _("18–25")
    FROM_26 = "26-35", _("26–35")
    FROM_36 = "36-45", _("36–45")
    FROM_46 = "46-64", _("46–64")
    FROM_65 = "65+", _("65 and older")
    UNKNOWN = "unknown", _("unknown")


def age_band(age: int | None) -> str:
    if age is None:
        return AgeBand.UNKNOWN.value
    for upper, band in (
        (17, AgeBand.UNDER_18),
        (25, AgeBand.FROM_18),
        (35, AgeBand.FROM_26),
        (45, AgeBand.FROM_36),
        (64, AgeBand.FROM_46),
    ):
        if age <= upper:
            return band.value
    return AgeBand.FROM_65.value


class SnapshotStatus(models.TextChoices):
    DRAFT = "draft", _("counted, awaiting the commission")
    APPROVED = "approved", _("approved by the commission")
    SUPERSEDED = "superseded", _("replaced by a later count")
