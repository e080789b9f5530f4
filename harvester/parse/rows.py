"""Split one row into its label and value cells; recover value lists from noisy text rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .cells import is_number, nfkc
from .model import Row
from .segment import readings

SPAN = "\x00span"  # a copy of a merged numeric cell: no value of its own
MISSING = "\x00missing"  # a slot the row's cells did not reach (a short HTML row): not a blank cell
CUT = "\x00cut"  # a cell printed only in part (cut at the page's edge): where it stands is known, its value is not
_UNIT_TOKEN = re.compile(r"^(万元|亿元|元)$")
MAX_SPLIT_DIGITS = 24


def label_words(cell: str) -> bool:
    """A cell holding a label's words: neither blank, a number, nor a slot of another cell (SPAN, MISSING), nor CUT."""
    return bool(cell.strip()) and cell not in (SPAN, MISSING, CUT) and not is_number(cell)


def span_owner(cells: Sequence[str], i: int) -> int:
    """The slot of the merged cell that slot i carries on (i itself unless it is SPAN; slot 0 at most)."""
    while 0 < i < len(cells) and cells[i] == SPAN:
        i -= 1
    return i


def ran_out(cells: list[str]) -> bool:
    """The row's missing slots are its last ones: its cells ran out before the grid's width."""
    first = cells.index(MISSING) if MISSING in cells else len(cells)
    return all(c == MISSING for c in cells[first:])


@dataclass
class SplitRow:
    """A row as label cells plus value cells (value cells keep their raw text; '' is blank)."""

    labels: list[str]
    values: list[str]
    positional: bool  # values keep their cell positions (blank cells included)


def _retokenise(cells: list[str]) -> list[str]:
    """Split space-separated cells (PDF or pasted text) into tokens, gluing units to numbers."""
    out: list[str] = []
    for cell in cells:
        parts = cell.split()
        if len(parts) <= 1 or not any(is_number(p) for p in parts):
            out.append(cell)
            continue
        label: list[str] = []
        for part in parts:
            if _UNIT_TOKEN.match(part) and out and is_number(out[-1]):
                out[-1] = f"{out[-1]} {part}"
            elif is_number(part):
                if label:
                    out.append(" ".join(label))
                    label = []
                out.append(part)
            else:
                label.append(part)
        if label:
            out.append(" ".join(label))
    return out


def split_row(row: Row, value_start: int | None = None) -> SplitRow:
    """Separate labels from values; table rows keep positions, text rows are tokenised."""
    cells = [c.strip() for c in row.cells]
    if row.in_table:
        if value_start is None:
            value_start = next((i for i, c in enumerate(cells) if is_number(c) or c == SPAN), len(cells))
        return SplitRow(_dedupe([c for c in cells[:value_start] if c]), cells[value_start:], True)
    while cells and not cells[-1]:
        cells.pop()
    cells = _retokenise(cells)
    first = next((i for i, c in enumerate(cells) if is_number(c)), len(cells))
    labels = [c for c in cells[:first] if c]
    return SplitRow(_dedupe(labels), cells[first:], True)


def _dedupe(labels: list[str]) -> list[str]:
    out: list[str] = []
    for label in labels:
        if not out or nfkc(out[-1]) != nfkc(label):
            out.append(label)
    return out


def numbers_only(values: Sequence[str]) -> list[str]:
    return [v for v in values if is_number(v)]


def windows(values: list[str], n: int) -> list[list[str | None]] | None:
    """With more numbers than columns, keep only cells that read the same in every contiguous window."""
    extra = len(values) - n
    if extra <= 0 or extra > 2:
        return None
    options = [values[i : i + n] for i in range(extra + 1)]
    agreed: list[str | None] = []
    for col in range(n):
        seen = {nfkc(r[col]) for r in options}
        agreed.append(options[0][col] if len(seen) == 1 else None)
    return [agreed]


def in_own_cells(nums: list[str], row: Row) -> bool:
    """The row's numbers each a cell of its own (a pipe row, a tab-separated line; not OCR's boxes, one of which may
    hold two cells): a number is one cell's, not two columns' digits run together, and too few numbers mean a column
    left out, not digits to split."""
    return row.confidence is None and len(nums) > 1 and sum(1 for c in row.cells if is_number(c)) == len(nums)


def split_flattened(tokens: list[str], n: int, valid: Callable[[list[int]], bool]) -> list[list[int]]:
    """Every split of run-together digit tokens into n numbers that satisfies `valid`."""
    digits = [nfkc(t) for t in tokens]
    if not digits or not all(d.isdigit() for d in digits) or len(digits) >= n:
        return []
    if sum(len(d) for d in digits) > MAX_SPLIT_DIGITS or sum(len(d) for d in digits) < n:
        return []
    return [[int(x) for x in cells] for cells in readings(digits, n, lambda v: valid([int(x) for x in v]), limit=1)]
