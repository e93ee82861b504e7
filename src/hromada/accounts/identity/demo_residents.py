"""Fictional residents for the demo identity provider (DEMO_MODE only). Ages are kept
relative to today, so the 15-year-old stays a few days short of 16 in every demo. Their
person keys come from DEMO_PERSON_KEY_SECRET and can never equal a real person's key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hromada.accounts.identity.age import birthday_in

DEMO_SETTLEMENTS = (
    # (code, kind, name_uk, name_en). Demo codes, not real KATOTTG codes: a council
    # loads its own settlements from the codifier.
    ("DEMO-ZDOLBUNIV", "city", "Здолбунів", "Zdolbuniv"),
    ("DEMO-ZDOVBYTSIA", "village", "Здовбиця", "Zdovbytsia"),
    ("DEMO-HILCHA-2", "village", "Гільча Друга", "Hilcha Druha"),
    ("DEMO-BOHDASHIV", "village", "Богдашів", "Bohdashiv"),
)

_REGION = "Рівненська обл., Рівненський р-н, Здолбунівська міська територіальна громада"


@dataclass(frozen=True)
class DemoResident:
    slug: str
    family_name: str
    given_name: str
    patronymic: str
    age: int
    days_to_birthday: int  # 1…364: the next birthday is this many days away
    address: str
    email: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name} {self.patronymic}"

    def birth_date(self, today: date) -> date:
        next_birthday = today + timedelta(days=self.days_to_birthday)
        return birthday_in(next_birthday, next_birthday.year - self.age - 1)


DEMO_RESIDENTS = (
    DemoResident(
        "olena",
        "Коваленко",
        "Олена",
        "Петрівна",
        34,
        120,
        f"{_REGION}, м. Здолбунів, вул. Шевченка, буд. 12, кв. 5",
        "olena.kovalenko@example.org",
    ),
    DemoResident(
        "mykola",
        "Бондаренко",
        "Микола",
        "Іванович",
        71,
        200,
        f"{_REGION}, с. Здовбиця, вул. Центральна, буд. 4",
    ),
    DemoResident(
        "iryna",
        "Ткачук",
        "Ірина",
        "Олегівна",
        19,
        45,
        f"{_REGION}, с. Гільча Друга, вул. Лісова, буд. 7",
    ),
    DemoResident(
        "andrii",
        "Мельничук",
        "Андрій",
        "Васильович",
        15,
        5,
        f"{_REGION}, м. Здолбунів, вул. Грушевського, буд. 30",
    ),
    DemoResident(
        "sofiia",
        "Гнатюк",
        "Софія",
        "Андріївна",
        12,
        150,
        f"{_REGION}, с. Богдашів, вул. Садова, буд. 2",
    ),
    DemoResident(
        "taras",
        "Павлюк",
        "Тарас",
        "Миколайович",
        45,
        300,
        "Рівненська обл., м. Рівне, вул. Соборна, буд. 101, кв. 17",
    ),
    DemoResident(
        "halyna",
        "Сидорчук",
        "Галина",
        "Степанівна",
        58,
        30,
        "",
    ),
)


def demo_resident(slug: str) -> DemoResident | None:
    return next((resident for resident in DEMO_RESIDENTS if resident.slug == slug), None)
