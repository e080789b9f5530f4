"""Table 三's header in a grid: its rows joined, checked against itself and against the rows under it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import spec
from .cells import is_number
from .columns import column_key, merged_t3_header, t3_header
from .headers import TextHeaders, order_differs
from .model import Fact, Row
from .rows import CUT, MISSING, SPAN, label_words, span_owner
from .t3group import group_contradicted, reading_order
from .t3offset import T3OffsetMixin


class T3HeaderMixin(T3OffsetMixin):
    """Where table 三's values stand: the header's column positions and whether a row lines up with them (its
    columns, last row, corner and rows are declared by T3OffsetMixin)."""

    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]
    t3_width: int
    t3_header_done: bool
    t3_reordered: bool  # a header put the columns in another order than the template's
    t3_unplaced: bool  # the header's rows name one column two ways: no row under it is read (see _merge_header)
    t3_lone: dict[int, str]  # the row just above, when a header row naming one column only
    t3_order: tuple[str, ...] | None  # the column order of a header whose positions are not used (_group_check)
    t3_off: bool  # a row of this table stood off the header (_stands_off)
    t3_under: list[tuple[str, str, str]]  # facts read under the header (_withdraw_rows_above)
    t3_table_start: int  # how many of t3_under the grids before this one read
    t3_label_cols: set[int]  # columns where rows read under the header print their labels (_stands_off)
    headers: TextHeaders  # what the headers printed as text say

    if TYPE_CHECKING:  # provided by T3Mixin: declared for the type checker, not overridden here

        def _t3_grid(self, row: Row) -> None: ...

    def _t3_head_row(self, row: Row, lone: dict[int, str]) -> None:
        """A table row without a number: a header row (its columns join the rows above it), a row blank under the
        header, or a row naming one column only, which joins the header row below it."""
        self.t3_head_rows.append(list(row.cells))
        header = t3_header(row.cells)
        if header:
            fresh = self.t3_width != len(row.cells) or self.t3_header_done
            if fresh:
                self.t3_unplaced, self.t3_order = False, None
            above = lone if fresh and len(lone) == 1 and max(lone) < len(row.cells) else self.t3_columns
            self.t3_columns = header if fresh and above is self.t3_columns else self._merge_header(header, row, above)
            self._group_check(row)
            self.t3_off, self.t3_under, self.t3_label_cols, self.t3_table_start = False, [], set(), 0
            if self._fragment_order() != spec.T3_COLUMNS:
                self.t3_reordered = True
            self.t3_width, self.t3_header_done = len(row.cells), False
            self.t3_head_cells, self.t3_head_past_edge = list(row.cells), row.past_edge
            self.t3_head_corner = self._corner()
            self._outer_columns(row)
        elif self.t3_columns and self.t3_width == len(row.cells) and self._blank_under_header(row):
            self._t3_grid(row)
        else:  # a header row above naming one column (自然人 beside 法人或其他组织): it joins the row below, over rows
            # naming none between them (the rest of a label cell cut at a page break)
            self.t3_lone = {i: key for i, c in enumerate(row.cells) if (key := column_key(c))} or lone

    def _merge_header(self, header: dict[int, str], row: Row, above: dict[int, str]) -> dict[int, str]:
        """A lower header row joined to the row above (see merged_t3_header); one that cannot be joined leaves no
        header, and no row under it is read."""
        merged = merged_t3_header(above, header, len(row.cells))
        clash = f"t3: the header row at {row.locator} names columns the row above names otherwise"
        if merged is None:
            self.warnings.append(f"{clash}, and no shift reconciles them; the rows under it are withheld")
            self.t3_unplaced = True
            return {}
        if merged[1]:
            self.warnings.append(f"{clash}; its labels are read shifted by {merged[1]:+d}, under the columns left to them")
        return merged[0]

    def _group_check(self, row: Row) -> None:
        """A header whose positions deny its own 法人或其他组织 cell (group_contradicted) places no value: its rows are
        read as seven values after their labels, in the order the header's rows print the columns, and withheld where
        those rows do not give all seven in an order."""
        if not self.t3_columns or not group_contradicted(self.t3_columns, self.t3_head_rows):
            return
        self.t3_columns, self.t3_order = {}, reading_order(self.t3_head_rows)
        clash = f"t3: the header at {row.locator} puts columns outside its 法人或其他组织 cell (cells that lost their spans)"
        if self.t3_order is None:
            self.t3_unplaced = True
            self.warnings.append(f"{clash}, and its rows give no order of all seven; the rows under it are withheld")
            return
        self.warnings.append(
            f"{clash}; its positions are not used: each row's seven values after its label are read in the order the "
            "header's rows print the columns"
        )

    def _stands_off(self, row: Row) -> bool:
        """The row stands off the header (_number_among_labels), or an earlier row of its table did: a table's rows
        are laid out alike, so the rest of it is not read under that header either (a table cut in two whose second
        part has a row whose first value, a zero left blank, hides that it stands off). The label columns of a row
        that lines up are noted (_number_among_labels)."""
        if not self.t3_off and self._number_among_labels(row):
            # the rows above it in its grid may stand off unseen (a value left blank at their head); a grid before it
            # (a table's first part, the second a grid of its own) is judged by its own rows
            self._withdraw_rows_above(row, self.t3_table_start)
        if not self.t3_off and self.t3_columns:
            self.t3_label_cols |= {i for i, c in enumerate(row.cells[: min(self.t3_columns)]) if label_words(c)}
        return self.t3_off

    def _wider_than_header(self, row: Row) -> bool:
        """Under a header that names fewer than seven, a number right of its columns where its last row has no cell
        at all (MISSING): the row is wider than its header, which then cannot say which of its cells are values."""
        head, last = self.t3_head_cells, max(self.t3_columns)
        return not self._header_names_all() and any(
            is_number(c) and (i >= len(head) or head[i] == MISSING) for i, c in enumerate(row.cells) if i > last
        )

    def _header_has_other_values(self) -> bool:
        """Between the columns the header names, one it names otherwise (a 小计 after 其他), or a 小计 right of them where
        it names no 总计: the table prints more value columns than the template's seven, so a row's last seven cells
        are not its seven values (a cut word at the page's edge, 「其」, is no column of its own)."""
        cols, head = self.t3_columns, self.t3_head_cells
        if not cols:
            return False
        between = any(i not in cols and self._head_words(i) for i in range(min(cols), max(cols) + 1))
        right = "total" not in cols.values() and any("小计" in "".join(c.split()) for c in head[max(cols) + 1 :])
        return between or right

    def _cut_right_of_header(self) -> bool:
        """The header names no 总计 and prints a cell cut at the page's edge right of the columns it names: a value
        column whose name is lost (总计, or a 小计 the template has not)."""
        cols, head = self.t3_columns, self.t3_head_cells
        return bool(cols) and "total" not in cols.values() and CUT in head[max(cols) + 1 :]

    def _numbers_outside(self, row: Row) -> list[int]:
        """The columns the header does not name where the row prints a number."""
        return [i for i, c in enumerate(row.cells) if i not in self.t3_columns and is_number(c)]

    def _number_among_labels(self, row: Row) -> bool:
        """A number where the header above has its label columns: the row is laid out otherwise (a table cut in two,
        its second part a grid of its own as wide as the first, its rows without the group cell the first part
        kept), and is read as a fragment, not under that header. Under a header that names fewer than seven (a table
        wider than the page, cut at its edge, does not say where its labels end) only a number under the header's
        own label cell counts, or one in a column where a row read under the header printed its label."""
        if any(row.cells[i] == MISSING for i in self.t3_columns):
            return False  # a row short of the header's columns (its cells ran out) is read by _t3_grid's own rules
        if any(i < len(row.cells) and is_number(row.cells[i]) for i in self.t3_label_cols):
            return True
        if not self._header_names_all():
            return (
                self._under_label_header(row, min(self.t3_columns))
                or self._outside_the_values(row)
                or self._more_values_than_unnamed(row)
            )
        outside = row.cells[: min(self.t3_columns)] + row.cells[max(self.t3_columns) + 1 :]  # or right of 总计
        return any(is_number(c) for c in outside)

    def _more_values_than_unnamed(self, row: Row) -> bool:
        """More numbers outside the columns the header names than the columns it does not name (in any order): the
        header stands off its rows (a stray cell before its rows, 自然人 lost in a joined cell, the five reordered).
        Under a header drawn to the page's right edge, any number left of its columns: those it does not name may lie
        past the edge, unseen, and 总计 there printed first would have its name over it."""
        outside = self._numbers_outside(row)
        if self.t3_head_past_edge:
            return any(i < min(self.t3_columns) for i in outside)
        return len(outside) > len(spec.T3_COLUMNS) - len(set(self.t3_columns.values()))

    def _outside_the_values(self, row: Row) -> bool:
        """Under a header naming some columns in the template's order, a number further left or right than the
        columns it does not name could stand (only 自然人 precedes the five organisations, none follows 总计): the
        header stands off its rows."""
        named = self._named_order()
        if order_differs(named):
            return False
        first = min(self.t3_columns) - spec.T3_COLUMNS.index(named[0])
        last = max(self.t3_columns) + len(spec.T3_COLUMNS) - 1 - spec.T3_COLUMNS.index(named[-1])
        return any(is_number(c) for c in row.cells[: max(first, 0)] + row.cells[last + 1 :])

    def _fragment_order(self) -> tuple[str, ...] | None:
        """The column order of a grid row under no header of its own (a table continued on the next page in a grid
        of another width): the last header's when it named all seven, the template's when no header says otherwise,
        None when a header names some columns in another order."""
        if self.t3_order:
            return self.t3_order
        named = self._named_order()
        if self._header_names_all():
            return tuple(named)
        if not named and order_differs(self.headers.t3):  # the header, printed as text, says otherwise
            return None
        return None if order_differs(named) else spec.T3_COLUMNS

    def _named_order(self) -> list[str]:
        """The columns the header names, left to right (a spanned header's slots count once)."""
        return list(dict.fromkeys(key for _, key in sorted(self.t3_columns.items())))

    def _header_names_all(self) -> bool:
        """The header above names all seven columns (a spanned header's slots name one column)."""
        return set(self.t3_columns.values()) == set(spec.T3_COLUMNS)

    def _outer_columns(self, row: Row) -> None:
        """A header cut at a page break keeps only its lower row (商业企业 … 其他): the unlabelled slot just before
        those five is 自然人 and the one just after is 总计, as the template lays them out (the rows' totals check it)."""
        org = {key: i for i, key in self.t3_columns.items()}
        inner = spec.T3_COLUMNS[1:-1]
        if "natural_person" in org or "total" in org or not all(k in org for k in inner):
            return
        first = org[inner[0]]
        if [org[k] for k in inner] != list(range(first, first + len(inner))) or first + len(inner) >= len(row.cells):
            return
        before, after = first - 1, first + len(inner)
        if before < 0 or any(row.cells[i].strip() and row.cells[i] != SPAN for i in (before, after)):
            return
        self.t3_columns = {**self.t3_columns, before: "natural_person", after: "total"}
        self.warnings.append(
            f"t3: the header at {row.locator} lacks 自然人 and 总计 (cut off above); "
            "the unlabelled columns either side of the five 法人或其他组织 columns are taken as them"
        )

    def _label_spans_into(self, row: Row) -> bool:
        """A column the header names holds the continuation of the row's label cell (a PDF grid marks a merged
        cell's other slots SPAN): the label spans it, so the header stands off its rows."""
        for i in self.t3_columns:
            j = span_owner(row.cells, i)
            if j < i and row.cells[j].strip() and not is_number(row.cells[j]) and row.cells[j] not in (SPAN, MISSING):
                return True
        return False

    def _under_label_header(self, row: Row, first: int) -> bool:
        """A number left of the header's first named column, under a header cell that is the labels' own (its
        text names no column, as 「（本列数据的勾稽关系…）」 or 「项目」): the header stands a column off its rows. Under
        an empty header cell (a table cut at the page's edge, its other columns unnamed) it may be a value."""
        head = self.t3_head_cells
        return any(
            is_number(c) and i < len(head) and head[i].strip() not in ("", SPAN, MISSING, CUT) and not column_key(head[i])
            for i, c in enumerate(row.cells[:first])
        )

    def _blank_under_header(self, row: Row) -> bool:
        return not any(row.cells[i].strip() for i in self.t3_columns if row.cells[i] != MISSING)

    def _withdraw_rows_above(self, row: Row, since: int = 0) -> None:
        """A row stands off the header: the rows read under that header before, in its table and in the tables that
        carry it on (a PDF's next pages), are laid out alike and may stand off unseen (a label slot left blank where
        the row's first value should be; a row's cells shifted a column right onto a blank 自然人), so their values
        are withdrawn, and the table's rows below are not read under it either (_stands_off)."""
        gone = {key[1] for key in self.t3_under[since:] if self.facts.pop(key, None) is not None}
        self.t3_under, self.t3_off = self.t3_under[:since], True
        if gone:
            self.warnings.append(
                f"t3: rows read under the same header before {row.locator} withdrawn ({', '.join(sorted(gone))})"
            )
