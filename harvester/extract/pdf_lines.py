"""A PDF table row's cell texts from their lines: a number wrapped in a narrow cell is joined again, numbers of two
rows printed in one (「0」 over 「3」 in each cell, two labels a line apart) are kept apart."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..parse.cells import OUTLINE_LEVELS, is_number, norm_label

_DIGITS = re.compile(r"\d+")
_SIGNED = re.compile(r"[+\-−－]?\d+")  # a line of digits, a sign before them perhaps (「-18」 over 「26」)
_WRAPPED = re.compile(r"(?<=\d)\s+(?=\d)")
UNWRAPPED = "\n\n"  # between a cell's lines where the line above had room for what follows: no wrap broke them
# points a line may leave free in its cell, besides the cell's margins, and still have wrapped: LibreOffice's PDF of
# the real pages wraps with up to 6.1 free in cells whose text starts 0.1 from the rule (tests/test_stacked_rows.py)
ROOM = 12.0


def row_texts(cells: list[str | None]) -> list[str | None]:
    """Each cell's text on one line (None stays None). Digits on lines of their own are one wrapped number, unless
    the row shows two rows in one: a cell whose lines of digits no wrapping makes, or a label of two numbered items a
    line apart; then they stay apart (two numbers, read as neither)."""
    lines = [None if c is None else [line.strip() for line in c.split("\n") if line.strip()] for c in cells]
    apart = any(UNWRAPPED in c for c in cells if c) or any(_two_rows(cell) for cell in lines if cell)
    return [None if cell is None else _one_line(cell, apart) for cell in lines]


def unwrapped(text: str, glyphs: list[dict[str, Any]], width: float, margin: float) -> str:
    """The cell's text, its lines joined by UNWRAPPED where they are lines of digits of which one left room in the
    cell (`width` points wide, its text `margin` points at least from either rule) for the next one's first glyph
    (「1」 over 「2」 in a cell three digits wide): a wrap fills a line before it breaks, so these are two rows'
    numbers printed in one cell, not one number."""
    if "\n" not in text:
        return text
    lines: list[list[dict[str, Any]]] = []
    for glyph in sorted(_printed(glyphs), key=lambda g: (g["bottom"], g["x0"])):
        if lines and abs(glyph["bottom"] - lines[-1][0]["bottom"]) <= 1.0:
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    if len(lines) < 2 or not all(_DIGITS.fullmatch("".join(g["text"] for g in line)) for line in lines):
        return text
    room = width - 2 * margin
    free = [room - (a[-1]["x1"] - a[0]["x0"]) - (b[0]["x1"] - b[0]["x0"]) for a, b in zip(lines, lines[1:], strict=False)]
    return UNWRAPPED.join(text.split("\n")) if max(free) > ROOM else text


def least_margin(cells: Iterable[tuple[Any, list[dict[str, Any]] | None]]) -> float:
    """The least space between a cell's left rule and its text over a table's (bbox, glyphs) cells: the cells'
    margin is no wider."""
    gaps = [min(g["x0"] for g in printed) - bbox[0] for bbox, glyphs in cells if bbox and (printed := _printed(glyphs))]
    return max(0.0, min(gaps, default=0.0))


def _printed(glyphs: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [g for g in glyphs or [] if g["text"].strip()]


def one_line(text: str) -> str:
    """A cell's text on one line, digits on lines of their own joined (as in a row that shows no two rows in one)."""
    return _WRAPPED.sub("", " ".join(text.split()))


def number_in(text: str) -> bool:
    """Whether a cell's text reads as a number once on one line (「2\n6」 does: 26)."""
    return is_number(one_line(text))


def _one_line(lines: list[str], apart: bool) -> str:
    if apart and len(lines) > 1 and all(_SIGNED.fullmatch(line) for line in lines):
        return " ".join(lines)
    return one_line(" ".join(lines))


def _two_rows(lines: list[str]) -> bool:
    """Lines no wrapping of one text makes: digits whose first line starts with 0 or whose lines before the last
    are not all equally full (a wrap fills each line but the last), or a label of two numbered items."""
    if len(lines) < 2:
        return False
    if all(_DIGITS.fullmatch(line) for line in lines):
        full = len(lines[0])
        return lines[0].startswith("0") or any(len(line) != full for line in lines[1:-1]) or len(lines[-1]) > full
    # a label whose first line and a later one open with an outline number of one level is two template rows'
    # labels (「4.保护第三方合法权益」 over 「5.属于三类内部事务信息」), not 「其中：」 over 「1、政府网站公开数」
    heads = [norm_label(line) for line in lines]
    return any(kind.match(heads[0]) and any(kind.match(h) for h in heads[1:]) for kind in OUTLINE_LEVELS)
