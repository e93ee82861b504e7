"""Blank paper forms as one PDF: every form is the same apart from its serial number, so
the form is laid out once and the serial numbers are laid out on a separate light layer
and stamped onto copies of it (laying out 500 full forms would take about a minute; this
takes seconds).

The serial numbers go exactly into the slots the form leaves for them: their places are
read from the laid-out form (WeasyPrint's anchors of the slot elements), not assumed. A
form whose ballot runs over one page gets its serial number on the top margin of the
following pages as well."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
)
from weasyprint import HTML

from hromada.accounts.enums import ResidencyBasis
from hromada.budget.models import Edition
from hromada.core.documents import LocalFileFetcher
from hromada.voting.ballot import ballot_projects
from hromada.voting.views.desk.common import ballot_rules_context

FORM_TEMPLATE = "voting/desk/paper_form_pdf.html"
LAYER_TEMPLATE = "voting/desk/paper_serials_pdf.html"
# The ids of the empty slots the form template leaves for the serial number.
SLOTS = ("serial-identity", "serial-ballot")
_DRAWING = "/HromadaBlankForm"


def paper_ballot(edition: Edition) -> list[dict[str, Any]]:
    """Every pool with admitted projects, in number order (territorial pools say whose
    they are: a paper form is the same for everybody)."""
    projects = ballot_projects(edition)
    sections = []
    for pool in edition.pools.select_related("territory").all():
        in_pool = [project for project in projects if project.pool_id == pool.pk]
        if in_pool:
            sections.append({"pool": pool, "projects": in_pool})
    return sections


def form_context(edition: Edition) -> dict[str, Any]:
    return {
        "edition": edition,
        "sections": paper_ballot(edition),
        "bases": [
            label for value, label in ResidencyBasis.choices if value in edition.residency_bases
        ],
        **ballot_rules_context(edition),
    }


def _slots(anchors: Mapping[str, tuple[float, ...]]) -> list[dict[str, float]]:
    """Where the serial-number slots of one laid-out page are (CSS px from its top left)."""
    return [
        {"left": anchors[name][0], "top": anchors[name][1]} for name in SLOTS if name in anchors
    ]


def _content_of(page: PageObject) -> bytes:
    contents = page.get_contents()
    return contents.get_data() if contents is not None else b""


def _as_drawing(writer: PdfWriter, page: PageObject) -> IndirectObject:
    """One page of the laid-out form as a reusable drawing (a PDF form XObject), stored
    once in the file and drawn on every sheet (merging pages would copy it 500 times)."""
    drawing = DecodedStreamObject()
    drawing.set_data(_content_of(page))
    drawing[NameObject("/Type")] = NameObject("/XObject")
    drawing[NameObject("/Subtype")] = NameObject("/Form")
    drawing[NameObject("/BBox")] = ArrayObject([FloatObject(value) for value in page.mediabox])
    drawing[NameObject("/Resources")] = page["/Resources"].clone(writer)
    # pypdf has no public call for adding a free-standing object; this one is stable.
    return writer._add_object(drawing)


def _draw_under(writer: PdfWriter, sheet: PageObject, drawing: IndirectObject, name: str) -> None:
    """Draw the form under what the sheet holds (its serial numbers). Sheets may share
    one resource dictionary, so each page of the form gets its own name."""
    resources = sheet["/Resources"].get_object()
    assert isinstance(resources, DictionaryObject)
    drawings = resources.get("/XObject")
    if not isinstance(drawings, DictionaryObject):
        drawings = DictionaryObject()
        resources[NameObject("/XObject")] = drawings
    drawings[NameObject(name)] = drawing
    stream = ContentStream(None, writer)
    stream.set_data(b"q " + name.encode() + b" Do Q\n" + _content_of(sheet))
    sheet.replace_contents(stream)


def blank_forms_pdf(edition: Edition, serials: list[str]) -> bytes:
    """The PDF of blank forms with these serial numbers, each starting on a new sheet."""
    form = HTML(
        string=render_to_string(FORM_TEMPLATE, form_context(edition)),
        url_fetcher=LocalFileFetcher(),
    ).render()
    pages = [{"slots": _slots(page.anchors)} for page in form.pages]
    width, height = form.pages[0].width, form.pages[0].height
    layer = HTML(
        string=render_to_string(
            LAYER_TEMPLATE,
            {"serials": serials, "pages": pages, "width": width, "height": height},
        ),
        url_fetcher=LocalFileFetcher(),
    ).write_pdf()
    writer = PdfWriter(clone_from=io.BytesIO(layer))
    drawings = [_as_drawing(writer, page) for page in PdfReader(io.BytesIO(form.write_pdf())).pages]
    for index, sheet in enumerate(writer.pages):
        page = index % len(drawings)
        _draw_under(writer, sheet, drawings[page], f"{_DRAWING}{page}")
    writer.add_metadata({"/Title": str(edition.title)})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
