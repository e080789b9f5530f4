"""Offline OCR (rapidocr on onnxruntime, models from the wheel) into rows that keep the table layout."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..errors import ExtractionError, UnsupportedDocumentError
from ..parse.cells import is_number
from ..parse.model import Block, Row

LOW_CONFIDENCE = 0.9
MAX_PIXELS = 40_000_000
TILE, OVERLAP = 1400, 200
_GLUED = re.compile(r"^(.*[^\d\s.,，、．])(\d{1,7})$")  # a label, then a number run on (「…相关政37」)


@dataclass
class Box:
    """One recognised text line: text, score and its rectangle."""

    text: str
    score: float
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@lru_cache(maxsize=1)
def engine() -> Any:
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # the feature is off, and says so
        raise UnsupportedDocumentError("OCR is off: rapidocr and onnxruntime are not installed") from exc
    return RapidOCR(params={"Global.log_level": "warning"})


def ocr_version() -> str:
    from importlib.metadata import version

    return f"rapidocr {version('rapidocr')} + onnxruntime {version('onnxruntime')}"


def recognise(image: Any) -> list[Box]:
    """Text boxes of a PIL image; a tall image is read in overlapping bands so text keeps its size."""
    if image.width * image.height > MAX_PIXELS:
        raise ExtractionError(f"image too large for OCR ({image.width}x{image.height})")
    image = image.convert("RGB")
    if image.height <= TILE + OVERLAP:
        return _recognise(image)
    boxes: list[Box] = []
    top = 0
    while top < image.height:
        bottom = min(image.height, top + TILE + OVERLAP)
        keep_from = top if top == 0 else top + OVERLAP / 2
        keep_to = bottom if bottom == image.height else bottom - OVERLAP / 2
        for box in _recognise(image.crop((0, top, image.width, bottom))):
            box.y0, box.y1 = box.y0 + top, box.y1 + top
            if keep_from <= box.cy < keep_to:
                boxes.append(box)
        if bottom == image.height:
            break
        top += TILE
    return boxes


def _recognise(image: Any) -> list[Box]:
    out = engine()(image)
    boxes = []
    for pts, text, score in zip(out.boxes if out.boxes is not None else [], out.txts or (), out.scores or (), strict=False):
        xs, ys = [float(p[0]) for p in pts], [float(p[1]) for p in pts]
        boxes.append(Box(str(text).strip(), float(score), min(xs), min(ys), max(xs), max(ys)))
    return [b for b in boxes if b.text]


def _lines(boxes: list[Box]) -> list[list[Box]]:
    """Boxes grouped into lines by their vertical centre."""
    tolerance = 0.5 * statistics.median(b.height for b in boxes)
    lines: list[list[Box]] = []
    for box in sorted(boxes, key=lambda b: b.cy):
        if lines and abs(statistics.mean(b.cy for b in lines[-1]) - box.cy) <= tolerance:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [sorted(line, key=lambda b: b.x0) for line in lines]


def layout_rows(boxes: list[Box], page: int) -> list[Row]:
    """Rows in reading order. A line of numbers with no label on its left takes the label lines just
    above and below it (a label wrapped inside its cell, the numbers centred between)."""
    if not boxes:
        return []
    lines = _lines(boxes)
    width = _row_width(lines)
    height = statistics.median(b.height for b in boxes)
    lines = _headers_joined([_unglued(line, width) for line in lines], height)
    used: set[int] = set()
    rows: list[tuple[float, list[Box]]] = []
    for i, line in enumerate(lines):
        numbers = [b for b in line if is_number(b.text)]
        if not numbers:
            continue
        first = numbers[0].x0
        left = [b for b in line if b.x1 <= first]
        if left:  # the upper half of a label wrapped in its cell stands alone just above, same column
            column = max(b.x0 for b in left)
            j = i - 1
            above = j >= 0 and j not in used and _label_only(lines[j], first, slack=0.5 * height)  # a box may overrun
            if above and any(abs(b.x0 - column) < 40 for b in lines[j]):
                if abs(statistics.mean(b.cy for b in lines[j]) - statistics.mean(b.cy for b in line)) <= 1.6 * height:
                    used.add(j)
                    lines[i] = [*lines[j], *line]
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and j not in used and _label_only(lines[j], first):
                if abs(statistics.mean(b.cy for b in lines[j]) - statistics.mean(b.cy for b in line)) <= 1.6 * height:
                    used.add(j)
                    line = [*lines[j], *line] if j < i else [*line, *lines[j]]
        lines[i] = line
    for i, line in enumerate(lines):
        if i not in used:
            rows.append((statistics.mean(b.cy for b in line), line))
    out = []
    for n, (cy, line) in enumerate(rows, start=1):
        cells, scores = _cells(line)
        out.append(Row(cells, f"page {page} ocr row {n} y={cy:.0f}", confidence=min(scores) if scores else None))
    return out


def _row_width(lines: list[list[Box]]) -> int:
    """How many numbers the page's table rows hold most often (0 when no line holds three or more)."""
    counts = Counter(n for line in lines if (n := sum(is_number(b.text) for b in line)) >= 3)
    return counts.most_common(1)[0][0] if counts else 0


