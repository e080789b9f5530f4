"""Where a grid's values are: template columns located by their header cells, and rows that lost their alignment."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from . import spec
from .cells import CN_NUMERAL, GROUP_NUMBER, LABEL_CACHE, is_number, label_candidates, nfkc, norm_label, read_cell
from .rows import CUT, MISSING, SPAN, numbers_only, span_owner

_INNER_MARK = re.compile(rf"{GROUP_NUMBER}|(?<![\d.])\d+[、.．](?!\d)|{CN_NUMERAL}、")


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


@functools.lru_cache(maxsize=LABEL_CACHE)  # pure, asked of every header cell
def t2_column(label: str) -> str | None:
    text = nfkc(label)
    if any(nfkc(x) in text for x in spec.T2_DECISIONS_LABELS):
        return "decisions"
    for key, names in spec.T2_COLUMNS.items():
        if any(nfkc(n) in text for n in names):
            return key
    return None


# every t2 column name with its key, the longest first (the longest name at a place wins)
_T2_NAMES = sorted(
    [(nfkc(n), key) for key, names in spec.T2_COLUMNS.items() for n in names]
    + [(nfkc(n), "decisions") for n in spec.T2_DECISIONS_LABELS],
    key=lambda name_key: -len(name_key[0]),
)


def t2_columns_in(label: str) -> list[str | None]:
    """The t2 columns a header cell names, in reading order: one, or several where their words ran together in
    one cell (OCR reads 「本年制发件数本年废止件数现行有效件数」 as one box)."""
    text = nfkc(label)
    found: list[tuple[int, int, str]] = []
    for name, key in _T2_NAMES:
        start = text.find(name)
        while start >= 0:
            if not any(s < start + len(name) and start < e for s, e, _ in found):
                found.append((start, start + len(name), key))
            start = text.find(name, start + 1)
    keys: list[str | None] = [key for _, _, key in sorted(found)]
    return keys if len(set(keys)) >= 2 and len(keys) == len(set(keys)) else [t2_column(label)]


_TITLE = "申请人情况"  # the t3 header's title, over the applicant columns


@functools.lru_cache(maxsize=LABEL_CACHE)  # pure, asked of every cell of a row that is not numbers alone
def column_key(cell: str) -> str | None:
    """The t3 column a header cell names: one of its words, or the start of one (a word wrapped in its cell); the
    header's title run into the cell below it (「申请人情况自然人」: the two rows joined over a page break, or a rowspan
    stripped) names that cell's column."""
    text = nfkc(cell)
    text = text.removeprefix(_TITLE) or text
    for key, names in spec.T3_COLUMN_LABELS.items():
        if text in names or (len(text) >= 2 and key not in ("other_org", "total") and any(n.startswith(text) for n in names)):
            return key
    return None


def t3_header(cells: list[str]) -> dict[int, str]:
    """Column positions of a t3 header row: index -> key, when at least two applicant columns are named."""
    found = {i: key for i, c in enumerate(cells) if (key := column_key(c))}
    return found if len(set(found.values())) >= 2 else {}


def merged_t3_header(above: dict[int, str], lower: dict[int, str], width: int) -> tuple[dict[int, str], int] | None:
    """A lower t3 header row joined to the row above, with the shift its labels took (0: none). A lower row that
    names a column the row above names otherwise stands off its places (a page that prints the header without its
    spans and drops the empty cell under 自然人): its labels move by the least shift that sets each on a column
    the row above leaves unnamed and reads all seven in the template's order. None: no shift does."""
    if all(above.get(i, key) == key for i, key in lower.items()):
        return {**above, **lower}, 0
    for shift in (1, -1, 2, -2):
        moved = {i + shift: key for i, key in lower.items()}
        merged = {**above, **moved}
        if min(moved) >= 0 and max(moved) < width and not above.keys() & moved.keys():
            if list(dict.fromkeys(key for _, key in sorted(merged.items()))) == list(spec.T3_COLUMNS):
                return merged, shift
    return None


def trailing_values(cells: list[str], n: int) -> int | None:
    """Index where the last n cells start, when they are all numbers, blanks or CUT (a number printed in part at the
    table's edge: its place is known) and the labels stand before them (slots
    the row's cells did not reach, MISSING, are not cells of it; a SPAN slot carries on the merged cell before it, so
    none of them begins with one, a label's as a PDF grid marks it, and none after the last one counts)."""
    stripped = list(cells)
    while stripped and (not stripped[-1].strip() or stripped[-1] in (MISSING, SPAN)):
        stripped.pop()
    start = len(stripped) - n
    if start < 0 or (start > 0 and not any(stripped[i].strip() for i in range(start))):
        return None  # labels, if any, stand before the values
    tail = stripped[start:]
    if not all(is_number(c) or c in (SPAN, CUT) or read_cell(c).semantic == "blank" for c in tail) or not numbers_only(tail):
        return None
    if start and (is_number(stripped[span_owner(stripped, start - 1)]) or tail[0] == SPAN):
        return None  # more values before them (a value merged over the slot before), or the first slot the label's
    if start and not tail[0].strip():
        return None  # an empty slot first: a label's slot left blank or a value left blank? (a column may be lost)
    return start


