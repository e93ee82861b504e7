"""Printable posters and flyers of an edition for notice boards in starosta offices,
service centres and libraries: what is open, the key dates and a QR code to the
edition's page. PDF from templates (budget/print/) with WeasyPrint."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hromada.budget.campaign import call_to_action, phase_rows, upcoming_deadline
from hromada.budget.models import Edition
from hromada.core.documents import render_pdf

POSTER_TEMPLATE = "budget/print/poster.html"
FLYER_TEMPLATE = "budget/print/flyer.html"
FLYERS_PER_SHEET = 4
# Medium error correction survives a creased or weathered notice-board print.
QR_ERROR = "m"


def qr_code(url: str) -> segno.QRCode:
    # Never a Micro QR code: not every phone camera reads those.
    return segno.make_qr(url, error=QR_ERROR)


def qr_svg(url: str) -> SafeString:
    """The QR code of `url` as inline SVG, sized by the print style sheet; the title
    names it for screen readers of the tagged PDF."""
    svg = qr_code(url).svg_inline(
        scale=1,
        border=4,  # the quiet zone the QR standard asks for
        omitsize=True,
        title=_("QR code of %(url)s") % {"url": url},
        svgclass="qr",
    )
    # segno writes the markup itself and escapes the title.
    return mark_safe(svg)  # noqa: S308


def community_name() -> str:
    # Documents render without a request, so the context processor does not run.
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return settings.COMMUNITY_NAME_EN if language == "en" else settings.COMMUNITY_NAME_UK


def print_context(edition: Edition, url: str, now: datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    rows = phase_rows(edition, now)
    return {
        "COMMUNITY_NAME": community_name(),
        "edition": edition,
        "rows": rows,
        "open_rows": [row for row in rows if row.is_open],
        "deadline": upcoming_deadline(edition, now),
        "call_to_action": call_to_action(edition, now),
        "qr_url": url,
        "qr_svg": qr_svg(url),
    }


def poster_pdf(edition: Edition, url: str, now: datetime | None = None) -> bytes:
    """One A4 portrait page for a notice board."""
    return render_pdf(POSTER_TEMPLATE, print_context(edition, url, now))


def flyer_pdf(edition: Edition, url: str, now: datetime | None = None) -> bytes:
    """One A4 sheet of four A6 flyers (2 × 2) with cut marks."""
    context = print_context(edition, url, now)
    context["flyers"] = range(FLYERS_PER_SHEET)
    return render_pdf(FLYER_TEMPLATE, context)
