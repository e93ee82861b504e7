"""Role × URL matrix: every staff URL, every role (and every scoped role scoped
elsewhere), anonymous included. Expected outcomes are written out here, independently
of the rules they check:

- anonymous → redirect to sign in;
- a role without the capability → 403;
- a role with the capability but scoped to another department / programme → 404;
- a role that may use the URL → the page (GET 200) or a processed POST (not 403/404).

A denied request must change nothing in the database.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation
from PIL import Image

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, Membership
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.models import (
    Attachment,
    CostItem,
    Edition,
    NonWorkingDay,
    Project,
    ReviewAssignment,
)
from hromada.core.models import ActivityLog
from hromada.implementation.enums import CommentState, PhotoKind, QuestionKind
from hromada.implementation.models import (
    ImplementationRecord,
    Rating,
    Survey,
    SurveyQuestion,
)
from hromada.implementation.services import post_update
from hromada.programmes.models import (
    Direction,
    Indicator,
    Measure,
    PlannedAmount,
    Programme,
    Task,
)
from hromada.voting.enums import SnapshotStatus
from hromada.voting.models import ResultsSnapshot, SnapshotFile
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.identity import make_proof_claim
from tests.factories.portal import make_news_item, make_page

ALL_STAFF = {role.value for role in Role if role != Role.RESIDENT}


@dataclass(frozen=True)
class Actor:
    key: str
    role: str | None  # None = anonymous
    elsewhere: bool = False  # scoped to the *other* department / programme


ACTORS = [
    Actor("anonymous", None),
    Actor("resident", Role.RESIDENT),
    *[Actor(role.value, role.value) for role in Role if role != Role.RESIDENT],
    Actor("reviewer@elsewhere", Role.REVIEWER, elsewhere=True),
    Actor("department_officer@elsewhere", Role.DEPARTMENT_OFFICER, elsewhere=True),
    Actor("programme_coordinator@elsewhere", Role.PROGRAMME_COORDINATOR, elsewhere=True),
    Actor("budget_coordinator@elsewhere", Role.BUDGET_COORDINATOR, elsewhere=True),
    Actor("budget_commission_member@elsewhere", Role.BUDGET_COMMISSION_MEMBER, elsewhere=True),
    Actor("desk_operator@elsewhere", Role.DESK_OPERATOR, elsewhere=True),
]
EDITION_ROLES = {Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER, Role.DESK_OPERATOR}


@dataclass
class World:
    department: Department
    other_department: Department
    programme: Programme
    other_programme: Programme
    task: Task
    measure: Measure
    membership: Membership
    edition: Edition
    other_edition: Edition
    extra: dict[str, Any] = field(default_factory=dict)


def build_world() -> World:
    department = Department.objects.create(code="here", name_uk="Відділ тут", name_en="Here")
    other = Department.objects.create(code="elsewhere", name_uk="Відділ там", name_en="There")
    programmes = []
    for slug, coordinating in (("here-2024", department), ("there-2024", other)):
        programme = Programme.objects.create(
            slug=slug,
            title_uk=f"Програма {slug}",
            starts_on=date(2024, 1, 1),
            ends_on=date(2024, 12, 31),
            coordinating_department=coordinating,
        )
        direction = Direction.objects.create(programme=programme, number=1, title_uk="Напрям")
        task = Task.objects.create(
            direction=direction, number="1.1", position=1, title_uk="Завдання"
        )
        Measure.objects.create(
            task=task,
            number="1.1.1",
            position=1,
            title_uk="Захід",
            responsible_department=coordinating,
        )
        programmes.append(programme)
    task = Task.objects.get(direction__programme=programmes[0])
    measure = Measure.objects.get(task=task)
    holder = make_user(Role.AUDITOR, email="holder@example.com")
    membership = Membership.objects.get(user=holder)
    extra = {
        "planned_amount": PlannedAmount.objects.create(
            measure=measure, year=2024, source="community", amount=Decimal("100.00")
        ),
        "indicator": Indicator.objects.create(
            measure=measure, name_uk="Показник", unit_uk="од.", planned_value=Decimal("1")
        ),
    }
    edition = make_edition(slug="here", published=False)
    other_edition = make_edition(slug="there", published=False)
    extra["pool"] = edition.pools.get(code="small")
    extra["phase"] = edition.phases.get(kind=PhaseKind.INFORMATION)
    extra["non_working_day"] = NonWorkingDay.objects.create(
        day=date(2030, 1, 1), name_uk="Новий рік"
    )
    extra["residency_claim"] = make_proof_claim()
    extra.update(make_review_objects(edition, department))
    extra["snapshot"] = make_draft_count(edition, holder)
    extra.update(make_campaign_objects())
    extra.update(make_implementation_objects(extra["project"], department, holder))
    return World(
        department,
        other,
        programmes[0],
        programmes[1],
        task,
        measure,
        membership,
        edition,
        other_edition,
        extra,
    )


def make_campaign_objects() -> dict[str, Any]:
    return {"news_item": make_news_item(), "page": make_page()}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def make_implementation_objects(project: Project, department: Department, actor: Any) -> dict:
    """A record of the world's project delivered by `department`, with a public photo
    update, a survey of two questions and a rating whose comment awaits moderation."""
    record = ImplementationRecord.objects.create(
        project=project, department=department, estimate=project.total_cost
    )
    update = post_update(
        record,
        actor=actor,
        happened_on=date(2024, 8, 1),
        text="Фото до початку робіт",
        photos=[(io.BytesIO(_png()), PhotoKind.BEFORE, "Сквер до робіт")],
    )
    survey = Survey.objects.create(
        edition=project.edition, opens_on=date(2030, 1, 1), closes_on=date(2030, 2, 1)
    )
    question = SurveyQuestion.objects.create(
        survey=survey, position=1, text_uk="Як оцінюєте?", kind=QuestionKind.SCALE
    )
    SurveyQuestion.objects.create(
        survey=survey, position=2, text_uk="Що змінити?", kind=QuestionKind.TEXT
    )
    rating = Rating.objects.create(
        record=record,
        person_key="f" * 64,
        score=4,
        comment="Гарно",
        comment_state=CommentState.PENDING,
    )
    return {
        "record": record,
        "photo": update.photos.get(),
        "question": question,
        "rating": rating,
    }


def make_draft_count(edition: Edition, counted_by: Any) -> ResultsSnapshot:
    """A count awaiting the commission, with one published file."""
    snapshot = ResultsSnapshot.objects.create(
        edition=edition,
        sequence=1,
        status=SnapshotStatus.DRAFT,
        counted_at=timezone.now(),
        counted_by=counted_by,
        ballots_counted=0,
        checksum="0" * 64,
        outcome={
            "pools": [],
            "ballots": 0,
            "annulled": 0,
            "total_budget": "0.00",
            "total_used": "0.00",
        },
        statistics={
            "total": 0,
            "threshold": 5,
            "by_channel": [],
            "by_age_band": [],
            "by_territory": [],
            "by_day": [],
        },
    )
    SnapshotFile.objects.create(
        snapshot=snapshot, name="small.pb", content="META\n", sha256="0" * 64
    )
    return snapshot


def make_review_objects(edition: Edition, department: Department) -> dict[str, Any]:
    """A project under expert review by `department`, with an internal attachment."""
    author = make_user(email="author@example.com")
    project = Project.objects.create(
        edition=edition,
        author=author,
        number=1,
        state=ProjectState.IN_REVIEW,
        title="Сквер",
        pool=edition.pools.get(code="small"),
        total_cost=Decimal("10.00"),
    )
    CostItem.objects.create(
        project=project, name="Лавка", unit="шт.", quantity=Decimal("1"), unit_price=Decimal("10")
    )
    assignment = ReviewAssignment.objects.create(
        project=project,
        department=department,
        aspects=["feasibility"],
        deadline=timezone.now() + timedelta(days=10),
    )
    attachment = Attachment(
        project=project,
        original_name="кошторис.pdf",
        kind="pdf",
        size=9,
        is_public=False,
        uploaded_by=author,
    )
    attachment.file.save("estimate.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return {"project": project, "assignment": assignment, "attachment": attachment}


def make_actor(actor: Actor, world: World) -> Any:
    if actor.role is None:
        return None
    department = scope = None
    if actor.role in {Role.REVIEWER, Role.DEPARTMENT_OFFICER}:
        department = world.other_department if actor.elsewhere else world.department
    if actor.role == Role.PROGRAMME_COORDINATOR:
        scope = world.other_programme if actor.elsewhere else world.programme
    if actor.role in EDITION_ROLES:
        scope = world.other_edition if actor.elsewhere else world.edition
    return make_user(
        actor.role,
        department=department,
        scope=scope,
        email=f"{actor.key.replace('@', '.')}@example.com",
    )


@dataclass(frozen=True)
class Case:
    name: str
    allowed: frozenset[str]
    methods: tuple[str, ...] = ("get",)
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    # Roles that hold the capability but only within a scope: elsewhere → 404.
    scoped: frozenset[str] = frozenset()
    post_data: Callable[[World], dict[str, Any]] = lambda world: {}
    # What an allowed GET answers: the page, or (for a step that needs an earlier one,
    # such as the desk's ballot without a person identified) a redirect to that step.
    get_statuses: frozenset[int] = frozenset({200})


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


MEASURE_EDITORS = roles(Role.PROGRAMME_COORDINATOR, Role.ADMINISTRATOR)

CASES = [
    Case("portal:staff_dashboard", frozenset(ALL_STAFF)),
    Case("core:activity_log", roles(Role.AUDITOR, Role.ADMINISTRATOR)),
    Case("accounts:team_list", roles(Role.AUDITOR, Role.ADMINISTRATOR)),
    Case(
        "accounts:grant",
        roles(Role.ADMINISTRATOR),
        methods=("get", "post"),
        post_data=lambda world: {"email": "holder@example.com", "role": Role.COOPERATION_OFFICER},
    ),
    Case(
        "accounts:revoke",
        roles(Role.ADMINISTRATOR),
        methods=("post",),
        kwargs=lambda world: {"membership_id": world.membership.pk},
    ),
    Case(
        "accounts:department_list",
        roles(Role.AUDITOR, Role.ADMINISTRATOR, Role.REVIEWER, Role.DEPARTMENT_OFFICER),
    ),
    Case(
        "accounts:department_detail",
        roles(Role.AUDITOR, Role.ADMINISTRATOR, Role.REVIEWER, Role.DEPARTMENT_OFFICER),
        kwargs=lambda world: {"department_id": world.department.pk},
        scoped=roles(Role.REVIEWER, Role.DEPARTMENT_OFFICER),
    ),
    Case(
        "accounts:department_create",
        roles(Role.ADMINISTRATOR),
        methods=("get", "post"),
        post_data=lambda world: {"code": "new", "name_uk": "Новий відділ", "is_active": "on"},
    ),
    Case(
        "accounts:department_edit",
        roles(Role.ADMINISTRATOR),
        methods=("get", "post"),
        kwargs=lambda world: {"department_id": world.department.pk},
        post_data=lambda world: {"code": "here", "name_uk": "Перейменований", "is_active": "on"},
    ),
    Case(
        "programmes:staff_overview",
        roles(Role.PROGRAMME_COORDINATOR, Role.AUDITOR, Role.ADMINISTRATOR),
    ),
    Case(
        "programmes:staff_measure_edit",
        MEASURE_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"measure_id": world.measure.pk},
        scoped=roles(Role.PROGRAMME_COORDINATOR),
        post_data=lambda world: {
            "title_uk": "Змінений захід",
            "responsible_department": world.department.pk,
            "funding_sources": ["community"],
        },
    ),
    Case(
        "programmes:staff_measure_create",
        MEASURE_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"task_id": world.task.pk},
        scoped=roles(Role.PROGRAMME_COORDINATOR),
        post_data=lambda world: {
            "title_uk": "Новий захід",
            "responsible_department": world.department.pk,
        },
    ),
    Case(
        "programmes:staff_planned_amounts",
        MEASURE_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"measure_id": world.measure.pk},
        scoped=roles(Role.PROGRAMME_COORDINATOR),
        post_data=lambda world: {"year": "2024", "source": "state", "amount": "10.00"},
    ),
    Case(
        "programmes:staff_planned_amount_remove",
        MEASURE_EDITORS,
        methods=("post",),
        kwargs=lambda world: {
            "measure_id": world.measure.pk,
            "amount_id": world.extra["planned_amount"].pk,
        },
        scoped=roles(Role.PROGRAMME_COORDINATOR),
    ),
    Case(
        "programmes:staff_indicators",
        MEASURE_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"measure_id": world.measure.pk},
        scoped=roles(Role.PROGRAMME_COORDINATOR),
        post_data=lambda world: {
            "name_uk": "Новий показник",
            "unit_uk": "од.",
            "planned_value": "5",
        },
    ),
    Case(
        "programmes:staff_indicator_edit",
        MEASURE_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {
            "measure_id": world.measure.pk,
            "indicator_id": world.extra["indicator"].pk,
        },
        scoped=roles(Role.PROGRAMME_COORDINATOR),
        post_data=lambda world: {"name_uk": "Змінений", "unit_uk": "од.", "planned_value": "6"},
    ),
    Case(
        "programmes:staff_indicator_remove",
        MEASURE_EDITORS,
        methods=("post",),
        kwargs=lambda world: {
            "measure_id": world.measure.pk,
            "indicator_id": world.extra["indicator"].pk,
        },
        scoped=roles(Role.PROGRAMME_COORDINATOR),
    ),
]


EDITION_VIEWERS = roles(
    Role.BUDGET_COORDINATOR,
    Role.BUDGET_COMMISSION_MEMBER,
    Role.DESK_OPERATOR,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)
EDITION_CONFIGURERS = roles(Role.BUDGET_COORDINATOR, Role.ADMINISTRATOR)
EDITION_SCOPED = frozenset(EDITION_ROLES)


def edition_kwargs(world: World, **more: Any) -> dict[str, Any]:
    return {"edition": world.edition.slug, **more}


CASES += [
    Case("budget:staff_editions", EDITION_VIEWERS),
    Case(
        "budget:staff_edition_create",
        roles(Role.ADMINISTRATOR),
        methods=("get", "post"),
        post_data=lambda world: {"slug": "new-one", "year": "2031", "title_uk": "Нове"},
    ),
    Case(
        "budget:staff_edition",
        EDITION_VIEWERS,
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
    ),
    Case(
        "budget:staff_edition_settings",
        EDITION_CONFIGURERS,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"slug": "here", "year": "2030", "title_uk": "Змінене"},
    ),
    Case(
        "budget:staff_edition_copy",
        roles(Role.ADMINISTRATOR),
        methods=("get", "post"),
        kwargs=edition_kwargs,
        post_data=lambda world: {"slug": "copy", "year": "2031", "title_uk": "Копія"},
    ),
    Case(
        "budget:staff_phase_close",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=lambda world: edition_kwargs(world, phase_id=world.extra["phase"].pk),
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"reason": "Причина"},
    ),
    Case(
        "budget:staff_parts",
        EDITION_CONFIGURERS,
        methods=("get", "post"),
        kwargs=lambda world: edition_kwargs(world, part="categories"),
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"code": "new", "name_uk": "Нова", "position": "3"},
    ),
    Case(
        "budget:staff_part_edit",
        EDITION_CONFIGURERS,
        methods=("get", "post"),
        kwargs=lambda world: edition_kwargs(world, part="pools", part_id=world.extra["pool"].pk),
        scoped=EDITION_SCOPED,
        post_data=lambda world: {
            "code": "small",
            "name_uk": "Малі",
            "amount": "1",
            "max_project_cost": "1",
        },
    ),
    Case(
        "budget:staff_part_remove",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=lambda world: edition_kwargs(world, part="pools", part_id=world.extra["pool"].pk),
        scoped=EDITION_SCOPED,
    ),
    Case(
        "budget:staff_calendar",
        EDITION_CONFIGURERS,
        methods=("get", "post"),
        post_data=lambda world: {"day": "2030-05-01", "name_uk": "Свято праці"},
    ),
    Case(
        "budget:staff_calendar_remove",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=lambda world: {"day_id": world.extra["non_working_day"].pk},
    ),
]


# Residency review is not tied to an edition: a desk operator of any edition may do it.
RESIDENCY_REVIEWERS = roles(Role.DESK_OPERATOR, Role.ADMINISTRATOR)

CASES += [
    Case("accounts:residency_queue", RESIDENCY_REVIEWERS),
    Case(
        "accounts:residency_claim",
        RESIDENCY_REVIEWERS,
        methods=("get", "post"),
        kwargs=lambda world: {"claim_id": world.extra["residency_claim"].pk},
        post_data=lambda world: {"decision": "reject", "reason": "Документ нечитабельний"},
    ),
    Case(
        "accounts:residency_proof",
        RESIDENCY_REVIEWERS,
        kwargs=lambda world: {"claim_id": world.extra["residency_claim"].pk},
    ),
]


PROJECT_VIEWERS = roles(
    Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER, Role.AUDITOR, Role.ADMINISTRATOR
)
EDITION_SCOPED_VIEWERS = roles(Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER)


def project_kwargs(world: World, **more: Any) -> dict[str, Any]:
    return edition_kwargs(world, project_id=world.extra["project"].pk, **more)


CASES += [
    Case(
        "budget:staff_board", PROJECT_VIEWERS, kwargs=edition_kwargs, scoped=EDITION_SCOPED_VIEWERS
    ),
    Case(
        "budget:staff_export",
        PROJECT_VIEWERS,
        kwargs=lambda world: edition_kwargs(world, file_format="csv"),
        scoped=EDITION_SCOPED_VIEWERS,
    ),
    Case(
        "budget:staff_protocol",
        PROJECT_VIEWERS,
        kwargs=lambda world: edition_kwargs(world, file_format="docx"),
        scoped=EDITION_SCOPED_VIEWERS,
    ),
    Case(
        "budget:staff_project",
        PROJECT_VIEWERS,
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED_VIEWERS,
    ),
    Case(
        "budget:staff_project_file",
        PROJECT_VIEWERS,
        kwargs=lambda world: project_kwargs(world, attachment_id=world.extra["attachment"].pk),
        scoped=EDITION_SCOPED_VIEWERS,
    ),
    Case(
        "budget:staff_project_return",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"fixes": "Додайте фото."},
    ),
    Case(
        "budget:staff_project_accept",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"departments": [world.department.pk]},
    ),
    Case(
        "budget:staff_project_assign",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"department": world.other_department.pk},
    ),
    Case(
        "budget:staff_project_revision",
        EDITION_CONFIGURERS,
        methods=("post",),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"text": "Уточніть."},
    ),
    Case(
        "budget:staff_project_decision",
        roles(Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER, Role.ADMINISTRATOR),
        methods=("post",),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"kind": "reject", "text": "Ні", "reason_code": "other"},
    ),
    Case(
        "budget:staff_paper_supports",
        roles(Role.BUDGET_COORDINATOR, Role.DESK_OPERATOR, Role.ADMINISTRATOR),
        methods=("get", "post"),
        kwargs=project_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"full_name": "Іван", "document_number": "1"},
    ),
    Case("budget:staff_inbox", roles(Role.REVIEWER)),
    Case(
        "budget:staff_assignment",
        roles(Role.REVIEWER),
        methods=("get", "post"),
        kwargs=lambda world: {"assignment_id": world.extra["assignment"].pk},
        scoped=roles(Role.REVIEWER),
        post_data=lambda world: {"conclusion": "positive", "opinion": "Так."},
    ),
    Case(
        "budget:staff_assignment_correction",
        roles(Role.REVIEWER),
        methods=("post",),
        kwargs=lambda world: {"assignment_id": world.extra["assignment"].pk},
        scoped=roles(Role.REVIEWER),
        post_data=lambda world: {"rows": "0", "explanation": "Так."},
    ),
]


VOTING_VIEWERS = EDITION_VIEWERS
COMMISSION = roles(Role.BUDGET_COMMISSION_MEMBER, Role.ADMINISTRATOR)
DESK = roles(Role.DESK_OPERATOR, Role.ADMINISTRATOR)
REDIRECTS_TO_AN_EARLIER_STEP = frozenset({200, 302, 303})


def snapshot_kwargs(world: World, **more: Any) -> dict[str, Any]:
    return edition_kwargs(world, sequence=world.extra["snapshot"].sequence, **more)


CASES += [
    Case("voting:staff_overview", VOTING_VIEWERS, kwargs=edition_kwargs, scoped=EDITION_SCOPED),
    Case(
        "voting:staff_key",
        roles(Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER, Role.ADMINISTRATOR),
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"action": "register", "public_key_pem": "x", "parts": "1"},
    ),
    Case(
        "voting:staff_annul",
        COMMISSION,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"action": "annul", "records": "1"},
    ),
    Case(
        "voting:staff_count",
        EDITION_CONFIGURERS,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"reason": "Повторний підрахунок"},
    ),
    Case("voting:staff_snapshot", VOTING_VIEWERS, kwargs=snapshot_kwargs, scoped=EDITION_SCOPED),
    Case(
        "voting:staff_snapshot_file",
        VOTING_VIEWERS,
        kwargs=lambda world: snapshot_kwargs(world, name="small.pb"),
        scoped=EDITION_SCOPED,
    ),
    Case(
        "voting:staff_approve",
        COMMISSION,
        methods=("post",),
        kwargs=snapshot_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"protocol_number": ""},
    ),
    Case(
        "voting:staff_protocol",
        VOTING_VIEWERS,
        kwargs=lambda world: snapshot_kwargs(world, fmt="docx"),
        scoped=EDITION_SCOPED,
    ),
    Case(
        "voting:desk",
        DESK,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"document_number": "1"},
    ),
    Case(
        "voting:desk_ballot",
        DESK,
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        get_statuses=REDIRECTS_TO_AN_EARLIER_STEP,
    ),
    Case(
        "voting:desk_confirm", DESK, methods=("post",), kwargs=edition_kwargs, scoped=EDITION_SCOPED
    ),
    Case("voting:desk_cast", DESK, methods=("post",), kwargs=edition_kwargs, scoped=EDITION_SCOPED),
    Case(
        "voting:desk_receipt",
        DESK,
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        get_statuses=REDIRECTS_TO_AN_EARLIER_STEP,
    ),
    Case(
        "voting:desk_paper",
        DESK,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        post_data=lambda world: {"serial": "1"},
    ),
    Case(
        "voting:paper_form",
        DESK,
        kwargs=edition_kwargs,
        scoped=EDITION_SCOPED,
        get_statuses=frozenset({200, 400}),
    ),
    Case("voting:desk_tally", VOTING_VIEWERS, kwargs=edition_kwargs, scoped=EDITION_SCOPED),
    Case("voting:desk_locked", roles(*VOTING_VIEWERS)),
]


NEWS_EDITORS = roles(Role.BUDGET_COORDINATOR, Role.ADMINISTRATOR)

CASES += [
    Case("portal:staff_news", NEWS_EDITORS),
    Case(
        "portal:staff_news_create",
        NEWS_EDITORS,
        methods=("get", "post"),
        post_data=lambda world: {"title_uk": "Оголошення", "body_uk": "<p>Текст</p>"},
    ),
    Case(
        "portal:staff_news_edit",
        NEWS_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"item_id": world.extra["news_item"].pk},
        post_data=lambda world: {"title_uk": "Оголошення", "body_uk": "<p>Текст</p>"},
    ),
    Case(
        "portal:staff_news_delete",
        NEWS_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"item_id": world.extra["news_item"].pk},
    ),
    Case("portal:staff_pages", NEWS_EDITORS),
    Case(
        "portal:staff_page_create",
        NEWS_EDITORS,
        methods=("get", "post"),
        post_data=lambda world: {"title_uk": "Сторінка", "body_uk": "<p>Текст</p>"},
    ),
    Case(
        "portal:staff_page_edit",
        NEWS_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"page_id": world.extra["page"].pk},
        post_data=lambda world: {"title_uk": "Сторінка", "body_uk": "<p>Текст</p>"},
    ),
    Case(
        "portal:staff_page_delete",
        NEWS_EDITORS,
        methods=("get", "post"),
        kwargs=lambda world: {"page_id": world.extra["page"].pk},
    ),
]

RECORD_VIEWERS = roles(
    Role.ADMINISTRATOR,
    Role.AUDITOR,
    Role.BUDGET_COORDINATOR,
    Role.BUDGET_COMMISSION_MEMBER,
    Role.DEPARTMENT_OFFICER,
)
RECORD_MANAGERS = roles(Role.ADMINISTRATOR, Role.BUDGET_COORDINATOR)
RECORD_EDITORS = roles(Role.ADMINISTRATOR, Role.BUDGET_COORDINATOR, Role.DEPARTMENT_OFFICER)
RECORD_SCOPED = roles(
    Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER, Role.DEPARTMENT_OFFICER
)
EDITORS_SCOPED = roles(Role.BUDGET_COORDINATOR, Role.DEPARTMENT_OFFICER)


def record_kwargs(world: World, **more: Any) -> dict[str, Any]:
    return edition_kwargs(world, record_id=world.extra["record"].pk, **more)


def record_form(name: str, data: dict[str, str]) -> Case:
    return Case(
        f"implementation:staff_record_{name}",
        RECORD_EDITORS,
        methods=("post",),
        kwargs=record_kwargs,
        scoped=EDITORS_SCOPED,
        post_data=lambda world: data,
    )


CASES += [
    Case("implementation:staff_editions", RECORD_VIEWERS),
    Case(
        "implementation:staff_overview",
        RECORD_VIEWERS,
        kwargs=edition_kwargs,
        # A department officer elsewhere sees the edition with none of its records.
        scoped=roles(Role.BUDGET_COORDINATOR, Role.BUDGET_COMMISSION_MEMBER),
    ),
    Case(
        "implementation:staff_create_records",
        RECORD_MANAGERS,
        methods=("post",),
        kwargs=edition_kwargs,
        scoped=roles(Role.BUDGET_COORDINATOR),
    ),
    Case("implementation:staff_record", RECORD_VIEWERS, kwargs=record_kwargs, scoped=RECORD_SCOPED),
    Case(
        "implementation:staff_record_photo",
        RECORD_VIEWERS,
        kwargs=lambda world: record_kwargs(world, photo_id=world.extra["photo"].pk),
        scoped=RECORD_SCOPED,
    ),
    Case(
        "implementation:staff_record_assign",
        RECORD_MANAGERS,
        methods=("post",),
        kwargs=record_kwargs,
        scoped=roles(Role.BUDGET_COORDINATOR),
        post_data=lambda world: {"plan-planned_start": "2024-08-01"},
    ),
    record_form("status", {"status-to_status": "procurement", "status-happened_on": "2024-08-01"}),
    record_form("progress", {"progress-progress": "10", "progress-happened_on": "2024-08-01"}),
    record_form("procurement", {"procurement-tender_id": "UA-2024-11-12-000006-a"}),
    record_form("payment", {"payment-paid_on": "2024-10-01", "payment-amount": "1.00"}),
    record_form("update", {"update-happened_on": "2024-08-01", "update-text": "Роботи"}),
]

EVALUATION_MANAGERS = roles(Role.ADMINISTRATOR, Role.BUDGET_COORDINATOR)
COORDINATOR_SCOPED = roles(Role.BUDGET_COORDINATOR)


def question_kwargs(world: World) -> dict[str, Any]:
    return edition_kwargs(world, question_id=world.extra["question"].pk)


CASES += [
    Case(
        "implementation:rating_moderation",
        EVALUATION_MANAGERS,
        kwargs=edition_kwargs,
        scoped=COORDINATOR_SCOPED,
    ),
    Case(
        "implementation:rating_moderate",
        EVALUATION_MANAGERS,
        methods=("post",),
        kwargs=lambda world: edition_kwargs(world, rating_id=world.extra["rating"].pk),
        scoped=COORDINATOR_SCOPED,
        post_data=lambda world: {"decision": "publish"},
    ),
    Case(
        "implementation:survey_manage",
        EVALUATION_MANAGERS,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=COORDINATOR_SCOPED,
        post_data=lambda world: {"opens_on": "2030-01-01", "closes_on": "2030-02-01"},
    ),
    Case(
        "implementation:survey_question_add",
        EVALUATION_MANAGERS,
        methods=("get", "post"),
        kwargs=edition_kwargs,
        scoped=COORDINATOR_SCOPED,
        post_data=lambda world: {"text_uk": "Питання", "kind": "text"},
    ),
    Case(
        "implementation:survey_question_edit",
        EVALUATION_MANAGERS,
        methods=("get", "post"),
        kwargs=question_kwargs,
        scoped=COORDINATOR_SCOPED,
        post_data=lambda world: {"text_uk": "Питання", "kind": "scale"},
    ),
    Case(
        "implementation:survey_question_remove",
        EVALUATION_MANAGERS,
        methods=("post",),
        kwargs=question_kwargs,
        scoped=COORDINATOR_SCOPED,
    ),
    Case(
        "implementation:survey_question_move",
        EVALUATION_MANAGERS,
        methods=("post",),
        kwargs=question_kwargs,
        scoped=COORDINATOR_SCOPED,
        post_data=lambda world: {"direction": "down"},
    ),
]


# Denied with 403 and checked row by row: the resident and the role most often denied.
THOROUGH_403_ACTORS = frozenset({"resident", Role.JURY_MEMBER.value})


def expected_outcome(case: Case, actor: Actor) -> str:
    if actor.role is None:
        return "login"
    if actor.role not in case.allowed:
        return "403"
    if actor.elsewhere and actor.role in case.scoped:
        return "404"
    return "allow"


def database_fingerprint() -> str:
    """A hash over every row of the platform's own tables (and allauth's)."""
    digest = hashlib.sha256()
    for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
        if model._meta.app_label not in {
            "core",
            "accounts",
            "programmes",
            "budget",
            "voting",
            "implementation",
            "portal",
            "account",
        }:
            continue
        rows = list(model._default_manager.order_by("pk").values())
        digest.update(model._meta.label.encode())
        digest.update(json.dumps(rows, cls=DjangoJSONEncoder, sort_keys=True).encode())
    return digest.hexdigest()


MATRIX = [
    pytest.param(case, actor, method, id=f"{case.name}-{method}-{actor.key}")
    for case in CASES
    for method in case.methods
    for actor in ACTORS
]


@pytest.fixture(scope="module", autouse=True)
def _media_in_tmp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    # The world's residency proof is a real file; keep it out of var/media. Autouse, so
    # it is in place before shared_world is built.
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="module")
def shared_world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    """One world for the whole matrix, as Django's setUpTestData does: built inside an
    outer transaction that is rolled back at the end; each test runs in a savepoint
    within it, so what one request changes never reaches the next test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize(("case", "actor", "method"), MATRIX)
