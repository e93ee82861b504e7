"""PDF from Django templates with WeasyPrint, never touching the network.

A domain template extends `core/documents/base.html` (A4, the official-document
margins, DejaVu fonts that cover Cyrillic). Everything the HTML references goes
through `LocalFileFetcher`: files under STATIC_ROOT or MEDIA_ROOT and data: URLs are
read, anything else (http, https, ftp, other paths) is refused and simply left out,
so content typed by a resident cannot make the server fetch a URL.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML, URLFetcher
from weasyprint.urls import URLFetcherResponse

from hromada.core.attachments import attachment_response
from hromada.core.documents.spec import DocumentSpec

PDF_CONTENT_TYPE = "application/pdf"
SPEC_TEMPLATE = "core/documents/spec.html"


class RefusedURLError(ValueError):
    """A document referenced a resource outside the allowed local files."""


class LocalFileFetcher(URLFetcher):
    """Serves data: URLs and files inside `roots`; refuses every other URL.

    The default roots are STATIC_ROOT and MEDIA_ROOT, read when the fetcher is made
    (so that tests overriding the settings see their own folders).
    """

    def __init__(self, roots: Iterable[Path | str] | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        if roots is None:
            roots = (settings.STATIC_ROOT, settings.MEDIA_ROOT)
        self.roots = tuple(Path(root).resolve() for root in roots if root)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(
                    url, path.read_bytes(), headers={"Content-Type": content_type}
                )
        self.refused.append(url)
        raise RefusedURLError(f"Documents may only use local static or media files: {url}")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        # resolve() follows symbolic links, so a link inside a root cannot lead out of it.
        path = Path(unquote(parts.path)).resolve()
        inside = any(path.is_relative_to(root) for root in self.roots)
        return path if inside and path.is_file() else None


def html_to_pdf(
    html: str, *, base_url: str | None = None, url_fetcher: LocalFileFetcher | None = None
) -> bytes:
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher or LocalFileFetcher())
    # Tagged PDF: screen readers get headings, paragraphs and tables, not loose glyphs.
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    base_url: str | None = None,
    url_fetcher: LocalFileFetcher | None = None,
) -> bytes:
    """Render a Django template (extending core/documents/base.html) to PDF bytes."""
    html = render_to_string(template_name, dict(context))
    return html_to_pdf(html, base_url=base_url, url_fetcher=url_fetcher)


def render_pdf_from_spec(spec: DocumentSpec) -> bytes:
    return render_pdf(SPEC_TEMPLATE, {"spec": spec})


def pdf_response(filename: str, content: bytes) -> HttpResponse:
    return attachment_response(filename, content, content_type=PDF_CONTENT_TYPE, extension=".pdf")
