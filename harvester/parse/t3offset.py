"""Table 三's rows that may stand a column off their header: a stray cell before the header's rows or before each row,
with nothing (no 总计, no cell outside the header's columns) to tell which way they read."""

from __future__ import annotations

from .cells import is_number
from .columns import left_past_edge_holds
from .model import Row
from .rows import CUT, MISSING, label_words


class T3OffsetMixin:
    """Whether a row under table 三's header may stand a column left or right of it."""

    t3_columns: dict[int, str]
    t3_head_cells: list[str]  # the last header row's cells
    t3_head_past_edge: bool  # the header's table is drawn to the page's right edge (columns past it unseen)
    t3_head_corner: str  # how the header's rows begin (_corner)
    t3_head_rows: list[list[str]]  # the rows without a number since the last row with one (the header's rows)

    def _short_left_of_header(self, row: Row) -> bool:
        """The row runs k cells short of its header where the header names no column, and its k cells just left of
        the header's first named column are blank: it may stand k columns left of the header (a stray empty cell
        before each header row, and an empty column at the right hiding the shortfall), its values under the wrong
        columns (自然人's 26 under 其他)."""
        cells, first = row.cells, min(self.t3_columns)
        k = next((i for i, c in enumerate(reversed(cells)) if c != MISSING), len(cells))  # the slots it ran short by
        unnamed = not any(i in self.t3_columns for i in range(len(cells) - k, len(cells)))
        return 0 < k <= first and unnamed and not any(c.strip() for c in cells[first - k : first])

    def _corner(self) -> str:
        """How the header's rows begin: "words" (a cell of words first, the 勾稽关系 note), "stray" (each with a blank
        cell, words right of it over the label columns: a stray empty cell before each header row), or "" (a corner
        merged over them, blank: a PDF's)."""
        first = min(self.t3_columns, default=0)
        if any(label_words(r[0] or "") for r in self.t3_head_rows if r):
            return "words"
        return "stray" if any(label_words(c or "") for r in self.t3_head_rows for c in r[1:first]) else ""

    def _may_stand_off(self, row: Row) -> str:
        """Under a header that names no 总计 to check a row by (or a row blank under it: 总计 past the page's edge), the
        side ("left", "right") of a row that may stand a column off it that way and reads as well either way; "" for a
        row that lines up. Left: each header row begins with a blank cell (a stray empty cell before them?), the row
        has its label left of a blank slot or a number (or one withheld at a page break) just left of the header's
        first named column, and is blank under its last or its last value may lie under a column past the page's edge
        (_labels_a_column_short) or, with a number just left of the header, under header words right of its last named
        column that name none (「科 机」: 科研机构 run past a squeezed table's rule) (自然人 printed last: its 26 under
        其他, or under 自然人?; 自然人's 20 left of the header, or a 总计 there?). Right: the header begins with words,
        the row with a blank cell before its label (a stray empty cell before each row?), blank under the header's
        first named column (26 under 商业企业, or 自然人?)."""
        cols, cells = self.t3_columns, row.cells
        first, last = min(cols), max(cols)
        checked = any(k == "total" and cells[i].strip() for i, k in cols.items())  # blank under 总计: no check
        if checked or first < 1 or not any(is_number(cells[i]) for i in cols):
            return ""
        if self.t3_head_corner == "stray":
            labelled = any(label_words(c) for c in cells[: first - 1])
            before = cells[first - 1]
            valued = is_number(before) or before in (MISSING, CUT)  # a number, or one withheld at a page break
            # its last value under a column unnamed: past the edge, or under words naming none with a number left of it
            read_left = self._labels_a_column_short(cells) or valued and self._head_words(last + 1)
            unseen = not cells[last].strip() or read_left and left_past_edge_holds(cells, cols)
            return "left" if labelled and (not before.strip() or valued) and unseen else ""
        stray = self.t3_head_corner == "words" and not cells[0].strip()  # a stray empty cell before each row?
        return "right" if stray and any(label_words(c) for c in cells[1:first]) and not cells[first].strip() else ""

    def _labels_a_column_short(self, cells: list[str]) -> bool:
        """Under a header drawn to the page's right edge whose last row prints the corner's words just left of its first
        named column, the row's label cells end a column before: read a column left, its last value under a column past
        the edge (left_past_edge_holds decides if that reading holds)."""
        first = min(self.t3_columns)
        return self.t3_head_past_edge and first > 1 and self._head_words(first - 1) and bool(label_words(cells[first - 2]))

    def _head_words(self, i: int) -> bool:
        """The header's last row prints words over column i."""
        head = self.t3_head_cells
        return i < len(head) and label_words(head[i])
