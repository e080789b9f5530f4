"""PDF with a text layer: pdfplumber tables as grids, the text outside them as prose."""

from __future__ import annotations

import io
import logging
from typing import Any

import pdfplumber
from pdfplumber.utils import extract_text

from ..errors import ExtractionError
from ..parse.model import Block, Document, Row
from ..parse.rows import CUT, MISSING, SPAN
from .pdf_lines import least_margin, number_in, row_texts, unwrapped
from .pdf_prose import on_baseline, prose_text
from .pdf_scan import OcrBudget, needs_ocr, read_scanned
from .pdf_stitch import PageGrid, carries_on, page_grid, stitch

# pdfminer logs a warning per font it cannot measure (86 lines for one Chrome-printed report): noise in every
# crawl and reparse log, and no fault of the text it reads. Its errors still show.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

EXTRACTOR = f"pdfplumber {pdfplumber.__version__}"
MAX_PAGES = 300
BACKGROUND_MIN = 3.0  # points: a filled rectangle thicker than this both ways is shading, not a rule
EDGE = 1.0  # points: a cell this close to the page's side edge reaches it
TOUCH = 0.5  # points between two glyphs of one run of text (a word's or a number's)
NEAR_RULE = 30.0  # points: a glyph touching one across a rule ends or starts this close to it (wider than any glyph)


def _table_rows(table: list[list[Any]], page: int, index: int, past_edge: bool = False) -> list[Row]:
    rows = []
    for r, cells in enumerate(table, start=1):
        lines = row_texts([None if c is None else str(c) for c in cells])
        texts = [SPAN if c is None and i else ("" if c is None else c) for i, c in enumerate(lines)]
        if any(t and t not in (SPAN, MISSING, CUT) for t in texts):
            rows.append(Row(texts, f"page {page} table {index} row {r}", in_table=True, past_edge=past_edge))
    return rows


def _cells(table: Any) -> list[list[str | None]]:
    """The table's cell texts, as pdfplumber's Table.extract (a char belongs to the cell its box's middle is in),
    with each cell's lines grouped by baseline too: 「1.网站公开」 read as 「网站公开1.」 otherwise."""
    chars = table.page.chars
    left, _, right, _ = table.page.bbox
    off = _past_edges(chars, left, right, EDGE)
    placed = []
    for row in table.rows:
        top, bottom = row.bbox[1], row.bbox[3]
        band = [c for c in chars if top <= (c["top"] + c["bottom"]) / 2 < bottom]
        inside = [c for c in band if _within(c, row.bbox)]
        placed.append((row, band, [[c for c in inside if _within(c, cell)] if cell else None for cell in row.cells]))
    margin = least_margin((cell, glyphs) for row, _, cells in placed for cell, glyphs in zip(row.cells, cells, strict=True))
    rows = []
    for row, band, cells in placed:
        texts = [None if got is None else extract_text([_baseline_only(c) for c in got]) for got in cells]
        texts = [
            t if t is None or got is None else unwrapped(t, got, cell[2] - cell[0], margin)
            for t, got, cell in zip(texts, cells, row.cells, strict=True)
        ]
        texts = _cut_between_cells(_cut_at_edges(texts, row, off, (left, right)), row.cells, cells)
        rows.append(_cut_across_rules(texts, row, band, cells))
    return rows


def _cut_between_cells(texts: list[str | None], boxes: list[Any], cells: list[list[dict[str, Any]] | None]) -> list[str | None]:
    """One run of glyphs drawn across the rule between two cells (「-15」 with its sign's middle left of the rule, in
    the cell of 「35」: 「35 -」 | 「15」) leaves each cell holding part of what is printed: a number or a blank in
    either is CUT, no value and no blank. A glyph only grazing the rule (by up to EDGE) is its own cell's."""
    out = list(texts)
    present = [i for i, got in enumerate(cells) if got]
    for i, j in zip(present, present[1:], strict=False):
        rule = boxes[i][2]
        ends = [g for g in cells[i] or [] if g["text"].strip() and abs(g["x1"] - rule) < NEAR_RULE]
        starts = [c for c in cells[j] or [] if c["text"].strip() and abs(c["x0"] - rule) < NEAR_RULE]
        across = [(g, c) for g in ends for c in starts if g["x1"] - rule > EDGE or rule - c["x0"] > EDGE]
        if not any(_carries_on(g, c) for g, c in across):
            continue
        for k in (i, j):
            text = out[k] or ""
            if text != CUT and (not text.strip() or number_in(text)):
                out[k] = CUT
    return out


