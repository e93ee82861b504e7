"""A local stand-in for the state e-ID gateway id.gov.ua, speaking its protocol over real
HTTP on 127.0.0.1 (random free port):

- `/` (authorise): a small HTML form listing fictional people, with "Sign and continue"
  and "Refuse" buttons; it redirects to `redirect_uri` with `code` and `state`, or with
  `error=access_denied` and `state`;
- `/get-access-token`: codes are single-use and expire after `code_lifetime_seconds`;
  a wrong client secret gets `invalid_client`;
- `/get-user-info`: the requested fields of the person; "no-number" has no drfocode;
- `/get-user-logout`: recorded in `logouts`.

Use the `idgovua_server` fixture (it points the settings at the server); browser tests
import it from here too.
"""

from __future__ import annotations

import base64
import http.client
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from hromada.accounts.identity.idgovua import DEFAULT_DECRYPTOR

CLIENT_ID = "hromada-test-client"
CLIENT_SECRET = "fake-gateway-client-secret-0123456789"


@dataclass
class FakePerson:
    key: str
    lastname: str
    givenname: str
    middlename: str
    drfocode: str | None
    address: str
    email: str = ""
    phone: str = "+380501234567"


def default_people() -> dict[str, FakePerson]:
    people = [
        FakePerson(
            "olena",
            "Коваленко",
            "Олена",
            "Петрівна",
            "3111901237",  # born 14.03.1985
            "Рівненська обл., Рівненський р-н, Здолбунівська міська територіальна громада, "
            "м. Здолбунів, вул. Шевченка, буд. 12, кв. 5",
            "olena@example.org",
        ),
        FakePerson(
            "petro",
            "ШЕВЧУК",
            "ПЕТРО",
            "ІВАНОВИЧ",
            "3287345675",  # born 01.01.1990
            "Рівненська обл., м. Рівне, вул. Здолбунівська, буд. 5",
        ),
        FakePerson("no-number", "Мельник", "Марія", "Олегівна", None, "м. Здолбунів"),
        FakePerson("bad-number", "Бондар", "Іван", "Петрович", "3111901238", "м. Здолбунів"),
    ]
    return {person.key: person for person in people}


def base64_encoder(body: bytes) -> bytes:
    """Stands in for the gateway's encryption in tests of the pluggable decryptor."""
    return base64.b64encode(body)


def base64_decryptor(body: bytes) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(base64.b64decode(body))
    return data


@dataclass
class _Code:
    person: FakePerson
    issued_at: float
    used: bool = False


