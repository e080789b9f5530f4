"""Plain text and markdown as a parser Document: a crawler's metadata header as hints, pipe tables as grids."""

from __future__ import annotations

import re

from .model import Block, Document, Row

_META = re.compile(
    r"^\s*(标题|名称|发布时间|发布日期|成文日期|文号|发文字号|发布机构|发文机关|来源|栏目|原文链接|本地目录|索引号)\s*[:：]\s*(.*)$"
)
_SEPARATOR = re.compile(r"^\s*=+\s*正文\s*=+\s*$|^\s*正文\s*$")
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


def _pipe_cells(line: str) -> list[str]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split("|")]


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
    """Text blocks, with every run of markdown pipe rows made a table grid (rule rows dropped); rows are located by
    their line in the whole file (first_line: the line text starts on)."""
    blocks: list[Block] = []
    prose: list[str] = []
    prose_line = first_line  # where the prose being gathered starts
    table: list[Row] = []
    for n, line in enumerate(text.split("\n"), start=first_line):
        if line.lstrip().startswith("|") and line.count("|") >= 2:
            if _PIPE_RULE.match(line):
                continue
            if prose:
                blocks.append(Block("text", text="\n".join(prose), line=prose_line))
                prose = []
            table.append(Row(_pipe_cells(line), f"line {n}", in_table=True))
            continue
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
