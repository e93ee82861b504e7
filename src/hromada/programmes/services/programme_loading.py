"""Loading a programme file into the database (what the file decides and what staff
own: see the docstring of `hromada.programmes.services`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from hromada.accounts.models import Department, User
from hromada.accounts.services import save_department
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.programmes.models import (
    Direction,
    ExpectedResult,
    Indicator,
    Measure,
    PlannedAmount,
    Programme,
    Task,
)
from hromada.programmes.programme_file import MeasureSpec, ProgrammeSpec, read_programme_file
from hromada.programmes.services.measures import next_measure_position, ordered_sources

M = TypeVar("M", bound=models.Model)

PROGRAMME_FIELDS = (
    "title_uk",
    "title_en",
    "goal_uk",
    "goal_en",
    "council_decision_number",
    "council_decision_date",
    "council_decision_appendix",
    "starts_on",
    "ends_on",
    "coordinating_department",
)


@dataclass(frozen=True)
class LoadSummary:
    file_name: str
    programme: Programme
    created: int
    updated: int
    unchanged: int

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def __str__(self) -> str:
        return (
            f"{self.programme.slug} from {self.file_name}: {self.created} created, "
            f"{self.updated} updated, {self.unchanged} unchanged"
        )


class _Load:
    """One load in progress: brings rows in line with the file and counts what it did."""

    def __init__(self, actor: User | None) -> None:
        self.actor = actor
        self.created = self.updated = self.unchanged = 0
        self.before: dict[str, dict[str, Any]] = {}
        self.after: dict[str, dict[str, Any]] = {}

    def note_update(self, label: str, before: dict[str, Any], after: dict[str, Any]) -> None:
        changed = changed_fields(before, after)
        self.updated += 1
        self.before[label] = {name: before[name] for name in changed}
        self.after[label] = {name: after[name] for name in changed}

    def sync(self, model: type[M], label: str, lookup: dict[str, Any], values: dict[str, Any]) -> M:
        """The row found by `lookup`, created or updated to hold `values`."""
        instance = model._default_manager.select_for_update().filter(**lookup).first()
        if instance is None:
            self.created += 1
            return model._default_manager.create(**lookup, **values)
        before = snapshot(instance, values)
        for name, value in values.items():
            setattr(instance, name, value)
        after = snapshot(instance, values)
        changed = changed_fields(before, after)
        if not changed:
            self.unchanged += 1
            return instance
        if any(field.name == "updated_at" for field in model._meta.concrete_fields):
            changed.append("updated_at")
        instance.save(update_fields=changed)
        self.note_update(label, before, after)
        return instance

    def department(self, code: str, name_uk: str, name_en: str) -> Department:
        department = Department.objects.filter(code=code).first()
        values = {"name_uk": name_uk, "name_en": name_en}
        if department is None:
            self.created += 1
            # The loader may run without an actor (command line); log_activity accepts that.
            return save_department(
                actor=self.actor,
                code=code,
                name_uk=name_uk,
                name_en=name_en,
            )
        before = snapshot(department, values)
        after = dict(values)
        if not changed_fields(before, after):
            self.unchanged += 1
            return department
        self.note_update(f"department {code}", before, after)
        return save_department(
            actor=self.actor,
            department=department,
            name_uk=name_uk,
            name_en=name_en,
        )

    def measure(self, task: Task, spec: MeasureSpec, departments: dict[str, Department]) -> None:
        if Measure.objects.filter(task=task, number=spec.number).exists():
            self.unchanged += 1  # staff own existing measures: never overwritten
            return
        measure = Measure.objects.create(
            task=task,
            number=spec.number,
            position=next_measure_position(task),
            title_uk=spec.title_uk,
            title_en=spec.title_en,
            responsible_department=departments[spec.responsible_department],
            deadline=spec.deadline,
            funding_sources=ordered_sources(spec.funding_sources),
        )
        self.created += 1
        for amount in spec.planned_amounts:
            PlannedAmount.objects.create(
                measure=measure,
                year=amount.year,
                source=amount.source,
                amount=amount.amount,
                is_illustrative=amount.is_illustrative,
            )
            self.created += 1
        for position, indicator in enumerate(spec.indicators, start=1):
            Indicator.objects.create(
                measure=measure,
                position=position,
                name_uk=indicator.name_uk,
                name_en=indicator.name_en,
                unit_uk=indicator.unit_uk,
                unit_en=indicator.unit_en,
                planned_value=indicator.planned_value,
                is_illustrative=indicator.is_illustrative,
            )
            self.created += 1

    def programme(self, spec: ProgrammeSpec) -> Programme:
        departments = {
            department.code: self.department(
                department.code, department.name_uk, department.name_en
            )
            for department in spec.departments
        }
        values = {name: getattr(spec, name) for name in PROGRAMME_FIELDS}
        values["coordinating_department"] = departments[spec.coordinating_department]
        programme = self.sync(Programme, "programme", {"slug": spec.slug}, values)
        for position, result in enumerate(spec.expected_results, start=1):
            self.sync(
                ExpectedResult,
                f"expected result {position}",
                {"programme": programme, "position": position},
                {"text_uk": result.text_uk, "text_en": result.text_en},
            )
        for direction_spec in spec.directions:
            direction = self.sync(
                Direction,
                f"direction {direction_spec.number}",
                {"programme": programme, "number": direction_spec.number},
                {"title_uk": direction_spec.title_uk, "title_en": direction_spec.title_en},
            )
            for position, task_spec in enumerate(direction_spec.tasks, start=1):
                task = self.sync(
                    Task,
                    f"task {task_spec.number}",
                    {"direction": direction, "number": task_spec.number},
                    {
                        "title_uk": task_spec.title_uk,
                        "title_en": task_spec.title_en,
                        "position": position,
                    },
                )
                for measure_spec in task_spec.measures:
                    self.measure(task, measure_spec, departments)
        return programme


def load_programme_file(path: str | Path, *, actor: User | None = None) -> LoadSummary:
    """Load (or bring up to date) a programme from its YAML file; see the module
    docstring for what the file decides. Raises ProgrammeFileError, having changed
    nothing, if the file has any problem."""
    spec = read_programme_file(path)
    load = _Load(actor)
    with transaction.atomic():
        programme = load.programme(spec)
        summary = LoadSummary(
            file_name=spec.file_name,
            programme=programme,
            created=load.created,
            updated=load.updated,
            unchanged=load.unchanged,
        )
        if summary.changed:
            log_activity(
                actor=actor,
                action="programmes.programme.loaded",
                target=programme,
                before={"changes": load.before} if load.before else None,
                after={
                    "file": spec.file_name,
                    "created": summary.created,
                    "updated": summary.updated,
                    "unchanged": summary.unchanged,
                    "changes": load.after,
                },
            )
    return summary
