"""Review of projects: completeness check, expert opinions with cost corrections shown to
the author as a diff, revision, the commission's decisions and appeals, paper supports."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.enums import Role
from hromada.budget.enums import AppealStatus, ProjectState
from hromada.budget.estimate import Line
from hromada.budget.models import Project, ReviewAssignment
from hromada.budget.services import (
    accept_for_review,
    add_paper_support,
    file_appeal,
    give_opinion,
    propose_cost_correction,
    record_decision,
    respond_to_correction,
    return_for_fixes,
    submit_project,
    update_project,
)
from hromada.core.models import ActivityLog
from tests.factories.accounts import DepartmentFactory
from tests.factories.budget import (
    make_resident,
    open_edition,
    settlement,
    submitted_project,
    taxpayer_number,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def decide(project, actor, kind="admit", **options):
    values = {
        "text": "Проєкт відповідає вимогам.",
        "protocol_number": "7",
        "protocol_date": timezone.localdate(),
        "members_present": 7,
        "votes_for": 6,
        "votes_against": 1,
    }
    values.update(options)
    return record_decision(project=project, actor=actor, kind=kind, **values)


def reviewed(edition, make_user, **overrides):
    project = submitted_project(edition, **overrides)
    department = DepartmentFactory()
    project = accept_for_review(project=project, actor=make_user(), departments=[department])
    assignment = project.assignments.get()
    give_opinion(
        assignment=assignment, reviewer=make_user(), conclusion="positive", opinion="Реально."
    )
    return Project.objects.get(pk=project.pk)


def test_the_coordinator_returns_a_project_and_the_author_resubmits(make_user):
    edition = open_edition()
    project = submitted_project(edition)
    returned = return_for_fixes(project=project, actor=make_user(), fixes="Додайте фото.")
    assert returned.state == ProjectState.RETURNED
    assert returned.step_deadline is not None
    update_project(project=returned, actor=returned.author, summary="Оновлений опис.")
    again = submit_project(project=returned, actor=returned.author)
    assert (again.state, again.number) == (ProjectState.SUBMITTED, 1)


def test_a_transition_not_allowed_from_the_current_state_is_refused(make_user):
    edition = open_edition()
    project = submitted_project(edition)
    with pytest.raises(ValidationError) as error:
        decide(project, make_user())
    assert error.value.messages == [
        "This cannot be done while the project is “submitted, completeness check”."
    ]
    assert Project.objects.get(pk=project.pk).state == ProjectState.SUBMITTED


def test_accepting_creates_assignments_with_deadlines_and_makes_the_project_public(make_user):
    edition = open_edition()
    project = accept_for_review(
        project=submitted_project(edition),
        actor=make_user(),
        departments=[DepartmentFactory(), DepartmentFactory()],
    )
    assert project.state == ProjectState.IN_REVIEW
    assert project.assignments.count() == 2
    assert all(a.deadline > timezone.now() for a in project.assignments.all())


def test_a_cost_correction_is_shown_as_a_diff_and_accepted_by_the_author(make_user):
    edition = open_edition()
    project = accept_for_review(
        project=submitted_project(edition), actor=make_user(), departments=[DepartmentFactory()]
    )
    assignment = project.assignments.get()
    reviewer = make_user()
    correction = propose_cost_correction(
        assignment=assignment,
        reviewer=reviewer,
        lines=[
            Line("Лавка паркова", "шт.", Decimal("10"), Decimal("4100.00")),
            Line("Ліхтар на сонячній батареї", "шт.", Decimal("4"), Decimal("4750.00")),
            Line("Доставка і монтаж", "послуга", Decimal("1"), Decimal("3000.00")),
        ],
        contingency_percent=Decimal("0"),
        vat_percent=Decimal("0"),
        explanation="Ринкова ціна лавки вища; потрібен монтаж.",
    )
    assert (correction.before["total"], correction.after["total"]) == ("54000.00", "63000.00")
    # The opinion alone does not move the project while the author has not answered.
    give_opinion(assignment=assignment, reviewer=reviewer, conclusion="positive", opinion="Так.")
    assert Project.objects.get(pk=project.pk).state == ProjectState.IN_REVIEW
    respond_to_correction(correction=correction, author=project.author, accept=True)
    stored = Project.objects.get(pk=project.pk)
    assert (stored.state, stored.total_cost) == (ProjectState.REVIEWED, Decimal("63000.00"))


def test_contesting_a_correction_needs_a_reason(make_user):
    edition = open_edition()
    project = accept_for_review(
        project=submitted_project(edition), actor=make_user(), departments=[DepartmentFactory()]
    )
    correction = propose_cost_correction(
        assignment=project.assignments.get(),
        reviewer=make_user(),
        lines=[Line("Лавка", "шт.", Decimal("1"), Decimal("1.00"))],
        contingency_percent=Decimal("0"),
        vat_percent=Decimal("0"),
        explanation="Інакше.",
    )
    with pytest.raises(ValidationError) as error:
        respond_to_correction(correction=correction, author=project.author, accept=False)
    assert error.value.message_dict == {"response": ["Say why you contest the correction."]}


def test_a_negative_opinion_needs_a_reason_code(make_user):
    edition = open_edition()
    project = accept_for_review(
        project=submitted_project(edition), actor=make_user(), departments=[DepartmentFactory()]
    )
    with pytest.raises(ValidationError) as error:
        give_opinion(
            assignment=project.assignments.get(),
            reviewer=make_user(),
            conclusion="negative",
            opinion="Ні.",
        )
    assert error.value.message_dict == {
        "reason_code": ["A negative opinion needs a reason from the list."]
    }


def test_admission_needs_the_required_supports(make_user):
    edition = open_edition(supporters_required=2)
    project = reviewed(edition, make_user)
    with pytest.raises(ValidationError) as error:
        decide(project, make_user())
    assert error.value.messages == ["The project has 0 of the 2 supports required."]


def test_the_commission_admits_a_reviewed_project(make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decision = decide(project, make_user())
    assert Project.objects.get(pk=project.pk).state == ProjectState.ADMITTED
    assert (decision.protocol_number, decision.votes_for) == ("7", 6)


def test_a_rejection_can_be_appealed_within_the_window_and_decided(make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decide(project, make_user(), kind="reject", reason_code="not_communal_land", votes_for=5)
    rejected = Project.objects.get(pk=project.pk)
    assert rejected.step_deadline is not None
    appeal = file_appeal(project=rejected, author=rejected.author, text="Земля комунальна.")
    assert Project.objects.get(pk=project.pk).state == ProjectState.APPEALED
    decide(Project.objects.get(pk=project.pk), make_user(), kind="admit")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UPHELD
    assert Project.objects.get(pk=project.pk).state == ProjectState.ADMITTED


def test_an_appeal_after_the_window_is_refused(make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decide(project, make_user(), kind="reject", reason_code="violates_law")
    rejected = Project.objects.get(pk=project.pk)
    too_late = rejected.step_deadline + timedelta(seconds=1)
    with pytest.raises(ValidationError) as error:
        file_appeal(project=rejected, author=rejected.author, text="Ні!", now=too_late)
    assert error.value.messages == ["The appeal window has closed."]
    assert Project.objects.get(pk=project.pk).state == ProjectState.REJECTED


def test_a_decision_with_more_votes_than_members_is_refused(make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    with pytest.raises(ValidationError) as error:
        decide(project, make_user(), members_present=3, votes_for=3, votes_against=2)
    assert error.value.message_dict == {"votes_for": ["More votes than members present."]}


def public_project(make_user):
    edition = open_edition()
    return accept_for_review(
        project=submitted_project(edition), actor=make_user(), departments=[DepartmentFactory()]
    )


def paper(project, operator, **changes):
    values = {
        "full_name": "Петренко Ольга Іванівна",
        "document_kind": "rnokpp",
        "document_number": taxpayer_number(date(1980, 4, 2)),
        "birth_year": 1980,
        "settlement": settlement(),
        "has_signature": True,
    }
    values.update(changes)
    return add_paper_support(project=project, operator=operator, **values)


def test_a_paper_support_is_counted_and_the_number_is_not_stored(make_user):
    project = public_project(make_user)
    number = taxpayer_number(date(1980, 4, 2))
    support = paper(project, make_user())
    assert project.supports.count() == 1
    assert number not in str(support.__dict__)
    assert not ActivityLog.objects.filter(after__icontains=number).exists()


def test_a_second_paper_support_by_the_same_person_is_refused(make_user):
    project = public_project(make_user)
    paper(project, make_user())
    with pytest.raises(ValidationError) as error:
        paper(project, make_user(), full_name="Петренко О. І.")
    assert error.value.messages == ["This person has already supported the project."]
    assert project.supports.count() == 1


def test_a_taxpayer_number_with_a_wrong_check_digit_is_refused_at_the_desk(make_user):
    project = public_project(make_user)
    valid = taxpayer_number(date(1980, 4, 2))
    wrong = valid[:9] + str((int(valid[9]) + 1) % 10)
    with pytest.raises(ValidationError) as error:
        paper(project, make_user(), document_number=wrong)
    assert error.value.message_dict == {
        "document_number": [
            "This taxpayer number (RNOKPP) is not valid: its check digit does not match."
        ]
    }


def test_a_paper_support_by_the_author_is_refused(make_user):
    edition = open_edition()
    number = taxpayer_number(date(1975, 1, 9), serial="4321")
    author = make_resident(taxpayer_number=number)
    project = accept_for_review(
        project=submitted_project(edition, author),
        actor=make_user(),
        departments=[DepartmentFactory()],
    )
    with pytest.raises(ValidationError) as error:
        paper(project, make_user(), document_number=number, birth_year=1975)
    assert error.value.messages == ["Authors cannot support their own project."]


def test_a_birth_year_that_contradicts_the_taxpayer_number_is_refused(make_user):
    project = public_project(make_user)
    with pytest.raises(ValidationError) as error:
        paper(project, make_user(), birth_year=1981)
    assert error.value.message_dict == {
        "birth_year": ["The birth year does not match the taxpayer number."]
    }


def test_a_reviewer_of_another_department_gets_404_on_an_assignment(client, make_user):
    edition = open_edition()
    project = accept_for_review(
        project=submitted_project(edition), actor=make_user(), departments=[DepartmentFactory()]
    )
    outsider = make_user(Role.REVIEWER, department=DepartmentFactory())
    client.force_login(outsider)
    assignment = ReviewAssignment.objects.get(project=project)
    response = client.post(
        reverse("budget:staff_assignment", kwargs={"assignment_id": assignment.pk}),
        {"conclusion": "positive", "opinion": "Так"},
    )
    assert response.status_code == 404
    assert ReviewAssignment.objects.get(pk=assignment.pk).status == "pending"


def test_the_csv_export_has_a_byte_order_mark_and_neutralised_formulas(client, make_user):
    edition = open_edition()
    submitted_project(edition, title='=HYPERLINK("http://x")')
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.get(
        reverse("budget:staff_export", kwargs={"edition": edition.slug, "file_format": "csv"})
    )
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][10] == "54000.00"


def test_the_xlsx_export_has_projects_and_cost_lines(client, make_user):
    import openpyxl

    edition = open_edition()
    submitted_project(edition)
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.get(
        reverse("budget:staff_export", kwargs={"edition": edition.slug, "file_format": "xlsx"})
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Projects", "Cost lines"]
    lines = list(book["Cost lines"].iter_rows(values_only=True))
    assert lines[1][2:5] == ("Лавка паркова", "шт.", 10)


def test_the_protocol_of_the_admitted_list_is_a_real_docx(client, make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decide(project, make_user())
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.get(
        reverse("budget:staff_protocol", kwargs={"edition": edition.slug, "file_format": "docx"})
    )
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "Лавки та ліхтарі у сквері на Шевченка" in cells


def test_the_protocol_of_the_admitted_list_is_a_real_pdf(client, make_user):
    from pypdf import PdfReader

    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decide(project, make_user())
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.get(
        reverse("budget:staff_protocol", kwargs={"edition": edition.slug, "file_format": "pdf"})
    )
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Лавки та ліхтарі у сквері на Шевченка" in " ".join(text.split())


def test_withdrawing_after_voting_has_opened_is_refused(make_user):
    from hromada.budget.services import withdraw_project

    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    decide(project, make_user())
    voting_opened = timezone.now() + timedelta(days=90)
    with pytest.raises(ValidationError) as error:
        withdraw_project(project=project, actor=project.author, now=voting_opened)
    assert error.value.messages == ["Voting has opened: the project can no longer be withdrawn."]
    assert Project.objects.get(pk=project.pk).state == ProjectState.ADMITTED


def test_a_project_not_yet_public_collects_no_supports(make_user):
    from hromada.budget.services import support_online

    edition = open_edition()
    project = submitted_project(edition)
    with pytest.raises(ValidationError) as error:
        support_online(project=project, user=make_resident())
    assert error.value.messages == ["This project does not collect supports in its current state."]


def test_a_paper_supporter_under_the_minimum_age_is_refused(make_user):
    project = public_project(make_user)
    young = timezone.localdate().replace(year=timezone.localdate().year - 15)
    with pytest.raises(ValidationError) as error:
        paper(
            project,
            make_user(),
            document_number=taxpayer_number(young),
            birth_year=young.year,
        )
    assert error.value.message_dict == {"birth_year": ["Supporters must be at least 16 years old."]}
    assert project.supports.count() == 0


def test_a_line_without_a_signature_is_not_entered(make_user):
    project = public_project(make_user)
    with pytest.raises(ValidationError) as error:
        paper(project, make_user(), has_signature=False)
    assert error.value.message_dict == {
        "has_signature": ["A line without the supporter's signature does not count."]
    }


def test_a_signed_protocol_that_is_not_a_document_is_refused(make_user):
    edition = open_edition(supporters_required=0)
    project = reviewed(edition, make_user)
    with pytest.raises(ValidationError) as error:
        decide(project, make_user(), signed_scan=io.BytesIO(b"#!/bin/sh\necho hi\n"))
    assert list(error.value.message_dict) == ["signed_scan"]
    assert Project.objects.get(pk=project.pk).state == ProjectState.REVIEWED


def test_the_paper_list_page_never_shows_the_number_again(client, make_user):
    project = public_project(make_user)
    client.force_login(make_user(Role.DESK_OPERATOR))
    number = taxpayer_number(date(1980, 4, 2))
    response = client.post(
        reverse(
            "budget:staff_paper_supports",
            kwargs={"edition": project.edition.slug, "project_id": project.pk},
        ),
        {
            "full_name": "Петренко Ольга",
            "document_kind": "rnokpp",
            "document_number": number,
            "birth_year": "1979",
            "settlement": settlement().pk,
            "has_signature": "on",
        },
    )
    assert response.status_code == 400
    assert number not in response.content.decode()
    assert "The birth year does not match the taxpayer number." in response.content.decode()
