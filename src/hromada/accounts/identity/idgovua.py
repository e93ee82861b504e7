"""Client of the state e-ID gateway id.gov.ua (OAuth2 authorisation-code flow).

1. the resident is sent to `{base}/?response_type=code&client_id&auth_type&state&redirect_uri`
   and signs with an e-signature, BankID or Diia;
2. the gateway sends them back with `code` and `state`; `get-access-token` exchanges the
   code for an access token and the gateway's user id;
3. `get-user-info` returns the person (`drfocode` is the taxpayer number). The production
   gateway encrypts this answer for the client's certificate (DSTU 4145); decryption is a
   pluggable step (IDGOVUA_USER_INFO_DECRYPTOR, see docs/operations/id-gov-ua.md);
4. `get-user-logout` ends the gateway session when the resident signs out.

Only the standard library speaks HTTP. Exceptions and log lines carry the step and an
error code, never a response body: bodies hold personal data.
"""

from __future__ import annotations

import http.client
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from hromada.accounts.identity.taxpayer import (
    birth_date_from_taxpayer_number,
    validate_taxpayer_number,
)

logger = logging.getLogger(__name__)

DEFAULT_DECRYPTOR = "hromada.accounts.identity.idgovua.pass_through_decryptor"
PRODUCTION_BASE_URL = "https://id.gov.ua"
# Only what eligibility needs (names, the number, the address for residency) and the
# e-mail address for the new account; not the phone number, not the document numbers.
USER_INFO_FIELDS = ("givenname", "middlename", "lastname", "drfocode", "address", "email")
MAX_ANSWER_BYTES = 1_000_000
# The gateway's token errors that mean our client id or secret is wrong, not the code.
CLIENT_CREDENTIAL_ERRORS = frozenset({"invalid_client", "unauthorized_client"})

Decryptor = Callable[[bytes], dict[str, Any]]


class IdGovUaErrorCode(StrEnum):
    DENIED = "denied"
    BAD_STATE = "bad_state"
    INVALID_CODE = "invalid_code"
    UNAVAILABLE = "unavailable"
    MISSING_TAXPAYER_NUMBER = "missing_taxpayer_number"
    INVALID_TAXPAYER_NUMBER = "invalid_taxpayer_number"
    MALFORMED = "malformed"


ERROR_MESSAGES = {
    IdGovUaErrorCode.DENIED: _(
        "You cancelled the sign-in at id.gov.ua, so nothing was verified. You can try "
        "again whenever you are ready."
    ),
    IdGovUaErrorCode.BAD_STATE: _(
        "This sign-in attempt has expired or was already used. Please start the sign-in again."
    ),
    IdGovUaErrorCode.INVALID_CODE: _(
        "The sign-in at id.gov.ua took too long or was already completed. Please start it again."
    ),
    IdGovUaErrorCode.UNAVAILABLE: _(
        "The state sign-in service id.gov.ua is not answering right now. Please try again "
        "in a few minutes."
    ),
    IdGovUaErrorCode.MISSING_TAXPAYER_NUMBER: _(
        "Your electronic signature carries no taxpayer number (RNOKPP), so we cannot verify "
        "you online. Please come to the administrative service centre (TsNAP) with your "
        "passport."
    ),
    IdGovUaErrorCode.INVALID_TAXPAYER_NUMBER: _(
        "The taxpayer number received from id.gov.ua does not pass the check, so we cannot "
        "verify you online. Please come to the administrative service centre (TsNAP) with "
        "your passport."
    ),
    IdGovUaErrorCode.MALFORMED: _(
        "id.gov.ua sent an answer we could not read. Please try again later; if it happens "
        "again, tell the council."
    ),
}


class IdGovUaError(Exception):
    """A failed step of the flow. `code` selects the message shown to the resident;
    `detail` is for the operator's log and never holds personal data."""

    def __init__(self, code: IdGovUaErrorCode, detail: str = "") -> None:
        super().__init__(f"{code.value}: {detail}" if detail else code.value)
        self.code = code
        self.detail = detail

    @property
    def message(self) -> str:
        return str(ERROR_MESSAGES[self.code])


