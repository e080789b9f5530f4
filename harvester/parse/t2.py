"""Table 二 (主动公开) from rows: its header's columns (by position in a grid, in order in text) and its rows."""

from __future__ import annotations

from . import spec
from .cells import is_number, leaf_label, nfkc, norm_label, value_like
from .columns import t2_column, t2_columns_in, t2_positions
from .headers import TextHeaders, alike
from .model import Row
from .readerbase import ReaderBase
from .rows import CUT, MISSING, SPAN, SplitRow, numbers_only, split_row


class T2Mixin(ReaderBase):
    """The t2 part of TableReader (it provides add and warnings)."""

    template: str
    headers: TextHeaders
    t2_columns: list[str | None] | None  # the columns a header row names, in order
    t2_unit: str | None  # 万元 or 元, as the header prints it
    t2_width: int  # the header row's cell count
    t2_positions: dict[int, str]  # grid column index -> t2 column key, from the header cells
    t2_head_cells: list[str]  # the t2 header row's cells
    t2_unlabelled: list[str]  # locators of rows of numbers without a t2 label, said in one warning

    def _t2(self, row: Row, joined: str) -> None:
        split = split_row(row)
        if "第二十条" in joined and not numbers_only(split.values):
            self._t2_forget_header()
            if not any(t2_column(c) for c in split.labels if "第二十条" not in c):
                return  # a part's caption alone; else the caption run into its header row (a row cut by a page break)
        if not numbers_only(split.values) and not any(v for v in split.values if v not in (SPAN, MISSING)):
            if self._match_t2_row(split.labels):  # a row printed blank (「规章 | | |」, zeros left blank): no header
                return
            self._t2_header(split.labels)
            self.t2_width = len(row.cells)
            self.t2_positions = t2_positions(row.cells) if row.in_table else {}
            self.t2_head_cells = list(row.cells)
            return
        key = self._match_t2_row(split.labels)
        if key is None:
            if numbers_only(split.values):
                self.t2_unlabelled.append(row.locator)
            return
        if row.in_table and self.t2_positions and self.t2_width == len(row.cells):
            if not self._t2_placed(row):
                self.warnings.append(f"t2: {key} at {row.locator} does not line up with the header above it; withheld")
                return
            doubted = self._t2_unheaded(row)
            if doubted is None:
                self.warnings.append(f"t2: {key} at {row.locator} has a value under no column's header; withheld")
                return
            if doubted:
                names = ", ".join(self.t2_positions[i] for i in sorted(doubted))
                self.warnings.append(
                    f"t2: {key} at {row.locator} has a value under no column's header beside {names}, whose own cell is "
                    f"empty (one cell spanned over both slots, the text keeping no widths to say whose): {names} not read"
                )
            cells, skip = row.cells, (SPAN, MISSING, *split.labels)  # the cell below each column's header
            self._t2_add(
                key,
                [
                    (c, cells[i])
                    for i, c in self.t2_positions.items()
                    if i < len(cells) and cells[i] not in skip and i not in doubted
                ],
                row.locator,
            )
            return
        if row.in_table:  # read in order: the values begin after the label, a zero printed as — or 无 among them
            split = split_row(row, self._t2_value_start(row))
        self._t2_in_order(key, split, row)

    def _t2_in_order(self, key: str, split: SplitRow, row: Row) -> None:
        """A row read without header positions: its values in the order of the header's columns (the template's where
        no header was read), withheld where the count of values or the order is in doubt."""
        columns = self.t2_columns or list(spec.T2_DEFAULT_COLUMNS.get(self.template, {}).get(key, ()))
        if not columns:
            self.warnings.append(f"t2: no column header for {key} at {row.locator}")
            return
        values = list(split.values)
        while values and not values[-1].strip():
            values.pop()
        if not self.t2_columns and tuple(columns) in self.headers.t2 and not alike(split.values):
            self.warnings.append(
                f"t2: {key} at {row.locator} has no header of its own, and a header printed as text names its columns, "
                "or another part's while its own is not read, in another order than the template's; withheld"
            )
            return
        real = [c for c in columns if c]
        if row.in_table and self.t2_columns and self.t2_width != len(row.cells) and len(values) != len(real):
            self.warnings.append(
                f"t2: {key} has {len(values)} cells under a header of {len(real)} columns at {row.locator} (a cell was lost); no facts"
            )
            return
        if not row.in_table and len(values) < len(real):  # a text line keeps no blank cells: which columns are these?
            self.warnings.append(f"t2: {key} has {len(values)} values for {len(real)} columns at {row.locator}; withheld")
            return
        if len(values) > len(columns):  # more cells than columns: its filled cells (a 无 takes a column as a number does)
            nums = [v for v in values if v.strip() and v not in (SPAN, MISSING, CUT)]
            if len(nums) != len(real):
                self.warnings.append(f"t2: {key} has {len(nums)} values for {len(real)} columns at {row.locator}")
                return
            pairs = list(zip(real, nums, strict=True))
        else:
            pairs = [(c, v) for c, v in zip(columns, values, strict=False) if c]
        self._t2_add(key, pairs, row.locator)

    def _t2_add(self, key: str, pairs: list[tuple[str, str]], locator: str) -> None:
        """A row's values, none if one stands under a column the row has in neither template (the header above it
        is another row's): a blank there is passed over."""
        allowed = spec.T2_ROW_COLUMNS[key]
        if stray := [col for col, raw in pairs if col not in allowed and value_like(raw)]:
            self.warnings.append(f"t2: {key} at {locator} has values under {', '.join(stray)}, not its columns; withheld")
            return
        for col, raw in pairs:
            if col in allowed:
                self.add("t2", key, col, raw, locator, self._t2_unit(key, col))

    def _t2_placed(self, row: Row) -> bool:
        """The row lines up with its header: each column the header names has a cell in the row and none holds a
        row's label, no number or dash stands left of the header's first named column (where the labels are), and
        where the header prints a label cell there (信息内容), the row's label stands under it. A row or a header
        that gained or lost a cell (a stray empty cell before it) does not, and is withheld."""
        named = self.t2_positions
        if any(i >= len(row.cells) or row.cells[i] == MISSING or self._match_t2_row([row.cells[i]]) for i in named):
            return False
        lead = row.cells[: min(named)]
        head = {i for i, c in enumerate(self.t2_head_cells[: min(named)]) if c.strip() and c not in (SPAN, MISSING)}
        own = {i for i, c in enumerate(lead) if self._match_t2_row([c])}
        return not any(value_like(c) for c in lead) and not (head and own and not head & own)

    def _t2_unheaded(self, row: Row) -> set[int] | None:
        """The named columns a value under an empty header cell may be theirs: a cell spanned over a sliver of a column and
        the named slot beside it prints its value in either slot once the widths are gone (Shanghai 2019 in text:
        「本年增/减 | (empty)」 over 「(empty) | 0」). The empty named cells beside each such value; None where neither
        beside it is empty and it copies not the value left of it (a merged cell's, copied into each slot under a header
        printed once): the value is no column's."""
        named = sorted(self.t2_positions)
        doubted: set[int] = set()
        for i, cell in enumerate(row.cells):
            head = self.t2_head_cells[i] if i < len(self.t2_head_cells) else ""
            if i <= named[0] or i in self.t2_positions or head.strip() or not value_like(cell):
                continue  # a value under a named column, or under a header cell copied or spanned from one
            left = max(p for p in named if p < i)
            beside = (left, min((p for p in named if p > i), default=None))
            empty = {p for p in beside if p is not None and p < len(row.cells) and not row.cells[p].strip()}
            if not empty and cell.strip() != row.cells[left].strip():  # not a copy of a merged cell's value either
                return None
            doubted |= empty
        return doubted

    def _t2_value_start(self, row: Row) -> int | None:
        """Where a grid row's values begin: after the rightmost cell before its first number that names the row (a
        dash or 无 between them is a value, not part of the label); None: where its first number is."""
        cells = [c.strip() for c in row.cells]
        first = next((i for i, c in enumerate(cells) if is_number(c) or c == SPAN), len(cells))
        named = [i for i in range(first) if self._match_t2_row([cells[i]])]
        return named[-1] + 1 if named else None

    def _t2_unit(self, key: str, col: str) -> str | None:
        unit = self.t2_unit if col == "amount" else None
        if key == "fees" and col == "amount" and self.template == "2021":
            unit = unit or "万元"  # the 2021 format fixes 本年收费金额 in 万元
        return unit

    def _t2_forget_header(self) -> None:
        """The header read so far no longer holds (a part's caption, 第二十条第（五）项, or another table begins): its
        columns, unit and positions forgotten, the next header's to come."""
        self.t2_columns, self.t2_unit, self.t2_positions = None, None, {}

    def _t2_header(self, labels: list[str]) -> None:
        if not labels or not any("信息内容" in nfkc(x) or t2_column(x) for x in labels):
            return
        cells = labels[1:] if "信息内容" in nfkc(labels[0]) else labels
        self.t2_columns = [col for c in cells for col in t2_columns_in(c)]
        text = nfkc("".join(labels))
        self.t2_unit = "万元" if "万元" in text else ("元" if "单位:元" in text else None)

    @staticmethod
    def _match_t2_row(labels: list[str]) -> str | None:
        for label in reversed(labels):
            leaf = leaf_label(label)
            for key, names in spec.T2_ROWS.items():
                if leaf in (norm_label(n) for n in names):
                    return key
        leaf = leaf_label(labels[-1]) if labels else ""  # a label cut short at a page's foot: 「行政事业性收」
        cut = {
            k
            for k, names in spec.T2_ROWS.items()
            for n in names
            if len(leaf) >= max(4, len(n) - 2) and norm_label(n).startswith(leaf)
        }
        return cut.pop() if len(cut) == 1 else None
