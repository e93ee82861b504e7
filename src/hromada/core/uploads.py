"""Checked file uploads: the type is judged by the content, never by the name.

A browser's content type and a file's name are whatever the sender chose; the first
bytes (and for Office files the package's own table of contents) are what a program
opening the file will act on. Images are re-encoded before storage so that nothing
the sender embedded (GPS position in EXIF, XMP, a polyglot payload) is kept.
"""

from __future__ import annotations

import io
import math
import re
import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

KIND_JPEG, KIND_PNG, KIND_WEBP = "jpeg", "png", "webp"
KIND_PDF, KIND_DOCX, KIND_XLSX = "pdf", "docx", "xlsx"
# Canonical order, used in messages.
KINDS = (KIND_JPEG, KIND_PNG, KIND_WEBP, KIND_PDF, KIND_DOCX, KIND_XLSX)
KIND_NAMES = {
    KIND_JPEG: "JPEG",
    KIND_PNG: "PNG",
    KIND_WEBP: "WebP",
    KIND_PDF: "PDF",
    KIND_DOCX: "DOCX",
    KIND_XLSX: "XLSX",
}
KIND_EXTENSIONS = {
    KIND_JPEG: ".jpg",
    KIND_PNG: ".png",
    KIND_WEBP: ".webp",
    KIND_PDF: ".pdf",
    KIND_DOCX: ".docx",
    KIND_XLSX: ".xlsx",
}
KIND_CONTENT_TYPES = {
    KIND_JPEG: "image/jpeg",
    KIND_PNG: "image/png",
    KIND_WEBP: "image/webp",
    KIND_PDF: "application/pdf",
    KIND_DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    KIND_XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The content type of the main part named in [Content_Types].xml. Macro-enabled
# variants (docm, xlsm) and templates have other main types and are refused.
_OOXML = "application/vnd.openxmlformats-officedocument"
OFFICE_MAIN_PART_TYPES = {
    f"{_OOXML}.wordprocessingml.document.main+xml": KIND_DOCX,
    f"{_OOXML}.spreadsheetml.sheet.main+xml": KIND_XLSX,
}
CONTENT_TYPES_PART = "[Content_Types].xml"
CONTENT_TYPES_MAX_BYTES = 1024 * 1024  # real ones are a few kilobytes
_CONTENT_TYPES_NAMESPACE = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_DECLARATIONS = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
MEGABYTE = 1024 * 1024
HEADER_BYTES = 16

DEFAULT_MAX_IMAGE_SIDE = 2560
JPEG_QUALITY = 85
# Pillow decoders tried on images; anything else is refused before decoding.
IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
_ALPHA_MODES = frozenset({"RGBA", "LA", "PA", "RGBa", "La"})


@dataclass(frozen=True)
class CheckedUpload:
    """What an accepted upload really is."""

    kind: str
    size: int

    @property
    def extension(self) -> str:
        return KIND_EXTENSIONS[self.kind]

    @property
    def content_type(self) -> str:
        return KIND_CONTENT_TYPES[self.kind]


def _figure(value: float) -> str:
    """A whole number as "5", else one decimal in the active language ("1,5")."""
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


def _megabytes(size: int) -> str:
    """Rounded up, so that a file just over a 1 MB limit does not read "1 MB"."""
    return _figure(math.ceil(size * 10 / MEGABYTE) / 10)


def _accepted(allowed: set[str]) -> str:
    return ", ".join(KIND_NAMES[kind] for kind in KINDS if kind in allowed)


def _size(file: IO[bytes]) -> int:
    """The real size: seek to the end rather than trust a declared `size`."""
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _office_kind(file: IO[bytes]) -> str | None:
    """docx or xlsx when the package's [Content_Types].xml names a matching main part."""
    try:
        with zipfile.ZipFile(file) as package:
            info = package.getinfo(CONTENT_TYPES_PART)
            if info.file_size > CONTENT_TYPES_MAX_BYTES:
                return None
            with package.open(info) as part:
                content_types = part.read(CONTENT_TYPES_MAX_BYTES + 1)
            names = set(package.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return None
    # Office packages never declare a DTD; refusing one rules out entity expansion.
    if len(content_types) > CONTENT_TYPES_MAX_BYTES or _DECLARATIONS.search(content_types):
        return None
    try:
        root = ElementTree.fromstring(content_types)  # noqa: S314 (no DTD, size-capped)
    except ElementTree.ParseError:
        return None
    kinds = {
        OFFICE_MAIN_PART_TYPES.get(override.get("ContentType", ""))
        for override in root.iter(f"{_CONTENT_TYPES_NAMESPACE}Override")
        if override.get("PartName", "").lstrip("/") in names
    }
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def detect_kind(file: IO[bytes]) -> str | None:
    """One of KINDS judged from the bytes, or None when the content is none of them."""
    file.seek(0)
    header = file.read(HEADER_BYTES)
    file.seek(0)
    if header.startswith(b"\xff\xd8\xff"):
        kind: str | None = KIND_JPEG
    elif header.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = KIND_PNG
    elif header[:4] == b"RIFF" and header[8:12] == b"WEBP":
        kind = KIND_WEBP
    elif header.startswith(b"%PDF-"):
        kind = KIND_PDF
    elif header.startswith(b"PK\x03\x04"):
        kind = _office_kind(file)
    else:
        kind = None
    file.seek(0)
    return kind


def check_upload(file: IO[bytes], *, allowed: set[str], max_bytes: int) -> CheckedUpload:
    """Accept `file` only if its content is one of the `allowed` kinds and not too large.

    Raises ValidationError (codes `empty`, `too_large`, `unknown_type`, `type_not_allowed`)
    with a message naming the limit in MB and the accepted types.
    """
    unknown = set(allowed) - set(KINDS)
    if unknown or not allowed:
        raise ValueError(f"allowed must be a non-empty subset of {KINDS}, not {allowed!r}")
    size = _size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB."),
            code="too_large",
            params={"size": _megabytes(size), "limit": _megabytes(max_bytes)},
        )
    kind = detect_kind(file)
    if kind is None:
        raise ValidationError(
            _("The file type is not recognised. Accepted types: %(accepted)s."),
            code="unknown_type",
            params={"accepted": _accepted(allowed)},
        )
    if kind not in allowed:
        raise ValidationError(
            _("This is a %(kind)s file. Accepted types: %(accepted)s."),
            code="type_not_allowed",
            params={"kind": KIND_NAMES[kind], "accepted": _accepted(allowed)},
        )
    return CheckedUpload(kind=kind, size=size)


# --- Images ---------------------------------------------------------------------------


def _too_many_pixels() -> ValidationError:
    limit = Image.MAX_IMAGE_PIXELS or 0
    return ValidationError(
        _("The image has too many pixels: at most %(limit)s million are accepted."),
        code="too_many_pixels",
        params={"limit": _figure(limit / 1_000_000)},
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _("The image is damaged or incomplete. Please save it again and upload the new file."),
        code="damaged_image",
    )


def _open_image(file: IO[bytes], max_side: int) -> Image.Image:
    """Decode within limits: Pillow's own decompression-bomb check, then ours."""
    try:
        image = Image.open(file, formats=IMAGE_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Pillow raises the error beyond twice its limit; the warning (between once and
        # twice) is raised only where warnings are errors, else the check below refuses.
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _damaged() from error
    limit = Image.MAX_IMAGE_PIXELS
    if limit is not None and image.width * image.height > limit:
        raise _too_many_pixels()
    # A JPEG can be decoded at a reduced scale directly, saving memory on big photos.
    image.draft("RGB", (max_side, max_side))
    try:
        with _strict_decoding():
            image.load()
    except (OSError, SyntaxError, ValueError) as error:  # truncated or corrupt data
        raise _damaged() from error
    return image


_strict_decoding_lock = threading.Lock()


@contextmanager
def _strict_decoding() -> Iterator[None]:
    """Decode with Pillow's truncated-image tolerance off.

    WeasyPrint switches the process-wide `ImageFile.LOAD_TRUNCATED_IMAGES` on when it is
    imported, which would let a half-uploaded photo through as a grey-bottomed image.
    It is switched off only while one of our uploads decodes (a PDF rendered at that
    moment leaves out a truncated picture instead of padding it, as it does for any
    image it cannot read).
    """
    with _strict_decoding_lock:
        tolerant = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in _ALPHA_MODES or (image.mode == "P" and "transparency" in image.info)


def reencode_image(file: IO[bytes], *, max_side: int = DEFAULT_MAX_IMAGE_SIDE) -> ContentFile:
    """A clean copy of an uploaded JPEG, PNG or WebP, safe to store and publish.

    Turned upright by its EXIF orientation, shrunk to fit `max_side`, stripped of all
    metadata (EXIF incl. GPS, XMP, ICC, comments) and saved as JPEG (quality 85), or as
    PNG when it has transparency, under a generated name. A corrupt, truncated or
    oversized image raises ValidationError.
    """
    file.seek(0)
    with _open_image(file, max_side) as image:
        try:
            upright = ImageOps.exif_transpose(image) or image
        except (OSError, SyntaxError, ValueError, TypeError) as error:  # broken EXIF block
            raise _damaged() from error
        keeps_alpha = _has_alpha(upright)
        converted = upright.convert("RGBA" if keeps_alpha else "RGB")
    converted.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    # Pixels only: a new image made from raw bytes carries no metadata at all.
    clean = Image.frombytes(converted.mode, converted.size, converted.tobytes())
    output = io.BytesIO()
    if keeps_alpha:
        clean.save(output, format="PNG", optimize=True)
        extension = KIND_EXTENSIONS[KIND_PNG]
    else:
        clean.save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        extension = KIND_EXTENSIONS[KIND_JPEG]
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}{extension}")
