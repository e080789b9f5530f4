"""Table 三 (收到和处理政府信息公开申请情况) from rows: under its header in a grid, as a fragment, or as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import spec
from .cells import label_candidates
from .columns import (
    placed_elsewhere,
    row_total_fails,
    show_row,
    trailing_values,
)
from .headers import TextHeaders, alike, order_differs
from .model import Row
from .rows import SplitRow, in_own_cells, numbers_only, split_flattened, split_row, windows
from .t3grid import T3GridMixin
from .t3labels import labels_row, row_named_among


class T3Mixin(T3GridMixin):
    """The t3 part of TableReader (it provides add, warnings, _take_split, _enter and _t4)."""

    template: str
    prose_tail: list[str]
    t3_prev: str | None
    t3_pending: list[tuple[set[str], list[str], Row]]
    t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]]
    headers: TextHeaders  # what the headers printed as text say
    confidence: float | None  # the row's OCR confidence (None: not OCR)

    if TYPE_CHECKING:  # provided by TableReader and T4Mixin (add and _take_split: ReaderBase)

        def _enter(self, context: str | None) -> None: ...

        def _t4(self, row: Row, joined: str) -> None: ...

    def _t3_blank_facts(self) -> None:
        """Rows printed wholly blank: a blank is stored as blank, unless another row read the key as numbers."""
        for key, (cells, row) in self.t3_blank_rows.items():
            if not any(k[:2] == ("t3", key) for k in self.facts):
                self._t3_row(key, cells, row, "grid")

    def _t3(self, row: Row, joined: str) -> None:
        lone, self.t3_lone = self.t3_lone, {}
        self.t3_unread_above, self.t3_unread = self.t3_unread, None
        if row.in_table and self._t3_in_table(row, lone):
            return
        split = self._t3_split(row)
        nums = numbers_only(split.values) if split else []
        if split is None or not nums:
            if split is None and row.in_table and self._cut_with_row_above(split_row(row).labels, row):
                return  # no reading of its own, yet its label cells finish the row above's: that row was cut too
            if split is None:  # no reading (6 numbers for 7 columns)
                self._left_unread(row)
            return
        if not row.in_table and (named := row_named_among(split.values)):
            self.warnings.append(
                f"t3: a value at {row.locator} holds {named}'s label (two rows' text run into one line); withheld"
            )
            return
        key = self._match_t3_row(split.labels) if split.labels else None
        if key is None and split.labels and self._cut_with_row_above(split.labels, row):
            return
        if key is not None and self._rest_of_row_above(split.labels, key, row):
            return
        if key is None and self._digits_below(split.labels, nums, row):
            return
        if key is None and (row.in_table or not split.labels):
            if not row.in_table and sum(len(n) for n in nums) < len(spec.T3_COLUMNS):
                return  # a number alone on a line (a cell's stray digit): too few digits for a row of seven
            key = None if split.labels else self._label_above()
            if key is None or not self._next_in_order(key):
                cands = label_candidates("".join(split.labels), spec.T3_ROWS) if split.labels else self._block_candidates()
                self.t3_pending.append((cands, split.values, row))
                if split.labels:  # the row below may print the rest of its label, and of its numbers
                    self.t3_unread = (split.labels, row)
                if self.t3_skipped is not None and self.t3_skipped is self.row_above:
                    self.t3_beside_skipped.append(row)
                return
        if key is not None and self.t3_pending:
            self._place_pending(key, split.values)
        if key is None:
            if not split.labels and len(split.values) >= 15:
                self._enter("t4")
                self._t4(row, joined)
            elif split.labels:
                self.warnings.append(f"t3: row not recognised at {row.locator}: {''.join(split.labels)[:40]}")
            return
        self._t3_place(key, split.values, row)

    def _t3_in_table(self, row: Row, lone: dict[int, str]) -> bool:
        """A table row taken as a header row, withheld, or read under its header: True (nothing left to read)."""
        if not numbers_only(row.cells):
            if not self._cells_cut_below(row):
                self._t3_head_row(row, lone)
            return True
        self.t3_head_rows = []
        if self.t3_unplaced:
            self.warnings.append(f"t3: row at {row.locator} is under a header that names its columns two ways; withheld")
            return True
        if not (self.t3_columns and self.t3_width == len(row.cells)):
            return False
        if self._wider_than_header(row):
            self.warnings.append(
                f"t3: row at {row.locator} has a number right of its header's last row, under no header cell, and the "
                "header names fewer than seven columns: where its values stand is not known; withheld"
            )
            return True
        if self._stands_off(row):
            return False
        self.t3_header_done = True
        self._t3_grid(row)
        return True

    def _t3_split(self, row: Row) -> SplitRow | None:
        """A row read without its header as labels and values: a table row's seven cells after its labels, if it has
        exactly seven (None, recorded, where it has not or its header prints another value column); a text line's split."""
        start = None
        if row.in_table:
            start = trailing_values(row.cells, len(spec.T3_COLUMNS))
            if start is not None and self._header_has_other_values():
                self.warnings.append(
                    f"t3: row at {row.locator} does not line up with its header, which prints a value column the "
                    "template has not: its last seven cells are not its values; withheld"
                )
                return None
            if start is None:
                if numbers_only(row.cells):
                    self._keep_short(row, None, f"t3: no column header locates the values at {row.locator}; row skipped")
                return None
        split = split_row(row, start)
        if start is not None:  # the seven cells from there: any after them are blank (a grid column no row fills)
            split = SplitRow(split.labels, split.values[: len(spec.T3_COLUMNS)], split.positional)
        return split

    def _t3_place(self, key: str, cells: list[str], row: Row) -> None:
        """A row named key, read without a header of its own: its values in the column order the headers allow,
        withheld where that order or the row's total is in doubt."""
        self.t3_prev = key
        order = self._columns_without_header(row, cells)
        if order is None:
            self.warnings.append(
                f"t3: {key} at {row.locator} has no header of its own, and the header above puts its columns in an order "
                "other than the template's without naming all seven where they stand; row withheld"
            )
            return
        values = dict(zip(order, self._t3_values(key, cells, row), strict=True))
        if self._organisations_unnamed(values):
            self.warnings.append(
                f"t3: {key} at {row.locator} has no header of its own, and the header above prints 法人或其他组织 over "
                "none of its five columns' names (their row lost): they stand in no order it tells, and its cells under "
                "them differ; row withheld"
            )
            return
        if row.confidence is None and placed_elsewhere(values):  # its columns may stand otherwise (OCR: any total fails)
            self.warnings.append(
                f"t3: {key} at {row.locator}, placed by column order alone (no header of its own), fails its row "
                f"total ({show_row(values)}), yet another of its cells is the sum of the rest or its parts exceed its "
                "总计; row withheld"
            )
            return
        if row.in_table and self._cut_right_of_header() and row_total_fails(values) is not False:
            self.warnings.append(
                f"t3: {key} at {row.locator}, placed by column order alone, has its last cell under a header cell cut at "
                f"the page's edge (总计, or a 小计?), and its row total does not show it ({show_row(values)}); withheld"
            )
            return
        self._t3_row(key, values, row, "layout")

    def _columns_without_header(self, row: Row, values: list[str]) -> tuple[str, ...] | None:
        """The column order of a row read without a header of its own (_fragment_order; for a text line the template's
        unless a header printed as text orders them otherwise, or a grid header's cells naming all seven: that order,
        the line a row of its grid, its rule missing); None where no order can be told."""
        if row.in_table:
            order = self._fragment_order()
        elif order_differs(self.headers.t3):
            named = tuple(self.headers.t3 or ())
            order = named if sorted(named) == sorted(spec.T3_COLUMNS) else None
        else:
            order = spec.T3_COLUMNS
        if order is None and alike(values):  # every cell alike (all 0): any order reads the same
            return spec.T3_COLUMNS
        return order

    def _organisations_unnamed(self, values: dict[str, str | None]) -> bool:
        """A row about to be read in the template's order, no header naming the organisations, one printed as text
        showing their group's cell over no name (headers.t3_unnamed), and its five cells there differ: their order
        matters and is unknown."""
        if not self.headers.t3_blind or self.headers.t3 or self.t3_order or self._header_names_all():
            return False
        return not alike(values.get(key) for key in spec.T3_COLUMNS[1:-1])

    def _t3_row(self, key: str, values: dict[str, str | None], row: Row, evidence: str) -> None:
        self.t3_last = (key, row)
        for col in spec.T3_COLUMNS:
            raw = values.get(col)
            if raw is not None:
                self.add("t3", key, col, raw, row.locator, evidence=evidence)

    def _match_t3_row(self, labels: list[str]) -> str | None:
        return labels_row(labels, self.template, self.t3_prev, ocr=self.confidence is not None)

    def _t3_values(self, key: str, values: list[str], row: Row) -> list[str | None]:
        n = len(spec.T3_COLUMNS)
        if len(values) == n:
            return list(values)
        nums = numbers_only(values)
        if len(nums) == n:
            return list(nums)
        if len(nums) > n:
            agreed = windows(nums, n)
            if agreed:
                self.warnings.append(
                    f"t3: {key} has {len(nums)} numbers for {n} columns at {row.locator}; kept only cells every reading agrees on"
                )
                return agreed[0]
        if in_own_cells(nums, row):
            self.warnings.append(
                f"t3: {key} at {row.locator} prints {len(nums)} numbers for {n} columns, each in a cell of its own (a column "
                "left out, not digits run together); no facts"
            )
            return [None] * n
        splits = split_flattened(nums, n, lambda v: sum(v[:6]) == v[6])
        return self._take_split("t3", key, splits, row, n)
