"""Payments for a winning project. Each payment is also an expenditure of the programme
measure in force on its date, written in the same transaction, so the programme's actual
money is computed from the payments and never typed twice."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.implementation.models import ImplementationRecord, Payment
from hromada.implementation.selectors import paid_total, payment_measure
from hromada.implementation.services.records import lock
from hromada.programmes.enums import FundingSource
from hromada.programmes.services.expenditures import record_expenditure
from hromada.programmes.templatetags.programmes_format import uah

CENT = Decimal("0.01")
DOCUMENT_LENGTH = 60


def _check(paid_on: date, amount: Decimal, now: datetime | None) -> None:
    errors = {}
    if paid_on > timezone.localdate(now):
        errors["paid_on"] = _("A payment cannot be dated in the future.")
    if amount <= 0 or amount != amount.quantize(CENT):
        errors["amount"] = _("The amount must be more than zero, in hryvnias and kopecks.")
    if errors:
        raise ValidationError(errors, code="invalid")


def record_payment(
    record: ImplementationRecord,
    *,
    actor: User,
    paid_on: date,
    amount: Decimal,
    document: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> Payment:
    """Record a payment. When all payments together would exceed the contract sum (or the
    estimate while there is no contract), the reason is required."""
    amount = Decimal(amount)
    _check(paid_on, amount, now)
    reason = reason.strip()
    document = " ".join(document.split())
    if len(document) > DOCUMENT_LENGTH:
        raise ValidationError(
            {
                "document": _("At most %(count)s characters.") % {"count": DOCUMENT_LENGTH},
            }
        )
    with transaction.atomic():
        record = lock(record)
        edition = record.project.edition
        measure = payment_measure(edition, paid_on)
        if measure is None:
            raise ValidationError(
                {
                    "paid_on": _(
                        "No council programme is in force on %(date)s; a payment must count "
                        "against a measure of the programme in force on its date. Ask the "
                        "programme coordinator to add the programme that covers this date."
                    )
                    % {"date": date_format(paid_on, "SHORT_DATE_FORMAT")}
                },
                code="no_programme_in_force",
            )
        total = paid_total(record) + amount
        limit = record.contract_sum if record.contract_sum is not None else record.estimate
        if total > limit and not reason:
            message = (
                _(
                    "With this payment the project would be paid %(total)s, more than the "
                    "contract sum of %(limit)s. Say why, or correct the amount."
                )
                if record.contract_sum is not None
                else _(
                    "With this payment the project would be paid %(total)s, more than the "
                    "estimate of %(limit)s. Say why, or correct the amount."
                )
            )
            raise ValidationError(
                {"reason": message % {"total": uah(total), "limit": uah(limit)}},
                code="over_contract",
            )
        project = record.project
        label = f"№ {project.number} {project.title}" if project.number else project.title
        expenditure = record_expenditure(
            measure,
            paid_on,
            amount,
            FundingSource.COMMUNITY_BUDGET,
            " ".join(part for part in (label, document) if part),
            actor=actor,
        )
        payment = Payment.objects.create(
            record=record,
            paid_on=paid_on,
            amount=amount,
            document=document,
            measure=measure,
            expenditure=expenditure,
            over_contract_reason=reason if total > limit else "",
            recorded_by=actor,
        )
        log_activity(
            actor=actor,
            action="implementation.payment.recorded",
            target=record,
            after={
                "payment": payment.pk,
                "paid_on": paid_on,
                "amount": amount,
                "document": document,
                "measure": measure.pk,
                "paid_in_all": total,
            },
            reason=payment.over_contract_reason,
        )
    return payment
