"""Real Pingtan report pages printed to PDF by Chromium with the Noto CJK fonts (as agencies print their reports
to attach them): the PDF reading must give what the page gives, and never a value the page does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import html as lxml_html

from harvester.extract import extract
from harvester.parse import Report, parse_document
from harvester.parse.spec import T3_COLUMNS

from .conftest import print_pdf

# A report on 2016 (legacy table; title 「平潭综合实验区2016年度…」 with its year in a Latin font), one on 2013 whose
# indicator table continues on the next page in a grid of its own, and one on 2024 (2021 template) whose t3 row
# 「7.属于行政执法案卷」 ends page 2 without its bottom rule.
PAGES = ["201701_80485", "201403_80759", "202503_97791"]


def _page_report(path: Path) -> Report:
    return parse_document(extract(path.read_bytes(), "text/html; charset=utf-8", "page.html")[1])


@pytest.fixture(scope="module")
def printed(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Report, Report]]:
    folder = tmp_path_factory.mktemp("printed")
    out = {}
    for name in PAGES:
        path = shared / "real" / "pingtan" / name / "page.html"
        page = _page_report(path)
        root = lxml_html.fromstring(path.read_bytes().decode("utf-8", "replace"))
        body = lxml_html.tostring(root.xpath('//*[contains(@class, "article_content")]')[0], encoding="unicode")
        html = folder / f"{name}.html"
        html.write_text(f"<html><head><meta charset='utf-8'></head><body><h1>{page.title}</h1>{body}</body></html>")
        pdf = print_pdf(html, folder / f"{name}.pdf")
        out[name] = (page, parse_document(extract(pdf, "application/pdf", f"{name}.pdf")[1]))
    return out


def _values(report: Report) -> dict[tuple[str, str, str], tuple[object, str]]:
    return {f.key(): (f.value, f.semantic) for f in report.facts}


@pytest.mark.parametrize("name", PAGES)
def test_printed_report_keeps_title_year_and_never_a_value_the_page_lacks(
    printed: dict[str, tuple[Report, Report]], name: str
) -> None:
    page, pdf = printed[name]
    assert (pdf.title, pdf.year, pdf.template) == (page.title, page.year, page.template)
    assert page.year is not None and str(page.year) in pdf.title  # the year in a Latin font went to a line of its own
    got, truth = _values(pdf), _values(page)
    assert {k: v for k, v in got.items() if truth.get(k) != v} == {}
    assert len(got) >= len(truth) - 2


def test_legacy_table_of_a_printed_report_whole(printed: dict[str, tuple[Report, Report]]) -> None:
    page, pdf = printed["201701_80485"]
    assert _values(pdf) == _values(page) and len(_values(page)) == 32
    labels = {f.row for f in pdf.facts}
    assert not any(label[-1] in "0123456789.、" for label in labels)  # 「1.网站公开」 was read 「网站公开1.」


def test_t3_row_at_the_foot_of_a_page_is_in_the_grid(printed: dict[str, tuple[Report, Report]]) -> None:
    """「7.属于行政执法案卷」 ends page 2 without its bottom rule: the table is closed where its vertical rules end, so
    the row is a grid row (it used to be text to pdfplumber, read from its text line)."""
    page, pdf = printed["202503_97791"]
    assert _values(pdf) == _values(page) and len(_values(page)) == 200
    assert {f.evidence for f in pdf.facts if f.row == "denied_enforcement_file"} == {"grid"}
    assert not any("text lines" in w for w in pdf.warnings)


def test_word_pasted_county_page_printed_whole(shared: Path, tmp_path: Path) -> None:
    """沭阳县发展和改革局 2023 (the Word-pasted page, site furniture and all) printed as it is: the t3 table breaks
    inside its header, so page 5 opens with 商业企业 … 其他, the header's upper row (自然人, 法人或其他组织, 总计) ends
    page 4: the two pages' grids are one header, named as printed (not guessed from the template's layout)."""
    path = shared / "real" / "shuyang_fgj_2023" / "page.html"
    report = parse_document(extract(print_pdf(path, tmp_path / "shuyang.pdf"), "application/pdf", "shuyang.pdf")[1])
    truth = _values(_page_report(path))
    assert _values(report) == truth and len(truth) == 200
    assert not any("lacks 自然人 and 总计" in w for w in report.warnings)
    assert "fail" not in {c.status for c in report.checks}


def test_legacy_grid_that_lost_its_label_column() -> None:
    """The 2011 report's statistics table as a LibreOffice PDF gives it to pdfplumber: the grid on page 4 lacks its
    label column (计量单位 comes first), its continuation on page 5 has labels. Units are never read as labels."""
    from harvester.parse.legacy import read_legacy
    from harvester.parse.model import Row

    rows = [Row(["计量 单位", "2011 年度", "历年累计"], "page 4 table 6 row 1", in_table=True)]
    rows += [
        Row(["条", a, b], f"page 4 table 6 row {i}", in_table=True)
        for i, (a, b) in enumerate([("425", "1516"), ("418", "1509"), ("0", "0")], 2)
    ]
    rows += [Row(["其中：1.同意公开答复数", "条", "0", "0"], "page 5 table 1 row 1", in_table=True)]
    facts, _ = read_legacy(rows)
    assert {(f.row, f.col, f.value, f.evidence) for f in facts} == {
        ("同意公开答复数", "this_year", 0, "layout"),
        ("同意公开答复数", "cumulative", 0, "layout"),
    }


def _swap_litigation_groups(page: bytes) -> bytes:
    """The two 行政诉讼 groups of table 四 trade places, labels (merged cells kept) and numbers alike."""
    root = lxml_html.fromstring(page)
    table = next(t for t in root.xpath("//table[not(.//table)]") if "复议后起诉" in t.text_content())
    direct, after = (
        next(td for td in table.xpath(".//td") if "".join(td.text_content().split()) == label)
        for label in ("未经复议直接起诉", "复议后起诉")
    )
    direct_copy, after_copy = (lxml_html.fromstring(lxml_html.tostring(td)) for td in (direct, after))
    direct.getparent().replace(direct, after_copy)
    after.getparent().replace(after, direct_copy)
    row = next(tr for tr in table.xpath(".//tr") if sum(td.text_content().strip().isdigit() for td in tr.xpath("./td")) == 15)
    cells = row.xpath("./td")
    copies = [lxml_html.fromstring(lxml_html.tostring(td)) for td in cells]
    for i in range(5):
        row.replace(cells[5 + i], copies[10 + i])
        row.replace(cells[10 + i], copies[5 + i])
    return lxml_html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>").replace(
        b"<head>", b'<head><meta charset="utf-8">', 1
    )


def test_t4_read_by_its_header_when_a_page_break_cuts_the_group_labels(shared: Path, tmp_path: Path) -> None:
    """The report on 2023 printed whole: table 四's first header row (行政复议 | 行政诉讼) ends page 6, the rest
    starts page 7. With the two litigation groups swapped, page 7's header still places every number: the five
    results under no group label are 行政复议's, the one group it does not name."""
    path = shared / "real" / "pingtan" / "202403_87885" / "page.html"
    page = _page_report(path)
    html = tmp_path / "swapped.html"
    html.write_bytes(_swap_litigation_groups(path.read_bytes()))
    swapped = _page_report(html)
    pdf = parse_document(extract(print_pdf(html, tmp_path / "swapped.pdf"), "application/pdf", "swapped.pdf")[1])
    truth = {k: v for k, v in _values(page).items() if k[0] == "t4"}
    assert len(truth) == 15 and truth[("t4", "litigation_direct", "total")] != truth[("t4", "litigation_after_review", "total")]
    for report in (swapped, pdf):
        assert {k: v for k, v in _values(report).items() if k[0] == "t4"} == truth
    assert any("the one group the header does not name" in w for w in pdf.warnings)


