"""Supporters' signatures: online by verified residents, and paper lists entered by a
desk operator. One support per person key and project, enforced by the database; an
author cannot support their own project. The paper list names the taxpayer number, or
for people without one a passport or ID card."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.identity.age import age_on
from hromada.accounts.identity.person_key import TAXPAYER_NUMBER, person_key_for_shown_document
from hromada.accounts.identity.taxpayer import birth_date_from_taxpayer_number
from hromada.accounts.models import Settlement, User
from hromada.budget.eligibility import age_reference_day, identity_of, supporter_eligibility
from hromada.budget.enums import ProjectState, SupportChannel
from hromada.budget.models import Project, Support
from hromada.budget.selectors import is_open_for
from hromada.core.activity import log_activity

# Supports are collected once a project is public and until the commission decides.
SUPPORTABLE_STATES = frozenset(
    {ProjectState.IN_REVIEW, ProjectState.REVISION_REQUESTED, ProjectState.REVIEWED}
)


def _check_collecting(project: Project, now: datetime) -> None:
    if not is_open_for(project.edition, "accepts_supports", now):
        raise ValidationError(_("Supports are not being collected now."), code="closed")
    if project.state not in SUPPORTABLE_STATES:
        raise ValidationError(
            _("This project does not collect supports in its current state."), code="state"
        )


def _author_key(project: Project) -> str | None:
    identity = identity_of(project.author)
    return identity.person_key if identity is not None else None


def _save(support: Support, actor: User | None) -> Support:
    try:
        with transaction.atomic():
            support.save()
            log_activity(
                actor=actor,
                action=f"budget.support.{support.channel}",
                target=support.project,
                after={"support": support.pk, "channel": support.channel},
            )
    except IntegrityError as error:
        raise ValidationError(
            _("This person has already supported the project."), code="duplicate"
        ) from error
    return support


def support_online(*, project: Project, user: User, now: datetime | None = None) -> Support:
    now = now or timezone.now()
    _check_collecting(project, now)
    checked = supporter_eligibility(user, project.edition, timezone.localdate(now))
    if not checked.is_eligible or checked.identity is None:
        raise ValidationError(checked.problems, code="not_eligible")
    if project.author_id == user.pk or checked.identity.person_key == _author_key(project):
        raise ValidationError(_("Authors cannot support their own project."), code="author")
    if project.supports.filter(person_key=checked.identity.person_key).exists():
        raise ValidationError(_("You have already supported this project."), code="duplicate")
    return _save(
        Support(
            project=project,
            person_key=checked.identity.person_key,
            channel=SupportChannel.ONLINE,
            created_at=now,
        ),
        user,
    )


def add_paper_support(
    *,
    project: Project,
    operator: User,
    full_name: str,
    document_kind: str,
    document_number: str,
    birth_year: int,
    settlement: Settlement,
    has_signature: bool,
    now: datetime | None = None,
) -> Support:
    """One line of a paper supporters' list. The document number becomes the person key
    and is not kept."""
    now = now or timezone.now()
    _check_collecting(project, now)
    errors: dict[str, str] = {}
    if not has_signature:
        errors["has_signature"] = _("A line without the supporter's signature does not count.")
    if not " ".join(full_name.split()):
        errors["full_name"] = _("Enter the supporter's name as written on the list.")
    born = None
    try:
        key = person_key_for_shown_document(document_kind, document_number)
    except ValidationError as error:
        raise ValidationError({"document_number": error.messages}) from error
    if document_kind == TAXPAYER_NUMBER:
        born = birth_date_from_taxpayer_number(document_number)
        if born.year != birth_year:
            errors["birth_year"] = _("The birth year does not match the taxpayer number.")
    edition = project.edition
    reference = age_reference_day(edition, timezone.localdate(now))
    if born is not None:
        old_enough = age_on(born, reference) >= edition.voter_min_age
    else:  # only the year is known: the person turns that age at the latest on 31.12
        old_enough = reference.year - birth_year >= edition.voter_min_age
    if not old_enough and "birth_year" not in errors:
        errors["birth_year"] = _("Supporters must be at least %(age)s years old.") % {
            "age": edition.voter_min_age
        }
    if not settlement.is_active:
        errors["settlement"] = _("Choose a settlement of the community.")
    if errors:
        raise ValidationError(errors)
    if key == _author_key(project):
        raise ValidationError(_("Authors cannot support their own project."), code="author")
    if project.supports.filter(person_key=key).exists():
        raise ValidationError(_("This person has already supported the project."), code="duplicate")
    return _save(
        Support(
            project=project,
            person_key=key,
            channel=SupportChannel.PAPER,
            full_name=" ".join(full_name.split()),
            birth_year=birth_year,
            settlement=settlement,
            has_signature=True,
            entered_by=operator,
            created_at=now,
        ),
        operator,
    )
