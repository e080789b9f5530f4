"""Table 四's header rows: what each grid column names (its group and result), and a row read by those positions."""

from __future__ import annotations

from . import spec
from .cells import is_number, leaf_label, nfkc, read_cell, value_like
from .model import Row
from .readerbase import ReaderBase
from .rows import MISSING, SPAN
from .t4shift import head_denies, shift_fits, shift_undecided, totals_hold

GROUP_LABELS = {
    "review": ("行政复议",),
    "litigation_direct": ("未经复议直接起诉",),
    "litigation_after_review": ("复议后起诉",),
}
COLUMN_LABELS = {"结果维持": "upheld", "结果纠正": "corrected", "其他结果": "other", "尚未审结": "pending", "总计": "total"}
# and the shorter words real tables print in a t4 header row (其他 for 其他结果 read in a grid's cell alone: too common a
# word to name the result in text)
COLUMN_LABELS |= spec.T4_SHORT_RESULTS | {"其他": "other"}


def in_template_order(named: list[tuple[str, str]]) -> bool:
    """The (group, result) pairs a header names, left to right, stand in the template's order."""
    return named == [key for key in spec.T4_ORDER if key in named]


def first_value(cells: list[str]) -> int:
    """Where a grid row's values begin: its first number or printed blank (a dash for zero); len(cells) if none."""
    return next((i for i, c in enumerate(cells) if value_like(c)), len(cells))


def group_of(label: str) -> str | None:
    """The t4 group a label names (行政复议, 未经复议直接起诉, 复议后起诉), if any."""
    return next((g for g, names in GROUP_LABELS.items() if leaf_label(label) in names), None)


def group_named(lines: list[str]) -> str | None:
    """The one t4 group a heading line names: 「行政诉讼（未经复议直接起诉）」, 「行政复议」."""
    text = nfkc("".join(lines))
    named = [g for g, names in GROUP_LABELS.items() if any(nfkc(n) in text for n in names)]
    if "起诉" in text or "诉讼" in text:  # 行政复议 inside 未经复议…, 复议后起诉 or the table's title names no group
        named = [g for g in named if g != "review"]
    return named[0] if len(named) == 1 else None


