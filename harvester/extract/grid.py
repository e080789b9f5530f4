"""Expand an HTML table into a rectangular grid of cell texts (rowspan and colspan resolved)."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from ..errors import ExtractionError
from ..parse.cells import is_number
from ..parse.model import Row
from ..parse.rows import MISSING, SPAN
from . import limits
from .slivers import Span, candidates, column_widths, sliver_columns

_WS = re.compile(r"[ \t\r\n\u00a0\u3000]+")
_WIDTH = re.compile(r"(?:^|;)\s*width\s*:\s*([\d.]+)\s*(px|pt)?\s*(?:;|$)", re.I)
MAX_SPAN = 200
_BLOCKS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th")


def cell_text(cell: lxml_html.HtmlElement) -> str:
    """A cell's visible text with white space runs folded to one space."""
    _break_lines(cell)
    return _folded(cell)


def _break_lines(element: lxml_html.HtmlElement) -> None:
    """A space at every <br> in the element and around every paragraph in it (a line break separates words and
    numbers, 「3<br>32」 is two counts; text_content drops it)."""
    for br in element.iter("br"):
        br.tail = " " + (br.tail or "")
    for block in element.iterdescendants(*_BLOCKS):
        block.text = " " + (block.text or "")
        block.tail = " " + (block.tail or "")


def raw_text(element: lxml_html.HtmlElement) -> str:
    """The element's text as text_content gives it; a childless element's is its own text (text_content runs an
    XPath per call, and a report page has hundreds of number cells)."""
    return element.text_content() if len(element) else element.text or ""


def _folded(cell: lxml_html.HtmlElement) -> str:
    return _WS.sub(" ", raw_text(cell)).strip()


def _span(value: str | None) -> int:
    """A rowspan or colspan attribute's count (1 when absent or unreadable, MAX_SPAN at most)."""
    if value is None:
        return 1
    try:
        return max(1, min(MAX_SPAN, int(value.strip() or 1)))
    except ValueError:
        return 1


def cell_width(cell: lxml_html.HtmlElement) -> float | None:
    """The cell's width in CSS pixels from its style or width attribute (px or pt; percentages say nothing)."""
    match = _WIDTH.search(cell.get("style") or "")
    if match:
        value, unit = float(match.group(1)), (match.group(2) or "px").lower()
        return value * 4 / 3 if unit == "pt" else value
    attr = (cell.get("width") or "").strip()
    return float(attr) if re.fullmatch(r"\d+(\.\d+)?", attr) else None


def place_cells(table: lxml_html.HtmlElement) -> tuple[list[tuple[Span, int, lxml_html.HtmlElement]], int, int]:
    """Every cell of the table at its place in the grid, ((row, column, colspan, text, None), rowspan, element)
    each: (cells, rows, columns)."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[Span, int, lxml_html.HtmlElement]] = []
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table]
    width = 0
    budget = limits.MAX_GRID_CELLS
    _break_lines(table)  # once for the table, not cell by cell
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.iterchildren("td", "th"):
            while (r, c) in taken:
                c += 1
            rs, cs = _span(cell.get("rowspan")), _span(cell.get("colspan"))
            budget -= rs * cs
            if budget < 0:
                raise ExtractionError(f"a table expands to more than {limits.MAX_GRID_CELLS} cells after its spans (limit)")
            if rs == cs == 1:
                taken.add((r, c))
            else:
                taken.update((r + dr, c + dc) for dr in range(rs) for dc in range(cs))
            placed.append(((r, c, cs, _folded(cell), None), rs, cell))
            c += cs
            width = max(width, c)
    return placed, len(rows), width


def _slivers(placed: list[tuple[Span, int, lxml_html.HtmlElement]], width: int) -> set[int]:
    """The table's sliver columns; the cells' printed widths are read only where a column can be one."""
    spans = [span for span, _, _ in placed]
    if not candidates(spans):
        return set()
    spans = [(r, c, cs, text, cell_width(cell)) for (r, c, cs, text, _), _, cell in placed]
    return sliver_columns(spans, column_widths(spans, width))


def table_grid(table: lxml_html.HtmlElement) -> list[list[str]]:
    """Rows of the table with every spanned cell copied into the slots it covers; a number is written once, in its
    first slot (SPAN in the others). Columns only a sliver wide that no cell stands in alone are left out."""
    placed, height, width = place_cells(table)
    drop = _slivers(placed, width)
    kept = [c for c in range(width) if c not in drop]
    grid: dict[tuple[int, int], str] = {}
    for (row, col, colspan, text, _), rowspan, _ in placed:
        if rowspan == colspan == 1 and col not in drop:
            grid[(row, col)] = text
            continue
        cols = [c for c in range(col, col + colspan) if c not in drop] if drop else range(col, col + colspan)
        number = is_number(text)
        for dr in range(rowspan):
            for i, c in enumerate(cols):
                grid[(row + dr, c)] = SPAN if (dr or i) and number else text
    return [[grid.get((r, c), MISSING) for c in kept] for r in range(height)]


def _owner(tr: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    node = tr.getparent()
    while node is not None and node.tag != "table":
        node = node.getparent()
    return node


def grid_rows(table: lxml_html.HtmlElement, index: int) -> list[Row]:
    rows = [Row(cells, f"table {index} row {r + 1}", in_table=True) for r, cells in enumerate(table_grid(table))]
    return [row for row in rows if any(c and c != MISSING for c in row.cells)]