def _cut_across_rules(
    texts: list[str | None], row: Any, band: list[dict[str, Any]], cells: list[list[dict[str, Any]] | None]
) -> list[str | None]:
    """A glyph past the table's side edge that is drawn across the edge's rule, or carries on the text of the cell at
    that edge (a number wider than its narrow cell: 「21」 with its 1 over the table's rule, read 「2」; a 「4」 whose
    middle fell past the rule, read as a blank), leaves that cell holding part of what is printed: a number or a
    blank there is CUT. (A glyph whose middle stays inside is read with its cell.)"""
    left, right = row.bbox[0], row.bbox[2]
    out = list(texts)
    for i, (cell, got) in enumerate(zip(row.cells, cells, strict=True)):
        text = texts[i] or ""
        if not cell or got is None or text == CUT or (text.strip() and not number_in(text)):
            continue
        for side, edge in ((1, right), (-1, left)):
            if (cell[2] if side > 0 else cell[0]) != edge:
                continue
            past = [c for c in band if c["text"].strip() and cell[1] <= (c["top"] + c["bottom"]) / 2 < cell[3]]
            past = [c for c in past if side * ((c["x0"] + c["x1"]) / 2 - edge) >= 0]
            across = any(side * (edge - (c["x0"] if side > 0 else c["x1"])) > EDGE for c in past)
            if across or any(_carries_on(g, c) for g in got for c in past):
                out[i] = CUT
    return out


def _carries_on(glyph: dict[str, Any], other: dict[str, Any]) -> bool:
    """The other glyph stands on the same line right against this one, either side: one run of text."""
    touching = abs(other["x0"] - glyph["x1"]) <= TOUCH or abs(glyph["x0"] - other["x1"]) <= TOUCH
    return touching and abs(other["bottom"] - glyph["bottom"]) <= 1.0


def _cut_at_edges(texts: list[str | None], row: Any, off: list[dict[str, Any]], sides: tuple[float, float]) -> list[str | None]:
    """A cell at the page's side edge whose row has glyphs past that edge (a table wider than the page: 「26」 prints
    as 「2」, its 6 off the paper) holds part of its text: a number or a blank there is CUT, no value and no blank
    (words keep what is printed: a header's 「法律服务」 still names its column)."""
    top, bottom = row.bbox[1], row.bbox[3]
    past = [c for c in off if top <= (c["top"] + c["bottom"]) / 2 < bottom]
    if not past:
        return texts
    cut_right, cut_left = any(c["x1"] > sides[1] + EDGE for c in past), any(c["x0"] < sides[0] - EDGE for c in past)
    out = list(texts)
    for i, cell in enumerate(row.cells):
        at_edge = cell and ((cut_right and cell[2] >= sides[1] - EDGE) or (cut_left and cell[0] <= sides[0] + EDGE))
        if at_edge and (not (texts[i] or "").strip() or number_in(texts[i] or "")):
            out[i] = CUT
    return out


def _baseline_only(char: dict[str, Any]) -> dict[str, Any]:
    """The char on its baseline, its box one point high: in a cell, glyphs of two sizes on one baseline (a 12 pt
    「7」 between 16 pt 「1」 and 「年」 of 「2017年度」) are one line, which boxes of their own heights are not."""
    c = on_baseline(char)
    return {**c, "top": c["bottom"] - 1, "doctop": c["doctop"] + (c["bottom"] - 1 - c["top"]), "y1": c["y0"] + 1}


