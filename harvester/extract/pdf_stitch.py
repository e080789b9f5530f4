"""A table row cut by a page break, joined again: Word lets a row break across pages, so a label's first lines
stand at the foot of one page and its last lines (and sometimes its numbers) at the head of the next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..parse.cells import CN_NUMERAL
from ..parse.rows import CUT, MISSING
from .pdf_lines import number_in

TOLERANCE = 3.0  # points between column boundaries taken as the same (pdfplumber snaps the edges it finds so)
_FURNITURE = re.compile(r"^[\s\d\-—–－/／第页頁共·.]*$")  # a page number: 「— 5 —」, 「第 5 页 共 9 页」
_OUTLINE = re.compile(rf"^\s*(\d+\s*[.．、]|[（(]\s*{CN_NUMERAL}\s*[）)]|{CN_NUMERAL}\s*、)")  # spaced: 「（ 七 ）」


@dataclass
class PageGrid:
    """A table as pdfplumber found it on one page: its cell texts (None for a merged cell's other slots), its
    column boundaries, and whether only page furniture stands above it and below it on its page."""

    cells: list[list[str | None]]
    xs: list[float]
    alone_top: bool
    alone_bottom: bool
    past_edge: bool = False  # drawn to the page's right edge: it may run on past it, its cells there unseen


def page_grid(table: Any, cells: list[list[str | None]], past_edge: bool = False) -> PageGrid:
    """The PageGrid of a pdfplumber table whose cell texts are `cells`."""
    page = table.page
    x0, top, x1, bottom = table.bbox
    xs = [*sorted({c[0] for c in table.cells}), x1]  # pdfplumber's columns: one per distinct left edge of a cell
    above = "".join(c["text"] for c in page.chars if c["bottom"] <= top)
    below = "".join(c["text"] for c in page.chars if c["top"] >= bottom)
    return PageGrid(cells, xs, bool(_FURNITURE.match(above)), bool(_FURNITURE.match(below)), past_edge)


def stitch(prev: PageGrid, nxt: PageGrid) -> str | None:
    """The next page's first row, when it is the rest of this page's last row (the two tables alone at the page
    break, the numbers' columns drawn alike): joined onto it; or, when the rest holds digits that may finish the
    numbers above, those numbers withheld. Returns a note of what was done, None when the rows stand apart."""
    found = _rest(prev, nxt)
    if found is None:
        return None
    at, columns, placed = found
    last, first = prev.cells[-1], nxt.cells[at]
    numbered = {i for i, text in enumerate(last) if _is_number(text)}
    under = {i for i, t in placed.items() if i in numbered and _is_number(t)}
    if len({_lines(placed[i]) for i in under}) > 1:
        # a row of its own prints a number a line in each cell; one with a line more (「８」 over 「０」 beside 「０」) holds
        # the rest of the number above, the row below its lower part: two rows in one, broken by the page (218 and 0)
        return _withhold(last, first, columns, under)
    if any(not _is_number((last[i] or "") + placed[i]) for i in under):
        return None  # digits under a number they cannot finish (「0」 over 「4」): the next row's, not its rest
    if all(_is_number(t) and i in numbered for i, t in placed.items()):  # digits alone: a wrapped number's rest
        return _join(prev, nxt, at, placed, "digits of numbers wrapped over the break")
    opened = {columns[j] for j, text in enumerate(first) if text is not None and j in columns}
    theirs = {i for i, t in placed.items() if _is_number(t)}
    item = any(_OUTLINE.match(t) for i, t in placed.items() if i not in theirs)
    stacked = {i for i in numbered if "\n" in (last[i] or "").strip()}
    if item and stacked and not theirs:
        # a numbered row without numbers: the lower of two rows printed as one (「一、…」 over 「二、…」, 「26」 over
        # 「0」), its label cut from the one above at the break, its numbers the lower lines above? 260, or 26 and 0?
        return _withhold(last, first, columns, stacked)
    if not numbered <= opened or item:
        return None  # a caption row spans over the numbers; the next page opens a numbered item
    mine = {i for i, t in enumerate(last) if t is not None and t.strip()}
    labels = [i for i in mine - numbered if i < min(numbered)] if numbered else []
    inner = max(labels, default=None)  # the row's own label: the last text before its numbers
    if theirs == numbered and inner is not None and inner not in placed:  # no label of its own: the row's rest
        if _covers(nxt, first, prev.xs[inner]):
            return None  # its label is laid over the row's own label's column: a row of its own (结转下年度… under 总计)
        return _join(prev, nxt, at, placed, "a row cut with its numbers, an outer label carried on")
    if not (theirs or numbered) and (any(last[i] is None for i in placed) or _splits_a_copy(last, placed)):
        return None  # two rows of words (a header's two rows): the lower one's cells start where the upper has none
    if not (theirs and numbered) and not any(i in mine and (i in numbered or i in theirs) for i in placed):
        return _join(prev, nxt, at, placed, "a label continued")
    if theirs & numbered and len(theirs) < len(numbered):  # a partial row with digits under digits: cut numbers?
        return _withhold(last, first, columns, theirs & numbered)
    if theirs & numbered and theirs == set(placed):  # digits alone, some under blanks (a cell's text wholly below)
        blanks = {i for i, t in enumerate(last) if t is not None and not t.strip()}
        return _withhold(last, first, columns, theirs & (numbered | blanks))
    return None


def _rest(prev: PageGrid, nxt: PageGrid) -> tuple[int, dict[int, int], dict[int, str]] | None:
    """Where the next page's row that may go on from this page's last row stands (after the header rows Word repeats
    at the top of each page), the next table's columns mapped onto this one's, and that row's cells placed under this
    page's columns; None where no row can go on (the tables not alone at the break, the numbers' columns drawn
    otherwise, two cells under one)."""
    if not (prev.alone_bottom and nxt.alone_top and prev.cells and nxt.cells):
        return None
    at = _repeated_header(prev.cells, nxt.cells)
    if at >= len(nxt.cells):
        return None
    last, first = prev.cells[-1], nxt.cells[at]
    columns = _column_map(prev.xs, nxt.xs, {i: _extent(last, i) for i, text in enumerate(last) if _is_number(text)})
    if columns is None:
        return None
    texts = [(columns[j], t) for j, t in enumerate(first) if t is not None and t.strip() and t != CUT and j in columns]
    placed = dict(texts)
    if not placed or len(placed) < len(texts):
        return None  # two cells of the rest under one cell above: another row's structure (a header's lower row)
    return at, columns, placed


def carries_on(prev: PageGrid, nxt: PageGrid) -> bool:
    """The next page's table is the rest of this one: the two alone at the page break, their columns drawn alike."""
    return (
        prev.alone_bottom
        and nxt.alone_top
        and len(prev.xs) == len(nxt.xs)
        and all(abs(a - b) <= TOLERANCE for a, b in zip(prev.xs, nxt.xs, strict=True))
    )


def _withhold(last: list[str | None], first: list[str | None], columns: dict[int, int], cut: set[int]) -> str:
    """The cells of these columns on both sides of the break are withheld: the digits below may be the rest of the
    numbers above (「2」 over 「0」: 20, or 2 and 0?), and a blank above may have had its number pushed below whole."""
    for i in cut:
        last[i] = MISSING
    for j in range(len(first)):
        if j in columns and columns[j] in cut:
            first[j] = MISSING
    return f"numbers withheld: digits under them on the next page may be their rest ({_show(last)})"


def _covers(nxt: PageGrid, first: list[str | None], x: float) -> bool:
    """Whether a word cell of the next page's first row reaches past x (the left edge of a column above)."""
    return any(
        nxt.xs[min(_extent(first, j), len(nxt.xs) - 1)] > x + TOLERANCE
        for j, t in enumerate(first)
        if t and t.strip() and not _is_number(t)
    )


def _splits_a_copy(last: list[str | None], placed: dict[int, str]) -> bool:
    """Under one text copied over neighbouring cells (a merged cell printed in each of its slots), different words:
    a header's lower row (the five organisations under 法人或其他组织), not the rest of the words above."""
    runs: dict[str, set[str]] = {}
    for i, text in placed.items():
        above = " ".join((last[i] or "").split())
        if above and ((i > 0 and last[i - 1] == last[i]) or (i + 1 < len(last) and last[i + 1] == last[i])):
            runs.setdefault(above, set()).add(" ".join(text.split()))
    return any(len(words) > 1 for words in runs.values())


def _repeated_header(before: list[list[str | None]], after: list[list[str | None]]) -> int:
    """How many of the next table's first rows repeat the first rows of this one, word for word (an empty row under
    the header rows repeats with them)."""
    k = 0
    while k < min(len(before) - 1, len(after)) and (k or _words(after[k])) and _words(after[k]) == _words(before[k]):
        k += 1
    return k


def _lines(text: str) -> int:
    return sum(1 for line in text.split("\n") if line.strip())


def _words(row: list[str | None]) -> list[str]:
    return [" ".join((t or "").split()) for t in row if t is not None and t.strip()]


def _join(prev: PageGrid, nxt: PageGrid, at: int, placed: dict[int, str], why: str) -> str:
    joined = list(prev.cells[-1])
    for i, text in placed.items():  # a part cut off at the page's edge leaves the whole unknown
        joined[i] = next((m for m in (MISSING, CUT) if m in (joined[i], text)), (joined[i] or "") + text)
    prev.cells[-1] = joined
    del nxt.cells[at]
    return f"{why}: {_show(joined)}"


def _show(cells: list[str | None]) -> str:
    return " | ".join(" ".join(t.split()) for t in cells if t and t.strip() and t not in (MISSING, CUT))[:60]


def _is_number(text: str | None) -> bool:
    return text is not None and text != MISSING and number_in(text)


def _extent(cells: list[str | None], i: int) -> int:
    """The column after the last one that cell i spans (the slots after it that no cell of its own starts)."""
    return next((k for k in range(i + 1, len(cells)) if cells[k] is not None), len(cells))


def _column_map(before: list[float], after: list[float], numbered: dict[int, int]) -> dict[int, int] | None:
    """Column j of the next table → the column i of the previous one that holds its left edge, when both span the
    same width and every column holding a number above is drawn alike below; None otherwise. (The label side may
    be cut into more columns on one page than on the other: the rows there span labels differently.)"""
    if len(before) < 2 or len(after) < 2:
        return None
    if abs(before[0] - after[0]) > TOLERANCE or abs(before[-1] - after[-1]) > TOLERANCE:
        return None
    spans = list(zip(after, after[1:], strict=False))
    for i, end in numbered.items():
        if not any(abs(a - before[i]) <= TOLERANCE and abs(b - before[end]) <= TOLERANCE for a, b in spans):
            return None
    index: dict[int, int] = {}
    for j, (a, _) in enumerate(spans):
        index[j] = max(i for i in range(len(before) - 1) if before[i] - TOLERANCE <= a)
    return index
