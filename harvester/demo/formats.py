"""A demo report in the other shapes reports come in: pasted text, JS-embedded, Word-pasted HTML, DOCX."""

from __future__ import annotations

import html
import io
import json
import re

import docx
from lxml import html as lxml_html

from .data import DemoReport
from .render import prose, report_body_html, t2_html, t3_html, t4_html


def page_html(r: DemoReport, body: str | None = None) -> str:
    return f"<html><head><title>{html.escape(r.title)}</title></head><body><h1>{html.escape(r.title)}</h1>{body or report_body_html(r)}</body></html>"


def _table_lines(table_html: str) -> list[list[str]]:
    """Rows as a copy-paste gives them: each cell once, spanned cells only where they start."""
    table = lxml_html.fromstring(table_html)
    return [[" ".join(td.text_content().split()) for td in tr.iter("td")] for tr in table.iter("tr")]


def as_text(r: DemoReport, page_break_after: int | None = None, vertical: bool = False) -> str:
    """Tab-separated text as users extract it; optionally t3 broken by a page break with the header
    repeated, or its 三、本年度办理结果 label printed one character per line (as PDF text tools do)."""
    p = prose(r)
    lines = [r.title, "", p["intro"], "一、总体情况", p["s1"], "二、主动公开政府信息情况"]
    lines += ["\t".join(row) for row in _table_lines(t2_html(r))]
    lines.append("三、收到和处理政府信息公开申请情况")
    t3 = ["\t".join(row) for row in _table_lines(t3_html(r))]
    if vertical:
        label = "三、本年度办理结果"
        i = next(n for n, line in enumerate(t3) if line.startswith(label))
        t3 = t3[:i] + list(label) + [t3[i][len(label) :]] + t3[i + 1 :]
    if page_break_after:
        cut = 3 + page_break_after
        t3 = t3[:cut] + ["", "\f", ""] + t3[:3] + t3[cut:]
    lines += t3
    lines.append("四、政府信息公开行政复议、行政诉讼情况")
    lines += ["\t".join(row) for row in _table_lines(t4_html(r))]
    lines += ["五、存在的主要问题及改进情况", p["s5"], "六、其他需要报告的事项", p["s6"]]
    return "\n".join(lines)


def as_js(r: DemoReport) -> str:
    """A gkmlpt-style page whose body is a JSON-escaped string in a script (\\u003C for <)."""
    content = json.dumps(report_body_html(r), ensure_ascii=True).replace("<", "\\u003C").replace(">", "\\u003E")
    return f'<html><head><title>{r.title}</title></head><body><h1>{r.title}</h1><div id="c"></div><script>var DETAIL = {{"content": {content}, "id": {r.id}}};</script></body></html>'


def as_word_html(r: DemoReport) -> str:
    """Word-pasted HTML: <span><font> every few characters, <o:p>, &nbsp; runs."""
    body = report_body_html(r)

    def fragment(m: re.Match[str]) -> str:
        text = m.group(0)
        parts = [text[i : i + 3] for i in range(0, len(text), 3)]
        return "".join(f'<span style="font-family:仿宋"><font size="3">{x}</font></span>' for x in parts) + "<o:p></o:p>"

    body = re.sub(r"(?<=>)[^<>]+(?=<)", fragment, body)
    body = body.replace("<td>", '<td class="MsoNormal">&nbsp;&nbsp;')
    return page_html(r, body)


def as_docx(r: DemoReport) -> bytes:
    """A DOCX with the report's paragraphs and its three tables (merged cells as Word merges them)."""
    document = docx.Document()
    p = prose(r)
    for text in (r.title, p["intro"], "一、总体情况", p["s1"], "二、主动公开政府信息情况"):
        document.add_paragraph(text)
    _add_table(document, t2_html(r))
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    _add_table(document, t3_html(r))
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _add_table(document, t4_html(r))
    for text in ("五、存在的主要问题及改进情况", p["s5"], "六、其他需要报告的事项", p["s6"]):
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _add_table(document: docx.document.Document, table_html: str) -> None:
    table = lxml_html.fromstring(table_html)
    cells: dict[tuple[int, int], tuple[str, int, int]] = {}
    taken: set[tuple[int, int]] = set()
    rows = list(table.iter("tr"))
    width = 0
    for y, tr in enumerate(rows):
        x = 0
        for td in tr.iter("td"):
            while (y, x) in taken:
                x += 1
            rs, cs = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            cells[(y, x)] = (" ".join(td.text_content().split()), rs, cs)
            taken |= {(y + dy, x + dx) for dy in range(rs) for dx in range(cs)}
            x += cs
            width = max(width, x)
    grid = document.add_table(rows=len(rows), cols=width)
    for (y, x), (text, rs, cs) in cells.items():
        cell = grid.cell(y, x)
        if rs > 1 or cs > 1:
            cell = cell.merge(grid.cell(y + rs - 1, x + cs - 1))
        cell.text = text
