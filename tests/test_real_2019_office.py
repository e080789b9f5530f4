"""The parser on the structure of a real 2019-template page: the 2019 report of Shanghai's government office
(上海市人民政府办公厅, published 2020-01-31), whose body a JavaScript string held. Rebuilt here cell for cell with
its spans: a 「发布日期：」 line under the title, t2 cells spanning two columns in different places per block,
「251000元」, and t3/t4 with most cells left blank (&nbsp;), the 总计 column too."""

from __future__ import annotations

import json
import logging
import re

import pytest

from harvester.extract import extract
from harvester.parse import Report, parse_document
from harvester.parse.meta import find_published

from .conftest import print_pdf

BLANK = "&nbsp;"
TITLE = "2019年上海市人民政府办公厅政府信息公开工作年度报告"


def _td(text: str, colspan: int = 1, rowspan: int = 1) -> str:
    spans = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    return f'<td nowrap="nowrap"{spans} style="width:40px;"><p align="center">{text or BLANK}</p></td>'


def _tr(*cells: str) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _table(*rows: str) -> str:
    return '<table align="center" border="1" cellspacing="1"><tbody>' + "".join(rows) + "</tbody></table>"


def _t2() -> str:
    def block(item: str, *header: tuple[str, int]) -> list[str]:
        return [_tr(_td(f"第二十条第（{item}）项", 5)), _tr(_td("信息内容"), *(_td(t, span) for t, span in header))]

    def row(label: str, *cells: tuple[str, int]) -> str:
        return _tr(_td(label), *(_td(t, span) for t, span in cells))

    made, decisions = (
        [("本年新<br />制作数量", 1), ("本年新<br />公开数量", 2), ("对外公开总数量", 1)],
        [
            ("上一年项目数量", 1),
            ("本年增/减", 2),
            ("处理决定数量", 1),
        ],
    )
    return _table(
        *block("一", *made),
        row("规章", ("13", 1), ("13", 2), ("524", 1)),
        row("规范性文件", ("60", 1), ("60", 2), ("368", 1)),
        *block("五", *decisions),
        row("行政许可", ("0", 2), ("0", 1), ("0", 1)),  # the values sit one column off the header's spans
        row("其他对外管理服务事项", ("0", 2), ("0", 1), ("0", 1)),
        *block("六", *decisions),
        row("行政处罚", ("0", 2), ("0", 1), ("0", 1)),
        row("行政强制", ("0", 2), ("0", 1), ("0", 1)),
        *block("八", ("上一年项目数量", 2), ("本年增/减", 2)),
        row("行政事业性收费", ("0", 2), ("0", 2)),
        *block("九", ("采购项目数量", 2), ("采购总金额", 2)),
        row("政府集中采购", ("6", 2), ("251000元", 2)),
    )


