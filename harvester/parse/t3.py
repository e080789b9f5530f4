"""Table 三 (收到和处理政府信息公开申请情况) from rows: under its header in a grid, as a fragment, or as text."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from . import spec
from .cells import LABEL_CACHE, is_number, label_candidates, leaf_label, match_label, norm_label
from .columns import (
    better_alignment,
    column_key,
    merged_t3_header,
    ocr_label_row,
    row_total_fails,
    seven_after_label,
    show_row,
    t3_header,
    total_elsewhere,
    trailing_values,
    with_inner_suffixes,
)
from .headers import TextHeaders, alike, order_differs
from .model import Fact, Row
from .rows import MISSING, SPAN, SplitRow, numbers_only, split_flattened, split_row, windows
from .shortrow import ShortRowMixin
from .t3group import group_contradicted, reading_order

_OUTLINE_CUT = re.compile(r"(?=\d+[.．、])|(?=（[一二三四五六七八九十]+）)")
_OUTLINE_START = re.compile(r"\s*(?:\d+[.．、]|[（(][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]+、)\s*[^\d\s]")


@functools.lru_cache(maxsize=LABEL_CACHE)
def t3_row_key(label: str) -> str | None:
    """The t3 row a label names, by match_label against the template's rows (pure: asked of every row's labels)."""
    return match_label(label, spec.T3_ROWS)


def _is_label(cell: str) -> bool:
    """A row label, not a value: it names a row of the table or begins with an outline number (「3.其他」)."""
    return bool(_OUTLINE_START.match(cell)) or t3_row_key(cell) is not None


class T3Mixin(ShortRowMixin):
    """The t3 part of TableReader (it provides add, warnings, _take_split, _enter and _t4)."""

    template: str
    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]
    prose_tail: list[str]
    t3_columns: dict[int, str]
    t3_width: int
    t3_header_done: bool
    t3_prev: str | None
    t3_pending: list[tuple[set[str], list[str], Row]]
    t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]]
    t3_reordered: bool  # a header put the columns in another order than the template's
    t3_unplaced: bool  # the header's rows name one column two ways: no row under it is read (see _merge_header)
    t3_head_cells: list[str]  # the last header row's cells
    t3_lone: dict[int, str]  # the row just above, when a header row naming one column only
    t3_head_rows: list[list[str]]  # the rows without a number since the last row with one (the header's rows)
    t3_order: tuple[str, ...] | None  # the column order of a header whose positions are not used (_group_check)
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
        if row.in_table and not numbers_only(row.cells):
            self.t3_head_rows.append(list(row.cells))
            header = t3_header(row.cells)
            if header:
                fresh = self.t3_width != len(row.cells) or self.t3_header_done
                if fresh:
                    self.t3_unplaced, self.t3_order = False, None
                above = lone if fresh and len(lone) == 1 and max(lone) < len(row.cells) else self.t3_columns
                self.t3_columns = header if fresh and above is self.t3_columns else self._merge_header(header, row, above)
                self._group_check(row)
                if self._fragment_order() != spec.T3_COLUMNS:
                    self.t3_reordered = True
                self.t3_width, self.t3_header_done = len(row.cells), False
                self.t3_head_cells = list(row.cells)
                self._outer_columns(row)
            elif self.t3_columns and self.t3_width == len(row.cells) and self._blank_under_header(row):
                self._t3_grid(row)
            else:  # a header row above naming one column (自然人 beside 法人或其他组织): it joins the row below
                self.t3_lone = {i: key for i, c in enumerate(row.cells) if (key := column_key(c))}
            return
        if row.in_table:
            self.t3_head_rows = []
        if row.in_table and self.t3_unplaced:
            if numbers_only(row.cells):
                self.warnings.append(f"t3: row at {row.locator} is under a header that names its columns two ways; withheld")
            return
        if row.in_table and self.t3_columns and self.t3_width == len(row.cells) and not self._number_among_labels(row):
            self.t3_header_done = True
            self._t3_grid(row)
            return
        start = None
        if row.in_table:  # a fragment without its header: the seven cells after the labels, if there are exactly seven
            start = trailing_values(row.cells, len(spec.T3_COLUMNS))
            if start is None:
                if numbers_only(row.cells):
                    self._keep_short(row, None, f"t3: no column header locates the values at {row.locator}; row skipped")
                return
        split = split_row(row, start)
        if start is not None:  # the seven cells from there: any after them are blank (a grid column no row fills)
            split = SplitRow(split.labels, split.values[: len(spec.T3_COLUMNS)], split.positional)
        nums = numbers_only(split.values)
        if not nums:
            return
        key = self._match_t3_row(split.labels) if split.labels else None
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
        self.t3_prev = key
        order = self._fragment_order() if row.in_table else None if order_differs(self.headers.t3) else spec.T3_COLUMNS
        if order is None and alike(split.values):  # every cell alike (all 0): any order reads the same
            order = spec.T3_COLUMNS
        if order is None:
            self.warnings.append(
                f"t3: {key} at {row.locator} has no header of its own, and the header above puts its columns in an order "
                "other than the template's without naming all seven where they stand; row withheld"
            )
            return
        values = dict(zip(order, self._t3_values(key, split.values, row), strict=True))
        if row_total_fails(values) and total_elsewhere(values):  # its columns may stand in another order
            self.warnings.append(
                f"t3: {key} at {row.locator}, placed by column order alone (no header of its own), fails its row "
                f"total ({show_row(values)}), yet another of its cells is the sum of the rest; row withheld"
            )
            return
        self._t3_row(key, values, row, "layout")

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

    def _number_among_labels(self, row: Row) -> bool:
        """A number where the header above has its label columns: the row is laid out otherwise (a table cut in two,
        its second part a grid of its own as wide as the first, its rows without the group cell the first part
        kept), and is read as a fragment, not under that header. Under a header that names fewer than seven (a table
        wider than the page, cut at its edge, does not say where its labels end) only a number under the header's
        own label cell counts."""
        if any(row.cells[i] == MISSING for i in self.t3_columns):
            return False  # a row short of the header's columns (its cells ran out) is read by _t3_grid's own rules
        if not self._header_names_all():
            return self._under_label_header(row, min(self.t3_columns))
        outside = row.cells[: min(self.t3_columns)] + row.cells[max(self.t3_columns) + 1 :]  # or right of 总计
        return any(is_number(c) for c in outside)

    def _fragment_order(self) -> tuple[str, ...] | None:
        """The column order of a grid row under no header of its own (a table continued on the next page in a grid
        of another width): the last header's when it named all seven, the template's when no header says otherwise,
        None when a header names some columns in another order."""
        if self.t3_order:
            return self.t3_order
        named = list(dict.fromkeys(key for _, key in sorted(self.t3_columns.items())))  # a spanned header counts once
        if self._header_names_all():
            return tuple(named)
        if not named and order_differs(self.headers.t3):  # the header, printed as text, says otherwise
            return None
        return spec.T3_COLUMNS if named == [k for k in spec.T3_COLUMNS if k in named] else None

    def _header_names_all(self) -> bool:
        """The header above names all seven columns (a spanned header's slots name one column)."""
        return set(self.t3_columns.values()) == set(spec.T3_COLUMNS)

    def _label_above(self) -> str | None:
        """A row printed without its label: the label on the text line(s) just above it (a wrapped or floated label)."""
        for lines in (self.prose_tail[-1:], self.prose_tail[-2:]):
            key = self._match_t3_row(["".join(lines)]) if lines else None
            if key:
                return key
        return None

    def _next_in_order(self, key: str) -> bool:
        """A label printed above its row is taken only where the template's order agrees: every row between the last
        one read and this one is read already. Otherwise the label may be another row's, floated out of a cell that
        holds several (a PDF's cells turned into text lines), and the row waits for the rows around it."""
        order = spec.t3_order(self.template)
        if self.t3_prev is None or self.t3_prev not in order or key not in order:
            return True
        between = order[order.index(self.t3_prev) + 1 : order.index(key)]
        return order.index(key) > order.index(self.t3_prev) and all(self._t3_read(k) for k in between)

    def _t3_read(self, key: str) -> bool:
        return key in self.t3_blank_rows or any(f[:2] == ("t3", key) for f in self.facts)

    def _block_candidates(self) -> set[str]:
        """Rows that the text lines above a row without a label may name: every line, and every piece of a line
        cut at an outline number (「予处理4.无正当理由大量反复」), that is part of a row's label; two lines joined
        for a label wrapped over them."""
        lines = self.prose_tail
        pairs = ["".join(lines[i : i + 2]) for i in range(len(lines) - 1)]
        pieces = [p for line in lines for p in _OUTLINE_CUT.split(line)] + pairs
        found: set[str] = set()
        for piece in pieces:
            found |= label_candidates(piece, spec.T3_ROWS)
            key = self._match_t3_row([piece]) if len(leaf_label(piece)) >= 4 else None
            found |= {key} if key else set()
        return found

    def _place_pending(self, key: str) -> None:
        """Rows without a readable label between two known rows take the template's rows in that gap, in order."""
        order = spec.t3_order(self.template)
        pending, self.t3_pending = self.t3_pending, []
        if key not in order:
            return
        lo = order.index(self.t3_prev) + 1 if self.t3_prev in order else 0
        gap = [k for k in order[lo : order.index(key)] if not self._t3_read(k)]
        fits = len(gap) == len(pending) and all(not c or g in c for (c, _, _), g in zip(pending, gap, strict=False))
        where = ", ".join(r.locator for _, _, r in pending)
        if not fits:
            self.warnings.append(
                f"t3: {len(pending)} rows without a readable label at {where} do not fit the template's order; withheld"
            )
            return
        self.warnings.append(f"t3: rows at {where} have no readable label; placed by the template's order as {', '.join(gap)}")
        for g, (_, values, row) in zip(gap, pending, strict=True):
            self.t3_prev = g
            self._t3_row(g, dict(zip(spec.T3_COLUMNS, self._t3_values(g, values, row), strict=True)), row, "layout")

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
            j = i
            while 0 < j < len(row.cells) and row.cells[j] == SPAN:
                j -= 1
            if j < i and row.cells[j].strip() and not is_number(row.cells[j]) and row.cells[j] not in (SPAN, MISSING):
                return True
        return False

    def _under_label_header(self, row: Row, first: int) -> bool:
        """A number left of the header's first named column, under a header cell that is the labels' own (its
        text names no column, as 「（本列数据的勾稽关系…）」 or 「项目」): the header stands a column off its rows. Under
        an empty header cell (a table cut at the page's edge, its other columns unnamed) it may be a value."""
        head = self.t3_head_cells
        return any(
            is_number(c) and i < len(head) and head[i].strip() not in ("", SPAN, MISSING) and not column_key(head[i])
            for i, c in enumerate(row.cells[:first])
        )

    def _blank_under_header(self, row: Row) -> bool:
        return not any(row.cells[i].strip() for i in self.t3_columns if row.cells[i] != MISSING)

    def _t3_grid(self, row: Row) -> None:
        """A data row under a recognised header: each value is the cell below its column's header."""
        first = min(self.t3_columns)
        labels = [c for c in row.cells[:first] if c.strip() and c != SPAN]
        cells: dict[str, str | None] = {key: row.cells[i] for i, key in self.t3_columns.items()}
        spilled = {c for c in labels if not is_number(c)}  # a label cell spanning columns the header gives to values
        if any(v in spilled or (v and _is_label(v)) for v in cells.values()) or self._label_spans_into(row):
            self.warnings.append(
                f"t3: the label at {row.locator} stands in a column its header names as a value (the header's cells and "
                f"the rows' are laid out differently); row withheld: {''.join(labels)[:40]}"
            )
            return
        short = [c for c in row.cells if c != MISSING]
        blank = not any(v.strip() for v in cells.values() if v and v != MISSING) and not numbers_only(short)
        if blank and MISSING in cells.values():  # a short blank row: its own seven cells, if it has them
            cells = seven_after_label(short, len(spec.T3_COLUMNS), blank_row=True) or cells
        if blank and (not labels or row.confidence is not None or MISSING in cells.values()):
            return  # OCR cannot prove a cell blank, nor a short row say which cells it has
        key = self._match_t3_row(split_row(Row(labels, row.locator, in_table=True), len(labels)).labels)
        if blank:
            if key in spec.t3_order(self.template) and key not in self.t3_blank_rows:
                self.t3_prev = key
                self.t3_blank_rows[key] = (dict(cells), row)
            return
        if key is None:
            if numbers_only([v or "" for v in cells.values()]):
                self.warnings.append(f"t3: row not recognised at {row.locator}: {''.join(labels)[:40]}")
            return
        self.t3_prev = key
        values: dict[str, str | None] = dict(cells)
        if MISSING in cells.values():  # the row ran short
            order = self._fragment_order()  # the header's order, when it names all seven
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
            return
        shifted = better_alignment(row.cells, self.t3_columns)
        if shifted is not None:
            self.warnings.append(
                f"t3: {key} at {row.locator} read under the header gives {show_row(values)}, which fails its row total; "
                f"shifted by {shifted[0]:+d} it reads {show_row(shifted[1])}, which passes; row withheld"
            )
            return
        self._t3_row(key, values, row, "grid")

    def _t3_row(self, key: str, values: dict[str, str | None], row: Row, evidence: str) -> None:
        for col in spec.T3_COLUMNS:
            raw = values.get(col)
            if raw is not None:
                self.add("t3", key, col, raw, row.locator, evidence=evidence)

    def _match_t3_row(self, labels: list[str]) -> str | None:
        under_other = self.template == "2021" and any("其他处理" in norm_label(x) for x in labels)
        for label in reversed(with_inner_suffixes(labels)):
            leaf = leaf_label(label)
            if leaf == "其他" and (under_other or self.t3_prev in ("other_no_correction", "other_unpaid_fee")):
                return "other_misc"  # 3.其他 of the 2021 template's （六）其他处理
            key = t3_row_key(label)
            if key:
                return key
        joined = t3_row_key("".join(labels)) if len(labels) > 1 else None
        return joined if joined or self.confidence is None else ocr_label_row(labels)

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
