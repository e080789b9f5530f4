"""Scanned PDF pages: which pages need OCR, what one document may spend on it, and the page read by OCR."""

from __future__ import annotations

import re
import time

from ..errors import ExtractionError, UnsupportedDocumentError
from ..parse.model import Block
from . import limits

OCR_SCALE = 2.0
BLANK_CONTRAST = 8  # grey levels between the darkest and lightest pixel of a page with nothing on it


_CID = re.compile(r"\(cid:\d+\)")


def needs_ocr(text: str, tables: list) -> bool:
    """No text layer, or a text layer of unmapped glyphs such as (cid:123)."""
    if not text.strip() and not tables:
        return True
    return len(_CID.findall(text)) * 6 > max(len(text), 1) * 0.3


def _ocr_page(body: bytes, index: int, page_no: int) -> list[Block] | None:
    """The page read by OCR; None for a blank page (nothing to read, no OCR time spent)."""
    import pypdfium2 as pdfium

    from .ocr import ocr_blocks

    pdf = pdfium.PdfDocument(body)
    try:
        page = pdf[index]
        low, high = page.render(scale=0.25).to_pil().convert("L").getextrema()  # a thumbnail says if it is blank
        if high - low < BLANK_CONTRAST:
            return None
        image = page.render(scale=OCR_SCALE).to_pil()
    finally:
        pdf.close()
    return ocr_blocks(image, page_no)


class OcrBudget:
    """OCR pages and seconds one document may spend (limits.MAX_OCR_PAGES, MAX_OCR_SECONDS), and the pages read."""

    def __init__(self) -> None:
        self.pages, self.started, self.blank = 0, time.monotonic(), 0
        self.read: list[int] = []  # pages OCR read text from

    def exhausted(self) -> str | None:
        if self.pages >= limits.MAX_OCR_PAGES:
            return f"{limits.MAX_OCR_PAGES} pages"
        if time.monotonic() - self.started > limits.MAX_OCR_SECONDS:
            return f"{limits.MAX_OCR_SECONDS:.0f} s"
        return None


def read_scanned(body: bytes, n: int, budget: OcrBudget, blocks: list[Block], warnings: list[str]) -> bool:
    """Page n, with no text layer, read by OCR into blocks (or counted blank); False if OCR cannot read it."""
    spent = budget.exhausted()
    if spent:
        raise ExtractionError(f"pdf: more pages need OCR than the limit allows ({spent} spent by page {n})")
    try:
        read = _ocr_page(body, n - 1, n)
    except UnsupportedDocumentError as exc:
        warnings.append(f"pdf: page {n} needs OCR: {exc}")
        return False
    budget.blank += read is None
    budget.pages += read is not None
    if read is not None:
        blocks.extend(read)
        budget.read.append(n)
    return True