def _unglued(line: list[Box], width: int) -> list[Box]:
    """A row one number short whose label box ends in digits (OCR read 「5.属于三类内部事务信」 and the 1 in the next
    cell as one box): the digits are a box of their own, the row's first number."""
    numbers = [b for b in line if is_number(b.text)]
    if not numbers or len(numbers) != width - 1:
        return line
    left = [b for b in line if b.x1 <= numbers[0].x0 + 2 and not is_number(b.text)]
    if not left:
        return line
    last = max(left, key=lambda b: b.x1)
    m = _GLUED.match(last.text)
    if m is None:
        return line
    label, digits = m.groups()
    cut = last.x0 + (last.x1 - last.x0) * len(label) / len(last.text)
    parts = [Box(label, last.score, last.x0, last.y0, cut, last.y1), Box(digits, last.score, cut, last.y0, last.x1, last.y1)]
    return sorted([b for b in line if b is not last] + parts, key=lambda b: b.x0)


def _overlap(a: Box, b: Box) -> bool:
    """Two boxes stand in one column: their spans overlap by half the narrower one's width."""
    return min(a.x1, b.x1) - max(a.x0, b.x0) >= 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)


def _headers_joined(lines: list[list[Box]], height: float) -> list[list[Box]]:
    """A header whose cells wrapped over lines (「本年新 / 制作数量」 above 「本年新 / 公开数量」, 对外公开总数量 on the middle
    line): two to four lines of several words each, no numbers, close together, just above a row of numbers,
    become one line of cells, the words of each column joined top to bottom. A word that stands over two words of
    the next line (a group's name over its columns) leaves the lines as they are."""
    out: list[list[Box]] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _header_line(lines[j]) and (j == i or _close(lines[j - 1], lines[j], 1.4 * height)):
            j += 1
        band = lines[i:j]
        after = lines[j] if j < len(lines) else []
        if 2 <= len(band) <= 4 and sum(is_number(b.text) for b in after) >= 2 and _close(band[-1], after, 3.5 * height):
            joined = _join_columns(band)
            if joined is not None:
                out.append(joined)
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def _header_line(line: list[Box]) -> bool:
    return len(line) >= 2 and not any(is_number(b.text) for b in line)


def _close(upper: list[Box], lower: list[Box], gap: float) -> bool:
    return bool(upper and lower) and statistics.mean(b.cy for b in lower) - statistics.mean(b.cy for b in upper) <= gap


def _join_columns(band: list[list[Box]]) -> list[Box] | None:
    columns: list[list[Box]] = []
    for line in band:
        taken: set[int] = set()
        for box in line:
            hits = [n for n, c in enumerate(columns) if _overlap(box, c[-1])]
            if len(hits) > 1 or (hits and hits[0] in taken):
                return None  # a word over two columns, or two words under one: a group's name over its columns
            if hits:
                columns[hits[0]].append(box)
                taken.add(hits[0])
            else:
                columns.append([box])
    if len(columns) == max(len(line) for line in band):
        return None  # nothing joined
    cells = [
        Box(
            "".join(b.text for b in sorted(c, key=lambda b: b.cy)),
            min(b.score for b in c),
            min(b.x0 for b in c),
            min(b.y0 for b in c),
            max(b.x1 for b in c),
            max(b.y1 for b in c),
        )
        for c in columns
    ]
    return sorted(cells, key=lambda b: b.x0)


def _label_only(line: list[Box], first_number_x: float, slack: float = 2) -> bool:
    return all(not is_number(b.text) and b.x1 <= first_number_x + slack for b in line)


def _cells(line: list[Box]) -> tuple[list[str], list[float]]:
    """Cells left to right; label pieces of a wrapped cell (same column, lines above and below) joined."""
    labels = [b for b in line if not is_number(b.text)]
    numbers = [b for b in line if is_number(b.text)]
    first = min((b.x0 for b in numbers), default=float("inf"))
    left = sorted((b for b in labels if b.x1 <= first + 2), key=lambda b: (round(b.x0 / 40), b.cy))
    cells: list[list[Box]] = []
    for box in left:
        if cells and abs(cells[-1][-1].x0 - box.x0) < 40:
            cells[-1].append(box)
        else:
            cells.append([box])
    texts = ["".join(b.text for b in sorted(c, key=lambda b: b.cy)) for c in cells]
    rest = sorted((b for b in line if b not in left), key=lambda b: b.x0)
    texts += [b.text for b in rest]
    return texts, [b.score for b in numbers]


def ocr_blocks(image: Any, page: int) -> list[Block]:
    """A page image as a text block (for sections) and a block of layout rows (for tables)."""
    rows = layout_rows(recognise(image), page)
    text = "\n".join("\t".join(r.cells) for r in rows)
    return [Block("text", text=text), Block("table", rows=rows)]


def open_image(body: bytes) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(body))
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractionError(f"image could not be read: {exc}") from exc
    return image
