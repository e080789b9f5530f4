"""Where a grid's values are: template columns located by their header cells, and rows that lost their alignment."""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import spec
from .cells import is_number, nfkc, norm_label, read_cell
from .rows import MISSING, SPAN, numbers_only

_INNER_MARK = re.compile(r"[（(][一二三四五六七八九十]+[)）]|(?<![\d.])\d+[、.．](?!\d)|[一二三四五六七八九十]+、")


def with_inner_suffixes(labels: list[str]) -> list[str]:
    """Labels plus, for a cell that joins several levels (三、… （三）… 1.…), the text after each level."""
    out: list[str] = []
    for label in labels:
        text = norm_label(label)
        starts = [m.start() for m in _INNER_MARK.finditer(text) if m.start() > 0]
        out.append(label)
        out.extend(text[i:] for i in starts)
    return out


def t2_positions(cells: list[str]) -> dict[int, str]:
    """Column positions of a t2 header row (a spanned header copied over two slots counts once)."""
    out: dict[int, str] = {}
    for i, cell in enumerate(cells):
        col = t2_column(cell) if cell not in (SPAN, MISSING) else None
        if col and col not in out.values():
            out[i] = col
    return out


def t2_column(label: str) -> str | None:
    text = nfkc(label)
    if any(nfkc(x) in text for x in spec.T2_DECISIONS_LABELS):
        return "decisions"
    for key, names in spec.T2_COLUMNS.items():
        if any(nfkc(n) in text for n in names):
            return key
    return None


def column_key(cell: str) -> str | None:
    text = nfkc(cell)
    for key, names in spec.T3_COLUMN_LABELS.items():
        if text in names or (len(text) >= 2 and key not in ("other_org", "total") and any(n.startswith(text) for n in names)):
            return key
    return None


def t3_header(cells: list[str]) -> dict[int, str]:
    """Column positions of a t3 header row: index -> key, when at least two applicant columns are named."""
    found = {i: key for i, c in enumerate(cells) if (key := column_key(c))}
    return found if len(set(found.values())) >= 2 else {}


def trailing_values(cells: list[str], n: int) -> int | None:
    """Index where the last n cells start, when they are all numbers or blanks and the labels stand before them."""
    stripped = list(cells)
    while stripped and not stripped[-1].strip():
        stripped.pop()
    start = len(stripped) - n
    if start < 0 or (start > 0 and not any(stripped[i].strip() for i in range(start))):
        return None  # labels, if any, stand before the values
    tail = stripped[start:]
    if not all(is_number(c) or c == SPAN or read_cell(c).semantic == "blank" for c in tail) or not numbers_only(tail):
        return None
    if start and is_number(stripped[start - 1]):
        return None
    return start


def seven_after_label(cells: list[str], n: int, blank_row: bool = False) -> dict[str, str | None] | None:
    """A short grid row's values when its last n cells are numbers or blanks (one number at least, none with
    blank_row), a text label stands right before them, and a row total that can be checked holds: the cells the
    row lost were label cells."""
    if len(cells) <= n or not (cells[-n - 1].strip() and read_cell(cells[-n - 1]).semantic == "text"):
        return None
    tail = cells[-n:]
    if not all(read_cell(c).semantic in ("number", "blank") for c in tail) or bool(numbers_only(tail)) == blank_row:
        return None
    values: dict[str, str | None] = dict(zip(spec.T3_COLUMNS, tail, strict=True))
    return None if row_total_fails(values) else values


def _row_numbers(values: Mapping[str, str | None]) -> list[float] | None:
    """The row's seven numbers in the template's column order, or None when any cell holds no number."""
    nums = [read_cell(values.get(c) or "").value for c in spec.T3_COLUMNS]
    known = [v for v in nums if v is not None]
    return known if len(known) == len(nums) else None


def row_total_fails(values: Mapping[str, str | None]) -> bool | None:
    known = _row_numbers(values)
    if known is None:
        return None
    return abs(sum(known[:-1]) - known[-1]) > 1e-9


def total_elsewhere(values: Mapping[str, str | None]) -> bool:
    """A cell other than 总计 that equals the sum of the other six: the row adds up with its columns placed another
    way (a layout unlike the template's), not only as printed in error."""
    known = _row_numbers(values)
    return known is not None and any(abs(2 * v - sum(known)) < 1e-9 for v in known[:-1])


