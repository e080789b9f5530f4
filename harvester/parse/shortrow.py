"""A t3 row printed with fewer cells than its seven columns (a cell lost in conversion): its cells are placed where
the table's identities put them, only when exactly one placement in the printed order agrees with them."""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from . import spec
from .cells import is_number, read_cell
from .checks import FactMap, outcome_rows
from .model import Row
from .readerbase import ReaderBase
from .rows import split_row

Expected = dict[str, float]  # column -> the value the other rows' identities give


def _number(facts: FactMap, row: str, col: str) -> float | None:
    fact = facts.get(("t3", row, col))
    return float(fact.value) if fact is not None and fact.semantic == "number" and fact.value is not None else None


def _solve(facts: FactMap, key: str, plus: tuple[str, ...], minus: tuple[str, ...], col: str) -> float | None:
    """key's cell in col from key = Σ plus − Σ minus, when every other cell is a number."""
    terms = [_number(facts, r, col) for r in (*plus, *minus)]
    if any(t is None for t in terms):
        return None
    return sum(t for t in terms[: len(plus)] if t is not None) - sum(t for t in terms[len(plus) :] if t is not None)


def _equations(key: str, outcomes: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each way the spec's identities give key's cells from other rows: (rows added, rows taken away)."""
    balance = ("new_received", "carried_over", "total_processed", "carried_forward")
    found: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    if key in ("new_received", "carried_over"):
        found.append((("total_processed", "carried_forward"), tuple(r for r in balance[:2] if r != key)))
    if key in ("total_processed", "carried_forward"):
        found.append((("new_received", "carried_over"), tuple(r for r in balance[2:] if r != key)))
    if key == "total_processed":
        found.append((outcomes, ()))
    if key in outcomes:
        found.append((("total_processed",), tuple(r for r in outcomes if r != key)))
    return found


def expected_row(facts: FactMap, key: str, outcomes: tuple[str, ...]) -> Expected:
    """Key's cells as the other rows' identities give them, where they do (and agree with each other)."""
    out: Expected = {}
    for col in spec.T3_COLUMNS:
        values = {v for plus, minus in _equations(key, outcomes) if (v := _solve(facts, key, plus, minus, col)) is not None}
        if len(values) == 1:
            out[col] = values.pop()
    return out


def placements(printed: list[float], expected: Expected) -> list[tuple[str, ...]]:
    """Every choice of columns, in the template's order, under which each printed value equals the expected one."""
    cols = spec.T3_COLUMNS
    return [
        chosen
        for chosen in combinations(cols, len(printed))
        if all(c in expected and expected[c] == v for c, v in zip(chosen, printed, strict=True))
    ]


def place(printed: list[float], expected: Expected) -> tuple[str, ...] | None:
    """The one placement of a short row's printed values that the identities allow; None when none or several."""
    if not printed or len(printed) >= len(spec.T3_COLUMNS):
        return None
    found = placements(printed, expected)
    return found[0] if len(found) == 1 else None


class ShortRowMixin(ReaderBase):
    """The short-row part of TableReader: rows kept while the tables are read, placed once every other row is in."""

    t3_short: list[tuple[str, list[str], Row, str]]  # key, printed values, row, the warning if they cannot be placed
    t3_skipped: Row | None  # the last row with numbers but no label nor columns to read
    t3_beside_skipped: list[Row]  # rows without a label right above or below such a row
    t3_pending: list[tuple[set[str], list[str], Row]]
    row_above: Row | None

    if TYPE_CHECKING:  # provided by T3Mixin (add: ReaderBase)

        def _match_t3_row(self, labels: list[str]) -> str | None: ...

    def _keep_short(self, row: Row, key: str | None, withheld: str) -> None:
        """A row whose values are all numbers but fewer than seven waits for the other rows; else it is withheld."""
        split = split_row(row)
        values = [v.strip() for v in split.values]
        while values and not values[-1]:
            values.pop()
        key = key or (self._match_t3_row(split.labels) if split.labels else None)
        if key and values and len(values) < len(spec.T3_COLUMNS) and all(is_number(v) for v in values):
            self.t3_short.append((key, values, row, withheld))
            return
        self.warnings.append(withheld)
        if key is None:  # numbers left unread: a row without a label next to them may be their row's rest, or they its
            self.t3_skipped = row
            if self.t3_pending and self.t3_pending[-1][2] is self.row_above:
                self.t3_beside_skipped.append(self.t3_pending[-1][2])

    def _place_short_rows(self) -> None:
        if not self.t3_short:
            return
        outcomes = outcome_rows(self.facts)
        for key, values, row, withheld in self.t3_short:
            if any(k[:2] == ("t3", key) for k in self.facts):
                continue  # the row was read elsewhere (printed twice)
            printed = [float(read_cell(v).value or 0) for v in values]
            chosen = place(printed, expected_row(self.facts, key, outcomes))
            if chosen is None:
                self.warnings.append(withheld)
                continue
            for col, raw in zip(chosen, values, strict=True):
                self.add("t3", key, col, raw, row.locator, evidence="ocr" if row.confidence is not None else "identity")
            gone = [c for c in spec.T3_COLUMNS if c not in chosen]
            self.warnings.append(
                f"t3: {key} at {row.locator} prints {len(values)} cells for {len(spec.T3_COLUMNS)} columns; only one "
                f"placement agrees with the other rows' identities: {', '.join(chosen)}; {', '.join(gone)} withheld"
            )
        self.t3_short = []
