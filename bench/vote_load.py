"""Benchmark: concurrent online casts against a real server, with a baseline measured in
the same run, and what happens when the server or the database goes away.

    .venv/bin/python bench/vote_load.py                 # throughput and latency (~4 min)
    .venv/bin/python bench/vote_load.py --kill          # SIGKILL the server mid-load
    .venv/bin/python bench/vote_load.py --outage        # cut the database mid-load
    .venv/bin/python bench/vote_load.py --profile       # where a cast spends its time

It creates a fresh PostgreSQL database (`hromada_bench`, dropped at the end unless
--keep-db), migrates it, builds an edition open for voting (admitted projects, the
commission's key) and N eligible voters — accounts with a verified identity and an
approved residency, a signed-in session, a CSRF cookie and token, and a signed ballot
token each — then serves the platform with gunicorn (production settings, HTTPS as seen
behind a TLS proxy, BENCH_ENDPOINTS=1) and drives it with client threads on keep-alive
connections (standard library only), each client taking voters from a queue, one POST
`/budget/<edition>/vote/cast/` per voter (success: 303 to the receipt).

The baseline is /bench/insert/ (hromada.core.views.bench): a signed-in, CSRF-checked POST
through the same process, settings and middleware that inserts one row and answers 303.
Phases at 8, 16 and 32 clients, each with its own voters, baseline and cast alternating
in rounds; the table shows requests,
per-second rate, p50/p95/p99/max latency, errors and the cast/baseline ratio. Then the
database must hold exactly one ballot, one voter record and one audit row per
acknowledged cast.

--kill: one 16-client phase; when half of the voters are through, the whole gunicorn
process group gets SIGKILL and is started again; clients retry what failed with the
same ballot token (a repeat gets the same receipt). Every acknowledged voter must have
a voter record, and ballots = voter records.

--outage: gunicorn reaches PostgreSQL through a TCP proxy (a child process); mid-load
the proxy drops every connection and refuses new ones (--outage-mode silent: accepts
them and never answers) for --cut-seconds. Every answer during the cut must be the 503
page with Retry-After within 2 s, and casts must succeed again after the cut without a
restart.

Targets (voting issue), on a 2-core machine with the load generator on it: the cast at
least 60 % of the baseline's throughput in the same run, p99 under 300 ms at 16 clients.

How to run it and figures from one run: docs/benchmarks.md.

Needs PostgreSQL at 127.0.0.1:5432 with trust authentication for `postgres` (as in CI;
--postgres to change) and `make install`. REDIS_URL is not used unless --redis is given
(then sessions and cache live in Redis and the audit-trail sequencer is left to a worker,
as in a production deployment).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import queue
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "bench"
CLIENT_LEVELS = (8, 16, 32)
WARMUP_VOTERS = 64
HOST = "127.0.0.1"


# --- Set-up inside Django (run as a child process: `vote_load.py _setup …`) ---------------


def build_fixture(count: int, out: Path) -> None:
    """The edition, `count` voters with sessions and tokens, and the baseline's table."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    import hashlib
    import hmac
    import random
    from datetime import date
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.middleware.csrf import get_token
    from django.test import RequestFactory
    from tests.factories.budget import settlement
    from tests.factories.voting import voting_edition

    from hromada.accounts.enums import (
        IdentityProvider,
        ResidencyBasis,
        ResidencyMethod,
        ResidencyStatus,
    )
    from hromada.accounts.models import ResidencyClaim, User, VerifiedIdentity
    from hromada.budget.models import Project
    from hromada.voting.forms import new_idempotency_key, sign_ballot

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_row "
            "(id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())"
        )
    edition = voting_edition()
    by_number = {p.number: p.pk for p in Project.objects.filter(edition=edition)}
    town = settlement()
    # Cheap unusable passwords: these accounts only ever use the sessions made here.
    password = make_password(None)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(email=f"voter{i}@bench.example.org", full_name=f"Виборець {i}", password=password)
            for i in range(count)
        )
        keys = [
            hmac.new(
                settings.PERSON_KEY_SECRET.encode(), f"bench:{i}".encode(), hashlib.sha256
            ).hexdigest()
            for i in range(count)
        ]
        identities = VerifiedIdentity.objects.bulk_create(
            VerifiedIdentity(
                user=user,
                person_key=key,
                provider=IdentityProvider.ID_GOV_UA,
                family_name="Тестенко",
                given_name=f"Виборець {i}",
                birth_date=date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
                settlement=town,
            )
            for i, (user, key) in enumerate(zip(users, keys, strict=True))
        )
        ResidencyClaim.objects.bulk_create(
            ResidencyClaim(
                identity=identity,
                basis=ResidencyBasis.REGISTERED,
                method=ResidencyMethod.PROVIDER_ADDRESS,
                settlement=town,
                status=ResidencyStatus.APPROVED,
            )
            for identity in identities
        )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "allauth.account.auth_backends.AuthenticationBackend"
    chooser = random.Random(2024)  # noqa: S311 - reproducible choices, not secrets
    voters = []
    for user, key in zip(users, keys, strict=True):
        session = store_class()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        request = RequestFactory().get("/")
        csrf_token = get_token(request)
        # One vote per pool (the default approval ballot): a small project, and the
        # large one for about half of the voters.
        chosen = {by_number[chooser.choice((1, 2, 3))]: 1}
        if chooser.random() < 0.5:
            chosen[by_number[4]] = 1
        voters.append(
            {
                "person_key": key,
                "session": session.session_key,
                "csrf_cookie": request.META["CSRF_COOKIE"],
                "csrf_token": csrf_token,
                "ballot": sign_ballot(edition.pk, user.pk, chosen, new_idempotency_key()),
            }
        )
    out.write_text(
        json.dumps(
            {
                "edition_id": edition.pk,
                "edition": edition.slug,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "voters": voters,
            }
        ),
        encoding="utf-8",
    )


