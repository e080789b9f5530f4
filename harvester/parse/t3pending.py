"""Table 三's rows without a label of their own: a label printed above them, the template's order between two
known rows, and the rest of a row cut at a page break."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import spec
from .cells import (
    GROUP_NUMBER,
    MEASURE_WORDS,
    OUTLINE_LEVELS,
    label_candidates,
    leaf_label,
    nfkc,
    norm_label,
    plain_leaf,
    plain_name,
)
from .columns import row_total_fails
from .model import Fact, Row
from .rows import MISSING, SPAN, label_words, numbers_only, split_row

_DIGIT = re.compile(r"\d")
_ENDS_IN_NUMBER = re.compile(r"\d件?$")  # a text line (white space folded away) ending in its row's numbers
# the group cells of t3's outcome rows, whose rest a row cut by a page break may print on the next page
_GROUPS = ("本年度办理结果", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理")
_OUTLINE_CUT = re.compile(rf"(?=\d+[.．、])|(?={GROUP_NUMBER})")


def completes(label: str, rest: str, names: tuple[str, ...]) -> bool:
    """The rest of a label cut at a page break: the label alone stops short of one of its row's names, and the label
    with the rest reads further into that name (or the whole of it)."""
    cut, joined = plain_leaf(label), plain_leaf(label + rest)
    return any(len(cut) < len(joined) <= len(name) and name.startswith(joined) for name in map(plain_name, names))


def _label_pairs(above: Row, row: Row) -> list[tuple[str, str]]:
    """Cell by cell, the cells holding words in both of two grid rows of one width (a row read and the row under
    it, a page break perhaps between them); none for rows of other widths or from text lines."""
    if not (row.in_table and above.in_table and len(row.cells) == len(above.cells)):
        return []
    return [(a, b) for a, b in zip(above.cells, row.cells, strict=True) if label_words(a) and label_words(b)]


def _rest_only(line: str) -> bool:
    """A text line that may hold only the rest of label cells: no digit, no outline number first."""
    return not _DIGIT.search(line) and not any(kind.match(norm_label(line)) for kind in OUTLINE_LEVELS)


class T3PendingMixin:
    """Rows of table 三 whose label is not their own to read: placed, withheld or joined by what surrounds them."""

    template: str
    facts: dict[tuple[str, str, str], Fact]
    warnings: list[str]
    prose_tail: list[str]
    t3_prev: str | None
    t3_last: tuple[str, Row] | None  # the last row read, and its key (_cut_with_row_above)
    row_above: Row | None
    withdrawn: set[tuple[str, str]]
    t3_unread: tuple[list[str], Row] | None  # a row with numbers not read: no row named, off its header, or pending
    t3_unread_above: tuple[list[str], Row] | None  # that row, when it is the one just above the row being read
    t3_pending: list[tuple[set[str], list[str], Row]]
    t3_skipped: Row | None  # the last row with numbers but no label nor columns to read
    t3_beside_skipped: list[Row]  # rows without a label right above or below such a row
    t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]]

    if TYPE_CHECKING:  # provided by T3Mixin: declared for the type checker, not overridden here

        def _match_t3_row(self, labels: list[str]) -> str | None: ...

        def _t3_row(self, key: str, values: dict[str, str | None], row: Row, evidence: str) -> None: ...

        def _t3_values(self, key: str, values: list[str], row: Row) -> list[str | None]: ...

        def _columns_without_header(self, row: Row, values: list[str]) -> tuple[str, ...] | None: ...

    def _cut_with_row_above(self, labels: list[str], row: Row) -> bool:
        """A row whose label is the rest of the label of the row read just above it (「一、本年新收政府信息公开申请数」,
        then 「量」 with numbers: a row cut by a page break, its label's and its numbers' rest on the next page; in a
        grid, a label cell's rest under it: 「（一）予以公」 over 「开」; the rest of any of its label cells, a group cell's
        too: 「三 | （一）予以公开 | 2」 over 「、本年度办理结果 | | 6」, a table's two parts of unlike grids). The row above
        read only the first part of its numbers (2 of 26): its values are withdrawn and this row is not read."""
        if self.t3_last is None or not labels:
            return False
        key, above = self.t3_last
        names = self._rest_names(key, labels)
        words = [c for c in above.cells if label_words(c)]
        rest = "".join(c for c in labels if label_words(c))
        in_cells = any(completes(a, b, names) for a, b in _label_pairs(above, row))
        if not words or not rest or not (any(completes(a, rest, names) for a in words) or in_cells):
            return False
        self._withdraw_last(
            key,
            above,
            f"t3: the row below {key} at {above.locator} prints the rest of its label ({rest[:20]}) with "
            f"numbers: the row was cut by a page break, its numbers too; {key} withheld",
        )
        return True

    def _two_rows_cut(self, key: str, row: Row) -> bool:
        """A row blank under the header whose label cells go on from those of the row read just above it (「（三）不予公」
        over 「开 （三）不予公开」: one table row cut by a page break) and name another row (6.属于四类过程性信息 under
        5.属于三类内部事务信息): the row above held two rows' numbers in one (1 over 2 read 12); it is withdrawn."""
        if self.t3_last is None or self.t3_last[0] == key:
            return False
        above_key, above = self.t3_last
        names = (*_GROUPS, *spec.T3_ROWS.get(above_key, ()))
        pairs = _label_pairs(above, row)
        if not any(completes(a, b[:k], names) for a, b in pairs for k in range(1, min(len(b), 8) + 1)):
            return False
        self._withdraw_last(
            above_key,
            above,
            f"t3: the row below {above_key} at {above.locator} goes on with its label cells and names {key}: two rows "
            f"in one, cut by a page break; {above_key} withheld",
        )
        return True

    def _rest_names(self, key: str, labels: list[str]) -> tuple[str, ...]:
        """The names whose rest a row's label cells may print under the row read last (key): that row's; and, where
        the cells name no row, its group cells' too (「三 、 | （一）予以公开 | ２」 over 「本 年 度 办 理 结 果 | | ６」:
        the row cut by a page break, its own label cell blank below it)."""
        named = self._match_t3_row(labels) if labels else None
        return (*spec.T3_ROWS.get(key, ()), *(() if named else _GROUPS))

    def _cells_cut_below(self, row: Row) -> bool:
        """A table row without numbers right under the row read last, its first label cell (or its cell under the
        label's) beginning with the rest of that row's label and a cell right of it holding text: 「量 二、上年结转政府
        信息公开申请数 量 | 件 | 件 …」 under 「一、本年新收政府信息公开申请数 | 2170 | 10 | …」, the row cut by a page
        break, the rest of its cells printed here. What the row above read of its cells may be another row's too (217
        over 0 read as 2170): the row is withdrawn. A rest of the label under blank cells leaves the row above as read;
        cells holding a measure word alone (「 | 理 | 3.要求提供公开出版物 | 件 | 件 …」) are its counts' rest whatever
        the label: withdrawn too."""
        if self.t3_last is None or self.t3_last[1] is not self.row_above:
            return False
        key, above = self.t3_last
        rest = self._label_rest(row, above, key)
        if rest is not None and any(c.strip() and c not in (SPAN, MISSING) for c in row.cells[rest + 1 :]):
            shown = " | ".join(c for c in row.cells if c not in (SPAN, MISSING))
            why = (
                f"prints the rest of its label and of its cells ({shown[:40]}) at {row.locator}: the row was cut by a page break"
            )
        elif sum(nfkc(c).strip() in MEASURE_WORDS for c in row.cells) >= 2:
            why = f"prints measure words alone in its cells ({row.locator}): the rest of its counts, cut by a page break"
        else:
            return False
        self._withdraw_last(key, above, f"t3: the row below {key} at {above.locator} {why}; {key} withheld")
        return True

    def _label_rest(self, row: Row, above: Row, key: str) -> int | None:
        """The cell of row that goes on with the label of the row above (key): its first label cell, or the one
        under a label cell of the row above of its width (_rest_names); None if none does."""
        labels = [i for i, c in enumerate(row.cells) if label_words(c)]
        names = self._rest_names(key, [row.cells[i] for i in labels])
        words = split_row(above).labels
        if not labels or not words:
            return None
        if completes(words[-1], row.cells[labels[0]].split()[0], names):
            return labels[0]
        if len(row.cells) != len(above.cells):
            return None
        pairs = zip(above.cells, row.cells, strict=True)  # a label cell's rest under it (「（一）予以公」 over 「开」)
        return next(
            (i for i, (a, b) in enumerate(pairs) if label_words(a) and label_words(b) and completes(a, b.split()[0], names)),
            None,
        )

    def _digits_below(self, labels: list[str], nums: list[str], row: Row) -> bool:
        """A text line right under a row read from a text line, naming no row and holding fewer numbers than the
        row's columns (「（四）无 1.本机关不掌握相关政府信息 ３ ０ ０ ０ ０ ０ ３」, then 「法提供 １ １」): the rest
        of numbers wrapped in their cells (31 printed 3 over 1). The row above read their first digits only: its values
        are withdrawn. A label opening with an outline number (「（七）总 ８ ８」) begins another row: its numbers are
        its own. Up to two lines of label cells' rests between them (「度办理结 无法提」) keep them adjacent."""
        if self.t3_last is None or row.in_table or not nums or len(nums) >= len(spec.T3_COLUMNS):
            return False
        if len(self.prose_tail) > 2 or not all(_rest_only(t) and not self._match_t3_row([t]) for t in self.prose_tail):
            return False
        if labels and any(kind.match(norm_label(labels[0])) for kind in OUTLINE_LEVELS):
            return False
        key, above = self.t3_last
        if above is not self.row_above or above.in_table:
            return False
        self._withdraw_last(
            key,
            above,
            f"t3: {key} at {above.locator} has numbers on the line below it ({' '.join(nums)}, at {row.locator}) under "
            "no row's label: the rest of numbers wrapped in their cells; row withheld",
        )
        return True

    def _withdraw_last(self, key: str, above: Row, warning: str) -> None:
        """The last row read (key, read from above) is withdrawn: its facts from that row, and no other reading of
        the text (a flattened run) gives it."""
        self.withdrawn.add(("t3", key))
        for fact in [k for k, f in self.facts.items() if k[:2] == ("t3", key) and f.locator == above.locator]:
            del self.facts[fact]
        self.t3_last = None
        self.warnings.append(warning)

    def _left_unread(self, row: Row) -> None:
        """A row with numbers not read (off its header, or no reading of its cells): the row below may print the rest
        of its label (in any cell), and of its numbers."""
        if numbers_only(row.cells):
            self.t3_unread = ([c for c in row.cells if label_words(c)], row)

    def _rest_of_row_above(self, labels: list[str], key: str, row: Row) -> bool:
        """A row whose label finishes the label of the grid row with numbers just above it that was not read (named no
        row, 「一、本年 | 2 | … | 2」, then 「新收政府信息公开申请数量 | 6 | … | 6」; or withheld off its header; or waiting,
        without a readable label, for the template's order to place it): one row cut by a page break, its numbers too
        (26, or 2 and 6?). Neither is read, nor placed by the order."""
        if self.t3_unread_above is None:
            return False
        words = [c for c in self.t3_unread_above[0] if label_words(c)]
        rest = [c for c in labels if label_words(c)]
        if not words or not rest or not completes(words[-1], rest[-1], spec.T3_ROWS.get(key, ())):
            return False
        self.t3_pending = [p for p in self.t3_pending if p[2] is not self.t3_unread_above[1]]  # nor placed by order
        self.warnings.append(
            f"t3: {key} at {row.locator} prints the rest of the label of the row above ({self.t3_unread_above[1].locator}): "
            "a row cut by a page break, its numbers perhaps too; withheld"
        )
        return True

    def _label_above(self) -> str | None:
        """A row printed without its label: the label on the text line(s) just above it (a wrapped or floated label);
        not under a line ending in numbers (「7.属于行政执法案卷 1 0 … 1」, or 「7.属于行政」 over 「1 — … 1」 over 「执法案卷」: a
        row of its own, its label wrapped around its numbers; the label of the row below is lost)."""
        if any(_ENDS_IN_NUMBER.search(line) for line in self.prose_tail[-2:]):
            return None
        for lines in (self.prose_tail[-1:], self.prose_tail[-2:]):
            key = self._match_t3_row(["".join(lines)]) if lines else None
            if key:
                return None if self._head_above_numbers(key) else key
        return None

    def _head_above_numbers(self, key: str) -> bool:
        """The label's head further up, on a line ending in numbers (「7.属 1 0 … 1」 over 「于行」「政执」「法案」): a row of
        its own, its label wrapped in a narrow cell under its numbers, not the label of the row below."""
        tail = self.prose_tail
        for i, line in enumerate(tail[:-2]):
            head = re.sub(r"[\d件\s-]+$", "", line) if _ENDS_IN_NUMBER.search(line) else ""
            if head and self._match_t3_row([head + "".join(tail[i + 1 :])]) == key:
                return True
        return False

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

    def _place_pending(self, key: str, values: list[str]) -> None:
        """Rows without a readable label between two known rows take the template's rows in that gap, in order; not
        where the row that closes the gap prints too few numbers for a row right under them (「0 0 0 0 0 0 0」 over
        「四、结转下年度继续办理 0件」: its label wrapped around its numbers, the numbers above may be its own)."""
        order = spec.t3_order(self.template)
        pending, self.t3_pending = self.t3_pending, []
        if key not in order:
            return
        if pending[-1][2] is self.row_above and len(numbers_only(values)) < len(spec.T3_COLUMNS):
            self.warnings.append(
                f"t3: {key} prints too few numbers of its own right under the numbers at {pending[-1][2].locator}, "
                "which have no label: they may be its (its label wrapped around them); not placed in the gap, withheld"
            )
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
            if any(row is r for r in self.t3_beside_skipped):
                self.warnings.append(
                    f"t3: {g} at {row.locator}, placed by the template's order, is right next to numbers left unread "
                    "(its label lost, no column located): either may be the other's rest, cut by a page break; withheld"
                )
                continue
            columns = self._columns_without_header(row, values)
            if columns is None:  # its cells' columns: a header printed as text orders them unlike the template
                self.warnings.append(f"t3: {g} at {row.locator} has no header locating its columns; row withheld")
                continue
            placed = dict(zip(columns, self._t3_values(g, values, row), strict=True))
            if row_total_fails(placed):  # a row placed by its place alone, its numbers unproven (a total cut short?)
                self.warnings.append(f"t3: {g} at {row.locator}, placed by the template's order, fails its row total; withheld")
                continue
            self._t3_row(g, placed, row, "layout")
