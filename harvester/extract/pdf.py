"""PDF with a text layer: pdfplumber tables as grids, the text outside them as prose."""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber

from ..errors import ExtractionError, UnsupportedDocumentError
from ..parse.model import Block, Document, Row
from ..parse.rows import SPAN

EXTRACTOR = f"pdfplumber {pdfplumber.__version__}"
MAX_PAGES = 300
OCR_SCALE = 2.0


def _table_rows(table: list[list[Any]], page: int, index: int) -> list[Row]:
    rows = []
    for r, cells in enumerate(table, start=1):
        texts = [SPAN if c is None and i else ("" if c is None else " ".join(str(c).split())) for i, c in enumerate(cells)]
        if any(t and t != SPAN for t in texts):
            rows.append(Row(texts, f"page {page} table {index} row {r}", in_table=True))
    return rows


_CID = re.compile(r"\(cid:\d+\)")


def _needs_ocr(text: str, tables: list) -> bool:
    """No text layer, or a text layer of unmapped glyphs such as (cid:123)."""
    if not text.strip() and not tables:
        return True
    return len(_CID.findall(text)) * 6 > max(len(text), 1) * 0.3


def _ocr_page(body: bytes, index: int, page_no: int) -> list[Block]:
    import pypdfium2 as pdfium

    from .ocr import ocr_blocks

    pdf = pdfium.PdfDocument(body)
    try:
        image = pdf[index].render(scale=OCR_SCALE).to_pil()
    finally:
        pdf.close()
    return ocr_blocks(image, page_no)


def extract_pdf(body: bytes, ocr: bool = True) -> Document:
    """Blocks page by page: prose outside the tables, then each table as a grid; scanned pages by OCR."""
    blocks: list[Block] = []
    warnings: list[str] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(body))
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        if "password" in str(exc).lower() or b"/Encrypt" in body[-4096:] or b"/Encrypt" in body[:4096]:
            raise ExtractionError("PDF is encrypted (password required)") from exc
        raise ExtractionError(f"PDF could not be opened: {type(exc).__name__}: {exc}") from exc
    ocr_pages: list[int] = []
    with pdf:
        pages = len(pdf.pages)
        no_text = 0
        for n, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
            try:
                found = page.find_tables()
                outside = page
                for table in found:
                    outside = outside.outside_bbox(table.bbox)
                text = outside.extract_text() or ""
                tables = [t.extract() for t in found]
            except Exception as exc:
                warnings.append(f"pdf: page {n} unreadable ({type(exc).__name__})")
                continue
            if _needs_ocr(text, tables):
                if ocr:
                    try:
                        blocks.extend(_ocr_page(body, n - 1, n))
                        ocr_pages.append(n)
                        continue
                    except UnsupportedDocumentError as exc:
                        warnings.append(f"pdf: page {n} needs OCR: {exc}")
                no_text += 1
            blocks.append(Block("text", text=text))
            blocks.extend(Block("table", rows=_table_rows(t, n, i)) for i, t in enumerate(tables, start=1))
        if pages > MAX_PAGES:
            warnings.append(f"pdf: only the first {MAX_PAGES} of {pages} pages were read")
        if no_text:
            warnings.append(f"pdf: {no_text} of {pages} pages have no text layer (scanned); OCR not applied")
    if not ocr_pages:
        return Document(blocks, warnings=warnings, extractor=EXTRACTOR, pages=pages, path="pdf-text")
    from .ocr import ocr_version

    warnings.append(f"pdf: pages {', '.join(map(str, ocr_pages))} read by OCR")
    return Document(
        blocks, warnings=warnings, extractor=f"{EXTRACTOR} + pypdfium2 + {ocr_version()}", pages=pages, path="pdf-ocr"
    )
