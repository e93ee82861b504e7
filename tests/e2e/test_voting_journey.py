"""Voting end to end in a real browser: a demo resident votes online, gets a receipt and
cannot vote again; a desk operator enters a ballot for another person and is refused for
a person who had voted online; the coordinator closes voting and counts, the commission
approves; the results page shows the winners with reasons; the receipt check confirms
the ballot was counted; the printed command recounts the published file to the same
winners. axe on the ballot, the desk and the results pages."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from hromada.accounts.enums import Role
from hromada.accounts.identity.person_key import person_key_for_taxpayer_number
from hromada.budget.enums import PhaseKind
from hromada.voting.models import Ballot, ResultsSnapshot, VoterRecord
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories.accounts import make_user
from tests.factories.budget import taxpayer_number
from tests.factories.voting import cast, voter, voting_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


def serious(page: Any) -> list[dict[str, Any]]:
    return [v for v in axe_violations(page) if v["impact"] in {"serious", "critical"}]


def test_vote_count_approve_and_recount(open_page, live_server, settings, tmp_path):
    settings.DEMO_MODE = True
    edition = voting_edition()
    base = live_server.url
    slug = edition.slug
    # Someone who voted online before the desk opened today.
    earlier_number = taxpayer_number(date(1975, 4, 2), "0456")
    cast(edition, {2: 1}, who=voter(person_key=person_key_for_taxpayer_number(earlier_number)))

    # A demo resident votes online.
    resident = open_page()
    resident.goto(f"{base}/en/budget/{slug}/vote/")
    resident.get_by_role("link", name="Pick a demo resident").click()
    resident.get_by_role("button", name=re.compile("Verify as .*Олена")).click()
    resident.wait_for_url(re.compile(rf"/budget/{slug}/vote/$"))
    assert serious(resident) == []
    # A 320 px phone: nothing wider than the screen.
    resident.set_viewport_size({"width": 320, "height": 640})
    assert resident.evaluate("document.documentElement.scrollWidth") <= 320
    resident.get_by_label(re.compile("№ 1 Лавки у сквері")).check()
    resident.get_by_label(re.compile("№ 4 Дитячий майданчик")).check()
    resident.get_by_role("button", name="Review my choices").click()
    assert resident.get_by_text("№ 1 Лавки у сквері").is_visible()
    assert serious(resident) == []
    resident.get_by_role("button", name="Cast my vote").click()
    resident.wait_for_url(re.compile("/vote/done/$"))
    code = resident.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]", code)
    # Signed out: voting again means signing in again, and is refused.
    resident.goto(f"{base}/en/budget/{slug}/vote/")
    resident.get_by_role("link", name="Pick a demo resident").click()
    resident.get_by_role("button", name=re.compile("Verify as .*Олена")).click()
    assert resident.get_by_role("heading", name="You have already voted").is_visible()
    assert Ballot.objects.count() == 2

    # A desk operator enters a ballot for a person present, then is refused for the
    # person who voted online.
    operator = sign_in(open_page, base, make_user(Role.DESK_OPERATOR, scope=edition).email)

    def identify(number: str, born: str) -> None:
        operator.goto(f"{base}/en/staff/budget/{slug}/desk/")
        operator.get_by_label("Number").fill(number)
        operator.get_by_label("Family name").fill("Гнатюк")
        operator.get_by_label("Given name").fill("Ганна")
        operator.get_by_label("Birth date").fill(born)
        operator.get_by_label("Settlement of residence").select_option(label="Здолбунів")
        operator.get_by_role("button", name="Check and continue").click()

    identify(taxpayer_number(date(1958, 9, 30), "0123"), "30.09.1958")
    assert serious(operator) == []
    operator.get_by_label("Project numbers").fill("3")
    operator.get_by_role("button", name="Read back the choices").first.click()
    operator.get_by_role("button", name="Confirm and cast").click()
    assert operator.get_by_text(re.compile(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]")).count()
    assert serious(operator) == []
    identify(earlier_number, "02.04.1975")
    assert operator.get_by_text(re.compile("already voted in this edition .*online")).is_visible()
    assert Ballot.objects.count() == VoterRecord.objects.count() == 3

    # The coordinator closes voting and counts; the commission approves.
    from hromada.budget.services.editions import close_phase_early

    coordinator_user = make_user(Role.BUDGET_COORDINATOR, scope=edition)
    close_phase_early(
        actor=coordinator_user,
        phase=edition.phases.get(kind=PhaseKind.VOTING),
        reason="End of the test's voting day.",
    )
    coordinator = sign_in(open_page, base, coordinator_user.email)
    coordinator.goto(f"{base}/en/staff/budget/{slug}/voting/count/")
    coordinator.get_by_role("button", name="Count the votes").click()
    coordinator.wait_for_url(re.compile(r"/voting/counts/1/$"))
    member = sign_in(open_page, base, make_user(Role.BUDGET_COMMISSION_MEMBER, scope=edition).email)
    member.goto(f"{base}/en/staff/budget/{slug}/voting/counts/1/")
    member.get_by_label("Protocol number").fill("5")
    member.get_by_label("Decision date").fill(date.today().isoformat())
    member.get_by_label("Members present").fill("Ковальчук О. П.\nМельник І. В.\nБондар Н. С.")
    member.get_by_label("Voted for").fill("3")
    member.get_by_label("Voted against").fill("0")
    member.get_by_label("Abstained").fill("0")
    member.get_by_role("button", name="Approve the results").click()
    member.wait_for_load_state()

    # The public results: winners with reasons, files, the recount command.
    visitor = open_page()
    visitor.set_viewport_size({"width": 320, "height": 640})
    visitor.goto(f"{base}/en/budget/{slug}/results/")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 320
    text = visitor.content()
    assert "Лавки у сквері" in text
    assert re.search(r"Selected in round \d", visitor.inner_text("main"))
    assert serious(visitor) == []
    visitor.goto(f"{base}/en/budget/{slug}/receipt/")
    visitor.get_by_label("Receipt code").fill(code)
    visitor.get_by_role("button", name="Check").click()
    assert visitor.get_by_text("Your ballot was accepted and counted.").is_visible()

    visitor.goto(f"{base}/en/budget/{slug}/results/")
    command = visitor.locator("pre.command code").first.inner_text().strip()
    arguments = shlex.split(command)
    assert arguments[:3] == ["python", "-m", "hromada.tally"]
    for link in visitor.locator("a[download]").all():
        name = link.inner_text().strip()
        response = visitor.request.get(base + link.get_attribute("href"))
        (tmp_path / name).write_bytes(response.body())
    recount = subprocess.run(
        [sys.executable, *arguments[1:], "--json"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        check=True,
    )
    selected = json.loads(recount.stdout)["selected"]
    snapshot = ResultsSnapshot.objects.get(edition=edition, status="approved")
    pool = next(p for p in snapshot.outcome["pools"] if p["files"]["pb"] == arguments[3])
    winners = [str(row["number"]) for row in pool["projects"] if row["selected"]]
    assert winners
    assert selected == winners
