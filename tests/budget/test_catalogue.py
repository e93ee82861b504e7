"""The public project catalogue: what is listed, filters, search, the map data, the
cost table and what the project page shows (and never shows)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation

from hromada.accounts.models import Department
from hromada.budget.catalogue import (
    catalogue_projects,
    cost_table,
    normalise_search_text,
    project_for_public,
    search_document,
)
from hromada.budget.enums import (
    AppealStatus,
    AssignmentStatus,
    DecisionKind,
    OpinionConclusion,
    ProjectState,
    RejectionReason,
    SupportChannel,
)
from hromada.budget.models import (
    Appeal,
    Attachment,
    CommissionDecision,
    ProjectEvent,
    ReviewAssignment,
    Support,
)
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.budget_projects import add_supports, make_project

pytestmark = pytest.mark.django_db

HIDDEN_STATES = [
    ProjectState.DRAFT,
    ProjectState.SUBMITTED,
    ProjectState.RETURNED,
    ProjectState.WITHDRAWN,
]
PUBLIC_STATES = [
    ProjectState.IN_REVIEW,
    ProjectState.REVISION_REQUESTED,
    ProjectState.REVIEWED,
    ProjectState.ADMITTED,
    ProjectState.REJECTED,
    ProjectState.APPEALED,
]


def english_url(name: str, **kwargs: object) -> str:
    """The English page: the texts asserted here are the English source strings."""
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def catalogue_url(edition, query: str = "") -> str:
    url = english_url("budget:catalogue", edition=edition.slug)
    return f"{url}?{query}" if query else url


def project_url(project) -> str:
    return english_url("budget:project", edition=project.edition.slug, project_id=project.pk)


def listed_titles(client, edition, query: str = "") -> list[str]:
    response = client.get(catalogue_url(edition, query))
    assert response.status_code == 200
    return [project.title for project in response.context["page"].object_list]


@pytest.fixture
def edition():
    return make_edition()


# --- What is public --------------------------------------------------------------------


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_projects_before_review_or_withdrawn_are_not_listed(client, edition, state):
    make_project(edition, state=state, title="Прихований")
    make_project(edition, state=ProjectState.ADMITTED, title="Видимий")
    assert listed_titles(client, edition) == ["Видимий"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_the_page_of_a_project_before_review_or_withdrawn_is_not_found(client, edition, state):
    project = make_project(edition, state=state)
    assert client.get(project_url(project)).status_code == 404


@pytest.mark.parametrize("state", PUBLIC_STATES)
def test_projects_in_public_states_are_listed(client, edition, state):
    make_project(edition, state=state, title="Публічний")
    assert listed_titles(client, edition) == ["Публічний"]


def test_the_catalogue_of_an_unpublished_edition_is_not_found(client):
    edition = make_edition(published=False)
    assert client.get(catalogue_url(edition)).status_code == 404


def test_a_project_of_an_unpublished_edition_is_not_found(client):
    edition = make_edition(published=False)
    project = make_project(edition, state=ProjectState.ADMITTED)
    assert client.get(project_url(project)).status_code == 404


def test_a_project_under_another_editions_address_is_not_found(client, edition):
    other = make_edition(slug="2031-youth", year=2031)
    project = make_project(other, state=ProjectState.ADMITTED)
    url = english_url("budget:project", edition=edition.slug, project_id=project.pk)
    assert client.get(url).status_code == 404


def test_project_for_public_returns_none_for_a_draft(edition):
    project = make_project(edition, state=ProjectState.DRAFT)
    assert project_for_public(edition.slug, project.pk) is None


def test_the_edition_page_links_to_the_catalogue(client, edition):
    response = client.get(english_url("budget:edition", edition=edition.slug))
    assert f'href="{catalogue_url(edition)}"' in response.content.decode()


def test_an_empty_catalogue_says_nothing_is_published_yet(client, edition):
    response = client.get(catalogue_url(edition))
    assert "No projects of this edition have been published yet." in response.content.decode()


# --- Filters ---------------------------------------------------------------------------


def test_filter_by_pool(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Малий", pool_code="small")
    make_project(edition, state=ProjectState.ADMITTED, title="Великий", pool_code="large")
    assert listed_titles(client, edition, "pool=large") == ["Великий"]


def test_filter_by_category(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Спорт", category_code="sport")
    make_project(edition, state=ProjectState.ADMITTED, title="Зелень", category_code="green")
    assert listed_titles(client, edition, "category=sport") == ["Спорт"]


def test_filter_by_territory(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Місто", territory_code="town")
    make_project(edition, state=ProjectState.ADMITTED, title="Село", territory_code="villages")
    assert listed_titles(client, edition, "territory=villages") == ["Село"]


def test_filter_by_state(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Допущений")
    make_project(edition, state=ProjectState.REJECTED, title="Відхилений")
    assert listed_titles(client, edition, "state=rejected") == ["Відхилений"]


def test_filters_combine(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Так", category_code="sport")
    make_project(edition, state=ProjectState.REJECTED, title="Ні", category_code="sport")
    make_project(edition, state=ProjectState.ADMITTED, title="Теж ні", category_code="green")
    assert listed_titles(client, edition, "category=sport&state=admitted") == ["Так"]


def test_the_options_show_how_many_public_projects_each_has(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, pool_code="small")
    make_project(edition, state=ProjectState.REJECTED, pool_code="small")
    make_project(edition, state=ProjectState.DRAFT, pool_code="small")
    html = client.get(catalogue_url(edition)).content.decode()
    assert '<option value="small">Малі проєкти (2)</option>' in html


def test_the_chosen_filter_stays_selected(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, pool_code="large")
    html = client.get(catalogue_url(edition, "pool=large")).content.decode()
    assert '<option value="large" selected>Великі проєкти (1)</option>' in html


def test_the_result_count_is_shown(client, edition):
    make_project(edition, state=ProjectState.ADMITTED)
    make_project(edition, state=ProjectState.REJECTED)
    assert "2 projects found" in client.get(catalogue_url(edition)).content.decode()


def test_nothing_matching_says_so_with_a_way_back(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, pool_code="small")
    html = client.get(catalogue_url(edition, "pool=large")).content.decode()
    assert "No projects match the chosen filters." in html
    assert f'<a href="{catalogue_url(edition)}">Show all projects</a>' in html


def test_an_unknown_pool_is_ignored_with_a_notice(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Один")
    response = client.get(catalogue_url(edition, "pool=nonexistent"))
    assert response.status_code == 200
    assert "There is no pool “nonexistent”; that filter was ignored." in (response.content.decode())
    assert [p.title for p in response.context["page"].object_list] == ["Один"]


def test_a_state_the_public_does_not_see_is_ignored_with_a_notice(client, edition):
    make_project(edition, state=ProjectState.DRAFT, title="Чернетка")
    make_project(edition, state=ProjectState.ADMITTED, title="Один")
    response = client.get(catalogue_url(edition, "state=draft"))
    assert "“draft” is not a state; that filter was ignored." in response.content.decode()
    assert [p.title for p in response.context["page"].object_list] == ["Один"]


def test_a_page_number_that_is_not_a_number_shows_the_first_page_with_a_notice(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Один")
    response = client.get(catalogue_url(edition, "page=abc"))
    assert response.status_code == 200
    assert "The page number was not understood; showing page 1." in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page_with_a_notice(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Один")
    response = client.get(catalogue_url(edition, "page=9"))
    assert response.status_code == 200
    assert "There is no such page; showing page 1." in response.content.decode()


def test_a_very_long_search_is_ignored_with_a_notice(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Один")
    response = client.get(catalogue_url(edition, "q=" + "а" * 201))
    assert "The search text is too long and was ignored." in response.content.decode()
    assert [p.title for p in response.context["page"].object_list] == ["Один"]


def test_pages_hold_24_projects(client, edition):
    for number in range(25):
        make_project(edition, state=ProjectState.ADMITTED, title=f"Проєкт {number}")
    assert len(listed_titles(client, edition, "page=2")) == 1


def test_the_next_page_link_keeps_the_filters(client, edition):
    for number in range(25):
        make_project(edition, state=ProjectState.ADMITTED, title=f"Проєкт {number}")
    html = client.get(catalogue_url(edition, "pool=small&state=admitted")).content.decode()
    assert 'href="?pool=small&amp;state=admitted&amp;page=2"' in html


def test_the_card_shows_the_cost_in_hryvnias(client, edition):
    make_project(
        edition,
        state=ProjectState.ADMITTED,
        cost_items=[("Лавка", "шт.", Decimal("3"), Decimal("12500.50"))],
    )
    assert "<dd>37,501.50 UAH</dd>" in client.get(catalogue_url(edition)).content.decode()


def test_the_card_shows_support_against_the_edition_requirement(client, edition):
    project = make_project(edition, state=ProjectState.ADMITTED)
    add_supports(project, 4)
    html = client.get(catalogue_url(edition)).content.decode()
    assert f'<progress id="support-{project.pk}" max="15" value="4">4 / 15</progress>' in html


# --- Search ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["сквер", "шевченка", "Сквер ім. Шевченка", "СКВЕР"])
def test_search_finds_a_square_by_its_words(client, edition, query):
    make_project(edition, state=ProjectState.ADMITTED, title="Сквер ім. Шевченка")
    make_project(edition, state=ProjectState.ADMITTED, title="Футбольне поле")
    assert listed_titles(client, edition, f"q={query}") == ["Сквер ім. Шевченка"]


@pytest.mark.parametrize("query", ["комп’ютерний", "компʼютерний", "комп'ютерний", "компютерний"])
def test_search_finds_a_word_with_an_apostrophe_however_it_is_typed(client, edition, query):
    make_project(edition, state=ProjectState.ADMITTED, title="Комп'ютерний клас")
    make_project(edition, state=ProjectState.ADMITTED, title="Футбольне поле")
    assert listed_titles(client, edition, f"q={query}") == ["Комп'ютерний клас"]


def test_search_looks_into_the_address(client, edition):
    make_project(
        edition, state=ProjectState.ADMITTED, title="Лавки", address="вул. Незалежності, 5"
    )
    make_project(edition, state=ProjectState.ADMITTED, title="Поле")
    assert listed_titles(client, edition, "q=незалежності") == ["Лавки"]


def test_search_never_finds_hidden_projects(edition):
    make_project(edition, state=ProjectState.DRAFT, title="Сквер ім. Шевченка")
    assert list(catalogue_projects(edition, query="сквер")) == []


def test_search_text_is_case_folded_without_apostrophes_and_single_spaced():
    assert normalise_search_text("  Компʼютерний\tКЛАС  у  Школі ’ `‘ ") == (
        "компютерний клас у школі"
    )


def test_search_document_holds_the_number_texts_and_address(edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        number=7,
        title="Сквер",
        summary="Лавки",
        problem="Немає",
        aim="Відпочинок",
        solution="Встановити",
        address="вул. Шкільна",
    )
    assert search_document(project) == "7 сквер лавки немає відпочинок встановити вул. шкільна"


# --- The map data ----------------------------------------------------------------------


def test_the_geojson_lists_public_projects_with_a_place(client, edition):
    placed = make_project(
        edition,
        state=ProjectState.ADMITTED,
        title="Сквер",
        latitude=Decimal("50.512345"),
        longitude=Decimal("26.254321"),
    )
    make_project(edition, state=ProjectState.ADMITTED, title="Без місця")
    make_project(
        edition,
        state=ProjectState.DRAFT,
        title="Чернетка",
        latitude=Decimal("50.5"),
        longitude=Decimal("26.2"),
    )
    response = client.get(english_url("budget:catalogue_map", edition=edition.slug))
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content) == {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": placed.pk,
                "geometry": {"type": "Point", "coordinates": [26.254321, 50.512345]},
                "properties": {
                    "number": placed.number,
                    "title": "Сквер",
                    "state": "admitted to the vote",
                    "url": project_url(placed),
                },
            }
        ],
    }


def test_the_geojson_follows_the_lists_filters(client, edition):
    make_project(
        edition,
        state=ProjectState.ADMITTED,
        pool_code="small",
        latitude=Decimal("50.5"),
        longitude=Decimal("26.2"),
    )
    url = english_url("budget:catalogue_map", edition=edition.slug) + "?pool=large"
    assert json.loads(client.get(url).content)["features"] == []


def test_the_catalogue_page_points_its_map_at_the_filtered_geojson(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, pool_code="large")
    html = client.get(catalogue_url(edition, "pool=large")).content.decode()
    map_url = english_url("budget:catalogue_map", edition=edition.slug)
    assert f'data-geojson="{map_url}?pool=large"' in html


def test_the_map_tiles_are_allowed_by_the_content_security_policy(client, edition):
    policy = client.get(catalogue_url(edition))["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ")}
    assert directives["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    assert directives["script-src"] == ["'self'"]


# --- The cost table --------------------------------------------------------------------


def test_cost_table_adds_contingency_and_vat_in_kopiykas(edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        cost_items=[("Лавка", "шт.", Decimal("3"), Decimal("1234.50"))],
        contingency_percent=Decimal("5"),
        vat_percent=Decimal("20"),
    )
    table = cost_table(project)
    # 3 703.50; 5 % = 185.175 → 185.18; VAT 20 % of 3 888.68 = 777.736 → 777.74.
    assert (
        [row.total for row in table.rows],
        table.subtotal,
        table.contingency,
        table.vat,
        table.total,
    ) == (
        [Decimal("3703.50")],
        Decimal("3703.50"),
        Decimal("185.18"),
        Decimal("777.74"),
        Decimal("4666.42"),
    )


def test_cost_table_rounds_each_line_to_kopiykas(edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        cost_items=[
            ("Фарба", "л", Decimal("0.333"), Decimal("10.00")),
            ("Пензель", "шт.", Decimal("2.5"), Decimal("19.99")),
        ],
    )
    table = cost_table(project)
    assert ([row.total for row in table.rows], table.total) == (
        [Decimal("3.33"), Decimal("49.98")],
        Decimal("53.31"),
    )


def test_the_project_page_shows_the_contingency_and_vat_lines(client, edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        cost_items=[("Лавка", "шт.", Decimal("3"), Decimal("1234.50"))],
        contingency_percent=Decimal("5"),
        vat_percent=Decimal("20"),
    )
    html = client.get(project_url(project)).content.decode()
    assert (
        '<tr><th scope="row" colspan="5">Contingency 5 %</th>'
        '<td class="number">185.18 UAH</td></tr>'
    ) in html
    assert (
        '<tr><th scope="row" colspan="5">VAT 20 %</th><td class="number">777.74 UAH</td></tr>'
    ) in html
    assert '<td class="number"><strong>4,666.42 UAH</strong></td>' in html


# --- The project page ------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def attach(project, name: str, *, kind: str, is_public: bool, description: str = ""):
    attachment = Attachment(
        project=project,
        original_name=name,
        kind=kind,
        size=4,
        description=description,
        is_public=is_public,
        uploaded_by=project.author,
    )
    attachment.file.save(name, ContentFile(b"data"), save=False)
    attachment.save()
    return attachment


def test_public_attachments_are_shown_images_with_their_description_as_alt(client, edition, media):
    project = make_project(edition, state=ProjectState.ADMITTED)
    photo = attach(project, "photo.jpg", kind="jpeg", is_public=True, description="Сквер зараз")
    url = english_url(
        "budget:project_attachment",
        edition=edition.slug,
        project_id=project.pk,
        attachment_id=photo.pk,
    )
    html = client.get(project_url(project)).content.decode()
    assert f'<img src="{url}" alt="Сквер зараз" loading="lazy">' in html


def test_a_document_attachment_is_a_link_named_after_the_file(client, edition, media):
    project = make_project(edition, state=ProjectState.ADMITTED)
    document = attach(project, "кошторис.pdf", kind="pdf", is_public=True)
    url = english_url(
        "budget:project_attachment",
        edition=edition.slug,
        project_id=project.pk,
        attachment_id=document.pk,
    )
    html = client.get(project_url(project)).content.decode()
    assert f'<a href="{url}">кошторис.pdf</a> (PDF, 4\xa0bytes)' in html


def test_internal_attachments_are_neither_listed_nor_linked(client, edition, media):
    project = make_project(edition, state=ProjectState.ADMITTED)
    internal = attach(project, "службова-записка.pdf", kind="pdf", is_public=False)
    html = client.get(project_url(project)).content.decode()
    assert "службова-записка" not in html
    assert f"/attachments/{internal.pk}/" not in html


def test_an_internal_attachment_is_not_served(client, edition, media):
    project = make_project(edition, state=ProjectState.ADMITTED)
    internal = attach(project, "службова-записка.pdf", kind="pdf", is_public=False)
    url = english_url(
        "budget:project_attachment",
        edition=edition.slug,
        project_id=project.pk,
        attachment_id=internal.pk,
    )
    assert client.get(url).status_code == 404


def test_a_public_attachment_is_served_as_a_download(client, edition, media):
    project = make_project(edition, state=ProjectState.ADMITTED)
    document = attach(project, "plan.pdf", kind="pdf", is_public=True)
    url = english_url(
        "budget:project_attachment",
        edition=edition.slug,
        project_id=project.pk,
        attachment_id=document.pk,
    )
    response = client.get(url)
    assert (response.status_code, response["Content-Type"], b"".join(response)) == (
        200,
        "application/pdf",
        b"data",
    )
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def test_an_attachment_of_a_draft_is_not_served(client, edition, media):
    project = make_project(edition, state=ProjectState.DRAFT)
    document = attach(project, "plan.pdf", kind="pdf", is_public=True)
    url = english_url(
        "budget:project_attachment",
        edition=edition.slug,
        project_id=project.pk,
        attachment_id=document.pk,
    )
    assert client.get(url).status_code == 404


def opinion(project, *, status=AssignmentStatus.DONE, **fields):
    department = Department.objects.create(
        code=f"d{Department.objects.count()}", name_uk="Управління", name_en="Housing department"
    )
    return ReviewAssignment.objects.create(
        project=project,
        department=department,
        deadline=timezone.now() + timedelta(days=5),
        status=status,
        completed_at=timezone.now() if status == AssignmentStatus.DONE else None,
        **fields,
    )


def test_a_department_opinion_is_public_with_its_conclusion_and_reason(client, edition):
    project = make_project(edition, state=ProjectState.REJECTED)
    opinion(
        project,
        conclusion=OpinionConclusion.NEGATIVE,
        reason_code=RejectionReason.NOT_COMMUNAL_LAND,
        opinion="Ділянка у приватній власності.",
    )
    html = client.get(project_url(project)).content.decode()
    assert '<h4 id="opinion-' in html
    assert ">Housing department</h4>" in html
    assert "Conclusion: <strong>negative</strong> — private property or not communal land" in html
    assert "<p>Ділянка у приватній власності.</p>" in html


def test_the_internal_note_of_an_opinion_is_never_shown(client, edition):
    project = make_project(edition, state=ProjectState.REJECTED)
    opinion(
        project,
        conclusion=OpinionConclusion.NEGATIVE,
        opinion="Публічний висновок.",
        internal_note="Службова примітка для колег.",
    )
    html = client.get(project_url(project)).content.decode()
    assert "Службова примітка для колег." not in html


def test_an_opinion_not_yet_given_is_not_shown(client, edition):
    project = make_project(edition, state=ProjectState.IN_REVIEW)
    opinion(project, status=AssignmentStatus.PENDING, opinion="Чернетка висновку.")
    html = client.get(project_url(project)).content.decode()
    assert "Чернетка висновку." not in html


def test_the_authors_name_is_shown_when_the_author_agreed(client, edition):
    author = make_user(full_name="Олена Петренко")
    project = make_project(
        edition, state=ProjectState.ADMITTED, author=author, publishes_author_name=True
    )
    html = client.get(project_url(project)).content.decode()
    assert "<dt>Author</dt><dd>Олена Петренко</dd>" in html


def test_the_authors_name_is_hidden_without_consent(client, edition):
    author = make_user(full_name="Олена Петренко")
    project = make_project(
        edition, state=ProjectState.ADMITTED, author=author, publishes_author_name=False
    )
    assert "Олена Петренко" not in client.get(project_url(project)).content.decode()


def test_supporters_are_counted_never_named(client, edition):
    project = make_project(edition, state=ProjectState.ADMITTED)
    Support.objects.create(
        project=project, person_key="k1", channel=SupportChannel.PAPER, full_name="Іван Сидоренко"
    )
    html = client.get(project_url(project)).content.decode()
    assert "Supporters: 1 of 15 needed" in html
    assert "Іван Сидоренко" not in html


def test_the_history_shows_state_changes_with_their_text_and_date(client, edition):
    project = make_project(edition, state=ProjectState.IN_REVIEW)
    ProjectEvent.objects.create(
        project=project,
        from_state=ProjectState.SUBMITTED,
        to_state=ProjectState.IN_REVIEW,
        text="Передано на експертизу.",
        created_at=timezone.make_aware(timezone.datetime(2030, 3, 4, 10, 0)),
    )
    html = client.get(project_url(project)).content.decode()
    assert '">04.03.2030</time> —\n      <strong>Expert review by departments</strong>' in html
    assert "<p>Передано на експертизу.</p>" in html


def test_commission_decisions_show_protocol_reasons_and_votes(client, edition):
    project = make_project(edition, state=ProjectState.REJECTED)
    CommissionDecision.objects.create(
        project=project,
        kind=DecisionKind.REJECT,
        reason_code=RejectionReason.COST_ABOVE_LIMIT,
        text="Вартість перевищує ліміт.",
        protocol_number="12",
        protocol_date=date(2030, 4, 1),
        members_present=9,
        votes_for=7,
        votes_against=1,
        votes_abstained=1,
        recorded_by=make_user(),
    )
    html = client.get(project_url(project)).content.decode()
    assert "Protocol No. 12 of 01.04.2030</h4>" in html
    assert "Decision: <strong>reject</strong> — the cost is above the pool&#x27;s maximum" in html
    assert "Members present: 9; for: 7, against: 1, abstained: 1." in html


def test_appeals_are_shown_with_their_status(client, edition):
    project = make_project(edition, state=ProjectState.APPEALED)
    Appeal.objects.create(
        project=project,
        text="Ділянка комунальна, додаю витяг.",
        filed_by=project.author,
        filed_at=timezone.make_aware(timezone.datetime(2030, 4, 5, 9, 0)),
        status=AppealStatus.PENDING,
    )
    html = client.get(project_url(project)).content.decode()
    assert "Appeal of 05.04.2030</h4>" in html
    assert "Status: <strong>under consideration</strong>" in html
    assert "<p>Ділянка комунальна, додаю витяг.</p>" in html


def test_a_project_with_a_place_gets_a_small_map(client, edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        latitude=Decimal("50.512345"),
        longitude=Decimal("26.254321"),
    )
    html = client.get(project_url(project)).content.decode()
    assert 'data-lat="50.512345" data-lon="26.254321"' in html


def test_the_small_map_without_an_address_has_the_coordinates_as_text(client, edition):
    project = make_project(
        edition,
        state=ProjectState.ADMITTED,
        latitude=Decimal("50.512345"),
        longitude=Decimal("26.254321"),
    )
    html = client.get(project_url(project)).content.decode()
    assert "Latitude 50.512345, longitude 26.254321." in html


def test_a_project_without_a_place_loads_no_map_script(client, edition):
    project = make_project(edition, state=ProjectState.ADMITTED)
    assert "catalogue_map.js" not in client.get(project_url(project)).content.decode()


def test_the_project_page_has_the_actions_slot(client, edition):
    project = make_project(edition, state=ProjectState.ADMITTED)
    response = client.get(project_url(project))
    assert "budget/public/_project_actions.html" in [t.name for t in response.templates]


def test_search_text_joins_a_letter_and_its_combining_mark():
    assert normalise_search_text("Київ, Краи\u0306") == "київ, край"


def test_an_underscore_alone_is_not_a_search_word(client, edition):
    make_project(edition, state=ProjectState.ADMITTED, title="Сквер")
    assert listed_titles(client, edition, "q=_ сквер") == ["Сквер"]
