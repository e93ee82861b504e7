"""Submission of a project by a verified resident: the form saved step by step, the
estimate, attachments, submission with a precise list of what is missing."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from PIL import Image

from hromada.budget.enums import ProjectState
from hromada.budget.estimate import Line, parse_lines, problems_as_messages
from hromada.budget.models import Project, ProjectEvent
from hromada.budget.services import (
    add_attachment,
    set_estimate,
    start_project,
    submission_problems,
    submit_project,
    update_project,
    withdraw_project,
)
from hromada.core.models import ActivityLog
from tests.factories.budget import fill_application, make_edition, make_resident, open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_a_verified_resident_submits_a_complete_application():
    edition = open_edition()
    author = make_resident()
    project = fill_application(start_project(author=author, edition=edition), author)
    submitted = submit_project(project=project, actor=author)
    stored = Project.objects.get(pk=submitted.pk)
    assert (stored.state, stored.number, stored.total_cost) == (
        ProjectState.SUBMITTED,
        1,
        Decimal("54000.00"),
    )
    assert ProjectEvent.objects.get(project=stored).to_state == ProjectState.SUBMITTED
    assert ActivityLog.objects.filter(
        action="budget.project.state_changed", object_id=str(stored.pk)
    ).exists()


def test_the_author_is_emailed_once_about_the_submission(django_capture_on_commit_callbacks):
    edition = open_edition()
    author = make_resident(email="author@example.com")
    project = fill_application(start_project(author=author, edition=edition), author)
    with django_capture_on_commit_callbacks(execute=True):
        submit_project(project=project, actor=author)
    assert [message.to for message in mail.outbox] == [["author@example.com"]]
    # Running the task again (a retry) sends nothing more.
    from hromada.budget.tasks import notify_author_of_state_change

    notify_author_of_state_change.apply(args=[ProjectEvent.objects.get().pk])
    assert len(mail.outbox) == 1


def test_an_unverified_account_cannot_start_a_project(make_user):
    edition = open_edition()
    with pytest.raises(ValidationError) as error:
        start_project(author=make_user(), edition=edition)
    assert error.value.messages == [
        "Confirm who you are with id.gov.ua (e-signature, BankID or Diia) first."
    ]


def test_an_author_under_the_minimum_age_is_refused():
    edition = open_edition()
    fifteen = timezone.localdate().replace(year=timezone.localdate().year - 15)
    with pytest.raises(ValidationError) as error:
        start_project(author=make_resident(birth_date=fifteen), edition=edition)
    assert error.value.messages[0].startswith("You must be at least 16 years old by ")
    assert Project.objects.count() == 0


def test_a_self_declared_residency_counts_only_where_the_edition_accepts_it():
    author = make_resident(method="self_declaration")
    with pytest.raises(ValidationError) as error:
        start_project(author=author, edition=open_edition(slug="strict"))
    assert error.value.messages == [
        "Your residency is not confirmed on a basis this edition accepts."
    ]
    lenient = open_edition(slug="lenient", accepts_self_declaration=True)
    assert start_project(author=author, edition=lenient).state == ProjectState.DRAFT


def test_starting_after_the_submission_deadline_is_refused():
    edition = make_edition(submission_start=timezone.localdate() - timedelta(days=40))
    with pytest.raises(ValidationError) as error:
        start_project(author=make_resident(), edition=edition)
    assert error.value.messages == ["Submission of projects is closed."]


def test_submitting_after_the_deadline_is_refused_and_the_draft_is_kept():
    edition = open_edition()
    author = make_resident()
    project = fill_application(start_project(author=author, edition=edition), author)
    after_deadline = timezone.now() + timedelta(days=40)
    with pytest.raises(ValidationError) as error:
        submit_project(project=project, actor=author, now=after_deadline)
    assert error.value.messages == [
        "Submission of projects is closed: the project can no longer be changed."
    ]
    stored = Project.objects.get(pk=project.pk)
    assert (stored.state, stored.title) == (ProjectState.DRAFT, project.title)


def test_an_incomplete_application_lists_everything_missing():
    edition = open_edition()
    author = make_resident()
    project = start_project(author=author, edition=edition)
    update_project(project=project, actor=author, title="Сквер")
    with pytest.raises(ValidationError) as error:
        submit_project(project=project, actor=author)
    assert error.value.messages == [
        "Choose a category.",
        "Choose a pool.",
        "Write a short description.",
        "Describe the problem.",
        "State the aim.",
        "Describe the proposed solution.",
        "Give the plan of stages, including purchases.",
        "Describe the expected results.",
        "Say who will benefit.",
        "Give the address or mark the place on the map.",
        "Add at least one line to the cost estimate.",
        "Say on what basis you live in the community.",
        "Confirm that you are the author of the idea.",
        "Give consent to the processing of personal data.",
        "Confirm that the result will be public and free of charge.",
    ]
    assert Project.objects.get(pk=project.pk).title == "Сквер"


def test_a_title_longer_than_the_edition_allows_is_reported():
    edition = open_edition()
    author = make_resident()
    project = fill_application(
        start_project(author=author, edition=edition),
        author,
        title="один два три чотири пʼять шість сім вісім девʼять десять одинадцять",
    )
    assert submission_problems(project) == ["The title has 11 words; at most 10."]


def test_an_estimate_above_the_pools_maximum_is_refused_at_submission():
    edition = open_edition()
    author = make_resident()
    project = fill_application(start_project(author=author, edition=edition), author)
    project = set_estimate(
        project=project,
        actor=author,
        lines=[Line("Майданчик", "компл.", Decimal("1"), Decimal("100000.00"))],
        contingency_percent=Decimal("5"),
        vat_percent=Decimal("0"),
    )
    assert submission_problems(project) == [
        "The estimate (105000.00 UAH) is above the pool's maximum of 100000.00 UAH."
    ]


def test_a_project_in_a_territorial_pool_needs_an_author_of_that_territory():
    edition = open_edition()
    author = make_resident()  # lives in the town
    project = fill_application(
        start_project(author=author, edition=edition),
        author,
        pool=edition.pools.get(code="villages"),
        territory=edition.territories.get(code="villages"),
    )
    assert "Only residents of the pool's territory may propose projects in it." in (
        submission_problems(project)
    )


def test_cost_lines_with_bad_numbers_are_reported_per_line():
    lines, problems = parse_lines(
        [
            {"name": "Лавка", "unit": "шт.", "quantity": "-2", "unit_price": "3500"},
            {"name": "Фарба", "unit": "л", "quantity": "багато", "unit_price": "1 250,50"},
            {"name": "", "unit": "", "quantity": "", "unit_price": ""},
            {"name": "Урна", "unit": "шт.", "quantity": "2", "unit_price": "-1"},
            {"name": "Плитка", "unit": "м²", "quantity": "12,5", "unit_price": "1 250,50"},
        ]
    )
    assert lines == [Line("Плитка", "м²", Decimal("12.5"), Decimal("1250.50"))]
    assert problems_as_messages(problems) == [
        "Line 1: the quantity must be above zero.",
        "Line 2: the quantity must be a number with at most three decimals.",
        "Line 4: the unit price cannot be negative.",
    ]


def test_a_contingency_above_the_editions_limit_is_refused_and_the_estimate_kept():
    edition = open_edition()
    author = make_resident()
    project = fill_application(start_project(author=author, edition=edition), author)
    with pytest.raises(ValidationError) as error:
        set_estimate(
            project=project,
            actor=author,
            lines=[Line("Лавка", "шт.", Decimal("1"), Decimal("1.00"))],
            contingency_percent=Decimal("15"),
            vat_percent=Decimal("0"),
        )
    assert error.value.message_dict == {
        "contingency_percent": ["The contingency line may be from 0 to 10 %."]
    }
    assert Project.objects.get(pk=project.pk).total_cost == Decimal("54000.00")


def _png_with_gps() -> io.BytesIO:
    image = Image.new("RGB", (40, 30), "green")
    exif = Image.Exif()
    exif[0x8825] = {2: (50.0, 30.0, 0.0)}  # GPSInfo: latitude
    exif[0x010F] = "Camera maker"
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    buffer.seek(0)
    return buffer


def test_an_image_attachment_is_reencoded_without_metadata():
    edition = open_edition()
    author = make_resident()
    project = start_project(author=author, edition=edition)
    attachment = add_attachment(
        project=project,
        actor=author,
        file=_png_with_gps(),
        original_name="сквер.jpg",
        is_public=True,
    )
    with attachment.file.open("rb") as stored:
        image = Image.open(stored)
        assert (image.format, dict(image.getexif())) == ("JPEG", {})


def test_a_mistyped_attachment_is_refused_with_a_message():
    edition = open_edition()
    author = make_resident()
    project = start_project(author=author, edition=edition)
    with pytest.raises(ValidationError) as error:
        add_attachment(
            project=project,
            actor=author,
            file=io.BytesIO(b"MZ\x90\x00 not really a picture"),
            original_name="photo.jpg",
            is_public=True,
        )
    assert list(error.value.message_dict) == ["file"]
    assert project.attachments.count() == 0


def test_an_oversized_attachment_is_refused_with_the_limit():
    edition = open_edition(max_attachment_mb=1)
    author = make_resident()
    project = start_project(author=author, edition=edition)
    with pytest.raises(ValidationError) as error:
        add_attachment(
            project=project,
            actor=author,
            file=io.BytesIO(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)),
            original_name="кошторис.pdf",
            is_public=False,
        )
    assert "The limit is 1 MB." in error.value.message_dict["file"][0]


def test_someone_else_cannot_change_the_application():
    edition = open_edition()
    author = make_resident()
    project = start_project(author=author, edition=edition)
    with pytest.raises(ValidationError) as error:
        update_project(project=project, actor=make_resident(), title="Чуже")
    assert error.value.messages == ["Only the author may change this project."]


def test_a_withdrawn_project_cannot_be_submitted():
    edition = open_edition()
    author = make_resident()
    project = fill_application(start_project(author=author, edition=edition), author)
    withdraw_project(project=project, actor=author, reason="Передумав")
    with pytest.raises(ValidationError) as error:
        submit_project(project=project, actor=author)
    assert error.value.messages == [
        "The project is “withdrawn by the author” and cannot be changed now."
    ]


def test_age_reached_by_the_end_of_the_year_admits_a_younger_author():
    today = timezone.localdate()
    birthday_later_this_year = date(today.year - 16, 12, 31)
    edition = open_edition(age_reached_by="year_end")
    author = make_resident(birth_date=birthday_later_this_year)
    if edition.year == today.year:
        assert start_project(author=author, edition=edition).state == ProjectState.DRAFT


def test_a_posted_table_with_a_bad_or_huge_row_count_is_read_safely():
    from hromada.budget.estimate import MAX_LINES, typed_rows

    assert typed_rows({"rows": "два", "name_1": "Лавка"}) == []
    assert len(typed_rows({"rows": "100000"})) == MAX_LINES
    assert typed_rows({"rows": "1", "name_1": "Лавка", "quantity_1": "2"}) == [
        {"name": "Лавка", "unit": "", "quantity": "2", "unit_price": ""}
    ]