def _swap_t3_columns(page: bytes) -> bytes:
    """Table 三 with 自然人 and 总计 traded, and 商业企业 and 法律服务机构: header cells (merged cells kept) and the
    seven value cells of every row alike."""
    root = lxml_html.fromstring(page)
    table = next(t for t in root.xpath("//table[not(.//table)]") if "本年新收" in t.text_content())

    def swap(a: lxml_html.HtmlElement, b: lxml_html.HtmlElement) -> None:
        a_copy, b_copy = (lxml_html.fromstring(lxml_html.tostring(x)) for x in (a, b))
        a.getparent().replace(a, b_copy)
        b.getparent().replace(b, a_copy)

    def cell(label: str) -> lxml_html.HtmlElement:
        return next(td for td in table.xpath(".//td") if "".join(td.text_content().split()) == label)

    swap(cell("自然人"), cell("总计"))
    swap(cell("商业企业"), cell("法律服务机构"))
    for tr in table.xpath(".//tr"):
        values = [td.text_content().strip() for td in tr.xpath("./td")[-7:]]
        if len(tr.xpath("./td")) >= 8 and any(v.isdigit() for v in values) and all(v.isdigit() or not v for v in values):
            swap(tr.xpath("./td")[-7], tr.xpath("./td")[-1])
            swap(tr.xpath("./td")[-6], tr.xpath("./td")[-3])
    return lxml_html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>").replace(
        b"<head>", b'<head><meta charset="utf-8">', 1
    )


