"""Parts of the id.gov.ua client the end-to-end tests do not single out."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from hromada.accounts.identity.idgovua import (
    ERROR_MESSAGES,
    IdGovUaClient,
    IdGovUaError,
    IdGovUaErrorCode,
    IdGovUaSettings,
    ProviderPerson,
    ProviderSession,
    load_decryptor,
    pass_through_decryptor,
)

CONFIG = IdGovUaSettings(
    base_url="https://test.id.gov.ua",
    client_id="client-1",
    client_secret="secret-1",
    auth_types="dig_sign,bank_id,diia_id",
    timeout_seconds=3,
    decryptor="hromada.accounts.identity.idgovua.pass_through_decryptor",
)


class UpperCaseKeys:
    """A decryptor given as a class: instantiated once, then called."""

    def __call__(self, body: bytes) -> dict[str, Any]:
        return {key.upper(): value for key, value in pass_through_decryptor(body).items()}


def exploding_decryptor(body: bytes) -> dict[str, Any]:
    raise RuntimeError(f"cannot decrypt {body!r}")


NOT_CALLABLE = 42


def test_authorize_url_follows_the_protocol():
    url = IdGovUaClient(CONFIG).authorize_url(
        state="abc", redirect_uri="https://hromada.example.org/accounts/id-gov-ua/callback/"
    )
    assert url == (
        "https://test.id.gov.ua/?response_type=code&client_id=client-1"
        "&auth_type=dig_sign,bank_id,diia_id&state=abc"
        "&redirect_uri=https%3A%2F%2Fhromada.example.org%2Faccounts%2Fid-gov-ua%2Fcallback%2F"
    )


def test_base_url_must_be_http_or_https():
    config = IdGovUaSettings(**{**CONFIG.__dict__, "base_url": "file:///etc"})
    with pytest.raises(ImproperlyConfigured):
        IdGovUaClient(config)


def test_configured_only_with_both_client_id_and_secret():
    assert CONFIG.is_configured is True
    assert IdGovUaSettings(**{**CONFIG.__dict__, "client_secret": ""}).is_configured is False


def test_secret_token_and_number_stay_out_of_repr():
    person = ProviderPerson("Коваленко", "Олена", "", "3111901237", "м. Здолбунів", "o@e.org")
    text = repr((CONFIG, ProviderSession("u-1", "token-xyz"), person))
    assert ("secret-1" in text, "token-xyz" in text, "3111901237" in text) == (
        False,
        False,
        False,
    )
    assert "Здолбунів" not in text


def test_pass_through_decryptor_reads_json():
    assert pass_through_decryptor('{"lastname": "Коваленко"}'.encode()) == {"lastname": "Коваленко"}


@pytest.mark.parametrize("body", [b"\x00\x01", b"[1, 2]", b"not json"])
def test_pass_through_decryptor_refuses_anything_else(body):
    with pytest.raises(IdGovUaError) as caught:
        pass_through_decryptor(body)
    assert caught.value.code == IdGovUaErrorCode.MALFORMED


def test_decryptor_class_is_instantiated():
    decryptor = load_decryptor("tests.accounts.test_idgovua_client.UpperCaseKeys")
    assert decryptor(b'{"drfocode": "1"}') == {"DRFOCODE": "1"}


def test_decryptor_that_is_not_callable_is_refused():
    with pytest.raises(ImproperlyConfigured, match="is not callable"):
        load_decryptor("tests.accounts.test_idgovua_client.NOT_CALLABLE")


def test_decryptor_that_cannot_be_imported_is_refused():
    with pytest.raises(ImproperlyConfigured, match="cannot be imported"):
        load_decryptor("council.crypto.missing")


def test_failing_decryptor_becomes_a_malformed_answer_without_the_body():
    config = IdGovUaSettings(
        **{**CONFIG.__dict__, "decryptor": "tests.accounts.test_idgovua_client.exploding_decryptor"}
    )
    with pytest.raises(IdGovUaError) as caught:
        IdGovUaClient(config)._decrypt(b"3111901237")
    assert caught.value.code == IdGovUaErrorCode.MALFORMED
    assert str(caught.value) == "malformed: decryptor failed: RuntimeError"


def test_every_error_code_has_its_own_message():
    messages = [str(ERROR_MESSAGES[code]) for code in IdGovUaErrorCode]
    assert len(set(messages)) == len(IdGovUaErrorCode)
