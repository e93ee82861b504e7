from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import translation

from hromada.accounts.enums import (
    IdentityProvider,
    ResidencyBasis,
    ResidencyMethod,
    ResidencyStatus,
)
from hromada.accounts.identity.person_key import person_key_for_taxpayer_number
from hromada.accounts.models import ResidencyClaim, User, VerifiedIdentity
from hromada.accounts.services import establish_identity
from hromada.core.models import ActivityLog
from tests.factories.identity import OLENA_NUMBER, PETRO_NUMBER, make_settlement

ADDRESS = "Здолбунівський р-н, м. Здолбунів, вул. Шевченка, буд. 12"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The messages asserted here are the English source strings.
    with translation.override("en"):
        yield


def establish(number: str = OLENA_NUMBER, request_user=None, **overrides):
    values = {
        "provider": IdentityProvider.ID_GOV_UA,
        "person_key": person_key_for_taxpayer_number(number),
        "family_name": "Коваленко",
        "given_name": "Олена",
        "patronymic": "Петрівна",
        "birth_date": date(1985, 3, 14),
        "address_text": "",
        "request_user": request_user if request_user is not None else AnonymousUser(),
        "email": "",
    }
    values.update(overrides)
    return establish_identity(**values)


@pytest.mark.django_db
def test_new_person_gets_a_new_account_with_the_provider_email():
    user = establish(email="Olena@Example.org")
    identity = VerifiedIdentity.objects.get(user=user)
    assert (user.email, user.full_name, user.has_usable_password()) == (
        "olena@example.org",
        "Коваленко Олена Петрівна",
        False,
    )
    assert (identity.person_key, identity.provider, identity.birth_date) == (
        person_key_for_taxpayer_number(OLENA_NUMBER),
        IdentityProvider.ID_GOV_UA,
        date(1985, 3, 14),
    )


@pytest.mark.django_db
def test_new_identity_is_audited_without_number_or_address():
    user = establish(address_text=ADDRESS)
    entry = ActivityLog.objects.get(action="accounts.identity.established")
    assert entry.actor_id == user.pk
    assert entry.before is None
    assert entry.after == {
        "provider": "id_gov_ua",
        "full_name": "Коваленко Олена Петрівна",
        "birth_date": "1985-03-14",
        "settlement": None,
    }


@pytest.mark.django_db
def test_taken_provider_email_gives_a_placeholder(make_user):
    make_user(email="olena@example.org")
    user = establish(email="olena@example.org")
    key = person_key_for_taxpayer_number(OLENA_NUMBER)
    assert user.email == f"{key[:16]}@identity.invalid"


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not an address"])
def test_missing_or_invalid_email_gives_a_placeholder(email):
    user = establish(email=email)
    assert user.email.endswith("@identity.invalid")
    assert len(user.email.partition("@")[0]) == 16


@pytest.mark.django_db
def test_known_person_gets_the_same_account_with_refreshed_names():
    first = establish()
    again = establish(family_name="Коваленко-Шевчук", birth_date=date(1985, 3, 15))
    identity = VerifiedIdentity.objects.get()
    assert again.pk == first.pk
    assert (identity.family_name, identity.birth_date) == ("Коваленко-Шевчук", date(1985, 3, 15))
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_renewal_is_audited_with_before_and_after():
    establish()
    establish(family_name="Шевчук")
    entry = ActivityLog.objects.get(action="accounts.identity.renewed")
    assert entry.before["full_name"] == "Коваленко Олена Петрівна"
    assert entry.after["full_name"] == "Шевчук Олена Петрівна"


@pytest.mark.django_db
def test_signed_in_user_without_identity_is_linked(make_user):
    user = make_user(email="mine@example.org")
    result = establish(request_user=user, email="other@example.org")
    assert result.pk == user.pk
    assert VerifiedIdentity.objects.get().user_id == user.pk
    assert User.objects.get(pk=user.pk).email == "mine@example.org"


@pytest.mark.django_db
def test_signed_in_user_with_another_identity_is_refused_and_nothing_changes(make_user):
    user = make_user()
    establish(request_user=user)
    log_rows = ActivityLog.objects.count()
    with pytest.raises(ValidationError) as caught:
        establish(PETRO_NUMBER, request_user=user)
    assert caught.value.messages == [
        "Your account is already verified as another person. Sign out first to verify someone else."
    ]
    assert VerifiedIdentity.objects.count() == 1
    assert ActivityLog.objects.count() == log_rows


@pytest.mark.django_db
def test_known_person_signing_in_while_another_account_is_signed_in_gets_their_own(make_user):
    owner = establish()
    other = make_user()
    assert establish(request_user=other).pk == owner.pk


@pytest.mark.django_db
def test_deactivated_account_is_refused():
    user = establish()
    User.objects.filter(pk=user.pk).update(is_active=False)
    with pytest.raises(ValidationError) as caught:
        establish()
    assert caught.value.code == "inactive"


@pytest.mark.django_db
def test_matching_address_records_an_approved_registered_claim():
    zdolbuniv = make_settlement("Здолбунів")
    user = establish(address_text=ADDRESS)
    claim = ResidencyClaim.objects.get()
    assert (claim.identity.user_id, claim.settlement_id, claim.basis, claim.method) == (
        user.pk,
        zdolbuniv.pk,
        ResidencyBasis.REGISTERED,
        ResidencyMethod.PROVIDER_ADDRESS,
    )
    assert claim.status == ResidencyStatus.APPROVED
    assert VerifiedIdentity.objects.get().settlement_id == zdolbuniv.pk


@pytest.mark.django_db
def test_automatic_claim_is_audited():
    make_settlement("Здолбунів")
    establish(address_text=ADDRESS)
    entry = ActivityLog.objects.get(action="accounts.residency.confirmed_from_address")
    assert entry.after["method"] == "provider_address"
    assert entry.after["status"] == "approved"


@pytest.mark.django_db
def test_second_sign_in_does_not_repeat_the_automatic_claim():
    make_settlement("Здолбунів")
    establish(address_text=ADDRESS)
    establish(address_text=ADDRESS)
    assert ResidencyClaim.objects.count() == 1


@pytest.mark.django_db
def test_address_outside_the_community_records_no_claim():
    make_settlement("Здолбунів")
    establish(address_text="Рівненська обл., м. Рівне, вул. Здолбунівська, буд. 5")
    assert ResidencyClaim.objects.count() == 0
    assert VerifiedIdentity.objects.get().settlement is None


@pytest.mark.django_db
def test_inactive_settlement_is_not_matched():
    make_settlement("Здолбунів", is_active=False)
    establish(address_text=ADDRESS)
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_address_text_is_not_stored():
    make_settlement("Здолбунів")
    establish(address_text=ADDRESS)
    identity = VerifiedIdentity.objects.get()
    assert "Шевченка" not in repr(list(VerifiedIdentity.objects.values()))
    assert "Шевченка" not in repr(list(ActivityLog.objects.values()))
    assert identity.settlement is not None


@pytest.mark.django_db
def test_unknown_provider_is_a_programming_error():
    with pytest.raises(ValueError, match="unknown identity provider"):
        establish(provider="facebook")