def test_t3_grid_printed_across_a_page_break_keeps_its_header(shared: Path, tmp_path: Path) -> None:
    """The report on 2023 with 总计 first and two legal columns swapped, printed whole: table 三's header ends page 4
    with no rule below it (the table goes on), yet it is closed where its vertical rules end, so the rows of page 5
    are read under it: every value as the page gives it."""
    path = shared / "real" / "pingtan" / "202403_87885" / "page.html"
    truth = {k: v for k, v in _values(_page_report(path)).items() if k[0] == "t3"}
    html = tmp_path / "swapped.html"
    html.write_bytes(_swap_t3_columns(path.read_bytes()))
    assert {k: v for k, v in _values(_page_report(html)).items() if k[0] == "t3"} == truth
    pdf = parse_document(extract(print_pdf(html, tmp_path / "swapped.pdf"), "application/pdf", "swapped.pdf")[1])
    assert {k: v for k, v in _values(pdf).items() if k[0] == "t3"} == truth and len(truth) == 175


def test_t3_rows_without_a_header_are_withheld_when_they_add_up_another_way(shared: Path, tmp_path: Path) -> None:
    """The same page with table 三's header printed as a paragraph, not as rows of the table: no header in the grid
    places the rows, and the paragraph names 法律服务机构 … 商业企业, not the template's order. A row is read only where
    its seven cells are alike (all 0: any order reads the same); the others are withheld, among them 81|0|0|0|1|0|80
    (总计 printed first), and 2|0|0|0|0|0|2, which added up in the template's order and was kept before."""
    path = shared / "real" / "pingtan" / "202403_87885" / "page.html"
    truth = {k: v for k, v in _values(_page_report(path)).items() if k[0] == "t3"}
    root = lxml_html.fromstring(_swap_t3_columns(path.read_bytes()))
    table = next(t for t in root.xpath("//table[not(.//table)]") if "本年新收" in t.text_content())
    header = [tr for tr in table.xpath(".//tr")[:3] if not any(td.text_content().strip().isdigit() for td in tr.xpath("./td"))]
    note = lxml_html.fromstring("<p>" + " ".join(" ".join(tr.text_content().split()) for tr in header) + "</p>")
    table.addprevious(note)
    for tr in header:
        tr.getparent().remove(tr)
    html = tmp_path / "headless.html"
    html.write_bytes(lxml_html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))
    page = _page_report(html)
    pdf = parse_document(extract(print_pdf(html, tmp_path / "h.pdf"), "application/pdf", "h.pdf")[1])
    for report in (page, pdf):  # the PDF's rows are text (its grid has no header row): withheld there, never wrong
        got = {k: v for k, v in _values(report).items() if k[0] == "t3"}
        assert {k: v for k, v in got.items() if truth.get(k) != v} == {}
        assert ("t3", "new_received", "total") not in got
        assert any(w.startswith("t3: new_received") and w.endswith("row withheld") for w in report.warnings)
    kept = {k[1] for k in _values(page) if k[0] == "t3"}
    alike = {row for _, row, _ in truth if len({truth[("t3", row, c)] for c in T3_COLUMNS}) == 1}
    assert kept == alike and len(alike) == 13


