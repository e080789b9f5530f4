"""Table 四's rows and their header a column or two apart: totals under it and a column over; a header at odds."""

from __future__ import annotations

from . import spec
from .cells import nfkc, read_cell


def totals_hold(values: dict[tuple[str, str], str], blank_zero: bool = False) -> bool | None:
    """Whether every group whose five cells are all numbers adds up (its four results to its total); None: none is.
    With blank_zero a blank cell (empty, a dash, 无) counts as 0, as reports print their zeros; a column the table
    does not print is no cell."""
    held = None
    for group in spec.T4_GROUPS:
        if any((group, col) not in values for col in spec.T4_COLUMNS):
            continue
        raws = [values[(group, col)] for col in spec.T4_COLUMNS]
        nums = [0 if blank_zero and _nil(raw) else read_cell(raw).value for raw in raws]
        if all(v is not None for v in nums):
            known = [float(v) for v in nums if v is not None]
            if abs(sum(known[:4]) - known[4]) > 1e-9:
                return False
            held = True
    return held


def _nil(raw: str) -> bool:
    """A cell printed for a zero: blank, a dash, or 无 (which the parser never reads as a value)."""
    return read_cell(raw).semantic == "blank" or nfkc(raw).strip() == "无"


def shift_fits(cells: list[str], named: dict[int, tuple[str, str]]) -> bool:
    """A row read under its header fails a group's total, and read a column over every group that can be checked
    holds, or none can be checked and the cell that reading leaves out is blank: the row and its header may be a
    column apart. Where no group's five cells are all numbers, its blanks are read as zeros for this test (a stray
    cell before a row whose zeros are left blank)."""
    for blank_zero in (False, True):
        here = totals_hold({key: cells[i] for i, key in named.items()}, blank_zero)
        if here is not None:
            break
    if here is not False:
        return False
    for shift in (1, -1):
        moved = {key: cells[i + shift] for i, key in named.items() if 0 <= i + shift < len(cells)}
        held = totals_hold(moved, blank_zero)
        left_out = cells[min(named) if shift > 0 else max(named)]
        if held or (held is None and read_cell(left_out).semantic == "blank"):
            return True
    return False


def shift_undecided(cells: list[str], named: dict[int, tuple[str, str]]) -> bool:
    """The row and its header may stand a column apart either way, and nothing tells the two readings apart: read a
    column over, its numbers stand under other columns with no group's total failing, and the slot that reading
    frees is blank. A column left: a blank slot just left of the header's first named column (a stray empty cell
    before the header's rows puts it a column right of its rows, over a value left blank). A column right: the cell
    under the header's first named column is blank where the row prints its zeros, or where the groups the readings
    differ in have no 总计 to check them (a stray empty cell before the rows below the header)."""
    first = min(named)
    if first > 0 and not cells[first - 1].strip() and _holds_moved(cells, named, -1):
        return True
    if cells[first].strip() or not _holds_moved(cells, named, 1):
        return False
    unchecked = all((group, "total") not in named.values() for group in _differ(cells, named, 1))  # no 总计 to tell
    return unchecked or any(read_cell(c).value == 0 for c in cells)


def _holds_moved(cells: list[str], named: dict[int, tuple[str, str]], shift: int) -> bool:
    """Read `shift` columns over, the row places other numbers under the header's columns and no group fails."""
    moved = {key: cells[i + shift] for i, key in named.items() if 0 <= i + shift < len(cells)}
    return bool(_differ(cells, named, shift)) and totals_hold(moved, blank_zero=True) is not False


def _differ(cells: list[str], named: dict[int, tuple[str, str]], shift: int) -> set[str]:
    """The groups whose values read `shift` columns over differ from those read under the header."""
    return {
        key[0]
        for i, key in named.items()
        if 0 <= i + shift < len(cells) and read_cell(cells[i]).value != read_cell(cells[i + shift]).value
    }


def head_denies(head: dict[int, tuple[str | None, str | None]], first: int) -> bool:
    """A header (column -> the group and result it names) over a row whose values, from column first, are read in
    the template's order, that names a group or result the template puts elsewhere at every shift of up to two
    columns that checks anything (a header a column off its rows, a stray cell before it, agrees shifted). A group
    counts only over a group's first column: a merged cell's label stripped of its span stands anywhere after it."""
    verdicts = [_head_agrees(head, first + s) for s in range(-2, 3)]
    return any(v is not None for v in verdicts) and not any(verdicts)


def _head_agrees(head: dict[int, tuple[str | None, str | None]], start: int) -> bool | None:
    """Whether the header agrees with the template's layout from column start on; None: it names nothing there."""
    checked = False
    for i, (group, col) in head.items():
        j = i - start
        if not 0 <= j < 15:
            continue
        if col:
            checked = True
            if col != spec.T4_COLUMNS[j % 5]:
                return False
        if group and j % 5 == 0:
            checked = True
            if group != spec.T4_GROUPS[j // 5]:
                return False
    return True if checked else None