@dataclass
class FakeIdGovUa:
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET
    code_lifetime_seconds: float = 60.0
    people: dict[str, FakePerson] = field(default_factory=default_people)
    # Applied to the user-info JSON before it is sent (e.g. base64_encoder).
    encode_user_info: Callable[[bytes], bytes] | None = None
    logouts: list[tuple[str, str]] = field(default_factory=list)
    requested_fields: list[list[str]] = field(default_factory=list)
    _codes: dict[str, _Code] = field(default_factory=dict)
    _tokens: dict[str, tuple[FakePerson, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> None:
        fake = self

        class Handler(_Handler):
            gateway = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # --- what the person does in the browser at the gateway ----------------------------

    def consent(self, authorize_url: str, person: str = "olena") -> str:
        """Open the authorise page, pick `person`, press "Sign and continue"; returns the
        URL the gateway redirects to (our callback with code and state)."""
        return self._submit(authorize_url, {"person": person, "decision": "allow"})

    def refuse(self, authorize_url: str) -> str:
        return self._submit(authorize_url, {"decision": "refuse"})

    def _submit(self, authorize_url: str, choice: dict[str, str]) -> str:
        query = parse_qs(urlsplit(authorize_url).query)
        status, page, _location = self._request("GET", "/?" + urlsplit(authorize_url).query)
        assert status == 200, page
        form = {"state": query["state"][0], "redirect_uri": query["redirect_uri"][0], **choice}
        status, body, location = self._request("POST", "/", urlencode(form))
        assert status == 302, body
        return location

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        connection = http.client.HTTPConnection(str(host), int(port), timeout=5)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        connection.close()
        return response.status, text, response.getheader("Location", "")

    # --- the gateway's side -------------------------------------------------------------

    def issue_code(self, person: FakePerson) -> str:
        code = secrets.token_urlsafe(16)
        with self._lock:
            self._codes[code] = _Code(person, time.monotonic())
        return code

    def exchange(self, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if (
            params.get("client_id") != self.client_id
            or params.get("client_secret") != self.client_secret
        ):
            return 400, {"error": "invalid_client", "error_description": "Client unknown"}
        if params.get("grant_type") != "authorization_code":
            return 400, {"error": "unsupported_grant_type", "error_description": "Grant"}
        with self._lock:
            entry = self._codes.get(params.get("code", ""))
            if entry is None or entry.used:
                return 400, {"error": "invalid_grant", "error_description": "Unknown code"}
            entry.used = True
            if time.monotonic() - entry.issued_at > self.code_lifetime_seconds:
                return 400, {"error": "invalid_grant", "error_description": "Code expired"}
            token = secrets.token_urlsafe(24)
            user_id = f"u-{entry.person.key}"
            self._tokens[token] = (entry.person, user_id)
        return 200, {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": 3600,
            "refresh_token": secrets.token_urlsafe(24),
            "user_id": user_id,
        }

    def user_info(self, params: dict[str, str]) -> tuple[int, bytes]:
        with self._lock:
            found = self._tokens.get(params.get("access_token", ""))
        if found is None or found[1] != params.get("user_id"):
            return 400, json.dumps({"error": "invalid_token", "error_description": "?"}).encode()
        person = found[0]
        fields = [name for name in params.get("fields", "").split(",") if name]
        self.requested_fields.append(fields)
        data = {
            name: getattr(person, name)
            for name in fields
            if hasattr(person, name) and getattr(person, name) is not None
        }
        body = json.dumps(data, ensure_ascii=False).encode()
        return 200, self.encode_user_info(body) if self.encode_user_info else body

    def logout(self, params: dict[str, str]) -> None:
        with self._lock:
            self.logouts.append((params.get("user_id", ""), params.get("access_token", "")))


class _Handler(BaseHTTPRequestHandler):
    gateway: FakeIdGovUa

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: request lines carry secrets and codes

    def _params(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(urlsplit(self.path).query).items()}

    def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        self._send(status, json.dumps(data).encode())

    def do_GET(self) -> None:
        path, params = urlsplit(self.path).path, self._params()
        if path == "/":
            self._authorise_page(params)
        elif path == "/get-access-token":
            self._json(*self.gateway.exchange(params))
        elif path == "/get-user-info":
            self._send(*self.gateway.user_info(params))
        elif path == "/get-user-logout":
            self.gateway.logout(params)
            self._json(200, {"result": "ok"})
        else:
            self._json(404, {"error": "not_found"})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        redirect_uri, state = form.get("redirect_uri", ""), form.get("state", "")
        person = self.gateway.people.get(form.get("person", ""))
        if form.get("decision") == "allow" and person is not None:
            query = urlencode({"code": self.gateway.issue_code(person), "state": state})
        else:
            query = urlencode({"error": "access_denied", "state": state})
        self.send_response(302)
        self.send_header("Location", f"{redirect_uri}?{query}")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _authorise_page(self, params: dict[str, str]) -> None:
        if (
            params.get("response_type") != "code"
            or params.get("client_id") != self.gateway.client_id
            or not params.get("state")
            or not params.get("redirect_uri")
        ):
            self._send(400, b"<p>Bad authorisation request</p>", "text/html; charset=utf-8")
            return
        choices = "".join(
            f'<div><input type="radio" name="person" id="p-{escape(p.key)}" '
            f'value="{escape(p.key)}"{" checked" if index == 0 else ""}> '
            f'<label for="p-{escape(p.key)}">{escape(p.lastname)} {escape(p.givenname)}'
            "</label></div>"
            for index, p in enumerate(self.gateway.people.values())
        )
        page = (
            '<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">'
            "<title>id.gov.ua (test double)</title></head><body><main>"
            "<h1>id.gov.ua (test double)</h1>"
            '<form method="post" action="/">'
            f'<input type="hidden" name="state" value="{escape(params["state"])}">'
            f'<input type="hidden" name="redirect_uri" value="{escape(params["redirect_uri"])}">'
            f"<fieldset><legend>Who signs</legend>{choices}</fieldset>"
            '<button type="submit" name="decision" value="allow">Sign and continue</button> '
            '<button type="submit" name="decision" value="refuse">Refuse</button>'
            "</form></main></body></html>"
        )
        self._send(200, page.encode(), "text/html; charset=utf-8")


@pytest.fixture
def idgovua_server(settings: Any) -> Iterator[FakeIdGovUa]:
    """A running fake gateway, with the settings pointed at it."""
    server = FakeIdGovUa()
    server.start()
    settings.IDGOVUA_BASE_URL = server.base_url
    settings.IDGOVUA_CLIENT_ID = server.client_id
    settings.IDGOVUA_CLIENT_SECRET = server.client_secret
    settings.IDGOVUA_AUTH_TYPES = "dig_sign,bank_id,diia_id"
    settings.IDGOVUA_TIMEOUT_SECONDS = 5
    settings.IDGOVUA_USER_INFO_DECRYPTOR = DEFAULT_DECRYPTOR
    try:
        yield server
    finally:
        server.stop()
