"""The participatory budget's first part, end to end in a real browser: a resident signs
in through the (fake) id.gov.ua, submits a project with a cost estimate and a photo; the
coordinator returns it for a fix; the author fixes it; a department reviewer corrects the
cost; the author accepts; the commission admits it; it is in the catalogue and on the
map. A second project is rejected with a reason, appealed, and the appeal decided."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image

from hromada.accounts.enums import Role
from hromada.budget.enums import ProjectState
from hromada.budget.models import Project
from hromada.budget.services import accept_for_review, give_opinion
from tests.e2e.conftest import axe_violations, sign_in
from tests.factories.accounts import PASSWORD, DepartmentFactory, make_user
from tests.factories.budget import open_edition, submitted_project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def photo(path: Any) -> Any:
    target = path / "square.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(buffer, format="JPEG")
    target.write_bytes(buffer.getvalue())
    return target


def test_a_project_from_submission_to_the_catalogue(
    open_page, live_server, idgovua_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    base = live_server.url
    edition = open_edition(supporters_required=0)
    department = DepartmentFactory(name_en="Housing department")
    make_user(Role.BUDGET_COORDINATOR, email="coordinator@example.com")
    make_user(Role.REVIEWER, department=department, email="reviewer@example.com")
    make_user(Role.BUDGET_COMMISSION_MEMBER, email="commission@example.com")

    # The resident signs in through id.gov.ua from the "propose a project" page.
    resident = open_page()
    resident.goto(f"{base}/en/budget/{edition.slug}/projects/new/")
    resident.get_by_role("link", name="Confirm who you are with id.gov.ua").click()
    resident.get_by_role("button", name="Sign and continue").click()
    resident.wait_for_url(f"{base}/en/budget/{edition.slug}/projects/new/")
    resident.get_by_role("button", name="Start the application").click()

    # Step 1: about.
    assert axe_violations(resident) == []
    resident.get_by_label("Title", exact=True).fill("Лавки у сквері на Шевченка")
    resident.get_by_label("Category").select_option(label="Благоустрій і довкілля")
    resident.get_by_label("Pool").select_option(label="Малі проєкти")
    resident.get_by_label("Short description").fill("Встановити лавки у сквері.")
    resident.get_by_label("Problem").fill("Ніде сісти.")
    resident.get_by_label("Aim", exact=True).fill("Зручний сквер.")
    resident.get_by_label("Proposed solution").fill("Купити й встановити лавки.")
    resident.get_by_label("Plan of stages, including purchases").fill("Закупівля, монтаж.")
    resident.get_by_label("Expected results").fill("Лавки для всіх.")
    resident.get_by_label("Who benefits").fill("Мешканці району.")
    resident.get_by_role("button", name="Save and continue").click()
    # Step 2: place.
    resident.get_by_label("Territory").select_option(label="Місто Здолбунів")
    resident.get_by_label("Address or place").fill("м. Здолбунів, вул. Шевченка, 12")
    resident.get_by_label("Latitude").fill("50.518900")
    resident.get_by_label("Longitude").fill("26.247500")
    resident.get_by_role("button", name="Save and continue").click()
    # Step 3: the estimate, with a live total.
    resident.get_by_label("Item 1", exact=True).fill("Лавка паркова")
    resident.get_by_label("Unit 1", exact=True).fill("шт.")
    resident.get_by_label("Quantity 1", exact=True).fill("10")
    resident.get_by_label("Unit price, UAH 1", exact=True).fill("4200")
    assert "42,000.00" in resident.locator("#estimate-live").inner_text()
    assert axe_violations(resident) == []
    resident.get_by_role("button", name="Save and continue").click()
    # Step 4: co-authors (none); step 5: a photo.
    resident.get_by_role("link", name="Continue").click()
    resident.locator("#id_file").set_input_files(str(photo(tmp_path)))
    resident.get_by_label("Description").fill("Сквер зараз")
    resident.get_by_role("button", name="Upload").click()
    assert "square.jpg" in resident.content()
    resident.get_by_role("link", name="Continue").click()
    # Step 6: declarations, then submit.
    resident.get_by_label("I live in the community as").select_option("registered")
    resident.get_by_label("I am the author of this idea").check()
    resident.get_by_label("I consent to the processing of my personal data").check()
    resident.get_by_label("My name may be published with the project").check()
    resident.get_by_label("The result will be publicly accessible and free of charge").check()
    resident.get_by_role("button", name="Save and continue").click()
    resident.get_by_role("button", name="Submit the project").click()
    assert "The project is submitted." in resident.content()
    project = Project.objects.get(edition=edition)
    assert project.state == ProjectState.SUBMITTED

    # The coordinator returns it for a fix.
    coordinator = sign_in(open_page, base, "coordinator@example.com")
    staff_url = f"{base}/en/staff/budget/{edition.slug}/projects/{project.pk}/"
    coordinator.goto(staff_url)
    coordinator.get_by_label("What the author must fix").fill("Уточніть кількість лавок.")
    coordinator.get_by_role("button", name="Return to the author for fixes").click()
    assert Project.objects.get(pk=project.pk).state == ProjectState.RETURNED

    # The author fixes the estimate and submits again.
    resident.goto(f"{base}/en/budget/my-projects/{project.pk}/step/estimate/")
    resident.get_by_label("Quantity 1", exact=True).fill("12")
    resident.get_by_role("button", name="Save and continue").click()
    resident.goto(f"{base}/en/budget/my-projects/{project.pk}/")
    resident.get_by_role("button", name="Submit the fixes").click()
    assert Project.objects.get(pk=project.pk).state == ProjectState.SUBMITTED

    # The coordinator sends it to the department.
    coordinator.goto(staff_url)
    coordinator.get_by_label("Housing department").check()
    coordinator.get_by_role("button", name="Complete: send to the departments").click()
    assert Project.objects.get(pk=project.pk).state == ProjectState.IN_REVIEW

    # The reviewer corrects the cost and gives the opinion.
    reviewer = sign_in(open_page, base, "reviewer@example.com")
    reviewer.goto(base + "/en/staff/budget/inbox/")
    reviewer.get_by_role("link", name="Лавки у сквері на Шевченка").click()
    reviewer.get_by_label("Unit price, UAH 1", exact=True).fill("4500")
    reviewer.get_by_label("Explanation for the author").fill("Ціна за Prozorro вища.")
    reviewer.get_by_role("button", name="Send the correction to the author").click()
    reviewer.get_by_label("Positive").check()
    reviewer.get_by_label("Opinion (published)").fill("Реалізація можлива.")
    reviewer.get_by_role("button", name="Give the opinion").click()

    # The author sees the diff and accepts it.
    resident.goto(f"{base}/en/budget/my-projects/{project.pk}/")
    assert "4500.00" in resident.locator("table.diff").inner_text()
    resident.get_by_role("button", name="Accept the corrected estimate").click()
    stored = Project.objects.get(pk=project.pk)
    assert (stored.state, str(stored.total_cost)) == (ProjectState.REVIEWED, "54000.00")

    # The commission admits it.
    commission = sign_in(open_page, base, "commission@example.com")
    commission.goto(staff_url)
    record_decision(commission, "admit to the vote")
    assert Project.objects.get(pk=project.pk).state == ProjectState.ADMITTED

    # In the public catalogue and on the map.
    visitor = open_page()
    visitor.goto(f"{base}/en/budget/{edition.slug}/projects/")
    assert "Лавки у сквері на Шевченка" in visitor.content()
    assert axe_violations(visitor) == []
    features = visitor.request.get(f"{base}/en/budget/{edition.slug}/projects/map.geojson").json()
    assert [f["properties"]["title"] for f in features["features"]] == [
        "Лавки у сквері на Шевченка"
    ]

    # A second project: rejected with a reason, appealed, and the appeal decided.
    second = submitted_project(edition, title="Парковка на газоні")
    second = accept_for_review(project=second, actor=make_user(), departments=[department])
    give_opinion(
        assignment=second.assignments.get(),
        reviewer=make_user(),
        conclusion="negative",
        reason_code="not_communal_land",
        opinion="Ділянка приватна.",
    )
    second_url = f"{base}/en/staff/budget/{edition.slug}/projects/{second.pk}/"
    commission.goto(second_url)
    record_decision(commission, "reject", reason="private property or not communal land")
    assert Project.objects.get(pk=second.pk).state == ProjectState.REJECTED
    author = sign_in_as_author(open_page, base, second.author)
    author.goto(f"{base}/en/budget/my-projects/{second.pk}/")
    author.get_by_label("Grounds of the appeal").fill("Ділянка комунальна, додаю витяг.")
    author.get_by_role("button", name="File the appeal").click()
    assert Project.objects.get(pk=second.pk).state == ProjectState.APPEALED
    commission.goto(second_url)
    record_decision(commission, "reject", reason="private property or not communal land")
    assert Project.objects.get(pk=second.pk).state == ProjectState.REJECTED
    assert second.appeals.get().status == "dismissed"


def record_decision(page: Any, kind: str, reason: str = "") -> None:
    page.get_by_role("radio", name=kind).check()
    if reason:
        page.get_by_label("Reason (for a rejection)").select_option(label=reason)
    page.get_by_label("Reasons (published)").fill("Рішення комісії.")
    page.get_by_label("Protocol number").fill("5")
    page.get_by_label("Members present").fill("7")
    page.get_by_label("Votes for").fill("6")
    page.get_by_role("button", name="Record the decision").click()
    assert "The commission's decision is recorded." in page.content()


def sign_in_as_author(open_page: Any, base: str, user: Any) -> Any:
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return sign_in(open_page, base, user.email)
