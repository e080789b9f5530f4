"""Table 三 (收到和处理政府信息公开申请情况) from rows: under its header in a grid, as a fragment, or as text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import spec
from .cells import is_number, label_candidates
from .columns import (
    better_alignment,
    no_cell_for_total,
    parts_exceed_total,
    row_total_fails,
    seven_after_label,
    show_row,
    total_elsewhere,
    trailing_values,
)
from .headers import TextHeaders, alike, order_differs
from .model import Fact, Row
from .rows import MISSING, SPAN, SplitRow, numbers_only, ran_out, split_flattened, split_row, windows
from .shortrow import ShortRowMixin
from .t3header import T3HeaderMixin
from .t3labels import is_label, labels_row, row_named_among
from .t3pending import T3PendingMixin


class T3Mixin(T3HeaderMixin, T3PendingMixin, ShortRowMixin):
    """The t3 part of TableReader (it provides add, warnings, _take_split, _enter and _t4)."""

    template: str
    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]
    prose_tail: list[str]
    t3_prev: str | None
    t3_pending: list[tuple[set[str], list[str], Row]]
    t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]]
    headers: TextHeaders  # what the headers printed as text say
    confidence: float | None  # the row's OCR confidence (None: not OCR)

    if TYPE_CHECKING:  # provided by TableReader and T4Mixin: declared for the type checker, not overridden here

        def add(
            self,
            table: str,
            row_key: str,
            col: str,
            raw: str,
            locator: str,
            unit: str | None = None,
            evidence: str | None = None,
        ) -> None: ...

        def _take_split(self, table: str, key: str, splits: list[list[int]], row: Row, n: int) -> list[str | None]: ...

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
            return
        if not row.in_table and (named := row_named_among(split.values)):
            self.warnings.append(
                f"t3: a value at {row.locator} holds {named}'s label (two rows' text run into one line); withheld"
            )
            return
        key = self._match_t3_row(split.labels) if split.labels else None
        if key is None and split.labels and self._cut_with_row_above(split.labels, row):
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
                return
        if key is not None and self.t3_pending:
            self._place_pending(key)
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
        if row_total_fails(values) and total_elsewhere(values):  # its columns may stand in another order
            self.warnings.append(
                f"t3: {key} at {row.locator}, placed by column order alone (no header of its own), fails its row "
                f"total ({show_row(values)}), yet another of its cells is the sum of the rest; row withheld"
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
        unless a header printed as text orders them otherwise); None where no order can be told."""
        order = self._fragment_order() if row.in_table else None if order_differs(self.headers.t3) else spec.T3_COLUMNS
        if order is None and alike(values):  # every cell alike (all 0): any order reads the same
            return spec.T3_COLUMNS
        return order

    def _t3_grid(self, row: Row) -> None:
        """A data row under a recognised header: each value is the cell below its column's header."""
        first = min(self.t3_columns)
        labels = [c for c in row.cells[:first] if c.strip() and c != SPAN]
        cells: dict[str, str | None] = {key: row.cells[i] for i, key in self.t3_columns.items()}
        spilled = {c for c in labels if not is_number(c)}  # a label cell spanning columns the header gives to values
        side = "left" if self._short_left_of_header(row) else self._may_stand_off(row)
        if side:
            self.warnings.append(
                f"t3: row at {row.locator} may stand a column {side} of its header (blank slots, no 总计); withheld"
            )
            return
        if any(v in spilled or (v and is_label(v)) for v in cells.values()) or self._label_spans_into(row):
            self.warnings.append(
                f"t3: the label at {row.locator} stands in a column its header names as a value (the header's cells and "
                f"the rows' are laid out differently); row withheld: {''.join(labels)[:40]}"
            )
            self._withdraw_rows_above(row)
            return
        short = [c for c in row.cells if c != MISSING]
        blank = not any(v.strip() for v in cells.values() if v and v != MISSING) and not numbers_only(short)
        if blank and MISSING in cells.values():  # a short blank row: its own seven cells, if it has them
            cells = seven_after_label(short, len(spec.T3_COLUMNS), blank_row=True) or cells
        if blank and (not labels or row.confidence is not None or MISSING in cells.values()):
            return  # OCR cannot prove a cell blank, nor a short row say which cells it has
        key = self._match_t3_row(split_row(Row(labels, row.locator, in_table=True), len(labels)).labels)
        if blank:
            if key and self._two_rows_cut(key, row):
                return
            if key in spec.t3_order(self.template) and key not in self.t3_blank_rows:
                self.t3_prev = key
                self.t3_blank_rows[key] = (dict(cells), row)
            return
        if key is None:
            if numbers_only([v or "" for v in cells.values()]):
                self.warnings.append(f"t3: row not recognised at {row.locator}: {''.join(labels)[:40]}")
                self.t3_unread = (labels, row)
            return
        if self._rest_of_row_above(labels, key, row):
            return
        self.t3_prev = key
        values: dict[str, str | None] = dict(cells)
        if MISSING in cells.values():  # the row ran short
            self._t3_short(key, values, short, row)
            return
        if not self._header_names_all() and (parts_exceed_total(values) or no_cell_for_total(values, self._total_cells(row))):
            self.warnings.append(
                f"t3: {key} at {row.locator} read under a header naming fewer than seven columns gives parts adding up to "
                f"more than its 总计 or any cell that may be it ({show_row(values)}): the header stands off its rows; "
                "row withheld"
            )
            self._withdraw_rows_above(row)  # the table's rows are laid out alike
            return
        shifted = better_alignment(row.cells, self.t3_columns)
        if shifted is not None:
            self.warnings.append(
                f"t3: {key} at {row.locator} read under the header gives {show_row(values)}, which fails its row total; "
                f"shifted by {shifted[0]:+d} it reads {show_row(shifted[1])}, which passes; row withheld"
            )
            return
        self._t3_row(key, values, row, "grid")
        self.t3_under += [("t3", key, col) for col, raw in values.items() if raw is not None]

    def _t3_short(self, key: str, values: dict[str, str | None], short: list[str], row: Row) -> None:
        """A row under its header with fewer cells than the header: read as the seven cells after its label where only
        label cells are gone; else it waits for the table's other rows (_keep_short) or is withheld."""
        # a header of six has no seventh; a slot withheld among the row's cells (a PDF's number cut by a page
        # break) is no lost label cell: the cells right of it stand in their columns
        order = self._fragment_order() if self._header_names_all() and ran_out(row.cells) else None
        own = seven_after_label(short, len(spec.T3_COLUMNS), order=order) if order else None
        if own is not None:  # only label cells are gone (spanned from rows above, or a label without its colspan)
            self.warnings.append(
                f"t3: {key} at {row.locator} has fewer cells than its header but seven value cells after its label, "
                f"read in order: {show_row(own)}"
            )
            self._t3_row(key, dict(own), row, "layout")
            return
        right = {k: v if is_number(v) else "" for k, v in zip(spec.T3_COLUMNS, short[-len(spec.T3_COLUMNS) :], strict=False)}
        withheld = (
            f"t3: {key} at {row.locator} has fewer cells than its header: under the header it reads {show_row(values)}, "
            f"right-aligned {show_row(right)}; row withheld"
        )
        self._keep_short(Row(short, row.locator, True, row.confidence), key, withheld)

    def _total_cells(self, row: Row) -> list[str]:
        """The row's numbers that may be its 总计 under a header not naming it: outside the header's columns, under no
        header words (a 小计 column's have them)."""
        return [row.cells[i] for i in self._numbers_outside(row) if not self._head_words(i)]

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
        splits = split_flattened(nums, n, lambda v: sum(v[:6]) == v[6])
        return self._take_split("t3", key, splits, row, n)
