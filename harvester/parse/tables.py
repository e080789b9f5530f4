"""Read the t2, t3 and t4 tables of a report from rows, by label, into canonical facts: the driver and the facts."""

from __future__ import annotations

from .cells import nfkc, read_cell, run_together
from .headers import TextHeaders
from .model import Fact, Row
from .rows import CUT, MISSING, SPAN, numbers_only, split_row
from .t2 import T2Mixin
from .t3 import T3Mixin
from .t4 import T4_HEADER_CHARS, T4_RESULT_LABELS, T4Mixin

_MAX_TEXT_LABEL = 60
# text lines kept above a table row: a label printed outside its row, or several labels floated out of their cells
PROSE_LINES = 12
SIGNED_COLUMNS = {"change"}  # 本年增/减: a count that may be negative


class TableReader(T2Mixin, T3Mixin, T4Mixin):
    """Walks rows in document order, tracks which table it is in, and collects facts."""

    def __init__(self, template: str, headers: TextHeaders | None = None) -> None:
        self.template = template
        self.headers = headers or TextHeaders()
        self.facts: dict[tuple[str, str, str], Fact] = {}
        self.conflicts: set[tuple[str, str, str]] = set()
        self.withdrawn: set[tuple[str, str]] = set()  # (table, row) whose values were shown cut or wrapped: read by no one
        self.warnings: list[str] = []
        self.context: str | None = None
        self.t2_columns: list[str | None] | None = None
        self.t2_unit: str | None = None
        self.t3_columns: dict[int, str] = {}  # grid column index -> t3 column key, from the header cells
        self.t3_width = 0
        self.t2_width = 0
        self.t2_positions: dict[int, str] = {}  # grid column index -> t2 column key, from the header cells
        self.t2_head_cells: list[str] = []  # the t2 header row's cells
        self.t2_unlabelled: list[str] = []  # rows of numbers without a t2 label (a cell a line: each number)
        self.t4_done: list[str] = []  # groups read so far
        self.t4_group_cols: dict[int, str] = {}
        self.t4_transposed: dict[tuple[str, str], tuple[str, str]] = {}
        self.t3_pending: list[tuple[set[str], list[str], Row]] = []
        self.t3_skipped: Row | None = None  # the last row with numbers but no label nor columns to read
        self.t3_beside_skipped: list[Row] = []  # rows without a label right above or below such a row
        self.t3_blank_rows: dict[str, tuple[dict[str, str | None], Row]] = {}  # t3 rows printed wholly blank
        self.t3_short: list[tuple[str, list[str], Row, str]] = []  # t3 rows with fewer cells than columns
        self.t3_reordered = False
        self.t3_unplaced = False
        self.t3_head_cells: list[str] = []
        self.t3_head_past_edge = False
        self.t3_head_corner = ""
        self.t3_lone: dict[int, str] = {}
        self.t3_head_rows: list[list[str]] = []
        self.t3_order: tuple[str, ...] | None = None
        self.t3_off = False
        self.t3_under: list[tuple[str, str, str]] = []
        self.t3_table_start = 0
        self.t3_label_cols: set[int] = set()
        self.t3_unnamed_said: set[tuple[str, ...]] = set()
        self.prose_tail: list[str] = []  # text lines since the last table row (PROSE_LINES at most)
        self.t3_header_done = False
        self.evidence = "layout"  # of the rows being read: grid for real table rows
        self.t3_prev: str | None = None
        self.t3_last: tuple[str, Row] | None = None
        self.row_above: Row | None = None  # the table row read just before this one (text lines between: prose_tail)
        self.t3_unread: tuple[list[str], Row] | None = None
        self.t3_unread_above: tuple[list[str], Row] | None = None
        self.t4_positions: dict[int, set[str]] = {}
        self.confidence: float | None = None
        self.t4_locator = ""
        self.t4_head: dict[int, tuple[str | None, str | None]] = {}
        self.t4_head_text: dict[int, str] = {}
        self.t4_head_width = 0
        self.t4_heading: str | None = None
        self.run_together: set[str] = set()  # locators of rows a cell of which holds two cells' digits run together
        self.cut_by_identity: set[str] = set()  # locators of rows whose run-together digits the identities cut

    # -- driver ---------------------------------------------------------------------------
    def new_table(self, carried: bool = False) -> None:
        """A new table grid begins: its header, if it has one, replaces the column positions, unless the table before
        ended in header rows (a header cut at a page break: its lower rows join the rows above, named as printed;
        where those rows name no column yet, the 勾稽关系 corner alone on the page before, the rest of the table they
        head keeps them as its header's top rows). The rest of a table carried over a page break is one table with
        its first part, laid out alike: rows standing off the header there stand off here too, and a row standing off
        here withdraws the rows read there."""
        header_cut = self.t3_columns and not self.t3_header_done
        if not (self.t3_head_rows and (header_cut or (carried and not self.t3_columns))):
            self.t3_header_done, self.t3_head_rows = True, []
        if not carried:
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
            if any(run_together(c) for c in row.cells):
                self.run_together.add(row.locator)
            if self.context and (only is None or self.context in only):
                getattr(self, f"_{self.context}")(row, joined)
            self.prose_tail, self.row_above = [], row
        self._flush_t4()
        if self.t2_unlabelled:
            self.warnings.append(f"t2: unlabelled values at {', '.join(self.t2_unlabelled)}")
            self.t2_unlabelled = []

    def _prose_line(self, joined: str) -> None:
        """A line of text between table rows: a heading sets the table context, and so does table 四's header
        printed as text (its groups and results named: its rows are numbers alone); the line may be a row's label."""
        self._maybe_heading(joined)
        if self.context == "t2" and "第二十条" in joined:  # a part's caption printed as text, as its caption row
            self._t2_forget_header()
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
            self._t2_forget_header()
            self.t3_prev = None
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
        if raw in (SPAN, MISSING, CUT) or self._run_together(table, row_key, locator):
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
        cut = locator in self.cut_by_identity
        fact.evidence = "ocr" if self.confidence is not None else "identity" if cut else evidence or self.evidence
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

    def _run_together(self, table: str, row_key: str, locator: str) -> bool:
        """A row one cell of which holds two cells' digits run together (「00件」: two rows printed as one, their line
        break lost): its other numbers may be two cells' too (「20」 over 「0」 read 200), the totals holding; withheld,
        and read by no one."""
        if locator not in self.run_together:
            return False
        if (table, row_key) not in self.withdrawn:
            self.withdrawn.add((table, row_key))
            self.warnings.append(
                f"{table}: {row_key} at {locator} has a cell of digits opening with 0 (two cells' digits run together, "
                "two rows printed as one?); row withheld"
            )
        return True

    # -- t3 -------------------------------------------------------------------------------
    def _take_split(self, table: str, key: str, splits: list[list[int]], row: Row, n: int) -> list[str | None]:
        if len(splits) == 1:
            self.cut_by_identity.add(row.locator)  # its facts rest on the identities, not on the printed layout
            self.warnings.append(
                f"{table}: {key} digits run together at {row.locator}; the only split that satisfies the identities was taken"
            )
            return [str(v) for v in splits[0]]
        why = "ambiguous (several splits satisfy the identities)" if splits else "unreadable (cell count does not fit)"
        self.warnings.append(f"{table}: {key} at {row.locator} is {why}; no facts")
        return [None] * n

    # -- t4 -------------------------------------------------------------------------------