class T4HeadMixin(ReaderBase):
    """The header part of T4Mixin (TableReader provides add and warnings)."""

    prose_tail: list[str]
    t4_group_cols: dict[int, str]
    t4_head: dict[int, tuple[str | None, str | None]]  # grid column -> (group, result) named by the header rows
    t4_head_width: int
    t4_head_text: dict[int, str]  # grid column -> its header cells' text, top to bottom
    t4_heading: str | None  # the group a heading just above a group's own small table names

    def _t4_head_denies(self, cells: list[str], row: Row) -> bool:
        """A grid row about to be placed by the template's order under a header of its width that names a group or
        a result over one of its value columns other than the template's there (复议后起诉 over the five the template
        gives 未经复议直接起诉, a header the reader could not take whole), however it is shifted: withheld."""
        if not row.in_table or len(row.cells) != self.t4_head_width:
            return self._t4_head_reordered(row)
        if not head_denies(self.t4_head, first_value(cells)):
            return False
        named = [self.t4_head_text.get(i, "").replace(MISSING, "") for i, (g, c) in sorted(self.t4_head.items()) if g or c]
        self.warnings.append(
            f"t4: the header above {row.locator} names a group or result over a column the template gives another "
            f"({', '.join(named[:4])}…); values placed by the template's order would stand in the wrong columns; withheld"
        )
        return True

    def _t4_head_reordered(self, row: Row) -> bool:
        """A row whose cells do not stand under the header's (a text line, or a row of another width: trafilatura
        1.x's row that lost its blanks) below a grid header that names groups and results in another order than the
        template's (「结果纠正 | 维持 | 未审结 | 其他结果 | 合计」): the template's order would put its values in the wrong
        columns; withheld."""
        named = [(g, c) for _, (g, c) in sorted(self.t4_head.items()) if g and c]
        if not named or in_template_order(named):
            return False
        self.warnings.append(
            f"t4: the header above {row.locator} names its columns in another order than the template's and the row's "
            "cells do not stand under its columns; withheld"
        )
        return True

    def _t4_header(self, cells: list[str]) -> None:
        self._t4_head(cells)
        if not any(group_of(c) for c in cells):
            self.t4_heading = group_named(self.prose_tail[-1:])
        found = {i: g for i, c in enumerate(cells) if (g := group_of(c))}
        positions: dict[int, str] = {}
        for i, g in found.items():  # a spanned group label is copied over its columns: keep its first column
            if g not in positions.values():
                positions[i] = g
        if len(positions) >= 2:
            self.t4_group_cols = positions

    def _t4_head(self, cells: list[str]) -> None:
        """What each grid column's header cells name: its group (a spanned label is copied over its columns) and
        its result. Header rows of one width add up; a row of another width starts afresh."""
        if len(cells) != self.t4_head_width:
            self.t4_head, self.t4_head_width, self.t4_head_text = {}, len(cells), {}
        group: str | None = None
        for i, cell in enumerate(cells):
            # a merged cell's other slots (SPAN in a PDF grid, or left blank) carry on its group
            if cell != SPAN and cell.strip():
                group = group_of(cell)
                self.t4_head_text[i] = self.t4_head_text.get(i, "") + cell
            result = COLUMN_LABELS.get(nfkc(cell))
            old = self.t4_head.get(i, (None, None))
            # a group's name broken over header rows (「复」 over 「议后起诉」, cut by a page break) read down its column
            self.t4_head[i] = (group or old[0] or group_named([self.t4_head_text.get(i, "")]), result or old[1])

    def _t4_by_header(self, row: Row) -> bool:
        """A grid row read by the columns its header names, when the header names each (group, result) at most once
        and the row's numbers stand in named columns alone. Header positions, not the template's order, place each
        number; a column the table leaves out (a 总计 not printed) is not guessed."""
        if not row.in_table or len(row.cells) != self.t4_head_width:
            return False
        named = self._t4_named(row)
        if len(set(named.values())) != len(named) or len(named) < 5:
            return False
        cells = [c.strip() for c in row.cells]
        order = [named[i] for i in sorted(named)]
        templated = in_template_order(order)
        if any(value_like(c) for i, c in enumerate(cells) if i not in named) or not all(
            is_number(cells[i]) or read_cell(cells[i]).semantic == "blank" for i in named
        ):
            if templated:  # the template's order, which the header does not contradict, places the numbers
                return False
            self.warnings.append(
                f"t4: the header above {row.locator} orders its columns unlike the template but leaves some unnamed; row withheld"
            )
            return True
        if shift_fits(cells, named):
            self.warnings.append(
                f"t4: at {row.locator} a group fails its total under the header and none fails a column over "
                "(the header stands a column off its rows); row withheld"
            )
            return True
        if shift_undecided(cells, named):
            self.warnings.append(
                f"t4: at {row.locator} a blank slot at the header's first column, and read a column over the row holds "
                "as well with its numbers under other columns (a stray cell before the header or its rows?); row withheld"
            )
            return True
        if self._t4_cut_at_the_edge(cells, named, row):
            return True
        if not templated:
            self.warnings.append(f"t4: columns at {row.locator} read by their header, whose order is not the template's")
        for i, (group, col) in sorted(named.items()):
            self.add("t4", group, col, cells[i], row.locator)
        return True

    def _t4_cut_at_the_edge(self, cells: list[str], keys: dict[int, tuple[str, str]], row: Row) -> bool:
        """A row of a table drawn to the page's right edge whose last cell, a number, leaves its group failing its
        total (blanks read as zeros): its digits may run on past the edge, unprinted; withheld (as t3's)."""
        edge = len(row.cells) - 1  # cells may have lost the empty ones after the last value
        if not (row.past_edge and edge in keys and edge < len(cells) and is_number(cells[edge])):
            return False
        group = keys[edge][0]
        if totals_hold({k: cells[i] for i, k in keys.items() if k[0] == group}, blank_zero=True) is not False:
            return False
        self.warnings.append(
            f"t4: {group} at {row.locator} fails its total and its last cell is a table's at the page's right edge: "
            "its digits may run on past the edge, unprinted; row withheld"
        )
        return True

    def _t4_named(self, row: Row) -> dict[int, tuple[str, str]]:
        """Columns the header names by group and result; five results under no group label (cut off above, at a
        page break) belong to the one group the header does not name."""
        named = {i: (g, c) for i, (g, c) in self.t4_head.items() if g and c}
        missing = [g for g in spec.T4_GROUPS if g not in {g for g, _ in named.values()}]
        loose = [i for i, (g, c) in sorted(self.t4_head.items()) if c and not g]
        if len(missing) == 1 and len(loose) == 5 and loose == list(range(loose[0], loose[0] + 5)):
            results = {i: c for i in loose if (c := self.t4_head[i][1])}
            if set(results.values()) == set(spec.T4_COLUMNS):
                named.update({i: (missing[0], c) for i, c in results.items()})
                self.warnings.append(
                    f"t4: columns {loose[0] + 1}–{loose[-1] + 1} above {row.locator} name no group; taken as "
                    f"{missing[0]}, the one group the header does not name"
                )
        return named
