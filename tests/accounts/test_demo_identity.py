"""The demo identity provider: fictional residents, demo mode only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from hromada.accounts.demo import ensure_demo_accounts
from hromada.accounts.identity.age import age_on
from hromada.accounts.identity.demo_residents import DEMO_RESIDENTS, demo_resident
from hromada.accounts.identity.person_key import demo_person_key
from hromada.accounts.models import ResidencyClaim, Settlement, VerifiedIdentity
from hromada.core.models import ActivityLog


@pytest.fixture
def demo(settings):
    settings.DEMO_MODE = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/accounts/demo-identity/"), ("post", "/accounts/demo-identity/olena/sign-in/")],
)
def test_demo_identity_is_404_outside_demo_mode(client, method, path):
    assert getattr(client, method)(path).status_code == 404
    assert VerifiedIdentity.objects.count() == 0


@pytest.mark.django_db
def test_list_shows_every_fictional_resident(client, demo):
    html = client.get("/accounts/demo-identity/").content.decode()
    assert [resident.full_name in html for resident in DEMO_RESIDENTS] == [True] * 7


@pytest.mark.django_db
def test_signing_in_as_a_demo_resident_establishes_a_demo_identity(client, demo):
    response = client.post("/accounts/demo-identity/olena/sign-in/")
    assert response["Location"] == "/accounts/residency/"
    identity = VerifiedIdentity.objects.get()
    assert (identity.provider, identity.person_key, identity.full_name) == (
        "demo",
        demo_person_key("olena"),
        "Коваленко Олена Петрівна",
    )
    assert int(client.session["_auth_user_id"]) == identity.user_id


@pytest.mark.django_db
def test_demo_sign_in_is_audited(client, demo):
    client.post("/accounts/demo-identity/mykola/sign-in/")
    assert ActivityLog.objects.get(action="accounts.identity.established").after["provider"] == (
        "demo"
    )


@pytest.mark.django_db
def test_unknown_demo_resident_is_404(client, demo):
    assert client.post("/accounts/demo-identity/nobody/sign-in/").status_code == 404


@pytest.mark.django_db
def test_demo_settlements_give_automatic_claims_inside_the_community(client, demo):
    ensure_demo_accounts()
    client.post("/accounts/demo-identity/mykola/sign-in/")
    assert ResidencyClaim.objects.get().settlement == Settlement.objects.get(name_uk="Здовбиця")


@pytest.mark.django_db
def test_demo_resident_from_another_city_gets_no_claim(client, demo):
    ensure_demo_accounts()
    client.post("/accounts/demo-identity/taras/sign-in/")
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_every_demo_address_in_the_community_matches(client, demo):
    ensure_demo_accounts()
    matched = []
    for resident in DEMO_RESIDENTS:
        client.post("/accounts/logout/")
        client.post(f"/accounts/demo-identity/{resident.slug}/sign-in/")
        identity = VerifiedIdentity.objects.get(person_key=demo_person_key(resident.slug))
        matched.append(
            (resident.slug, identity.settlement.name_uk if identity.settlement else None)
        )
    assert matched == [
        ("olena", "Здолбунів"),
        ("mykola", "Здовбиця"),
        ("iryna", "Гільча Друга"),
        ("andrii", "Здолбунів"),
        ("sofiia", "Богдашів"),
        ("taras", None),
        ("halyna", None),
    ]


def test_demo_ages_hold_on_any_day_including_29_february():
    for today in (date(2024, 2, 29), date(2025, 3, 1), date(2025, 12, 31), date(2026, 1, 1)):
        for resident in DEMO_RESIDENTS:
            assert age_on(resident.birth_date(today), today) == resident.age, (resident, today)


def test_the_15_year_old_turns_16_five_days_from_now():
    andrii = demo_resident("andrii")
    assert andrii is not None
    today = timezone.localdate()
    born = andrii.birth_date(today)
    assert (age_on(born, today), age_on(born, today + timedelta(days=5))) == (15, 16)


def test_demo_residents_include_a_child_under_16():
    assert sorted(resident.age for resident in DEMO_RESIDENTS)[0] == 12
