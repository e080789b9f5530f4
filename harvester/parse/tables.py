"""Read the t2, t3 and t4 tables of a report from rows, by label, into canonical facts."""

from __future__ import annotations

from . import spec
from .cells import is_number, leaf_label, nfkc, norm_label, read_cell, value_like
from .columns import t2_column, t2_columns_in, t2_positions
from .headers import TextHeaders, alike
from .model import Fact, Row
from .rows import CUT, MISSING, SPAN, numbers_only, split_row
from .t3 import T3Mixin
from .t4 import T4_HEADER_CHARS, T4_RESULT_LABELS, T4Mixin

_MAX_TEXT_LABEL = 60
# text lines kept above a table row: a label printed outside its row, or several labels floated out of their cells
PROSE_LINES = 12
SIGNED_COLUMNS = {"change"}  # 本年增/减: a count that may be negative


class TableReader(T3Mixin, T4Mixin):
    """Walks rows in document order, tracks which table it is in, and collects facts."""

    def __init__(self, template: str, headers: TextHeaders | None = None) -> None:
        self.template = template
        self.headers = headers or TextHeaders()
        self.facts: dict[tuple[str, str, str], Fact] = {}
        self.conflicts: set[tuple[str, str, str]] = set()
        self.warnings: list[str] = []
        self.context: str | None = None
        self.t2_columns: list[str | None] | None = None
        self.t2_unit: str | None = None
        self.t3_columns: dict[int, str] = {}  # grid column index -> t3 column key, from the header cells
        self.t3_width = 0
        self.t2_width = 0
        self.t2_positions: dict[int, str] = {}  # grid column index -> t2 column key, from the header cells
        self.t2_head_cells: list[str] = []  # the t2 header row's cells
        self.t4_done: list[str] = []  # groups read so far
        self.t4_group_cols: dict[int, str] = {}
        self.t4_transposed: dict[tuple[str, str], tuple[str, str]] = {}
        self.t3_pending: list[tuple[set[str], list[str], Row]] = []
        self.t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]] = {}  # t3 rows printed wholly blank
        self.t3_short: list[tuple[str, list[str], Row, str]] = []  # t3 rows with fewer cells than columns
        self.t3_reordered = False
        self.t3_unplaced = False
        self.t3_head_cells: list[str] = []
        self.t3_head_past_edge = False
        self.t3_lone: dict[int, str] = {}
        self.t3_head_rows: list[list[str]] = []
        self.t3_order: tuple[str, ...] | None = None
        self.t3_off = False
        self.t3_under: list[tuple[str, str, str]] = []
        self.t3_table_start = 0
        self.t3_label_cols: set[int] = set()
        self.prose_tail: list[str] = []  # text lines since the last table row (PROSE_LINES at most)
        self.t3_header_done = False
        self.evidence = "layout"  # of the rows being read: grid for real table rows
        self.t3_prev: str | None = None
        self.t3_last: tuple[str, Row] | None = None
        self.t3_unread: tuple[list[str], Row] | None = None
        self.t3_unread_above: tuple[list[str], Row] | None = None
        self.t4_positions: dict[int, set[str]] = {}
        self.confidence: float | None = None
        self.t4_locator = ""
        self.t4_head: dict[int, tuple[str | None, str | None]] = {}
        self.t4_head_text: dict[int, str] = {}
        self.t4_head_width = 0
        self.t4_heading: str | None = None

    # -- driver ---------------------------------------------------------------------------
    def new_table(self) -> None:
        """A new table grid begins: its header, if it has one, replaces the column positions, unless the table before
        ended in header rows (a header cut at a page break: its lower rows join the rows above, named as printed)."""
        if not (self.t3_head_rows and self.t3_columns and not self.t3_header_done):
            self.t3_header_done, self.t3_head_rows = True, []
        self.t3_off, self.t3_table_start = False, len(self.t3_under)

    def read_prose(self, text: str) -> None:
        """Text between tables, in document order: headings set the table context; last lines may be a row's label."""
        for line in text.splitlines():
            joined = nfkc(line)
            if joined:
                self._prose_line(joined)

    def finish(self) -> None:
        self.confidence = None  # blank rows come from real grids only
        self._t3_blank_facts()
        self._place_short_rows()
        if self.t3_pending:
            where = ", ".join(r.locator for _, _, r in self.t3_pending)
            self.warnings.append(f"t3: rows without a readable label at {where}; withheld")
            self.t3_pending = []

    def read(self, rows: list[Row], only: set[str] | None = None) -> None:
        for row in rows:
            joined = nfkc("".join(row.cells))
            if not joined:
                continue
            if not row.in_table and len(row.cells) == 1 and not self._short_tabular(row):
                self._prose_line(joined)
                continue
            self._switch_context(row, joined)
            self.confidence = row.confidence
            self.evidence = "grid" if row.in_table else "layout"
            if self.context and (only is None or self.context in only):
                getattr(self, f"_{self.context}")(row, joined)
            self.prose_tail = []
        self._flush_t4()

    def _prose_line(self, joined: str) -> None:
        """A line of text between table rows: a heading sets the table context, and so does table 四's header
        printed as text (its groups and results named: its rows are numbers alone); the line may be a row's label."""
        self._maybe_heading(joined)
        if "行政复议" in joined and "行政诉讼" in joined and sum(label in joined for label in T4_RESULT_LABELS) >= 3:
            self._enter("t4")
        self.prose_tail = (self.prose_tail + [joined])[-PROSE_LINES:]

    def _short_tabular(self, row: Row) -> bool:
        split = split_row(row)
        words = [x for x in split.labels + split.values if not numbers_only([x])]
        return bool(numbers_only(split.values)) and sum(len(nfkc(x)) for x in words) <= _MAX_TEXT_LABEL

    def _maybe_heading(self, joined: str) -> None:
        from .sections import heading_key

        key = heading_key(joined)
        if key:
            self._enter({"s2": "t2", "s3": "t3", "s4": "t4"}.get(key))

    def _enter(self, context: str | None) -> None:
        if context != self.context:
            self._flush_t4()
            self.context = context
            self.t2_columns, self.t2_unit, self.t3_prev, self.t2_positions = None, None, None, {}
            self.t3_columns, self.t3_width, self.t3_unplaced, self.t3_order, self.t3_head_rows = {}, 0, False, None, []
            self.t4_head, self.t4_head_width, self.t4_head_text = {}, 0, {}

    def _switch_context(self, row: Row, joined: str) -> None:
        if "第二十条" in joined:
            self._enter("t2")
        elif any(m in joined for m in ("本年新收", "申请人情况", "勾稽关系")):
            self._enter("t3")
        elif ("行政复议" in joined and "行政诉讼" in joined) or self._t4_shape(row):
            self._enter("t4")

    @staticmethod
    def _t4_shape(row: Row) -> bool:
        """A t4 header row without its group labels: results named in cells, or printed vertically a character a cell."""
        chars = sum(1 for c in row.cells if c.strip() in T4_HEADER_CHARS)  # the set holds single characters
        return chars >= 3 or len({nfkc(c) for c in row.cells} & T4_RESULT_LABELS) >= 3

    # -- facts ----------------------------------------------------------------------------
    def add(
        self, table: str, row_key: str, col: str, raw: str, locator: str, unit: str | None = None, evidence: str | None = None
    ) -> None:
        if raw in (SPAN, MISSING, CUT):
            return
        cell = read_cell(raw)
        if self.confidence is not None and cell.semantic != "number":
            return  # OCR layout cannot prove a cell blank: only numbers are taken from OCR rows
        if self.confidence is not None and col in SIGNED_COLUMNS and cell.value and cell.value > 0 and "+" not in raw:
            self.warnings.append(
                f"{table}: {row_key}.{col} read by OCR as {raw.strip()!r} at {locator}: a change may be negative and "
                "OCR drops a short minus sign; withheld"
            )
            return
        fact = Fact(table, row_key, col, cell.value, raw.strip(), cell.semantic, cell.unit or unit, locator, self.confidence)
        fact.evidence = "ocr" if self.confidence is not None else evidence or self.evidence
        if cell.semantic == "number" and unit and not cell.unit:
            fact.unit = unit
        elif cell.semantic != "number":
            fact.unit = None
        key = fact.key()
        if key in self.conflicts:
            return
        old = self.facts.get(key)
        if old is None:
            self.facts[key] = fact
        elif (old.value, old.semantic) != (fact.value, fact.semantic):
            del self.facts[key]
            self.conflicts.add(key)
            self.warnings.append(
                f"{table}: {row_key}.{col} read twice with different values ({old.raw!r}, {fact.raw!r}); dropped"
            )

    # -- t2 -------------------------------------------------------------------------------
    def _t2(self, row: Row, joined: str) -> None:
        if "第二十条" in joined and not numbers_only(split_row(row).values):
            self.t2_columns, self.t2_unit, self.t2_positions = None, None, {}
            return
        split = split_row(row)
        if not numbers_only(split.values) and not any(v for v in split.values if v not in (SPAN, MISSING)):
            self._t2_header(split.labels)
            self.t2_width = len(row.cells)
            self.t2_positions = t2_positions(row.cells) if row.in_table else {}
            self.t2_head_cells = list(row.cells)
            return
        key = self._match_t2_row(split.labels)
        if key is None:
            if numbers_only(split.values):
                self.warnings.append(f"t2: unlabelled values at {row.locator}")
            return
        if row.in_table and self.t2_positions and self.t2_width == len(row.cells):
            if not self._t2_placed(row):
                self.warnings.append(f"t2: {key} at {row.locator} does not line up with the header above it; withheld")
                return
            cells, skip = row.cells, (SPAN, MISSING, *split.labels)  # the cell below each column's header
            self._t2_add(
                key, [(c, cells[i]) for i, c in self.t2_positions.items() if i < len(cells) and cells[i] not in skip], row.locator
            )
            return
        if row.in_table:  # read in order: the values begin after the label, a zero printed as — or 无 among them
            split = split_row(row, self._t2_value_start(row))
        columns = self.t2_columns or list(spec.T2_DEFAULT_COLUMNS.get(self.template, {}).get(key, ()))
        if not columns:
            self.warnings.append(f"t2: no column header for {key} at {row.locator}")
            return
        values = list(split.values)
        while values and not values[-1].strip():
            values.pop()
        if not self.t2_columns and tuple(columns) in self.headers.t2 and not alike(split.values):
            self.warnings.append(
                f"t2: {key} at {row.locator} has no header of its own, and a header printed as text names its columns "
                "in another order than the template's; withheld"
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

    # -- t3 -------------------------------------------------------------------------------
    def _take_split(self, table: str, key: str, splits: list[list[int]], row: Row, n: int) -> list[str | None]:
        if len(splits) == 1:
            self.warnings.append(
                f"{table}: {key} digits run together at {row.locator}; the only split that satisfies the identities was taken"
            )
            return [str(v) for v in splits[0]]
        why = "ambiguous (several splits satisfy the identities)" if splits else "unreadable (cell count does not fit)"
        self.warnings.append(f"{table}: {key} at {row.locator} is {why}; no facts")
        return [None] * n

    # -- t4 -------------------------------------------------------------------------------
