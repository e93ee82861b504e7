"""Demo delivery of the 2024 winners, built through the services: records from the
approved count, plans, procurement with Prozorro ids, payments against the programme
measure, progress, before/after photos (pictures drawn here, different for each
project), one project not implemented and one author's sign-off. Idempotent: a record
that already has a timeline is left as it is.

Projects are meant to be delivered within the budget year, and the 2024 programme is in
force only in 2024: the implemented projects are delivered and paid in full in 2024. The
two still in progress were paid an advance in 2024; their later payments wait for a
programme in force on those dates (one linked to a budget edition)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from hromada.accounts.enums import Role
from hromada.accounts.models import Department, User
from hromada.accounts.selectors import department_ids_for
from hromada.budget.models import Edition
from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.models import ImplementationRecord
from hromada.implementation.services import (
    PhotoUpload,
    assign,
    change_status,
    create_records,
    post_update,
    record_payment,
    record_procurement,
    record_progress,
    sign_off,
)

S = ImplementationStatus
CENT = Decimal("0.01")
CONTRACTORS = [
    "ТОВ «Рівнебудсервіс»",
    "ФОП Мельничук О. П.",
    "ТОВ «Волинь-Ландшафт»",
    "ПП «Здолбунівтехмонтаж»",
    "ТОВ «Smart City Systems»",
    "ФОП Гнатюк В. І.",
    "ТОВ «Аудіовізуальні рішення»",
]


@dataclass(frozen=True)
class Step:
    """One thing that happens to a record on a day."""

    day: date
    status: str = ""  # a status change
    progress: int | None = None  # a progress entry
    note: str = ""
    photo: str = ""  # PhotoKind of a photo posted with an update
    paid: Decimal | None = None  # share of the contract (or estimate) paid
    settles: bool = False  # the final payment: whatever of the contract is unpaid


@dataclass(frozen=True)
class Script:
    planned: tuple[date, date]
    steps: tuple[Step, ...]
    contract_share: Decimal = Decimal("0.95")
    tender_day: date | None = None
    in_officers_department: bool = False
    author_signs_off: bool = False


def _d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


IMPLEMENTED_IN_2024 = Script(
    planned=(_d(2024, 7, 15), _d(2024, 10, 31)),
    tender_day=_d(2024, 7, 22),
    author_signs_off=True,
    steps=(
        Step(_d(2024, 7, 22), status=S.PROCUREMENT, note="Оголошено відкриті торги в Prozorro."),
        Step(_d(2024, 8, 19), status=S.CONTRACTING, note="Визначено переможця торгів."),
        Step(
            _d(2024, 9, 2),
            status=S.IN_PROGRESS,
            note="Підрядник вийшов на об'єкт.",
            photo=PhotoKind.BEFORE,
        ),
        Step(_d(2024, 9, 10), paid=Decimal("0.3")),
        Step(_d(2024, 10, 1), progress=60, note="Змонтовано основне обладнання."),
        Step(_d(2024, 10, 25), progress=100, note="Роботи завершено.", photo=PhotoKind.AFTER),
        Step(_d(2024, 10, 28), status=S.IMPLEMENTED, note="Підписано акт приймання робіт."),
        Step(_d(2024, 11, 15), settles=True),
    ),
)
IMPLEMENTED_IN_2024_NO_SIGN_OFF = Script(
    planned=(_d(2024, 8, 1), _d(2024, 11, 30)),
    tender_day=_d(2024, 8, 5),
    in_officers_department=True,
    steps=(
        Step(_d(2024, 8, 5), status=S.PROCUREMENT, note="Оголошено торги."),
        Step(_d(2024, 9, 9), status=S.CONTRACTING, note="Торги відбулися, готується договір."),
        Step(
            _d(2024, 9, 23), status=S.IN_PROGRESS, photo=PhotoKind.BEFORE, note="Розпочато монтаж."
        ),
        Step(_d(2024, 10, 2), paid=Decimal("0.5")),
        Step(
            _d(2024, 11, 12), progress=100, photo=PhotoKind.AFTER, note="Встановлено і перевірено."
        ),
        Step(_d(2024, 11, 14), status=S.IMPLEMENTED, note="Об'єкт прийнято."),
        Step(_d(2024, 12, 3), settles=True),
    ),
)
IMPLEMENTED_LATE_IN_2024 = Script(
    planned=(_d(2024, 9, 1), _d(2024, 12, 15)),
    tender_day=_d(2024, 9, 16),
    steps=(
        Step(_d(2024, 9, 16), status=S.PROCUREMENT, note="Оголошено торги на постачання і монтаж."),
        Step(_d(2024, 10, 28), status=S.CONTRACTING, note="Переможця визначено після оскарження."),
        Step(
            _d(2024, 11, 4),
            status=S.IN_PROGRESS,
            photo=PhotoKind.BEFORE,
            note="Підрядник розпочав підготовчі роботи.",
        ),
        Step(_d(2024, 11, 8), paid=Decimal("0.3"), note="Аванс 30 % за договором."),
        Step(_d(2024, 11, 22), progress=40, note="Прокладено кабелі живлення."),
        Step(_d(2024, 12, 6), progress=85, note="Змонтовано обладнання, триває налаштування."),
        Step(_d(2024, 12, 17), progress=100, photo=PhotoKind.AFTER, note="Обладнання працює."),
        Step(
            _d(2024, 12, 19),
            status=S.IMPLEMENTED,
            note="Підписано акт приймання, на чотири дні пізніше плану.",
        ),
        Step(_d(2024, 12, 26), settles=True),
    ),
)
OVERDUE_IN_PROGRESS = Script(
    planned=(_d(2024, 9, 1), _d(2025, 9, 30)),
    tender_day=_d(2024, 10, 7),
    in_officers_department=True,
    steps=(
        Step(_d(2024, 10, 7), status=S.PROCUREMENT, note="Оголошено торги."),
        Step(_d(2024, 11, 11), status=S.CONTRACTING, note="Договір на підписанні."),
        Step(
            _d(2024, 11, 25),
            status=S.IN_PROGRESS,
            photo=PhotoKind.BEFORE,
            note="Підготовка майданчиків.",
        ),
        Step(_d(2024, 12, 12), paid=Decimal("0.3"), note="Аванс на матеріали."),
        Step(_d(2025, 4, 22), progress=35, note="Встановлено перші дві велопарковки."),
        Step(
            _d(2025, 8, 18),
            progress=70,
            photo=PhotoKind.DURING,
            note="Підрядник затримує поставку навісів.",
        ),
    ),
)
IMPLEMENTED_BY_OFFICER = Script(
    planned=(_d(2024, 8, 15), _d(2024, 12, 20)),
    tender_day=_d(2024, 9, 2),
    in_officers_department=True,
    steps=(
        Step(_d(2024, 9, 2), status=S.PROCUREMENT, note="Оголошено торги."),
        Step(_d(2024, 10, 7), status=S.CONTRACTING, note="Торги відбулися."),
        Step(
            _d(2024, 10, 21),
            status=S.IN_PROGRESS,
            photo=PhotoKind.BEFORE,
            note="Демонтаж старих лавок.",
        ),
        Step(_d(2024, 11, 4), paid=Decimal("0.4")),
        Step(_d(2024, 11, 18), progress=50, note="Встановлено лавки; ліхтарі — наступними."),
        Step(
            _d(2024, 12, 9),
            progress=100,
            photo=PhotoKind.AFTER,
            note="Встановлено ліхтарі на сонячних батареях.",
        ),
        Step(_d(2024, 12, 11), status=S.IMPLEMENTED, note="Роботи прийнято з участю автора."),
        Step(_d(2024, 12, 18), settles=True),
    ),
)
NOT_IMPLEMENTED = Script(
    planned=(_d(2024, 8, 1), _d(2025, 3, 31)),
    tender_day=_d(2024, 8, 12),
    steps=(
        Step(_d(2024, 8, 12), status=S.PROCUREMENT, note="Оголошено торги."),
        Step(_d(2024, 10, 14), progress=0, note="Торги двічі не відбулися: жодної пропозиції."),
        Step(
            _d(2025, 3, 20),
            status=S.NOT_IMPLEMENTED,
            note=(
                "Після двох невдалих торгів і подорожчання обладнання на 40 % проєкт не "
                "вкладається в кошторис. Комісія рекомендувала автору подати його знову."
            ),
        ),
    ),
)
LONG_IN_PROGRESS = Script(
    planned=(_d(2025, 2, 1), _d(2026, 12, 31)),
    tender_day=_d(2025, 3, 3),
    contract_share=Decimal("0.98"),
    steps=(
        Step(
            _d(2024, 11, 20),
            paid=Decimal("0.2"),
            note="Передоплата за проєктно-кошторисну документацію.",
        ),
        Step(_d(2025, 3, 3), status=S.PROCUREMENT, note="Оголошено торги на обладнання зали."),
        Step(_d(2025, 4, 14), status=S.CONTRACTING, note="Договір укладено."),
        Step(
            _d(2025, 6, 2), status=S.IN_PROGRESS, photo=PhotoKind.BEFORE, note="Ремонт приміщення."
        ),
        Step(_d(2025, 10, 15), progress=40, note="Завершено ремонт, очікуємо поставку проєктора."),
    ),
)
# In the order of the winners' numbers (in the demo: benches and lights, a swing, bicycle
# parking, cameras, a chess club, drinking fountains, a multimedia hall).
SCRIPTS = [
    IMPLEMENTED_BY_OFFICER,
    IMPLEMENTED_IN_2024,
    OVERDUE_IN_PROGRESS,
    IMPLEMENTED_LATE_IN_2024,
    NOT_IMPLEMENTED,
    IMPLEMENTED_IN_2024_NO_SIGN_OFF,
    LONG_IN_PROGRESS,
]

PALETTES = [
    ((96, 150, 210), (120, 110, 100)),
    ((140, 190, 230), (110, 125, 90)),
    ((70, 120, 180), (130, 120, 120)),
    ((160, 200, 240), (100, 100, 110)),
    ((110, 160, 220), (125, 105, 85)),
    ((90, 140, 200), (115, 115, 100)),
    ((130, 175, 225), (105, 95, 95)),
]


def picture(number: int, kind: str) -> ContentFile:
    """A simple generated photo of project № `number`: a bare plot before the works, the
    same place with the new things after them, and a caption."""
    sky, ground = PALETTES[number % len(PALETTES)]
    image = Image.new("RGB", (800, 600), sky)
    draw = ImageDraw.Draw(image)
    horizon = 330 + (number * 17) % 60
    if kind == PhotoKind.BEFORE:
        draw.rectangle((0, horizon, 800, 600), fill=ground)
        for crack in range(5):
            x = 80 + crack * 140 + number * 7 % 50
            draw.line((x, horizon + 40, x + 60, 560), fill=(80, 70, 60), width=4)
    else:
        draw.rectangle((0, horizon, 800, 600), fill=(70, 150, 80))
        draw.ellipse((620, 40, 720, 140), fill=(250, 220, 90))
        for item in range(2 + number % 4):
            x = 70 + item * 170
            top = horizon + 60 + (item * 23) % 40
            if kind == PhotoKind.AFTER:
                draw.rectangle((x, top, x + 120, top + 30), fill=(150, 90, 40))
                draw.rectangle((x + 10, top + 30, x + 20, top + 70), fill=(60, 60, 60))
                draw.rectangle((x + 100, top + 30, x + 110, top + 70), fill=(60, 60, 60))
            else:
                draw.rectangle((x, top, x + 100, top + 80), outline=(240, 240, 240), width=6)
        if kind == PhotoKind.AFTER:
            pole = 720 - number * 13 % 90
            draw.rectangle((pole, horizon - 160, pole + 10, horizon + 120), fill=(40, 40, 40))
            draw.ellipse((pole - 20, horizon - 190, pole + 30, horizon - 140), fill=(255, 250, 200))
    font = ImageFont.load_default(size=36)
    captions: dict[str, str] = {
        PhotoKind.BEFORE: f"No {number}: before the works",
        PhotoKind.DURING: f"No {number}: works in progress",
        PhotoKind.AFTER: f"No {number}: after the works",
    }
    caption = captions[kind]
    draw.rectangle((0, 0, 800, 60), fill=(20, 30, 45))
    draw.text((20, 10), caption, fill=(255, 255, 255), font=font)
    output = io.BytesIO()
    image.save(output, format="PNG")
    return ContentFile(output.getvalue(), name=f"project-{number}-{kind}.png")


PHOTO_NOTES: dict[str, str] = {
    PhotoKind.BEFORE: "Фото місця до початку робіт.",
    PhotoKind.DURING: "Фото з місця робіт.",
    PhotoKind.AFTER: "Фото після завершення робіт.",
}
ALT_TEXTS: dict[str, str] = {
    PhotoKind.BEFORE: "Місце проєкту № {number} до початку робіт: порожня ділянка.",
    PhotoKind.DURING: "Місце проєкту № {number} під час робіт.",
    PhotoKind.AFTER: "Місце проєкту № {number} після робіт: встановлене обладнання.",
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11)))


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _play(
    record: ImplementationRecord, script: Script, index: int, actors: dict[str, User]
) -> None:
    coordinator = actors["coordinator"]
    today = timezone.localdate()
    officer_department = _officer_department(actors.get("officer"))
    department = (
        officer_department
        if script.in_officers_department and officer_department is not None
        else record.department
    )
    worker = (
        actors["officer"]
        if script.in_officers_department and officer_department is not None
        else coordinator
    )
    assign(
        record,
        actor=coordinator,
        department=department,
        planned_start=script.planned[0],
        planned_end=script.planned[1],
    )
    number = record.project.number or record.project_id
    contract_sum = _money(record.estimate * script.contract_share)
    paid = Decimal("0")
    for step in script.steps:
        if step.day > today:
            break
        if step.status == S.CONTRACTING and script.tender_day is not None:
            tender_id = f"UA-{script.tender_day.isoformat()}-{4200 + index * 37:06d}-a"
            record_procurement(
                record,
                actor=worker,
                tender_id=tender_id,
                contract_id=f"{tender_id}-a1",
                contract_sum=contract_sum,
                contractor=CONTRACTORS[index % len(CONTRACTORS)],
            )
        elif step.status == S.PROCUREMENT and script.tender_day is not None:
            record_procurement(
                record,
                actor=worker,
                tender_id=f"UA-{script.tender_day.isoformat()}-{4200 + index * 37:06d}-a",
                contract_id="",
                contract_sum=None,
                contractor="",
            )
        if step.status:
            change_status(
                record,
                actor=coordinator if step.status == S.NOT_IMPLEMENTED else worker,
                to_status=step.status,
                reason=step.note,
                happened_on=step.day,
                now=_at(step.day),
            )
        elif step.progress is not None:
            record_progress(
                record, actor=worker, progress=step.progress, note=step.note, happened_on=step.day
            )
        if step.photo:
            post_update(
                record,
                actor=worker,
                happened_on=step.day,
                text=PHOTO_NOTES[step.photo],
                photos=[
                    PhotoUpload(
                        picture(number, step.photo),
                        step.photo,
                        ALT_TEXTS[step.photo].format(number=number),
                    )
                ],
            )
        if step.paid is not None or step.settles:
            base = record.contract_sum if record.contract_sum is not None else record.estimate
            amount = base - paid if step.settles else _money(base * (step.paid or 0))
            record_payment(
                record,
                actor=coordinator,
                paid_on=step.day,
                amount=amount,
                document=f"ПД-{step.day:%Y}-{number:02d}{step.day:%m%d}",
            )
            paid += amount
        record.refresh_from_db()
    if script.author_signs_off and record.status == S.IMPLEMENTED:
        sign_off(
            record,
            author=record.project.author,
            accepts=True,
            remarks="Усе зроблено так, як було в проєкті. Дякую відділу і підряднику.",
            now=_at(min(today, date(2024, 11, 20))),
        )


def _officer_department(officer: User | None) -> Department | None:
    if officer is None:
        return None
    ids = sorted(department_ids_for(officer, [Role.DEPARTMENT_OFFICER]))
    return Department.objects.filter(pk__in=ids).order_by("pk").first()


def seed_implementation(edition: Edition, actors: dict[str, User]) -> list[str]:
    """The delivery of the edition's winners. `actors`: "coordinator" (creates and plans
    the records, pays, marks a project not implemented) and "officer" (a department
    officer whose department delivers some of the projects)."""
    with transaction.atomic():
        create_records(edition, actors["coordinator"])
        records = list(
            ImplementationRecord.objects.filter(project__edition=edition)
            .select_related("project")
            .order_by("project__number", "pk")
        )
        played = 0
        for index, record in enumerate(records):
            if record.updates.exists():
                continue
            _play(record, SCRIPTS[index % len(SCRIPTS)], index, actors)
            played += 1
    return [f"implementation {edition.slug}: {len(records)} records, {played} delivered now"]
