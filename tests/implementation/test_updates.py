"""Timeline entries with photos: real images are re-encoded (metadata gone), anything
else is refused with a message naming the file, and nothing is half-posted."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from hromada.core.models import ActivityLog
from hromada.implementation.enums import ImplementationStatus, PhotoKind
from hromada.implementation.models import Photo, Update
from hromada.implementation.services import PhotoUpload, post_update
from tests.factories.accounts import make_user
from tests.factories.implementation import (
    image_bytes,
    jpeg_upload,
    make_record,
    png_upload,
    text_upload,
)

pytestmark = pytest.mark.django_db


def post(record, photos=(), **fields):
    values = {
        "actor": make_user(),
        "happened_on": date(2024, 9, 10),
        "text": "Завезли матеріали.",
        "photos": photos,
    }
    values.update(fields)
    return post_update(record, **values)


def refused(record, photos=(), **fields):
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        post(record, photos, **fields)
    return caught.value


def test_an_update_takes_the_records_status_and_progress():
    record = make_record(status=ImplementationStatus.IN_PROGRESS, progress=35)
    update = post(record)
    assert (update.status, update.progress, update.text, update.is_public) == (
        ImplementationStatus.IN_PROGRESS,
        35,
        "Завезли матеріали.",
        True,
    )


def test_a_png_and_a_jpeg_are_stored_with_kind_alt_text_and_size():
    update = post(
        make_record(),
        [
            (png_upload(size=(80, 60)), PhotoKind.BEFORE, "Порожній сквер"),
            (jpeg_upload(size=(120, 90)), PhotoKind.AFTER, "Сквер з лавками"),
        ],
    )
    photos = list(update.photos.order_by("pk"))
    assert [(p.kind, p.alt_text, p.width, p.height) for p in photos] == [
        (PhotoKind.BEFORE, "Порожній сквер", 80, 60),
        (PhotoKind.AFTER, "Сквер з лавками", 120, 90),
    ]


def test_photos_are_re_encoded_without_their_metadata():
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"  # Make
    data = image_bytes("JPEG", size=(50, 40), exif=exif.tobytes())
    assert b"SecretCamera" in data
    upload = SimpleUploadedFile("camera.jpg", data, content_type="image/jpeg")
    update = post(make_record(), [(upload, PhotoKind.DURING, "Роботи")])
    stored = update.photos.get().image.read()
    assert b"SecretCamera" not in stored
    assert Image.open(io.BytesIO(stored)).format == "JPEG"


def test_a_file_that_is_not_an_image_is_refused_with_its_name():
    record = make_record()
    error = refused(record, [(text_upload("scheme.png"), PhotoKind.BEFORE, "Схема")])
    assert error.message_dict == {
        "photos": [
            "“scheme.png”: The file type is not recognised. Accepted types: JPEG, PNG, WebP."
        ]
    }
    assert not Update.objects.exists()
    assert not Photo.objects.exists()


def test_a_pdf_is_refused_as_not_a_photo():
    pdf = SimpleUploadedFile(
        "act.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", content_type="application/pdf"
    )
    error = refused(make_record(), [(pdf, PhotoKind.AFTER, "Акт")])
    assert error.message_dict == {
        "photos": ["“act.pdf”: This is a PDF file. Accepted types: JPEG, PNG, WebP."]
    }


def test_a_damaged_image_is_refused_with_its_name():
    broken = SimpleUploadedFile("cut.png", image_bytes("PNG")[:60], content_type="image/png")
    error = refused(make_record(), [(broken, PhotoKind.AFTER, "Сквер")])
    assert error.message_dict == {
        "photos": [
            "“cut.png”: The image is damaged or incomplete. Please save it again and upload "
            "the new file."
        ]
    }


def test_one_bad_photo_refuses_the_whole_update():
    error = refused(
        make_record(),
        [
            (png_upload("good.png"), PhotoKind.BEFORE, "Добре фото"),
            (text_upload("bad.jpg"), PhotoKind.AFTER, "Погане фото"),
        ],
    )
    assert list(error.message_dict) == ["photos"]
    assert not Update.objects.exists()


def test_a_photo_needs_its_text_alternative():
    error = refused(make_record(), [(png_upload("square.png"), PhotoKind.BEFORE, "  ")])
    assert error.message_dict == {
        "photos": ["“square.png”: describe the photo for people who cannot see it."]
    }


def test_a_photo_needs_what_it_shows():
    error = refused(make_record(), [PhotoUpload(png_upload("square.png"), "", "Сквер")])
    assert error.message_dict == {"photos": ["“square.png”: choose what the photo shows."]}


def test_an_update_needs_its_text():
    error = refused(make_record(), text="   ")
    assert error.message_dict == {"text": ["Write what happened."]}


def test_an_internal_update_is_posted_as_not_public():
    update = post(make_record(), is_public=False)
    assert update.is_public is False


def test_an_update_is_in_the_audit_trail():
    actor = make_user()
    update = post(make_record(), [(png_upload(), PhotoKind.BEFORE, "Сквер")], actor=actor)
    entry = ActivityLog.objects.get(action="implementation.update.posted")
    assert (entry.actor, entry.after) == (
        actor,
        {"update": update.pk, "happened_on": "2024-09-10", "public": True, "photos": 1},
    )