@dataclass(frozen=True)
class IdGovUaSettings:
    base_url: str
    client_id: str
    client_secret: str = field(repr=False)
    auth_types: str
    timeout_seconds: float
    decryptor: str

    @classmethod
    def from_settings(cls) -> IdGovUaSettings:
        return cls(
            base_url=settings.IDGOVUA_BASE_URL.rstrip("/"),
            client_id=settings.IDGOVUA_CLIENT_ID,
            client_secret=settings.IDGOVUA_CLIENT_SECRET,
            auth_types=settings.IDGOVUA_AUTH_TYPES,
            timeout_seconds=settings.IDGOVUA_TIMEOUT_SECONDS,
            decryptor=settings.IDGOVUA_USER_INFO_DECRYPTOR,
        )

    @property
    def is_configured(self) -> bool:
        return bool(self.client_id and self.client_secret)


def is_offered() -> bool:
    """id.gov.ua is offered to residents only when a client id and secret are set."""
    return IdGovUaSettings.from_settings().is_configured


@dataclass(frozen=True)
class ProviderSession:
    """The gateway's answer to the code exchange: whom it signed in, and the token."""

    user_id: str
    access_token: str = field(repr=False)
    expires_in: int | None = None


@dataclass(frozen=True)
class ProviderPerson:
    """The person as the gateway describes them, with a validated taxpayer number.
    The number and the address are left out of repr() so they cannot reach a log."""

    family_name: str
    given_name: str
    patronymic: str
    taxpayer_number: str = field(repr=False)
    address: str = field(repr=False)
    email: str = field(repr=False)

    @property
    def birth_date(self) -> date:
        return birth_date_from_taxpayer_number(self.taxpayer_number)


def pass_through_decryptor(body: bytes) -> dict[str, Any]:
    """The default step: the answer is plain JSON (test gateway, our fake server)."""
    data = _parse_json(body)
    if data is None:
        raise IdGovUaError(IdGovUaErrorCode.MALFORMED, "user info is not a JSON object")
    return data


def load_decryptor(path: str) -> Decryptor:
    """A callable `f(body: bytes) -> dict`, or a class whose instances are one."""
    try:
        target = import_string(path)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"IDGOVUA_USER_INFO_DECRYPTOR {path!r} cannot be imported: {error}"
        ) from error
    if isinstance(target, type):
        target = target()
    if not callable(target):
        raise ImproperlyConfigured(f"IDGOVUA_USER_INFO_DECRYPTOR {path!r} is not callable.")
    decryptor: Decryptor = target
    return decryptor


