"""Generated documents: one `DocumentSpec`, rendered as DOCX or PDF; PDF also from templates."""

from hromada.core.documents.docx_rendering import docx_response, render_docx
from hromada.core.documents.pdf_rendering import (
    LocalFileFetcher,
    RefusedURLError,
    pdf_response,
    render_pdf,
    render_pdf_from_spec,
)
from hromada.core.documents.spec import (
    Block,
    DocumentSpec,
    Heading,
    Paragraph,
    Signature,
    Signatures,
    Table,
)

__all__ = [
    "Block",
    "DocumentSpec",
    "Heading",
    "LocalFileFetcher",
    "Paragraph",
    "RefusedURLError",
    "Signature",
    "Signatures",
    "Table",
    "docx_response",
    "pdf_response",
    "render_docx",
    "render_pdf",
    "render_pdf_from_spec",
]
