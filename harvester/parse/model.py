"""Data classes of the parser's input (rows of cells) and output (the canonical report)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from .cells import is_number


@dataclass
class Row:
    """One row of a table or one line of text, as cells, with where it came from."""

    cells: list[str]
    locator: str  # e.g. "table 2 row 5" or "line 57"
    in_table: bool = False  # True when the row comes from a real table grid (HTML, PDF, DOCX)
    confidence: float | None = None  # OCR rows: the lowest score of their numbers
    past_edge: bool = False  # PDF rows of a table drawn to the page's right edge: cells may lie past it, unseen


@dataclass
class Block:
    """A paragraph of text or a table of rows, in document order."""

    kind: str  # "text" or "table"
    text: str = ""
    rows: list[Row] = field(default_factory=list)
    lead: str = ""  # a table's: the text between it and the table before (HTML, whose prose block stands apart)
    carried: bool = False  # a table's: the rest of the table before it, carried over a page break (a PDF's next page)
    line: int = 0  # a text block's first line in its file, when the document is a text file (0: not)


@dataclass
class Document:
    """What an extractor hands to the parser: blocks in order plus metadata it found."""

    blocks: list[Block]
    title_hint: str | None = None
    publisher_hint: str | None = None  # 发布机构 from page metadata
    published_hint: str | None = None  # 发布时间 / 发布日期 from page metadata
    warnings: list[str] = field(default_factory=list)
    extractor: str = "text"
    encoding: str | None = None
    declared_encoding: str | None = None
    pages: int | None = None
    ordered: bool = False  # blocks strictly in reading order (text, markdown, DOCX, a PDF text layer); HTML puts prose apart
    path: str = "text"  # extraction path: html, pdf-text, pdf-ocr, docx, doc, wps, xls, image-ocr, text

    @property
    def text(self) -> str:
        parts = []
        for block in self.blocks:
            if block.kind == "text":
                parts.append(block.text)
            else:
                parts.extend(_row_text(r.cells) for r in block.rows)
        return "\n".join(parts)


def _row_text(cells: list[str]) -> str:
    """A table row as text: merged-cell copies shown once."""
    out: list[str] = []
    for cell in cells:
        if cell.startswith("\x00") or (out and out[-1] == cell and not is_number(cell)):
            continue
        out.append(cell)
    return "\t".join(out)


# What a published number rests on, strongest first: a cell under a recognised header in a real grid; a cell
# placed by the printed layout alone (text tokens, a table fragment without its header, a forced cut); a cut
# of run-together digits fixed by the identities; an OCR reading.
EVIDENCE = ("grid", "layout", "identity", "ocr")


@dataclass
class Fact:
    """One table cell in canonical form (spec: Cells)."""

    table: str
    row: str
    col: str
    value: float | int | None
    raw: str
    semantic: str
    unit: str | None = None
    locator: str = ""
    confidence: float | None = None  # set only for facts read by OCR
    evidence: str = "grid"  # grid, layout, identity or ocr (EVIDENCE, strongest first)

    def key(self) -> tuple[str, str, str]:
        return (self.table, self.row, self.col)

    def public(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "confidence" or v is not None}


@dataclass
class Check:
    """The result of one arithmetic identity for one key."""

    check: str
    key: str
    status: str  # pass, fail, incomplete
    detail: str = ""


@dataclass
class Report:
    """The canonical parsed report."""

    title: str | None
    agency: str | None
    year: int | None
    template: str
    sections: dict[str, str]
    facts: list[Fact]
    checks: list[Check]
    warnings: list[str]
    published: str | None = None  # publish date, ISO (YYYY-MM-DD)
    scope: str | None = None  # 本机关 (the agency's own work) or 辖区汇总 (a government's summary of its area)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "agency": self.agency,
            "year": self.year,
            "published": self.published,
            "scope": self.scope,
            "template": self.template,
            "sections": self.sections,
            "facts": [f.public() for f in self.facts],
            "checks": [asdict(c) for c in self.checks],
            "warnings": self.warnings,
        }
