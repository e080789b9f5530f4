"""Table 三's rows under a recognised header (a grid): each value the cell below its column's header, unless the
row stands off the header, runs short of it, or its totals deny the reading."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import spec
from .cells import is_number
from .columns import (
    better_alignment,
    no_cell_for_total,
    parts_exceed_total,
    seven_after_label,
    show_row,
    total_fails_blanks_zero,
)
from .headers import t3_names
from .model import Row
from .rows import MISSING, SPAN, numbers_only, ran_out, split_row
from .shortrow import ShortRowMixin
from .t3header import T3HeaderMixin
from .t3labels import is_label
from .t3pending import T3PendingMixin


class T3GridMixin(T3HeaderMixin, T3PendingMixin, ShortRowMixin):
    """The grid part of T3Mixin (it provides _t3_row and _match_t3_row)."""

    confidence: float | None  # the row's OCR confidence (None: not OCR)
    t3_unnamed_said: set[tuple[str, ...]]  # headers (their last row's cells) said to leave numbers unread

    if TYPE_CHECKING:  # provided by T3Mixin: declared for the type checker, not overridden here

        def _match_t3_row(self, labels: list[str]) -> str | None: ...

        def _t3_row(self, key: str, values: dict[str, str | None], row: Row, evidence: str) -> None: ...

    def _t3_grid(self, row: Row) -> None:
        """A data row under a recognised header: each value is the cell below its column's header."""
        first = min(self.t3_columns)
        labels = [c for c in row.cells[:first] if c.strip() and c != SPAN]
        cells: dict[str, str | None] = {key: row.cells[i] for i, key in self.t3_columns.items()}
        if self._t3_off_header(row, labels, cells):
            self._left_unread(row)
            return
        short = [c for c in row.cells if c != MISSING]
        blank = not any(v.strip() for v in cells.values() if v and v != MISSING) and not numbers_only(short)
        if blank and MISSING in cells.values():  # a short blank row: its own seven cells, if it has them
            cells = seven_after_label(short, len(spec.T3_COLUMNS), blank_row=True) or cells
        if blank and (not labels or row.confidence is not None or MISSING in cells.values()):
            return  # OCR cannot prove a cell blank, nor a short row say which cells it has
        key = self._match_t3_row(split_row(Row(labels, row.locator, in_table=True), len(labels)).labels)
        if blank:
            self._t3_blank(key, cells, row)
            return
        if key is None:
            if numbers_only([v or "" for v in cells.values()]) and not self._cells_cut_below(row):
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
        if self._t3_totals_deny(key, values, row):
            return
        self._t3_row(key, values, row, "grid")
        self.t3_under += [("t3", key, col) for col, raw in values.items() if raw is not None]
        self._t3_unnamed_columns(row)

    def _t3_unnamed_columns(self, row: Row) -> None:
        """A row read under a header naming fewer than seven columns prints numbers under the others: those are not
        read (their names lost, cut at the page's edge or never printed); said once for each header."""
        head = tuple(self.t3_head_cells)
        if head in self.t3_unnamed_said or self._header_names_all() or not self._numbers_outside(row):
            return
        self.t3_unnamed_said.add(head)
        self.warnings.append(
            f"t3: the header over {row.locator} names only {t3_names(self._named_order())}; the numbers under its other "
            "columns are not read"
        )

    def _t3_off_header(self, row: Row, labels: list[str], cells: dict[str, str | None]) -> bool:
        """A row that may stand a column off its header, or whose label stands in a value's column: withheld."""
        spilled = {c for c in labels if not is_number(c)}  # a label cell spanning columns the header gives to values
        side = "left" if self._short_left_of_header(row) else self._may_stand_off(row)
        if side:
            self.warnings.append(
                f"t3: row at {row.locator} may stand a column {side} of its header (no 总计 to check it by); withheld"
            )
            return True
        if any(v in spilled or (v and is_label(v)) for v in cells.values()) or self._label_spans_into(row):
            self.warnings.append(
                f"t3: the label at {row.locator} stands in a column its header names as a value (the header's cells and "
                f"the rows' are laid out differently); row withheld: {''.join(labels)[:40]}"
            )
            self._withdraw_rows_above(row)
            return True
        return False

    def _t3_blank(self, key: str | None, cells: dict[str, str | None], row: Row) -> None:
        """A blank row under the header: kept aside, its zeros to be read once the table shows blanks are zeros."""
        if key and self._two_rows_cut(key, row):
            return
        if key in spec.t3_order(self.template) and key not in self.t3_blank_rows:
            self.t3_prev = key
            self.t3_blank_rows[key] = (dict(cells), row)

    def _t3_totals_deny(self, key: str, values: dict[str, str | None], row: Row) -> bool:
        """The row's values read under the header fail what its totals say (parts over 总计 under a header naming
        fewer than seven columns, or a row total that passes only a column over): withheld."""
        if not self._header_names_all() and (parts_exceed_total(values) or no_cell_for_total(values, self._total_cells(row))):
            self.warnings.append(
                f"t3: {key} at {row.locator} read under a header naming fewer than seven columns gives parts adding up to "
                f"more than its 总计 or any cell that may be it ({show_row(values)}): the header stands off its rows; "
                "row withheld"
            )
            self._withdraw_rows_above(row)  # the table's rows are laid out alike
            return True
        if self._cut_at_the_edge(key, values, row):
            return True
        shifted = better_alignment(row.cells, self.t3_columns)
        if shifted is not None:
            self.warnings.append(
                f"t3: {key} at {row.locator} read under the header gives {show_row(values)}, which fails its row total; "
                f"shifted by {shifted[0]:+d} it reads {show_row(shifted[1])}, which passes; row withheld"
            )
            return True
        return False

    def _cut_at_the_edge(self, key: str, values: dict[str, str | None], row: Row) -> bool:
        """A row of a table drawn to the page's right edge whose last cell, a number under a header column, fails the
        row total (blanks read as zeros): its digits may run on past the edge, unprinted (Word's PDF draws no glyph the
        page does not hold whole: 「26」 there prints 「2」); withheld."""
        col = self.t3_columns.get(len(row.cells) - 1)
        if not (row.past_edge and col and is_number(row.cells[-1]) and total_fails_blanks_zero(values)):
            return False
        self.warnings.append(
            f"t3: {key} at {row.locator} fails its row total ({show_row(values)}) and its {col} is the last cell of a "
            "table drawn to the page's right edge: its digits may run on past the edge, unprinted; row withheld"
        )
        return True

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
