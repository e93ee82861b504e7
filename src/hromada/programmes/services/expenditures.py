"""Money actually spent on a programme measure. The parts of the platform that pay (a
budget project's payment, later contest grants) record each payment here, so a measure's
actual money is the sum of its expenditures and is never typed twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.programmes.enums import FundingSource
from hromada.programmes.models import Expenditure, Measure, Programme

CENT = Decimal("0.01")
DESCRIPTION_LENGTH = 300


def programme_in_force(programme: Programme, on: date) -> bool:
    return programme.starts_on <= on <= programme.ends_on


def record_expenditure(
    measure: Measure,
    spent_on: date,
    amount: Decimal,
    source: str,
    description: str,
    *,
    actor: User | None = None,
) -> Expenditure:
    """Write one expenditure of `measure`. The measure's programme must be in force on
    `spent_on`: money of a day outside the programme's period belongs to another
    programme. Call it inside the transaction of the payment it records."""
    programme = measure.task.direction.programme
    if not programme_in_force(programme, spent_on):
        raise ValidationError(
            {
                "spent_on": _(
                    "The programme “%(programme)s” is in force from %(start)s to %(end)s; "
                    "money spent on %(date)s cannot be counted against it."
                )
                % {
                    "programme": programme.title,
                    "start": date_format(programme.starts_on, "SHORT_DATE_FORMAT"),
                    "end": date_format(programme.ends_on, "SHORT_DATE_FORMAT"),
                    "date": date_format(spent_on, "SHORT_DATE_FORMAT"),
                }
            },
            code="programme_not_in_force",
        )
    amount = Decimal(amount)
    if amount <= 0 or amount != amount.quantize(CENT):
        raise ValidationError(
            {"amount": _("The amount must be more than zero, in hryvnias and kopecks.")},
            code="amount",
        )
    if source not in FundingSource.values:
        raise ValidationError(
            {"source": _("Unknown funding source: %(codes)s.") % {"codes": source}},
            code="source",
        )
    description = " ".join(description.split())
    if not description:
        raise ValidationError({"description": _("Say what the money was spent on.")})
    with transaction.atomic():
        expenditure = Expenditure.objects.create(
            measure=measure,
            spent_on=spent_on,
            amount=amount,
            source=source,
            description=description[:DESCRIPTION_LENGTH],
        )
        log_activity(
            actor=actor,
            action="programmes.expenditure.recorded",
            target=measure,
            after={
                "expenditure": expenditure.pk,
                "spent_on": spent_on,
                "amount": amount,
                "source": source,
            },
        )
    return expenditure
