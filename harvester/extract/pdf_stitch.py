"""A table row cut by a page break, joined again: Word lets a row break across pages, so a label's first lines
stand at the foot of one page and its last lines (and sometimes its numbers) at the head of the next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

TOLERANCE = 2.5  # points between column boundaries taken as the same
_FURNITURE = re.compile(r"^[\s\d\-—–－/／第页頁共·.]*$")  # a page number: 「— 5 —」, 「第 5 页 共 9 页」
_OUTLINE = re.compile(r"^\s*(\d+\s*[.．、]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)")
_NUMBER = re.compile(r"^\s*[-+]?[\d,，.]+\s*%?\s*$")


@dataclass
class PageGrid:
    """A table as pdfplumber found it on one page: its cell texts (None for a merged cell's other slots), its
    column boundaries, and whether only page furniture stands above it and below it on its page."""

    cells: list[list[str | None]]
    xs: list[float]
    alone_top: bool
    alone_bottom: bool


def page_grid(table: Any, cells: list[list[str | None]]) -> PageGrid:
    """The PageGrid of a pdfplumber table whose cell texts are `cells`."""
    page = table.page
    x0, top, x1, bottom = table.bbox
    xs = [*sorted({c[0] for c in table.cells}), x1]  # pdfplumber's columns: one per distinct left edge of a cell
    above = "".join(c["text"] for c in page.chars if c["bottom"] <= top)
    below = "".join(c["text"] for c in page.chars if c["top"] >= bottom)
    return PageGrid(cells, xs, bool(_FURNITURE.match(above)), bool(_FURNITURE.match(below)))


def stitch(prev: PageGrid, nxt: PageGrid) -> str | None:
    """Join the next page's first row onto this page's last row when it is the rest of that row: the two tables
    alone at the page break, with the same column boundaries, the two rows' numbers on one side of the break
    only, and the continued part not starting a new numbered item. Returns a note of what was joined."""
    if not (prev.alone_bottom and nxt.alone_top and prev.cells and nxt.cells):
        return None
    columns = _column_map(prev.xs, nxt.xs)
    if columns is None:
        return None
    last, first = prev.cells[-1], nxt.cells[0]
    placed: dict[int, str] = {}
    for j, text in enumerate(first):
        if text is not None and text.strip() and j in columns:
            placed[columns[j]] = text
    opened = {columns[j] for j, text in enumerate(first) if text is not None and j in columns}
    numbered = {i for i, text in enumerate(last) if text is not None and _NUMBER.match(text)}
    if not placed or not numbered <= opened or not _continues(last, placed):
        return None  # a row cut in two keeps its cells: no cell of the rest spans over a number (a caption row would)
    joined = list(last)
    for i, text in placed.items():
        joined[i] = (joined[i] or "") + text
    prev.cells[-1] = joined
    del nxt.cells[0]
    return "".join(t for t in joined if t)[:30]


def _column_map(before: list[float], after: list[float]) -> dict[int, int] | None:
    """Column j of the next table → column i of the previous one, when every boundary of the next table is one of
    the previous table's and both span the same width; None otherwise."""
    if len(before) < 2 or len(after) < 2:
        return None
    if abs(before[0] - after[0]) > TOLERANCE or abs(before[-1] - after[-1]) > TOLERANCE:
        return None
    index = []
    for x in after:
        near = [i for i, b in enumerate(before) if abs(b - x) <= TOLERANCE]
        if not near:
            return None
        index.append(near[0])
    return {j: index[j] for j in range(len(after) - 1)}


def _continues(last: list[str | None], placed: dict[int, str]) -> bool:
    """The placed cells finish `last`: no column has text on both sides where either is a number, numbers stand
    on one side only, and no continued text opens a new numbered item (「1.」, 「（四）」, 「四、」)."""
    mine = {i: t for i, t in enumerate(last) if t is not None and t.strip()}
    if any(_NUMBER.match(t) for t in placed.values()) and any(_NUMBER.match(t) for t in mine.values()):
        return False
    if any(i in mine and (_NUMBER.match(mine[i]) or _NUMBER.match(t)) for i, t in placed.items()):
        return False
    return not any(_OUTLINE.match(t) for t in placed.values() if not _NUMBER.match(t))