def seven_after_label(
    cells: list[str], n: int, blank_row: bool = False, order: tuple[str, ...] = spec.T3_COLUMNS
) -> dict[str, str | None] | None:
    """A short grid row's values, in the header's column order, when its last n cells are numbers or blanks (one
    number at least, none with blank_row), a text label stands right before them, and a row total that can be
    checked holds: the cells the row lost were label cells. Where the total cannot be checked, the first of them
    blank may be the label's own cell (merged, left blank) and the row have lost a value cell: not read so."""
    if len(cells) <= n or not (cells[-n - 1].strip() and read_cell(cells[-n - 1]).semantic == "text"):
        return None
    tail = cells[-n:]
    if not all(read_cell(c).semantic in ("number", "blank") for c in tail) or bool(numbers_only(tail)) == blank_row:
        return None
    values: dict[str, str | None] = dict(zip(order, tail, strict=True))
    fails = row_total_fails(values)
    return None if fails or (fails is None and not blank_row and not tail[0].strip()) else values


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


def total_fails_blanks_zero(values: Mapping[str, str | None]) -> bool:
    """The row total fails with its blank cells read as zeros, as reports print their zeros (False where a cell holds
    text, or no cell is 总计's number)."""
    zeros = {c: "0" for c in spec.T3_COLUMNS[:-1] if read_cell(values.get(c) or "").semantic == "blank"}
    return row_total_fails({**values, **zeros}) is True


def parts_exceed_total(values: Mapping[str, str | None]) -> bool:
    """The numbers of the row's named parts add up to more than its 总计 (counts cannot: a column is misplaced)."""
    total = read_cell(values.get("total") or "").value
    parts = [read_cell(values.get(c) or "").value for c in spec.T3_COLUMNS[:-1]]
    return total is not None and sum(v for v in parts if v is not None) > total + 1e-9


def no_cell_for_total(values: Mapping[str, str | None], outside: list[str]) -> bool:
    """Under a header that does not name 总计, each number outside the columns it names is less than the named parts'
    sum: none of them can be the row's 总计 (its cell may only lie past the page's edge, when none is printed)."""
    if "total" in values:
        return False
    parts = sum(v for raw in values.values() if (v := read_cell(raw or "").value) is not None)
    found = [v for c in outside if (v := read_cell(c).value) is not None]
    return bool(found) and all(v < parts - 1e-9 for v in found)


def left_past_edge_holds(cells: list[str], columns: Mapping[int, str]) -> bool:
    """Read a column left of a header drawn to the page's edge (or whose words right of its last named column name
    none), its last cell under the column past the edge (or those words), the row holds: that column may be one of
    several the header leaves unnamed (nothing to check), or is 总计, and the parts add up to it (blanks as zeros).
    False where the header names all seven."""
    unnamed = set(spec.T3_COLUMNS) - set(columns.values())
    if unnamed != {"total"}:
        return bool(unnamed)
    shifted = {key: cells[i - 1] for i, key in columns.items()} | {"total": cells[max(columns)]}
    return not total_fails_blanks_zero(shifted)


def total_elsewhere(values: Mapping[str, str | None]) -> bool:
    """A cell other than 总计 that equals the sum of the other six: the row adds up with its columns placed another
    way (a layout unlike the template's), not only as printed in error."""
    known = _row_numbers(values)
    return known is not None and any(abs(2 * v - sum(known)) < 1e-9 for v in known[:-1])


def placed_elsewhere(values: Mapping[str, str | None]) -> bool:
    """A row placed by column order alone whose cells say its columns stand otherwise: it fails its row total while
    another cell is the sum of the rest, or the parts it prints add up to more than its 总计, whatever its blanks hold
    (a 小计 the template has not, read as 总计 or, a printed blank before it taken for the label's, as 其他)."""
    return parts_exceed_total(values) or bool(row_total_fails(values)) and total_elsewhere(values)


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


def show_row(values: Mapping[str, str | None]) -> str:
    return "|".join(v if (v := values.get(c)) and v != MISSING and v.strip() else "_" for c in spec.T3_COLUMNS)


_SUB_NUMBER = re.compile(r"([1-8])[.．、]")


def numbered_sub_row(label: str) -> str | None:
    """The t3 sub-row a label names by its own number and the words after it, where OCR ran another column's text in
    front (「(三1.属于国家」, 「止公开3.危及“三」): among the rows that print that number in their group, the one the
    words name (「4.无正当理」: 无正当理由大量反复申请 is the fourth of 不予处理; 申请人无正当理由逾期不补正… is a first)."""
    text = nfkc(label)
    found = list(_SUB_NUMBER.finditer(text))
    if not found:
        return None
    last = found[-1]
    number = int(last.group(1))
    keys = {k for k in label_candidates(text[last.end() :], spec.T3_ROWS, min_len=3) if spec.T3_SUB_NUMBER.get(k) == number}
    return keys.pop() if len(keys) == 1 else None


def clipped_label_row(label: str) -> str | None:
    """The t3 row an OCR label names once one or two characters of the column beside it are taken off its front
    (「)无信息需要另」: the group's 「(四)无法提供」 printed down its column, before 「信息需要另行制作」): five characters
    or more left, inside one row's label only."""
    text = nfkc(label)
    for cut in (1, 2):
        keys = label_candidates(text[cut:], spec.T3_ROWS, min_len=5)
        if len(keys) == 1:
            return keys.pop()
    return None


def ocr_label_row(labels: list[str]) -> str | None:
    """The t3 row of an OCR row's labels that name none whole: by the sub-row's number, else clipped at the front."""
    return numbered_sub_row("".join(labels)) or clipped_label_row(labels[-1])
