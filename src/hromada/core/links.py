"""Absolute addresses, for whatever reads a link outside the page: link previews, feeds,
calendar clients, printed QR codes."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path_or_url: str | None) -> str:
    """SITE_URL before a path; a full http(s) address unchanged."""
    value = str(path_or_url or "")
    if urlsplit(value).scheme in {"http", "https"}:
        return value
    return f"{settings.SITE_URL}/{value.lstrip('/')}"
