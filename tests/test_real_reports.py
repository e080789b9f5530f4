"""The parser on real reports (../shared/real) and on fixtures built from their structure."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from harvester.extract import extract
from harvester.parse import Report, parse_document, parse_text
from harvester.parse.spec import T3_COLUMNS, t3_order

PINGTAN = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "shared" / "real" / "pingtan").glob("*_*"))
# The one printed table that disagrees with itself: 6+6+4+3+3+4 = 26 outcomes against a 总计 of 20 (total 27 vs 21).
PRINTED_DISAGREEMENTS = {"202103_80595": {("t3.outcomes", "natural_person"), ("t3.outcomes", "total")}}


def parse_file(path: Path, ctype: str) -> Report:
    return parse_document(extract(path.read_bytes(), ctype, path.name)[1])


def values(report: Report) -> dict[tuple[str, str, str], object]:
    return {f.key(): (f.value, f.semantic) for f in report.facts}


@pytest.fixture(scope="module")
def pingtan(shared: Path) -> dict[str, tuple[Report, Report]]:
    root = shared / "real" / "pingtan"
    return {
        n: (parse_file(root / n / "page.html", "text/html"), parse_text((root / n / "page.txt").read_text())) for n in PINGTAN
    }


@pytest.mark.parametrize("name", PINGTAN)
def test_pingtan_page_and_flattened_text_agree(pingtan: dict[str, tuple[Report, Report]], name: str) -> None:
    page, text = pingtan[name]
    assert (page.year, page.agency, page.template) == (text.year, text.agency, text.template)
    assert page.agency and page.agency.startswith("平潭") and "标题" not in page.agency
    hv, tv = values(page), values(text)
    assert hv, "the page gives facts"
    wrong = {k: (hv.get(k), v) for k, v in tv.items() if hv.get(k) != v}
    assert not wrong, wrong  # never a value the page does not show
    if page.template == "pre2019":
        assert {f.table for f in page.facts} == {"legacy"} and page.year is not None and page.year < 2019
        assert len(tv) >= 0.6 * len(hv)
    else:
        for table in ("t3", "t4"):  # the identities cut every run-together row of these tables
            assert {k for k in hv if k[0] == table} == {k for k in tv if k[0] == table}, table
        withheld = {k for k in hv if k not in tv}
        assert all(k[0] == "t2" for k in withheld)
        assert all(any(k[1] in w for w in text.warnings if w.startswith("t2:")) for k in withheld)


@pytest.mark.parametrize("name", [n for n in PINGTAN if n >= "2020"])
def test_pingtan_identities_pass_unless_the_printed_table_disagrees(pingtan: dict[str, tuple[Report, Report]], name: str) -> None:
    for report in pingtan[name]:
        failing = {(c.check, c.key) for c in report.checks if c.status == "fail"}
        assert failing == PRINTED_DISAGREEMENTS.get(name, set())
        assert all(c.status == "pass" for c in report.checks if (c.check, c.key) not in failing)
    if name in PRINTED_DISAGREEMENTS:
        detail = {c.key: c.detail for c in pingtan[name][0].checks if c.check == "t3.outcomes"}
        assert detail["natural_person"] == "20 = 6 + 6 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 0 + 4 + 0 + 3 + 0 + 3 + 0 + 0 + 0 + 4"


def test_pingtan_2011_statistics_table(pingtan: dict[str, tuple[Report, Report]]) -> None:
    page, text = pingtan["201204_80678"]
    got = {(f.row, f.col): (f.value, f.unit) for f in page.facts}
    assert got[("主动公开信息数", "this_year")] == (425, "条") and got[("主动公开信息数", "cumulative")] == (1516, "条")
    assert got[("网站公开", "this_year")] == (418, "条") and got[("行政申诉数", "cumulative")] == (0, "条")
    assert values(page) == values(text)


def test_report_on_2017_is_pre2019_whatever_its_words(pingtan: dict[str, tuple[Report, Report]]) -> None:
    page, _ = pingtan["201801_80506"]
    assert (page.year, page.template) == (2017, "pre2019")
    assert ("legacy", "主动公开文件数", "this_year") in values(page)


def test_shuyang_word_pasted_page(shared: Path) -> None:
    report = parse_file(shared / "real" / "shuyang_fgj_2023" / "page.html", "text/html")
    assert (report.agency, report.year, report.template) == ("沭阳县发展和改革局", 2023, "2021")
    assert {f.table for f in report.facts} == {"t2", "t3", "t4"}
    t3 = {(f.row, f.col): f for f in report.facts if f.table == "t3"}
    assert len(t3) == 25 * 7
    assert t3[("new_received", "natural_person")].value == t3[("new_received", "total")].value == 26
    assert t3[("new_received", "business")].semantic == "blank" and t3[("new_received", "business")].value is None
    assert not [c for c in report.checks if c.status == "fail"]


def test_shanghai_broken_markdown(shared: Path) -> None:
    report = parse_text((shared / "real" / "shanghai_office_2025" / "source.md").read_text())
    assert (report.agency, report.year, report.template) == ("上海市人民政府办公厅", 2025, "2021")
    t3 = {(f.row, f.col): f.value for f in report.facts if f.table == "t3"}
    assert set(t3) == {(r, c) for r in t3_order("2021") for c in T3_COLUMNS}
    assert [t3[("partially_granted", c)] for c in T3_COLUMNS] == [2, 0, 0, 0, 0, 0, 2]  # label printed above the row
    assert [t3[("other_unpaid_fee", c)] for c in T3_COLUMNS] == [0] * 7  # label cut across two cells
    assert [t3[("other_no_correction", c)] for c in T3_COLUMNS] == [40, 1, 0, 0, 2, 0, 43]
    t4 = [
        f.value
        for g in ("review", "litigation_direct", "litigation_after_review")
        for f in report.facts
        if f.table == "t4" and f.row == g
    ]
    assert t4 == [40, 0, 10, 5, 55, 2, 0, 4, 6, 12, 6, 0, 9, 7, 22]
    assert {f.row for f in report.facts if f.table == "t2"} >= {"licensing", "punishment", "coercion", "fees"}
    assert ("t2", "regulations", "repealed") not in values(report)  # | 规章 | 22 | 235 | lost a cell: no guess
    assert report.checks and all(c.status == "pass" for c in report.checks)


# ---- fixtures built from real structure ----------------------------------------------------------

GKMLPT_SHELL = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="xxgk_content"><table class="xxgk_table"><tbody>
<tr><td class="td-label">索引号：</td><td>11350128MB0Y80595G/2021-00012</td><td class="td-label">分类：</td><td>政府信息公开年报</td></tr>
<tr><td class="td-label">发布机构：</td><td>平潭综合实验区管委会办公室</td><td class="td-label">成文日期：</td><td>2021-03-04</td></tr>
<tr><td class="td-label">名称：</td><td colspan="3">{title}</td></tr>
<tr><td class="td-label">文号：</td><td></td><td class="td-label">发布日期：</td><td>2021-03-05</td></tr>
</tbody></table><div class="article-content" id="zoom"></div></div>
<script>window._CONFIG = {{"SID": "755576", "DETAIL": {detail}}};</script></body></html>"""


