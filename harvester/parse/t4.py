"""Table 四 (行政复议、行政诉讼) from rows: one row of fifteen, a group per row, small tables, or transposed."""

from __future__ import annotations

import re

from . import spec
from .cells import nfkc, read_cell
from .headers import TextHeaders, alike, flat, t4_departs
from .model import Row
from .rows import MISSING, SplitRow, in_own_cells, numbers_only, split_flattened, split_row
from .t4head import COLUMN_LABELS, GROUP_LABELS, T4HeadMixin, first_value, group_of
from .t4shift import shift_fits

T4_HEADER_CHARS = set("结果维持纠正其他审未尚总计")
T4_RESULT_LABELS = {"结果维持", "结果纠正", "其他结果", "尚未审结"}  # named in table 四 alone


def _grid_values(cells: list[str]) -> list[str]:
    """A grid row's value cells: from its first number or printed blank (a dash for zero) on, empty cells after the
    last one left out."""
    values = cells[first_value(cells) :]
    while values and values[-1] in ("", MISSING):
        values.pop()
    return values


class T4Mixin(T4HeadMixin):
    """The t4 half of TableReader (it provides add, warnings and _take_split)."""

    t4_done: list[str]
    t4_transposed: dict[tuple[str, str], tuple[str, str]]
    t4_positions: dict[int, set[str]]
    t4_locator: str
    headers: TextHeaders  # what the headers printed as text say

    def _t4(self, row: Row, joined: str) -> None:
        cells = [c.strip() for c in row.cells]
        split = split_row(row)
        nums = numbers_only(split.values)
        if not nums:
            if row.in_table:
                self._t4_header(row.cells)
            return
        if self._t4_labelled(split, nums, row):
            return
        while cells and not cells[-1]:
            cells.pop()
        if self._t4_vertical(cells, row) or self._t4_by_header(row):
            return
        self._t4_in_order(cells, split, nums, row)

    def _t4_labelled(self, split: SplitRow, nums: list[str], row: Row) -> bool:
        """A row its labels place: a group's five (行政复议 | 1 | 2 …), one result across the three groups (a
        transposed table), or five cells alone in a group's own small table."""
        named = {group_of(x) for x in split.labels}
        group = next((g for g in GROUP_LABELS if g in named), None)  # in the template's order of groups
        column = next((c for x in split.labels if (c := COLUMN_LABELS.get(nfkc(x)))), None)
        if group and len(nums) == 5:
            if not self._t4_in_doubt(("results",), nums, row):
                for col, raw in zip(spec.T4_COLUMNS, nums, strict=True):
                    self.add("t4", group, col, raw, row.locator)
                self.t4_done.append(group)
            return True
        if column and len(nums) == 3:  # transposed: a row per result, a column per group
            order = [g for _, g in sorted(self.t4_group_cols.items())] or list(spec.T4_GROUPS)
            if len(order) == 3:
                self.t4_transposed.update({(g, column): (raw, row.locator) for g, raw in zip(order, nums, strict=True)})
            return True
        if not group and len(nums) == 5 and len(split.values) == 5:  # t4 cut into small tables, one group each
            self._t4_fragment(nums, row)
            return True
        return False

    def _t4_vertical(self, cells: list[str], row: Row) -> bool:
        """Fifteen cells with a header's single characters among them: a data row interleaved with a header printed
        vertically; its digits kept by position until the table ends (_flush_t4)."""
        if len(cells) != 15 or not any(len(c) == 1 and c in T4_HEADER_CHARS for c in cells):
            return False
        for i, c in enumerate(cells):
            if re.fullmatch(r"\d+", nfkc(c)):
                self.t4_positions.setdefault(i, set()).add(nfkc(c))
        self.t4_locator = row.locator
        return True

    def _t4_in_order(self, cells: list[str], split: SplitRow, nums: list[str], row: Row) -> None:
        """The row's fifteen values in the template's order, unless the header or the totals deny that reading."""
        values = _grid_values(cells) if row.in_table else split.values if len(split.values) == 15 else nums
        if row.in_table and len(values) != 15:  # a grid's cells are its values: digits are not split across them
            self.warnings.append(f"t4: {len(values)} value cells for 15 columns at {row.locator}; withheld")
            return
        if len(values) != 15 and in_own_cells(nums, row):
            self.warnings.append(f"t4: {len(nums)} numbers for 15 columns at {row.locator}, each in a cell of its own; withheld")
            return
        if len(values) != 15 and not row.in_table and len(nums) == 1 and len(nums[0]) < 15 and not split.labels:
            return  # a number alone on a line (a table printed a cell a line): too few digits for a row of fifteen
        if len(values) != 15:

            def valid(v: list[int]) -> bool:
                return all(sum(v[i : i + 4]) == v[i + 4] for i in (0, 5, 10))

            values = [x for x in self._take_split("t4", "row", split_flattened(nums, 15, valid), row, 15) if x is not None]
            if len(values) != 15:
                return
        own = t4_departs(flat("".join(split.labels)))  # a header run into the row's own cells
        if self._t4_in_doubt(("groups", "results"), values, row, own) or self._t4_head_denies(cells, row):
            return
        if row.in_table:  # its cells placed by the template's order from its first number
            placed = dict(enumerate(spec.T4_ORDER, start=first_value(cells)))
            if self._t4_order_shifted(cells, placed, row) or self._t4_cut_at_the_edge(cells, placed, row):
                return
        for i, raw in enumerate(values):
            self.add("t4", *spec.T4_ORDER[i], raw, row.locator)

    def _t4_order_shifted(self, cells: list[str], placed: dict[int, tuple[str, str]], row: Row) -> bool:
        """A grid row about to be read by the template's order from its first number fails a group's total, and read
        a column over every group holds: its first value may be a cell left of that number printed for a zero (blank,
        or 无, which is no value; a row short of its header's width whose last slot a PDF merged), withheld."""
        if not shift_fits(cells, placed):
            return False
        self.warnings.append(
            f"t4: at {row.locator}, read by the template's order from its first number, a group fails its total and "
            "read a column over every group holds (zeros printed blank or 无 before its numbers?); row withheld"
        )
        return True

    def _t4_in_doubt(self, kinds: tuple[str, ...], values: list[str], row: Row, own: tuple[str, str] | None = None) -> bool:
        """Values about to be placed by the template's order where the header, printed as text or run into the row's
        own cells (own: trafilatura 1.x prints a layout table's rows as one line), orders them otherwise (kinds: which
        of its orders matter here): withheld, unless all alike (any order reads the same)."""
        departs = self.headers.t4 or own
        if departs is None or departs[0] not in kinds or alike(values):
            return False
        where = "printed above" if self.headers.t4 else "run into the cells of"
        self.warnings.append(
            f"t4: the header {where} {row.locator} orders its columns unlike the template ({departs[1]}); values "
            "placed by the template's order would stand in the wrong columns; withheld"
        )
        return True

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