# --- The database proxy of --outage (a child process: `vote_load.py _proxy …`) ----------


def run_proxy(listen_port: int, target_host: str, target_port: int, mode: str) -> None:
    """Forwards TCP to PostgreSQL. SIGUSR1 cuts: every open connection is reset, and new
    ones are refused (mode refuse) or accepted and never answered (mode silent). SIGUSR2
    restores forwarding."""
    import asyncio

    async def main() -> None:
        loop = asyncio.get_running_loop()
        pairs: set[asyncio.StreamWriter] = set()
        restored = asyncio.Event()
        restored.set()
        server: asyncio.Server | None = None

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            with contextlib.suppress(OSError, ConnectionError):
                while data := await reader.read(65536):
                    writer.write(data)
                    await writer.drain()
            writer.close()

        async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            if not restored.is_set():  # silent mode: hold the connection, say nothing
                pairs.add(writer)
                await restored.wait()
                writer.transport.abort()
                pairs.discard(writer)
                return
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(
                    target_host, target_port
                )
            except OSError:
                writer.transport.abort()
                return
            if not restored.is_set():  # cut while this connection was being set up
                writer.transport.abort()
                upstream_writer.transport.abort()
                return
            pairs.update((writer, upstream_writer))
            await asyncio.gather(pump(reader, upstream_writer), pump(upstream_reader, writer))
            pairs.difference_update((writer, upstream_writer))

        async def listen() -> asyncio.Server:
            return await asyncio.start_server(handle, HOST, listen_port, reuse_address=True)

        def cut() -> None:
            restored.clear()
            for writer in list(pairs):
                writer.transport.abort()  # RST, as when the server dies
            pairs.clear()
            if mode == "refuse" and server is not None:
                server.close()
            print("cut", flush=True)

        async def restore() -> None:
            nonlocal server
            if mode == "refuse":
                server = await listen()
            restored.set()
            print("restored", flush=True)

        server = await listen()
        loop.add_signal_handler(signal.SIGUSR1, cut)
        loop.add_signal_handler(signal.SIGUSR2, lambda: loop.create_task(restore()))
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        print("ready", flush=True)
        await stop.wait()

    asyncio.run(main())


# --- Orchestration ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def with_database(url: str, name: str, port: int | None = None) -> str:
    parts = urlsplit(url)
    netloc = parts.netloc
    if port is not None:
        user = parts.netloc.rsplit("@", 1)[0] + "@" if "@" in parts.netloc else ""
        netloc = f"{user}{HOST}:{port}"
    return urlunsplit((parts.scheme, netloc, "/" + name, parts.query, ""))


def admin_execute(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@dataclass
class Settings:
    """The environment every child process (migrate, set-up, gunicorn) gets."""

    database_url: str
    redis_url: str | None
    env: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
        self.env = {key: value for key, value in os.environ.items() if key in keep}
        self.env.update(
            HROMADA_ENV="production",
            DEMO_MODE="0",
            DEBUG="0",
            SECRET_KEY=secrets.token_urlsafe(50),
            PERSON_KEY_SECRET=secrets.token_urlsafe(40),
            ALLOWED_HOSTS=f"{HOST},localhost",
            DATABASE_URL=self.database_url,
            BENCH_ENDPOINTS="1",
            STATIC_ROOT=str(WORK / "static"),
            MEDIA_ROOT=str(WORK / "media"),
            LOG_LEVEL="ERROR",
            PYTHONPATH=str(ROOT / "src"),
            DJANGO_SETTINGS_MODULE="hromada.config.settings",
        )
        if self.redis_url:
            self.env["REDIS_URL"] = self.redis_url

    def run(self, *args: str, **overrides: str) -> None:
        subprocess.run([sys.executable, *args], env={**self.env, **overrides}, cwd=ROOT, check=True)


class Server:
    """gunicorn in its own process group, so that --kill can take all of it at once."""

    def __init__(self, settings: Settings, port: int, options: argparse.Namespace) -> None:
        self.settings, self.port, self.options = settings, port, options
        self.process: subprocess.Popen[bytes] | None = None
        self.log = (WORK / "gunicorn.log").open("wb")  # kept after the run, for errors

    def command(self) -> list[str]:
        command = [
            str(VENV_BIN / "gunicorn"),
            "hromada.config.wsgi",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.options.workers),
            "--keep-alive",
            "30",
            "--backlog",
            "256",
            "--log-level",
            "warning",
            "--chdir",
            str(ROOT),
        ]
        if self.options.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.options.threads)]
        return command

    def start(self, env: dict[str, str] | None = None) -> float:
        """Starts and waits until it answers; returns the seconds that took."""
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command(),
            env=env or self.settings.env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited; see {WORK / 'gunicorn.log'}")
            with contextlib.suppress(OSError, http.client.HTTPException):
                connection = http.client.HTTPConnection(HOST, self.port, timeout=10)
                connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
                connection.getresponse().read()
                connection.close()
                return time.perf_counter() - started
            time.sleep(0.05)
        raise SystemExit("gunicorn did not answer within 60 s")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()


