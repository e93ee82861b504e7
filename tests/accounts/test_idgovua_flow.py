"""The id.gov.ua sign-in, end to end: Django's test client on our side, the fake gateway
(tests/fakes/idgovua_server.py) over real HTTP on the other."""

from __future__ import annotations

import json
import logging
import socket
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import escape

from hromada.accounts.enums import IdentityProvider, ResidencyMethod
from hromada.accounts.identity.idgovua import (
    ERROR_MESSAGES,
    USER_INFO_FIELDS,
    IdGovUaErrorCode,
)
from hromada.accounts.identity.person_key import person_key_for_taxpayer_number
from hromada.accounts.identity.provider_session import PROVIDER_SESSION_KEY
from hromada.accounts.models import ResidencyClaim, User, VerifiedIdentity
from hromada.core.models import ActivityLog
from tests.factories.identity import OLENA_NUMBER, PETRO_NUMBER, make_settlement
from tests.fakes.idgovua_server import base64_encoder

START = "/accounts/id-gov-ua/start/"
CALLBACK = "/accounts/id-gov-ua/callback/"


def message(code: IdGovUaErrorCode) -> str:
    with translation.override("uk"):
        return escape(str(ERROR_MESSAGES[code]))


def start(client, query: str = "") -> str:
    response = client.get(START + query)
    assert response.status_code == 302
    return response["Location"]


def sign_in(client, server, person: str = "olena"):
    return client.get(server.consent(start(client), person))


def everything_stored() -> str:
    """Every row of every table, and every session decoded, as one text."""
    dumps = [
        json.dumps(list(model._default_manager.values()), cls=DjangoJSONEncoder, ensure_ascii=False)
        for model in apps.get_models()
    ]
    dumps += [
        json.dumps(session.get_decoded(), cls=DjangoJSONEncoder, ensure_ascii=False)
        for session in Session.objects.all()
    ]
    return "\n".join(dumps)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.django_db
def test_start_redirects_to_the_gateway_with_the_protocol_parameters(client, idgovua_server):
    location = start(client)
    parts = urlsplit(location)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == idgovua_server.base_url + "/"
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": ["hromada-test-client"],
        "auth_type": ["dig_sign,bank_id,diia_id"],
        "state": [client.session["idgovua_sign_in"]["state"]],
        "redirect_uri": ["http://testserver/accounts/id-gov-ua/callback/"],
    }
    assert "auth_type=dig_sign,bank_id,diia_id&" in location


