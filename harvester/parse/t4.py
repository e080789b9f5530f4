"""Table 四 (行政复议、行政诉讼) from rows: one row of fifteen, a group per row, small tables, or transposed."""

from __future__ import annotations

import re

from . import spec
from .cells import is_number, leaf_label, nfkc, read_cell, value_like
from .headers import TextHeaders, alike
from .model import Fact, Row
from .rows import MISSING, SPAN, numbers_only, split_flattened, split_row
from .t4shift import head_denies, shift_fits, shift_undecided

T4_HEADER_CHARS = set("结果维持纠正其他审未尚总计")
_T4_GROUP_LABELS = {
    "review": ("行政复议",),
    "litigation_direct": ("未经复议直接起诉",),
    "litigation_after_review": ("复议后起诉",),
}
_T4_COLUMN_LABELS = {"结果维持": "upheld", "结果纠正": "corrected", "其他结果": "other", "尚未审结": "pending", "总计": "total"}
# and the shorter words real tables print in a t4 header row (合计 for 总计, 维持 for 结果维持…)
_T4_COLUMN_LABELS |= {"维持": "upheld", "纠正": "corrected", "其他": "other", "未审结": "pending", "合计": "total"}
T4_RESULT_LABELS = {"结果维持", "结果纠正", "其他结果", "尚未审结"}  # named in table 四 alone


def _first_value(cells: list[str]) -> int:
    """Where a grid row's values begin: its first number or printed blank (a dash for zero); len(cells) if none."""
    return next((i for i, c in enumerate(cells) if value_like(c)), len(cells))


def _grid_values(cells: list[str]) -> list[str]:
    """A grid row's value cells: from its first number or printed blank (a dash for zero) on, empty cells after the
    last one left out."""
    values = cells[_first_value(cells) :]
    while values and values[-1] in ("", MISSING):
        values.pop()
    return values


def _group(label: str) -> str | None:
    """The t4 group a label names (行政复议, 未经复议直接起诉, 复议后起诉), if any."""
    return next((g for g, names in _T4_GROUP_LABELS.items() if leaf_label(label) in names), None)


def _group_named(lines: list[str]) -> str | None:
    """The one t4 group a heading line names: 「行政诉讼（未经复议直接起诉）」, 「行政复议」."""
    text = nfkc("".join(lines))
    named = [g for g, names in _T4_GROUP_LABELS.items() if any(nfkc(n) in text for n in names)]
    if "起诉" in text or "诉讼" in text:  # 行政复议 inside 未经复议…, 复议后起诉 or the table's title names no group
        named = [g for g in named if g != "review"]
    return named[0] if len(named) == 1 else None