# --- Load generation ----------------------------------------------------------------------


@dataclass
class Attempt:
    voter: int
    started: float  # perf_counter
    seconds: float
    status: int | str  # HTTP status, or the connection error's name
    retry_after: str | None = None


@dataclass
class Fixture:
    edition_id: int
    edition: str
    session_cookie: str
    csrf_cookie: str
    voters: list[dict[str, str]]


class Load:
    """POSTs for a set of voters from `clients` threads, one keep-alive connection each."""

    def __init__(self, fixture: Fixture, port: int) -> None:
        self.fixture, self.port = fixture, port
        self.origin = f"https://{HOST}:{port}"

    def request_for(
        self, endpoint: str, voter: dict[str, str]
    ) -> tuple[str, bytes, dict[str, str]]:
        slug = self.fixture.edition
        path = f"/budget/{slug}/vote/cast/" if endpoint == "cast" else "/bench/insert/"
        fields = {"csrfmiddlewaretoken": voter["csrf_token"]}
        if endpoint == "cast":
            fields["ballot"] = voter["ballot"]
        headers = {
            "Host": f"{HOST}:{self.port}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": (
                f"{self.fixture.session_cookie}={voter['session']}; "
                f"{self.fixture.csrf_cookie}={voter['csrf_cookie']}"
            ),
            # Behind a TLS-terminating proxy, as in production: CSRF checks Origin/Referer.
            "X-Forwarded-Proto": "https",
            "Origin": self.origin,
            "Referer": f"{self.origin}/budget/{slug}/vote/confirm/",
        }
        return path, urlencode(fields).encode(), headers

    def run(
        self,
        endpoint: str,
        voters: list[int],
        clients: int,
        *,
        retry: Callable[[Attempt], bool] = lambda attempt: False,
        give_up_after: float = 120.0,
        attempts: list[Attempt] | None = None,
    ) -> tuple[list[Attempt], float]:
        """Every attempt (appended to `attempts` as they happen, when given, so that
        another thread can watch), and the wall seconds of the whole phase."""
        jobs: queue.SimpleQueue[int] = queue.SimpleQueue()
        for index in voters:
            jobs.put(index)
        attempts = [] if attempts is None else attempts
        stop_at = time.monotonic() + give_up_after

        def client() -> None:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            while True:
                try:
                    index = jobs.get_nowait()
                except queue.Empty:
                    break
                path, body, headers = self.request_for(endpoint, self.fixture.voters[index])
                while True:
                    started = time.perf_counter()
                    retry_after = None
                    try:
                        connection.request("POST", path, body, headers)
                        response = connection.getresponse()
                        response.read()
                        status: int | str = response.status
                        retry_after = response.getheader("Retry-After")
                    except (OSError, http.client.HTTPException) as error:
                        connection.close()
                        status = type(error).__name__
                    attempt = Attempt(
                        index, started, time.perf_counter() - started, status, retry_after
                    )
                    attempts.append(attempt)
                    if status == 303 or not retry(attempt) or time.monotonic() > stop_at:
                        break
                    time.sleep(0.2)
            connection.close()

        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return attempts, time.perf_counter() - started


def percentile(sorted_values: list[float], fraction: float) -> float:
    if not sorted_values:
        return float("nan")
    rank = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values) + 0.5) - 1))
    return sorted_values[rank]


