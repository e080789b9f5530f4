"""A PDF page's text outside its tables, line by line; a number cut by the page's side edge is not read."""

from __future__ import annotations

import re
from typing import Any

from pdfplumber.utils import chars_to_textmap

CUT_MARK = "…"  # stands for a number the page's edge cut: printed in part, its value unknown
_OFF = "\ue000"  # a glyph past the page's side edge, while the lines are laid out
_CUT_RIGHT = re.compile(rf"(-?[\d.,]*\d)?({_OFF}[{_OFF}\s]*)$")
_CUT_LEFT = re.compile(rf"^([{_OFF}\s]*{_OFF})([\d.,]*\d)?")


def on_baseline(char: dict[str, Any]) -> dict[str, Any]:
    """The char with its box moved to rest on its baseline (the origin of its text matrix), when upright."""
    m = char.get("matrix")
    if not char.get("upright") or not m or m[1] or m[2]:
        return char
    shift = char["y0"] - m[5]  # PDF units, upwards: the box's bottom below its baseline is negative
    if not shift:
        return char
    return {
        **char,
        "top": char["top"] + shift,
        "bottom": char["bottom"] + shift,
        "doctop": char["doctop"] + shift,
        "y0": char["y0"] - shift,
        "y1": char["y1"] - shift,
    }


def prose_text(page: Any, off: list[dict[str, Any]]) -> str:
    """The text of a page (or a band of it) as pdfplumber's extract_text, its lines grouped by baseline rather than
    by the top of each glyph's box (on one line a CJK font and a Latin one report boxes of different depth: 「2016」
    of 「平潭综合实验区2016年度…」 stood on a line of its own). off: the band's glyphs past the page's side edges (a
    layout table wider than the page). A number that runs into them (「行政许可 452」, its 「9」 over the edge) is
    printed in part: it is given as CUT_MARK, not read; the glyphs past the edge are left out."""
    chars = [on_baseline(c) for c in page.chars] + [{**on_baseline(c), "text": _OFF} for c in off]
    text = chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height).as_string
    return "\n".join(_cut_line(line) for line in text.split("\n")) if off else text


def _cut_line(line: str) -> str:
    """A line's glyphs past the edges taken out, a number touching them (no space between) given as CUT_MARK."""
    if _OFF not in line:
        return line
    line = _CUT_RIGHT.sub(lambda m: CUT_MARK if m.group(1) else "", line)
    line = _CUT_LEFT.sub(lambda m: CUT_MARK if m.group(2) else "", line)
    return line.replace(_OFF, "").rstrip()
