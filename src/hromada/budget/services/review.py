"""Review of submitted projects: the coordinator's completeness check, the departments'
expert opinions and cost corrections, revision requests, the commission's decisions and
appeals. Each state change goes through `workflow.transition`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.models import Department, User
from hromada.budget.calendar import calendar_days_deadline, working_days_deadline
from hromada.budget.enums import (
    AppealStatus,
    AssignmentStatus,
    CostCorrectionStatus,
    DecisionKind,
    OpinionConclusion,
    ProjectState,
    RejectionReason,
    ReviewAspect,
)
from hromada.budget.estimate import Line, check_percentages, estimate_from_dict, estimate_of
from hromada.budget.models import (
    Appeal,
    CommissionDecision,
    CostCorrection,
    Project,
    ReviewAssignment,
)
from hromada.budget.selectors import has_voting_opened
from hromada.budget.services.projects import _lock, _write_estimate
from hromada.budget.workflow import transition
from hromada.core.activity import log_activity
from hromada.core.uploads import check_upload

S = ProjectState


def _require_state(project: Project, *states: str) -> None:
    if project.state not in states:
        raise ValidationError(
            _("This cannot be done while the project is “%(state)s”.")
            % {"state": project.get_state_display()},
            code="transition_not_allowed",
        )


def return_for_fixes(
    *, project: Project, actor: User, fixes: str, now: datetime | None = None
) -> Project:
    """Completeness check failed: back to the author with the list of fixes and a deadline."""
    now = now or timezone.now()
    if not fixes.strip():
        raise ValidationError({"fixes": _("List what the author must fix.")})
    with transaction.atomic():
        project = _lock(project)
        _require_state(project, S.SUBMITTED)
        deadline = calendar_days_deadline(now, project.edition.author_fix_days)
        transition(project, S.RETURNED, actor=actor, text=fixes.strip(), deadline=deadline, now=now)
    return project


def accept_for_review(
    *,
    project: Project,
    actor: User,
    departments: Iterable[Department],
    aspects: Iterable[str] = (),
    now: datetime | None = None,
) -> Project:
    """Completeness check passed: the project becomes public and goes to the chosen
    departments for expert review, each with its deadline in working days."""
    now = now or timezone.now()
    chosen = list(departments)
    if not chosen:
        raise ValidationError({"departments": _("Choose at least one department.")})
    checked_aspects = [aspect for aspect in aspects if aspect in ReviewAspect.values]
    with transaction.atomic():
        project = _lock(project)
        _require_state(project, S.SUBMITTED)
        deadline = working_days_deadline(now, project.edition.expert_review_working_days)
        for department in chosen:
            _assign(project, department, checked_aspects, deadline, actor)
        transition(project, S.IN_REVIEW, actor=actor, deadline=deadline, now=now)
    return project


def _assign(
    project: Project,
    department: Department,
    aspects: list[str],
    deadline: datetime,
    actor: User,
) -> ReviewAssignment:
    assignment, created = ReviewAssignment.objects.get_or_create(
        project=project,
        department=department,
        defaults={"aspects": aspects or list(ReviewAspect.values), "deadline": deadline},
    )
    if created:
        log_activity(
            actor=actor,
            action="budget.review.assigned",
            target=project,
            after={"department": department.code, "deadline": deadline.isoformat()},
        )
    return assignment


def assign_department(
    *,
    project: Project,
    actor: User,
    department: Department,
    aspects: Iterable[str] = (),
    now: datetime | None = None,
) -> ReviewAssignment:
    """One more department during the review."""
    now = now or timezone.now()
    with transaction.atomic():
        project = _lock(project)
        _require_state(project, S.IN_REVIEW)
        deadline = working_days_deadline(now, project.edition.expert_review_working_days)
        if project.assignments.filter(department=department).exists():
            raise ValidationError(_("This department already reviews the project."))
        return _assign(project, department, list(aspects), deadline, actor)


def give_opinion(
    *,
    assignment: ReviewAssignment,
    reviewer: User,
    conclusion: str,
    opinion: str,
    reason_code: str = "",
    internal_note: str = "",
    now: datetime | None = None,
) -> ReviewAssignment:
    """A department's written opinion. A negative one cites a reason code. When every
    department has answered and no cost correction waits for the author, the project
    goes to the commission."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if conclusion not in OpinionConclusion.values:
        errors["conclusion"] = _("Choose the conclusion.")
    if not opinion.strip():
        errors["opinion"] = _("Write the opinion: it is published with the project.")
    if conclusion == OpinionConclusion.NEGATIVE and reason_code not in RejectionReason.values:
        errors["reason_code"] = _("A negative opinion needs a reason from the list.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = _lock(assignment.project)
        assignment = ReviewAssignment.objects.select_for_update().get(pk=assignment.pk)
        _require_state(project, S.IN_REVIEW)
        if assignment.status == AssignmentStatus.DONE:
            raise ValidationError(_("This department has already given its opinion."))
        assignment.conclusion = conclusion
        assignment.reason_code = reason_code if conclusion == OpinionConclusion.NEGATIVE else ""
        assignment.opinion = opinion.strip()
        assignment.internal_note = internal_note.strip()
        assignment.reviewer = reviewer
        assignment.status = AssignmentStatus.DONE
        assignment.completed_at = now
        assignment.save()
        log_activity(
            actor=reviewer,
            action="budget.review.opinion_given",
            target=project,
            after={
                "department": assignment.department.code,
                "conclusion": conclusion,
                "reason_code": assignment.reason_code,
            },
        )
        _advance_if_reviewed(project, reviewer, now)
    return assignment


def _advance_if_reviewed(project: Project, actor: User, now: datetime) -> None:
    pending = project.assignments.filter(status=AssignmentStatus.PENDING).exists()
    waiting = project.corrections.filter(status=CostCorrectionStatus.PROPOSED).exists()
    if project.state == S.IN_REVIEW and not pending and not waiting:
        transition(project, S.REVIEWED, actor=actor, now=now)


def propose_cost_correction(
    *,
    assignment: ReviewAssignment,
    reviewer: User,
    lines: list[Line],
    contingency_percent: Decimal,
    vat_percent: Decimal,
    explanation: str,
    now: datetime | None = None,
) -> CostCorrection:
    """A corrected estimate the author will see as a diff."""
    now = now or timezone.now()
    if not explanation.strip():
        raise ValidationError({"explanation": _("Explain the correction to the author.")})
    if not lines:
        raise ValidationError(_("The corrected estimate needs at least one line."))
    with transaction.atomic():
        project = _lock(assignment.project)
        _require_state(project, S.IN_REVIEW)
        check_percentages(contingency_percent, vat_percent, project.edition.max_contingency_percent)
        if project.corrections.filter(status=CostCorrectionStatus.PROPOSED).exists():
            raise ValidationError(_("A correction already waits for the author's answer."))
        before = estimate_of(project)
        after = estimate_from_dict(
            {
                "items": [line.as_dict() for line in lines],
                "contingency_percent": str(contingency_percent),
                "vat_percent": str(vat_percent),
            }
        )
        if before.as_dict() == after.as_dict():
            raise ValidationError(_("The corrected estimate is the same as the author's."))
        correction = CostCorrection.objects.create(
            project=project,
            assignment=assignment,
            before=before.as_dict(),
            after=after.as_dict(),
            explanation=explanation.strip(),
            proposed_by=reviewer,
        )
        log_activity(
            actor=reviewer,
            action="budget.review.cost_correction_proposed",
            target=project,
            before={"total": str(before.total)},
            after={"total": str(after.total), "correction": correction.pk},
        )
    return correction


def respond_to_correction(
    *,
    correction: CostCorrection,
    author: User,
    accept: bool,
    response: str = "",
    now: datetime | None = None,
) -> CostCorrection:
    """The author accepts the corrected estimate (it replaces theirs) or contests it
    (the commission weighs both when it decides)."""
    now = now or timezone.now()
    if not accept and not response.strip():
        raise ValidationError({"response": _("Say why you contest the correction.")})
    with transaction.atomic():
        project = _lock(correction.project)
        correction = CostCorrection.objects.select_for_update().get(pk=correction.pk)
        if project.author_id != author.pk:
            raise ValidationError(_("Only the author may answer a cost correction."))
        if correction.status != CostCorrectionStatus.PROPOSED:
            raise ValidationError(_("This correction has already been answered."))
        correction.status = (
            CostCorrectionStatus.ACCEPTED if accept else CostCorrectionStatus.CONTESTED
        )
        correction.author_response = response.strip()
        correction.responded_at = now
        correction.save()
        if accept:
            corrected = estimate_from_dict(correction.after)
            _write_estimate(
                project,
                list(corrected.lines),
                corrected.contingency_percent,
                corrected.vat_percent,
            )
        log_activity(
            actor=author,
            action="budget.review.cost_correction_answered",
            target=project,
            after={"correction": correction.pk, "status": correction.status},
            reason=correction.author_response,
        )
        _advance_if_reviewed(project, author, now)
    return correction


def request_revision(
    *, project: Project, actor: User, text: str, now: datetime | None = None
) -> Project:
    now = now or timezone.now()
    if not text.strip():
        raise ValidationError({"text": _("Say what the author should revise.")})
    with transaction.atomic():
        project = _lock(project)
        _require_state(project, S.IN_REVIEW)
        deadline = calendar_days_deadline(now, project.edition.author_fix_days)
        transition(
            project,
            S.REVISION_REQUESTED,
            actor=actor,
            text=text.strip(),
            deadline=deadline,
            now=now,
        )
    return project


def submit_revision(
    *, project: Project, author: User, note: str = "", now: datetime | None = None
) -> Project:
    now = now or timezone.now()
    with transaction.atomic():
        project = _lock(project)
        if project.author_id != author.pk:
            raise ValidationError(_("Only the author may submit the revision."))
        _require_state(project, S.REVISION_REQUESTED)
        if project.step_deadline is not None and now > project.step_deadline:
            raise ValidationError(_("The deadline for the revision has passed."))
        deadline = working_days_deadline(now, project.edition.expert_review_working_days)
        transition(
            project, S.IN_REVIEW, actor=author, text=note.strip(), deadline=deadline, now=now
        )
        _advance_if_reviewed(project, author, now)
    return project


def record_decision(
    *,
    project: Project,
    actor: User,
    kind: str,
    text: str,
    protocol_number: str,
    protocol_date: date,
    members_present: int,
    votes_for: int,
    votes_against: int = 0,
    votes_abstained: int = 0,
    reason_code: str = "",
    signed_scan: IO[bytes] | None = None,
    now: datetime | None = None,
) -> CommissionDecision:
    """The commission admits or rejects a reviewed project, or decides its appeal."""
    now = now or timezone.now()
    errors: dict[str, Any] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = _("Choose the decision.")
    if kind == DecisionKind.REJECT and reason_code not in RejectionReason.values:
        errors["reason_code"] = _("A rejection needs a reason from the list.")
    if not text.strip():
        errors["text"] = _("Write the reasons: they are published with the project.")
    if not protocol_number.strip():
        errors["protocol_number"] = _("Enter the protocol number.")
    if votes_for + votes_against + votes_abstained > members_present:
        errors["votes_for"] = _("More votes than members present.")
    if kind == DecisionKind.ADMIT and votes_for <= members_present / 2:
        errors["votes_for"] = _(
            "A decision needs the votes of more than half of the members present."
        )
    if protocol_date > timezone.localdate(now):
        errors["protocol_date"] = _("The protocol date cannot be in the future.")
    scan = None
    if signed_scan is not None:
        try:
            checked = check_upload(
                signed_scan, allowed={"pdf", "jpeg", "png"}, max_bytes=20 * 1024 * 1024
            )
        except ValidationError as error:
            errors["signed_scan"] = error.messages
        else:
            signed_scan.seek(0)
            scan = ContentFile(signed_scan.read(), name=f"protocol.{checked.extension}")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = _lock(project)
        if kind == DecisionKind.REJECT:
            # Also when the author let the deadline for fixes or the revision pass.
            _require_state(project, S.REVIEWED, S.APPEALED, S.RETURNED, S.REVISION_REQUESTED)
        else:
            _require_state(project, S.REVIEWED, S.APPEALED)
        on_appeal = project.state == S.APPEALED
        if kind == DecisionKind.ADMIT:
            if project.supports.count() < project.edition.supporters_required:
                raise ValidationError(
                    _("The project has %(count)s of the %(required)s supports required.")
                    % {
                        "count": project.supports.count(),
                        "required": project.edition.supporters_required,
                    }
                )
            if (
                not on_appeal
                and project.pool is not None
                and project.total_cost > project.pool.max_project_cost
            ):
                raise ValidationError(_("The estimate is above the pool's maximum."))
        decision = CommissionDecision(
            project=project,
            kind=kind,
            is_on_appeal=on_appeal,
            reason_code=reason_code if kind == DecisionKind.REJECT else "",
            text=text.strip(),
            protocol_number=protocol_number.strip(),
            protocol_date=protocol_date,
            members_present=members_present,
            votes_for=votes_for,
            votes_against=votes_against,
            votes_abstained=votes_abstained,
            recorded_by=actor,
        )
        if scan is not None:
            decision.signed_scan.save(scan.name or "protocol", scan, save=False)
        decision.save()
        if on_appeal:
            appeal = project.appeals.select_for_update().get(status=AppealStatus.PENDING)
            appeal.status = (
                AppealStatus.UPHELD if kind == DecisionKind.ADMIT else AppealStatus.DISMISSED
            )
            appeal.decision = decision
            appeal.save(update_fields=["status", "decision", "updated_at"])
        deadline = None
        if kind == DecisionKind.REJECT and not on_appeal:
            deadline = working_days_deadline(now, project.edition.appeal_working_days)
        transition(
            project,
            S.ADMITTED if kind == DecisionKind.ADMIT else S.REJECTED,
            actor=actor,
            reason_code=decision.reason_code,
            text=decision.text,
            deadline=deadline,
            now=now,
        )
    return decision


def file_appeal(
    *, project: Project, author: User, text: str, now: datetime | None = None
) -> Appeal:
    """The author contests a rejection within the appeal window (working days from the
    decision) and before voting opens. One appeal per project."""
    now = now or timezone.now()
    if not text.strip():
        raise ValidationError({"text": _("State the grounds of the appeal.")})
    with transaction.atomic():
        project = _lock(project)
        if project.author_id != author.pk:
            raise ValidationError(_("Only the author may appeal."))
        _require_state(project, S.REJECTED)
        if project.appeals.exists():
            raise ValidationError(_("The decision on the appeal is final."))
        if (
            project.step_deadline is None
            or now > project.step_deadline
            or has_voting_opened(project.edition, now)
        ):
            raise ValidationError(_("The appeal window has closed."), code="appeal_window_closed")
        appeal = Appeal.objects.create(
            project=project, text=text.strip(), filed_by=author, filed_at=now
        )
        transition(project, S.APPEALED, actor=author, text=appeal.text, now=now)
    return appeal
