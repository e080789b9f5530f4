"""Tables whose header is text, not part of the rows' grid (a flattened page; a PDF whose header was drawn without
rules; a Word file with the header typed as a paragraph): values are placed by the template's column order only where
that header does not order the columns otherwise (table 一's columns, table 三's applicant columns, table 四's groups
and results). Real pages with their header's words swapped, as an agency that reordered its columns prints them."""

from __future__ import annotations

import io
import re

import docx
import pytest
from lxml import html as lxml_html

from benchmarks.perturb import apply, real_pages
from harvester.extract import extract
from harvester.parse import parse_document, parse_text
from harvester.parse.headers import text_headers
from harvester.parse.model import Report
from harvester.parse.spec import T3_COLUMNS

from .conftest import ROOT, SHARED

PINGTAN_2022 = SHARED / "real" / "pingtan" / "202302_80629" / "page.txt"
SHANGHAI_2019 = ROOT / "tests" / "real" / "shanghai_gov_office_2019" / "page.html"


def t3_of(text: str) -> list[str] | None:
    return text_headers(text).t3


def swap(text: str, a: str, b: str) -> str:
    return text.replace(a, "\0").replace(b, a).replace("\0", b)


def t3(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t3"}


def header_out_of_the_grid(page: str) -> str:
    """The Shanghai page with table 三's three header rows taken out of its grid and printed as a paragraph above it."""
    start = page.index("<tbody>", page.index("<p>三、收到和处理政府信息公开申请情况</p>")) + len("<tbody>")
    rows = re.findall(r"<tr>.*?</tr>", page[start:])[:3]
    words = " ".join(" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in rows)
    page = page[:start] + page[start:].replace("".join(rows), "", 1)
    return page.replace(
        "<p>三、收到和处理政府信息公开申请情况</p>", f"<p>三、收到和处理政府信息公开申请情况</p><p>{words}</p>", 1
    )


def test_flattened_rows_follow_the_template_only_where_the_header_agrees() -> None:
    """Pingtan 2022 flattened: its header names 商业 企业 before 科研 机构, and 新收 reads 71 | 3 | 0 …. With the two
    names swapped, 3 would be read as 商业企业's: the rows are withheld, and the warning names the printed order."""
    text = PINGTAN_2022.read_text(encoding="utf-8")
    assert t3_of(text) == ["business", "research", "nonprofit", "legal_services"]
    assert t3(parse_text(text))[("new_received", "business")] == 3
    truth = t3(parse_text(text))
    swapped = t3(report := parse_text(swap(text, "商业 企业", "科研 机构")))
    zero_rows = {row for row, _ in truth if all(truth[(row, col)] == 0 for col in T3_COLUMNS)}
    assert swapped == {k: v for k, v in truth.items() if k[0] in zero_rows}  # rows all 0 read the same in any order
    assert ("new_received", "business") not in swapped and len(zero_rows) == 14
    assert any("another order (科研机构 商业企业 社会公益组织 法律服务机构)" in w for w in report.warnings)


def test_grid_rows_under_a_header_printed_above_the_grid() -> None:
    """The Shanghai page with table 三's header as a paragraph: its rows read by order where the header agrees (新收
    法律服务机构 2); with 社会公益组织 and 法律服务机构 swapped in the header, the 2 is no longer placed."""
    page = header_out_of_the_grid(SHANGHAI_2019.read_text(encoding="utf-8"))
    agreed = t3(parse_document(extract(page.encode(), "text/html", "page.html")[1]))
    assert agreed[("new_received", "legal_services")] == 2 and agreed[("new_received", "total")] == 859
    report = parse_document(extract(swap(page, "社会公益组织", "法律服务机构").encode(), "text/html", "page.html")[1])
    assert ("new_received", "legal_services") not in t3(report) and ("new_received", "nonprofit") not in t3(report)
    assert any("new_received" in w and "order other than the template's" in w for w in report.warnings)


def test_a_header_wrapped_over_lines_says_nothing() -> None:
    """Header cells wrapped over lines and read a line at a time (the Shanghai office 2025 markdown: 「社会法律 /
    公益服务其他」) name no order; the names must stand whole, once each, for the order to count."""
    assert t3_of((SHARED / "real" / "shanghai_office_2025" / "source.md").read_text(encoding="utf-8")) is None
    assert t3_of("申请人情况 自然人 法人或其他组织 总计 社会法律 公益服务其他 商业企业 科研机构") is None
    prose = "全年收到申请75件，涉及自然人72件、商业企业3件、科研机构1件。"
    order = t3_of(prose + "申请人情况 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计")
    assert order == ["business", "research", "nonprofit", "legal_services"]


PINGTAN_2024 = SHARED / "real" / "pingtan" / "202503_97791" / "page.txt"


def t4(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t4"}


def test_flattened_t4_follows_the_template_only_where_its_header_agrees() -> None:
    """Pingtan's report on 2024 flattened: fifteen digits under 行政复议 (2 1 3 1 7), 未经复议直接起诉 (all 0) and
    复议后起诉 (13 2 4 0 19). With the two litigation groups' names swapped in the header, or 结果维持 and 尚未审结, the
    template's order would put each number under the wrong heading; the run is withheld."""
    text = PINGTAN_2024.read_text(encoding="utf-8")
    assert t4(parse_text(text))[("litigation_after_review", "total")] == 19
    for a, b, said in (
        ("未经复议直接起诉", "复议后起诉", "复议后起诉 before 未经复议直接起诉"),
        ("结果维持", "尚未审结", "尚未审结 结果纠正"),
    ):
        report = parse_text(swap(text, a, b))
        assert t4(report) == {}
        assert any(w.startswith("t4: its header orders the columns unlike the template") and said in w for w in report.warnings)


def test_t4_row_under_a_header_paragraph_in_a_word_file() -> None:
    """A Word file whose table 四 is one row of fifteen cells under a header typed as a paragraph (document order
    puts the paragraph above the grid): read in the template's order where the paragraph agrees, withheld where it
    names 复议后起诉 first."""
    values = ["5", "0", "0", "2", "7", "8", "0", "0", "1", "9", "0", "0", "0", "0", "0"]
    header = "行政复议 行政诉讼 " + " ".join(["结果维持 结果纠正 其他结果 尚未审结 总计"] * 3)

    def word(groups: str) -> bytes:
        document = docx.Document()
        document.add_paragraph("2019年某局政府信息公开工作年度报告")
        document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
        document.add_paragraph(header.replace("总计 结果维持", f"总计 {groups} 结果维持", 1))
        row = document.add_table(rows=1, cols=15).rows[0]
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    agreed = t4(parse_document(extract(word("未经复议直接起诉 复议后起诉"), None, "report.docx")[1]))
    assert agreed[("litigation_direct", "upheld")] == 8 and agreed[("review", "total")] == 7
    report = parse_document(extract(word("复议后起诉 未经复议直接起诉"), None, "report.docx")[1])
    assert t4(report) == {}
    assert any("orders its columns unlike the template (复议后起诉 before 未经复议直接起诉)" in w for w in report.warnings)


def page_as_text(page: bytes) -> str:
    """The page as text a line per paragraph or table row, cells apart by spaces (a copy from a browser)."""
    lines = []
    for el in lxml_html.fromstring(page).iter("p", "tr"):
        if el.tag == "tr":
            lines.append(" ".join(" ".join(td.text_content().split()) for td in el.iter("td")))
        elif el.getparent().tag != "td":
            lines.append(el.text_content().strip())
    return "\n".join(lines)


def test_t2_rows_follow_the_template_only_where_the_header_agrees() -> None:
    """The Shanghai page on 2019 as text, by lines and flattened: 规章 13 13 524 under 本年新制作数量 本年新公开数量
    对外公开总数量. With the header naming 对外公开总数量 first, 524 would be 本年新制作数量's: 规章 and 规范性文件 are
    withheld; the rows whose header agrees (行政许可 … 行政事业性收费) keep their values."""
    text = page_as_text(SHANGHAI_2019.read_bytes())
    for rendering in (text, text.replace("\n", " ")):
        t2 = {(f.row, f.col): f.value for f in parse_text(rendering).facts if f.table == "t2"}
        assert t2[("regulations", "total_published")] == 524 and t2[("normative_documents", "new_made")] == 60
        report = parse_text(swap(rendering, "本年新制作数量", "对外公开总数量"))
        swapped = {(f.row, f.col): f.value for f in report.facts if f.table == "t2"}
        assert {r for r, _ in swapped} == {r for r, _ in t2} - {"regulations", "normative_documents"}
        assert all(swapped[k] == t2[k] for k in swapped)
        assert any(w.startswith("t2: regulations") and "another order than the template's" in w for w in report.warnings)


def test_t2_row_with_a_blank_cell_is_not_alike() -> None:
    """A Word table 一 under a header paragraph naming 现行有效件数 first: 规章 0 | 0 | (blank). Its cells are not all
    alike (the blank is one of them): read in the template's order it would put 0 where the header prints the blank."""

    def word(header: str) -> bytes:
        document = docx.Document()
        for line in ("2023年某局政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条第（一）项", header):
            document.add_paragraph(line)
        row = document.add_table(rows=1, cols=4).rows[0]
        for cell, value in zip(row.cells, ["规章", "0", "0", ""], strict=True):
            cell.text = value
        buf = io.BytesIO()
        document.save(buf)
        return buf.getvalue()

    def t2(header: str) -> dict[tuple[str, str], object]:
        report = parse_document(extract(word(header), None, "report.docx")[1])
        return {(f.row, f.col): f.value for f in report.facts if f.table == "t2"}

    assert t2("信息内容 本年制发件数 本年废止件数 现行有效件数") == {("regulations", "issued"): 0, ("regulations", "repealed"): 0}
    assert t2("信息内容 现行有效件数 本年制发件数 本年废止件数") == {}


def test_html_table_headed_only_by_text_above_it_is_read_in_full() -> None:
    """A real page's tables with their headers printed as a paragraph above each grid (a header typed above the
    grid): the text between tables now sets each grid's context, as in ordered documents. Table 四, a row of 15
    numbers under no heading the parser knows (202302), and table 二's rows of three numbers were not read."""
    import copy

    from lxml import html as lxml_html

    from benchmarks.perturb import PAGES, REWRITES, facts

    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        moved = copy.deepcopy(tree)
        REWRITES["header above the grid, as text"](moved)
        assert facts(lxml_html.tostring(moved, encoding="utf-8")) == published, page.parent.name
        assert sum(k[0] == "t4" for k in published) == 15


def test_t2_header_with_a_name_wrapped_around_the_others_line_disputes_the_order() -> None:
    """Word's PDF of Pingtan's 2020 page, its table cut in two with the second part drawn without rules and its columns
    in another order: the header cell 上一年项目数量 wraps around the line of the others (「上一年项目数 / 信息内容
    处理决定数量 本年增/减 / 量」). 上一年项目数量 is not named whole, but 处理决定数量 before 本年增/减 says the order is
    not the template's: 538 was read as 行政处罚's 上一年项目数量 (2648), 29 as 行政强制's. Now withheld."""
    page = page_as_text((SHARED / "real" / "pingtan" / "202103_80595" / "page.html").read_bytes())
    part = "第二十条第（六）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n行政处罚 2648 -18 538\n行政强制 126 26 29\n"
    assert part in page
    t2 = {(f.row, f.col): f.value for f in parse_text(page).facts if f.table == "t2"}
    assert t2[("punishment", "prev_items")] == 2648 and t2[("coercion", "decisions")] == 29
    wrapped = "第二十条第（六）项\n上一年项目数\n信息内容 处理决定数量 本年增/减\n量\n行政处罚 538 -18 2648\n行政强制 29 26 126\n"
    report = parse_text(page.replace(part, wrapped))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t2" and f.value is not None}
    # the rows of that layout under a header printed as text are withheld (行政许可's too: one text, one dispute)
    assert not {k for k in got if k[0] in ("licensing", "other_services", "punishment", "coercion")}
    assert {k: v for k, v in got.items() if t2[k] != v} == {} and got[("normative_documents", "total_published")] == 166
    assert any(w.startswith("t2: punishment") and "another order than the template's" in w for w in report.warnings)
    assert ("prev_items", "change", "decisions") in text_headers(re.sub(r"\s", "", wrapped)).t2


def test_a_header_printed_as_text_in_shorter_words_gives_its_order() -> None:
    """Word's PDF of Pingtan 2020 in a layout table, its header above the grid in shorter words and reordered
    (「自然人 法律机构 其他 公益组织 企业 科研机构 合计」): the order went unread, so the flattened rows were read in the
    template's, 1 (其他) as 科研机构. The shorter words real tables print name the columns too."""
    text = PINGTAN_2022.read_text(encoding="utf-8")
    short = text.replace("商业 企业 科研 机构 社会公益组织 法律服务机构", "企业 公益组织 科研 机构 法律机构")
    assert t3_of(short) == ["business", "nonprofit", "research", "legal_services"]
    got = t3(report := parse_text(short))
    assert ("new_received", "business") not in got and got[("unable_needs_creation", "total")] == 0  # 0s alike: read
    assert any("another order (商业企业 社会公益组织 科研机构 法律服务机构)" in w for w in report.warnings)
    assert t3_of("勾稽关系）自然人 企业 科研机构 社会组织 法律机构 其他 总计") == [
        "business",
        "research",
        "nonprofit",
        "legal_services",
    ]
    assert t3_of("勾稽关系）自然人 企业 科研机构 法律机构 其他 总计") is None  # three of four named: no order


def test_t2_part_whose_header_is_lost_is_not_read_in_the_template_order_another_part_denies() -> None:
    """Word's PDF of Pingtan's 2020 page inside a layout table, t2's columns swapped: the lines were cut at the page's
    edge, the headers of 第二十条第（五）项 and （六）项 with them, while 第二十条第（一）项's header, read, named 对外公开总数量
    first. 行政许可 278 442 396 was read in the template's order, 278 as 上一年项目数量 (396). Columns no header read
    names are not placed by the template's order once a header departs from it."""
    page = page_as_text((SHARED / "real" / "pingtan" / "202103_80595" / "page.html").read_bytes())
    first = "信息内容 本年新制作数量 本年新公开数量 对外公开总数量\n规章 0 0 7\n规范性文件 77 77 166\n"
    head = "信息内容 上一年项目数量 本年增/减 处理决定数量\n"
    parts = "行政许可 396 442 278\n其他对外管理服务事项 10 7 105\n第二十条第（六）项\n行政处罚 2648 -18 538\n"
    assert first in page and head + parts.replace("\n第二十条第（六）项\n", "\n第二十条第（六）项\n" + head) in page
    lost = page.replace(head, "").replace(
        parts, "行政许可 278 442 396\n其他对外管理服务事项 105 7 10\n第二十条第（六）项\n行政处罚 538 -18 2648\n"
    )
    lost = lost.replace("行政强制 126 26 29", "行政强制 29 26 126")

    def t2(text: str) -> tuple[dict[tuple[str, str], object], list[str]]:
        report = parse_text(text)
        return {(f.row, f.col): f.value for f in report.facts if f.table == "t2"}, report.warnings

    kept, _ = t2(lost)  # the headers lost, the other ones in the template's order: read so (the values as printed)
    assert kept[("licensing", "prev_items")] == 278 and kept[("coercion", "decisions")] == 126
    swapped = "信息内容 对外公开总数量 本年新公开数量 本年新制作数量\n规章 7 0 0\n规范性文件 166 77 77\n"
    got, warnings = t2(lost.replace(first, swapped))
    assert not {k for k in got if k[0] in ("licensing", "other_services", "punishment", "coercion")}
    assert got == {k: v for k, v in kept.items() if k[0] in ("fees", "procurement")}  # their headers read, in order
    assert any(w.startswith("t2: licensing") and "or another part's while its own is not read" in w for w in warnings)
    assert text_headers(re.sub(r"\s", "", swapped)).t2 >= {
        ("new_made", "new_published", "total_published"),
        ("prev_items", "change", "decisions"),
    }
    assert text_headers(re.sub(r"\s", "", first)).t2 == set()


def _flattened(html: bytes) -> list[str]:
    """A page's text as a flattening tool prints it: each paragraph a line, each table row a line of its cells' words
    a space apart."""
    lines = []
    for el in lxml_html.fromstring(html).xpath("//body")[0].iter("p", "tr"):
        if el.tag == "tr":
            lines.append(" ".join(" ".join(td.text_content().split()) for td in el.xpath("./td|./th")))
        elif not el.xpath("ancestor::table"):
            lines.append(" ".join(el.text_content().split()))
    return lines


@pytest.mark.parametrize("sep", ["\n", " "])
def test_a_subtotal_column_named_in_text_is_not_read_as_the_total(sep: str) -> None:
    """The real pages with a 小计 column after the legal persons and no 总计 column, flattened a row a line (or all in
    one line): 「自然人 商业 企业 … 其他 小计」 over 「71 3 0 0 0 0 3」, read in the template's order, gave 新收's 总计 as 3
    (74): the header names no column the template lacks that the reader knows of. The row's parts add up to more
    than its 总计 (71 + 3 > 3): its columns stand otherwise, and it is withheld, in a flattened run as on a line."""
    pages, published = real_pages()
    for path, tree in pages[:4]:
        text = sep.join(_flattened(apply(tree, "t3 小计 column for the legal persons", "总计 columns dropped")))
        report = parse_text(text)
        got = {f.key(): f.value for f in report.facts if f.value is not None}
        assert {k: v for k, v in got.items() if published[path].get(k) != v} == {}, path.parent.name
        assert ("t3", "new_received", "total") not in got and len(got) >= 100
        assert any("parts exceed" in w for w in report.warnings)


def test_a_t3_grid_header_naming_an_organisation_twice_gives_text_lines_no_order() -> None:
    """Word repeats a <thead> header at each page's head; where the repeat overlaps the header's own cells their words
    come doubled (「法律服务 机构法律服务 机构」), and the table's rows below, cut in two without rules, are text lines:
    read in the template's order under a header naming the legal columns reordered, 10 were wrong. The grid header's
    organisations, named twice each, are no order; in the template's order, once each, the lines are read."""
    from harvester.parse.model import Block, Document, Row

    def t3(orgs: list[str]) -> dict[tuple[str, str], object]:
        head = [
            [
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                "自然人",
                "法人或其他组织",
                "",
                "",
                "",
                "",
                "总计",
            ]
        ]
        head.append(["", "", *orgs, ""])
        grid = Block("table", rows=[Row(cells, f"page 5 table 1 row {n}", True) for n, cells in enumerate(head, 1)])
        lines = Block("text", text="三、本年度办理结果 （一）予以公开 2 1 0 0 0 0 3\n四、结转下年度继续办理 0 0 0 0 0 0 0")
        report = parse_document(Document([Block("text", text="三、收到和处理政府信息公开申请情况"), grid, lines], ordered=True))
        return {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}

    template = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    doubled = ["法律服务 机构法律服务 机构", "其他其他", "社会公 益组织社会公 益组织", "商业 企业商业 企业", "科研 机构科研 机构"]
    assert t3(template)[("granted", "business")] == 1
    got = t3(doubled)
    assert ("granted", "business") not in got and got[("carried_forward", "total")] == 0  # all alike: any order


def test_a_t3_header_naming_no_organisation_gives_their_five_cells_no_order() -> None:
    """Pingtan 2022's flattened page as Word's PDF of it prints it when its header, repeated over every page (<thead>),
    is too tall for its last row to fit: 「自然人 法人或其他组织 总计」 over no organisation's name, the rows below in
    the page's own order (商业企业 and 法律服务机构 swapped: 「3.其他 0 0 0 0 2 0 2」). Read in the template's order,
    2 went to 法律服务机构 (business's); now the rows whose five cells under 法人或其他组织 differ are withheld, those
    alike kept (「1.本机关不掌握相关政府信息 37 0 0 0 0 0 37」), and the page with its header whole reads as before, as
    does one whose names wrapped a character a line (「商 科 社 法 其 / 业 研 会 律 他」)."""
    page = PINGTAN_2022.read_text(encoding="utf-8")
    text = page.replace("商业 企业 科研 机构 社会公益组织 法律服务机构 其他 ", "")
    for printed, moved in (("713000074", "710003074"), ("3.其他 0200002", "3.其他 0000202"), ("723000075", "720003075")):
        assert printed in text
        text = text.replace(printed, moved)
    got = t3(parse_text(text))
    assert not {row for row, _ in got} & {"new_received", "other_misc", "total_processed"}
    assert got[("unable_not_held", "natural_person")] == 37 and got[("unable_not_held", "total")] == 37
    assert all(got[key] == value for key, value in t3(parse_text(page)).items() if key in got)
    assert text_headers(text).t3_blind and not text_headers(page).t3_blind
    # names wrapped a character a line, read across the row's cells, still name the organisations
    wrapped = text.replace("法人或其他组织 总计 ", "法人或其他组织 总计 商 科 社 法 其 业 研 会 律 他 ")
    assert wrapped != text and not text_headers(wrapped).t3_blind