def _within(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= (char["x0"] + char["x1"]) / 2 < x1 and top <= (char["top"] + char["bottom"]) / 2 < bottom


def _not_background(obj: dict[str, Any]) -> bool:
    """False for a filled, unstroked rectangle wider and taller than any rule: the shading behind a cell or a run
    of text (Word's 「BACKGROUND: white」 on a number), not a border. Its edges would cut the cell, and the digits
    wrapped below (「7280」 over 「4」 of 72804) would fall in a row of their own. Rules drawn as thin filled
    rectangles stay."""
    if obj.get("object_type") != "rect" or obj.get("stroke") or not obj.get("fill"):
        return True
    return min(obj["width"], obj["height"]) <= BACKGROUND_MIN


def _closing_lines(page: Any) -> dict[str, Any]:
    """Table settings that close a table cut by the page's edge: a grid printed across a page break has no rule
    where the page ends (or begins), and pdfplumber finds no table without it; a line where its vertical rules
    end (and start) closes it."""
    vertical = [e for e in page.edges if e["orientation"] == "v"]
    if not vertical:
        return {}
    return {"explicit_horizontal_lines": [min(e["top"] for e in vertical), max(e["bottom"] for e in vertical)]}


def _read_page(page: Any) -> tuple[list[str], list[PageGrid]]:
    """A text-layer page: its tables (shading that is no rule left out), top to bottom, and the prose above,
    between and below them (one text more than tables), so that a heading stays before the table it heads."""
    page = page.filter(_not_background)
    found = sorted(page.find_tables(_closing_lines(page)), key=lambda t: t.bbox[1])
    outside = page
    for table in found:
        outside = outside.outside_bbox(table.bbox)
    x0, top, x1, bottom = page.bbox
    cuts = [top, *(y for t in found for y in (t.bbox[1], t.bbox[3])), bottom]
    bands = [(max(a, top), min(max(a, b), bottom)) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
    texts = [prose_text(outside.within_bbox((x0, a, x1, b)), _off_page(outside, x0, x1, a, b)) if b > a else "" for a, b in bands]
    return texts, [page_grid(t, _cells(t), _at_right_edge(t)) for t in found]


def _off_page(page: Any, left: float, right: float, top: float, bottom: float) -> list[dict[str, Any]]:
    """The glyphs of a band of the page that stand past its side edges, wholly or in part."""
    return _past_edges([c for c in page.chars if top <= c["top"] and c["bottom"] <= bottom], left, right)


def _past_edges(chars: list[dict[str, Any]], left: float, right: float, slack: float = 0.0) -> list[dict[str, Any]]:
    """The glyphs past the page's side edges by more than slack points."""
    return [c for c in chars if c["x1"] > right + slack or c["x0"] < left - slack]


def _at_right_edge(table: Any) -> bool:
    """The table is drawn to the page's right edge: wider than the page, it runs on past it (a column wholly past
    the edge prints nothing at all, not even glyphs past it)."""
    return bool(table.bbox[2] >= table.page.bbox[2] - EDGE)


def _stitch_pages(placed: list[tuple[int, int, int, PageGrid]], warnings: list[str]) -> set[int]:
    """Rows cut by a page break joined again: the last table of each page with the first of the next (in page
    order, two neighbours on consecutive pages are just those). Returns the blocks of tables that carry on the
    table before them (carries_on)."""
    carried = set()
    for (page, *_, grid), (after, _, at, following) in zip(placed, placed[1:], strict=False):
        if after == page + 1:
            if carries_on(grid, following):
                carried.add(at)
            note = stitch(grid, following)
            if note:
                warnings.append(f"pdf: a table row cut by the break after page {page} joined again ({note}…)")
    return carried


def _open(body: bytes) -> pdfplumber.PDF:
    """The PDF opened, or the project's error saying why it cannot be."""
    try:
        return pdfplumber.open(io.BytesIO(body))
    except Exception as exc:  # pdfminer raises many kinds for damaged files
        if "password" in str(exc).lower() or b"/Encrypt" in body[-4096:] or b"/Encrypt" in body[:4096]:
            raise ExtractionError("PDF is encrypted (password required)") from exc
        raise ExtractionError(f"PDF could not be opened: {type(exc).__name__}: {exc}") from exc


def _document(blocks: list[Block], warnings: list[str], pages: int, budget: OcrBudget) -> Document:
    """The blocks as a Document, saying whether OCR read any page; an error if nothing at all was read."""
    if budget.blank:
        warnings.append(f"pdf: {budget.blank} blank pages (no text, nothing to read)")
    if not budget.read:
        if not any(b.text.strip() if b.kind == "text" else b.rows for b in blocks):
            raise ExtractionError(f"pdf: no readable content in {pages} pages")
        return Document(blocks, warnings=warnings, extractor=EXTRACTOR, pages=pages, path="pdf-text", ordered=True)
    from .ocr import ocr_version

    warnings.append(f"pdf: pages {', '.join(map(str, budget.read))} read by OCR")
    return Document(
        blocks, warnings=warnings, extractor=f"{EXTRACTOR} + pypdfium2 + {ocr_version()}", pages=pages, path="pdf-ocr"
    )


def extract_pdf(body: bytes, ocr: bool = True) -> Document:
    """Blocks page by page: prose outside the tables, then each table as a grid; scanned pages by OCR."""
    blocks: list[Block] = []
    warnings: list[str] = []
    placed: list[tuple[int, int, int, PageGrid]] = []  # (page, table on it, index in blocks, table): text-layer tables
    budget = OcrBudget()
    with _open(body) as pdf:
        pages = len(pdf.pages)
        no_text = 0
        for n, page in enumerate(pdf.pages[:MAX_PAGES], start=1):
            try:
                texts, grids = _read_page(page)
            except Exception as exc:
                warnings.append(f"pdf: page {n} unreadable ({type(exc).__name__})")
                continue
            if needs_ocr("\n".join(texts), grids):
                if ocr and read_scanned(body, n, budget, blocks, warnings):
                    continue
                no_text += 1
            for i, (text, grid) in enumerate(zip(texts, [*grids, None], strict=True), start=1):
                blocks.append(Block("text", text=text))
                if grid is not None:
                    placed.append((n, i, len(blocks), grid))
                    blocks.append(Block("table", rows=[]))
        if pages > MAX_PAGES:
            warnings.append(f"pdf: only the first {MAX_PAGES} of {pages} pages were read")
        if no_text:
            warnings.append(f"pdf: {no_text} of {pages} pages have no text layer (scanned); OCR not applied")
    carried = _stitch_pages(placed, warnings)
    for n, i, at, grid in placed:
        blocks[at] = Block("table", rows=_table_rows(grid.cells, n, i, grid.past_edge), carried=at in carried)
    return _document(blocks, warnings, pages, budget)
