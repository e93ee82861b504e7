"""Issue 6 end to end in a real browser: after the vote, the coordinator creates the
winners' implementation records and publishes an announcement (on the news page and in
the RSS feed); a resident subscribed to an edition gets one e-mail when its phase opens;
the department officer records the procurement (a malformed Prozorro id is refused with
the rest kept), moves the status forward, records a payment, posts an update with a
photo and marks the project implemented; the public record shows it all; the resident
rates the project once; the statistics count it. axe on every page of the journey."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone, translation
from lxml import etree
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from hromada.accounts.enums import Role
from hromada.budget.calendar import end_of, start_of
from hromada.budget.enums import PhaseKind, ProjectState
from hromada.budget.models import Phase
from hromada.budget.notifications import notify_due_phase_changes
from hromada.implementation.enums import ImplementationStatus
from hromada.implementation.models import ImplementationRecord
from hromada.voting.services.approval import approve_snapshot
from hromada.voting.services.counting import count_edition
from hromada.voting.services.keys import register_public_key
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.budget import make_edition, make_resident
from tests.factories.budget_projects import make_project
from tests.factories.implementation import make_measure
from tests.factories.voting import cast, commission_key_pair

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PROJECT_TITLE = "Лавки у сквері біля ліцею"
NEWS_TITLE_UK = "Лавки у сквері встановлено"
NEWS_TITLE_EN = "The benches in the square are in place"
PHOTO_ALT = "Нові лавки вздовж алеї скверу"
UPDATE_TEXT = "Лавки встановлено, алею прибрано."
TENDER_ID = "UA-2026-03-02-000123-a"
CONTRACT_ID = f"{TENDER_ID}-a1"


def section(page: Any, heading: str) -> Any:
    """The card of the record page whose heading is `heading` (several share labels
    such as "Date")."""
    return page.locator("section").filter(has=page.get_by_role("heading", name=heading, exact=True))


def photo_file(folder: Path) -> Path:
    """A real PNG made with Pillow, as a camera or an editor would save it."""
    image = Image.new("RGB", (96, 64), (200, 220, 240))
    ImageDraw.Draw(image).rectangle((10, 10, 86, 54), fill=(30, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    target = folder / "after.png"
    target.write_bytes(buffer.getvalue())
    return target


def change_status(page: Any, to_status: str) -> None:
    card = section(page, "Change the status")
    card.get_by_label("New status").select_option(to_status)
    card.get_by_role("button", name="Change the status").click()
    expect(
        page.get_by_text("The status is changed and shown on the public timeline.")
    ).to_be_visible()


def mails_to(address: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [address]]


def test_a_winner_is_delivered_announced_rated_and_counted(
    open_page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    today = timezone.localdate()

    # --- 1. The world -------------------------------------------------------------------
    # An edition whose voting ended months ago, counted and approved by the commission:
    # three residents voted for the benches, nobody for the fountain. It implements a
    # measure of this year's programme (in force today, the payment date), run by the
    # housing department.
    department = DepartmentFactory(name_en="Housing department", name_uk="Відділ ЖКГ")
    measure = make_measure(
        slug=f"programme-{today.year}",
        starts_on=date(today.year, 1, 1),
        ends_on=date(today.year, 12, 31),
        department=department,
    )
    edition = make_edition(
        slug=str(today.year),
        year=today.year,
        submission_start=today - timedelta(days=200),
        measure=measure,
    )
    slug = edition.slug
    register_public_key(
        edition=edition,
        public_key_pem=commission_key_pair().public_key_pem,
        parts=1,
        actor=make_user(),
    )
    winner = make_project(
        edition,
        state=ProjectState.ADMITTED,
        title=PROJECT_TITLE,
        author=make_resident(),
        cost_items=[("Лавка паркова", "шт.", Decimal("10"), Decimal("4000.00"))],
    )
    make_project(
        edition,
        state=ProjectState.ADMITTED,
        title="Фонтан на площі",
        pool_code="large",
        cost_items=[("Фонтан", "шт.", Decimal("1"), Decimal("250000.00"))],
    )
    voting = edition.phases.get(kind=PhaseKind.VOTING)
    for _ in range(3):
        cast(edition, {winner.number: 1}, now=start_of(voting.starts_on) + timedelta(hours=12))
    closed = end_of(voting.ends_on)
    approve_snapshot(
        snapshot=count_edition(edition=edition, actor=make_user(), now=closed + timedelta(hours=1)),
        protocol_number="5",
        decided_on=voting.ends_on + timedelta(days=1),
        members_present="Петренко О. І., Коваль М. С.",
        votes_for=2,
        votes_against=0,
        votes_abstained=0,
        actor=make_user(),
        now=closed + timedelta(days=1),
    )
    # The next edition: its information campaign starts tomorrow.
    next_edition = make_edition(
        slug=str(today.year + 1), year=today.year + 1, submission_start=today + timedelta(days=31)
    )
    coordinator_user = make_user(Role.BUDGET_COORDINATOR, scope=edition)
    officer_user = make_user(Role.DEPARTMENT_OFFICER, department=department)
    resident_user = make_resident(preferred_language="en", email="resident@example.com")

    # The coordinator creates the winners' records from the approved results.
    coordinator = sign_in(open_page, base, coordinator_user.email)
    coordinator.goto(f"{base}/en/staff/budget/{slug}/implementation/")
    coordinator.get_by_role("button", name="Create the records from the approved results").click()
    expect(coordinator.get_by_text("1 implementation record is created.")).to_be_visible()
    record = ImplementationRecord.objects.get()
    assert (record.project_id, record.department_id, record.status, record.estimate) == (
        winner.pk,
        department.pk,
        ImplementationStatus.PLANNED,
        Decimal("40000.00"),
    )

    # --- 2. An announcement, on the news page and in the RSS feed ------------------------
    coordinator.goto(f"{base}/en/staff/news/new/")
    assert axe_violations(coordinator) == []
    coordinator.get_by_label("Title (Ukrainian)").fill(NEWS_TITLE_UK)
    coordinator.get_by_label("Title (English)").fill(NEWS_TITLE_EN)
    coordinator.get_by_label("Summary (Ukrainian)").fill("Проєкт громадського бюджету виконано.")
    coordinator.get_by_label("Summary (English)").fill("A project of the budget is delivered.")
    coordinator.get_by_label("Text (Ukrainian)").fill(
        "<p>Десять лавок <strong>уже стоять</strong> у сквері.</p>"
    )
    coordinator.get_by_label("Publish at").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    coordinator.get_by_label("Budget edition").select_option(str(edition.pk))
    coordinator.get_by_role("button", name="Save").click()
    expect(coordinator.get_by_text("The announcement is saved.")).to_be_visible()

    visitor = open_page()
    feed = visitor.request.get(f"{base}/news/feed/")
    assert feed.status == 200
    assert feed.headers["content-type"].startswith("application/rss+xml")
    channel = etree.fromstring(
        feed.body(), parser=etree.XMLParser(resolve_entities=False, no_network=True)
    ).find("channel")
    assert [item.findtext("title") for item in channel.iterfind("item")] == [NEWS_TITLE_UK]
    visitor.goto(f"{base}/en/news/")
    expect(visitor.get_by_role("link", name=NEWS_TITLE_EN)).to_be_visible()
    assert axe_violations(visitor) == []

    # --- 3. A subscriber hears once that the next edition's phase has begun --------------
    resident = sign_in(open_page, base, resident_user.email)
    resident.goto(f"{base}/en/budget/{next_edition.slug}/")
    news_box = section(resident, "News of this edition by e-mail")
    expect(news_box.get_by_role("button", name="Subscribe")).to_be_visible()
    assert axe_violations(resident) == []
    news_box.get_by_role("button", name="Subscribe").click()
    expect(resident.get_by_text("You are subscribed: we will e-mail you")).to_be_visible()
    # Before the day comes, nothing is due.
    notify_due_phase_changes(timezone.now())
    assert mails_to(resident_user.email) == []
    # The day comes (its start is moved to today, as the clock would bring it).
    information = next_edition.phases.get(kind=PhaseKind.INFORMATION)
    Phase.objects.filter(pk=information.pk).update(starts_on=today)
    notify_due_phase_changes(timezone.now())
    notify_due_phase_changes(timezone.now())  # a second beat sends nothing more
    [message] = mails_to(resident_user.email)
    with translation.override("en"):
        phase_label = str(PhaseKind.INFORMATION.label)
    edition_title = f"Participatory budget {next_edition.slug}"
    assert message.subject == f"{edition_title}: “{phase_label}” has begun"
    assert f"the phase “{phase_label}” of {edition_title} has begun" in message.body
    unsubscribe = re.search(
        rf"{re.escape(django_settings.SITE_URL)}(/\S*unsubscribe/\S+/)", message.body
    )
    assert unsubscribe is not None
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe[0]}>"
    assert visitor.request.get(base + unsubscribe[1]).status == 200

    # --- 4. The department officer delivers the project ----------------------------------
    officer = sign_in(open_page, base, officer_user.email)
    staff_record = f"{base}/en/staff/budget/{slug}/implementation/{record.pk}/"
    officer.goto(staff_record)
    expect(officer.get_by_role("heading", level=1)).to_contain_text(PROJECT_TITLE)
    assert axe_violations(officer) == []

    # A malformed tender id is refused next to its field; the rest stays as typed.
    procurement = section(officer, "Procurement")
    procurement.get_by_label("Prozorro tender id").fill("UA-2026-3-2-123-a")
    procurement.get_by_label("Prozorro contract id").fill(CONTRACT_ID)
    procurement.get_by_label("Contract sum, UAH").fill("38500.00")
    procurement.get_by_label("Contractor").fill("ТОВ «Будсервіс»")
    procurement.get_by_role("button", name="Save the procurement").click()
    procurement = section(officer, "Procurement")
    expect(
        procurement.get_by_text("A Prozorro tender id looks like UA-2024-11-12-000006-a.")
    ).to_be_visible()
    expect(procurement.get_by_label("Prozorro tender id")).to_have_value("UA-2026-3-2-123-a")
    expect(procurement.get_by_label("Prozorro contract id")).to_have_value(CONTRACT_ID)
    expect(procurement.get_by_label("Contract sum, UAH")).to_have_value("38500.00")
    expect(procurement.get_by_label("Contractor")).to_have_value("ТОВ «Будсервіс»")
    assert ImplementationRecord.objects.get().tender_id == ""
    assert axe_violations(officer) == []
    procurement.get_by_label("Prozorro tender id").fill(TENDER_ID)
    procurement.get_by_role("button", name="Save the procurement").click()
    expect(officer.get_by_text("The procurement is saved.")).to_be_visible()

    for to_status in ("procurement", "contracting", "in_progress"):
        change_status(officer, to_status)

    payment = section(officer, "Record a payment")
    payment.get_by_label("Paid on").fill(today.isoformat())
    payment.get_by_label("Amount, UAH").fill("38500.00")
    payment.get_by_label("Payment order number").fill("ПД-17")
    payment.get_by_role("button", name="Record the payment").click()
    expect(officer.get_by_text("The payment is recorded.")).to_be_visible()

    update = section(officer, "Post an update")
    update.get_by_label("What happened").fill(UPDATE_TEXT)
    first_photo = update.locator("fieldset").filter(has_text="Photo 1")
    first_photo.get_by_label("File").set_input_files(str(photo_file(tmp_path)))
    first_photo.get_by_label("It shows").select_option("after")
    first_photo.get_by_label("Description for people who cannot see it").fill(PHOTO_ALT)
    update.get_by_role("button", name="Post the update").click()
    expect(officer.get_by_text("The update is posted.")).to_be_visible()

    progress = section(officer, "Progress")
    progress.get_by_label("Progress, %").fill("100")
    progress.get_by_label("What was done").fill("Роботи завершено.")
    progress.get_by_role("button", name="Record the progress").click()
    expect(officer.get_by_text("The progress is recorded.")).to_be_visible()

    change_status(officer, "implemented")
    stored = ImplementationRecord.objects.get()
    assert (
        stored.status,
        stored.progress,
        stored.tender_id,
        stored.contract_id,
        stored.contract_sum,
        stored.actual_end,
    ) == (ImplementationStatus.IMPLEMENTED, 100, TENDER_ID, CONTRACT_ID, Decimal("38500.00"), today)
    assert [(p.paid_on, p.amount, p.measure_id) for p in stored.payments.all()] == [
        (today, Decimal("38500.00"), measure.pk)
    ]

    # --- 5. The public record and the project page ---------------------------------------
    visitor.goto(f"{base}/en/budget/{slug}/implementation/{winner.pk}/")
    expect(visitor.locator("main .status-badge").first).to_have_text("Implemented")
    timeline = section(visitor, "Timeline")
    expect(timeline.get_by_text(UPDATE_TEXT)).to_be_visible()
    photo = timeline.get_by_role("img", name=PHOTO_ALT)
    expect(photo).to_be_visible()
    image = visitor.request.get(base + photo.get_attribute("src"))
    # Stored photos are re-encoded (metadata stripped): an opaque PNG becomes a JPEG.
    assert (image.status, image.headers["content-type"]) == (200, "image/jpeg")
    with Image.open(io.BytesIO(image.body())) as served:
        assert served.size == (96, 64)
    payments = visitor.get_by_role("table", name="Payments")
    expect(payments.locator("tbody tr")).to_have_count(1)
    expect(payments.locator("tbody tr")).to_contain_text(["ПД-17"])
    expect(payments.locator("tbody tr td.number")).to_have_text("38,500.00 UAH")
    assert axe_violations(visitor) == []

    visitor.goto(f"{base}/en/budget/{slug}/projects/{winner.pk}/")
    panel = section(visitor, "Implementation")
    expect(panel.locator(".status-badge")).to_have_text("Implemented")
    expect(panel.get_by_text("Progress: 100 %")).to_be_visible()

    # --- 6. The resident rates the project, once -----------------------------------------
    rate_url = f"{base}/en/budget/{slug}/implementation/{winner.pk}/rate/"
    resident.goto(rate_url)
    assert axe_violations(resident) == []
    resident.get_by_label("4 — good").check()
    resident.get_by_label("Comment (optional)").fill("Зручні лавки, дякуємо.")
    resident.get_by_role("button", name="Save my rating").click()
    resident.wait_for_url(re.compile(rf"/budget/{slug}/projects/{winner.pk}/"))
    expect(resident.get_by_text("Thank you: your score is counted.")).to_be_visible()
    expect(resident.locator(".rating-average")).to_have_text(
        re.compile(r"Average score: 4\.0 of 5\s+\(1 rating\)")
    )
    assert axe_violations(resident) == []
    resident.goto(rate_url)
    expect(
        resident.get_by_role("heading", name="You have already rated this project")
    ).to_be_visible()

    # --- 7. The edition's statistics ------------------------------------------------------
    visitor.goto(f"{base}/en/budget/{slug}/stats/")
    expect(visitor.locator(".stats-counters")).to_have_text(
        "2 submitted, 1 winner, 1 implemented, 0 in progress."
    )
    winners = visitor.locator("#winners table")
    expect(winners.locator("tbody tr")).to_have_count(1)
    expect(winners.get_by_role("link", name=PROJECT_TITLE)).to_be_visible()
    expect(winners.locator("tbody tr")).to_contain_text(["Implemented"])
    assert axe_violations(visitor) == []