def test_t3_rows_continued_in_a_narrower_grid_take_the_header_s_order() -> None:
    """Rows as pdfplumber gave them from a Chromium print of the report on 2020 with 总计 first and two legal columns
    swapped: the header on page 11 (ten columns), and （七）总计 alone on page 13 in a grid one column narrower. The
    row is read in the order of the header above (20 natural persons, 21 in all), not the template's."""
    from harvester.parse.model import Row
    from harvester.parse.tables import TableReader

    span = "\x00span"
    header = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", span, span, "申请人情况", *[span] * 6],
        ["", span, span, "总计", "法人或其他组织", span, span, span, span, "自然人"],
        ["", span, span, span, "法律 服务 机构", "科研 机构", "社会 公益 组织", "商业企 业", "其他", span],
    ]
    reader = TableReader("2019")
    reader.new_table()
    reader.read([Row(c, f"page 11 table 2 row {i}", in_table=True) for i, c in enumerate(header, start=1)])
    reader.new_table()
    reader.read([Row(["", "（七）总计", "21", "0", "0", "0", "0", "1", "20"], "page 13 table 1 row 2", in_table=True)])
    got = {k[2]: f.value for k, f in reader.facts.items() if k[:2] == ("t3", "total_processed")}
    assert got == {
        "natural_person": 20,
        "business": 0,
        "research": 0,
        "nonprofit": 0,
        "legal_services": 0,
        "other_org": 1,
        "total": 21,
    }


# Sets of rewrites (benchmarks/rewrites.py) applied to a real page, then printed by Chromium, that once gave a wrong
# value (benchmarks/word_sets.py pairs N SEED print): page, rewrites, the fact that was wrong, facts kept at least
# (the zeros printed blank or 无 are none).
PRINTED_QUIRKS = {
    "80629-stray-blank": (
        "pingtan/202302_80629",
        ("a stray empty cell before each header row", "zero left blank"),
        "t4/review/upheld",  # 0 (blank) read as 1: the row, a cell short of its header, read from its first number
        28,
    ),
    "80629-stray-nil": (
        "pingtan/202302_80629",
        ("a stray empty cell before each header row", "zero printed as 无"),
        "t4/review/upheld",  # likewise, 无 before the first number
        18,
    ),
}


@pytest.mark.parametrize("name", sorted(PRINTED_QUIRKS))
def test_printed_quirks_give_no_wrong_value(shared: Path, tmp_path: Path, name: str) -> None:
    """Chromium's PDF of a real page with two quirks at once gives no value the page does not (withheld instead)."""
    import json

    from benchmarks.perturb import apply

    page, rewrites, wrong, kept = PRINTED_QUIRKS[name]
    html = tmp_path / "page.html"
    html.write_bytes(apply(lxml_html.fromstring((shared / "real" / page / "page.html").read_bytes()), *rewrites))
    report = parse_document(extract(print_pdf(html, tmp_path / "page.pdf"), "application/pdf", "page.pdf")[1])
    root = Path(__file__).resolve().parent
    want = json.loads((root / "real_truth.json").read_text(encoding="utf-8"))["reports"][page]["facts"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts if f.value is not None}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert got.get(wrong, want.get(wrong)) == want.get(wrong) and len(got) >= kept, len(got)
