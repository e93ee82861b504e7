"""Editions with a consistent regulation, built through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hromada.accounts.enums import (
    IdentityProvider,
    ResidencyBasis,
    ResidencyMethod,
    ResidencyStatus,
    SettlementKind,
)
from hromada.accounts.identity.person_key import demo_person_key, person_key_for_taxpayer_number
from hromada.accounts.models import ResidencyClaim, Settlement, User, VerifiedIdentity
from hromada.budget.enums import PhaseKind
from hromada.budget.models import Edition
from hromada.budget.services import (
    save_category,
    save_edition,
    save_phase,
    save_pool,
    save_territory,
)


def settlement(code: str = "UA56020090010", name: str = "Здолбунів", **fields: Any) -> Settlement:
    found, _created = Settlement.objects.get_or_create(
        code=code,
        defaults={"name_uk": name, "kind": fields.pop("kind", SettlementKind.CITY), **fields},
    )
    return found


def phase_dates(submission_start: date) -> dict[str, tuple[date, date]]:
    """A year laid out like Zdolbuniv's: a month of submission, then review, appeals,
    the admitted list, three weeks of voting, results and implementation."""
    start = submission_start
    return {
        PhaseKind.INFORMATION: (start - timedelta(days=30), start - timedelta(days=1)),
        PhaseKind.SUBMISSION: (start, start + timedelta(days=30)),
        PhaseKind.REVIEW: (start + timedelta(days=1), start + timedelta(days=60)),
        PhaseKind.APPEALS: (start + timedelta(days=40), start + timedelta(days=67)),
        PhaseKind.ADMITTED_LIST: (start + timedelta(days=68), start + timedelta(days=75)),
        PhaseKind.VOTING: (start + timedelta(days=76), start + timedelta(days=96)),
        PhaseKind.RESULTS: (start + timedelta(days=97), start + timedelta(days=120)),
        PhaseKind.IMPLEMENTATION: (start + timedelta(days=121), date(start.year + 1, 12, 31)),
    }


def make_edition(
    *,
    slug: str | None = None,
    year: int | None = None,
    submission_start: date | None = None,
    published: bool = True,
    actor: Any = None,
    **settings: Any,
) -> Edition:
    """Town pools of 600 000 + 300 000 and a village pool of 100 000 (1 000 000 in all),
    two categories, a town and a village territory, all eight phases. By default the
    submission starts in ten days, so nothing is frozen yet.
    """
    start = submission_start or timezone.localdate() + timedelta(days=10)
    year = year or start.year
    slug = slug or str(year)
    settings.setdefault("total_amount", Decimal("1000000.00"))
    edition = save_edition(
        actor=actor,
        slug=slug,
        year=year,
        title_uk=f"Громадський бюджет {slug}",
        title_en=f"Participatory budget {slug}",
        **settings,
    )
    save_territory(
        actor=actor,
        edition=edition,
        code="town",
        name_uk="Місто Здолбунів",
        settlements=[settlement()],
    )
    villages = save_territory(
        actor=actor,
        edition=edition,
        code="villages",
        name_uk="Старостинські округи",
        settlements=[settlement("UA56020090020", "Богдашів", kind=SettlementKind.VILLAGE)],
    )
    save_pool(
        actor=actor,
        edition=edition,
        code="small",
        name_uk="Малі проєкти",
        amount=Decimal("600000.00"),
        max_project_cost=Decimal("100000.00"),
        position=1,
    )
    save_pool(
        actor=actor,
        edition=edition,
        code="large",
        name_uk="Великі проєкти",
        amount=Decimal("300000.00"),
        min_project_cost=Decimal("100000.01"),
        max_project_cost=Decimal("300000.00"),
        position=2,
    )
    save_pool(
        actor=actor,
        edition=edition,
        code="villages",
        name_uk="Села громади",
        amount=Decimal("100000.00"),
        max_project_cost=Decimal("50000.00"),
        territory=villages,
        position=3,
    )
    save_category(
        actor=actor, edition=edition, code="sport", name_uk="Спорт і здоров'я", position=1
    )
    save_category(
        actor=actor, edition=edition, code="green", name_uk="Благоустрій і довкілля", position=2
    )
    for kind, (starts_on, ends_on) in phase_dates(start).items():
        save_phase(actor=actor, edition=edition, kind=kind, starts_on=starts_on, ends_on=ends_on)
    if published:
        edition = save_edition(actor=actor, edition=edition, is_published=True)
    return edition


def make_resident(
    *,
    birth_date: date = date(1990, 5, 17),
    settlement_code: str = "UA56020090010",
    basis: str = ResidencyBasis.REGISTERED,
    method: str = ResidencyMethod.PROVIDER_ADDRESS,
    taxpayer_number: str | None = None,
    **user_fields: Any,
) -> User:
    """A verified resident with a confirmed residency (as if signed in through
    id.gov.ua with a matching address)."""
    from tests.factories.accounts import make_user

    user = make_user(**user_fields)
    key = (
        person_key_for_taxpayer_number(taxpayer_number)
        if taxpayer_number
        else demo_person_key(f"test-{user.pk}")
    )
    identity = VerifiedIdentity.objects.create(
        user=user,
        person_key=key,
        provider=IdentityProvider.ID_GOV_UA,
        family_name="Тестенко",
        given_name=user.full_name.split()[0],
        birth_date=birth_date,
    )
    ResidencyClaim.objects.create(
        identity=identity,
        basis=basis,
        method=method,
        settlement=Settlement.objects.filter(code=settlement_code).first()
        or settlement(settlement_code),
        status=ResidencyStatus.APPROVED,
    )
    return user


def open_edition(**settings: Any) -> Edition:
    """An edition whose submission and support collection opened two days ago."""
    return make_edition(submission_start=timezone.localdate() - timedelta(days=2), **settings)


def fill_application(project: Any, author: User, **overrides: Any) -> Any:
    """Every field of the application, a two-line estimate of 54 000 UAH in the small
    pool, through the services."""
    from hromada.budget.estimate import Line
    from hromada.budget.services import set_estimate, update_project

    edition = project.edition
    values: dict[str, Any] = {
        "title": "Лавки та ліхтарі у сквері на Шевченка",
        "summary": "Встановити лавки та сонячні ліхтарі у сквері.",
        "problem": "У сквері темно і ніде сісти.",
        "aim": "Зробити сквер безпечним і зручним.",
        "solution": "Купити і встановити 10 лавок та 4 ліхтарі.",
        "plan": "Закупівля через Prozorro, монтаж, благоустрій.",
        "results": "Освітлений сквер з лавками, відкритий для всіх.",
        "beneficiaries": "Мешканці району, близько 3 000 осіб.",
        "pool": edition.pools.get(code="small"),
        "category": edition.categories.get(code="green"),
        "territory": edition.territories.get(code="town"),
        "address": "м. Здолбунів, вул. Шевченка, 5",
        "author_residency_basis": ResidencyBasis.REGISTERED,
        "declares_authorship": True,
        "consents_to_processing": True,
        "publishes_author_name": True,
        "confirms_public_result": True,
    }
    values.update(overrides)
    project = update_project(project=project, actor=author, **values)
    return set_estimate(
        project=project,
        actor=author,
        lines=[
            Line("Лавка паркова", "шт.", Decimal("10"), Decimal("3500.00")),
            Line("Ліхтар на сонячній батареї", "шт.", Decimal("4"), Decimal("4750.00")),
        ],
        contingency_percent=Decimal("0"),
        vat_percent=Decimal("0"),
    )


def taxpayer_number(born: date, serial: str = "0123") -> str:
    """A valid (fictional) taxpayer number for a birth date: five digits of days since
    31.12.1899, four serial digits, the check digit."""
    from hromada.accounts.identity.taxpayer import taxpayer_check_digit

    first_nine = f"{(born - date(1899, 12, 31)).days:05d}{serial}"
    return first_nine + str(taxpayer_check_digit(first_nine))


def submitted_project(edition: Edition, author: User | None = None, **overrides: Any) -> Any:
    from hromada.budget.services import start_project, submit_project

    author = author or make_resident()
    project = fill_application(start_project(author=author, edition=edition), author, **overrides)
    return submit_project(project=project, actor=author)