def _parse_json(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IdGovUaError(IdGovUaErrorCode.MALFORMED, f"user info field {name} is not text")
    return " ".join(value.split())


def _name(data: dict[str, Any], name: str) -> str:
    # Certificates often carry names in capitals: ШЕВЧЕНКО → Шевченко.
    value = _text(data, name)
    return value.title() if value.isupper() else value


class IdGovUaClient:
    def __init__(self, config: IdGovUaSettings | None = None) -> None:
        self.config = config or IdGovUaSettings.from_settings()
        if not self.config.base_url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("IDGOVUA_BASE_URL must start with https://")

    def authorize_url(self, *, state: str, redirect_uri: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "auth_type": self.config.auth_types,
                "state": state,
                "redirect_uri": redirect_uri,
            },
            quote_via=quote,
            safe=",",
        )
        return f"{self.config.base_url}/?{query}"

    def exchange_code(self, code: str) -> ProviderSession:
        data = self._get_json(
            "get-access-token",
            {
                "grant_type": "authorization_code",
                "client_id": self.config.client_id,
                "client_secret": self.config.client_secret,
                "code": code,
            },
        )
        if "error" in data:
            error = str(data["error"])[:60]
            if error in CLIENT_CREDENTIAL_ERRORS:
                logger.error(
                    "id.gov.ua refused the client credentials (%s): check IDGOVUA_CLIENT_ID "
                    "and IDGOVUA_CLIENT_SECRET",
                    error,
                )
                raise IdGovUaError(IdGovUaErrorCode.UNAVAILABLE, f"token: {error}")
            raise IdGovUaError(IdGovUaErrorCode.INVALID_CODE, f"token: {error}")
        access_token, user_id = data.get("access_token"), data.get("user_id")
        if not isinstance(access_token, str) or not access_token:
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, "token: no access_token")
        if not isinstance(user_id, str | int) or isinstance(user_id, bool) or user_id == "":
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, "token: no user_id")
        try:
            expires_in: int | None = int(data["expires_in"])
        except (KeyError, TypeError, ValueError):
            expires_in = None
        return ProviderSession(
            user_id=str(user_id), access_token=access_token, expires_in=expires_in
        )

    def fetch_person(self, session: ProviderSession) -> ProviderPerson:
        body = self._get(
            "get-user-info",
            {
                "fields": ",".join(USER_INFO_FIELDS),
                "user_id": session.user_id,
                "access_token": session.access_token,
            },
        )
        plain = _parse_json(body)
        if plain is not None and "error" in plain:
            raise IdGovUaError(
                IdGovUaErrorCode.UNAVAILABLE, f"user info: {str(plain['error'])[:60]}"
            )
        data = self._decrypt(body)
        raw_number = data.get("drfocode")
        if raw_number is None or (isinstance(raw_number, str) and not raw_number.strip()):
            raise IdGovUaError(IdGovUaErrorCode.MISSING_TAXPAYER_NUMBER)
        try:
            number = validate_taxpayer_number(str(raw_number))
        except ValidationError:
            raise IdGovUaError(IdGovUaErrorCode.INVALID_TAXPAYER_NUMBER) from None
        person = ProviderPerson(
            family_name=_name(data, "lastname"),
            given_name=_name(data, "givenname"),
            patronymic=_name(data, "middlename"),
            taxpayer_number=number,
            address=_text(data, "address"),
            email=_text(data, "email"),
        )
        if not person.family_name and not person.given_name:
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, "user info: no name")
        return person

    def logout(self, *, user_id: str, access_token: str) -> None:
        self._get("get-user-logout", {"user_id": user_id, "access_token": access_token})

    def _decrypt(self, body: bytes) -> dict[str, Any]:
        decryptor = load_decryptor(self.config.decryptor)
        try:
            data = decryptor(body)
        except IdGovUaError:
            raise
        except Exception as error:
            # The exception text may quote the decrypted answer: log its type only.
            raise IdGovUaError(
                IdGovUaErrorCode.MALFORMED, f"decryptor failed: {type(error).__name__}"
            ) from None
        if not isinstance(data, dict):
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, "decryptor returned no mapping")
        return data

    def _get_json(self, step: str, params: dict[str, str]) -> dict[str, Any]:
        data = _parse_json(self._get(step, params))
        if data is None:
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, f"{step}: not a JSON object")
        return data

    def _get(self, step: str, params: dict[str, str]) -> bytes:
        # The query holds the secret, the code and the token: never log the URL.
        url = f"{self.config.base_url}/{step}?{urlencode(params)}"
        request = urllib.request.Request(  # noqa: S310 - scheme checked in __init__
            url, headers={"Accept": "application/json", "User-Agent": "Hromada"}
        )
        try:
            with urllib.request.urlopen(  # noqa: S310 - scheme checked in __init__
                request, timeout=self.config.timeout_seconds
            ) as response:
                body: bytes = response.read(MAX_ANSWER_BYTES + 1)
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise IdGovUaError(
                    IdGovUaErrorCode.UNAVAILABLE, f"{step}: HTTP {error.code}"
                ) from None
            # A 4xx answer normally carries an OAuth error object; the caller reads it.
            body = error.read(MAX_ANSWER_BYTES + 1)
            if _parse_json(body) is None:
                raise IdGovUaError(
                    IdGovUaErrorCode.MALFORMED, f"{step}: HTTP {error.code}"
                ) from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            raise IdGovUaError(
                IdGovUaErrorCode.UNAVAILABLE, f"{step}: {type(error).__name__}"
            ) from None
        if len(body) > MAX_ANSWER_BYTES:
            raise IdGovUaError(IdGovUaErrorCode.MALFORMED, f"{step}: answer too large")
        return body
