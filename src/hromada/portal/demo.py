"""Demo data for the whole platform, built through the same services as real data."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from hromada.accounts.demo import ensure_demo_accounts, require_demo_mode
from hromada.accounts.models import User
from hromada.budget.demo import seed_budget
from hromada.budget.models import Edition
from hromada.implementation.demo import seed_implementation
from hromada.implementation.evaluation.demo import seed_evaluation
from hromada.portal.demo_campaign import seed_campaign
from hromada.programmes.enums import FundingSource
from hromada.programmes.models import Measure, Programme
from hromada.programmes.services import load_programme_file, set_planned_amount
from hromada.voting.demo import seed_voting

PROGRAMME_FILE = Path(__file__).resolve().parents[1] / "programmes" / "data" / "zdolbuniv-2024.yaml"
PROGRAMME_SLUG = "zdolbuniv-2024"
PAST_EDITION = "2024"

# Illustrative planned amounts (UAH) per task of the 2024 programme. The real figures are
# in an unpublished appendix; every amount created here is flagged `is_illustrative`.
ILLUSTRATIVE_AMOUNTS = {
    "1.1": "50000.00",
    "1.2": "10000.00",
    "1.3": "10000.00",
    "1.4": "30000.00",
    "1.5": "1500000.00",
    "2.1": "20000.00",
    "2.2": "5000.00",
    "2.3": "5000.00",
    "2.4": "600000.00",
    "2.5": "15000.00",
    "3.1": "400000.00",
    "3.2": "120000.00",
    "3.3": "150000.00",
    "3.4": "10000.00",
    "3.5": "20000.00",
    "3.6": "80000.00",
    "3.7": "40000.00",
    "3.8": "30000.00",
}


def seed_demo() -> list[str]:
    """Load everything the demo shows; a second run changes nothing. Returns a log."""
    require_demo_mode()
    log: list[str] = []
    summary = load_programme_file(PROGRAMME_FILE)
    log.append(f"programme: {summary}")
    with transaction.atomic():
        programme = Programme.objects.get(slug=PROGRAMME_SLUG)
        added = 0
        measures = Measure.objects.filter(task__direction__programme=programme).select_related(
            "task"
        )
        for measure in measures:
            amount = ILLUSTRATIVE_AMOUNTS.get(measure.task.number)
            if amount is None or measure.planned_amounts.exists():
                continue
            set_planned_amount(
                actor=None,
                measure=measure,
                year=programme.starts_on.year,
                source=FundingSource.COMMUNITY_BUDGET,
                amount=Decimal(amount),
                is_illustrative=True,
            )
            added += 1
        log.append(f"illustrative planned amounts added: {added}")
    users = ensure_demo_accounts()
    log.append(f"demo accounts: {len(users)}")
    staff = {
        "coordinator": "coordinator@example.org",
        "commission": "commission@example.org",
        "desk": "desk@example.org",
        "reviewer": "reviewer@example.org",
        "officer": "officer@example.org",
    }
    log.extend(seed_budget(staff))
    log.extend(seed_voting(staff))
    # The closed 2024 edition goes on into delivery and evaluation.
    past = Edition.objects.filter(slug=PAST_EDITION).first()
    if past is not None:
        people = {role: User.objects.get(email=email) for role, email in staff.items()}
        log.extend(seed_implementation(past, people))
        log.extend(seed_evaluation(past, moderator=people["coordinator"]))
    seed_campaign(Edition.objects.all())
    log.append("information campaign: announcements and pages")
    return log