def _body(shared: Path, name: str) -> tuple[str, str]:
    """The article body (real markup, Word-style tables) and the title of a Pingtan page."""
    page = lxml_html.fromstring((shared / "real" / "pingtan" / name / "page.html").read_bytes().decode("utf-8", "replace"))
    box = page.xpath('//*[contains(@class, "article_content")]')[0]
    return lxml_html.tostring(box, encoding="unicode"), "平潭综合实验区2020年政府信息公开工作年度报告"


def test_gkmlpt_page_with_metadata_table_and_detail_content(shared: Path) -> None:
    body, title = _body(shared, "202103_80595")
    detail = json.dumps({"id": 80595, "title": title, "content": body}, ensure_ascii=True).replace("<", "\\u003C")
    page = GKMLPT_SHELL.format(title=title, detail=detail)
    report = parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])
    truth = parse_file(shared / "real" / "pingtan" / "202103_80595" / "page.html", "text/html")
    assert values(report) == values(truth) and len(values(report)) == 198
    assert (report.title, report.published) == (title, "2021-03-05")


@pytest.mark.parametrize("form", ["var", "let", "property"])
def test_body_held_in_a_js_assignment(shared: Path, form: str) -> None:
    body, title = _body(shared, "202302_80629")
    quoted = (
        "'" + body.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'" if form == "let" else json.dumps(body)
    )
    script = {"var": f"var content = {quoted};", "let": f"let content = {quoted};", "property": f"article.content = {quoted};"}[
        form
    ]
    page = f"<html><head><title>{title}</title></head><body><div id='c'></div><script>{script}</script></body></html>"
    report = parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])
    truth = parse_file(shared / "real" / "pingtan" / "202302_80629" / "page.html", "text/html")
    assert values(report) == values(truth) and len(values(report)) == 200


