"""Which row of table 三 a row's label cells name: the template's rows by name, and two rows printed as one."""

from __future__ import annotations

import functools
import re

from . import spec
from .cells import (
    CN_NUMERAL,
    GROUP_NUMBER,
    LABEL_CACHE,
    is_number,
    items_of_one_level,
    leaf_label,
    match_label,
    norm_label,
    plain_leaf,
    plain_name,
    two_items,
)
from .columns import ocr_label_row, with_inner_suffixes

OUTLINE_START = re.compile(rf"\s*(?:\d+[.．、]|{GROUP_NUMBER}|{CN_NUMERAL}、)\s*[^\d\s]")


@functools.lru_cache(maxsize=LABEL_CACHE)
def t3_row_key(label: str) -> str | None:
    """The t3 row a label names, by match_label against the template's rows (pure: asked of every row's labels); none
    for two rows' labels printed as one: two items of one outline level (「一、本年新收… 二、上年结转…」) or the
    names of two rows (「本年新收政府信息公开申请数量 上年结转政府信息公开申请数量」)."""
    return None if two_rows(label) else match_label(label, spec.T3_ROWS)


@functools.lru_cache(maxsize=LABEL_CACHE)
def two_rows(label: str) -> bool:
    """Two rows' labels printed as one: two items of one outline level, or the names of two rows (其他处理 heads three
    rows in the 2021 template: 「（六）其他处理 1.申请人…」 is one row's levels; 「其他处理 总计」 is two rows)."""
    text = plain_name(label)
    named = _named_in(text)
    if named & UNDER_OTHER:
        named.discard("other")
    return two_items(label) or len(named) > 1 or _runs_into_misc(text, named)


UNDER_OTHER = {"other_no_correction", "other_unpaid_fee"}  # rows under （六）其他处理 in the 2021 template


def _named_in(text: str) -> set[str]:
    """The t3 rows one of whose names the text holds in full."""
    return {k for k, names in spec.T3_ROWS.items() if any(plain_name(n) in text for n in names)}


def _runs_into_misc(text: str, named: set[str]) -> bool:
    """A row under 其他处理 named in full, then 3.其他, the next leaf of its item (「…处理其政府信息公开申请其他」: a row cut
    at a page break, the next row's label taken for its rest)."""
    return any(
        leaf_label(text.split(plain_name(name), 1)[1]) == "其他"
        for key in named & UNDER_OTHER
        for name in spec.T3_ROWS[key]
        if plain_name(name) in text
    )


def names_another(labels: list[str], key: str) -> bool:
    """A row's label cells name in full a row other than `key`, the one they are read as (「三、本年度办理结果 （二）部分公开…
    | （一）予以公开」: two rows printed as one, each label run into the other's cells)."""
    named = _named_in(plain_name("".join(labels)))
    if key in UNDER_OTHER or key == "other_misc":  # 其他处理 heads them
        named.discard("other")
    return bool(named - {key})


def rows_in_label_cells(labels: list[str]) -> bool:
    """A row's label cells name two rows: a row that heads no rows, named by an outline item or in full, then another
    row or an outline item after it (「（七）总计 | 3.其他」, 「其他处理 | 要求行政机关确认…」: two rows printed as one,
    their labels in the cells of their own levels; 「总计 | 其他」, 3.其他 without its number). Only 其他处理 heads rows
    (1.申请人…, 3.其他 in the 2021 template); 「（二）部分公开 | （区分处理的，…）」 names one row twice; a label's cut part
    (「予公开」 of 「不予公开」) is neither."""
    texts = ["".join(x.split()) for x in labels]
    keys = [t3_row_key(x) for x in labels]
    for i, key in enumerate(keys):
        if key is None or not (OUTLINE_START.match(texts[i]) or _in_full(labels[i], key)):
            continue
        for later, text in zip(keys[i + 1 :], texts[i + 1 :], strict=True):
            if key == "other" and later not in (None, key, *UNDER_OTHER):
                return True
            leaf = later is None and (OUTLINE_START.match(text) or leaf_label(text) == "其他")  # 3.其他 without its 3.
            if key != "other" and (later not in (None, key) or leaf):
                return True
    return False


def _in_full(label: str, key: str) -> bool:
    """Whether the label is one of the row's names in full (「其他处 理」 for 其他处理), not a part of it."""
    return plain_leaf(label) in {plain_name(n) for n in spec.T3_ROWS[key]}


def is_label(cell: str) -> bool:
    """A row label, not a value: it names a row of the table or begins with an outline number (「3.其他」, spaced
    out or not: 「3 . 其 他」)."""
    text = "".join(cell.split())
    return bool(OUTLINE_START.match(text)) or t3_row_key(text) is not None


_EDGE_DIGITS = re.compile(r"^[0-9０-９]+|[0-9０-９]+$")
# 「（六）其他」: the group （六）其他处理 with its last words cut (a narrow cell's line), not its item 3.其他
_GROUP_OTHER = re.compile(rf"{GROUP_NUMBER}其他$")
_OTHER_ITEMS = ("other_no_correction", "other_unpaid_fee")  # the items before 3.其他 under （六）其他处理


def row_named_among(values: list[str]) -> str | None:
    """The t3 row a text line's value names, its digits either side stripped (「4（七）合计20」: one row's last number,
    the next row's label and first number run together)."""
    for value in values:
        words = _EDGE_DIGITS.sub("", value.strip())
        if words and not is_number(value) and (key := t3_row_key(words)):
            return key
    return None


def labels_row(labels: list[str], template: str, prev: str | None, ocr: bool) -> str | None:
    """The t3 row of the template a row's label cells name (prev: the row read last); none where they name two rows
    (not the last level of such a label either: 「（七）总计 四、结转下年度继续办理」), a row of the other template (其他处理
    alone, a 2019 row, in a 2021 report) or where the cells go on to name another row."""
    if any(two_rows(x) for x in labels) or rows_in_label_cells(labels) or items_of_one_level(labels):
        return None
    key = _last_level_row(labels, template, prev, ocr)
    if key and key not in spec.t3_order(template):
        return None
    return None if key and names_another(labels, key) else key


def _last_level_row(labels: list[str], template: str, prev: str | None, ocr: bool) -> str | None:
    """The row the last label level naming one names; else the labels joined; else an OCR row's likeliest."""
    under_other = template == "2021" and any("其他处理" in norm_label(x) for x in labels)
    for label in reversed(with_inner_suffixes(labels)):
        leaf = leaf_label(label)
        if leaf == "其他" and not _GROUP_OTHER.search(norm_label(label)) and (under_other or prev in _OTHER_ITEMS):
            return "other_misc"  # 3.其他 of the 2021 template's （六）其他处理
        key = t3_row_key(label)
        if key:
            return key
    joined = t3_row_key("".join(labels)) if len(labels) > 1 else None
    return joined if joined or not ocr else ocr_label_row(labels)