@dataclass
class Figures:
    endpoint: str
    clients: int
    requests: int
    succeeded: int
    per_second: float
    p50: float
    p95: float
    p99: float
    worst: float
    errors: Counter[str]

    @classmethod
    def of(cls, endpoint: str, clients: int, attempts: list[Attempt], wall: float) -> Figures:
        latencies = sorted(attempt.seconds * 1000 for attempt in attempts)
        succeeded = sum(1 for attempt in attempts if attempt.status == 303)
        errors = Counter(str(attempt.status) for attempt in attempts if attempt.status != 303)
        return cls(
            endpoint,
            clients,
            len(attempts),
            succeeded,
            succeeded / wall if wall else 0.0,
            percentile(latencies, 0.50),
            percentile(latencies, 0.95),
            percentile(latencies, 0.99),
            latencies[-1] if latencies else float("nan"),
            errors,
        )

    def row(self) -> str:
        errors = ", ".join(f"{n}×{status}" for status, n in sorted(self.errors.items())) or "0"
        return (
            f"{self.endpoint:<9} {self.clients:>7} {self.requests:>8} {self.per_second:>9.1f} "
            f"{self.p50:>8.1f} {self.p95:>8.1f} {self.p99:>8.1f} {self.worst:>8.1f}  {errors}"
        )


HEADER = (
    f"{'endpoint':<9} {'clients':>7} {'requests':>8} {'per s':>9} "
    f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}  errors"
)


# --- Checks in the database ---------------------------------------------------------------


@dataclass
class Counts:
    ballots: int
    voter_records: int
    audit_rows: int
    cast_requests: int
    person_keys: set[str]
    bench_rows: int


def counts(database_url: str, edition_id: int) -> Counts:
    import psycopg

    with psycopg.connect(database_url) as db:

        def one(sql: str) -> int:
            row = db.execute(sql, {"edition": edition_id}).fetchone()
            return int(row[0]) if row else 0

        keys = {
            row[0]
            for row in db.execute(
                "SELECT person_key FROM voting_voterrecord WHERE edition_id = %(edition)s",
                {"edition": edition_id},
            )
        }
        return Counts(
            ballots=one("SELECT count(*) FROM voting_ballot WHERE edition_id = %(edition)s"),
            voter_records=len(keys),
            audit_rows=one(
                "SELECT count(*) FROM core_activitylog WHERE action = 'voting.cast.online'"
            ),
            cast_requests=one(
                "SELECT count(*) FROM voting_castrequest WHERE edition_id = %(edition)s"
            ),
            person_keys=keys,
            bench_rows=one("SELECT count(*) FROM bench_row"),
        )


def committed_before(database_url: str, clock: float) -> set[str]:
    """Person keys whose cast's audit row was written before this wall-clock time."""
    import psycopg

    with psycopg.connect(database_url) as db:
        return {
            row[0]
            for row in db.execute(
                "SELECT record.person_key FROM voting_voterrecord record "
                "JOIN core_activitylog entry ON entry.action = 'voting.cast.online' "
                "AND entry.object_id = record.id::text "
                "WHERE entry.created_at < to_timestamp(%s)",
                [clock],
            )
        }


def acknowledged(attempts: list[Attempt]) -> set[int]:
    return {attempt.voter for attempt in attempts if attempt.status == 303}


def verdict(ok: bool) -> str:
    return "ok" if ok else "FAILED"


def check_ledger(
    fixture: Fixture, database_url: str, acked: set[int], *, attempted: set[int]
) -> bool:
    """Ballots = voter records = audit rows = acknowledged casts; no acknowledged voter is
    missing; a voter whose cast was never acknowledged is counted separately (a request
    cut off after its commit: the ballot stands, the voter saw no receipt)."""
    found = counts(database_url, fixture.edition_id)
    acked_keys = {fixture.voters[index]["person_key"] for index in acked}
    missing = acked_keys - found.person_keys
    unacknowledged = found.person_keys - acked_keys
    strangers = unacknowledged - {fixture.voters[index]["person_key"] for index in attempted}
    same = found.ballots == found.voter_records == found.audit_rows == found.cast_requests
    print(
        f"database: {found.ballots} ballots, {found.voter_records} voter records, "
        f"{found.audit_rows} audit rows, {found.cast_requests} cast requests; "
        f"{len(acked)} casts acknowledged (303)"
    )
    print(f"  ballots = voter records = audit rows = cast requests: {verdict(same)}")
    print(
        f"  every acknowledged voter has a voter record: {verdict(not missing)}"
        + (f" ({len(missing)} missing)" if missing else "")
    )
    print(
        f"  voter records without an acknowledgement: {len(unacknowledged)}"
        + (f", of which {len(strangers)} never attempted: FAILED" if strangers else "")
    )
    exact = found.voter_records == len(acked)
    print(f"  exactly one ballot per acknowledged cast: {verdict(exact and same)}")
    return same and not missing and not strangers and exact


# --- The variants -------------------------------------------------------------------------


