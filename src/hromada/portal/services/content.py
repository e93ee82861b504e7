"""Writes of the information campaign: announcements and static pages.

Every body is sanitised before it is saved, so the stored HTML is safe to publish as it
is; what the sanitiser removed is handed back for the editor to see. Images are checked
by their content and re-encoded, which strips their metadata. Each change leaves an
activity-log row in the transaction of the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from typing import IO, Any, Generic, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from hromada.accounts.models import User
from hromada.core.activity import changed_fields, log_activity, snapshot
from hromada.core.richtext import sanitise_html_with_report
from hromada.core.uploads import (
    KIND_JPEG,
    KIND_PNG,
    KIND_WEBP,
    MEGABYTE,
    check_upload,
    reencode_image,
)
from hromada.portal.models import SLUG_MAX_LENGTH, NewsItem, Page
from hromada.portal.services.slugs import slug_from

M = TypeVar("M", bound=models.Model)

NEWS_FIELDS = (
    "slug",
    "title_uk",
    "title_en",
    "summary_uk",
    "summary_en",
    "body_uk",
    "body_en",
    "image_alt_uk",
    "image_alt_en",
    "publish_at",
    "is_pinned",
    "edition",
)
PAGE_FIELDS = (
    "slug",
    "title_uk",
    "title_en",
    "body_uk",
    "body_en",
    "edition",
    "position",
    "is_published",
)
RICH_TEXT_FIELDS = ("body_uk", "body_en")
# /news/feed/ and /news/atom/ are the feeds, not announcements.
RESERVED_NEWS_SLUGS = frozenset({"feed", "atom"})
IMAGE_KINDS = {KIND_JPEG, KIND_PNG, KIND_WEBP}
MAX_IMAGE_BYTES = 10 * MEGABYTE


@dataclass(frozen=True)
class Saved(Generic[M]):
    """What was saved, and the markup the sanitiser removed from its text ("<script>",
    "<a href>"), to be shown to the editor."""

    item: M
    removed_markup: tuple[str, ...] = ()


def _sanitise_bodies(instance: Any, errors: dict[str, list[str]]) -> tuple[str, ...]:
    removed: list[str] = []
    for name in RICH_TEXT_FIELDS:
        original = getattr(instance, name) or ""
        result = sanitise_html_with_report(original)
        setattr(instance, name, result.html.strip())
        removed += [label for label in result.removed if label not in removed]
        is_required = not instance._meta.get_field(name).blank
        if is_required and original.strip() and not strip_tags(result.html).strip():
            errors.setdefault(name, []).append(
                _(
                    "Nothing would be left of the text once the unsafe markup is removed "
                    "(%(removed)s). Write the text itself here."
                )
                % {"removed": ", ".join(result.removed)}
            )
    return tuple(removed)


def _unique_slug(taken: models.QuerySet[Any], base: str, fallback: str) -> str:
    base = base or fallback
    candidate, number = base, 1
    while taken.filter(slug=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
    return candidate


def _save_checking_slug(instance: models.Model, message: str) -> None:
    """Save; a slug taken by a concurrent save between the check and this write is the
    same message on the field, not a server error."""
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        raise ValidationError({"slug": [message]}) from error


def _image_snapshot(item: NewsItem, fields: tuple[str, ...]) -> dict[str, Any]:
    data = snapshot(item, fields)
    data["image"] = item.image.name or ""
    return data


def _checked_image(image: IO[bytes]) -> Any:
    """A re-encoded copy of the upload, or ValidationError on the image field."""
    try:
        check_upload(image, allowed=IMAGE_KINDS, max_bytes=MAX_IMAGE_BYTES)
        return reencode_image(image)
    except ValidationError as error:
        raise ValidationError({"image": error.messages}) from error


def _delete_file_on_commit(file: FieldFile, name: str) -> None:
    if name:
        storage = file.storage
        transaction.on_commit(lambda: storage.delete(name))


def save_news_item(
    *,
    actor: User | None,
    item: NewsItem | None = None,
    image: IO[bytes] | None = None,
    remove_image: bool = False,
    **values: Any,
) -> Saved[NewsItem]:
    """Create or change an announcement. An empty slug is made from the Ukrainian title.

    Raises ValidationError keyed by field: a taken or reserved slug, an image that is
    not a JPEG, PNG or WebP picture (or is damaged), an image without a description.
    """
    errors: dict[str, list[str]] = {}
    clean_image = None
    if image is not None:
        try:
            clean_image = _checked_image(image)
        except ValidationError as error:
            errors.update(error.message_dict)
    with transaction.atomic():
        is_new = item is None
        if item is None:
            item = NewsItem(author=actor if actor is not None and actor.is_authenticated else None)
            before: dict[str, Any] | None = None
        else:
            item = NewsItem.objects.select_for_update().get(pk=item.pk)
            before = _image_snapshot(item, NEWS_FIELDS)
        for name, value in values.items():
            if name not in NEWS_FIELDS:
                raise TypeError(f"unknown announcement field {name!r}")
            setattr(item, name, value)
        # In UTC, as read back from the database, so that an unchanged time compares equal.
        item.publish_at = (item.publish_at or timezone.now()).astimezone(UTC)
        removed = _sanitise_bodies(item, errors)
        others = NewsItem.objects.exclude(pk=item.pk)
        item.slug = (item.slug or "").strip().lower()
        if not item.slug:
            base = slug_from(item.title_uk or item.title_en, SLUG_MAX_LENGTH)
            if base in RESERVED_NEWS_SLUGS:
                base = f"{base}-news"
            item.slug = _unique_slug(others, base, "news")
        elif item.slug in RESERVED_NEWS_SLUGS:
            errors.setdefault("slug", []).append(_("This address is reserved; choose another one."))
        elif others.filter(slug=item.slug).exists():
            errors.setdefault("slug", []).append(
                _(
                    "Another announcement already has this address. Choose another one, "
                    "or leave the field empty to have one made from the title."
                )
            )
        has_image = clean_image is not None or (bool(item.image) and not remove_image)
        if has_image and not (item.image_alt_uk or "").strip():
            errors.setdefault("image_alt_uk", []).append(
                _("Describe the image for people who cannot see it.")
            )
        try:
            item.full_clean(exclude=["image"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # A field already explained above needs no second, vaguer message.
                if name not in errors:
                    errors[name] = messages
        if errors:
            raise ValidationError(errors)
        old_image = item.image.name or ""
        if clean_image is not None:
            item.image.save(clean_image.name, clean_image, save=False)
        elif remove_image:
            item.image = ""
        after = _image_snapshot(item, NEWS_FIELDS)
        if before is not None and not changed_fields(before, after):
            return Saved(item, removed)
        _save_checking_slug(item, _("Another announcement already has this address."))
        if old_image and old_image != item.image.name:
            _delete_file_on_commit(item.image, old_image)
        log_activity(
            actor=actor,
            action="portal.news.created" if is_new else "portal.news.updated",
            target=item,
            before=before,
            after=_with_removed(after, removed),
        )
    return Saved(item, removed)


def _with_removed(after: dict[str, Any], removed: tuple[str, ...]) -> dict[str, Any]:
    # The record says what the editor typed that was not published.
    return {**after, "removed_markup": list(removed)} if removed else after


def delete_news_item(*, actor: User | None, item: NewsItem) -> None:
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().get(pk=item.pk)
        log_activity(
            actor=actor,
            action="portal.news.deleted",
            target=item,
            before=_image_snapshot(item, NEWS_FIELDS),
        )
        _delete_file_on_commit(item.image, item.image.name or "")
        item.delete()


def save_page(*, actor: User | None, page: Page | None = None, **values: Any) -> Saved[Page]:
    """Create or change a static page. An empty slug is made from the Ukrainian title.
    Addresses are unique among the general pages and among each edition's pages."""
    errors: dict[str, list[str]] = {}
    with transaction.atomic():
        is_new = page is None
        if page is None:
            page = Page()
            before: dict[str, Any] | None = None
        else:
            page = Page.objects.select_for_update().get(pk=page.pk)
            before = snapshot(page, PAGE_FIELDS)
        for name, value in values.items():
            if name not in PAGE_FIELDS:
                raise TypeError(f"unknown page field {name!r}")
            setattr(page, name, value)
        removed = _sanitise_bodies(page, errors)
        neighbours = Page.objects.filter(edition=page.edition).exclude(pk=page.pk)
        page.slug = (page.slug or "").strip().lower()
        if not page.slug:
            base = slug_from(page.title_uk or page.title_en, SLUG_MAX_LENGTH)
            page.slug = _unique_slug(neighbours, base, "page")
        elif neighbours.filter(slug=page.slug).exists():
            errors.setdefault("slug", []).append(
                _("Another page already has this address. Choose another one.")
                if page.edition is None
                else _("Another page of this edition already has this address. Choose another one.")
            )
        try:
            page.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                # A field already explained above needs no second, vaguer message.
                if name not in errors:
                    errors[name] = messages
        if errors:
            raise ValidationError(errors)
        after = snapshot(page, PAGE_FIELDS)
        if before is not None and not changed_fields(before, after):
            return Saved(page, removed)
        _save_checking_slug(page, _("Another page already has this address."))
        log_activity(
            actor=actor,
            action="portal.page.created" if is_new else "portal.page.updated",
            target=page,
            before=before,
            after=_with_removed(after, removed),
        )
    return Saved(page, removed)


def delete_page(*, actor: User | None, page: Page) -> None:
    with transaction.atomic():
        page = Page.objects.select_for_update().get(pk=page.pk)
        log_activity(
            actor=actor,
            action="portal.page.deleted",
            target=page,
            before=snapshot(page, PAGE_FIELDS),
        )
        page.delete()
