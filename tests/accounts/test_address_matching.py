"""The rule that turns a provider's address into a settlement of the community (see
hromada.accounts.identity.address)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from hromada.accounts.identity.address import community_stem, match_settlement

COMMUNITY = "Здолбунівська міська територіальна громада"


@dataclass(frozen=True)
class Place:
    name_uk: str


ZDOLBUNIV, ZDOVBYTSIA, MARIANIVKA = Place("Здолбунів"), Place("Здовбиця"), Place("Мар'янівка")
OURS = [ZDOLBUNIV, ZDOVBYTSIA, MARIANIVKA]


def test_community_stem_drops_the_adjective_ending():
    assert community_stem(COMMUNITY) == "здолбунів"


def test_empty_community_name_has_no_stem():
    assert community_stem("") == ""


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("Рівненська обл., Рівненський р-н, м. Здолбунів, вул. Шевченка, 12", ZDOLBUNIV),
        ("РІВНЕНСЬКА ОБЛ., ЗДОЛБУНІВСЬКИЙ Р-Н, С.ЗДОВБИЦЯ, ВУЛ. ЛІСОВА, 3", ZDOVBYTSIA),
        ("Здолбунівська громада, село Здовбиця, вул. Миру, 1", ZDOVBYTSIA),
        ("Здолбунівський р-н, с. Марʼянівка, буд. 1", MARIANIVKA),
        ("Здолбунівський р-н, с. Мар’янівка, буд. 1", MARIANIVKA),
        ("місто Здолбунів, вул. Грушевського, 30", ZDOLBUNIV),
        ("Здолбунів, вул. Шевченка, 1", ZDOLBUNIV),
    ],
)
def test_address_naming_one_of_our_settlements_matches(address, expected):
    assert match_settlement(address, OURS, COMMUNITY) is expected


def test_street_named_after_the_community_in_another_town_does_not_match():
    address = "Рівненська обл., м. Рівне, вул. Здолбунівська, буд. 5"
    assert match_settlement(address, OURS, COMMUNITY) is None


def test_village_without_a_mention_of_the_community_does_not_match():
    # A namesake village may exist elsewhere in Ukraine.
    address = "Київська обл., Бучанський р-н, с. Здовбиця, вул. Лісова, 3"
    assert match_settlement(address, OURS, COMMUNITY) is None


def test_address_naming_two_settlements_does_not_match():
    address = "Здолбунівський р-н, с. Здовбиця, м. Здолбунів"
    assert match_settlement(address, OURS, COMMUNITY) is None


def test_two_settlements_of_the_same_name_are_ambiguous():
    twins = [Place("Здовбиця"), Place("Здовбиця")]
    assert match_settlement("Здолбунівський р-н, с. Здовбиця", twins, COMMUNITY) is None


def test_inactive_settlements_are_left_out_by_the_caller():
    assert match_settlement("м. Здолбунів", [ZDOVBYTSIA], COMMUNITY) is None


def test_empty_address_matches_nothing():
    assert match_settlement("  ", OURS, COMMUNITY) is None


def test_without_a_community_name_one_named_settlement_is_enough():
    assert match_settlement("Бучанський р-н, с. Здовбиця", OURS, "") is ZDOVBYTSIA
