"""Build a demo report as a PDF with a real text layer and ruled tables (reportlab, CID font)."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from ..parse import spec
from .data import DemoReport
from .render import ROW_LABELS, T2_ITEMS, T3_HEAD, prose, t3_row_labels

FONT = "STSong-Light"


def _style(size: int = 9) -> ParagraphStyle:
    return ParagraphStyle("cn", fontName=FONT, fontSize=size, leading=size + 4, wordWrap="CJK")


_RULED = [True]  # draw table rulings (real PDFs often have none: the extractor must align words by position)


def _table(data: list[list], spans: list[tuple[tuple[int, int], tuple[int, int]]], widths: list[int]) -> Table:
    table = Table(data, colWidths=widths)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 7),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if _RULED[0]:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    style += [("SPAN", a, b) for a, b in spans]
    table.setStyle(TableStyle(style))
    return table


def _t3_table(r: DemoReport) -> Table:
    data: list[list] = [
        [Paragraph(T3_HEAD, _style(7)), "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    spans = [((0, 0), (2, 2)), ((3, 0), (9, 0)), ((3, 1), (3, 2)), ((4, 1), (8, 1)), ((9, 1), (9, 2))]
    layout = t3_row_labels(r.template)
    occupied: set[tuple[int, int]] = set()
    for i, (key, labels) in enumerate(layout):
        y = 3 + i
        row = [""] * 3 + [r.t3[(key, c)] for c in spec.T3_COLUMNS]
        x = 0
        for text, rs, cs in labels:
            while (x, y) in occupied:
                x += 1
            vertical = rs > 4
            shown = "<br/>".join(text) if vertical else text
            row[x] = Paragraph(shown, _style(7))  # type: ignore[call-overload]
            if rs > 1 or cs > 1:
                spans.append(((x, y), (x + cs - 1, y + rs - 1)))
            for dy in range(rs):
                for dx in range(cs):
                    occupied.add((x + dx, y + dy))
            x += cs
        data.append(row)
    return _table(data, spans, [30, 90, 170] + [45] * 7)


def _t4_table(r: DemoReport) -> Table:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    data = [
        ["行政复议"] + [""] * 4 + ["行政诉讼"] + [""] * 9,
        heads + ["未经复议直接起诉"] + [""] * 4 + ["复议后起诉"] + [""] * 4,
        [""] * 5 + heads * 2,
        list(r.t4),
    ]
    spans = [((0, 0), (4, 0)), ((5, 0), (14, 0)), ((5, 1), (9, 1)), ((10, 1), (14, 1))]
    spans += [((i, 1), (i, 2)) for i in range(5)]
    return _table(data, spans, [44] * 15)


def build_pdf(r: DemoReport, ruled: bool = True) -> bytes:
    """The whole report as PDF bytes; deterministic for a given report. ruled=False draws no table lines."""
    _RULED[0] = ruled
    buf = io.BytesIO()
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), title=r.title, author=r.agency, invariant=1)
    p = prose(r)
    story: list = [
        Paragraph(r.title, _style(14)),
        Spacer(1, 8),
        Paragraph(p["intro"], _style()),
        Paragraph("一、总体情况", _style(11)),
        Paragraph(p["s1"], _style()),
        Paragraph("二、主动公开政府信息情况", _style(11)),
    ]
    for item, keys, heads in T2_ITEMS[r.template]:
        rows = [[item, "", "", ""], ["信息内容", *heads] + [""] * (3 - len(heads))]
        for key in keys:
            vals = [r.t2[(key, c)] for c in spec.T2_DEFAULT_COLUMNS[r.template][key]]
            rows.append([ROW_LABELS[key], *vals] + [""] * (3 - len(vals)))
        story.append(_table(rows, [((0, 0), (3, 0))], [150, 120, 120, 120]))
    story += [
        Paragraph("三、收到和处理政府信息公开申请情况", _style(11)),
        _t3_table(r),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况", _style(11)),
        _t4_table(r),
        Paragraph("五、存在的主要问题及改进情况", _style(11)),
        Paragraph(p["s5"], _style()),
        Paragraph("六、其他需要报告的事项", _style(11)),
        Paragraph(p["s6"], _style()),
    ]
    doc.build(story)
    return buf.getvalue()