def _t3_table(shared: Path) -> str:
    html = (shared / "real" / "pingtan" / "202103_80595" / "page.html").read_bytes().decode("utf-8", "replace")
    tables = re.findall(r"<table.*?</table>", html, flags=re.S)
    return next(t for t in tables if "自然人" in t)


def test_three_by_three_header_with_blank_totals(shared: Path) -> None:
    """The real 2019 table (3×3 note cell, labels over three columns) with every 总计 cell left blank."""
    root = lxml_html.fromstring(_t3_table(shared))
    for tr in root.iter("tr"):
        cells = tr.findall("td")
        if len(cells) >= 7 and re.fullmatch(r"\d+", cells[-1].text_content().strip()):
            for child in list(cells[-1]):
                cells[-1].remove(child)
            cells[-1].text = "\u00a0"
    page = f"<html><body><h1>平潭综合实验区2020年政府信息公开工作年度报告</h1>{lxml_html.tostring(root, encoding='unicode')}</body></html>"
    report = parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])
    truth = {
        k: v
        for k, v in values(parse_file(shared / "real" / "pingtan" / "202103_80595" / "page.html", "text/html")).items()
        if k[0] == "t3"
    }
    got = {f.key(): f for f in report.facts if f.table == "t3"}
    assert set(got) == set(truth)
    for key, fact in got.items():
        if key[2] == "total":
            assert (fact.semantic, fact.value) == ("blank", None)
        else:
            assert (fact.value, fact.semantic) == truth[key], key  # 自然人 keeps its own value, 其他 too
            assert fact.evidence == "grid"
    assert ("natural_person", 20) in {(k[2], f.value) for k, f in got.items() if k[1] == "new_received"}


def test_misaligned_grid_row_is_withheld_with_both_readings(shared: Path) -> None:
    """A row that lost its first value cell: neither reading is proven, so the row gives nothing and both are named."""
    table = _t3_table(shared)
    root = lxml_html.fromstring(table)
    row = next(tr for tr in root.iter("tr") if "予以公开" in tr.text_content())
    first_value = next(td for td in row.findall("td") if td.text_content().strip().isdigit())
    row.remove(first_value)
    page = f"<html><body><h1>平潭综合实验区2020年政府信息公开工作年度报告</h1>{lxml_html.tostring(root, encoding='unicode')}</body></html>"
    report = parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])
    assert not any(f.row == "granted" for f in report.facts)
    warning = next(w for w in report.warnings if "granted" in w and "withheld" in w)
    assert "under the header it reads 0|0|0|0|1|7|_" in warning and "right-aligned _|0|0|0|0|1|7" in warning
    assert any(f.row == "partially_granted" for f in report.facts)


def test_flattened_digits_with_bleeding_numbering(shared: Path) -> None:
    """`…00000002.其他法律…` and `3700000372.没有现成…`: the next label's number is not a cell."""
    text = (shared / "real" / "pingtan" / "202302_80629" / "page.txt").read_text()
    assert "3700000372.没有现成" in text
    report = parse_text(text)
    got = {(f.row, f.col): f for f in report.facts if f.table == "t3"}
    assert [got[("unable_not_held", c)].value for c in T3_COLUMNS] == [37, 0, 0, 0, 0, 0, 37]
    assert got[("unable_not_held", "total")].evidence == "identity"
    assert got[("denied_state_secret", "total")].evidence == "layout"


def test_ambiguous_flattened_row_gives_no_facts() -> None:
    """Several cuts satisfy every identity: the row is ambiguous and gives no facts."""
    text = (
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量101000011二、上年结转政府信息公开申请数量0000000"
        "三、本年度办理结果（一）予以公开101000011（七）总计101000011四、结转下年度继续办理0000000"
    )
    report = parse_text("示范县人民政府2020年政府信息公开工作年度报告\n" + text)
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3"}
    assert not any(k[0] == "new_received" for k in got)
    assert any("ambiguous" in w and "new_received" in w for w in report.warnings)


