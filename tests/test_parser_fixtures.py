"""The parser on the project's own fixtures: both templates in every input kind, against the truth."""

from __future__ import annotations

import pytest

from harvester.demo.data import DemoReport, demo_reports, make_report
from harvester.demo.formats import as_docx, as_js, as_text, as_word_html, page_html
from harvester.demo.pdf import build_pdf
from harvester.extract import extract
from harvester.parse import Report, parse_document, parse_text
from harvester.parse.rows import split_flattened

R2019 = make_report(901, "示范县人民政府办公室", 2020, "2021-01-20")
R2021 = make_report(902, "示范县交通运输局", 2021, "2022-01-20")


def parse_bytes(body: bytes, ctype: str | None = None) -> Report:
    return parse_document(extract(body, ctype)[1])


def assert_truth(report: Report, demo: DemoReport, complete: bool = True) -> None:
    """Every fact equals the truth (never a wrong value); complete means every truth cell was read."""
    got = {f.key(): f for f in report.facts}
    truth = {(t, r, c): (v, u) for t, r, c, v, u in demo.truth()}
    wrong = {
        k: (got[k].value, got[k].unit, truth.get(k)) for k in got if k not in truth or (got[k].value, got[k].unit) != truth[k]
    }
    assert not wrong, wrong
    if complete:
        assert set(truth) <= set(got), sorted(set(truth) - set(got))[:5]
    assert report.agency == demo.agency and report.year == demo.year and report.template == demo.template


KINDS = {
    "html": lambda r: parse_bytes(page_html(r).encode(), "text/html; charset=utf-8"),
    "html-gbk": lambda r: parse_bytes(page_html(r).replace("<head>", '<head><meta charset="gb2312">').encode("gbk"), "text/html"),
    "js-embedded": lambda r: parse_bytes(as_js(r).encode(), "text/html"),
    "word-html": lambda r: parse_bytes(as_word_html(r).encode(), "text/html"),
    "text": lambda r: parse_text(as_text(r)),
    "text-page-break": lambda r: parse_text(as_text(r, page_break_after=9)),
    "text-vertical-label": lambda r: parse_text(as_text(r, vertical=True)),
    "pdf": lambda r: parse_bytes(build_pdf(r)),
    "docx": lambda r: parse_bytes(as_docx(r)),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("demo", [R2019, R2021], ids=["2019", "2021"])
def test_every_kind_both_templates(kind: str, demo: DemoReport) -> None:
    assert_truth(KINDS[kind](demo), demo)


def test_checks_pass_on_consistent_report() -> None:
    report = KINDS["html"](R2021)
    assert report.checks and {c.status for c in report.checks} == {"pass"}


def test_inconsistent_report_fails_its_checks() -> None:
    bad = next(r for r in demo_reports()["gd-demo"] if r.inconsistent)
    report = KINDS["html"](bad)
    assert_truth(report, bad)
    failed = {(c.check, c.key) for c in report.checks if c.status == "fail"}
    assert failed == {("t3.balance", "total"), ("t3.outcomes", "total"), ("t3.row_total", "total_processed")}


def test_blank_is_never_zero() -> None:
    blank = next(r for r in demo_reports()["city-demo"] if r.t3[("carried_over", "research")] == "")
    report = KINDS["html"](blank)
    fact = next(f for f in report.facts if f.key() == ("t3", "carried_over", "research"))
    assert (fact.value, fact.semantic) == (None, "blank")
    statuses = {(c.check, c.key): c.status for c in report.checks}
    assert statuses[("t3.balance", "research")] == "incomplete"
    assert statuses[("t3.row_total", "carried_over")] == "incomplete"


def _flattened(text: str, row_label: str, digits: str) -> str:
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith(row_label))
    lines[i] = f"{row_label}\t{digits}"
    return "\n".join(lines)


def test_flattened_digits_with_one_valid_split() -> None:
    demo = make_report(903, "示范镇人民政府", 2020, "2021-01-10")
    values = [12, 0, 0, 0, 0, 1, 13]
    for col, v in zip(
        ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total"), values, strict=True
    ):
        demo.t3[("carried_over", col)] = str(v)
    text = _flattened(as_text(demo), "二、上年结转政府信息公开申请数量", "".join(map(str, values)))
    assert len(split_flattened(["".join(map(str, values))], 7, lambda v: sum(v[:6]) == v[6])) == 1
    report = parse_text(text)
    got = {f.col: f.value for f in report.facts if f.row == "carried_over"}
    assert {f.evidence for f in report.facts if f.row == "carried_over"} == {"identity"}  # a cut the identities chose
    assert got == dict(
        zip(("natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total"), values, strict=True)
    )
    assert any("only split" in w for w in report.warnings)


