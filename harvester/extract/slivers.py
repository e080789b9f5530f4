"""Sliver columns: a grid column a few pixels wide that exists only because two rows' spans disagree by a hair."""

from __future__ import annotations

import statistics
from collections import defaultdict

SLIVER = 8.0  # CSS pixels (6 pt): narrower than a digit with its cell padding
AGREE = 6.0  # pixels: the widths that locate a column may disagree by this much

# (row, first column, colspan, text, printed width) of each cell
Span = tuple[int, int, int, str, float | None]


def column_widths(spans: list[Span], width: int) -> list[float | None]:
    """Each column's width from the cells' printed widths: one-column cells directly, then spanned cells whose other
    columns are known. A column whose evidence disagrees (by more than AGREE) stays unknown."""
    known: list[float | None] = [None] * width
    for _ in range(3):
        seen: dict[int, list[float]] = defaultdict(list)
        for _row, col, span, _text, w in spans:
            if w is None or col + span > width:
                continue
            cols = range(col, col + span)
            unknown = [c for c in cols if known[c] is None]
            if span == 1:
                seen[col].append(w)
            elif len(unknown) == 1:
                seen[unknown[0]].append(w - sum(known[c] or 0.0 for c in cols if c != unknown[0]))
        for c, values in seen.items():
            if known[c] is None and max(values) - min(values) <= AGREE:
                known[c] = statistics.median(values)
        if not seen:
            break
    return known


def candidates(spans: list[Span]) -> set[int]:
    """Columns some spanned cell covers and no cell with text stands in alone: the only ones that can be slivers
    (most tables have none, and their widths need not be read)."""
    alone = {col for _row, col, span, text, _w in spans if span == 1 and text}
    return {c for _row, col, span, _text, _w in spans if span > 1 for c in range(col, col + span)} - alone


def sliver_columns(spans: list[Span], widths: list[float | None]) -> set[int]:
    """Columns at most SLIVER wide where no cell stands alone and some spanned cell does cover them: Word and web
    editors leave these when a row's span ends a pixel off another's (a header over columns 3-4 above a value over
    2-3). The value stands under the header its width puts it under; with the sliver left out both line up."""
    if sum(w for w in widths if w is not None) < 20 * SLIVER:
        return set()
    return {c for c in candidates(spans) if (w := widths[c]) is not None and w <= SLIVER}
