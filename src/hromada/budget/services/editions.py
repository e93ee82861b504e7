"""Writes about editions: their settings, pools, categories, territories and phases.
The regulation is data, so it is validated as a whole (`edition_problems`) before it
can be published, and the rules that decide the outcome freeze once voting opens."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.accounts.enums import ResidencyBasis
from hromada.accounts.models import User
from hromada.budget.enums import PHASE_ORDER, LeftoverRule, PhaseKind
from hromada.budget.models import Category, Edition, NonWorkingDay, Phase, Pool, Territory
from hromada.budget.selectors import has_voting_opened, phase_closes_at, phase_is_open
from hromada.core.activity import changed_fields, log_activity, snapshot

EDITION_FIELDS = tuple(
    field.name
    for field in Edition._meta.get_fields()
    if isinstance(field, models.Field)
    and field.concrete
    and field.name not in {"id", "created_at", "updated_at"}
)
POOL_FIELDS = (
    "code",
    "name_uk",
    "name_en",
    "amount",
    "min_project_cost",
    "max_project_cost",
    "territory",
    "minimum_votes",
    "position",
)
CATEGORY_FIELDS = ("code", "name_uk", "name_en", "position")
TERRITORY_FIELDS = ("code", "name_uk", "name_en", "position")
PHASE_FIELDS = (
    "kind",
    "starts_on",
    "ends_on",
    "accepts_submissions",
    "accepts_supports",
    "accepts_appeals",
    "accepts_votes",
    "shows_results",
)
REQUIRED_PHASES = (PhaseKind.SUBMISSION, PhaseKind.REVIEW, PhaseKind.VOTING, PhaseKind.RESULTS)

CAPABILITY_FLAGS = (
    "accepts_submissions",
    "accepts_supports",
    "accepts_appeals",
    "accepts_votes",
    "shows_results",
)
# What each kind of phase allows unless the coordinator says otherwise.
DEFAULT_CAPABILITIES: dict[str, dict[str, bool]] = {
    PhaseKind.SUBMISSION: {"accepts_submissions": True, "accepts_supports": True},
    PhaseKind.APPEALS: {"accepts_appeals": True},
    PhaseKind.VOTING: {"accepts_votes": True},
    PhaseKind.RESULTS: {"shows_results": True},
    PhaseKind.IMPLEMENTATION: {"shows_results": True},
}


def _money(value: Decimal) -> str:
    return f"{value:,.2f}".replace(",", "\u00a0")


def edition_problems(edition: Edition) -> list[str]:
    """Everything that keeps the regulation from being consistent, as messages for the
    coordinator. An empty list means the edition may be published."""
    problems: list[str] = []
    pools = list(edition.pools.select_related("territory"))
    phases = {phase.kind: phase for phase in edition.phases.all()}
    if not pools:
        problems.append(_("Add at least one pool."))
    else:
        pooled = sum((pool.amount for pool in pools), Decimal("0"))
        if pooled != edition.total_amount:
            problems.append(
                _("The pools add up to %(pooled)s UAH, but the edition's total is %(total)s UAH.")
                % {"pooled": _money(pooled), "total": _money(edition.total_amount)}
            )
    for pool in pools:
        if pool.min_project_cost > pool.max_project_cost:
            problems.append(
                _("Pool “%(pool)s”: the minimum project cost is above the maximum.")
                % {"pool": pool.name}
            )
        if pool.max_project_cost > pool.amount:
            problems.append(
                _("Pool “%(pool)s”: the maximum project cost is above the pool's money.")
                % {"pool": pool.name}
            )
        if pool.max_project_cost <= 0:
            problems.append(
                _("Pool “%(pool)s”: set the maximum project cost.") % {"pool": pool.name}
            )
    if not edition.categories.exists():
        problems.append(_("Add at least one category."))
    if any(pool.territory_id for pool in pools):
        for territory in edition.territories.prefetch_related("settlements"):
            if not territory.settlements.all():
                problems.append(
                    _("Territory “%(territory)s” has no settlements.")
                    % {"territory": territory.name}
                )
    if edition.leftover_rule == LeftoverRule.TRANSFER and len(pools) < 2:
        problems.append(_("Money can be transferred between pools only with two pools or more."))
    bases = edition.residency_bases if isinstance(edition.residency_bases, list) else []
    if not bases:
        problems.append(_("Accept at least one residency basis."))
    elif not set(bases) <= set(ResidencyBasis.values):
        problems.append(_("Unknown residency basis."))
    for kind in REQUIRED_PHASES:
        if kind not in phases:
            problems.append(_("Add the phase “%(phase)s”.") % {"phase": PhaseKind(kind).label})
    ordered = [phases[kind] for kind in PHASE_ORDER if kind in phases]
    for earlier, later in pairwise(ordered):
        if later.starts_on < earlier.starts_on or later.ends_on < earlier.ends_on:
            problems.append(
                _("The phase “%(later)s” must not start or end before “%(earlier)s”.")
                % {"later": later.get_kind_display(), "earlier": earlier.get_kind_display()}
            )
    for phase in ordered:
        if phase.ends_on < phase.starts_on:
            problems.append(
                _("The phase “%(phase)s” ends before it starts.")
                % {"phase": phase.get_kind_display()}
            )
    submission, voting = phases.get(PhaseKind.SUBMISSION), phases.get(PhaseKind.VOTING)
    if submission and voting and voting.starts_on <= submission.ends_on:
        problems.append(_("Voting must start after the submission of projects has ended."))
    return problems


def _check_not_frozen(edition: Edition, before: dict[str, Any], after: dict[str, Any]) -> None:
    frozen = [name for name in changed_fields(before, after) if name in Edition.OUTCOME_FIELDS]
    if frozen and has_voting_opened(edition):
        labels = ", ".join(
            str(getattr(Edition._meta.get_field(name), "verbose_name", name)) for name in frozen
        )
        raise ValidationError(
            _("Voting has opened: these rules can no longer change: %(fields)s.")
            % {"fields": labels}
        )


def save_edition(*, actor: User | None, edition: Edition | None = None, **values: Any) -> Edition:
    """Create an edition or change its settings. Publishing requires a consistent whole."""
    with transaction.atomic():
        is_new = edition is None
        if edition is None:
            edition = Edition()
            before: dict[str, Any] | None = None
        else:
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            before = snapshot(edition, EDITION_FIELDS)
        for name, value in values.items():
            if name not in EDITION_FIELDS:
                raise TypeError(f"unknown edition field {name!r}")
            setattr(edition, name, value)
        edition.full_clean()
        after = snapshot(edition, EDITION_FIELDS)
        if before is not None:
            _check_not_frozen(edition, before, after)
            if not changed_fields(before, after):
                return edition
        if edition.is_published and (before is None or not before.get("is_published")):
            if is_new:
                raise ValidationError(_("Add pools, categories and phases before publishing."))
            problems = edition_problems(edition)
            if problems:
                raise ValidationError(problems)
        edition.save()
        log_activity(
            actor=actor,
            action="budget.edition.created" if is_new else "budget.edition.updated",
            target=edition,
            before=before,
            after=after,
        )
    return edition


def _save_part(
    model: type[models.Model],
    fields: tuple[str, ...],
    noun: str,
    *,
    actor: User | None,
    edition: Edition,
    instance: models.Model | None,
    values: dict[str, Any],
) -> Any:
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)
        is_new = instance is None
        if instance is None:
            instance = model(edition=edition)
            before: dict[str, Any] | None = None
        else:
            instance = model._default_manager.select_for_update().get(pk=instance.pk)
            before = snapshot(instance, fields)
        for name, value in values.items():
            if name not in fields:
                raise TypeError(f"unknown {noun} field {name!r}")
            setattr(instance, name, value)
        instance.full_clean()
        after = snapshot(instance, fields)
        if before is not None and not changed_fields(before, after):
            return instance
        if has_voting_opened(edition) and noun in {"pool", "phase"}:
            _check_frozen_part(noun, before, after)
        instance.save()
        log_activity(
            actor=actor,
            action=f"budget.{noun}.{'created' if is_new else 'updated'}",
            target=instance,
            before=before,
            after={**after, "edition": edition.slug},
        )
    return instance


def _check_frozen_part(noun: str, before: dict[str, Any] | None, after: dict[str, Any]) -> None:
    if noun == "pool":
        decisive = {"amount", "min_project_cost", "max_project_cost", "territory", "minimum_votes"}
        if before is None or set(changed_fields(before, after)) & decisive:
            raise ValidationError(
                _("Voting has opened: pools and their money can no longer change.")
            )
    if (
        noun == "phase"
        and before is not None
        and set(changed_fields(before, after)) & {"kind", "starts_on", "accepts_votes"}
    ):
        raise ValidationError(
            _("Voting has opened: its start and the phases before it can no longer change.")
        )


def save_pool(
    *, actor: User | None, edition: Edition, pool: Pool | None = None, **values: Any
) -> Pool:
    territory = values.get("territory")
    if territory is not None and territory.edition_id != edition.pk:
        raise ValidationError({"territory": _("Choose a territory of this edition.")})
    result: Pool = _save_part(
        Pool, POOL_FIELDS, "pool", actor=actor, edition=edition, instance=pool, values=values
    )
    return result


def save_category(
    *, actor: User | None, edition: Edition, category: Category | None = None, **values: Any
) -> Category:
    result: Category = _save_part(
        Category,
        CATEGORY_FIELDS,
        "category",
        actor=actor,
        edition=edition,
        instance=category,
        values=values,
    )
    return result


def save_territory(
    *,
    actor: User | None,
    edition: Edition,
    territory: Territory | None = None,
    settlements: list[Any] | None = None,
    **values: Any,
) -> Territory:
    with transaction.atomic():
        result: Territory = _save_part(
            Territory,
            TERRITORY_FIELDS,
            "territory",
            actor=actor,
            edition=edition,
            instance=territory,
            values=values,
        )
        if settlements is not None:
            old = sorted(result.settlements.values_list("pk", flat=True))
            new = sorted(settlement.pk for settlement in settlements)
            if old != new:
                result.settlements.set(settlements)
                log_activity(
                    actor=actor,
                    action="budget.territory.settlements_changed",
                    target=result,
                    before={"settlements": old},
                    after={"settlements": new},
                )
    return result


def save_phase(
    *, actor: User | None, edition: Edition, phase: Phase | None = None, **values: Any
) -> Phase:
    if phase is None and not any(values.get(flag) for flag in CAPABILITY_FLAGS):
        # A new phase with nothing ticked gets what its kind allows (a voting phase that
        # accepts no votes is never what a coordinator means).
        values.update(DEFAULT_CAPABILITIES.get(values.get("kind", ""), {}))
    try:
        result: Phase = _save_part(
            Phase,
            PHASE_FIELDS,
            "phase",
            actor=actor,
            edition=edition,
            instance=phase,
            values=values,
        )
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}) and "kind" not in error.error_dict:
            raise ValidationError({"kind": _("This edition already has this phase.")}) from error
        raise
    return result


def remove_part(*, actor: User | None, part: Pool | Category | Territory | Phase) -> None:
    """Remove a pool, category, territory or phase that nothing refers to yet."""
    edition = part.edition
    noun = part._meta.model_name
    if has_voting_opened(edition) and noun in {"pool", "phase"}:
        raise ValidationError(_("Voting has opened: pools and phases can no longer be removed."))
    if not isinstance(part, Phase) and part.projects.exists():
        raise ValidationError(_("Projects refer to it: it cannot be removed."))
    if isinstance(part, Territory) and part.pools.exists():
        raise ValidationError(_("A pool is limited to this territory: change the pool first."))
    with transaction.atomic():
        log_activity(
            actor=actor,
            action=f"budget.{noun}.removed",
            target=part,
            before={"edition": edition.slug, "name": str(part)},
        )
        part.delete()


def close_phase_early(
    *, actor: User, phase: Phase, reason: str, now: datetime | None = None
) -> Phase:
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the phase closes early.")})
    with transaction.atomic():
        phase = Phase.objects.select_for_update().get(pk=phase.pk)
        if not phase_is_open(phase, now):
            raise ValidationError(_("Only an open phase can be closed early."))
        scheduled = phase_closes_at(phase)
        phase.closed_early_at = now
        phase.closed_early_by = actor
        phase.closed_early_reason = reason.strip()
        phase.save(update_fields=["closed_early_at", "closed_early_by", "closed_early_reason"])
        log_activity(
            actor=actor,
            action="budget.phase.closed_early",
            target=phase,
            before={"closes_at": scheduled.isoformat(), "edition": phase.edition.slug},
            after={"closes_at": now.isoformat()},
            reason=phase.closed_early_reason,
        )
    return phase


def _next_year(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def copy_edition(
    *, actor: User | None, source: Edition, slug: str, year: int, title_uk: str, title_en: str = ""
) -> Edition:
    """A new unpublished edition with last year's regulation: settings, pools,
    categories, territories and phases moved by the difference in years."""
    years = year - source.year
    excluded = {
        "slug",
        "year",
        "title_uk",
        "title_en",
        "is_published",
        "council_decision_number",
        "council_decision_date",
    }
    with transaction.atomic():
        edition = Edition(
            slug=slug,
            year=year,
            title_uk=title_uk,
            title_en=title_en,
            **{name: getattr(source, name) for name in EDITION_FIELDS if name not in excluded},
        )
        edition.full_clean()
        edition.save()
        territories: dict[int, Territory] = {}
        for territory in source.territories.prefetch_related("settlements"):
            copy = Territory.objects.create(
                edition=edition, **{name: getattr(territory, name) for name in TERRITORY_FIELDS}
            )
            copy.settlements.set(territory.settlements.all())
            territories[territory.pk] = copy
        for pool in source.pools.all():
            Pool.objects.create(
                edition=edition,
                **{name: getattr(pool, name) for name in POOL_FIELDS if name != "territory"},
                territory=territories.get(pool.territory_id) if pool.territory_id else None,
            )
        for category in source.categories.all():
            Category.objects.create(
                edition=edition, **{name: getattr(category, name) for name in CATEGORY_FIELDS}
            )
        for phase in source.phases.all():
            shifted = {name: getattr(phase, name) for name in PHASE_FIELDS}
            shifted["starts_on"] = _next_year(phase.starts_on, years)
            shifted["ends_on"] = _next_year(phase.ends_on, years)
            Phase.objects.create(edition=edition, **shifted)
        log_activity(
            actor=actor,
            action="budget.edition.copied",
            target=edition,
            before={"source": source.slug},
            after=snapshot(edition, EDITION_FIELDS),
        )
    return edition


def add_non_working_day(
    *, actor: User | None, day: date, name_uk: str, name_en: str = ""
) -> NonWorkingDay:
    with transaction.atomic():
        entry = NonWorkingDay(day=day, name_uk=name_uk, name_en=name_en)
        entry.full_clean()
        entry.save()
        log_activity(
            actor=actor,
            action="budget.non_working_day.added",
            target=entry,
            after={"day": day.isoformat(), "name_uk": name_uk},
        )
    return entry


def remove_non_working_day(*, actor: User | None, day: NonWorkingDay) -> None:
    with transaction.atomic():
        log_activity(
            actor=actor,
            action="budget.non_working_day.removed",
            target=day,
            before={"day": day.day.isoformat(), "name_uk": day.name_uk},
        )
        day.delete()