def test_flattened_digits_with_two_valid_splits_is_ambiguous() -> None:
    demo = make_report(904, "示范镇人民政府", 2020, "2021-01-10")
    digits = "111000012"  # 11|1|0|0|0|0|12 and 1|11|0|0|0|0|12
    assert len(split_flattened([digits], 7, lambda v: sum(v[:6]) == v[6])) == 2
    report = parse_text(_flattened(as_text(demo), "二、上年结转政府信息公开申请数量", digits))
    assert not [f for f in report.facts if f.row == "carried_over"]
    assert any("ambiguous" in w and "carried_over" in w for w in report.warnings)


def test_template_disagreement_is_warned() -> None:
    demo = make_report(905, "示范县人民政府", 2021, "2022-01-10")
    text = as_text(demo).replace("2021年", "2020年")  # labels still say 2021 format
    report = parse_text(text)
    assert report.template == "2021"
    assert any("template" in w for w in report.warnings)


def test_pdf_with_no_text_layer_reports_missing_tables() -> None:
    import io

    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.rect(100, 100, 200, 200, fill=1)
    c.save()
    report = parse_bytes(buf.getvalue())
    assert not report.facts  # nothing on the page to read, so nothing invented
    assert any("read by OCR" in w for w in report.warnings) and any(w.startswith("t3: table") for w in report.warnings)


LEGACY = """<html><body><h1>示范市人民政府2017年政府信息公开工作年度报告</h1>
<p>一、概述</p><p>2017年，我市继续推进政府信息公开工作。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td>指标名称</td><td>计量单位</td><td>本年度</td><td>历年累计</td></tr>
<tr><td colspan="4">一、主动公开情况</td></tr>
<tr><td>（一）主动公开政府信息数</td><td>条</td><td>1,234</td><td>56789</td></tr>
<tr><td>其中：主动公开规范性文件数</td><td>条</td><td>12</td><td>345</td></tr>
<tr><td>（二）收到政府信息公开申请数</td><td>件</td><td>20</td><td></td></tr>
</table><p>六、其他需要报告的事项</p><p>无。</p></body></html>"""


def test_pre2019_indicator_table_as_legacy_facts() -> None:
    report = parse_bytes(LEGACY.encode(), "text/html; charset=utf-8")
    assert (report.year, report.template) == (2017, "pre2019")
    got = {(f.row, f.col): (f.value, f.unit, f.semantic) for f in report.facts}
    assert got == {
        ("主动公开政府信息数", "this_year"): (1234, "条", "number"),
        ("主动公开政府信息数", "cumulative"): (56789, "条", "number"),
        ("主动公开规范性文件数", "this_year"): (12, "条", "number"),
        ("主动公开规范性文件数", "cumulative"): (345, "条", "number"),
        ("收到政府信息公开申请数", "this_year"): (20, "件", "number"),
        ("收到政府信息公开申请数", "cumulative"): (None, None, "blank"),
    }
    assert {f.table for f in report.facts} == {"legacy"} and not report.checks


def test_soft_check_prose_differs_from_table() -> None:
    demo = make_report(906, "示范县人民政府", 2021, "2022-01-10")
    n = int(demo.t3[("new_received", "total")])
    text = as_text(demo).replace(f"全年共受理政府信息公开申请{n}件", f"全年共受理政府信息公开申请{n + 5}件")
    report = parse_text(text)
    assert any(w.startswith("soft: 总体情况 says") for w in report.warnings)
    assert {c.status for c in report.checks} == {"pass"}  # prose never fails a report


