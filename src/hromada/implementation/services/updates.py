"""Entries of a project's timeline written by staff: what happened, with photos of the
place before, during and after the works. Photos are judged by their content and
re-encoded, which strips everything but the pixels (GPS position, camera, author)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from hromada.accounts.models import User
from hromada.core.activity import log_activity
from hromada.core.uploads import (
    KIND_JPEG,
    KIND_PNG,
    KIND_WEBP,
    MEGABYTE,
    check_upload,
    reencode_image,
)
from hromada.implementation.enums import PhotoKind
from hromada.implementation.models import ImplementationRecord, Photo, Update
from hromada.implementation.notifications import notify_followers_of_update
from hromada.implementation.services.records import lock

PHOTO_KINDS = {KIND_JPEG, KIND_PNG, KIND_WEBP}
MAX_PHOTO_BYTES = 15 * MEGABYTE
MAX_PHOTOS = 10
ALT_TEXT_LENGTH = 255


@dataclass(frozen=True)
class PhotoUpload:
    """One photo as sent: the file, what it shows and its text alternative."""

    file: IO[bytes]
    kind: str
    alt_text: str

    @property
    def name(self) -> str:
        return str(getattr(self.file, "name", "") or _("unnamed file"))


def _clean_photo(upload: PhotoUpload) -> tuple[ContentFile, int, int]:
    """The re-encoded photo and its size, or ValidationError naming the file."""
    name = upload.name
    problems = []
    if upload.kind not in PhotoKind.values:
        problems.append(_("“%(name)s”: choose what the photo shows.") % {"name": name})
    alt_text = upload.alt_text.strip()
    if not alt_text:
        problems.append(
            _("“%(name)s”: describe the photo for people who cannot see it.") % {"name": name}
        )
    elif len(alt_text) > ALT_TEXT_LENGTH:
        problems.append(
            _("“%(name)s”: the description is longer than %(count)s characters.")
            % {"name": name, "count": ALT_TEXT_LENGTH}
        )
    try:
        check_upload(upload.file, allowed=PHOTO_KINDS, max_bytes=MAX_PHOTO_BYTES)
        upload.file.seek(0)
        stored = reencode_image(upload.file)
    except ValidationError as error:
        problems.extend(
            _("“%(name)s”: %(problem)s") % {"name": name, "problem": message}
            for message in error.messages
        )
        stored = None
    if problems:
        raise ValidationError(problems)
    assert stored is not None
    with Image.open(io.BytesIO(stored.read())) as image:
        width, height = image.size
    stored.seek(0)
    return stored, width, height


def post_update(
    record: ImplementationRecord,
    *,
    actor: User,
    happened_on: date,
    text: str,
    photos: Iterable[PhotoUpload | tuple[IO[bytes], str, str]] = (),
    is_public: bool = True,
    now: datetime | None = None,
) -> Update:
    """A timeline entry with its photos, all or nothing: one bad photo refuses the whole
    entry with a message naming the file, so nothing is half-posted."""
    uploads = [p if isinstance(p, PhotoUpload) else PhotoUpload(*p) for p in photos]
    text = text.strip()
    errors: dict[str, list[str]] = {}
    if not text:
        errors["text"] = [_("Write what happened.")]
    if happened_on > timezone.localdate(now):
        errors["happened_on"] = [_("The date cannot be in the future.")]
    if len(uploads) > MAX_PHOTOS:
        errors["photos"] = [_("At most %(count)s photos per update.") % {"count": MAX_PHOTOS}]
    cleaned = []
    if "photos" not in errors:
        photo_problems: list[str] = []
        for upload in uploads:
            try:
                cleaned.append((upload, *_clean_photo(upload)))
            except ValidationError as error:
                photo_problems.extend(error.messages)
        if photo_problems:
            errors["photos"] = photo_problems
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record = lock(record)
        update = Update.objects.create(
            record=record,
            happened_on=happened_on,
            text=text,
            status=record.status,
            progress=record.progress,
            is_public=is_public,
            author=actor,
        )
        for upload, stored, width, height in cleaned:
            photo = Photo(
                update=update,
                kind=upload.kind,
                alt_text=upload.alt_text.strip(),
                width=width,
                height=height,
            )
            photo.image.save(stored.name or "photo.jpg", stored, save=False)
            photo.save()
        log_activity(
            actor=actor,
            action="implementation.update.posted",
            target=record,
            after={
                "update": update.pk,
                "happened_on": happened_on,
                "public": is_public,
                "photos": len(cleaned),
            },
        )
        notify_followers_of_update(update)
    return update