T4_HEAD = "四、政府信息公开行政复议、行政诉讼情况\n行政复议行政诉讼\n未经复议直接起诉复议后起诉\n"


def test_t4_cut_into_three_small_tables() -> None:
    """The Shanghai t4 row as a PDF tool splits it: three five-cell tables, headers left in the text."""
    body = T4_HEAD + "\n".join(
        f"| {' | '.join(cells)} |\n|---|---|---|---|---|\n\n注：\n"
        for cells in (["40", "0", "10", "5", "55"], ["2", "0", "4", "6", "12"], ["6", "0", "9", "7", "22"])
    )
    report = parse_text("上海市人民政府办公厅2025年政府信息公开工作年度报告\n" + body)
    got = [(f.row, f.value) for f in report.facts if f.table == "t4" and f.col == "total"]
    assert got == [("review", 55), ("litigation_direct", 12), ("litigation_after_review", 22)]
    assert all(f.evidence == "layout" for f in report.facts if f.table == "t4")


def test_t4_fragment_that_does_not_add_up_is_withheld() -> None:
    body = T4_HEAD + "| 40 | 0 | 10 | 5 | 55 |\n\n| 2 | 0 | 4 | 6 | 13 |\n"
    report = parse_text("上海市人民政府办公厅2025年政府信息公开工作年度报告\n" + body)
    assert {f.row for f in report.facts if f.table == "t4"} == {"review"}
    assert any("withheld" in w for w in report.warnings if w.startswith("t4"))


def test_t4_transposed() -> None:
    rows = "".join(
        f"<tr><td>{label}</td><td>{a}</td><td>{b}</td><td>{c}</td></tr>"
        for label, a, b, c in (
            ("结果维持", 40, 2, 6),
            ("结果纠正", 0, 0, 0),
            ("其他结果", 10, 4, 9),
            ("尚未审结", 5, 6, 7),
            ("总计", 55, 12, 22),
        )
    )
    page = (
        "<html><body><h1>上海市人民政府办公厅2025年政府信息公开工作年度报告</h1><table>"
        "<tr><td>行政复议、行政诉讼</td><td>行政复议</td><td>未经复议直接起诉</td><td>复议后起诉</td></tr>"
        + rows
        + "</table></body></html>"
    )
    report = parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t4"}
    assert (
        got[("review", "upheld")] == 40
        and got[("litigation_direct", "pending")] == 6
        and got[("litigation_after_review", "total")] == 22
    )
    assert len(got) == 15


@pytest.mark.parametrize(
    ("heading", "agency"),
    [
        ("# 沭阳县人民政府2023年政府信息公开工作年度报告", "沭阳县人民政府"),
        ("标题: 平潭综合实验区2011年政府信息公开工作年度报告", "平潭综合实验区"),
        ("**2025 年上海市人民政府办公厅政府信息公开**\n工作年度报告", "上海市人民政府办公厅"),
        ("【正文】广州市司法局2022年政府信息公开工作年度报告", "广州市司法局"),
    ],
)
def test_agency_without_page_furniture(heading: str, agency: str) -> None:
    report = parse_text(heading + "\n一、总体情况\n2023年，本机关认真贯彻条例。\n")
    assert report.agency == agency and report.title and report.title.endswith("年度报告")


@pytest.mark.parametrize("name", [n for n in PINGTAN if n >= "2020"])
def test_flattened_rows_on_their_own_lines(pingtan: dict[str, tuple[Report, Report]], shared: Path, name: str) -> None:
    """The real flattened text with a line break before every numbered label (each row on its own line, its
    digits still run together): the text rows and the flattened reading together give every t3 and t4 cell."""
    text = (shared / "real" / "pingtan" / name / "page.txt").read_text()
    lines = re.sub(r"(?=(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d\.(?=\D)))", "\n", text)
    report = parse_text(lines)
    page = values(pingtan[name][0])
    got = values(report)
    assert not {k: v for k, v in got.items() if page.get(k) != v}
    for table in ("t3", "t4"):
        assert {k for k in got if k[0] == table} == {k for k in page if k[0] == table}, table


