"""DOCX laid out by the Ukrainian rules for official documents.

The Instruction on office work (Cabinet of Ministers resolution No. 55 of 17.01.2018)
and DSTU 4163:2020: A4, margins left 30 mm, right 10 mm, top and bottom 20 mm; Times
New Roman 12 to 14 pt; paragraph indent 1.25 cm; the signatory's position on the left
and the name on the right of the same line.
"""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from hromada.core.attachments import attachment_response
from hromada.core.documents.spec import (
    Alignment,
    Block,
    DocumentSpec,
    Heading,
    Paragraph,
    Signatures,
    Table,
)

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FONT_NAME = "Times New Roman"
BODY_SIZE = Pt(14)
TABLE_SIZE = Pt(12)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = Mm(30), Mm(10), Mm(20), Mm(20)
TEXT_WIDTH = Mm(210 - 30 - 10)
FIRST_LINE_INDENT = Cm(1.25)
HEADING_SIZES = {1: Pt(14), 2: Pt(14), 3: Pt(14)}
LANGUAGE_TAGS = {"uk": "uk-UA", "en": "en-GB"}
ALIGNMENTS = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
}
_THEME_FONT_ATTRIBUTES = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


def _set_fonts(style: Any, size: Pt, *, bold: bool | None = None) -> None:
    """Times New Roman for every script, black; theme fonts would override a plain name."""
    style.font.name = FONT_NAME
    style.font.size = size
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    run_properties = style.element.get_or_add_rPr()
    fonts = run_properties.get_or_add_rFonts()
    for attribute in _THEME_FONT_ATTRIBUTES:
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), FONT_NAME)
    fonts.set(qn("w:eastAsia"), FONT_NAME)
    color = run_properties.find(qn("w:color"))
    if color is not None:
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attribute), None)


def _set_language(style: Any) -> None:
    """Spelling and hyphenation in the document's language (Ukrainian by default)."""
    language = (get_language() or "uk").split("-")[0]
    tag = LANGUAGE_TAGS.get(language, LANGUAGE_TAGS["uk"])
    run_properties = style.element.get_or_add_rPr()
    element = run_properties.find(qn("w:lang"))
    if element is None:
        element = OxmlElement("w:lang")
        run_properties.append(element)
    element.set(qn("w:val"), tag)
    element.set(qn("w:bidi"), tag)


def _new_document(spec: DocumentSpec) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM

    normal = document.styles["Normal"]
    _set_fonts(normal, BODY_SIZE)
    _set_language(normal)
    normal_format = normal.paragraph_format
    normal_format.line_spacing = 1.0
    normal_format.space_before = Pt(0)
    normal_format.space_after = Pt(0)
    for level, size in HEADING_SIZES.items():
        heading = document.styles[f"Heading {level}"]
        _set_fonts(heading, size, bold=True)
        heading_format = heading.paragraph_format
        heading_format.space_before = Pt(12)
        heading_format.space_after = Pt(6)
        heading_format.first_line_indent = Cm(0)
        heading_format.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else None

    properties = document.core_properties
    properties.title = spec.title
    properties.subject = spec.subtitle
    properties.author = properties.last_modified_by = "Hromada"
    properties.comments = ""
    return document


def _add_paragraph(document: DocxDocument, text: str, align: Alignment) -> None:
    paragraph = document.add_paragraph(text)
    paragraph.alignment = ALIGNMENTS[align]
    paragraph.paragraph_format.first_line_indent = (
        FIRST_LINE_INDENT if align == "justify" else Cm(0)
    )


def _add_title(document: DocxDocument, spec: DocumentSpec) -> None:
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(spec.title).bold = True
    if spec.subtitle:
        _add_paragraph(document, spec.subtitle, "center")
    document.add_paragraph()


def _repeat_as_header(row: Any) -> None:
    row_properties = row._tr.get_or_add_trPr()
    header_flag = OxmlElement("w:tblHeader")
    header_flag.set(qn("w:val"), "true")
    row_properties.append(header_flag)


def _fill_cell(cell: Any, text: str, *, bold: bool, align: Any) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = TABLE_SIZE


def _add_table(document: DocxDocument, block: Table) -> None:
    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_as_header(table.rows[0])
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        _fill_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row, values in zip(table.rows[1:], block.rows, strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            _fill_cell(cell, text, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    document.add_paragraph()


def _add_signatures(document: DocxDocument, block: Signatures) -> None:
    for number, signature in enumerate(block.signatures):
        paragraph = document.add_paragraph(f"{signature.position}\t{signature.name}")
        paragraph_format = paragraph.paragraph_format
        paragraph_format.first_line_indent = Cm(0)
        paragraph_format.space_before = Pt(36 if number == 0 else 24)
        paragraph_format.keep_together = True
        paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)


def _add_block(document: DocxDocument, block: Block) -> None:
    if isinstance(block, Heading):
        heading = document.add_heading(block.text, level=block.level)
        heading.paragraph_format.first_line_indent = Cm(0)
    elif isinstance(block, Paragraph):
        _add_paragraph(document, block.text, block.align)
    elif isinstance(block, Table):
        _add_table(document, block)
    else:
        _add_signatures(document, block)


def render_docx(spec: DocumentSpec) -> bytes:
    document = _new_document(spec)
    _add_title(document, spec)
    for block in spec.blocks:
        _add_block(document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_response(filename: str, content: bytes) -> HttpResponse:
    return attachment_response(filename, content, content_type=DOCX_CONTENT_TYPE, extension=".docx")