@pytest.mark.django_db
def test_english_page_uses_the_same_registered_callback(client, idgovua_server):
    location = start(client.__class__(), "")
    english = client.get("/en" + START)["Location"]
    assert (
        parse_qs(urlsplit(english).query)["redirect_uri"]
        == parse_qs(urlsplit(location).query)["redirect_uri"]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", [START, CALLBACK])
def test_not_offered_without_client_credentials(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_successful_sign_in_creates_an_account_and_signs_in(client, idgovua_server):
    response = sign_in(client, idgovua_server)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/residency/"
    user = User.objects.get()
    assert int(client.session["_auth_user_id"]) == user.pk
    assert user.email == "olena@example.org"


@pytest.mark.django_db
def test_identity_holds_the_person_key_hmac(client, idgovua_server):
    sign_in(client, idgovua_server)
    identity = VerifiedIdentity.objects.get()
    assert identity.person_key == person_key_for_taxpayer_number(OLENA_NUMBER)
    assert (identity.provider, identity.full_name, str(identity.birth_date)) == (
        IdentityProvider.ID_GOV_UA,
        "Коваленко Олена Петрівна",
        "1985-03-14",
    )


@pytest.mark.django_db
def test_taxpayer_number_is_nowhere_in_the_database_sessions_or_logs(
    client, idgovua_server, caplog
):
    caplog.set_level(logging.DEBUG)
    make_settlement("Здолбунів")
    sign_in(client, idgovua_server)
    client.get("/accounts/residency/")
    stored = everything_stored()
    assert VerifiedIdentity.objects.get().person_key in stored  # the dump covers identities
    assert OLENA_NUMBER not in stored
    assert "Шевченка" not in stored  # the address text
    assert OLENA_NUMBER not in caplog.text


@pytest.mark.django_db
def test_only_the_needed_fields_are_requested(client, idgovua_server):
    sign_in(client, idgovua_server)
    assert idgovua_server.requested_fields == [list(USER_INFO_FIELDS)]
    assert "phone" not in USER_INFO_FIELDS


@pytest.mark.django_db
def test_sign_in_is_audited(client, idgovua_server):
    sign_in(client, idgovua_server)
    entry = ActivityLog.objects.get(action="accounts.identity.established")
    assert entry.actor_id == User.objects.get().pk
    assert OLENA_NUMBER not in json.dumps(entry.after)


@pytest.mark.django_db
def test_second_sign_in_reaches_the_same_account(client, idgovua_server):
    sign_in(client, idgovua_server)
    first = User.objects.get()
    client.post("/accounts/logout/")
    response = sign_in(client, idgovua_server)
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == first.pk
    assert (User.objects.count(), VerifiedIdentity.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_upper_case_names_from_the_certificate_are_title_cased(client, idgovua_server):
    sign_in(client, idgovua_server, "petro")
    assert VerifiedIdentity.objects.get().full_name == "Шевчук Петро Іванович"


@pytest.mark.django_db
def test_signed_in_password_account_gets_the_identity_linked(client, idgovua_server, make_user):
    user = make_user(email="mine@example.org")
    client.force_login(user)
    sign_in(client, idgovua_server)
    assert VerifiedIdentity.objects.get().user_id == user.pk
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_next_url_on_this_site_is_followed(client, idgovua_server):
    callback = idgovua_server.consent(start(client, "?next=/profile/"))
    assert client.get(callback)["Location"] == "/profile/"


@pytest.mark.django_db
def test_next_url_elsewhere_is_ignored(client, idgovua_server):
    callback = idgovua_server.consent(start(client, "?next=https://evil.example/"))
    assert client.get(callback)["Location"] == "/accounts/residency/"


@pytest.mark.django_db
def test_denied_consent_shows_a_friendly_page_and_creates_nothing(client, idgovua_server):
    response = client.get(idgovua_server.refuse(start(client)))
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.DENIED) in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_error_page_links_to_try_again(client, idgovua_server):
    response = client.get(idgovua_server.refuse(start(client)))
    assert f'href="{START}"' in response.content.decode()


@pytest.mark.django_db
def test_tampered_state_is_refused(client, idgovua_server):
    callback = idgovua_server.consent(start(client))
    state = parse_qs(urlsplit(callback).query)["state"][0]
    response = client.get(callback.replace(state, state[:-2] + "xx"))
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.BAD_STATE) in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_callback_without_a_sign_in_in_progress_is_refused(client, idgovua_server):
    response = client.get(CALLBACK + "?code=abc&state=def")
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.BAD_STATE) in response.content.decode()


@pytest.mark.django_db
def test_replayed_state_is_refused(client, idgovua_server):
    callback = idgovua_server.consent(start(client))
    assert client.get(callback).status_code == 302
    response = client.get(callback)
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.BAD_STATE) in response.content.decode()


