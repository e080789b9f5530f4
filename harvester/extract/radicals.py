"""CJK radicals that a PDF font's map put where ideographs were meant (「⼈⺠政府」 for 人民政府), read back as the
ideographs, by Unicode's Equivalent_Unified_Ideograph property (EquivalentUnifiedIdeograph.txt, Unicode 15.0,
shipped beside this module)."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..parse.model import Document

DATA = Path(__file__).with_name("EquivalentUnifiedIdeograph.txt")
RADICALS = (0x2E80, 0x2FDF)  # CJK Radicals Supplement and Kangxi Radicals: never running text
_RADICAL = re.compile(f"[{chr(RADICALS[0])}-{chr(RADICALS[1])}]")


@functools.cache
def ideographs() -> dict[int, str]:
    """Each radical of the two blocks that has an equivalent ideograph, to that ideograph."""
    table: dict[int, str] = {}
    for line in DATA.read_text(encoding="utf-8").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) != 2:
            continue
        first, _, last = fields[0].strip().partition("..")
        for point in range(int(first, 16), int(last or first, 16) + 1):
            if RADICALS[0] <= point <= RADICALS[1]:
                table[point] = chr(int(fields[1], 16))
    return table


def unify(text: str) -> tuple[str, int]:
    """The text with its radicals read as ideographs, and how many were."""
    found = len(_RADICAL.findall(text))
    return (text.translate(ideographs()), found) if found else (text, 0)


def _has_radicals(doc: Document) -> bool:
    """Whether any text, cell or hint of the document holds a radical (one search, not one per cell)."""
    parts = [doc.title_hint or "", doc.publisher_hint or ""]
    for block in doc.blocks:
        parts.append(block.text)
        for row in block.rows:
            parts += row.cells
    return _RADICAL.search("\n".join(parts)) is not None


def unify_document(doc: Document) -> Document:
    """The document's text, cells and hints with radicals read as ideographs; a warning says how many were."""
    if not _has_radicals(doc):
        return doc
    count = 0

    def fix(text: str) -> str:
        nonlocal count
        out, found = unify(text)
        count += found
        return out

    for block in doc.blocks:
        block.text = fix(block.text)
        for row in block.rows:
            row.cells = [fix(c) for c in row.cells]
    doc.title_hint = fix(doc.title_hint) if doc.title_hint else doc.title_hint
    doc.publisher_hint = fix(doc.publisher_hint) if doc.publisher_hint else doc.publisher_hint
    if count:
        doc.warnings.append(f"text: {count} CJK radical characters (a font's map) read as the ideographs they stand for")
    return doc