# (row label, its leading cells' spans, the seven values: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计)
T3_ROWS = [
    (["一、本年新收政府信息公开申请数量"], "821 35 _ _ 2 1 859"),
    (["二、上年结转政府信息公开申请数量"], "18 _ _ _ _ _ 18"),
    (["三、本年度办理结果", "（一）予以公开"], "258 12 _ _ 1 1 _"),
    (["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "3 _ _ _ _ _ _"),
    (["（三）不予公开", "1.属于国家秘密"], "14 _ _ _ _ _ _"),
    (["2.其他法律行政法规禁止公开"], "_ _ _ _ _ _ _"),
    (["3.危及“三安全一稳定”"], "_ _ _ _ _ _ _"),
    (["4.保护第三方合法权益"], "_ _ _ _ _ _ _"),
    (["5.属于三类内部事务信息"], "5 _ _ _ _ _ _"),
    (["6.属于四类过程性信息"], "3 1 _ _ _ _ _"),
    (["7.属于行政执法案卷"], "_ _ _ _ _ _ _"),
    (["8.属于行政查询事项"], "10 2 _ _ _ _ _"),
    (["（四）无法提供", "1.本机关不掌握相关政府信息"], "252 12 _ _ 1 _ _"),
    (["2.没有现成信息需要另行制作"], "44 3 _ _ _ _ _"),
    (["3.补正后申请内容仍不明确"], "25 _ _ _ _ _ _"),
    (["（五）不予处理", "1.信访举报投诉类申请"], "148 1 _ _ _ _ _"),
    (["2.重复申请"], "5 4 _ _ _ _ _"),
    (["3.要求提供公开出版物"], "_ _ _ _ _ _ _"),
    (["4.无正当理由大量反复申请"], "_ _ _ _ _ _ _"),
    (["5.要求行政机关确认或重新出具已获取信息"], "_ _ _ _ _ _ _"),
    (["（六）其他处理"], "_ _ _ _ _ _ _"),
    (["（七）总计"], "767 35 _ _ 2 1 805"),
    (["四、结转下年度继续办理"], "72 _ _ _ _ _ 72"),
]
SPANS = {"三、本年度办理结果": (1, 20), "（三）不予公开": (1, 8), "（四）无法提供": (1, 3), "（五）不予处理": (1, 5)}


def _label_cells(labels: list[str]) -> list[str]:
    if len(labels) == 2:  # a group cell spanning its rows, then the item
        group, item = labels
        wide = 2 if group == "三、本年度办理结果" and not item.startswith("1.") else 1
        return [_td(group, *SPANS[group]), _td(item, wide)]
    label = labels[0]
    return [_td(label, 3 if label[0] in "一二四" else 1 if label[0].isdigit() else 2)]


def _t3() -> str:
    head = [
        _tr(_td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3), _td("申请人情况", 7)),
        _tr(_td("自然人", 1, 2), _td("法人或其他组织", 5), _td("总计", 1, 2)),
        _tr(*(_td(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))),
    ]
    body = [_tr(*_label_cells(labels), *(_td("" if v == "_" else v) for v in values.split())) for labels, values in T3_ROWS]
    return _table(*head, *body)


def _t4() -> str:
    results = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    return _table(
        _tr(_td("行政复议", 5), _td("行政诉讼", 10)),
        _tr(*(_td(t, 1, 2) for t in results), _td("未经复议直接起诉", 5), _td("复议后起诉", 5)),
        _tr(*(_td(t) for t in results * 2)),
        _tr(*(_td("" if v == "_" else v) for v in "5 _ _ 2 7 8 _ _ 1 9 _ _ _ _ _".split())),
    )


def page() -> bytes:
    """The page as served: a shell whose script assigns the report's body to `content` (quotes escaped)."""
    body = (
        f"<p style='text-align: center;font-weight: bold;'>{TITLE}</p><p style='text-align: center'>发布日期：2020-01-31</p>"
        "<p>本年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的要求编制。</p><p>一、总体情况</p>"
        "<p>2019年，上海市人民政府办公厅坚持以习近平新时代中国特色社会主义思想为指导。</p>"
        f"<p>二、主动公开政府信息情况</p>{_t2()}<p>三、收到和处理政府信息公开申请情况</p>{_t3()}"
        f"<p><br />四、政府信息公开行政复议、行政诉讼情况</p>{_t4()}"
        "<p>五、政府信息公开工作存在的主要问题及改进情况</p><p>一是新《条例》实施后，理论学习仍需加强。</p>"
        "<p>六、其他需要报告的事项</p><p>无。</p>"
    )
    script = (
        f'let secondMenu = [{{"id": "4", "name": "政府信息公开年报"}}]\nlet content = {json.dumps(body, ensure_ascii=False)}\n'
    )
    return f"<html><head><title>{TITLE}</title></head><body><div id='app'></div><script>{script}</script></body></html>".encode()


def parsed() -> Report:
    return parse_document(extract(page(), "text/html; charset=utf-8", "index.html")[1])


def test_header_fields_and_the_labelled_publish_date() -> None:
    report = parsed()
    assert (report.title, report.agency, report.year, report.template) == (TITLE, "上海市人民政府办公厅", 2019, "2019")
    assert report.published == "2020-01-31"


def test_every_printed_number_in_its_cell_and_every_blank_kept_blank() -> None:
    facts = {f.key(): f for f in parsed().facts}
    t3_columns = ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total")
    t3 = {k: f for k, f in facts.items() if k[0] == "t3"}
    assert len(t3) == 23 * 7  # every row of the 2019 template, the eight left wholly blank too
    printed = {
        ("new_received", "natural_person"): 821,
        ("new_received", "total"): 859,
        ("granted", "business"): 12,
        ("granted", "other_org"): 1,
        ("denied_admin_query", "natural_person"): 10,
        ("unable_not_held", "legal_services"): 1,
        ("unprocessed_duplicate", "business"): 4,
        ("total_processed", "total"): 805,
        ("carried_forward", "total"): 72,
    }
    for (row, col), value in printed.items():
        assert (t3["t3", row, col].value, t3["t3", row, col].semantic) == (value, "number"), (row, col)
    for row, col in [("granted", "total"), ("carried_over", "business"), ("denied_state_secret", "total")]:
        assert (t3["t3", row, col].value, t3["t3", row, col].semantic, t3["t3", row, col].raw) == (None, "blank", "")
    assert all(f.evidence == "grid" for f in t3.values()) and set(t3_columns) == {k[2] for k in t3}
    amount = facts["t2", "procurement", "amount"]
    assert (amount.value, amount.unit, facts["t2", "procurement", "projects"].value) == (251000, "元", 6)
    assert facts["t2", "regulations", "total_published"].value == 524
    review = {k[2]: (f.value, f.semantic) for k, f in facts.items() if k[:2] == ("t4", "review")}
    assert review == {
        "upheld": (5, "number"),
        "corrected": (None, "blank"),
        "other": (None, "blank"),
        "pending": (2, "number"),
        "total": (7, "number"),
    }


def test_blanks_leave_identities_incomplete_never_failed() -> None:
    checks = {(c.check, c.key): c.status for c in parsed().checks}
    assert "fail" not in checks.values()
    assert checks["t3.row_total", "new_received"] == "incomplete"  # 859 = 821 + 35 + ? + ? + 2 + 1: a blank is not zero
    assert checks["t3.balance", "natural_person"] == "pass"  # 821 + 18 = 767 + 72
    assert checks["t3.balance", "total"] == "pass"  # 859 + 18 = 805 + 72


@pytest.mark.parametrize(
    ("lines", "published"),
    [
        (["广东省人民政府2024年政府信息公开工作年度报告", "发布日期:2025-03-31  浏览次数:-"], "2025-03-31"),  # gd.gov.cn
        (["年度工作报告", "时间 : 2025-01-22 14:27:50 来源 : 本网 【字体:"], "2025-01-22"),  # a provincial bureau
        (["来源：本网\u3000发布时间：2023年02月01日 浏览："], "2023-02-01"),
        (["标题", "本报告统计时间：2024年1月1日至12月31日"], None),  # a period, not a publish date
        (["标题", "正文 " + "工作稳步推进。" * 60 + " 时间：2023年1月2日召开会议"], None),  # deep in a one-line body
    ],
)
def test_publish_date_from_a_labelled_header_line(lines: list[str], published: str | None) -> None:
    assert find_published(None, lines) == published


def _split_t3_before(label: str) -> bytes:
    """The page with its t3 table cut in two before the row `label`: the rows after the cut keep their own cells
    but lose the group cells (三、本年度办理结果, （三）不予公开…) that span down from the first part."""
    html = page().decode()
    cut = html.rfind("<tr>", 0, html.index(label))
    return (html[:cut] + '</tbody></table><p> </p><table border=\\"1\\"><tbody>' + html[cut:]).encode()


def test_t3_cut_in_two_reads_the_rows_that_lost_their_group_cells() -> None:
    whole = {f.key(): f for f in parsed().facts}
    report = parse_document(extract(_split_t3_before("5.属于三类内部事务信息"), "text/html; charset=utf-8", "index.html")[1])
    cut = {f.key(): f for f in report.facts}
    assert {k: (f.value, f.semantic) for k, f in cut.items()} == {k: (f.value, f.semantic) for k, f in whole.items()}
    moved = {k[1] for k, f in cut.items() if k[0] == "t3" and f.evidence == "layout"}
    assert "denied_internal_affairs" in moved and "unable_not_held" in moved and "granted" not in moved
    assert any("denied_internal_affairs" in w and "seven value cells after its label" in w for w in report.warnings)
    assert "fail" not in {c.status for c in report.checks}


def test_a_short_row_whose_total_fails_stays_withheld() -> None:
    html = _split_t3_before("5.属于三类内部事务信息").decode()
    row = html.index("1.本机关不掌握相关政府信息")  # 252 12 _ _ 1 _ _ : zeros for blanks, and a total that fails
    end = html.index("</tr>", row)
    head, last = html[row:end].rsplit(BLANK, 1)
    html = html[:row] + head.replace(BLANK, "0") + "999" + last + html[end:]
    report = parse_document(extract(html.encode(), "text/html; charset=utf-8", "index.html")[1])
    assert not any(f.row == "unable_not_held" for f in report.facts)
    assert any("unable_not_held" in w and "withheld" in w for w in report.warnings)


@pytest.fixture(scope="module")
def printed_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The page's body printed to PDF by Chromium with the Noto CJK fonts (.ci/install puts both in place), as
    agencies print their reports: its text layer names several ideographs by their radicals (⼈ for 人, ⺠ for 民)."""
    folder = tmp_path_factory.mktemp("print")
    body = json.loads(page().decode().split("let content = ", 1)[1].split("\n", 1)[0])
    html = folder / "report.html"
    html.write_text(f"<html><head><meta charset='utf-8'><style>td{{border:1px solid}}</style></head><body>{body}</body></html>")
    return print_pdf(html, folder / "report.pdf")


def test_printed_pdf_reads_radicals_as_ideographs_and_keeps_pdfminer_quiet(
    printed_pdf: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    from harvester.extract.pdf import extract_pdf

    raw = "".join(b.text + "".join("".join(r.cells) for r in b.rows) for b in extract_pdf(printed_pdf).blocks)
    assert re.search("[\u2e80-\u2fdf]", raw)  # the text layer as printed: radicals in place of ideographs
    with caplog.at_level(logging.WARNING):
        report = parse_document(extract(printed_pdf, "application/pdf", "report.pdf")[1])
    assert not [r for r in caplog.records if r.name.startswith("pdfminer")]  # its per-font warnings are silenced
    assert (report.title, report.agency, report.published) == (TITLE, "上海市人民政府办公厅", "2020-01-31")
    assert not re.search("[\u2e80-\u2fdf]", report.sections["s1"] + report.title)
    assert any("CJK radical characters" in w for w in report.warnings)
    page_facts = {f.key(): (f.value, f.semantic) for f in parsed().facts if f.table in ("t3", "t4")}
    assert {f.key(): (f.value, f.semantic) for f in report.facts if f.table in ("t3", "t4")} == page_facts


def test_radicals_in_a_cell_or_a_hint_alone_are_read_as_ideographs() -> None:
    """The whole document is searched once for radicals: one only in a table cell, or only in the publisher hint,
    is still found and read as its ideograph (and counted), while a document with none is left as it was."""
    from harvester.extract.radicals import unify_document
    from harvester.parse.model import Block, Document, Row

    def doc(cell: str, publisher: str) -> Document:
        rows = [Row(["本年新收政府信息公开申请数量", "3"], "table 1 row 1"), Row([cell, "1"], "table 1 row 2")]
        return Document([Block("text", "总体情况"), Block("table", rows=rows)], publisher_hint=publisher)

    in_cell = unify_document(doc("⼈⺠法院", "某某局"))
    assert in_cell.blocks[1].rows[1].cells == ["人民法院", "1"]
    assert in_cell.warnings == ["text: 2 CJK radical characters (a font's map) read as the ideographs they stand for"]
    in_hint = unify_document(doc("法院", "⼈⺠政府办公室"))
    assert (in_hint.publisher_hint, in_hint.blocks[1].rows[1].cells) == ("人民政府办公室", ["法院", "1"])
    assert len(in_hint.warnings) == 1
    plain = unify_document(doc("法院", "某某局"))
    assert (plain.warnings, plain.blocks[1].rows[1].cells, plain.publisher_hint) == ([], ["法院", "1"], "某某局")