@pytest.mark.django_db
def test_expired_code_is_refused(client, idgovua_server):
    idgovua_server.code_lifetime_seconds = -1
    response = sign_in(client, idgovua_server)
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.INVALID_CODE) in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_missing_taxpayer_number_is_refused_and_nothing_created(client, idgovua_server):
    response = sign_in(client, idgovua_server, "no-number")
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.MISSING_TAXPAYER_NUMBER) in response.content.decode()
    assert (User.objects.count(), VerifiedIdentity.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_refused_sign_in_also_ends_the_gateway_session(client, idgovua_server):
    sign_in(client, idgovua_server, "no-number")
    assert [user_id for user_id, _token in idgovua_server.logouts] == ["u-no-number"]


@pytest.mark.django_db
def test_taxpayer_number_with_a_wrong_check_digit_is_refused(client, idgovua_server):
    response = sign_in(client, idgovua_server, "bad-number")
    assert response.status_code == 400
    assert message(IdGovUaErrorCode.INVALID_TAXPAYER_NUMBER) in response.content.decode()
    assert (User.objects.count(), VerifiedIdentity.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_refused_number_is_not_logged(client, idgovua_server, caplog):
    caplog.set_level(logging.DEBUG)
    sign_in(client, idgovua_server, "bad-number")
    assert "id.gov.ua sign-in failed: invalid_taxpayer_number" in caplog.text
    assert "3111901238" not in caplog.text


@pytest.mark.django_db
def test_gateway_down_shows_a_friendly_page(client, idgovua_server, settings):
    callback = idgovua_server.consent(start(client))
    settings.IDGOVUA_BASE_URL = f"http://127.0.0.1:{closed_port()}"
    response = client.get(callback)
    assert response.status_code == 502
    assert message(IdGovUaErrorCode.UNAVAILABLE) in response.content.decode()
    assert f'href="{START}"' in response.content.decode()


@pytest.mark.django_db
def test_wrong_client_secret_is_logged_for_the_operator(client, idgovua_server, settings, caplog):
    callback = idgovua_server.consent(start(client))
    settings.IDGOVUA_CLIENT_SECRET = "not-the-secret"
    response = client.get(callback)
    assert response.status_code == 502
    assert "check IDGOVUA_CLIENT_ID and IDGOVUA_CLIENT_SECRET" in caplog.text
    assert "not-the-secret" not in caplog.text


@pytest.mark.django_db
def test_other_gateway_error_is_a_gateway_failure(client, idgovua_server):
    start(client)
    state = client.session["idgovua_sign_in"]["state"]
    response = client.get(f"{CALLBACK}?error=server_error&state={state}")
    assert response.status_code == 502


@pytest.mark.django_db
def test_sign_out_also_signs_out_at_the_gateway(client, idgovua_server):
    sign_in(client, idgovua_server)
    token = client.session[PROVIDER_SESSION_KEY]["access_token"]
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert idgovua_server.logouts == [("u-olena", token)]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_sign_out_without_a_gateway_session_calls_nothing(client, idgovua_server, make_user):
    client.force_login(make_user())
    client.post("/accounts/logout/")
    assert idgovua_server.logouts == []


@pytest.mark.django_db
def test_sign_out_still_works_when_the_gateway_is_down(client, idgovua_server, settings, caplog):
    sign_in(client, idgovua_server)
    settings.IDGOVUA_BASE_URL = f"http://127.0.0.1:{closed_port()}"
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert "id.gov.ua sign-out failed: unavailable" in caplog.text


@pytest.mark.django_db
def test_pluggable_decryptor_reads_the_encrypted_answer(client, idgovua_server, settings):
    idgovua_server.encode_user_info = base64_encoder
    settings.IDGOVUA_USER_INFO_DECRYPTOR = "tests.fakes.idgovua_server.base64_decryptor"
    assert sign_in(client, idgovua_server).status_code == 302
    assert VerifiedIdentity.objects.get().family_name == "Коваленко"


@pytest.mark.django_db
def test_encrypted_answer_with_the_plain_decryptor_is_a_malformed_answer(client, idgovua_server):
    idgovua_server.encode_user_info = base64_encoder
    response = sign_in(client, idgovua_server)
    assert response.status_code == 502
    assert message(IdGovUaErrorCode.MALFORMED) in response.content.decode()


@pytest.mark.django_db
def test_address_in_the_community_gives_an_automatic_claim(client, idgovua_server):
    zdolbuniv = make_settlement("Здолбунів")
    sign_in(client, idgovua_server, "olena")
    claim = ResidencyClaim.objects.get()
    assert (claim.settlement_id, claim.method, claim.status) == (
        zdolbuniv.pk,
        ResidencyMethod.PROVIDER_ADDRESS,
        "approved",
    )


@pytest.mark.django_db
def test_address_outside_the_community_gives_no_claim(client, idgovua_server):
    make_settlement("Здолбунів")
    sign_in(client, idgovua_server, "petro")
    assert VerifiedIdentity.objects.get().person_key == person_key_for_taxpayer_number(PETRO_NUMBER)
    assert ResidencyClaim.objects.count() == 0


@pytest.mark.django_db
def test_resident_who_chose_english_completes_the_sign_in(client, idgovua_server):
    client.cookies["hromada_language"] = "en"
    callback = idgovua_server.consent(client.get("/en" + START)["Location"])
    redirected = client.get(callback)
    assert redirected["Location"].startswith("/en/accounts/id-gov-ua/callback/?")
    response = client.get(redirected["Location"])
    assert response.status_code == 302
    assert VerifiedIdentity.objects.count() == 1
