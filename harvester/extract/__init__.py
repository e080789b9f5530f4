"""Text and table extraction: bytes of any supported kind in, a parser Document out."""

from __future__ import annotations

from charset_normalizer import from_bytes

from ..errors import UnsupportedDocumentError
from ..parse.model import Document
from ..parse.report import document_from_text
from .detect import sniff


def extract(body: bytes, content_type: str | None = None) -> tuple[str, Document]:
    """(kind, document) for the bytes; raises ExtractionError or UnsupportedDocumentError."""
    kind = sniff(body, content_type)
    if kind == "html":
        from .html import extract_html

        return kind, extract_html(body, content_type)
    if kind == "pdf":
        from .pdf import extract_pdf

        return kind, extract_pdf(body)
    if kind == "docx":
        from .docx import extract_docx

        return kind, extract_docx(body)
    if kind == "text":
        best = from_bytes(body).best()
        text = str(best) if best is not None else body.decode("utf-8", errors="replace")
        from .html import embedded_html, extract_html

        inner = embedded_html(text)
        if inner:  # a saved API response or script holding the page body as an escaped string
            return "html", extract_html(inner.encode("utf-8"), "text/html; charset=utf-8")
        doc = document_from_text(text)
        doc.encoding = best.encoding if best is not None else "utf-8"
        return kind, doc
    raise UnsupportedDocumentError(f"no extractor for {kind} documents yet")
