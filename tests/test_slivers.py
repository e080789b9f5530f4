"""Sliver columns: a grid column a pixel wide that two rows' spans disagree on (the Shanghai government office's 2019
page, tests/real/shanghai_gov_office_2019): the widths say which header a spanned value stands under."""

from __future__ import annotations

import io
import json
import re

import docx
from docx.shared import Emu

from harvester.extract import extract
from harvester.parse import parse_document
from harvester.parse.model import Report

from .conftest import ROOT

PAGE = ROOT / "tests" / "real" / "shanghai_gov_office_2019" / "page.html"
T2_THREE = ("licensing", "other_services", "punishment", "coercion")


def parsed(body: bytes, name: str = "page.html") -> Report:
    return parse_document(extract(body, "text/html" if name.endswith("html") else None, name)[1])


def t2(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t2"}


def test_the_real_page_reads_whole_and_right() -> None:
    """Every cell of the page as its truth has it: the spanned 0s under 上一年项目数量 and 本年增/减 by their widths,
    the blanks of table 三 stored as blanks, never as 0 (予以公开's total is blank; its cells sum to 272)."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]["shanghai_gov_office_2019"]
    report = parsed(PAGE.read_bytes())
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert got == truth["facts"]
    assert all(t2(report)[(row, "change")] == 0 for row in T2_THREE)
    assert got["t3/granted/total"] == [None, "blank"] and got["t3/granted/natural_person"] == [258, "number"]
    assert not [c for c in report.checks if c.status == "fail"]


def test_without_widths_the_straddling_value_is_withheld() -> None:
    """The same page with its widths taken out: nothing says which header the spanned 0 stands under, so 本年增/减 is
    withheld (missing), and the other columns keep their values."""
    body = re.sub(rb' style="width:\d+px;"', b"", PAGE.read_bytes())
    values = t2(parsed(body))
    assert all((row, "change") not in values for row in T2_THREE)
    assert all(values[(row, "prev_items")] == 0 and values[(row, "decisions")] == 0 for row in T2_THREE)


def test_a_narrow_column_with_a_cell_of_its_own_stays() -> None:
    """A narrow column is a sliver only where no cell stands in it alone: a 6 px column holding its own value keeps it."""
    cell = '<td style="width:{}px">{}</td>'
    header = "".join(
        cell.format(w, t) for w, t in ((200, "信息内容"), (100, "上一年项目数量"), (6, "本年增/减"), (100, "处理决定数量"))
    )
    row = "".join(cell.format(w, t) for w, t in ((200, "行政许可"), (100, "3"), (6, "2"), (100, "4")))
    title = "<title>2019年某局政府信息公开工作年度报告</title>"
    section = '<tr><td colspan="4">第二十条第（五）项</td></tr>'
    page = (
        f"<html>{title}<body><p>二、主动公开政府信息情况</p><table>{section}<tr>{header}</tr><tr>{row}</tr></table></body></html>"
    )
    values = t2(parsed(page.encode()))
    assert values[("licensing", "prev_items")] == 3 and values[("licensing", "change")] == 2
    assert values[("licensing", "decisions")] == 4


def test_docx_grid_slivers() -> None:
    """The same rows in a Word table: its grid's third column 0.1 mm wide (as LibreOffice saved the page: 6.5 px),
    the header's 本年增/减 merged over grid columns 3-4 and the value row's first number over columns 2-3."""
    document = docx.Document()
    document.add_paragraph("二、主动公开政府信息情况")
    table = document.add_table(rows=3, cols=5)
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, (1591310, 1124585, 61595, 653415, 1143635), strict=True):
        grid_col.w = Emu(width)
    header = table.rows[1].cells
    header[2].merge(header[3])
    value = table.rows[2].cells
    value[1].merge(value[2])
    table.rows[0].cells[0].merge(table.rows[0].cells[4]).text = "第二十条第（五）项"
    for cell, text in zip(table.rows[1].cells, ("信息内容", "上一年项目数量", "本年增/减", "", "处理决定数量"), strict=True):
        if text:
            cell.text = text
    for i, text in ((0, "行政许可"), (1, "5"), (3, "1"), (4, "7")):
        table.rows[2].cells[i].text = text
    buf = io.BytesIO()
    document.save(buf)
    values = t2(parsed(buf.getvalue(), "report.docx"))
    assert (values[("licensing", "prev_items")], values[("licensing", "change")], values[("licensing", "decisions")]) == (5, 1, 7)
