"""Announcements and pages, built through the services like real ones."""

from __future__ import annotations

import io
import itertools
from datetime import datetime
from typing import Any

from django.utils import timezone
from PIL import Image

from hromada.portal.models import NewsItem, Page
from hromada.portal.services import save_news_item, save_page

_numbers = itertools.count(1)


def png_bytes(
    size: tuple[int, int] = (60, 40), colour: tuple[int, int, int] = (11, 79, 156)
) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def make_news_item(
    *,
    actor: Any = None,
    publish_at: datetime | None = None,
    image: bytes | None = None,
    **values: Any,
) -> NewsItem:
    number = next(_numbers)
    values.setdefault("title_uk", f"Оголошення {number}")
    values.setdefault("title_en", f"Announcement {number}")
    values.setdefault("summary_uk", f"Короткий зміст оголошення {number}.")
    values.setdefault("summary_en", f"Summary of announcement {number}.")
    values.setdefault("body_uk", f"<p>Текст оголошення {number}.</p>")
    values.setdefault("body_en", f"<p>Text of announcement {number}.</p>")
    if image is not None:
        values.setdefault("image_alt_uk", "Опис зображення")
    return save_news_item(
        actor=actor,
        publish_at=publish_at or timezone.now(),
        image=io.BytesIO(image) if image is not None else None,
        **values,
    ).item


def make_page(*, actor: Any = None, is_published: bool = True, **values: Any) -> Page:
    number = next(_numbers)
    values.setdefault("title_uk", f"Сторінка {number}")
    values.setdefault("title_en", f"Page {number}")
    values.setdefault("body_uk", f"<p>Текст сторінки {number}.</p>")
    values.setdefault("body_en", f"<p>Text of page {number}.</p>")
    return save_page(actor=actor, is_published=is_published, **values).item
