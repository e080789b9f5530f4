"""Cell text reading: numbers, blanks, units, and label normalisation for matching."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass

BLANK_MARKS = {"", "-", "—", "——", "－", "/", "／", "\\", "–", "―"}
# No count is printed with a leading zero: 「04」 is two cells' numbers run together (a 0 over a 4 in one PDF cell).
_NUMBER = re.compile(r"^([+\-−]?)([1-9]\d{0,2}(?:,\d{3})+|0|[1-9]\d*)(?:\.(\d+))?$")
_UNIT = re.compile(r"(万元|亿元|元)$")
MEASURE_WORDS = ("件", "个", "条", "项", "次", "宗", "人次", "家", "份")
_COUNT_WORD = re.compile(rf"(?<=\d)({'|'.join(MEASURE_WORDS)})$")  # 「3件」: a count printed with its measure word
CN_NUMERAL = "[一二三四五六七八九十]+"  # an outline number in Chinese numerals: 「三」 of 「三、」 and 「（三）」
GROUP_NUMBER = rf"[（(]{CN_NUMERAL}[)）]"  # 「（三）」: a group's outline number, in either width of bracket
_NUMBERING = re.compile(rf"^(?:{GROUP_NUMBER}|{CN_NUMERAL}[、.．]|\d+[、.．](?!\d)|[（(]\d+[)）])")
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b]+")
# Digits on either side of white space are two values, not one (「3<br>32」: two rows' counts in one cell); a PDF
# number wrapped in a narrow cell comes joined (extract/pdf.py), a line break in HTML or Word is the author's. So is
# a sign apart from the digits after it: 「-」 over 「18」 in a PDF cell two rows share is a zero printed as a hyphen
# and an 18, not -18.
_SPLIT_DIGITS = re.compile(r"[\d+\-−][\s\u00a0\u3000\u200b]+\d")


@dataclass(frozen=True)
class Cell:
    """A read cell: value, raw text, semantic class and unit."""

    value: float | int | None
    raw: str
    semantic: str
    unit: str | None


# The label helpers below are pure and see the same few hundred labels in every report: cached, they were
# an eighth of a worker's time. Small caches: cell texts pass through too, and a cache of every number in
# 10,000 reports grew a reparse's memory by a third.
LABEL_CACHE = 4096


@functools.lru_cache(maxsize=LABEL_CACHE)
def nfkc(text: str) -> str:
    """NFKC-normalise (full-width digits and brackets) and fold all white space away."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=LABEL_CACHE)
def read_cell(raw: str) -> Cell:
    """Read one cell's text as number, blank or text; blank is never zero."""
    text = nfkc(raw).replace("−", "-")
    if text in BLANK_MARKS or raw.strip() in ("&nbsp;",):
        return Cell(None, raw, "blank", None)
    unit = None
    m = _UNIT.search(text)
    if m:
        unit = m.group(1)
        text = text[: m.start()]
    else:
        text = _COUNT_WORD.sub("", text)
    m = _NUMBER.match(text)
    if not m or _SPLIT_DIGITS.search(unicodedata.normalize("NFKC", raw)):
        return Cell(None, raw, "text", None)
    sign, whole, frac = m.groups()
    digits = whole.replace(",", "")
    value: float | int = float(f"{digits}.{frac}") if frac else int(digits)
    if sign in ("-", "−"):
        value = -value
    return Cell(value, raw, "number", unit)


_OPENING_ZERO = re.compile(r"(?<!\S)[0０][0-9０-９]")  # a word opening with 0 and a digit: the cheap test first
_ZERO_AND_DIGITS = re.compile(r"0\d+")


def run_together(raw: str) -> bool:
    """Digits opening with a 0 that more digits follow (「00件」, 「03」): no count is printed so; two cells' digits
    run together where a line break between them was lost (trafilatura 1.x prints 「2<br>0」 as 「20」)."""
    if not _OPENING_ZERO.search(raw):  # every cell of every row passes here: most have no such word
        return False
    return any(_ZERO_AND_DIGITS.fullmatch(_COUNT_WORD.sub("", word)) for word in unicodedata.normalize("NFKC", raw).split())


def is_number(raw: str) -> bool:
    """True when the cell reads as a number (with or without unit)."""
    return read_cell(raw).semantic == "number"


