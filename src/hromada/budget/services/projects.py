"""Writes of an author: the application form step by step, its estimate, co-authors and
attachments, submission, fixes and withdrawal. Everything an author saves is kept even
when a later step refuses (submission lists what is missing instead of losing input)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.budget.calendar import working_days_deadline
from hromada.budget.catalogue import search_document
from hromada.budget.eligibility import author_eligibility
from hromada.budget.enums import ProjectState
from hromada.budget.estimate import Line, check_percentages, estimate_of
from hromada.budget.models import Attachment, CoAuthor, CostItem, Edition, Project
from hromada.budget.selectors import has_voting_opened, is_open_for
from hromada.budget.workflow import EDITABLE_STATES, transition
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.core.uploads import check_upload, reencode_image

DETAIL_FIELDS = (
    "title",
    "summary",
    "problem",
    "aim",
    "solution",
    "plan",
    "results",
    "beneficiaries",
    "pool",
    "category",
    "territory",
    "address",
    "latitude",
    "longitude",
    "author_residency_basis",
    "declares_authorship",
    "consents_to_processing",
    "publishes_author_name",
    "confirms_public_result",
)
TEXT_FIELDS = ("title", "summary", "problem", "aim", "solution", "plan", "results", "beneficiaries")
ATTACHMENT_KINDS = {"jpeg", "png", "webp", "pdf", "docx", "xlsx"}
IMAGE_KINDS = {"jpeg", "png", "webp"}
MAX_CO_AUTHORS = 10


def _words(text: str) -> int:
    return len(text.split())


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().select_related("edition").get(pk=project.pk)


def check_author_may_edit(project: Project, actor: User, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if project.author_id != actor.pk:
        raise ValidationError(_("Only the author may change this project."), code="not_author")
    if project.state not in EDITABLE_STATES:
        raise ValidationError(
            _("The project is “%(state)s” and cannot be changed now.")
            % {"state": project.get_state_display()},
            code="not_editable",
        )
    if project.state in {ProjectState.DRAFT, ProjectState.SUBMITTED}:
        if not is_open_for(project.edition, "accepts_submissions", now):
            raise ValidationError(
                _("Submission of projects is closed: the project can no longer be changed."),
                code="submission_closed",
            )
    elif project.step_deadline is not None and now > project.step_deadline:
        raise ValidationError(
            _("The deadline for your changes has passed (%(when)s).")
            % {"when": timezone.localtime(project.step_deadline).strftime("%d.%m.%Y %H:%M")},
            code="deadline_passed",
        )


def _refresh(project: Project) -> None:
    project.total_cost = estimate_of(project).total
    project.search_text = search_document(project)
    project.save(update_fields=["total_cost", "search_text", "updated_at"])


def start_project(*, author: User, edition: Edition, now: datetime | None = None) -> Project:
    """A new draft, for a verified resident of the required age while submission is open."""
    now = now or timezone.now()
    if not is_open_for(edition, "accepts_submissions", now):
        raise ValidationError(_("Submission of projects is closed."), code="submission_closed")
    checked = author_eligibility(author, edition, timezone.localdate(now))
    if not checked.is_eligible:
        raise ValidationError(checked.problems, code="not_eligible")
    with transaction.atomic():
        project = Project.objects.create(edition=edition, author=author)
        log_activity(
            actor=author,
            action="budget.project.started",
            target=project,
            after={"edition": edition.slug, "state": project.state},
        )
    return project


def update_project(
    *, project: Project, actor: User, now: datetime | None = None, **values: Any
) -> Project:
    """Save some fields of the application (one step of the form)."""
    unknown = set(values) - set(DETAIL_FIELDS)
    if unknown:
        raise TypeError(f"unknown project fields {sorted(unknown)}")
    with transaction.atomic():
        project = _lock(project)
        check_author_may_edit(project, actor, now)
        for name in TEXT_FIELDS:
            if name in values and values[name] is not None:
                values[name] = str(values[name]).strip()
        pool, territory = values.get("pool"), values.get("territory")
        for part, label in (
            (pool, "pool"),
            (values.get("category"), "category"),
            (territory, "territory"),
        ):
            if part is not None and part.edition_id != project.edition_id:
                raise ValidationError({label: _("Choose from this edition's list.")})
        before = snapshot(project, DETAIL_FIELDS)
        for name, value in values.items():
            setattr(project, name, value)
        project.full_clean(exclude=["author", "edition"])
        after = snapshot(project, DETAIL_FIELDS)
        if changed_fields(before, after):
            project.save()
            _refresh(project)
            log_activity(
                actor=actor,
                action="budget.project.updated",
                target=project,
                before={k: before[k] for k in changed_fields(before, after)},
                after={k: after[k] for k in changed_fields(before, after)},
            )
    return project


def set_estimate(
    *,
    project: Project,
    actor: User,
    lines: list[Line],
    contingency_percent: Decimal,
    vat_percent: Decimal,
    now: datetime | None = None,
) -> Project:
    """Replace the cost lines; the total follows. Limits of the pool are checked at
    submission (and shown live), so a draft over the limit is still saved."""
    with transaction.atomic():
        project = _lock(project)
        check_author_may_edit(project, actor, now)
        check_percentages(contingency_percent, vat_percent, project.edition.max_contingency_percent)
        _write_estimate(project, lines, contingency_percent, vat_percent)
        log_activity(
            actor=actor,
            action="budget.project.estimate_saved",
            target=project,
            after=estimate_of(project).as_dict(),
        )
    return project


def _write_estimate(
    project: Project, lines: list[Line], contingency_percent: Decimal, vat_percent: Decimal
) -> None:
    project.cost_items.all().delete()
    CostItem.objects.bulk_create(
        CostItem(
            project=project,
            position=position,
            name=line.name,
            unit=line.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
        )
        for position, line in enumerate(lines, start=1)
    )
    project.contingency_percent = contingency_percent
    project.vat_percent = vat_percent
    project.save(update_fields=["contingency_percent", "vat_percent", "updated_at"])
    _refresh(project)


def add_co_author(*, project: Project, actor: User, **values: Any) -> CoAuthor:
    with transaction.atomic():
        project = _lock(project)
        check_author_may_edit(project, actor)
        if project.co_authors.count() >= MAX_CO_AUTHORS:
            raise ValidationError(_("At most %(count)s co-authors.") % {"count": MAX_CO_AUTHORS})
        co_author = CoAuthor(project=project, **values)
        co_author.full_clean()
        co_author.save()
        log_activity(
            actor=actor,
            action="budget.project.co_author_added",
            target=project,
            after={"co_author": co_author.pk},
        )
    return co_author


def remove_co_author(*, co_author: CoAuthor, actor: User) -> None:
    with transaction.atomic():
        project = _lock(co_author.project)
        check_author_may_edit(project, actor)
        log_activity(
            actor=actor,
            action="budget.project.co_author_removed",
            target=project,
            before={"co_author": co_author.pk},
        )
        co_author.delete()


def add_attachment(
    *,
    project: Project,
    actor: User,
    file: IO[bytes],
    original_name: str,
    is_public: bool,
    description: str = "",
) -> Attachment:
    """Check the file by its content and the edition's limits; images are re-encoded,
    which strips their metadata (GPS position, camera, author)."""
    with transaction.atomic():
        project = _lock(project)
        check_author_may_edit(project, actor)
        edition = project.edition
        if project.attachments.count() >= edition.max_attachments:
            raise ValidationError(
                {
                    "file": _("At most %(count)s files per project.")
                    % {"count": edition.max_attachments}
                }
            )
        try:
            checked = check_upload(
                file, allowed=ATTACHMENT_KINDS, max_bytes=edition.max_attachment_mb * 1024 * 1024
            )
            file.seek(0)
            if checked.kind in IMAGE_KINDS:
                stored = reencode_image(file)
                kind = "png" if str(stored.name).endswith(".png") else "jpeg"
            else:
                stored = ContentFile(file.read(), name=f"document.{checked.extension}")
                kind = checked.kind
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error
        attachment = Attachment(
            project=project,
            original_name=original_name[:255],
            kind=kind,
            size=stored.size,
            description=description.strip()[:255],
            is_public=is_public,
            uploaded_by=actor,
        )
        attachment.file.save(stored.name or "file", stored, save=False)
        attachment.save()
        log_activity(
            actor=actor,
            action="budget.project.attachment_added",
            target=project,
            after={"attachment": attachment.pk, "kind": kind, "public": is_public},
        )
    return attachment


def remove_attachment(*, attachment: Attachment, actor: User) -> None:
    with transaction.atomic():
        project = _lock(attachment.project)
        check_author_may_edit(project, actor)
        log_activity(
            actor=actor,
            action="budget.project.attachment_removed",
            target=project,
            before={"attachment": attachment.pk, "name": attachment.original_name},
        )
        attachment.file.delete(save=False)
        attachment.delete()


def submission_problems(project: Project, now: datetime | None = None) -> list[str]:
    """What keeps the application from being submitted, in the order of the form."""
    edition = project.edition
    problems: list[str] = []
    if not project.title:
        problems.append(_("Give the project a title."))
    elif _words(project.title) > edition.title_max_words:
        problems.append(
            _("The title has %(count)s words; at most %(max)s.")
            % {"count": _words(project.title), "max": edition.title_max_words}
        )
    if project.category_id is None:
        problems.append(_("Choose a category."))
    if project.pool_id is None:
        problems.append(_("Choose a pool."))
    elif (
        project.pool is not None
        and project.pool.territory is not None
        and project.territory_id != project.pool.territory_id
    ):
        problems.append(
            _("A project of the pool “%(pool)s” must be located in %(territory)s.")
            % {"pool": project.pool.name, "territory": project.pool.territory.name}
        )
    if not project.summary:
        problems.append(_("Write a short description."))
    elif _words(project.summary) > edition.summary_max_words:
        problems.append(
            _("The short description has %(count)s words; at most %(max)s.")
            % {"count": _words(project.summary), "max": edition.summary_max_words}
        )
    labels = {
        "problem": _("Describe the problem."),
        "aim": _("State the aim."),
        "solution": _("Describe the proposed solution."),
        "plan": _("Give the plan of stages, including purchases."),
        "results": _("Describe the expected results."),
        "beneficiaries": _("Say who will benefit."),
    }
    problems.extend(message for name, message in labels.items() if not getattr(project, name))
    if not project.address and project.latitude is None:
        problems.append(_("Give the address or mark the place on the map."))
    estimate = estimate_of(project)
    if not estimate.lines:
        problems.append(_("Add at least one line to the cost estimate."))
    elif project.pool is not None:
        pool = project.pool
        if estimate.total > pool.max_project_cost:
            problems.append(
                _("The estimate (%(total)s UAH) is above the pool's maximum of %(max)s UAH.")
                % {"total": estimate.total, "max": pool.max_project_cost}
            )
        if estimate.total < pool.min_project_cost:
            problems.append(
                _("The estimate (%(total)s UAH) is below the pool's minimum of %(min)s UAH.")
                % {"total": estimate.total, "min": pool.min_project_cost}
            )
    if not project.author_residency_basis:
        problems.append(_("Say on what basis you live in the community."))
    for flag, message in (
        ("declares_authorship", _("Confirm that you are the author of the idea.")),
        ("consents_to_processing", _("Give consent to the processing of personal data.")),
        ("confirms_public_result", _("Confirm that the result will be public and free of charge.")),
    ):
        if not getattr(project, flag):
            problems.append(message)
    checked = author_eligibility(project.author, edition, timezone.localdate(now or timezone.now()))
    problems.extend(checked.problems)
    if (
        project.territory is not None
        and project.pool is not None
        and project.pool.territory_id
        and checked.identity is not None
        and not checked.lives_in(project.territory)
    ):
        problems.append(_("Only residents of the pool's territory may propose projects in it."))
    return problems


def submit_project(*, project: Project, actor: User, now: datetime | None = None) -> Project:
    """Submit a draft (or the fixes asked for) with a precise list of what is missing."""
    now = now or timezone.now()
    with transaction.atomic():
        project = _lock(project)
        check_author_may_edit(project, actor, now)
        if project.state not in {ProjectState.DRAFT, ProjectState.RETURNED}:
            raise ValidationError(_("The project is already submitted."), code="already_submitted")
        problems = submission_problems(project, now)
        if problems:
            raise ValidationError(problems, code="incomplete")
        if project.number is None:
            # Numbers follow the order of first submission within the edition.
            Edition.objects.select_for_update().get(pk=project.edition_id)
            last = project.edition.projects.aggregate(last=Max("number"))["last"] or 0
            project.number = last + 1
            project.first_submitted_at = now
            project.save(update_fields=["number", "first_submitted_at", "updated_at"])
            _refresh(project)
        # The coordinator's completeness check has its own deadline in working days.
        deadline = working_days_deadline(now, project.edition.completeness_check_working_days)
        transition(project, ProjectState.SUBMITTED, actor=actor, deadline=deadline, now=now)
    return project


def withdraw_project(
    *, project: Project, actor: User, reason: str = "", now: datetime | None = None
) -> Project:
    """The author may withdraw the project until the ballot (voting opens)."""
    now = now or timezone.now()
    with transaction.atomic():
        project = _lock(project)
        if project.author_id != actor.pk:
            raise ValidationError(_("Only the author may withdraw this project."))
        if has_voting_opened(project.edition, now):
            raise ValidationError(_("Voting has opened: the project can no longer be withdrawn."))
        transition(project, ProjectState.WITHDRAWN, actor=actor, text=reason.strip(), now=now)
    return project