def test_counts_printed_with_their_measure_word() -> None:
    """「3件」 in a table cell is the number 3 (a count), never text."""
    from harvester.parse.cells import read_cell

    assert (read_cell("3件").value, read_cell("3件").semantic, read_cell("3件").unit) == (3, "number", None)
    assert read_cell("405223.75 元").unit == "元" and read_cell("件").semantic == "text"


def test_digits_with_a_leading_zero_are_no_count() -> None:
    """「04」 is no count a report prints: two cells' numbers run together (a row's 0 joined with the next row's 4
    across a page break gave 4 for a 0). Not a number, so no value; 0, 0.5 and 1,234 still are."""
    from harvester.parse.cells import read_cell

    assert [read_cell(t).semantic for t in ("04", "00", "007", "０４", "0,123")] == ["text"] * 5
    assert [read_cell(t).value for t in ("0", "0.5", "10", "1,234", "-3", "0.00")] == [0, 0.5, 10, 1234, -3, 0.0]


def _blanked(shared: Path, name: str, marks: tuple[str, ...]) -> Report:
    """The real page with every number of the rows that carry one of `marks` replaced by a blank cell."""
    root = lxml_html.fromstring((shared / "real" / "pingtan" / name / "page.html").read_bytes().decode("utf-8", "replace"))
    for tr in root.iter("tr"):
        if any(m in tr.text_content() for m in marks):
            for td in tr.findall("td"):
                if td.text_content().strip().isdigit():
                    for child in list(td):
                        td.remove(child)
                    td.text = "\u00a0"
    return parse_document(extract(lxml_html.tostring(root, encoding="unicode").encode(), "text/html; charset=utf-8")[1])


@pytest.mark.parametrize("marks", [("逾期不补正", "逾期未按收费"), ("逾期不补正",), ("逾期未按收费",)])
def test_2021_other_rows_left_blank_before_the_last_other(shared: Path, marks: tuple[str, ...]) -> None:
    """（六）其他处理 of the 2021 table with its first rows wholly blank: they are stored as blank, and 3.其他 stays
    other_misc (it was read as the 2019 template's `other`, and the outcomes check failed)."""
    report = _blanked(shared, "202503_97791", marks)
    truth = values(parse_file(shared / "real" / "pingtan" / "202503_97791" / "page.html", "text/html"))
    got = values(report)
    blanked = {"other_no_correction"} if "逾期不补正" in marks else set()
    blanked |= {"other_unpaid_fee"} if "逾期未按收费" in marks else set()
    for key, value in got.items():
        assert value == ((None, "blank") if key[:2] in {("t3", r) for r in blanked} else truth[key]), key
    assert set(got) == set(truth) and not any(k[1] == "other" for k in got)
    assert ("t3", "other_misc", "total") in got and "fail" not in {c.status for c in report.checks}


@pytest.mark.parametrize("name", ["202103_80595", "202302_80629", "202503_97791"])
def test_t3_label_cells_without_their_colspan(shared: Path, name: str) -> None:
    """The real t3 table with every row label's colspan dropped (as hand-edited tables have them): the rows are two
    cells short of the header, their seven value cells stand right after the label, and read in order they give
    the real page's values (evidence `layout`)."""
    path = shared / "real" / "pingtan" / name / "page.html"
    root = lxml_html.fromstring(path.read_bytes().decode("utf-8", "replace"))
    table = next(t for t in root.iter("table") if "自然人" in t.text_content())
    dropped = 0
    for td in table.iter("td"):
        text = td.text_content()
        if td.get("colspan") and not text.strip().isdigit() and not any(h in text for h in ("申请人", "法人或其他组织", "勾稽")):
            del td.attrib["colspan"]
            dropped += 1
    report = parse_document(extract(lxml_html.tostring(root, encoding="unicode").encode(), "text/html; charset=utf-8")[1])
    truth = {k: v for k, v in values(parse_file(path, "text/html")).items() if k[0] == "t3"}
    got = {f.key(): f for f in report.facts if f.table == "t3"}
    assert dropped >= 6 and {k: (f.value, f.semantic) for k, f in got.items()} == truth
    assert {k[1] for k, f in got.items() if f.evidence == "layout"} >= {"new_received", "carried_over", "total_processed"}