def _one_label_column(table_html: str) -> str:
    """The t3 table laid out with a single label column (labels joined, spans dropped)."""
    from lxml import html as lxml_html

    from harvester.extract.grid import table_grid

    rows = []
    for cells in table_grid(lxml_html.fromstring(table_html)):
        labels = []
        for c in cells[:3]:
            if c and c not in labels:
                labels.append(c)
        rows.append("<tr><td>" + " ".join(labels) + "</td>" + "".join(f"<td>{c}</td>" for c in cells[3:]) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


@pytest.mark.parametrize("demo", [R2019, R2021], ids=["2019", "2021"])
def test_t3_with_one_label_column(demo: DemoReport) -> None:
    from harvester.demo.render import t3_html

    body = page_html(demo).replace(t3_html(demo), _one_label_column(t3_html(demo)))
    assert body != page_html(demo)
    assert_truth(parse_bytes(body.encode(), "text/html; charset=utf-8"), demo)


def _headers_without_row_spans(table_html: str) -> str:
    """A header as some portals print it (a Hangzhou-style 2025 page): no rowspan on the header cells that stand
    over two header rows, an empty cell under each in the row below."""
    if "申请人情况" in table_html:  # t3: 自然人 and 总计 over the organisations' row
        head, tail = table_html.split("<tr><td>商业企业</td>", 1)
        table_html = (
            head + "<tr><td></td><td>商业企业</td>" + tail.replace("<td>其他</td></tr>", "<td>其他</td><td></td></tr>", 1)
        )
        labels = ("自然人", "总计")
    else:  # t4: the review's five results, left of the litigation groups
        table_html = table_html.replace("<tr><td>结果维持</td>", "<tr>" + "<td></td>" * 5 + "<td>结果维持</td>", 1)
        labels = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for label in labels:
        table_html = table_html.replace(f'<td rowspan="2">{label}</td>', f"<td>{label}</td>")
    return table_html


BLANK_UNDER_NATURAL = ("<tr><td></td><td>商业企业</td>", "<tr><td>商业企业</td>")
BLANK_UNDER_TOTAL = ("<td>其他</td><td></td></tr>", "<td>其他</td></tr>")
SPANLESS = {  # the header's lower rows as pages print them without spans: (changes to the t3 header, shift read)
    "empty cells kept": ([], 0),
    "empty cell under 自然人 dropped": ([BLANK_UNDER_NATURAL], 1),
    "both empty cells dropped": ([BLANK_UNDER_NATURAL, BLANK_UNDER_TOTAL], 1),
    "dropped, organisations reordered": (
        [("<tr><td></td><td>商业企业</td><td>科研机构</td>", "<tr><td>科研机构</td><td>商业企业</td>")],
        None,
    ),
}


@pytest.mark.parametrize("layout", sorted(SPANLESS))
@pytest.mark.parametrize("demo", [R2019, R2021], ids=["2019", "2021"])
def test_header_cells_over_two_rows_printed_without_spans(demo: DemoReport, layout: str) -> None:
    """Read by header positions, the organisations' labels must not be taken where they stand when that puts
    商业企业 over the 自然人 column: 40 numbers came out under the wrong applicant, with no check failing (the
    row totals need all seven). They are read under the columns the row above leaves them, or not at all."""
    from harvester.demo.render import t3_html, t4_html

    changes, shift = SPANLESS[layout]
    body = page_html(demo)
    for table in (t3_html(demo), t4_html(demo)):
        printed = _headers_without_row_spans(table)
        for old, new in changes if table == t3_html(demo) else []:
            assert old in printed
            printed = printed.replace(old, new, 1)
        body = body.replace(table, printed)
    assert 'rowspan="2">自然人' not in body and 'rowspan="2">结果维持' not in body
    report = parse_bytes(body.encode(), "text/html; charset=utf-8")
    notes = [w for w in report.warnings if "names columns the row above names otherwise" in w]
    if shift is None:  # no reading puts every label on a free column in the template's order: nothing from t3
        assert not [f for f in report.facts if f.table == "t3"] and notes and "withheld" in notes[0]
        assert_truth(report, demo, complete=False)
        return
    assert_truth(report, demo)
    assert not [c for c in report.checks if c.status == "fail"]
    assert [f"shifted by {shift:+d}" in w for w in notes] == ([True] if shift else [])


def test_a_lower_header_row_joins_the_row_above_where_it_leaves_room() -> None:
    from harvester.parse.columns import merged_t3_header

    above = {3: "natural_person", 9: "total"}
    orgs = ["business", "research", "nonprofit", "legal_services", "other_org"]
    placed = {4 + i: k for i, k in enumerate(orgs)}
    assert merged_t3_header(above, placed, 10) == ({**above, **placed}, 0)
    assert merged_t3_header(above, {3 + i: k for i, k in enumerate(orgs)}, 10) == ({**above, **placed}, 1)
    assert merged_t3_header(above, {5 + i: k for i, k in enumerate(orgs)}, 11) == ({**above, **placed}, -1)
    assert merged_t3_header(above, {3 + i: k for i, k in enumerate(reversed(orgs))}, 10) is None  # not the template's order
    assert merged_t3_header(above, {1 + i: k for i, k in enumerate(orgs)}, 10) is None  # no shift of one or two fits
    assert merged_t3_header({3: "natural_person"}, {3: "natural_person", 4: "business"}, 10) == (
        {3: "natural_person", 4: "business"},
        0,
    )  # the same name again is no clash


def test_agency_from_publisher_metadata_and_signature() -> None:
    demo = make_report(907, "示范区应急管理局", 2021, "2022-01-12")
    untitled = page_html(demo).replace(demo.title, "2021年政府信息公开工作年度报告").replace(f"现公布{demo.agency}", "现公布本局")
    meta = untitled.replace("<h1>", "<table><tr><td>发布机构</td><td>示范区应急管理局</td></tr></table><h1>")
    assert parse_bytes(meta.encode(), "text/html; charset=utf-8").agency == "示范区应急管理局"
    text = as_text(demo).replace(demo.title, "2021年政府信息公开工作年度报告").replace(f"现公布{demo.agency}", "现公布本局")
    signed = text + "\n\n示范区应急管理局\n2022年1月12日\n"
    report = parse_text(signed)
    assert (report.agency, report.year, report.title) == ("示范区应急管理局", 2021, "2021年政府信息公开工作年度报告")