def better_alignment(cells: list[str], columns: dict[int, str]) -> tuple[int, dict[str, str | None]] | None:
    """When the header reading fails its row total, a shift by which it passes (the printed row is misaligned)."""
    here: dict[str, str | None] = {key: cells[i] for i, key in columns.items()}
    status = row_total_fails(here)
    if status is False or (status is None and not numbers_only([cells[i] for i in columns])):
        return None
    for shift in (-1, 1, -2, 2):
        moved: dict[str, str | None] = {
            key: cells[i + shift] if 0 <= i + shift < len(cells) else "" for i, key in columns.items()
        }
        if row_total_fails(moved) is False and row_total_fails(here) is not False:
            return shift, moved
    return None


_ORG_NAMES = (
    ("business", "商业企业"),
    ("research", "科研机构"),
    ("nonprofit", "社会公益组织"),
    ("legal_services", "法律服务机构"),
)
_T3_HEAD = re.compile(r"申请人情况|法人或其他组织|勾稽关系")
_T3_FIRST_ROW = "本年新收政府信息公开申请"
HEADER_SPAN = 200  # characters: a header's words, not the report's prose


def text_header_order(prose: str) -> list[str] | None:
    """The organisation columns in the order a t3 header printed as text names them (after its last 申请人情况,
    法人或其他组织 or 勾稽关系, up to the first row's label if the text has it, HEADER_SPAN characters at most); None
    where it does not name all four whole, once each (a header whose cells wrapped over lines is read a line at a
    time across its columns: 「社会法律 / 公益服务其他」 names them in no order)."""
    text = re.sub(r"\s+", "", nfkc(prose))
    end = text.find(_T3_FIRST_ROW)  # not in the text when the rows are a grid of their own
    heads = [m.start() for m in _T3_HEAD.finditer(text, 0, end if end > 0 else len(text))]
    if not heads:
        return None
    head = text[heads[-1] : min(end if end > heads[-1] else len(text), heads[-1] + HEADER_SPAN)]
    if any(head.count(name) != 1 for _, name in _ORG_NAMES):
        return None
    return [key for _, key in sorted((head.find(name), key) for key, name in _ORG_NAMES)]


def order_differs(order: list[str] | None) -> bool:
    """Columns named in another order than the template's."""
    return bool(order) and order != [k for k in spec.T3_COLUMNS if k in (order or [])]


def _t2_names(key: str) -> tuple[str, ...]:
    return spec.T2_DECISIONS_LABELS if key == "decisions" else spec.T2_COLUMNS[key]


def t2_disputed_orders(prose: str) -> set[tuple[str, ...]]:
    """Table 一's column orders (as the template lays out a kind of row) that a header printed as text names in
    another order: after each 信息内容, up to its first row's label (HEADER_SPAN characters at most), each column
    named whole; 本年新制作数量 … 对外公开总数量 printed 对外公开总数量 first disputes (new_made, new_published,
    total_published)."""
    text = re.sub(r"\s+", "", nfkc(prose))
    row_names = [nfkc(n) for names in spec.T2_ROWS.values() for n in names]
    disputed: set[tuple[str, ...]] = set()
    for m in re.finditer("信息内容", text):
        head = text[m.end() : m.end() + HEADER_SPAN]
        head = head[: min((i for n in row_names if (i := head.find(n)) >= 0), default=len(head))]
        at: dict[str, int] = {}
        for key in spec.T2_COLUMNS.keys() | {"decisions"}:
            found = [i for n in _t2_names(key) if (i := head.find(nfkc(n))) >= 0]
            if found:
                at[key] = min(found)
        for layouts in spec.T2_DEFAULT_COLUMNS.values():
            for columns in set(layouts.values()):
                if len(columns) > 1 and all(c in at for c in columns) and sorted(columns, key=at.__getitem__) != list(columns):
                    disputed.add(columns)
    return disputed


def show_row(values: Mapping[str, str | None]) -> str:
    return "|".join(v if (v := values.get(c)) and v != MISSING and v.strip() else "_" for c in spec.T3_COLUMNS)
