"""The author's pages: the multi-step form keeps what was typed when it is refused, the
submit page lists what is missing, the support button counts once."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from hromada.budget.enums import ProjectState
from hromada.budget.models import Project
from hromada.budget.services import accept_for_review, start_project, submit_project
from tests.factories.accounts import DepartmentFactory
from tests.factories.budget import fill_application, make_resident, open_edition

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


@pytest.fixture
def author(client):
    user = make_resident()
    client.force_login(user)
    return user


def test_starting_a_project_leads_to_the_first_step(client, author):
    edition = open_edition()
    response = client.post(url("budget:project_start", edition=edition.slug))
    project = Project.objects.get(author=author)
    assert response["Location"] == url("budget:project_step", project_id=project.pk, step="about")


def test_an_unverified_visitor_is_told_to_confirm_who_they_are(client, make_user):
    edition = open_edition()
    client.force_login(make_user())
    response = client.get(url("budget:project_start", edition=edition.slug))
    assert "Confirm who you are with id.gov.ua" in response.content.decode()


def test_the_about_step_saves_and_moves_on(client, author):
    edition = open_edition()
    project = start_project(author=author, edition=edition)
    response = client.post(
        url("budget:project_step", project_id=project.pk, step="about"),
        {
            "title": "Сквер",
            "pool": edition.pools.get(code="small").pk,
            "category": edition.categories.get(code="green").pk,
            "summary": "Коротко",
        },
    )
    assert response["Location"] == url("budget:project_step", project_id=project.pk, step="place")
    assert Project.objects.get(pk=project.pk).title == "Сквер"


def test_a_pool_of_another_edition_is_refused_next_to_the_field(client, author):
    edition = open_edition()
    other = open_edition(slug="other")
    project = start_project(author=author, edition=edition)
    response = client.post(
        url("budget:project_step", project_id=project.pk, step="about"),
        {"title": "Сквер", "pool": other.pools.get(code="small").pk},
    )
    assert response.status_code == 400
    assert response.context["form"].has_error("pool", code="invalid_choice")
    assert Project.objects.get(pk=project.pk).title == ""


def test_bad_cost_lines_are_refused_and_what_was_typed_is_shown_again(client, author):
    edition = open_edition()
    project = start_project(author=author, edition=edition)
    response = client.post(
        url("budget:project_step", project_id=project.pk, step="estimate"),
        {
            "rows": "2",
            "name_1": "Лавка",
            "unit_1": "шт.",
            "quantity_1": "два",
            "unit_price_1": "3500",
            "name_2": "Урна",
            "unit_2": "шт.",
            "quantity_2": "2",
            "unit_price_2": "-10",
            "contingency_percent": "0",
            "vat_percent": "0",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Line 1: the quantity must be a number with at most three decimals." in body
    assert "Line 2: the unit price cannot be negative." in body
    assert 'value="два"' in body
    assert project.cost_items.count() == 0


def test_a_good_estimate_is_saved_with_its_total(client, author):
    edition = open_edition()
    project = start_project(author=author, edition=edition)
    client.post(
        url("budget:project_step", project_id=project.pk, step="estimate"),
        {
            "rows": "1",
            "name_1": "Лавка",
            "unit_1": "шт.",
            "quantity_1": "2",
            "unit_price_1": "1 250,50",
            "contingency_percent": "5",
            "vat_percent": "20",
        },
    )
    # 2 × 1 250.50 = 2 501.00; + 5 % = 125.05; VAT 20 % of 2 626.05 = 525.21
    assert Project.objects.get(pk=project.pk).total_cost.to_eng_string() == "3151.26"


def test_submitting_an_incomplete_application_lists_what_is_missing(client, author):
    edition = open_edition()
    project = start_project(author=author, edition=edition)
    client.post(url("budget:project_submit", project_id=project.pk))
    response = client.get(url("budget:my_project", project_id=project.pk))
    assert "Give the project a title." in response.content.decode()
    assert Project.objects.get(pk=project.pk).state == ProjectState.DRAFT


def test_another_persons_project_is_not_found(client, author):
    edition = open_edition()
    other = make_resident()
    project = start_project(author=other, edition=edition)
    response = client.get(url("budget:my_project", project_id=project.pk))
    assert response.status_code == 404


def _public_project(edition, make_user):
    owner = make_resident()
    project = fill_application(start_project(author=owner, edition=edition), owner)
    submit_project(project=project, actor=owner)
    return accept_for_review(project=project, actor=make_user(), departments=[DepartmentFactory()])


def test_supporting_twice_is_refused_with_a_message(client, author, make_user):
    edition = open_edition()
    project = _public_project(edition, make_user)
    support_url = url("budget:support", edition=edition.slug, project_id=project.pk)
    client.post(support_url)
    response = client.post(support_url, follow=True)
    assert "You have already supported this project." in response.content.decode()
    assert project.supports.count() == 1


def test_the_author_cannot_support_their_own_project(client, make_user):
    edition = open_edition()
    project = _public_project(edition, make_user)
    client.force_login(project.author)
    response = client.post(
        url("budget:support", edition=edition.slug, project_id=project.pk), follow=True
    )
    assert "Authors cannot support their own project." in response.content.decode()
    assert project.supports.count() == 0
