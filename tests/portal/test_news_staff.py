"""Staff pages that write announcements: who may, what is saved and logged, and every
kind of bad input answered next to its field with the rest of the input kept."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.accounts.enums import Role
from hromada.core.models import ActivityLog
from hromada.portal.models import NewsItem
from hromada.portal.services import save_news_item
from tests.factories.accounts import DepartmentFactory, make_user
from tests.factories.budget import make_edition
from tests.factories.portal import make_news_item, png_bytes


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(client, db):
    user = make_user(Role.ADMINISTRATOR)
    client.force_login(user)
    return user


def form_data(**overrides):
    data = {
        "title_uk": "Голосування триває",
        "title_en": "Voting is open",
        "slug": "",
        "summary_uk": "Голосуйте до неділі.",
        "summary_en": "Vote until Sunday.",
        "body_uk": "<p>Текст оголошення.</p>",
        "body_en": "<p>Text of the announcement.</p>",
        "image_alt_uk": "",
        "image_alt_en": "",
        "publish_at": "2025-05-12T09:00",
        "edition": "",
    }
    data.update(overrides)
    return data


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Who may --------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/staff/news/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.REVIEWER, Role.DESK_OPERATOR, Role.RESIDENT])
def test_other_roles_may_not_write_news(client, role):
    scope = make_edition() if role == Role.DESK_OPERATOR else None
    department = DepartmentFactory() if role == Role.REVIEWER else None
    client.force_login(make_user(role, scope=scope, department=department))
    assert client.get("/staff/news/").status_code == 403


@pytest.mark.django_db
def test_a_coordinator_of_any_edition_may_write_news(client):
    client.force_login(
        make_user(Role.BUDGET_COORDINATOR, scope=make_edition(slug="2031", year=2031))
    )
    assert client.get("/staff/news/").status_code == 200


@pytest.mark.django_db
def test_a_coordinator_may_edit_an_announcement_of_another_edition(client):
    item = make_news_item(edition=make_edition(slug="2030", year=2030))
    client.force_login(
        make_user(Role.BUDGET_COORDINATOR, scope=make_edition(slug="2031", year=2031))
    )
    assert client.get(f"/staff/news/{item.pk}/").status_code == 200


@pytest.mark.django_db
def test_a_denied_post_changes_nothing(client):
    item = make_news_item(title_uk="Було")
    client.force_login(make_user(Role.AUDITOR))
    response = client.post(f"/staff/news/{item.pk}/", form_data(title_uk="Стало"))
    item.refresh_from_db()
    assert response.status_code == 403
    assert item.title_uk == "Було"


# --- Creating -------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_list_shows_scheduled_announcements_too(client, editor):
    make_news_item(title_en="Scheduled one", publish_at=timezone.now() + timedelta(days=2))
    html = client.get("/en/staff/news/").content.decode()
    assert "Scheduled one" in html
    assert "(scheduled)" in html


@pytest.mark.django_db
def test_creating_an_announcement_saves_it_with_a_slug_from_the_title(client, editor):
    response = client.post("/staff/news/new/", form_data())
    item = NewsItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/staff/news/"
    assert item.slug == "holosuvannia-tryvaie"
    assert item.author == editor
    assert item.publish_at == timezone.make_aware(timezone.datetime(2025, 5, 12, 9, 0))


@pytest.mark.django_db
def test_creating_an_announcement_is_logged(client, editor):
    client.post("/staff/news/new/", form_data())
    entry = ActivityLog.objects.get(action="portal.news.created")
    assert entry.actor == editor
    assert entry.object_id == str(NewsItem.objects.get().pk)
    assert entry.after["title_uk"] == "Голосування триває"


@pytest.mark.django_db
def test_a_second_announcement_with_the_same_title_gets_a_numbered_slug(client, editor):
    client.post("/staff/news/new/", form_data())
    client.post("/staff/news/new/", form_data())
    assert sorted(NewsItem.objects.values_list("slug", flat=True)) == [
        "holosuvannia-tryvaie",
        "holosuvannia-tryvaie-2",
    ]


@pytest.mark.django_db
def test_an_announcement_may_belong_to_an_edition(client, editor):
    edition = make_edition()
    client.post("/staff/news/new/", form_data(edition=str(edition.pk)))
    assert NewsItem.objects.get().edition == edition


@pytest.mark.django_db
def test_an_image_is_re_encoded_and_stored_with_its_description(client, editor):
    client.post(
        "/staff/news/new/",
        form_data(image=upload("photo.png", png_bytes()), image_alt_uk="Скринька"),
    )
    item = NewsItem.objects.get()
    assert item.image.name.endswith(".jpg")
    assert item.image.read().startswith(b"\xff\xd8\xff")
    assert item.image_alt_uk == "Скринька"


# --- Rich text ------------------------------------------------------------------------


@pytest.mark.django_db
def test_script_and_event_attributes_are_removed_and_the_text_kept(client, editor):
    client.post(
        "/staff/news/new/",
        form_data(body_uk='<p onclick="steal()">Голосуйте<script>alert(1)</script> завтра.</p>'),
    )
    assert NewsItem.objects.get().body_uk == "<p>Голосуйте завтра.</p>"


@pytest.mark.django_db
def test_removed_markup_is_reported_and_the_saved_item_shown_again(client, editor):
    response = client.post(
        "/en/staff/news/new/",
        form_data(body_uk='<p onclick="steal()">Текст<script>alert(1)</script></p>'),
    )
    item = NewsItem.objects.get()
    assert response["Location"] == f"/en/staff/news/{item.pk}/"
    assert messages_of(response) == [
        "Some markup was removed for safety: <script>, <p onclick>. The rest of the text is saved."
    ]


@pytest.mark.django_db
def test_the_warning_is_shown_escaped_on_the_edit_page(client, editor):
    response = client.post(
        "/en/staff/news/new/",
        form_data(body_uk="<p>Текст<img src=x onerror=alert(1)></p>"),
        follow=True,
    )
    html = response.content.decode()
    assert "Some markup was removed for safety: &lt;img&gt;. The rest of the text is saved." in html


@pytest.mark.django_db
def test_removed_markup_is_recorded_in_the_activity_log(client, editor):
    client.post("/staff/news/new/", form_data(body_uk="<p>Текст<script>x()</script></p>"))
    assert ActivityLog.objects.get(action="portal.news.created").after["removed_markup"] == [
        "<script>"
    ]


@pytest.mark.django_db
def test_a_body_of_nothing_but_unsafe_markup_is_refused_with_a_message(client, editor):
    response = client.post("/en/staff/news/new/", form_data(body_uk="<script>alert(1)</script>"))
    assert response.status_code == 400
    assert response.context["form"].errors["body_uk"] == [
        "Nothing would be left of the text once the unsafe markup is removed (<script>). "
        "Write the text itself here."
    ]
    assert NewsItem.objects.count() == 0


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_text_file_named_jpg_is_refused_on_the_image_field(client, editor):
    response = client.post(
        "/en/staff/news/new/",
        form_data(image=upload("photo.jpg", b"just some text, not a picture"), image_alt_uk="Фото"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["image"] == [
        "The file type is not recognised. Accepted types: JPEG, PNG, WebP."
    ]
    assert NewsItem.objects.count() == 0


@pytest.mark.django_db
def test_a_truncated_png_is_refused_on_the_image_field(client, editor):
    truncated = png_bytes(size=(400, 300))[:200]
    response = client.post(
        "/en/staff/news/new/", form_data(image=upload("photo.png", truncated), image_alt_uk="Фото")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["image"] == [
        "The image is damaged or incomplete. Please save it again and upload the new file."
    ]


@pytest.mark.django_db
def test_a_pdf_is_refused_as_an_image(client, editor):
    response = client.post(
        "/en/staff/news/new/",
        form_data(image=upload("photo.jpg", b"%PDF-1.4\n%%EOF\n"), image_alt_uk="Фото"),
    )
    assert response.context["form"].errors["image"] == [
        "This is a PDF file. Accepted types: JPEG, PNG, WebP."
    ]


@pytest.mark.django_db
def test_a_refused_image_keeps_the_other_fields_as_typed(client, editor):
    response = client.post(
        "/en/staff/news/new/",
        form_data(
            image=upload("photo.jpg", b"not an image"), title_uk="Моя назва", image_alt_uk="Фото"
        ),
    )
    html = response.content.decode()
    assert 'value="Моя назва"' in html
    assert "Голосуйте до неділі.</textarea>" in html
    assert "&lt;p&gt;Текст оголошення.&lt;/p&gt;</textarea>" in html


@pytest.mark.django_db
def test_an_image_without_a_description_is_refused(client, editor):
    response = client.post("/en/staff/news/new/", form_data(image=upload("photo.png", png_bytes())))
    assert response.status_code == 400
    assert response.context["form"].errors["image_alt_uk"] == [
        "Describe the image for people who cannot see it."
    ]
    assert NewsItem.objects.count() == 0


@pytest.mark.django_db
def test_removing_the_description_of_a_kept_image_is_refused(client, editor):
    item = make_news_item(image=png_bytes())
    response = client.post(f"/en/staff/news/{item.pk}/", form_data(image_alt_uk=""))
    assert response.context["form"].errors["image_alt_uk"] == [
        "Describe the image for people who cannot see it."
    ]


@pytest.mark.django_db
def test_a_taken_slug_is_refused_with_a_message(client, editor):
    make_news_item(slug="holosuvannia")
    response = client.post("/en/staff/news/new/", form_data(slug="holosuvannia"))
    assert response.status_code == 400
    assert response.context["form"].errors["slug"] == [
        "Another announcement already has this address. Choose another one, or leave the "
        "field empty to have one made from the title."
    ]
    assert NewsItem.objects.count() == 1


@pytest.mark.django_db
def test_the_address_of_a_feed_is_refused_as_a_slug(client, editor):
    response = client.post("/en/staff/news/new/", form_data(slug="feed"))
    assert response.context["form"].errors["slug"] == [
        "This address is reserved; choose another one."
    ]


@pytest.mark.django_db
def test_a_slug_with_cyrillic_letters_is_refused(client, editor):
    response = client.post("/en/staff/news/new/", form_data(slug="голосування"))
    assert response.context["form"].errors["slug"] == [
        "Use only Latin letters, digits and hyphens."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["12/05/2025", "2025-13-45T09:00", "завтра", "2025-05-12T25:00"])
def test_a_malformed_publication_date_is_refused_and_the_rest_kept(client, editor, value):
    response = client.post("/en/staff/news/new/", form_data(publish_at=value))
    assert response.status_code == 400
    assert response.context["form"].errors["publish_at"] == [
        "Enter the date and time as 25.03.2025 14:00."
    ]
    assert 'value="Голосування триває"' in response.content.decode()
    assert NewsItem.objects.count() == 0


@pytest.mark.django_db
def test_a_date_typed_the_ukrainian_way_is_accepted(client, editor):
    client.post("/staff/news/new/", form_data(publish_at="12.05.2025 09:00"))
    assert NewsItem.objects.get().publish_at == timezone.make_aware(
        timezone.datetime(2025, 5, 12, 9, 0)
    )


@pytest.mark.django_db
def test_a_missing_title_is_refused_with_a_message(client, editor):
    response = client.post("/en/staff/news/new/", form_data(title_uk=""))
    assert response.context["form"].errors["title_uk"] == ["This field is required."]


# --- Editing and deleting -------------------------------------------------------------


@pytest.mark.django_db
def test_editing_shows_the_saved_values(client, editor):
    item = make_news_item(title_uk="Збережена назва")
    html = client.get(f"/staff/news/{item.pk}/").content.decode()
    assert 'value="Збережена назва"' in html


@pytest.mark.django_db
def test_editing_saves_and_logs_before_and_after(client, editor):
    item = make_news_item(title_uk="Було")
    client.post(f"/staff/news/{item.pk}/", form_data(title_uk="Стало", slug=item.slug))
    item.refresh_from_db()
    entry = ActivityLog.objects.get(action="portal.news.updated")
    assert item.title_uk == "Стало"
    assert (entry.before["title_uk"], entry.after["title_uk"]) == ("Було", "Стало")


@pytest.mark.django_db
def test_saving_without_a_change_writes_no_log_row(client, editor):
    item = make_news_item(
        publish_at=timezone.make_aware(timezone.datetime(2025, 5, 12, 9, 0)),
        **{name: value for name, value in form_data().items() if name.endswith(("_uk", "_en"))},
    )
    client.post(f"/staff/news/{item.pk}/", form_data(slug=item.slug))
    assert not ActivityLog.objects.filter(action="portal.news.updated").exists()


@pytest.mark.django_db
def test_a_new_image_replaces_the_old_one(client, editor, django_capture_on_commit_callbacks):
    item = make_news_item(image=png_bytes())
    old_name = item.image.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/staff/news/{item.pk}/",
            form_data(
                slug=item.slug,
                image=upload("new.png", png_bytes(colour=(200, 0, 0))),
                image_alt_uk="Нове",
            ),
        )
    item.refresh_from_db()
    assert item.image.name != old_name
    assert not item.image.storage.exists(old_name)


@pytest.mark.django_db
def test_the_image_may_be_removed(client, editor):
    item = make_news_item(image=png_bytes())
    client.post(f"/staff/news/{item.pk}/", form_data(slug=item.slug, remove_image="on"))
    item.refresh_from_db()
    assert item.image.name == ""


@pytest.mark.django_db
def test_an_unknown_announcement_is_not_found(client, editor):
    assert client.get("/staff/news/999/").status_code == 404


@pytest.mark.django_db
def test_delete_asks_for_confirmation_first(client, editor):
    item = make_news_item(title_en="Old news")
    response = client.get(f"/en/staff/news/{item.pk}/delete/")
    assert response.status_code == 200
    assert "Delete “Old news”?" in response.content.decode()
    assert NewsItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db
def test_deleting_removes_the_item_and_logs_it(client, editor):
    item = make_news_item(title_uk="Видалити")
    response = client.post(f"/staff/news/{item.pk}/delete/")
    entry = ActivityLog.objects.get(action="portal.news.deleted")
    assert response["Location"] == "/staff/news/"
    assert not NewsItem.objects.filter(pk=item.pk).exists()
    assert entry.before["title_uk"] == "Видалити"


@pytest.mark.django_db
def test_the_form_lists_the_allowed_tags(client, editor):
    html = client.get("/en/staff/news/new/").content.decode()
    assert "HTML is allowed: &lt;p&gt;, &lt;br&gt;, &lt;strong&gt;" in html
    assert 'enctype="multipart/form-data"' in html


@pytest.mark.django_db
def test_the_service_refuses_an_image_that_is_not_one():
    with pytest.raises(ValidationError) as caught:
        save_news_item(
            actor=None,
            image=io.BytesIO(b"GIF89a not allowed"),
            title_uk="Назва",
            summary_uk="Зміст",
            body_uk="<p>Текст</p>",
            image_alt_uk="Опис",
        )
    assert set(caught.value.message_dict) == {"image"}
