"""Serving a stored timeline photo (the pages decide who may see which)."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from hromada.core.uploads import KIND_CONTENT_TYPES, KIND_JPEG, KIND_PNG
from hromada.implementation.models import Photo


def photo_response(photo: Photo) -> HttpResponse:
    """The re-encoded image inline: stored photos are only ever JPEG or PNG, at most
    2560 pixels a side, so they are read whole."""
    kind = KIND_PNG if (photo.image.name or "").lower().endswith(".png") else KIND_JPEG
    try:
        with photo.image.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = HttpResponse(content, content_type=KIND_CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    return response