class T4Mixin:
    """The t4 half of TableReader (it provides add, warnings and _take_split)."""

    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]
    t4_done: list[str]
    t4_group_cols: dict[int, str]
    t4_transposed: dict[tuple[str, str], tuple[str, str]]
    t4_positions: dict[int, set[str]]
    t4_locator: str
    t4_head: dict[int, tuple[str | None, str | None]]  # grid column -> (group, result) named by the header rows
    t4_head_width: int
    t4_head_text: dict[int, str]  # grid column -> its header cells' text, top to bottom
    t4_heading: str | None  # the group a heading just above a group's own small table names
    headers: TextHeaders  # what the headers printed as text say
    prose_tail: list[str]

    def add(
        self, table: str, row_key: str, col: str, raw: str, locator: str, unit: str | None = None, evidence: str | None = None
    ) -> None:
        raise NotImplementedError

    def _take_split(self, table: str, key: str, splits: list[list[int]], row: Row, n: int) -> list[str | None]:
        raise NotImplementedError

    def _t4(self, row: Row, joined: str) -> None:
        cells = [c.strip() for c in row.cells]
        split = split_row(row)
        nums = numbers_only(split.values)
        if not nums:
            if row.in_table:
                self._t4_header(row.cells)
            return
        named = {_group(x) for x in split.labels}
        group = next((g for g in _T4_GROUP_LABELS if g in named), None)  # in the template.s order of groups
        column = next((c for x in split.labels if (c := _T4_COLUMN_LABELS.get(nfkc(x)))), None)
        if group and len(nums) == 5:
            if self._t4_in_doubt(("results",), nums, row):
                return
            for col, raw in zip(spec.T4_COLUMNS, nums, strict=True):
                self.add("t4", group, col, raw, row.locator)
            self.t4_done.append(group)
            return
        if column and len(nums) == 3:  # transposed: a row per result, a column per group
            order = [g for _, g in sorted(self.t4_group_cols.items())] or list(spec.T4_GROUPS)
            if len(order) == 3:
                self.t4_transposed.update({(g, column): (raw, row.locator) for g, raw in zip(order, nums, strict=True)})
            return
        if not group and len(nums) == 5 and len(split.values) == 5:  # t4 cut into small tables, one group each
            self._t4_fragment(nums, row)
            return
        while cells and not cells[-1]:
            cells.pop()
        if len(cells) == 15 and any(len(c) == 1 and c in T4_HEADER_CHARS for c in cells):
            for i, c in enumerate(cells):
                if re.fullmatch(r"\d+", nfkc(c)):
                    self.t4_positions.setdefault(i, set()).add(nfkc(c))
            self.t4_locator = row.locator
            return
        if self._t4_by_header(row):
            return
        values = _grid_values(cells) if row.in_table else split.values if len(split.values) == 15 else nums
        if row.in_table and len(values) != 15:  # a grid's cells are its values: digits are not split across them
            self.warnings.append(f"t4: {len(values)} value cells for 15 columns at {row.locator}; withheld")
            return
        if len(values) != 15:

            def valid(v: list[int]) -> bool:
                return all(sum(v[i : i + 4]) == v[i + 4] for i in (0, 5, 10))

            values = [x for x in self._take_split("t4", "row", split_flattened(nums, 15, valid), row, 15) if x is not None]
            if len(values) != 15:
                return
        if self._t4_in_doubt(("groups", "results"), values, row) or self._t4_head_denies(cells, row):
            return
        if row.in_table and self._t4_order_shifted(cells, row):
            return
        for i, raw in enumerate(values):
            self.add("t4", *spec.T4_ORDER[i], raw, row.locator)

    def _t4_head_denies(self, cells: list[str], row: Row) -> bool:
        """A grid row about to be placed by the template's order under a header of its width that names a group or
        a result over one of its value columns other than the template's there (复议后起诉 over the five the template
        gives 未经复议直接起诉, a header the reader could not take whole), however it is shifted: withheld."""
        if not row.in_table or len(row.cells) != self.t4_head_width:
            return False
        if not head_denies(self.t4_head, _first_value(cells)):
            return False
        named = [self.t4_head_text.get(i, "").replace(MISSING, "") for i, (g, c) in sorted(self.t4_head.items()) if g or c]
        self.warnings.append(
            f"t4: the header above {row.locator} names a group or result over a column the template gives another "
            f"({', '.join(named[:4])}…); values placed by the template's order would stand in the wrong columns; withheld"
        )
        return True

    def _t4_order_shifted(self, cells: list[str], row: Row) -> bool:
        """A grid row about to be read by the template's order from its first number fails a group's total, and read
        a column over every group holds: its first value may be a cell left of that number printed for a zero (blank,
        or 无, which is no value; a row short of its header's width whose last slot a PDF merged), withheld."""
        first = _first_value(cells)
        if not shift_fits(cells, {first + j: key for j, key in enumerate(spec.T4_ORDER)}):
            return False
        self.warnings.append(
            f"t4: at {row.locator}, read by the template's order from its first number, a group fails its total and "
            "read a column over every group holds (zeros printed blank or 无 before its numbers?); row withheld"
        )
        return True

    def _t4_in_doubt(self, kinds: tuple[str, ...], values: list[str], row: Row) -> bool:
        """Values about to be placed by the template's order where the header, printed as text, orders them
        otherwise (kinds: which of its orders matter here): withheld, unless all alike (any order reads the same)."""
        departs = self.headers.t4
        if departs is None or departs[0] not in kinds or alike(values):
            return False
        self.warnings.append(
            f"t4: the header printed above {row.locator} orders its columns unlike the template "
            f"({departs[1]}); values placed by the template's order would stand in the wrong columns; withheld"
        )
        return True

    def _t4_header(self, cells: list[str]) -> None:
        self._t4_head(cells)
        if not any(_group(c) for c in cells):
            self.t4_heading = _group_named(self.prose_tail[-1:])
        found = {i: g for i, c in enumerate(cells) if (g := _group(c))}
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
                group = _group(cell)
                self.t4_head_text[i] = self.t4_head_text.get(i, "") + cell
            result = _T4_COLUMN_LABELS.get(nfkc(cell))
            old = self.t4_head.get(i, (None, None))
            # a group's name broken over header rows (「复」 over 「议后起诉」, cut by a page break) read down its column
            self.t4_head[i] = (group or old[0] or _group_named([self.t4_head_text.get(i, "")]), result or old[1])

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
        templated = order == [key for key in spec.T4_ORDER if key in order]
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
        if not templated:
            self.warnings.append(f"t4: columns at {row.locator} read by their header, whose order is not the template's")
        for i, (group, col) in sorted(named.items()):
            self.add("t4", group, col, cells[i], row.locator)
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

    def _t4_fragment(self, nums: list[str], row: Row) -> None:
        """A group's five cells alone in a small table: the next group in the template's order, if its total holds."""
        left = [g for g in spec.T4_GROUPS if g not in self.t4_done]
        if self._t4_in_doubt(("results",) if self.t4_heading else ("groups", "results"), nums, row):
            return
        values = [read_cell(x).value for x in nums]
        known = [v for v in values if v is not None]
        if not left or len(known) < 5 or abs(sum(known[:4]) - known[4]) > 1e-9:
            self.warnings.append(f"t4: five cells without a group label at {row.locator} and no total to confirm them; withheld")
            return
        heading, self.t4_heading = self.t4_heading, None
        if heading is not None and heading not in left:
            self.warnings.append(f"t4: five cells at {row.locator} under a heading naming {heading}, read already; withheld")
            return
        group = heading or left[0]
        why = "the group the heading above names" if heading else "the template's next group"
        self.warnings.append(f"t4: five cells without a group label at {row.locator} taken as {group} ({why})")
        for col, raw in zip(spec.T4_COLUMNS, nums, strict=True):
            self.add("t4", group, col, raw, row.locator, evidence="layout")
        self.t4_done.append(group)

    def _flush_transposed(self) -> None:
        """A transposed t4 (results as rows): published only when every group's total holds."""
        cells, self.t4_transposed = self.t4_transposed, {}
        if not cells:
            return
        for g in spec.T4_GROUPS:
            vals = [read_cell(cells[(g, c)][0]).value if (g, c) in cells else None for c in spec.T4_COLUMNS]
            known = [v for v in vals if v is not None]
            if len(known) < 5 or abs(sum(known[:4]) - known[4]) > 1e-9:
                self.warnings.append(f"t4: transposed table, {g} does not add up or is incomplete; withheld")
                continue
            for c in spec.T4_COLUMNS:
                raw, locator = cells[(g, c)]
                self.add("t4", g, c, raw, locator, evidence="layout")

    def _flush_t4(self) -> None:
        """Cells of a t4 data row interleaved with a vertically printed header: keep agreed digits."""
        self._flush_transposed()
        if not self.t4_positions:
            return
        locator = self.t4_locator
        for i, seen in sorted(self.t4_positions.items()):
            if len(seen) == 1:
                self.add("t4", *spec.T4_ORDER[i], next(iter(seen)), locator)
        self.warnings.append("t4: data row interleaved with a vertically printed header; only cells holding digits were read")
        self.t4_positions = {}
