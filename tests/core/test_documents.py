from __future__ import annotations

import copy
import http.server
import io
import threading

import docx
import pytest
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image
from pypdf import PdfReader

from hromada.core.documents import (
    DocumentSpec,
    Heading,
    LocalFileFetcher,
    Paragraph,
    RefusedURLError,
    Signature,
    Signatures,
    Table,
    docx_response,
    pdf_response,
    render_docx,
    render_pdf,
    render_pdf_from_spec,
)
from hromada.core.documents.pdf_rendering import html_to_pdf

A4_POINTS = (595.28, 841.89)


def protocol() -> DocumentSpec:
    return DocumentSpec(
        title="ПРОТОКОЛ № 3",
        subtitle="засідання громадської бюджетної комісії",
        blocks=[
            Heading("Порядок денний"),
            Paragraph("Про розгляд проєктів громадського бюджету на 2025 рік."),
            Heading("Результати перевірки", level=2),
            Table(
                header=["№", "Назва проєкту", "Вартість, грн"],
                rows=[["1", "Сквер «Ґанок»", "120 000,00"], ["2", "Їжачок на подвір'ї", "5,00"]],
            ),
            Signatures(
                [
                    Signature("Голова комісії", "Іван ПЕТРЕНКО"),
                    Signature("Секретар", "Олена КОВАЛЬ"),
                ]
            ),
        ],
    )


def open_docx(content: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(content))


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- DOCX -----------------------------------------------------------------------------


def test_docx_paragraphs_keep_the_ukrainian_text_in_order():
    document = open_docx(render_docx(protocol()))

    texts = [paragraph.text for paragraph in document.paragraphs if paragraph.text]
    assert texts == [
        "ПРОТОКОЛ № 3",
        "засідання громадської бюджетної комісії",
        "Порядок денний",
        "Про розгляд проєктів громадського бюджету на 2025 рік.",
        "Результати перевірки",
        "Голова комісії\tІван ПЕТРЕНКО",
        "Секретар\tОлена КОВАЛЬ",
    ]


def test_docx_table_has_header_row_repeated_on_every_page_and_exact_cells():
    document = open_docx(render_docx(protocol()))

    (table,) = document.tables
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells == [
        ["№", "Назва проєкту", "Вартість, грн"],
        ["1", "Сквер «Ґанок»", "120 000,00"],
        ["2", "Їжачок на подвір'ї", "5,00"],
    ]
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader/@w:val") == ["true"]


def test_docx_page_is_a4_with_official_document_margins():
    section = open_docx(render_docx(protocol())).sections[0]

    measured = [
        section.page_width,
        section.page_height,
        section.left_margin,
        section.right_margin,
        section.top_margin,
        section.bottom_margin,
    ]
    assert [round(length.mm, 1) for length in measured] == [210, 297, 30, 10, 20, 20]


def test_docx_body_is_times_new_roman_14_pt_with_ukrainian_language():
    document = open_docx(render_docx(protocol()))

    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.element.rPr.xpath("./w:lang/@w:val") == ["uk-UA"]


def test_docx_headings_use_heading_styles_in_times_new_roman_not_theme_fonts():
    document = open_docx(render_docx(protocol()))

    heading = next(p for p in document.paragraphs if p.text == "Порядок денний")
    assert heading.style.name == "Heading 1"
    fonts = document.styles["Heading 1"].element.rPr.rFonts
    assert dict(fonts.attrib) == {
        qn(f"w:{script}"): "Times New Roman" for script in ("ascii", "hAnsi", "cs", "eastAsia")
    }


def test_docx_signature_puts_the_name_at_the_right_margin():
    document = open_docx(render_docx(protocol()))

    signature = next(p for p in document.paragraphs if p.text.startswith("Голова комісії"))
    (tab_stop,) = signature.paragraph_format.tab_stops
    assert tab_stop.alignment == WD_TAB_ALIGNMENT.RIGHT
    assert round(tab_stop.position.mm) == 170


def test_docx_carries_the_title_in_its_properties():
    document = open_docx(render_docx(protocol()))

    assert document.core_properties.title == "ПРОТОКОЛ № 3"
    assert document.core_properties.author == "Hromada"


def test_docx_response_is_a_word_attachment():
    response = docx_response("Протокол 3", render_docx(protocol()))

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert response["Content-Disposition"].startswith('attachment; filename="3.docx"; ')
    assert open_docx(response.content).paragraphs[0].text == "ПРОТОКОЛ № 3"