def print_machine(options: argparse.Namespace) -> None:
    import django
    import psycopg

    try:
        gunicorn_version = subprocess.run(
            [str(VENV_BIN / "gunicorn"), "--version"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        gunicorn_version = "gunicorn ?"
    with psycopg.connect(options.postgres) as db:
        row = db.execute("SHOW server_version").fetchone()
    server = "thread" if options.threads > 1 else "sync"
    print(
        f"machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}, Django {django.__version__}, "
        f"{gunicorn_version}, psycopg {psycopg.__version__}, PostgreSQL {row[0] if row else '?'}"
    )
    print(
        f"server: gunicorn, {options.workers} {server} workers"
        + (f" × {options.threads} threads" if options.threads > 1 else "")
        + f"; sessions in {'Redis' if options.redis else 'PostgreSQL'}"
        + (
            "; audit-trail sequencer at the end of each cast request"
            if not (options.redis or options.no_sequencer)
            else "; audit-trail sequencer off (a worker's job)"
        )
    )


def baseline_and_casts(
    load: Load,
    fixture: Fixture,
    database_url: str,
    per_phase: int,
    levels: tuple[int, ...],
    rounds: int,
) -> bool:
    voters = list(range(len(fixture.voters)))
    warmup, rest = voters[:WARMUP_VOTERS], voters[WARMUP_VOTERS:]
    # Warm every worker (imports, connections, caches) on both paths; not measured.
    load.run("bare", warmup, 8)
    warm, _ = load.run("cast", warmup, 8)
    acked = acknowledged(warm)
    attempted = set(warmup)
    print(HEADER)
    print("-" * len(HEADER))
    results: dict[int, tuple[Figures, Figures]] = {}
    for position, clients in enumerate(levels):
        group = rest[position * per_phase : (position + 1) * per_phase]
        # Baseline and cast alternate in rounds, so that a slower moment of a shared
        # machine weighs on both sides of the ratio.
        bare_attempts: list[Attempt] = []
        cast_attempts: list[Attempt] = []
        bare_wall = cast_wall = 0.0
        for part in range(rounds):
            chunk = group[part::rounds]
            attempts, wall = load.run("bare", chunk, clients)
            bare_attempts += attempts
            bare_wall += wall
            attempts, wall = load.run("cast", chunk, clients)
            cast_attempts += attempts
            cast_wall += wall
        bare = Figures.of("baseline", clients, bare_attempts, bare_wall)
        cast = Figures.of("cast", clients, cast_attempts, cast_wall)
        acked |= acknowledged(cast_attempts)
        attempted |= set(group)
        results[clients] = (bare, cast)
        print(bare.row())
        print(cast.row())
        ratio = cast.per_second / bare.per_second if bare.per_second else 0.0
        print(f"{'':<9} {'':>7} cast/baseline throughput: {ratio:.0%}", flush=True)
    print()
    ok = True
    if 16 in results:
        bare, cast = results[16]
        ratio = cast.per_second / bare.per_second if bare.per_second else 0.0
        ratio_ok, p99_ok = ratio >= 0.60, cast.p99 < 300
        ok = ratio_ok and p99_ok
        print(
            f"targets at 16 clients: cast/baseline {ratio:.0%} (≥ 60 %: {verdict(ratio_ok)}), "
            f"cast p99 {cast.p99:.0f} ms (< 300 ms: {verdict(p99_ok)})"
        )
    bare_total = counts(database_url, fixture.edition_id).bench_rows
    print(f"baseline rows inserted: {bare_total}")
    ledger = check_ledger(fixture, database_url, acked, attempted=attempted)
    return ok and ledger


def retry_failures(attempt: Attempt) -> bool:
    # What a resident does after a lost answer or an error page: submits the same
    # confirmed ballot again (the form still holds the same token).
    return not isinstance(attempt.status, int) or attempt.status >= 500


def with_kill(load: Load, fixture: Fixture, server: Server, database_url: str) -> bool:
    voters = list(range(len(fixture.voters)))
    warmup, group = voters[:WARMUP_VOTERS], voters[WARMUP_VOTERS:]
    warm, _ = load.run("cast", warmup, 8)
    marks: dict[str, float] = {}
    seen: list[Attempt] = []
    done = threading.Event()

    def killer() -> None:
        while not done.is_set():
            if len(acknowledged(seen)) >= len(group) // 2:
                marks["kill"] = time.perf_counter()
                marks["kill_clock"] = time.time()
                server.kill()
                marks["restart"] = server.start()
                return
            time.sleep(0.01)

    watcher = threading.Thread(target=killer, daemon=True)
    watcher.start()
    attempts, wall = load.run("cast", group, 16, retry=retry_failures, attempts=seen)
    done.set()
    watcher.join()
    print(HEADER)
    print(Figures.of("cast", 16, attempts, wall).row())
    if "kill" not in marks:
        print("the load finished before half of it was through: nothing was killed")
        return False
    cut_off = [a for a in attempts if a.status != 303 and a.started <= marks["kill"]]
    refused = [a for a in attempts if a.status != 303 and a.started > marks["kill"]]
    print(
        f"SIGKILL to the gunicorn process group after {len(group) // 2} acknowledged casts: "
        f"{len(cut_off)} requests in flight lost their answer, {len(refused)} failed while "
        f"it was down; serving again {marks['restart']:.2f} s after the restart began"
    )
    retried = {a.voter for a in attempts if a.status != 303}
    committed = committed_before(database_url, marks["kill_clock"])
    repeats = {v for v in retried if fixture.voters[v]["person_key"] in committed}
    print(
        f"voters who submitted the same ballot token again: {len(retried)}, of whom "
        f"{len(repeats)} had been recorded before the kill (their answer was lost; the "
        f"repeat got the same receipt, no second ballot)"
    )
    unanswered = set(group) - acknowledged(attempts)
    print(f"voters without an acknowledgement at the end: {len(unanswered)}")
    # A double click after all that: the same tokens again (the voters were signed out
    # by their cast) must get their receipts again, and no second ballot.
    before = counts(database_url, fixture.edition_id).ballots
    again, _ = load.run("cast", group[:100], 16)
    repeated_ok = all(a.status == 303 for a in again)
    unchanged = counts(database_url, fixture.edition_id).ballots == before
    print(
        f"the first 100 voters submit their token once more: "
        f"{sum(1 for a in again if a.status == 303)} answered with the receipt page "
        f"({verdict(repeated_ok)}), ballots unchanged ({verdict(unchanged)})"
    )
    ledger = check_ledger(
        fixture,
        database_url,
        acknowledged(warm) | acknowledged(attempts),
        attempted=set(voters),
    )
    return ledger and not unanswered and repeated_ok and unchanged


def probe_pages(port: int, stop: threading.Event, into: list[Attempt]) -> None:
    """GET / ten times a second: a resident opening the home page during the load."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    while not stop.is_set():
        started = time.perf_counter()
        retry_after = None
        try:
            connection.request("GET", "/", headers={"X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            status: int | str = response.status
            retry_after = response.getheader("Retry-After")
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            status = type(error).__name__
        into.append(Attempt(-1, started, time.perf_counter() - started, status, retry_after))
        time.sleep(0.1)
    connection.close()


def with_outage(
    load: Load,
    fixture: Fixture,
    proxy: subprocess.Popen[bytes],
    database_url: str,
    cut_seconds: float,
) -> bool:
    voters = list(range(len(fixture.voters)))
    warmup, group = voters[:WARMUP_VOTERS], voters[WARMUP_VOTERS:]
    warm, _ = load.run("cast", warmup, 8)
    marks: dict[str, float] = {}
    seen: list[Attempt] = []
    pages: list[Attempt] = []
    done = threading.Event()
    assert proxy.stdout is not None
    answers = proxy.stdout

    def cutter() -> None:
        while not done.is_set():
            if len(acknowledged(seen)) >= len(group) // 3:
                proxy.send_signal(signal.SIGUSR1)
                answers.readline()  # "cut": every connection is gone now
                marks["cut"] = time.perf_counter()
                time.sleep(cut_seconds)
                marks["restore"] = time.perf_counter()
                proxy.send_signal(signal.SIGUSR2)
                answers.readline()  # "restored"
                return
            time.sleep(0.01)

    helpers = [
        threading.Thread(target=cutter, daemon=True),
        threading.Thread(target=probe_pages, args=(load.port, done, pages), daemon=True),
    ]
    for helper in helpers:
        helper.start()
    attempts, wall = load.run(
        "cast", group, 16, retry=retry_failures, give_up_after=300, attempts=seen
    )
    done.set()
    for helper in helpers:
        helper.join()
    print(HEADER)
    print(Figures.of("cast", 16, attempts, wall).row())
    if "restore" not in marks:
        print("the load finished before the cut: nothing was measured")
        return False
    cut, restore = marks["cut"], marks["restore"]

    def answered_during_cut(items: list[Attempt]) -> list[Attempt]:
        # Sent and answered while the database was away (a request sent just before the
        # end of the cut may wait in the listen queue and be served after it).
        return [a for a in items if cut < a.started and a.started + a.seconds < restore]

    print(f"database cut for {cut_seconds:.1f} s ({options_mode(proxy)}):")
    all_friendly = True
    for label, items in (("casts", attempts), ("home page", pages)):
        during = answered_during_cut(items)
        statuses = Counter(str(a.status) for a in during)
        friendly = [a for a in during if a.status == 503 and a.retry_after]
        worst = max((a.seconds for a in during), default=0.0)
        all_friendly = all_friendly and bool(during) and len(friendly) == len(during)
        print(
            f"  {label:<9}: {len(during)} answered during the cut "
            f"{dict(sorted(statuses.items()))}, slowest {worst * 1000:.0f} ms"
        )
    failures = [a for a in attempts + pages if a.status not in (200, 303)]
    slowest_failure = max((a.seconds for a in failures), default=0.0)
    fast = slowest_failure < 2.0
    print(
        f"  every answer during the cut is the 503 page with Retry-After: {verdict(all_friendly)}"
    )
    print(
        f"  slowest error answer of the whole phase (requests in flight at the cut "
        f"included): {slowest_failure * 1000:.0f} ms (< 2 s: {verdict(fast)})"
    )
    after = sorted(
        (a for a in attempts if a.started >= restore and a.status == 303),
        key=lambda a: a.started,
    )
    if after:
        first = after[0].started + after[0].seconds - restore
        print(f"  first acknowledged cast {first:.2f} s after the database came back (no restart)")
    late_errors = [
        a for a in attempts + pages if a.started >= restore + 2.0 and a.status not in (200, 303)
    ]
    print(f"  errors later than 2 s after the cut: {len(late_errors)} ({verdict(not late_errors)})")
    unanswered = set(group) - acknowledged(attempts)
    print(f"voters without an acknowledgement at the end: {len(unanswered)}")
    ledger = check_ledger(
        fixture,
        database_url,
        acknowledged(warm) | acknowledged(attempts),
        attempted=set(voters),
    )
    return all_friendly and fast and bool(after) and not late_errors and not unanswered and ledger


def options_mode(proxy: subprocess.Popen[bytes]) -> str:
    mode = proxy.args[-1] if isinstance(proxy.args, list) else "refuse"
    return {
        "refuse": "open connections reset, new ones refused",
        "silent": "open connections reset, new ones accepted and never answered",
    }.get(str(mode), str(mode))


# --- Profile ------------------------------------------------------------------------------


def profile_casts(fixture_path: Path, count: int) -> None:
    """Where one cast spends its time, in a single process through Django's test client
    (the same middleware and settings as the server): its queries with their times, the
    split between waiting for PostgreSQL and everything else over `count` casts, then
    `count` more casts under cProfile. Run as a child with the bench environment."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import cProfile
    import pstats
    from http.cookies import SimpleCookie

    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    data = json.loads(fixture_path.read_text(encoding="utf-8"))
    bare_voter = data["voters"][-1]  # never casts, so its session stays signed in
    voters = iter(data["voters"][:-1])
    path = f"/budget/{data['edition']}/vote/cast/"
    # One client, hence one handler with its middleware loaded once, as in a worker.
    client = Client(enforce_csrf_checks=True, HTTP_X_FORWARDED_PROTO="https")

    def post(voter: dict[str, str], to: str, fields: dict[str, str]) -> None:
        client.cookies = SimpleCookie()
        client.cookies[data["session_cookie"]] = voter["session"]
        client.cookies[data["csrf_cookie"]] = voter["csrf_cookie"]
        response = client.post(
            to,
            {"csrfmiddlewaretoken": voter["csrf_token"], **fields},
            HTTP_HOST=HOST,
            HTTP_ORIGIN=f"https://{HOST}",
            HTTP_REFERER=f"https://{HOST}{path}",
        )
        if response.status_code != 303:
            raise SystemExit(f"POST {to} was refused ({response.status_code})")

    def cast() -> None:
        voter = next(voters)
        post(voter, path, {"ballot": voter["ballot"]})

    def bare() -> None:
        post(bare_voter, "/bench/insert/", {})

    queries: list[tuple[float, str]] = []

    def timed(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append((time.perf_counter() - started, sql))

    for _ in range(20):  # warm up
        cast()
        bare()
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        for _ in range(count):
            bare()
        bare_total = (time.perf_counter() - started) / count * 1000
        bare_waiting = sum(seconds for seconds, _sql in queries) / count * 1000
        bare_queries = len(queries) / count
        queries.clear()
        cast()
        print(f"one cast: {len(queries)} queries")
        for seconds, sql in queries:
            print(f"  {seconds * 1000:6.2f} ms  {sql[:110]}")
        queries.clear()
        started = time.perf_counter()
        for _ in range(count):
            cast()
        total = (time.perf_counter() - started) / count * 1000
    waiting = sum(seconds for seconds, _sql in queries) / count * 1000
    print(
        f"\none after another (commits not in the query times):\n"
        f"  baseline: {bare_total:5.1f} ms each, {bare_waiting:4.1f} ms in "
        f"{bare_queries:.0f} queries, {bare_total - bare_waiting:5.1f} ms in Python\n"
        f"  cast:     {total:5.1f} ms each, {waiting:4.1f} ms in {len(queries) / count:.0f} "
        f"queries, {total - waiting:5.1f} ms in Python"
    )
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        cast()
    profiler.disable()
    stats = pstats.Stats(profiler)
    print(f"\nunder cProfile, {count} casts; Hromada's functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"hromada/", 30)
    print("everything, by cumulative time:")
    stats.strip_dirs().sort_stats("cumulative").print_stats(40)


# --- Main ---------------------------------------------------------------------------------


def load_fixture(path: Path) -> Fixture:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Fixture(
        data["edition_id"],
        data["edition"],
        data["session_cookie"],
        data["csrf_cookie"],
        data["voters"],
    )


@contextlib.contextmanager
def bench_database(options: argparse.Namespace) -> Iterator[str]:
    url = with_database(options.postgres, options.database)
    admin_execute(
        options.postgres,
        f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)',
        f'CREATE DATABASE "{options.database}"',
    )
    try:
        yield url
    finally:
        if options.keep_db:
            print(f"kept the database: {url}")
        else:
            admin_execute(
                options.postgres, f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)'
            )
            (WORK / "fixture.json").unlink(missing_ok=True)  # its sessions died with it


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_setup":
        build_fixture(int(sys.argv[2]), Path(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_proxy":
        run_proxy(int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5])
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_profile":
        profile_casts(Path(sys.argv[2]), int(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    variant = parser.add_mutually_exclusive_group()
    variant.add_argument("--kill", action="store_true", help="SIGKILL the server mid-load")
    variant.add_argument("--outage", action="store_true", help="cut the database mid-load")
    variant.add_argument("--profile", action="store_true", help="cProfile casts in one process")
    parser.add_argument(
        "--voters",
        type=int,
        default=None,
        help="voters per phase (default 1500; 3000 for --kill and --outage; 600 for --profile)",
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per worker; above 1 uses the gthread worker (default 1: sync workers)",
    )
    parser.add_argument("--port", type=int, default=0, help="gunicorn port (default: a free one)")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432/test",
        help="an existing database to connect to for creating the bench database",
    )
    parser.add_argument("--database", default="hromada_bench", help="created and dropped")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--redis", metavar="URL", help="sessions and cache in this Redis")
    parser.add_argument(
        "--rounds", type=int, default=3, help="baseline/cast alternations per client count"
    )
    parser.add_argument(
        "--no-sequencer",
        action="store_true",
        help="leave audit rows unlinked (ACTIVITY_LOG_LINK_IN_REQUEST=0), to see its cost",
    )
    parser.add_argument("--cut-seconds", type=float, default=5.0, help="--outage: cut length")
    parser.add_argument(
        "--outage-mode",
        choices=("refuse", "silent"),
        default="refuse",
        help="--outage: refuse new database connections, or accept them and never answer",
    )
    options = parser.parse_args()
    per_phase = options.voters or (
        3000 if options.kill or options.outage else 600 if options.profile else 1500
    )
    levels = CLIENT_LEVELS
    total = WARMUP_VOTERS + (
        per_phase if options.kill or options.outage else per_phase * len(levels)
    )
    if options.profile:
        total = WARMUP_VOTERS + per_phase

    WORK.mkdir(parents=True, exist_ok=True)
    print_machine(options)
    with bench_database(options) as database_url:
        settings = Settings(database_url, options.redis)
        if options.no_sequencer:
            settings.env["ACTIVITY_LOG_LINK_IN_REQUEST"] = "0"
        if options.redis:
            subprocess.run(
                ["redis-cli", "-u", options.redis, "FLUSHDB"], check=True, capture_output=True
            )
        started = time.perf_counter()
        settings.run("manage.py", "migrate", "--noinput", "-v", "0")
        settings.run("manage.py", "collectstatic", "--noinput", "-v", "0")
        fixture_path = WORK / "fixture.json"
        settings.run(str(Path(__file__).resolve()), "_setup", str(total), str(fixture_path))
        fixture = load_fixture(fixture_path)
        print(
            f"set-up: database {options.database}, edition {fixture.edition}, "
            f"{len(fixture.voters)} voters with sessions and ballot tokens "
            f"({time.perf_counter() - started:.0f} s)\n",
            flush=True,
        )
        if options.profile:
            count = (len(fixture.voters) - 21) // 2
            settings.run(str(Path(__file__).resolve()), "_profile", str(fixture_path), str(count))
            return
        port = options.port or free_port()
        proxy: subprocess.Popen[bytes] | None = None
        server_env = dict(settings.env)
        if options.outage:
            proxy_port = free_port()
            target = urlsplit(database_url)
            proxy = subprocess.Popen(
                [
                    sys.executable,
                    str(Path(__file__).resolve()),
                    "_proxy",
                    str(proxy_port),
                    target.hostname or HOST,
                    str(target.port or 5432),
                    options.outage_mode,
                ],
                stdout=subprocess.PIPE,
            )
            assert proxy.stdout is not None
            proxy.stdout.readline()
            server_env["DATABASE_URL"] = with_database(
                options.postgres, options.database, proxy_port
            )
        server = Server(settings, port, options)
        ok = False
        try:
            server.start(server_env)
            load = Load(fixture, port)
            if options.kill:
                server.settings.env = server_env
                ok = with_kill(load, fixture, server, database_url)
            elif options.outage:
                assert proxy is not None
                ok = with_outage(load, fixture, proxy, database_url, options.cut_seconds)
            else:
                ok = baseline_and_casts(
                    load, fixture, database_url, per_phase, levels, options.rounds
                )
        finally:
            server.stop()
            if proxy is not None:
                proxy.terminate()
                proxy.wait()
        print(f"\n{'all checks passed' if ok else 'SOME CHECKS FAILED'}")
        if not ok:
            raise SystemExit(1)


if __name__ == "__main__":
    main()
