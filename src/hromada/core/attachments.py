"""Generated files sent to the browser as downloads, with names that survive any client."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

_UNSAFE_IN_NAME = re.compile(r"[\x00-\x1f\x7f/\\\"]+")
_NOT_ASCII_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def clean_filename(filename: str, extension: str) -> str:
    """The name without path parts or control characters, ending in `extension` (".pdf")."""
    name = _UNSAFE_IN_NAME.sub(" ", filename).strip(" .")
    if not name.lower().endswith(extension):
        name = f"{name}{extension}"
    return name if name != extension else f"document{extension}"


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 5987 `filename*`.

    Every current browser uses `filename*` (so a Ukrainian name arrives intact); the
    ASCII `filename` is for old mail clients and download tools.
    """
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    ascii_stem = _NOT_ASCII_SAFE.sub("_", ascii_stem).strip("_.") or "document"
    fallback = f"{ascii_stem}.{extension}" if extension else ascii_stem
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment_response(
    filename: str, content: bytes, *, content_type: str, extension: str
) -> HttpResponse:
    """A download of `content`. Not cached anywhere: exports may hold personal data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(clean_filename(filename, extension))
    response["Cache-Control"] = "private, no-store"
    return response
