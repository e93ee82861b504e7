"""Demo editions of the participatory budget, built through the services: the closed
2024 edition of Zdolbuniv and a current one whose phase dates are re-anchored to today
on every run. Projects are created once; a second run changes nothing else."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from hromada.accounts.enums import IdentityProvider, ResidencyBasis, SettlementKind
from hromada.accounts.identity.demo_residents import DEMO_SETTLEMENTS
from hromada.accounts.identity.person_key import demo_person_key
from hromada.accounts.identity.taxpayer import taxpayer_check_digit
from hromada.accounts.models import Department, Settlement, User, VerifiedIdentity
from hromada.accounts.services import establish_identity
from hromada.budget.demo_data import AUTHORS, PROJECTS
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.estimate import Line
from hromada.budget.models import Edition, Project
from hromada.budget.services import (
    accept_for_review,
    add_paper_support,
    file_appeal,
    give_opinion,
    propose_cost_correction,
    record_decision,
    request_revision,
    return_for_fixes,
    save_category,
    save_edition,
    save_phase,
    save_pool,
    save_territory,
    set_estimate,
    start_project,
    submit_project,
    update_project,
    withdraw_project,
)
from hromada.programmes.models import Measure

S = ProjectState
REGION = "Рівненська обл., Рівненський р-н, Здолбунівська міська територіальна громада"
CATEGORIES = [
    ("green", "Благоустрій і довкілля", "Public spaces and environment"),
    ("sport", "Спорт і здоров'я", "Sport and health"),
    ("education", "Освіта і культура", "Education and culture"),
    ("safety", "Безпека і транспорт", "Safety and transport"),
    ("social", "Соціальний захист та інклюзія", "Social protection and inclusion"),
]
POOLS = [
    ("small", "Малі проєкти міста", "Small town projects", "450000", "0", "100000", None),
    ("large", "Великі проєкти міста", "Large town projects", "300000", "100000.01", "300000", None),
    (
        "villages",
        "Проєкти старостинських округів",
        "Village district projects",
        "250000",
        "0",
        "90000",
        "villages",
    ),
]
# What happens to each project of an edition, in order (the 2024 one is closed).
PAST_STATES = [S.ADMITTED] * 9 + [S.REJECTED, "appeal_dismissed", "appeal_upheld", S.WITHDRAWN]
# The current edition is in its voting phase: what is on the ballot was admitted, the
# rest was rejected, withdrawn or never submitted.
CURRENT_STATES = [
    S.ADMITTED,
    S.ADMITTED,
    S.ADMITTED,
    S.ADMITTED,
    S.ADMITTED,
    S.REJECTED,
    S.ADMITTED,
    S.ADMITTED,
    S.ADMITTED,
    "appeal_upheld",
    S.ADMITTED,
    S.WITHDRAWN,
    S.ADMITTED,
    "appeal_dismissed",
    S.ADMITTED,
    S.ADMITTED,
    S.DRAFT,
]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _phases(submission_start: date, last_day: date) -> dict[str, tuple[date, date]]:
    s = submission_start
    return {
        PhaseKind.INFORMATION: (s - timedelta(days=30), s - timedelta(days=1)),
        PhaseKind.SUBMISSION: (s, s + timedelta(days=30)),
        PhaseKind.REVIEW: (s + timedelta(days=5), s + timedelta(days=70)),
        PhaseKind.APPEALS: (s + timedelta(days=40), s + timedelta(days=77)),
        PhaseKind.ADMITTED_LIST: (s + timedelta(days=78), s + timedelta(days=85)),
        PhaseKind.VOTING: (s + timedelta(days=86), s + timedelta(days=106)),
        PhaseKind.RESULTS: (s + timedelta(days=107), s + timedelta(days=130)),
        PhaseKind.IMPLEMENTATION: (s + timedelta(days=131), last_day),
    }


def _edition(slug: str, year: int, submission_start: date) -> tuple[Edition, bool]:
    """The edition with its regulation; True when it was created by this call."""
    existing = Edition.objects.filter(slug=slug).first()
    dates = _phases(submission_start, date(year + 1, 12, 31))
    if existing is not None:
        for phase in existing.phases.all():
            starts_on, ends_on = dates[phase.kind]
            save_phase(
                actor=None, edition=existing, phase=phase, starts_on=starts_on, ends_on=ends_on
            )
        return existing, False
    measure = Measure.objects.filter(
        task__number="1.5", task__direction__programme__slug="zdolbuniv-2024"
    ).first()
    edition = save_edition(
        actor=None,
        slug=slug,
        year=year,
        title_uk=f"Громадський бюджет Здолбунівської громади {year}",
        title_en=f"Zdolbuniv participatory budget {year}",
        total_amount=Decimal("1000000.00"),
        council_decision_number="1955" if year == 2024 else "",
        council_decision_date=date(2023, 12, 21) if year == 2024 else None,
        measure=measure,
        supporters_required=5,
        residency_bases=[ResidencyBasis.REGISTERED, ResidencyBasis.IDP],
        accepts_self_declaration=True,
        votes_per_voter=3,
        votes_scope="total",
    )
    settlements = {code: Settlement.objects.get(code=code) for code, *_rest in DEMO_SETTLEMENTS}
    town = [s for s in settlements.values() if s.kind == SettlementKind.CITY]
    villages = [s for s in settlements.values() if s.kind != SettlementKind.CITY]
    territories = {
        "town": save_territory(
            actor=None,
            edition=edition,
            code="town",
            name_uk="Місто Здолбунів",
            name_en="Zdolbuniv town",
            settlements=town,
            position=1,
        ),
        "villages": save_territory(
            actor=None,
            edition=edition,
            code="villages",
            name_uk="Старостинські округи",
            name_en="Village districts",
            settlements=villages,
            position=2,
        ),
    }
    for position, (code, name_uk, name_en, amount, low, high, territory) in enumerate(
        POOLS, start=1
    ):
        save_pool(
            actor=None,
            edition=edition,
            code=code,
            name_uk=name_uk,
            name_en=name_en,
            amount=Decimal(amount),
            min_project_cost=Decimal(low),
            max_project_cost=Decimal(high),
            territory=territories[territory] if territory else None,
            position=position,
        )
    for position, (code, name_uk, name_en) in enumerate(CATEGORIES, start=1):
        save_category(
            actor=None,
            edition=edition,
            code=code,
            name_uk=name_uk,
            name_en=name_en,
            position=position,
        )
    for kind, (starts_on, ends_on) in dates.items():
        save_phase(actor=None, edition=edition, kind=kind, starts_on=starts_on, ends_on=ends_on)
    return save_edition(actor=None, edition=edition, is_published=True), True


def _authors() -> list[User]:
    today = timezone.localdate()
    users = []
    for number, (family, given, patronymic, age, address) in enumerate(AUTHORS, start=1):
        key = demo_person_key(f"budget-author-{number}")
        identity = VerifiedIdentity.objects.filter(person_key=key).select_related("user").first()
        if identity is not None:
            users.append(identity.user)
            continue
        born = today.replace(year=today.year - age) - timedelta(days=40 + number)
        users.append(
            establish_identity(
                provider=IdentityProvider.DEMO,
                person_key=key,
                family_name=family,
                given_name=given,
                patronymic=patronymic,
                birth_date=born,
                address_text=f"{REGION}, {address}",
                request_user=None,
                email="",  # background characters: no e-mail is sent to them
            )
        )
    return users


def _taxpayer_number(number: int) -> str:
    born = date(1960, 1, 1) + timedelta(days=number * 97)
    first_nine = f"{(born - date(1899, 12, 31)).days:05d}{number % 10000:04d}"
    return first_nine + str(taxpayer_check_digit(first_nine))


# Zdolbuniv's centre; demo projects are placed around it so that the maps show them.
TOWN_CENTRE = (Decimal("50.5070"), Decimal("26.2520"))


def _demo_point(title: str, in_villages: bool) -> tuple[Decimal, Decimal]:
    """A stable, fictional point near the town (farther out for the villages)."""
    digest = hashlib.sha256(title.encode()).digest()
    spread = Decimal("0.06") if in_villages else Decimal("0.012")
    north = (Decimal(digest[0]) / 255 - Decimal("0.5")) * spread
    east = (Decimal(digest[1]) / 255 - Decimal("0.5")) * spread * 2
    return (
        (TOWN_CENTRE[0] + north).quantize(Decimal("0.000001")),
        (TOWN_CENTRE[1] + east).quantize(Decimal("0.000001")),
    )


def _project(edition: Edition, author: User, spec: Any, now: datetime) -> Project:
    title, pool, category, territory, place, summary, lines = spec
    latitude, longitude = _demo_point(title, territory == "villages")
    project = start_project(author=author, edition=edition, now=now)
    settlement = "с." if territory == "villages" else "м. Здолбунів,"
    project = update_project(
        project=project,
        actor=author,
        now=now,
        title=title,
        summary=summary,
        problem=f"Зараз: {summary[0].lower()}{summary[1:]} Цього бракує мешканцям.",
        aim="Зробити громадський простір зручнішим і безпечнішим для всіх.",
        solution=summary,
        plan="Технічне завдання, закупівля через Prozorro, встановлення, приймання робіт.",
        results="Результат відкритий для всіх мешканців безкоштовно.",
        beneficiaries="Мешканці громади, діти, молодь і люди старшого віку.",
        pool=edition.pools.get(code=pool),
        category=edition.categories.get(code=category),
        territory=edition.territories.get(code=territory),
        address=place if place.startswith("с.") else f"{settlement} {place}",
        latitude=latitude,
        longitude=longitude,
        author_residency_basis=ResidencyBasis.REGISTERED,
        declares_authorship=True,
        consents_to_processing=True,
        publishes_author_name=len(title) % 2 == 0,
        confirms_public_result=True,
    )
    return set_estimate(
        project=project,
        actor=author,
        now=now,
        lines=[Line(name, unit, quantity, price) for name, unit, quantity, price in lines],
        contingency_percent=Decimal("0"),
        vat_percent=Decimal("0"),
    )


def _lifecycle(
    project: Project,
    target: str,
    staff: dict[str, User],
    clock: Callable[[int], datetime],
    supports: list[int],
) -> None:
    """Drive the project to `target` through the review services."""
    author = project.author
    if target == S.DRAFT:
        return
    project = submit_project(project=project, actor=author, now=clock(0))
    if target == S.SUBMITTED:
        return
    if target == S.RETURNED:
        return_for_fixes(
            project=project,
            actor=staff["coordinator"],
            fixes="Додайте фото місця та уточніть адресу.",
            now=clock(2),
        )
        return
    departments = [Department.objects.get(code="housing")]
    if project.category and project.category.code == "education":
        departments.append(Department.objects.get(code="education"))
    project = accept_for_review(
        project=project, actor=staff["coordinator"], departments=departments, now=clock(3)
    )
    for _ in range(settings_supporters(project)):
        supports[0] += 1
        add_paper_support(
            project=project,
            operator=staff["desk"],
            full_name=f"Підтримувач {supports[0]}",
            document_kind="rnokpp",
            document_number=_taxpayer_number(supports[0]),
            birth_year=(date(1960, 1, 1) + timedelta(days=supports[0] * 97)).year,
            settlement=Settlement.objects.get(code="DEMO-ZDOLBUNIV"),
            has_signature=True,
            now=clock(4),
        )
    if target == S.WITHDRAWN:
        withdraw_project(
            project=project,
            actor=author,
            reason="Проєкт реалізують за кошти спонсора.",
            now=clock(5),
        )
        return
    if target == S.IN_REVIEW:
        return
    assignments = list(project.assignments.select_related("department"))
    if target == "correction":
        first = assignments[0]
        items = list(project.cost_items.all())
        propose_cost_correction(
            assignment=first,
            reviewer=staff["reviewer"],
            lines=[
                Line(
                    i.name,
                    i.unit,
                    i.quantity,
                    (i.unit_price * Decimal("1.08")).quantize(Decimal("0.01")),
                )
                for i in items
            ],
            contingency_percent=Decimal("0"),
            vat_percent=Decimal("0"),
            explanation="Ціни уточнено за даними Prozorro за останні пів року (+8 %).",
            now=clock(6),
        )
        return
    if target == S.REVISION_REQUESTED:
        request_revision(
            project=project,
            actor=staff["coordinator"],
            text="Уточніть, хто доглядатиме об'єкт після встановлення.",
            now=clock(6),
        )
        return
    negative = target in {S.REJECTED, S.APPEALED, "appeal_dismissed", "appeal_upheld"}
    for assignment in assignments:
        give_opinion(
            assignment=assignment,
            reviewer=staff["reviewer"],
            conclusion="negative" if negative else "positive",
            reason_code="not_communal_land" if negative else "",
            opinion="Земельна ділянка не є комунальною власністю."
            if negative
            else "Реалізація можлива в межах бюджетного року; кошторис реалістичний.",
            internal_note="Перевірено за даними кадастру.",
            now=clock(7),
        )
    if target == S.REVIEWED:
        return
    decision: dict[str, Any] = {
        "protocol_number": "3",
        "protocol_date": timezone.localdate(clock(9)),
        "members_present": 7,
        "votes_for": 6,
        "votes_against": 1,
        "now": clock(9),
    }
    if not negative:
        record_decision(
            project=project,
            actor=staff["commission"],
            kind="admit",
            text="Проєкт відповідає Положенню.",
            **decision,
        )
        return
    record_decision(
        project=project,
        actor=staff["commission"],
        kind="reject",
        reason_code="not_communal_land",
        text="Ділянка перебуває у приватній власності.",
        **decision,
    )
    if target == S.REJECTED:
        return
    project = Project.objects.get(pk=project.pk)
    file_appeal(
        project=project,
        author=author,
        text="Ділянка передана громаді рішенням сесії; додаю витяг.",
        now=clock(10),
    )
    if target == S.APPEALED:
        return
    upheld = target == "appeal_upheld"
    record_decision(
        project=Project.objects.get(pk=project.pk),
        actor=staff["commission"],
        kind="admit" if upheld else "reject",
        reason_code="" if upheld else "not_communal_land",
        text="Скаргу задоволено: ділянка комунальна."
        if upheld
        else "Скаргу відхилено: витяг не підтверджує права громади.",
        **{
            **decision,
            "protocol_number": "4",
            "protocol_date": timezone.localdate(clock(12)),
            "now": clock(12),
        },
    )


def settings_supporters(project: Project) -> int:
    return project.edition.supporters_required + project.pk % 3


def _fill(
    edition: Edition,
    specs: list[Any],
    states: list[str],
    clock: Callable[[int], datetime],
    authors: list[User],
    staff: dict[str, User],
    supports: list[int],
) -> int:
    # Authors old enough in the edition's year (one demo author is 17 today).
    old_enough = [
        user
        for user, (*_names, age, _address) in zip(authors, AUTHORS, strict=True)
        if age - (timezone.localdate().year - edition.year) >= edition.author_min_age
    ]
    town_authors = [user for user in old_enough if user in authors[:7]]
    village_authors = [user for user in old_enough if user in authors[7:]]
    for index, (spec, target) in enumerate(zip(specs, states, strict=True)):
        pool = spec[1]
        group = village_authors if pool == "villages" else town_authors
        author = group[index % len(group)]
        project = _project(edition, author, spec, clock(-5 + index % 5))
        shift = index % 3

        def project_clock(offset: int, shift: int = shift) -> datetime:
            return clock(offset + shift)

        _lifecycle(project, target, staff, project_clock, supports)
    return len(specs)


def seed_budget(staff_emails: dict[str, str]) -> list[str]:
    """Create the demo editions (idempotent)."""
    today = timezone.localdate()
    staff = {role: User.objects.get(email=email) for role, email in staff_emails.items()}
    log = []
    with transaction.atomic():
        authors = _authors()
        supports = [Project.objects.count() * 10]
        past, created = _edition("2024", 2024, date(2024, 3, 1))
        if created:
            count = _fill(
                past,
                PROJECTS[: len(PAST_STATES)],
                PAST_STATES,
                lambda day: _at(date(2024, 3, 12) + timedelta(days=day * 2)),
                authors,
                staff,
                supports,
            )
            log.append(f"budget 2024: {count} projects")
        # The current edition: submission began 89 days ago, so voting opened three days
        # ago (86 days after the submission began) and lasts until day 106.
        year = today.year
        start = today - timedelta(days=89)
        current, created = _edition(str(year), year, start)
        if created:
            count = _fill(
                current,
                PROJECTS[len(PAST_STATES) :],
                CURRENT_STATES,
                lambda day: _at(start + timedelta(days=11 + day * 2)),
                authors,
                staff,
                supports,
            )
            log.append(f"budget {year}: {count} projects")
        else:
            log.append(f"budget {year}: phase dates re-anchored to today")
    return log