def value_like(raw: str) -> bool:
    """A number, or a blank printed (a dash for zero): a value's cell, not a label's or an empty one."""
    return is_number(raw) or bool(raw.strip()) and read_cell(raw).semantic == "blank"


# outline numbers by level (in a normalised label): 「1.」, 「（三）」, 「四、」
OUTLINE_LEVELS = (
    re.compile(r"(?<![\d.．])\d{1,2}[.．、](?!\d)"),
    re.compile(GROUP_NUMBER),
    re.compile(rf"{CN_NUMERAL}、"),
)


@functools.lru_cache(maxsize=LABEL_CACHE)
def two_items(label: str) -> bool:
    """A label that opens with an outline number and holds another of the same level: two rows' labels printed as
    one (「一、本年新收… 二、上年结转…」), not the levels of one row (「三、本年度办理结果（三）不予公开1.属于国家秘密」)."""
    text = norm_label(label)
    return any(kind.match(text) and len(kind.findall(text)) > 1 for kind in OUTLINE_LEVELS)


def items_of_one_level(labels: list[str]) -> bool:
    """A row's label cells hold two outline numbers of one level (「三、本年度办理结果 （二） | （一）予以公开」: two rows in
    one, the next row's （二） cut from its words by a page break). The levels of one row are each printed once; a
    merged cell copied into each slot repeats the same number."""
    text = norm_label("".join(labels))
    return any(len(set(kind.findall(text))) > 1 for kind in OUTLINE_LEVELS)


def strip_numbering(text: str) -> str:
    """Remove leading outline numbers such as 一、 （三） 1. 3、 (repeatedly)."""
    previous = None
    while previous != text:
        previous = text
        text = _NUMBERING.sub("", text, count=1)
    return text


@functools.lru_cache(maxsize=LABEL_CACHE)
def norm_label(text: str) -> str:
    """Normalise a label for matching: NFKC, no spaces, unified quotes and brackets."""
    text = nfkc(text)
    text = text.replace("\u201c", "“").replace('"', "“")
    text = text.replace("(", "（").replace(")", "）")
    return text


@functools.lru_cache(maxsize=LABEL_CACHE)
def leaf_label(text: str) -> str:
    """The label without outline numbering and trailing parenthetical notes."""
    text = strip_numbering(norm_label(text))
    return re.sub(r"（[^（）]*）$", "", text) or text


def _unquoted(text: str) -> str:
    return text.replace("“", "").replace("”", "")


def plain_leaf(text: str) -> str:
    """A label's leaf as compared with the template's names: curly quotes left out (「危及“三安全一稳定”」 printed
    with or without them)."""
    return _unquoted(leaf_label(text))


def plain_name(name: str) -> str:
    """A template name as compared with labels (see plain_leaf)."""
    return _unquoted(norm_label(name))


def match_label(text: str, table: dict[str, tuple[str, ...]], min_ratio: float = 0.84) -> str | None:
    """Match a leaf label to a key: exact, then unique prefix/containment, then close spelling."""
    leaf = leaf_label(text)
    if not leaf:
        return None
    plain = _unquoted(leaf)
    for key, labels in table.items():
        for label in labels:
            lab = plain_name(label)
            if plain == lab:
                return key
    candidates = set()
    for key, labels in table.items():
        for label in labels:
            lab = plain_name(label)
            long_enough = len(plain) >= max(4, int(len(lab) * 0.7))
            if long_enough and (lab.startswith(plain) or plain.startswith(lab)):
                candidates.add(key)
    if len(candidates) == 1:
        return candidates.pop()
    inside = label_candidates(plain, table)
    if len(inside) == 1:
        return inside.pop()
    best: tuple[float, str | None] = (0.0, None)
    tie = False
    for key, labels in table.items():
        for label in labels:
            lab = plain_name(label)
            ratio = difflib.SequenceMatcher(None, plain, lab).ratio()
            if ratio > best[0] + 1e-9:
                best, tie = (ratio, key), False
            elif abs(ratio - best[0]) < 1e-9 and key != best[1]:
                tie = True
    if best[0] >= min_ratio and not tie:
        return best[1]
    return None


def label_candidates(text: str, table: dict[str, tuple[str, ...]], min_len: int = 4) -> set[str]:
    """Keys whose label contains the text: a label cut in half across cells or lines still names its candidates."""
    plain = plain_leaf(text) if text else ""
    if len(plain) < min_len:
        return set()
    return {key for key, labels in table.items() for label in labels if plain in plain_name(label)}
