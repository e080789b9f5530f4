"""Plain text and markdown as a parser Document: a crawler's metadata header as hints, pipe tables as grids (markdown's
「| a | b |」 rows, and trafilatura 1.x's 「a | b |」, each cell followed by a pipe), tables printed a cell a line as
flattened text."""

from __future__ import annotations

import re

from .cells import value_like
from .model import Block, Document, Row

_META = re.compile(
    r"^\s*(标题|名称|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|栏目|原文链接|本地目录|索引号)\s*[:：]\s*(.*)$"
)
_SEPARATOR = re.compile(r"^\s*=+\s*正文\s*=+\s*$|^\s*正文\s*$")
_CELLS_PIPED = re.compile(r"^\s*[^|\s].*\|\s*$")  # 「规章 | 0 | 0 | 0 |」: trafilatura 1.x's table row in text
_BORDERS = re.compile(r"^\s*\|[\s|]*$")  # a line of cell borders only: 「|」, 「|||」 (empty cells, a row's padding)
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_META_LINES = 15
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$")  # 「## 一、总体情况」: the heading's words
_MD_STRONG = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")  # a line set in bold as a whole: 「**一、总体情况**」


def _plain_line(line: str) -> str:
    """A markdown heading or wholly bold line as its words (PDF-to-markdown tools mark section headings so)."""
    m = _MD_HEADING.match(line)
    line = m.group(1) if m else line
    m = _MD_STRONG.match(line)
    return m.group(2) if m else line


def _piped_row(line: str, n: int) -> Row | str:
    """A pipe row: a grid row, else a line of values or of text. Trafilatura 1.x prints a row's empty cells after its
    filled ones (「予以公开 | 3 | 5 | ||」 for 予以公开, 3, blank, blank, 5), or not at all: where its blanks stood is
    unknown, so such a row is its filled cells as a line of text is (values in order, no column positions), or,
    holding no value, a header printed as text. A row with a blank before a filled cell keeps its blanks where they
    stood (「申请数量 | 0 | | | | | | 0 |」, as other extractors print each cell followed by a pipe): a grid row."""
    text = line.strip()
    piped_after = not text.startswith("|")
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") else text
    cells = [c.strip() for c in text.split("|")]
    filled = [c for c in cells if c]
    if not piped_after or len(filled) == len(cells) or _blank_in_place(cells):
        return Row(cells, f"line {n}", in_table=True)
    return Row(filled, f"line {n}") if any(value_like(c) for c in filled) else " ".join(filled)


def _blank_in_place(cells: list[str]) -> bool:
    """A blank cell before a filled one: not trafilatura 1.x's row, whose blanks follow its filled cells."""
    last = max((i for i, c in enumerate(cells) if c), default=0)
    return any(not c for c in cells[:last])


def _pipe_row(line: str) -> bool:
    """A table row in text: markdown's (opening with a pipe, two at least) or trafilatura 1.x's (each cell followed by
    「 |」, the row opening with its first cell's text)."""
    return line.lstrip().startswith("|") and line.count("|") >= 2 or bool(_CELLS_PIPED.match(line))


def _filled_cells(line: str) -> int:
    """How many cells of a pipe row hold text."""
    return sum(1 for cell in line.split("|") if cell.strip())


def _cells_a_line(lines: list[str]) -> set[int]:
    """The lines of tables printed a cell a line, each cell's text then its pipe, as trafilatura 1.x prints a table
    whose cells hold paragraphs (「规章 |」, 「0 |」, a row's empty cells 「||」 after it): no line holds two cells'
    text, so where a row ends is lost, and the table's cells are text run together, read as flattened text is."""
    out: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if _pipe_row(line) or _BORDERS.match(line):
            run.append(i)
            continue
        filled = [_filled_cells(lines[k]) for k in run]
        if filled and max(filled) == 1 and filled.count(1) >= 2:
            out.update(run)
        run = []
    return out


def _cell_text(line: str, open_cell: bool) -> tuple[str, bool]:
    """A line of cells printed a cell a line, as flattened text: a filled cell's words without the pipe that ends it
    (on its line, or alone on the next line where the words stand on their own: open_cell), any other pipe (an empty
    cell, whose place trafilatura 1.x loses, printing a row's empty cells after its filled ones) one border left in
    the text, so that no run of digits before it is cut into more cells. Also: whether a cell is left open."""
    words = " ".join(line.replace("|", " ").split())
    pipes = line.count("|")
    if words and not pipes:
        return words, True  # its pipe on a line below
    if words or open_cell:
        pipes -= 1  # the pipe ending this line's cell, or the open one above
    return " ".join(x for x in (words, "|" if pipes > 0 else "") if x), False


def _header_fields(lines: list[str]) -> tuple[dict[str, str], int]:
    """Leading `标题: …` / `发布时间: …` lines (as crawlers save pages) and where the body starts."""
    fields: dict[str, str] = {}
    body = 0
    for i, line in enumerate(lines[:_META_LINES]):
        m = _META.match(line)
        if m:
            fields.setdefault(m.group(1), m.group(2).strip())
            body = i + 1
        elif _SEPARATOR.match(line) or (line.startswith("页面链接") and fields):
            body = i + 1
        elif line.strip() and not fields:
            break
    return fields, body


def text_blocks(text: str, first_line: int = 1) -> list[Block]:
    """Text blocks, with every run of markdown pipe rows made a table grid (rule rows dropped), but tables printed a
    cell a line, and borders on lines of their own, made text; rows are located by their line in the whole file
    (first_line: the line text starts on)."""
    blocks: list[Block] = []
    prose: list[str] = []
    prose_line = first_line  # where the prose being gathered starts
    table: list[Row] = []
    lines = text.split("\n")
    flattened = _cells_a_line(lines)
    open_cell = False  # the line before holds a cell's words whose pipe is yet to come
    for n, line in enumerate(lines, start=first_line):
        if n - first_line in flattened or _BORDERS.match(line) and not _pipe_row(line):
            line, open_cell = _cell_text(line, open_cell)
        elif _pipe_row(line):
            open_cell = False
            if _PIPE_RULE.match(line):
                continue
            row = _piped_row(line, n)
            if isinstance(row, Row) and len(row.cells) == 1 and not value_like(row.cells[0]):
                row = row.cells[0]  # words in a cell as wide as its table (a layout table's, holding the report): text
            if isinstance(row, Row):
                if prose:
                    blocks.append(Block("text", text="\n".join(prose), line=prose_line))
                    prose = []
                table.append(row)
                continue
            line = row  # a header whose blanks' places are lost: a line of text
        else:
            open_cell = bool(line.strip())  # a prose line: a cell's words, where a pipe alone follows
        if table:
            blocks.append(Block("table", rows=table))
            table = []
        prose_line = prose_line if prose else n
        prose.append(_plain_line(line))
    if table:
        blocks.append(Block("table", rows=table))
    if prose:
        blocks.append(Block("text", text="\n".join(prose), line=prose_line))
    return blocks


def document_from_text(text: str) -> Document:
    """A plain-text or markdown document (as users, crawlers and PDF tools extract reports)."""
    text = text.replace("\r\n", "\n").replace("\f", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    fields, body = _header_fields(lines)
    if body:
        text = "\n".join(lines[body:])
    doc = Document(text_blocks(text, first_line=body + 1), extractor="text", ordered=True)
    doc.title_hint = fields.get("标题") or fields.get("名称") or None
    doc.publisher_hint = fields.get("发布机构") or fields.get("发文机关") or None
    doc.published_hint = fields.get("发布时间") or fields.get("发布日期") or fields.get("成文日期") or None
    return doc