def test_staff_url_access(client, shared_world: World, case: Case, actor: Actor, method: str):
    world = shared_world
    user = make_actor(actor, world)
    if user is not None:
        client.force_login(user)
    url = reverse(case.name, kwargs=case.kwargs(world))
    outcome = expected_outcome(case, actor)
    # A denied POST must change nothing at all: every row of every table is compared for
    # each way a POST is denied (anonymous, a role scoped elsewhere, and a role without
    # the capability, represented by the resident and one staff role: every 403 comes
    # from the same `staff_view` check before the view runs). For the other denied
    # requests the audit trail's length stands in (every write of a service leaves a row
    # there), which keeps the matrix fast enough to run on both databases.
    thorough = (
        outcome != "allow"
        and method == "post"
        and (outcome != "403" or actor.key in THOROUGH_403_ACTORS)
    )
    before = database_fingerprint() if thorough else ActivityLog.objects.count()
    response = client.get(url) if method == "get" else client.post(url, case.post_data(world))
    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    elif outcome == "403":
        assert response.status_code == 403
    elif outcome == "404":
        assert response.status_code == 404
    elif method == "get":
        assert response.status_code in case.get_statuses
    else:
        assert response.status_code in {200, 302, 303, 400, 409}
    if thorough:
        assert database_fingerprint() == before
    elif outcome != "allow":
        assert ActivityLog.objects.count() == before


def _staff_url_names(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> set[str]:
    names: set[str] = set()
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names |= _staff_url_names(pattern, route, full)
        elif isinstance(pattern, URLPattern) and route.lstrip("^").startswith("staff/"):
            names.add(f"{namespace}:{pattern.name}" if namespace else str(pattern.name))
    return names


def test_matrix_covers_every_staff_url(settings):
    # Routes are read unprefixed, whatever language an earlier request left active.
    with translation.override(settings.LANGUAGE_CODE):
        assert _staff_url_names() == {case.name for case in CASES}


def test_matrix_includes_every_role_and_scoped_roles_elsewhere():
    keys = {actor.key for actor in ACTORS}
    assert {role.value for role in Role} <= keys
    assert {
        "reviewer@elsewhere",
        "department_officer@elsewhere",
        "programme_coordinator@elsewhere",
        "budget_coordinator@elsewhere",
        "budget_commission_member@elsewhere",
        "desk_operator@elsewhere",
    } <= keys
