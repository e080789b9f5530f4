"""Table 三's header as a whole: the 法人或其他组织 cell over its five columns, and the order the header rows name them."""

from __future__ import annotations

from . import spec
from .cells import nfkc
from .columns import column_key
from .rows import MISSING, SPAN

GROUP = "group"  # the 法人或其他组织 cell, in a header row's reading order
ORGS = spec.T3_COLUMNS[1:-1]  # the five columns under it
_BLANK = ("", SPAN)


def is_group(cell: str) -> bool:
    """The 法人或其他组织 cell, or its first part where a page break cut it (「法人或其他组」 over 「织」)."""
    text = nfkc(cell).replace(" ", "")
    return "法人" in text and ("组织" in text or text.endswith("其他组"))


def group_slots(cells: list[str]) -> tuple[set[int], set[int]]:
    """Where a header row prints 法人或其他组织: the slots holding its text, and those slots with the blank or SPAN
    slots after each (a merged cell printed once, the slots it spans left blank)."""
    own = {i for i, c in enumerate(cells) if c not in (SPAN, MISSING) and is_group(c)}
    wide = set(own)
    for i in own:
        j = i + 1
        while j < len(cells) and cells[j].strip() in _BLANK and j not in own:
            wide.add(j)
            j += 1
    return own, wide


def group_contradicted(columns: dict[int, str], head_rows: list[list[str]]) -> bool:
    """The header's column positions deny its own 法人或其他组织 cell: one of the five organisation columns stands
    outside the slots that cell spans, or 自然人 or 总计 under the cell itself (a header printed without its colspans:
    the grid puts each label wherever its row's cells run out, not under the cell it belongs to); or they stand apart."""
    for cells in head_rows:
        own, wide = group_slots(cells)
        if own and any((key in ORGS and i not in wide) or (key not in ORGS and i in own) for i, key in columns.items()):
            return True
    return apart(columns)


def apart(columns: dict[int, str]) -> bool:
    """自然人 or 总计 named between two of the five organisations: they stand together under their cell in every
    layout, so the positions are not a layout's (a cell cut by a page break hides the group cell that would say so)."""
    keys = [key for _, key in sorted(columns.items())]
    at = [n for n, key in enumerate(keys) if key in ORGS]
    return bool(at) and any(keys[n] not in ORGS for n in range(at[0], at[-1]))


def _reading(cells: list[str]) -> list[str]:
    """A header row's column keys and 法人或其他组织 in the order the row prints them, each once."""
    out: list[str] = []
    for cell in cells:
        if cell in (SPAN, MISSING) or not cell.strip():
            continue
        key = GROUP if is_group(cell) else column_key(cell)
        if key and key not in out:
            out.append(key)
    return out


def reading_order(head_rows: list[list[str]]) -> tuple[str, ...] | None:
    """The seven columns in the order the header's rows print them: the row with 法人或其他组织 gives 自然人, the
    group and 总计 in its order, the first row below it naming all five gives theirs. None when they do not say."""
    tops = [i for i, cells in enumerate(head_rows) if GROUP in _reading(cells)]
    if not tops:
        return None
    top = [k for k in _reading(head_rows[tops[0]]) if k in (GROUP, "natural_person", "total")]
    members = next(
        ([k for k in order if k in ORGS] for cells in head_rows[tops[0] + 1 :] if set(ORGS) <= set(order := _reading(cells))),
        None,
    )
    if members is None or len(top) != 3:
        return None
    at = top.index(GROUP)
    return tuple(top[:at] + members + top[at + 1 :])