def test_table_rows_must_match_the_header():
    with pytest.raises(ValueError, match="does not have 2 cells"):
        Table(header=["a", "b"], rows=[["1"]])


def test_heading_level_is_one_to_three():
    with pytest.raises(ValueError, match="1, 2 or 3"):
        Heading("Заголовок", level=4)


# --- PDF ------------------------------------------------------------------------------


def test_pdf_from_spec_is_a4_with_the_ukrainian_text():
    content = render_pdf_from_spec(protocol())

    reader = PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width), 2), round(float(box.height), 2)) == A4_POINTS
    text = pdf_text(content)
    for expected in [
        "ПРОТОКОЛ № 3",
        "засідання громадської бюджетної комісії",
        "Порядок денний",
        "Сквер «Ґанок»",
        "Їжачок на подвір'ї",
        "Голова комісії",
        "Іван ПЕТРЕНКО",
    ]:
        assert expected in text
    assert reader.metadata.title == "ПРОТОКОЛ № 3"


def test_pdf_response_is_a_pdf_attachment():
    response = pdf_response("protocol-3", render_pdf_from_spec(protocol()))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename=\"protocol-3.pdf\"; filename*=UTF-8''protocol-3.pdf"
    )
    assert response.content.startswith(b"%PDF-")


class CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str]

    def do_GET(self):
        self.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(png_bytes())

    def log_message(self, format, *args):
        pass


@pytest.fixture
def web_server():
    """A real HTTP server on localhost, to prove that nothing ever asks it for anything."""
    handler = type("Handler", (CountingHandler,), {"requests": []})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", handler.requests
    server.shutdown()
    server.server_close()


@pytest.fixture
def document_templates(settings, tmp_path):
    folder = tmp_path / "templates"
    (folder / "test_documents").mkdir(parents=True)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [folder]
    settings.TEMPLATES = templates
    return folder / "test_documents"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 180)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_pdf_template_with_http_image_renders_without_any_network_fetch(
    web_server, document_templates
):
    address, requests = web_server
    (document_templates / "notice.html").write_text(
        '{% extends "core/documents/base.html" %}{% block content %}'
        '<h1>{{ heading }}</h1><img src="{{ address }}/logo.png" alt="">'
        '<link rel="stylesheet" href="{{ address }}/style.css">{% endblock %}',
        encoding="utf-8",
    )
    fetcher = LocalFileFetcher()

    content = render_pdf(
        "test_documents/notice.html",
        {"heading": "Оголошення громади", "address": address},
        url_fetcher=fetcher,
    )

    assert requests == []
    assert fetcher.refused == [f"{address}/style.css", f"{address}/logo.png"]
    assert "Оголошення громади" in pdf_text(content)
    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 0


def test_pdf_embeds_an_image_from_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (settings.MEDIA_ROOT / "logo.png").write_bytes(png_bytes())
    html = '<p>Герб</p><img src="logo.png" alt="Герб">'

    content = html_to_pdf(html, base_url=f"{settings.MEDIA_ROOT.as_uri()}/")

    assert len(PdfReader(io.BytesIO(content)).pages[0].images) == 1


def test_fetcher_refuses_local_files_outside_static_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    (settings.MEDIA_ROOT / "link.txt").symlink_to(outside)
    fetcher = LocalFileFetcher()

    for url in [
        outside.as_uri(),
        (settings.MEDIA_ROOT / "link.txt").as_uri(),
        "file:///etc/passwd",
    ]:
        with pytest.raises(RefusedURLError):
            fetcher.fetch(url)

    assert len(fetcher.refused) == 3


def test_fetcher_refuses_file_urls_naming_another_host(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(png_bytes())

    with pytest.raises(RefusedURLError):
        LocalFileFetcher().fetch(f"file://fileserver{tmp_path}/logo.png")


def test_fetcher_serves_data_urls_and_files_in_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(png_bytes())
    fetcher = LocalFileFetcher()

    from_data = fetcher.fetch(
        "data:text/plain;charset=utf-8,%D0%93%D1%80%D0%BE%D0%BC%D0%B0%D0%B4%D0%B0"
    )
    from_file = fetcher.fetch((tmp_path / "logo.png").as_uri())

    assert from_data.read().decode("utf-8") == "Громада"
    assert (from_file.read(), from_file.content_type) == (png_bytes(), "image/png")
