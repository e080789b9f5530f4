"""DOCX through python-docx: paragraphs and tables in document order, merged cells resolved."""

from __future__ import annotations

import io

import docx
from docx.document import Document as DocxDocument
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..errors import ExtractionError
from ..parse.cells import is_number
from ..parse.model import Block, Document, Row
from ..parse.rows import SPAN
from .limits import check_ooxml
from .slivers import Span, sliver_columns

EXTRACTOR = "python-docx 1.2.0"
EMU_PER_PX = 9525


def _slivers(table: Table, rows: list[list[_Cell]]) -> set[int]:
    """The table's sliver columns (see extract.slivers), from its grid's column widths."""
    widths: list[float | None] = [gc.w / EMU_PER_PX if gc.w is not None else None for gc in table._tbl.tblGrid.gridCol_lst]
    spans: list[Span] = []
    for r, cells in enumerate(rows):
        tcs = [cell._tc for cell in cells]
        for c, tc in enumerate(tcs):
            if c == 0 or tcs[c - 1] is not tc:
                span = next((i for i in range(c, len(tcs)) if tcs[i] is not tc), len(tcs)) - c
                spans.append((r, c, span, cells[c].text.strip(), None))
    return sliver_columns(spans, widths) if len(widths) == max((c + s for _, c, s, _, _ in spans), default=0) else set()


def _table_rows(table: Table, index: int) -> list[Row]:
    rows = []
    above: list[object] = []
    grid = [row.cells for row in table.rows]  # python-docx builds a row's cells anew on each call
    drop = _slivers(table, grid)
    for r, cells in enumerate(grid, start=1):
        texts: list[str] = []
        seen: list[object] = []
        for c, cell in enumerate(cell for i, cell in enumerate(cells) if i not in drop):
            text = " ".join(cell.text.split())
            copy = (seen and seen[-1] is cell._tc) or (c < len(above) and above[c] is cell._tc)
            texts.append(SPAN if copy and is_number(text) else text)
            seen.append(cell._tc)
        above = seen
        if any(texts):
            rows.append(Row(texts, f"table {index} row {r}", in_table=True))
    return rows


def extract_docx(body: bytes) -> Document:
    check_ooxml(body, "docx", ("word/document", "word/header", "word/footer"))
    try:
        document: DocxDocument = docx.Document(io.BytesIO(body))
    except Exception as exc:  # python-docx raises KeyError, BadZipFile, lxml errors… for damaged files
        raise ExtractionError(f"DOCX could not be opened: {type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    lines: list[str] = []
    index = 0
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
            continue
        index += 1
        blocks.append(Block("text", text="\n".join(lines)))
        lines = []
        blocks.append(Block("table", rows=_table_rows(item, index)))
    blocks.append(Block("text", text="\n".join(lines)))
    return Document(blocks, extractor=EXTRACTOR, path="docx", ordered=True)
