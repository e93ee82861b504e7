"""Static pages: general ones under /pages/, an edition's under /budget/<edition>/about/,
and the staff pages that write them."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from hromada.accounts.enums import Role
from hromada.core.models import ActivityLog
from hromada.portal.models import Page
from tests.factories.accounts import make_user
from tests.factories.budget import make_edition
from tests.factories.portal import make_page


@pytest.fixture
def editor(client, db):
    user = make_user(Role.BUDGET_COORDINATOR, scope=make_edition(slug="2031", year=2031))
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "title_uk": "Як проголосувати",
        "title_en": "How to vote",
        "slug": "",
        "edition": "",
        "body_uk": "<p>Увійдіть і оберіть проєкти.</p>",
        "body_en": "<p>Sign in and choose projects.</p>",
        "position": "1",
        "is_published": "on",
    }
    data.update(overrides)
    return data


# --- Public ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_general_page_is_shown_at_its_address(client):
    make_page(slug="accessibility", title_uk="Заява про доступність", body_uk="<p>Ми дбаємо.</p>")
    html = client.get("/pages/accessibility/").content.decode()
    assert "<h1>Заява про доступність</h1>" in html
    assert "<p>Ми дбаємо.</p>" in html


@pytest.mark.django_db
def test_the_english_page_lives_under_en(client):
    make_page(slug="accessibility", title_en="Accessibility statement", body_en="<p>We care.</p>")
    html = client.get("/en/pages/accessibility/").content.decode()
    assert "<h1>Accessibility statement</h1>" in html
    assert "<p>We care.</p>" in html


@pytest.mark.django_db
def test_an_unpublished_page_is_not_found(client):
    make_page(slug="draft", is_published=False)
    assert client.get("/pages/draft/").status_code == 404


@pytest.mark.django_db
def test_staff_who_write_pages_preview_an_unpublished_one(client, editor):
    make_page(slug="draft", is_published=False)
    response = client.get("/en/pages/draft/")
    assert response.status_code == 200
    assert "Preview: this page is not shown to the public yet." in response.content.decode()


@pytest.mark.django_db
def test_an_edition_page_is_not_a_general_page(client):
    make_page(slug="rules", edition=make_edition())
    assert client.get("/pages/rules/").status_code == 404


@pytest.mark.django_db
def test_an_edition_page_is_shown_under_the_edition(client):
    edition = make_edition(slug="2030", year=2030)
    make_page(slug="rules", edition=edition, title_uk="Правила", body_uk="<p>Пули й вимоги.</p>")
    html = client.get("/budget/2030/about/rules/").content.decode()
    assert "<h1>Правила</h1>" in html
    assert '<a href="/budget/2030/">Громадський бюджет 2030</a>' in html


@pytest.mark.django_db
def test_an_edition_page_lists_the_other_pages_of_the_edition(client):
    edition = make_edition(slug="2030", year=2030)
    make_page(slug="rules", edition=edition, title_uk="Правила", position=1)
    make_page(slug="how-to-vote", edition=edition, title_uk="Як голосувати", position=2)
    make_page(slug="hidden", edition=edition, title_uk="Чернетка", position=3, is_published=False)
    html = client.get("/budget/2030/about/how-to-vote/").content.decode()
    assert '<a href="/budget/2030/about/rules/">Правила</a>' in html
    assert '<a href="/budget/2030/about/how-to-vote/" aria-current="page">Як голосувати</a>' in html
    assert "Чернетка" not in html


@pytest.mark.django_db
def test_a_page_of_an_unpublished_edition_is_not_found(client):
    make_page(slug="rules", edition=make_edition(slug="2030", year=2030, published=False))
    assert client.get("/budget/2030/about/rules/").status_code == 404


@pytest.mark.django_db
def test_a_page_of_another_edition_is_not_found_under_this_one(client):
    make_page(slug="rules", edition=make_edition(slug="2030", year=2030))
    make_edition(slug="2029", year=2029)
    assert client.get("/budget/2029/about/rules/").status_code == 404


@pytest.mark.django_db
def test_the_footer_links_the_accessibility_statement(client):
    html = client.get("/en/").content.decode()
    footer = html.split('<footer class="site-footer">')[1]
    assert '<a href="/en/pages/accessibility/">Accessibility statement</a>' in footer


@pytest.mark.django_db
def test_a_page_passes_its_title_and_text_to_link_previews(client):
    make_page(
        slug="how-to-vote",
        title_uk="Як голосувати",
        body_uk="<h2>Онлайн</h2><p>Увійдіть &amp; голосуйте.</p>",
    )
    html = client.get("/pages/how-to-vote/").content.decode()
    assert '<meta property="og:title" content="Як голосувати">' in html
    assert '<meta property="og:description" content="Онлайн Увійдіть &amp; голосуйте.">' in html


# --- Staff ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_other_staff_may_not_write_pages(client):
    client.force_login(make_user(Role.AUDITOR))
    assert client.get("/staff/pages/").status_code == 403


@pytest.mark.django_db
def test_staff_list_shows_general_pages_first_then_each_edition(client, editor):
    make_page(title_uk="Правила 2030", edition=make_edition(slug="2030", year=2030))
    make_page(title_uk="Доступність")
    html = client.get("/staff/pages/").content.decode()
    assert html.index("Доступність") < html.index("Правила 2030")


@pytest.mark.django_db
def test_creating_a_page_saves_and_logs_it(client, editor):
    response = client.post("/staff/pages/new/", form_data())
    page = Page.objects.get()
    assert response["Location"] == "/staff/pages/"
    assert (page.slug, page.is_published, page.position) == ("yak-proholosuvaty", True, 1)
    assert ActivityLog.objects.get(action="portal.page.created").actor == editor


@pytest.mark.django_db
def test_a_page_body_is_sanitised_and_the_editor_warned(client, editor):
    response = client.post(
        "/en/staff/pages/new/",
        form_data(body_uk='<p>Текст<a href="javascript:alert(1)">посилання</a></p>'),
    )
    page = Page.objects.get()
    assert page.body_uk == '<p>Текст<a rel="noopener noreferrer nofollow">посилання</a></p>'
    assert response["Location"] == f"/en/staff/pages/{page.pk}/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Some markup was removed for safety: <a href>. The rest of the text is saved."
    ]


@pytest.mark.django_db
def test_a_general_page_slug_may_not_be_taken_twice(client, editor):
    make_page(slug="accessibility")
    response = client.post("/en/staff/pages/new/", form_data(slug="accessibility"))
    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == [
        "Another page already has this address. Choose another one."
    ]


@pytest.mark.django_db
def test_an_edition_page_slug_may_not_be_taken_twice_in_the_edition(client, editor):
    edition = make_edition(slug="2030", year=2030)
    make_page(slug="rules", edition=edition)
    response = client.post("/en/staff/pages/new/", form_data(slug="rules", edition=str(edition.pk)))
    assert response.context["form"].errors["slug"] == [
        "Another page of this edition already has this address. Choose another one."
    ]


@pytest.mark.django_db
def test_the_same_slug_may_serve_two_editions(client, editor):
    make_page(slug="rules", edition=make_edition(slug="2030", year=2030))
    other = make_edition(slug="2029", year=2029)
    client.post("/staff/pages/new/", form_data(slug="rules", edition=str(other.pk)))
    assert Page.objects.filter(slug="rules").count() == 2


@pytest.mark.django_db
def test_a_negative_position_is_refused_with_a_message(client, editor):
    response = client.post("/en/staff/pages/new/", form_data(position="-1"))
    assert response.context["form"].errors["position"] == [
        "Ensure this value is greater than or equal to 0."
    ]


@pytest.mark.django_db
def test_an_unknown_edition_is_refused_with_a_message(client, editor):
    response = client.post("/en/staff/pages/new/", form_data(edition="999"))
    assert response.context["form"].errors["edition"] == ["Choose an edition from the list."]


@pytest.mark.django_db
def test_editing_a_page_logs_before_and_after(client, editor):
    page = make_page(title_uk="Було")
    client.post(f"/staff/pages/{page.pk}/", form_data(title_uk="Стало", slug=page.slug))
    entry = ActivityLog.objects.get(action="portal.page.updated")
    assert (entry.before["title_uk"], entry.after["title_uk"]) == ("Було", "Стало")


@pytest.mark.django_db
def test_deleting_a_page_asks_first_then_removes_and_logs(client, editor):
    page = make_page(title_en="Old page")
    confirmation = client.get(f"/en/staff/pages/{page.pk}/delete/")
    assert "Delete “Old page”?" in confirmation.content.decode()
    client.post(f"/staff/pages/{page.pk}/delete/")
    assert not Page.objects.filter(pk=page.pk).exists()
    assert ActivityLog.objects.get(action="portal.page.deleted").before["title_en"] == "Old page"
