"""Expand an HTML table into a rectangular grid of cell texts (rowspan and colspan resolved)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..errors import ExtractionError
from ..parse.cells import is_number
from ..parse.model import Row
from ..parse.rows import MISSING, SPAN
from . import limits

_WS = re.compile(r"[ \t\r\n\u00a0\u3000]+")
MAX_SPAN = 200


def cell_text(cell: lxml_html.HtmlElement) -> str:
    """A cell's visible text with white space runs folded to one space."""
    for br in cell.iter("br"):
        br.tail = " " + (br.tail or "")
    return _WS.sub(" ", cell.text_content()).strip()


def _span(cell: lxml_html.HtmlElement, name: str) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(cell.get(name, "1")).strip() or 1)))
    except ValueError:
        return 1


def table_grid(table: lxml_html.HtmlElement) -> list[list[str]]:
    """Rows of the table with every spanned cell copied into the slots it covers."""
    grid: dict[tuple[int, int], str] = {}
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    width = 0
    budget = limits.MAX_GRID_CELLS
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = cell_text(cell)
            rs, cs = _span(cell, "rowspan"), _span(cell, "colspan")
            budget -= rs * cs
            if budget < 0:
                raise ExtractionError(f"a table expands to more than {limits.MAX_GRID_CELLS} cells after its spans (limit)")
            for dr in range(rs):
                for dc in range(cs):
                    copy = dr or dc
                    grid[(r + dr, c + dc)] = SPAN if copy and is_number(text) else text
            c += cs
            width = max(width, c)
    height = len(rows)
    return [[grid.get((r, c), MISSING) for c in range(width)] for r in range(height)]


def _owner(tr: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def grid_rows(table: lxml_html.HtmlElement, index: int) -> list[Row]:
    rows = [Row(cells, f"table {index} row {r + 1}", in_table=True) for r, cells in enumerate(table_grid(table))]
    return [row for row in rows if any(c and c != MISSING for c in row.cells)]
