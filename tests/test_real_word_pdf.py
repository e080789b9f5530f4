"""Real report pages as Word prints them (LibreOffice: HTML → DOCX → PDF): rows broken across pages, shaded
numbers, glyphs of two sizes on one line, headings between tables. Every fact as the page gives it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from harvester.extract import extract
from harvester.extract.pdf_stitch import PageGrid, _repeated_header, stitch
from harvester.parse import Report, parse_document
from harvester.parse.rows import CUT as CUT_CELL
from harvester.parse.rows import MISSING

from .conftest import ROOT, word_pdfs

# what each page shows once printed so: (label cut at a page break, …)
PAGES = {
    "201403_80759": "72804 on a white background: the shading's edges cut its cell, 「4」 fell in a row of its own",
    "201501_80791": "「其中：1、同意」 at a page's foot, 「公开答复数」 at the next page's head",
    "201801_80506": "the header's 「2017年度」 broken across pages, its 「7」 set smaller than 「1」 and 「年」",
    "202302_80629": "「3.危及“三」 | 0 … at a page's foot, 「安全一稳定”」 alone at the next; 第二十条 heading above t2",
    "202503_97791": "「行政事业性收」 | 18651.06 at a page's foot, 「费」 at the next page's head",
}
JOINED = {"201501_80791", "201801_80506", "202302_80629", "202503_97791"}


# pages rewritten (benchmarks/perturb.py) so that numbers wrap in their cells, some over a page break
WRAPPED = {
    "202503_97791-fullwidth": ("pingtan/202503_97791", "full-width digits"),  # ２１ | ８ of 218 either side of a break
    "202103_80595-spaced": ("pingtan/202103_80595", "labels spaced 自 然 人"),  # 2 | 0 of 20, under 「公开申请数量」
}
CUT = "shuyang-cut"  # the county bureau's page, its tables cut in two halves with 「（续表）」 between them
MERGED = "202503_97791-merged"  # every two rows of numbers printed as one, each cell's two texts a line apart
REWRITTEN = WRAPPED | {CUT: ("shuyang_fgj_2023", "table cut in two")}
REWRITTEN[MERGED] = ("pingtan/202503_97791", "two rows in one, a line each")
# the county page with three quirks at once: its t3 header a column right of its rows, 总计 past the page's edge
SHIFTED = ("merged cells left blank", "a stray empty cell before each header row", "t3 legal columns reordered")
# real pages with three or four quirks at once: what Word's PDF made of them, and the values that were published wrong
QUIRKS = {
    "80595-blank": ("pingtan/202103_80595", ("zero left blank", "merged cells left blank", "row labels without outline numbers"),
                    "t3/unprocessed_confirmation/natural_person"),  # 其他处理's 4, its label joined to the row above
    "80595-wrapped": ("pingtan/202103_80595", ("table cut in two", "header rowspans stripped, cells below moved left",
                      "t2 columns swapped"), "t2/punishment/prev_items"),  # 538 under 上一年项目数量 wrapped around the header
    "shuyang-nil": ("shuyang_fgj_2023", ("a stray empty cell before each header row", "a 合计 row in t2", "zero printed as 无"),
                    "t2/normative_documents/repealed"),  # 18 (现行有效件数) for 0 printed as 无, 无 passed over
    "shuyang-thead": ("shuyang_fgj_2023", ("header rows in <thead>, cells <th>", "merged cells copied into each slot",
                      "header rowspans stripped, cells below moved left"), "t3/new_received/business"),  # 26 (自然人)
    "shuyang-t4": ("shuyang_fgj_2023", ("a stray empty cell before each header row", "zero left blank",
                   "总计 columns dropped"), "t4/review/other"),  # 行政复议's 1 尚未审结 under the header's 其他结果
    "shuyang-broken": ("shuyang_fgj_2023", ("labels spaced 自 然 人", "line break inside labels", "t3 总计 first, 自然人 last"),
                       "t3/new_received/natural_person"),  # 26 broken over pages as 2 / 6, its label too: 6 was read
    "shuyang-above": ("shuyang_fgj_2023", ("header above the grid, t2 columns swapped", "header colspans stripped",
                      "no-break spaces around numbers"), "t3/granted/natural_person"),  # 2 of 26: 「（一）予以公」 over 「开」
    "shuyang-thead-empty": ("shuyang_fgj_2023", ("an empty row under each header", "header rows in <thead>, cells <th>",
                            "no-break spaces around numbers"), "t3/total_processed/natural_person"),  # 2 of 26: 2 / 6
    "80595-runon": ("pingtan/202103_80595", ("report inside a layout table", "short header words",
                    "two rows in one, a line each"), "t3/total_processed/total"),  # 121 for 21, rows run into one line
    "80629-stray": ("pingtan/202302_80629", ("a stray empty cell before each row below", "merged cells left blank",
                    "t3 legal columns reordered"), "t3/new_received/legal_services"),  # 71 (自然人): a header of six
    "80629-total-first": ("pingtan/202302_80629", ("a stray empty cell before each row below", "merged cells left blank",
                          "t3 总计 first, 自然人 last"), "t3/new_received/business"),  # 74 (总计): a header of six
    "80595-fullwidth": ("pingtan/202103_80595", ("full-width digits", "labels spaced 自 然 人", "merged cells left blank"),
                        "t3/new_received/total"),  # 1 (其他) for 21: cells withheld at a break taken for lost label cells
    # four quirks at once
    "87885-wrapped": ("pingtan/202403_87885", ("empty column at the right", "full-width digits", "merged cells left blank",
                      "table cut in two"), "t3/unable_not_held/natural_person"),  # 3 of 31: ３ over １, as text lines
    "97791-cut-merged": ("pingtan/202503_97791", ("no-break spaces around numbers", "t2 parts under the first part's header",
                         "two rows in one, a line each", "unit 件 after numbers"), "t3/new_received/natural_person"),  # 2170
    "87885-cut-merged": ("pingtan/202403_87885", ("merged cells left blank", "t4 litigation groups swapped",
                         "two rows in one, a line each", "unit 件 after numbers"), "t3/granted/natural_person"),  # 2219
    "80629-t4-swapped": ("pingtan/202302_80629", ("merged cells left blank", "t4 litigation groups swapped",
                         "two rows in one, a line each", "unit 件 after numbers"), "t4/litigation_direct/upheld"),  # 0 for 1
    "80595-fraction": ("pingtan/202103_80595", ("header above the grid, t3 legal columns reordered",
                       "no-break spaces around numbers", "table cut in two", "zero printed as 无"),
                       "t2/procurement/projects"),  # 73802895.9 (采购总金额) for 395
    "80595-group-cut": ("pingtan/202103_80595", ("header colspans stripped", "t2 parts under the first part's header",
                        "zero left blank", "zero printed as —"), "t3/new_received/other_org"),  # 21 (总计) for 1
    "80595-sign": ("pingtan/202103_80595", ("header rowspans stripped, cells below moved left", "report inside a layout table",
                   "short header words", "t2 parts under the first part's header"), "t2/fees/change"),  # 15 for -15
    "80629-short-words": ("pingtan/202302_80629", ("header above the grid, t3 legal columns reordered",
                          "no-break spaces around numbers", "report inside a layout table", "short header words"),
                          "t3/new_received/business"),  # 0 for 3: the header's shorter words not read
    "97791-edge": ("pingtan/202503_97791", ("header above the grid, t3 legal columns reordered",
                   "no-break spaces around numbers", "report inside a layout table", "short header words"),
                   "t2/licensing/decisions"),  # 452 for 4529: its 9 past the page's edge
    "shuyang-blank-row": ("shuyang_fgj_2023", ("a stray empty cell before each header row", "t2 columns swapped",
                          "thousands commas", "zero left blank"), "t2/normative_documents/issued"),  # 18 for 8
    "80629-title-run-in": ("pingtan/202302_80629", ("header rowspans stripped, cells below moved left",
                           "merged cells left blank", "short header words", "zero printed as /"),
                           "t3/new_received/business"),  # 71 (自然人) for 3: 「申请人情况自然人」 named nothing
    "97791-misc-joined": ("pingtan/202503_97791", ("caption row above each table", "row labels without outline numbers",
                          "t2 columns swapped", "zero left blank"), "t3/other_unpaid_fee/total"),  # 2 (3.其他's) for 0
    "87885-label-around": ("pingtan/202403_87885", ("an empty row under each header", "line break inside labels",
                           "t4 results reordered", "table cut in two"), "t3/denied_enforcement_file/total"),  # 2 for 1
    "87885-label-around-dash": ("pingtan/202403_87885", ("an empty row under each header", "table cut in two",
                                "header rowspans stripped, cells below moved left", "zero printed as —"),
                                "t3/denied_enforcement_file/natural_person"),  # 2 (8.属于行政查询事项's) for 1
    "shuyang-carried": ("shuyang_fgj_2023", ("a stray empty cell before each row below", "merged cells left blank",
                        "short header words", "two rows in one, a line each"), "t3/carried_forward/business"),  # 0 for blank
    "80595-heads-cut": ("pingtan/202103_80595", ("no-break spaces around numbers", "report inside a layout table",
                        "short header words", "t2 columns swapped"), "t2/licensing/prev_items"),  # 278 for 396
    "shuyang-corner-alone": ("shuyang_fgj_2023", ("a stray empty cell before each row below", "merged cells left blank",
                             "zero printed as —", "总计 columns dropped"), "t3/new_received/business"),  # 26 (自然人)
    "80595-subtotal-cut": ("pingtan/202103_80595", ("header rows in <thead>, cells <th>", "merged cells left blank",
                           "report inside a layout table", "t3 小计 column for the legal persons"),
                           "t3/granted/total"),  # 1 (小计) for 7: 总计 past the page's edge
    "97791-other-cut": ("pingtan/202503_97791", ("t3 小计 column for the legal persons", "t4 litigation groups swapped",
                        "two rows in one, a line each", "zero printed as —"), "t3/other/natural_person"),  # 1: 2019's row
    "shuyang-total-blank": ("shuyang_fgj_2023", ("a stray empty cell before each row below", "an empty row under each header",
                            "merged cells left blank", "zero left blank"), "t3/new_received/business"),  # 26 (自然人)
    "shuyang-total-lost": ("shuyang_fgj_2023", ("caption row above each table", "merged cells left blank",
                           "thousands commas", "zero printed as 无"), "t3/total_processed/business"),  # 26 (自然人)
    "80629-two-cut": ("pingtan/202302_80629", ("short header words", "t3 小计 column for the legal persons",
                      "two rows in one, a line each", "unit 件 after numbers"),
                      "t3/denied_internal_affairs/natural_person"),  # 12 for 1: 1 over 2 run into one line
    "97791-placed-cut": ("pingtan/202503_97791", ("full-width digits", "label spans stripped in the rows",
                         "t2 parts under the first part's header", "zero printed as —"),
                         "t3/total_processed/total"),  # 21 for 218: ２１ over ８, the row placed by its place alone
    "80629-not-held-cut": ("pingtan/202302_80629", ("full-width digits", "labels spaced 自 然 人",
                           "row labels without outline numbers", "table cut in two"),
                           "t3/unable_not_held/natural_person"),  # 7 for 37: ３ over ７ at a page break
    "80595-units-cut": ("pingtan/202103_80595", ("header rowspans stripped, cells below moved left", "table cut in two",
                        "two rows in one, a line each", "unit 件 after numbers"),
                        "t3/unprocessed_duplicate/natural_person"),  # 30 for 3: 3件 over 0件, 件 on the next page
    "80595-sign-across": ("pingtan/202103_80595", ("Word <p><span><font> cells", "caption row above each table",
                          "label spans stripped in the rows", "t3 总计 first, 自然人 last"),
                          "t2/fees/change"),  # 15 for -15: the sign's middle left of the rule, in 35's cell
    "80595-signed-stacked": ("pingtan/202103_80595", ("a 合计 row in t2", "header above the grid, as text",
                             "thousands commas", "two rows in one, a line each"),
                             "t2/punishment/change"),  # -1826 for -18: 「-18」 over 「26」 joined as a wrap
    "shuyang-spaced-cut": ("shuyang_fgj_2023", ("labels spaced 自 然 人", "merged cells copied into each slot",
                           "merged cells left blank", "table cut in two"),
                           "t3/granted/natural_person"),  # 2 for 26: 2 over 6 at a page break, under 予以公's rest 开
    "97791-two-rows-broken": ("pingtan/202503_97791", ("full-width digits", "row labels without outline numbers",
                              "t2 parts under the first part's header", "two rows in one, a line each"),
                              "t3/new_received/total"),  # 21 for 218: ２１ at the foot, ８ over ０ at the next head
    "80595-stray-withheld": ("pingtan/202103_80595", ("Word <p><span><font> cells", "a stray empty cell before each header row",
                             "full-width digits", "t2 parts under the first part's header"),
                             "t3/new_received/natural_person"),  # 0 for 20: ２０ withheld left of the header
    "80629-label-around-gap": ("pingtan/202302_80629", ("header rowspans stripped, cells below moved left",
                               "t3 小计 column for the legal persons", "table cut in two", "unit 件 after numbers"),
                               "t3/total_processed/natural_person"),  # 0 for 72: 结转下年度's zeros, its label around them
    "shuyang-group-cut": ("shuyang_fgj_2023", ("a stray empty cell before each row below", "full-width digits",
                          "labels spaced 自 然 人", "short header words"),
                          "t3/granted/natural_person"),  # 2 for 26: ２ over ６ at a page break, under 三、's rest
    "shuyang-edge-total": ("shuyang_fgj_2023", ("a 合计 row in t2", "caption row above each table", "merged cells left blank",
                           "no-break spaces around numbers"),
                           "t3/new_received/total"),  # 2 for 26: 总计 at the page's right edge, its 6 not drawn
    "87885-unread-lone": ("pingtan/202403_87885", ("a stray empty cell before each header row", "full-width digits",
                          "label spans stripped in the rows", "no-break spaces around numbers"),
                          "t3/partially_granted/total"),  # 0 for 20: its ０ alone at a page's head, the row above unread
    "97791-t4-wrapped": ("pingtan/202503_97791", ("Word <p><span><font> cells", "full-width digits",
                         "label spans stripped in the rows", "t3 小计 column for the legal persons"),
                         "t4/litigation_after_review/total"),  # 1 for 19: １ | ９ at a break, boundaries 2.6 pt apart
    "80629-thead-doubled": ("pingtan/202302_80629", ("header rows in <thead>, cells <th>", "no-break spaces around numbers",
                            "t3 legal columns reordered", "table cut in two"),
                            "t3/other_misc/legal_services"),  # 2 for 0: rows as text lines, a header's words doubled
    "shuyang-edge-shifted": ("shuyang_fgj_2023", ("a stray empty cell before each header row", "header colspans stripped",
                             "t3 总计 first, 自然人 last", "总计 columns dropped"),
                             "t3/new_received/other_org"),  # 26 (自然人's, past the header's edge) as 其他's
    "87885-t2-tail": ("pingtan/202403_87885", ("header above the grid, t2 columns swapped", "no-break spaces around numbers",
                      "report inside a layout table", "short header words"),
                      "t2/normative_documents/issued"),  # 470 for 77: the header's start past the edge, 本年制发数 left
    "87885-text-row-above": ("pingtan/202403_87885", ("caption row above each table",
                             "header rowspans stripped, cells below moved left", "labels spaced 自 然 人", "table cut in two"),
                             "t3/denied_enforcement_file/total"),  # 2 for 1: 8.'s row under 7.'s, a text row, as its label
    "shuyang-above-cut": ("shuyang_fgj_2023", ("header above the grid, t4 groups swapped", "merged cells left blank",
                          "no-break spaces around numbers", "table cut in two"),
                          "t3/new_received/natural_person"),  # 6 for 26: 「一、本年新 | 2」 over 「收政府信息… | 6」 at a break
    "87885-caption-header": ("pingtan/202403_87885", ("header rowspans stripped, cells below moved left",
                             "merged cells left blank", "report inside a layout table", "t2 columns swapped"),
                             "t2/normative_documents/issued"),  # 132 for 77: the caption joined to the header, not read
    "shuyang-items-cut": ("shuyang_fgj_2023", ("label spans stripped in the rows", "merged cells copied into each slot",
                          "short header words", "two rows in one, a line each"),
                          "t3/granted/other_org"),  # 0 for blank: 「三、…（二） | （一）予以公开 | 26 | … | 0」, 部分公开's 0
    "80595-head-word-cut": ("pingtan/202103_80595", ("a stray empty cell before each header row", "merged cells left blank",
                            "report inside a layout table", "t3 legal columns reordered"),
                            "t3/new_received/natural_person"),  # 0 for 20: the header's last column 「科 机」, its rows left
    "shuyang-group-rest": ("shuyang_fgj_2023", ("empty column at the right", "labels spaced 自 然 人",
                           "t4 litigation groups swapped", "table cut in two"),
                           "t3/granted/natural_person"),  # 2 for 26: 「三 | （一）予以公开 | 2」 over 「、 本 年 度… | | 6」
    "97791-thead-squeezed": ("pingtan/202503_97791", ("header rows in <thead>, cells <th>", "short header words",
                             "t3 legal columns reordered", "table cut in two"),
                             "t3/other_misc/business"),  # 0 for 1: rows as text lines under 「… | 法律服 务 机 | 其他 | 企业 …」
    "87885-short-row-cut": ("pingtan/202403_87885", ("a stray empty cell before each header row", "full-width digits",
                            "labels spaced 自 然 人", "table cut in two"),
                            "t3/unable_not_held/natural_person"),  # 1 for 31: 「1.本机关不 | ３ | ０ …」 over a break
    "80629-thead-tall": ("pingtan/202302_80629", ("header rows in <thead>, cells <th>", "line break inside labels",
                         "t3 legal columns reordered", "table cut in two"),
                         "t3/other_misc/business"),  # 0 for 2: the header repeated over each page, its last row never fits
    "shuyang-spans-cut": ("shuyang_fgj_2023", ("label spans stripped in the rows", "merged cells copied into each slot",
                          "no-break spaces around numbers", "short header words"),
                          "t3/granted/natural_person"),  # 2 for 26: 「…（一）予以公 | 2」 over 「理结果 | 开 | 6」, unread
    "80629-wrapped-between": ("pingtan/202302_80629", ("full-width digits", "labels spaced 自 然 人",
                              "merged cells copied into each slot", "table cut in two"),
                              "t3/unable_not_held/natural_person"),  # 3 for 37: ３ … ３, 「度办理结 无法提」, then ７ ７
    "87885-other-group-cut": ("pingtan/202403_87885", ("a stray empty cell before each row below",
                              "t3 小计 column for the legal persons", "table cut in two", "unit 件 after numbers"),
                              "t3/other_misc/natural_person"),  # 0 for 1: 「三、本年度 （六）其他 0 0 … 0」 (2.'s) as 3.其他
}  # fmt: skip
KEPT = {"80595-blank": 35, "80595-wrapped": 170, "80595-runon": 150, "80595-fullwidth": 190, "80629-stray": 38,
        "80629-total-first": 38, "shuyang-nil": 0, "shuyang-thead": 40, "shuyang-t4": 0, "shuyang-broken": 70,
        "shuyang-thead-empty": 45, "shuyang-above": 30, "87885-wrapped": 175, "97791-cut-merged": 75,
        "87885-cut-merged": 8, "80629-t4-swapped": 8, "80595-fraction": 15, "80595-group-cut": 20, "80595-sign": 150,
        "80629-short-words": 35, "97791-edge": 18, "shuyang-blank-row": 0, "80629-title-run-in": 33,
        "97791-misc-joined": 35, "87885-label-around": 150, "87885-label-around-dash": 30, "shuyang-carried": 1,
        "80595-heads-cut": 0, "shuyang-corner-alone": 0, "80595-subtotal-cut": 115,
        "97791-other-cut": 15, "shuyang-total-blank": 0,
        "shuyang-total-lost": 5, "80629-two-cut": 20, "97791-placed-cut": 120, "80629-not-held-cut": 155,
        "80595-units-cut": 55, "80595-sign-across": 185,
        "80595-signed-stacked": 25, "shuyang-spaced-cut": 29,
        "80595-stray-withheld": 160, "97791-two-rows-broken": 74, "80629-label-around-gap": 98,
        "shuyang-group-cut": 25, "shuyang-edge-total": 40,
        "87885-unread-lone": 130, "97791-t4-wrapped": 190,
        "80629-thead-doubled": 90, "shuyang-edge-shifted": 4, "87885-t2-tail": 3, "87885-text-row-above": 148,
        "shuyang-above-cut": 18, "87885-caption-header": 195,
        "shuyang-items-cut": 13, "80595-head-word-cut": 25,
        "shuyang-group-rest": 30, "97791-thead-squeezed": 115,
        "87885-short-row-cut": 150, "80629-thead-tall": 90,
        "shuyang-spans-cut": 55, "80629-wrapped-between": 100, "87885-other-group-cut": 20}  # fmt: skip
# facts kept now: 37, 174, 159, 196, 40, 40, 0, 44, 0, 73, 46, 31, 184, 78, 9, 9, 16, 23, 157, 38, 21, 0, 36, 38, 157, 34, 1,
# 0, 0, 124, 17, 0, 6, 24, 133, 165, 59, 196, 28, 31, 169, 78, 102, 27, 45, 138, 200, 95, 4, 3, 165, 18, 200, 13, 28,
# 33, 123, 159, 95, 59, 106, 25


@pytest.fixture(scope="module")
def pdfs(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    from benchmarks.perturb import REWRITES, apply

    work = tmp_path_factory.mktemp("word")
    pages = {name: shared / "real" / "pingtan" / name / "page.html" for name in PAGES}
    for name, (page, rewrite) in REWRITTEN.items():
        tree = lxml_html.fromstring((shared / "real" / page / "page.html").read_bytes())
        REWRITES[rewrite](tree)
        pages[name] = work / f"{name}-source.html"
        pages[name].write_bytes(lxml_html.tostring(tree, encoding="utf-8"))
    tree = lxml_html.fromstring((shared / "real" / "shuyang_fgj_2023" / "page.html").read_bytes())
    pages["shuyang-shifted"] = work / "shifted-source.html"
    pages["shuyang-shifted"].write_bytes(apply(tree, *SHIFTED))
    for name, (page, rewrites, _) in QUIRKS.items():
        tree = lxml_html.fromstring((shared / "real" / page / "page.html").read_bytes())
        pages[name] = work / f"{name}-source.html"
        pages[name].write_bytes(apply(tree, *rewrites))
    pages[SIGNED] = shared / "real" / "pingtan" / SIGNED / "page.html"
    tree = lxml_html.fromstring((shared / "real" / "pingtan" / REPEATED / "page.html").read_bytes())
    _header_rows_repeated(tree)
    pages[f"{REPEATED}-thead"] = work / "thead-source.html"
    pages[f"{REPEATED}-thead"].write_bytes(lxml_html.tostring(tree, encoding="utf-8"))
    return word_pdfs(pages, work / "out")


REPEATED = "202302_80629"  # its t3 row 「3.危及“三安全一稳定”」 breaks across pages 4 and 5


def _header_rows_repeated(tree: lxml_html.HtmlElement) -> None:
    """Tables 三 and 四 with their three header rows in a <thead>: Word repeats them at the top of each page."""
    for table in tree.xpath("//table[not(.//table)]"):
        if "自然人" not in table.text_content() and "行政复议" not in table.text_content():
            continue
        rows = table.xpath(".//tr")
        head = etree.Element("thead")
        for tr in rows[:3]:
            tr.getparent().remove(tr)
            head.append(tr)
        table.insert(0, head)


def test_a_row_broken_across_pages_under_a_repeated_header(printed: dict[str, Report]) -> None:
    """The page's header rows repeated at the top of page 5 stand between 「3.危及“三」 and its 「安全一稳定”」: the row is
    still joined (it gave seven blank facts for 危及三安全一稳定, whose numbers are 0, when it was not)."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][f"pingtan/{REPEATED}"]
    report = printed[f"{REPEATED}-thead"]
    assert {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts} == truth["facts"]
    assert any("joined again" in w and "3.危及" in w for w in report.warnings)


@pytest.fixture(scope="module")
def printed(pdfs: dict[str, bytes]) -> dict[str, Report]:
    return {name: parse_document(extract(pdf, "application/pdf", f"{name}.pdf")[1]) for name, pdf in pdfs.items()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_fact_of_the_word_printed_page(printed: dict[str, Report], name: str) -> None:
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][f"pingtan/{name}"]
    report = printed[name]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert got == truth["facts"], PAGES[name]
    joined = [w for w in report.warnings if "joined again" in w]
    assert bool(joined) == (name in JOINED), joined


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_numbers_wrapped_over_a_page_break_are_joined_or_withheld(printed: dict[str, Report], name: str) -> None:
    """Never the part of a number that stood above the break: 21 for 218, 2 for 20."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    want = truth[WRAPPED[name][0]]["facts"]
    report = printed[name]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert len(got) >= 0.9 * len(want)
    if name.endswith("fullwidth"):
        assert got["t3/total_processed/total"] == [218, "number"]
        assert any("digits of numbers wrapped over the break" in w for w in report.warnings)
    else:
        assert "t3/new_received/natural_person" not in got and "t3/new_received/total" not in got
        assert any("numbers withheld: digits under them" in w for w in report.warnings)


def test_two_rows_printed_in_one_give_no_number_made_of_both(printed: dict[str, Report]) -> None:
    """Word's PDF of a real page whose every two rows of numbers share one row, a line each: 「0」 over 「32」 was read
    332, 「20」 over 「0」 (总计 over 结转) 200. Lines no wrapping makes (a fuller line under a shorter one, a 0 over
    digits, a label of two numbered items) say the row is two: its numbers are withheld. (Where Word breaks such a row
    across pages, the rest of its label opens the next page over empty cells: a row of blanks, no number.)"""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    want = truth[REWRITTEN[MERGED][0]]["facts"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in printed[MERGED].facts if f.value is not None}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert "t3/denied_internal_affairs/natural_person" not in got and "t3/carried_over/natural_person" not in got
    assert got["t2/fees/amount"] == want["t2/fees/amount"] and len(got) >= 0.3 * len(want)


def test_a_header_a_column_off_its_rows_with_its_total_past_the_page_s_edge(printed: dict[str, Report]) -> None:
    """Word's PDF of the county page with merged cells left blank, a stray cell before each header row and the legal
    columns reordered: the table drawn to the page's right edge, its header's 总计 past it (not a glyph of it printed),
    its rows' 26 a column left of 自然人 and their 总计 under 科研机构. 26 was read as 科研机构 in 25 rows; the table
    reaches the edge, so the number left of the header's columns stands it off and the rows are withheld."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    want = truth["shuyang_fgj_2023"]["facts"]
    report = printed["shuyang-shifted"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts if f.value is not None}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert not [k for k in got if k.startswith("t3/")] and got["t2/fees/amount"] == want["t2/fees/amount"]


@pytest.mark.parametrize("name", sorted(QUIRKS))
def test_quirks_at_once_give_no_wrong_value(printed: dict[str, Report], name: str) -> None:
    """Word's PDF of real pages with three or four quirks at once. Pingtan 2020: Blank zeros and cells, no outline numbers: 不予处理's
    last row (blank) ends a page, 「其他处理 | | 4 | … | 4」 opens the next and is joined to it as its label's rest; 4 was
    published as 要求行政机关确认…'s (label cells naming a leaf row and a row of another item name neither now). Table
    cut in two, its second part without rules and its columns swapped: 「上一年项目数 / 信息内容 处理决定数量 本年增/减 /
    量」 as text; 538 was published as 行政处罚's 上一年项目数量 (2648) (two columns named in another order dispute it).
    The county bureau's page, its t2 header a column right of its rows: 「规范性文件 | 8 | 无 | 18」 under two columns gave
    18 as 本年废止件数 (无 passed over; a 无 takes its column now, three values for two are withheld). Its t3 header's
    自然人 row, then the rest of the 勾稽 note's cell (a page break), then the organisations moved left under 自然人:
    26 read as 商业企业 (the 自然人 row passes on over a row naming none, and the two rows name a column two ways).
    Its t4 a column left of a header with a stray cell, zeros blank, no 总计: 1 read under 其他结果 (it reads as well a
    column left). Pingtan 2020 in a layout table as text lines: 「0 0 4（七）合计20 0 00 0 121」 gave 121 for 21 (a value
    holding a row's label says the line runs two rows together). Full-width digits, spaced labels, merged cells blank:
    「一、本年新收」's 自然人 and 总计 withheld at a page break were taken for lost label cells and its cells read in order
    from the blank label slots (1 as 总计). The county page with spaced labels, line breaks in them and 总计 first:
    「一、本年新收…」 broken across two pages with its 26 as 2 over 6 gave 6 (its label's rest finishes the row above's);
    with the header repeated (<thead>) and an empty row under it, 2 (the empty row stopped the repeated header). Pingtan
    2022 with a stray cell before each row: a header of six (自然人 run into 申请人情况) a column right of its rows, 71 read
    as 法律服务机构 (parts adding up to more than 总计 stand it off); with 总计 first, 74 (总计) as 商业企业 (no cell outside
    the header's columns can be the 总计). The county page with its header above the grid: 「（一）予以公」 over 「开」 across
    a page break, 2 of 26 read (the rest of a label cell under it withdraws the row above). Four at once: Pingtan
    2023 as text lines with full-width digits, 「（四）无 1.本机关不掌握相关政府信息 ３ ０ … ３」 over 「法提供 １ １」 gave 3
    for 31 (numbers on the line below a row, under no row's label, withdraw it); Pingtan 2024 and 2023 with two rows in
    one and 件 after numbers, cut by a page break: 「一、本年新收政府信息公开申请数 | 2170 | …」 over 「量 二、上年结转… |
    件 | 件 …」 gave 2170 for 217, 「（一） 予以公 | | 2219」 over 「开 （二） 部分公开… | 件」 2219 for 22 (a row's
    rest with text in its cells withdraws it); Pingtan 2022 with the litigation groups swapped, their names run into
    the first result's cell, read by the template's order (the header naming another group over a column withholds
    the row); Pingtan 2020 with 采购项目数量 wrapped around its header line: 73802895.90 as the count of projects (a
    fraction under a count column withholds the row). Pingtan 2020 with the header's colspans stripped: 「法人或其他组」
    cut by a page break, 总计 between 商业企业 and 科研机构, 21 read as 其他 (a cut group cell is one, and organisations
    apart are no layout); in a layout table, 「行政事业性收费35-」 over 「15」 gave 15 for -15 (a dash apart from its number
    withholds the flattened run). Pingtan 2022 with its header above the grid in shorter words, reordered, in a layout
    table: 3 (商业企业) read as 法律服务机构 (the shorter words give the order too); Pingtan 2024 so, 「行政许可 452」 with
    its 9 past the page's edge gave 452 (a number cut at the edge is not read). The county page with a stray cell
    before the header rows, t2's columns swapped and zeros blank: 「规章 | | |」 replaced the header, 8 and 18 read in
    order (a row naming a t2 row is no header); Pingtan 2022 with rowspans stripped: 「申请人情况自然人」 named no
    column, 71 read as 商业企业 (the title run into a column's cell names it). Pingtan 2024 without outline numbers,
    zeros blank: the unpaid-fee row (blank) ends a page, 「其他 | 1 | 1 | … | 2」 opens the next and is joined to it as
    its label's rest: 2 for 0 (a row under 其他处理 named in full, then 其他, is two rows). Pingtan 2023 with its table
    cut in two: 「7.属于行政执法案卷 1 0 … 1」 (or its label wrapped around its numbers) as text between the grids named
    the second grid's first row, 8.属于行政查询事项's 2 without its label: 2 for 1 (a line ending in numbers names no
    row below). The county page with a stray cell before each row: its t3 rows stand off the header on page 11; page
    13, the same table's rest, gave 0 under the header's 商业企业 for 结转下年度's 自然人 (a table carried over a page
    break stands off as its first part did). Pingtan 2020 in a layout table, t2's columns swapped: the lines cut at the
    page's edge took the headers of 第二十条第（五）项 and （六）项, 第二十条第（一）项's named 对外公开总数 first, and 行政许可
    278 442 396 was read in the template's order (columns no header names are not, once one departs from it). The
    county page, 总计 dropped, a stray cell before each row: the header's 勾稽 note alone at page 5's foot, 自然人 on
    page 6, the organisations on page 7 over 「 | 一、本年新收… | | | 26」: 26 read as 商业企业 (the note's row heads the
    table carried on: the rows may stand a column right of it, and no 总计 says). Pingtan 2020 in a layout table with a
    小计 column: 总计 past the page's edge, 小计's header cell cut by it, 予以公开 6 | 0 | … | 1 | 1 read in order gave 1
    (小计) as 总计 (the last of seven cells read in order under a cut header cell needs the row's total to hold).
    Pingtan 2024 so, two rows in one: 「（六）其他处理」 broken by a page break, 「（六）其他处 | 3.其他 | 1 | 1 …」 named the
    2019 template's 其他处理, a row this report has not (a row of the other template names no row). The county page
    with a stray cell before each row, zeros blank: 总计 past the page's edge, the header's 总计 over 其他's blank, 26
    (自然人) read as 商业企业 (a row blank under 总计 is checked by none). The county page with a caption row, merged
    cells blank and zeros as 无: 「 | （七）总计 | | 26 | … 」 lost its 总计 cell, and read as the seven cells after its
    label gave 26 as 商业企业 (the label's own blank cell taken for 自然人's: with no total to check, not read so).
    Pingtan 2022 with two rows in one and 件 after numbers: 「5.属于三类内部事务信息 | 12件」 (1 over 2 run into one line)
    at page 6's foot, 「开 （三）不予公开 | 6.属于四类过程性信息」 blank at page 7's head: 12 read as 5.'s (a blank row
    going on with the labels above and naming another row withdraws it). Pingtan 2024 with full-width digits and the
    rows' label spans stripped: rows without a readable label placed by the template's order, 总计's ２１８ wrapped as
    ２１ over ８: 21 for 218 (a row placed by its place alone that fails its row total is withheld). Pingtan 2023 with
    full-width digits, spaced labels, no outline numbers, its table cut in two: 「无法 | 本机关不掌 | ３ | ０ …」 (its
    label in 自然人's column, withheld) ends page 5, 「提供 | 握相关政府 信息 | ７ | | … | ７」 opens page 6: 7 for 37 (the
    rest of the label of a row withheld just above withholds the row). Pingtan 2020 with two rows in one, 件 after
    numbers, its header's rowspans stripped and its table cut in two: 「 | 2.重复申请 | 30 | 00 | … | 30」 (3件 over 0件)
    ends page 11, 「 | 理 | 3.要求提供公开出版物 | 件 | 件 | … | 件」 opens page 12: 30 for 3 (measure words alone in the
    cells right under the row read last withdraw it). Pingtan 2020 with Word's <p><span><font> cells, a caption row,
    the rows' label spans stripped and t3's 总计 first: t2's last part 2 points left of its rules, 「-15」's sign with
    its middle left of the rule: 「行政事业性收费 | 35 - | 15」 gave 15 for -15 (a run of glyphs drawn across the rule
    between two cells leaves a number in either cut). Pingtan 2020 with a 合计 row in t2, its header above the grid,
    thousands commas and two rows in one: 行政处罚 over 行政强制 cut by a page break, 「538」 over 「29」 kept apart, and
    「-18」 over 「26」 joined: -1826 for -18 (lines of signed digits stay apart in a row that shows two rows in one).
    Pingtan 2022 with its header's rowspans stripped, a 小计 column, 件 after numbers and its table cut in two, the
    second part as text lines: 结转下年度's 「0 0 0 0 0 0 0」 between the lines of its label, placed as 总计's (unread)
    in the gap before it: 0 for 72 (a row closing the gap with too few numbers of its own may own them). The county
    page with a stray cell before each row, full-width digits, spaced labels and short header words: 「三 、 |
    （一）予以公开 | ２」 at page 5's foot, 「本 年 度 办 理 结 果 | | ６」 at page 6's head: 2 for 26 (a row going on with a
    group cell of the row above, its own label blank, is that row's rest). The county page with a 合计 row in t2, a caption
    row above each table, merged cells blank and no-break spaces: t3 drawn past the page's right edge, 「一、本年新收… |
    26 | … | 2」, the 6 of 总计's 26 not drawn at all (Word's PDF draws no glyph the page does not hold whole): 2 for 26
    (a number at the edge that fails the row total may run on past it). Pingtan 2024 with a stray cell before each
    header row, full-width digits, the rows' label spans stripped and no-break spaces: 部分公开's row unread at page 4's
    foot (no column located), the ０ of its ２０ alone at page 5's head placed by the template's order as its row: 0 for
    20 (a row without a label next to numbers left unread may be their row's rest). Pingtan 2025 with Word's
    <p><span><font> cells, full-width digits, label spans stripped and a 小计 column: t4's row ends page 8 with
    「… | １」 and 「９」 opens page 9, its column boundaries 2.6 points off page 8's: 1 for 19 (boundaries as far apart
    as pdfplumber snaps edges are one: joined, 19). Pingtan 2022 with its header rows in <thead>, no-break spaces, t3's
    legal columns reordered and its table cut in two: Word repeats the header on each page, its cells' words doubled
    where the repeats overlap (「法律服务 机构法律服务 机构」), the rows below text lines, read in the template's order:
    2 (其他处理 3.其他's 商业企业) as 法律服务机构's, 10 wrong (a grid header naming an organisation twice gives the text
    lines no order either). The county page with a stray cell before each header row, its colspans stripped, 总计
    first then dropped and 自然人 last, drawn past the page's right edge: the header names the five organisations,
    自然人's name past the edge, unseen, and the rows stand a column left of it, so 26 (自然人's) was read as 其他's in
    every row with no total to show it (under a header drawn to the edge a row's last value may stand under a column
    past it). Pingtan 2024 inside a layout table, its t2 header above the grid in short words with its columns swapped
    (现行有效数 first): the page's lines cut at its right edge left of the header only 「本年制发数」 before
    「规章 0 0 0 行政规范性文件 470 132 77」, read in the template's order: 470 for 77 (a column other than the last
    named right before a row's label, no header naming them whole, disputes the order). Pingtan 2024 with a caption
    row above each table, its header's rowspans stripped, labels spaced and its table cut in two: page 6 opens with
    7.属于行政执法案卷's row as text lines, 「7.属 1 0 0 0 0 0 1」 over 「于行」 「政执」 「法案」, then a grid whose first
    row, 「2 | 0 | … | 2」, lost its label (8.属于行政查询事项's): the lines above read as its label, 2 for 1 (a label whose
    head is on a line ending in numbers is that row's own). The county page with its header above the grid as text, t4's
    groups swapped, merged cells blank, no-break spaces and its table cut in two: 「一、本年新 | | | 2」 alone at page 5's
    foot (its table under text, not stitched), 「收政府信息公开申请数量 | | | 6」 at page 6's head: 6 for 26 (a row without
    a readable label waiting for the template's order is a row unread, whose label's rest below withholds both).
    Pingtan 2024 inside a layout table, its header's rowspans stripped, merged cells blank and t2's columns swapped:
    t2's caption row 「第二十条第（一）项 | | |」 ends page 3, its header row 「信息内容 | 本年废止件数 | 本年制发件数 | …」
    opens page 4 and is joined to it as a label's rest; a row naming a part was a caption and no header, and the rows
    were read in the template's order: 132 for 77 (a caption run into a header row naming columns is that header).
    The county page with the rows' label spans stripped, merged cells copied into each slot, short header words and two
    rows in one, a line each: 「三、本年度办理结果 （二） | （一）予以公开 | 26 | … | 0」 at page 9's foot, the rest of （二）部分公开
    and its 0 on page 10: the 0 (部分公开's 总计) read as 予以公开's 其他, published blank (label cells holding two outline
    numbers of one level are two rows' labels). Pingtan 2020 inside a layout table with a stray cell before each header
    row, merged cells blank and t3's legal columns reordered: the table squeezed to the page, its last column so narrow
    its header reads 「科 机」 (科研机构 run past the rule) and 总计's column not drawn, the rows a column left of the header:
    「一、本年新收… | | | 20 | 0 | 1 | …」 gave 0 for 自然人's 20, the 20 left of the header passed over (a row whose last
    value read a column left falls under header words naming no column may stand off it). The county page with an
    empty column at the right, spaced labels, t4's groups swapped and its table cut in two: 「三 | （一）予以公开 | 2」 at
    page 5's foot, 「、 本 年 度 办 理 结 果 | | 6」 at page 6's head, the two parts' grids of unlike widths: 2 for 26 (a row
    whose label is the rest of any label cell of the row above, its group cell's too, is that row's rest). Pingtan 2024
    with its header rows in <thead>, short header words, t3's legal columns reordered and its table cut in two: Word
    repeats the header, its 勾稽 note in narrow cells a page tall, on every page; the second part's rows are text lines
    under the last header row 「自然人 | 法律服 务 机 | 其他 | 社会公 益 组 | 企业 | 科研机 构 | 合计」, whose words name
    two organisations whole, in the template's order: the lines were read in it (0 for 商业企业's 1). The cells of a grid
    row name all seven columns where they stand, 其他 before 企业: the lines are read in that order. Pingtan 2023 with a
    stray cell before each header row, full-width digits, spaced labels and its table cut in two: 「1.本机关不 | ３ | ０ |
    ０ | ０ | ０ | ０」 at page 5's foot (six numbers, 总计's 3 not drawn: no reading), 「掌握相关政府信息 | １ | | … | １」 at
    page 6's head, grids of unlike widths: 1 for 31 (a row of numbers not read is a row unread, which a row below
    finishing its label withholds with it). Pingtan 2023 with a stray cell before each row, a 小计 column, 件 after
    numbers and its table cut in two: each row of （六）其他处理 prints 「三、本年度 （六）其他 0 0 0 0 0 0 0」 (its label cells'
    first lines, the group's words cut), its item's label and 总计 on the lines below; after 1.'s label 「（六）其他」 was taken
    for 3.其他, the item after it: 2.'s zeros read as 3.其他's (0 for 1). 其他 after a group's number names the group."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    page, _, wrong = QUIRKS[name]
    want = truth[page]["facts"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in printed[name].facts if f.value is not None}
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    # the value once wrong is withheld, or read right (26 joined again over the break)
    assert got.get(wrong, want.get(wrong)) == want.get(wrong) and len(got) >= KEPT[name], len(got)


def test_a_table_cut_in_two_saved_by_word(pdfs: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> None:
    """The DOCX Word makes of the page with its tables cut in two: the second half is a grid of its own, as wide
    as the first (ten columns), its rows without the group cell the first half kept, so their numbers stand one
    column left of the header above and a phantom column trails. Read under that header they gave 26 for
    total_processed.other_org (blank) with no total to check; the rows are read as what they are."""
    docx = next(Path(p) for p in tmp_path_factory.getbasetemp().glob(f"word*/out/{CUT}.docx"))
    report = parse_document(extract(docx.read_bytes(), DOCX, docx.name)[1])
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]["shuyang_fgj_2023"]
    assert {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts} == truth["facts"]


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SIGNED = "202103_80595"  # the 2019 template: 本年增/减 of 行政处罚 is -18


def test_a_scanned_change_without_its_minus_sign_is_withheld(pdfs: dict[str, bytes]) -> None:
    """Table 一 of the report on 2020 as a scan (the Word-printed page as an image, OCR): OCR reads 「-18」 as 18
    with 0.9998 confidence. A positive 本年增/减 read by OCR is withheld; the other cells stand."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdfs[SIGNED])
    page = next(i for i in range(len(document)) if "第二十条第（五）项" in document[i].get_textpage().get_text_range())
    image = document[page].render(scale=2.0).to_pil().convert("L")
    scan = io.BytesIO()
    image.save(scan, format="PDF", resolution=144)
    report = parse_document(extract(scan.getvalue(), "application/pdf", "scan.pdf")[1])
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][f"pingtan/{SIGNED}"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts if f.table == "t2"}
    assert {k: v for k, v in got.items() if truth["facts"].get(k) != v} == {}
    assert all(f.evidence == "ocr" for f in report.facts) and "t2/punishment/decisions" in got
    assert "t2/punishment/change" not in got
    assert any("punishment.change read by OCR as '18'" in w for w in report.warnings)


XS_BROKEN = [299.1, 338.9, 366.8, 394.1, 428.9, 463.2, 491.0, 521.5]  # Pingtan 2024's t3 value columns in Word's PDF


def grid(rows: list[list[str | None]], xs: list[float] | None = None) -> PageGrid:
    return PageGrid([list(r) for r in rows], xs or [0.0, 100.0, 150.0, 200.0], alone_top=True, alone_bottom=True)


def test_a_label_continued_on_the_next_page_is_joined() -> None:
    before, after = grid([["规章", "0", "0"], ["3.危及“三", "0", "0"]]), grid([["安全一稳定”", "", ""], ["4.保护", "1", "1"]])
    assert stitch(before, after) and before.cells[-1] == ["3.危及“三安全一稳定”", "0", "0"]
    assert after.cells == [["4.保护", "1", "1"]]
    numbers_below = grid([["（四）无法提供1.本机关不掌握相关政", "", ""]]), grid([["府信息", "75", "75"]])
    assert stitch(*numbers_below) and numbers_below[0].cells[-1] == ["（四）无法提供1.本机关不掌握相关政府信息", "75", "75"]


@pytest.mark.parametrize(
    ("last", "first", "xs"),
    [
        (["行政强制", "12", "62"], ["第二十条第（八）项", None, None], None),  # a caption row spanning the numbers
        (["规章", "0", "0"], ["信息内容", "本年制发件数", "本年废止件数"], None),  # the header repeated on the next page
        (["3.补正后申请内容仍不明确", "", ""], ["1.信访举报投诉类申请", "0", "0"], None),  # a blank row, then the next item
        (["（二）部分公开", "", ""], ["（三）不予公开", "", ""], None),  # a new numbered item
        (["其中：1、同意", "1", "1"], ["公开答复数", "1", "1"], None),  # numbers on both sides: two rows
        (["规章", "3件", "0件"], ["规范性文件", "5件", "1件"], None),  # numbers with their unit, as the parser reads them
        (["第二十条第（五）项", None, None], ["信息内容", "本年处理决定数量", None], None),  # a caption, then a header
        (["其中：1、同意", "", ""], ["公开答复数", "1", "1"], [0.0, 90.0, 150.0, 200.0]),  # other column boundaries
        (["3.其他", "", ""], ["（ 七 ） 总 计", "26 件", "26 件"], None),  # the next item, spaced out by Word's justify
    ],
)
def test_rows_that_do_not_continue_are_left_apart(
    last: list[str | None], first: list[str | None], xs: list[float] | None
) -> None:
    before, after = grid([last]), grid([first], xs)
    assert stitch(before, after) is None and before.cells == [last] and after.cells == [first]


def test_digits_under_a_number_they_cannot_finish_are_the_next_row_s() -> None:
    """Word's PDF of a real page with its labels' outline numbers left out (「（六）」 of 其他处理): the row 「要求行政机关
    确认… | 0 | 0」 ends a page, 「其他处理 | 4 | 0」 opens the next, no label in the last row's label column. Joined as
    the rest of a cut row, 0 and 4 made 「04」, published as 4 for the 0 above. 0 is a whole number: the rows stand
    apart, each with its own numbers."""
    xs = [0.0, 50.0, 100.0, 150.0, 200.0, 250.0]
    last, first = ["", None, "要求行政机关确认或重新出具已获取信息", "0", "0"], ["", "其他处理", None, "4", "0"]
    before, after = grid([last], xs), grid([first], xs)
    assert stitch(before, after) is None and before.cells == [last] and after.cells == [first]
    wrapped, rest = grid([["", None, "（一）予以公开", "2", "0"]], xs), grid([["", "", None, "6", ""]], xs)
    assert stitch(wrapped, rest) and wrapped.cells[-1][3:] == ["26", "0"]  # a 2 may go on: 26


def test_digits_alone_at_the_next_page_s_head_finish_the_numbers_above() -> None:
    before, after = grid([["（七）总计", "217", "21"]]), grid([["", "", "8"], ["四、结转", "0", "0"]])
    assert "wrapped" in (stitch(before, after) or "") and before.cells[-1] == ["（七）总计", "217", "218"]
    assert after.cells == [["四、结转", "0", "0"]]


def test_a_row_cut_with_its_numbers_under_an_outer_label_is_joined() -> None:
    """The Word-exported PDF of a real page (no-break spaces around the numbers widen them): 「三 | （一）予以公开 | 2」
    ends a page and 「、本年度办理结果 | _ | 6」 opens the next, the rest of the group's label and of 26, no label of
    the row's own. Read apart, 自然人's 26 was published as 2; joined, the row reads 26."""
    before = grid([["三", "（一）予以公开", "2", ""]], [0.0, 50.0, 100.0, 150.0, 200.0])
    after = grid([["、本年度办理结果", "", "6", ""], ["", "（二）部分公开", "0", ""]], [0.0, 50.0, 100.0, 150.0, 200.0])
    assert "cut with its numbers" in (stitch(before, after) or "")
    assert before.cells[-1] == ["三、本年度办理结果", "（一）予以公开", "26", ""]
    assert after.cells == [["", "（二）部分公开", "0", ""]]


def test_a_row_whose_label_lies_over_the_label_above_is_a_row_of_its_own() -> None:
    """Chromium's PDF of a real page (the Shuyang bureau's) with its labels' outline numbers left out: t3's
    「总计 | 26 | … | 26」 ends a page, under the group label's rowspan; 「结转下年度继续办理 | 0 | … | 0」 opens the
    next, its label one cell over both label columns. Joined as the rest of a row under an outer label, 26 and 0
    made 260. A label laid over the column of the row's own label is a row's own: the rows stand apart."""
    xs = [0.0, 50.0, 100.0, 150.0, 200.0, 250.0, 300.0]
    last, first = [None, "总计", None, "26", "", "26"], ["结转下年度继续办理", None, None, "0", "", "0"]
    before, after = grid([last], xs), grid([first], xs)
    assert stitch(before, after) is None and before.cells == [last] and after.cells == [first]


def test_a_row_below_a_break_printing_unequal_lines_is_the_rest_of_the_row_above() -> None:
    """Word's PDF of Pingtan 2024 with full-width digits, labels without outline numbers, t2's parts under one header
    and two rows in one: 新收 over 结转 in one row, broken by the page: 「本年新收… | ２１７ | １ | ０ … | ２１」 at page 3's
    foot, 「上年结转… | ０ | … | ０ | ８ over ０」 at page 4's head (its label line the row's second). Read apart (a label of
    its own, 0 under 0 finishing nothing), 21 and 80 were published for 218 and 0. A row of its own prints a number a
    line in each cell: a cell with a line more holds the rest of the number above; the digits on both sides are
    withheld."""
    before = grid([["本年新收政府信息公开申请数量", "２１７", "１", "０", "０", "０", "０", "２１"]], [102.2, *XS_BROKEN])
    after = grid([["上年结转政府信息公开申请数量", None, None, *["０"] * 6, "８\n０"]], [102.2, 155.6, 186.7, *XS_BROKEN])
    assert "withheld" in (stitch(before, after) or "")
    assert before.cells[-1] == ["本年新收政府信息公开申请数量", *[MISSING] * 7]
    assert after.cells[0] == ["上年结转政府信息公开申请数量", None, None, *[MISSING] * 7]
    apart = grid([["本年新收政府信息公开申请数量", "２１７", "１", "０", "０", "０", "０", "２１８"]], [102.2, *XS_BROKEN])
    own = grid([["上年结转政府信息公开申请数量", None, None, *["０"] * 7]], [102.2, 155.6, 186.7, *XS_BROKEN])
    assert stitch(apart, own) is None and apart.cells[-1][-1] == "２１８"  # one line each: a row of its own


def test_a_partial_row_with_digits_under_digits_withholds_both() -> None:
    """「一、本年新收政府信息」 2 | 0 | 2 above, 「公开申请数量」 0 | _ | 1 below: 20 and 21, or two rows? Neither is
    printed; the cells with digits on both sides are withheld, the rest stay."""
    before = grid([["一、本年新收政府信息", "2", "0", "2"]], [0.0, 100.0, 150.0, 200.0, 250.0])
    after = grid([["公开申请数量", None, "0", "", "1"]], [0.0, 50.0, 100.0, 150.0, 200.0, 250.0])  # label cut in two
    assert "withheld" in (stitch(before, after) or "")
    assert before.cells[-1] == ["一、本年新收政府信息", MISSING, "0", MISSING]
    assert after.cells[0] == ["公开申请数量", None, MISSING, "", MISSING]


def test_digits_alone_under_numbers_and_blanks_withhold_every_cell_they_fall_under() -> None:
    """Word's PDF of Pingtan 2021 with its labels spaced, outline numbers left out and a 合计 row in t2: t3's
    「（七）总计 | 2 | 0 | _ | 0 | _ | _ | 2」 ends a page, 「0 | _ | 0 | _ | 0 | 1 | 1」 opens the next, no label (its label
    columns drawn otherwise): 20 and 21 cut after their first digit, and three cells whose number went below whole. Read
    apart, 2 and 2 were published for 20 and 21 (the row's sum still held, the blanks counted as 0). The cells with
    digits below are withheld on both sides; the 0 with nothing below stays."""
    before = grid([[None, "（七）总计", None, "2", "0", "", "0", "", "", "2"]], [0.0, 40.0, 68.0, *XS_VALUES])
    after = grid([["", "", "0", "", "0", "", "0", "1", "1"]], [0.0, 39.0, *XS_VALUES])
    assert "withheld" in (stitch(before, after) or "")
    assert before.cells[-1] == [None, "（七）总计", None, MISSING, "0", MISSING, "0", MISSING, MISSING, MISSING]
    assert after.cells[0] == ["", "", MISSING, "", MISSING, "", MISSING, MISSING, MISSING]
    under_label = grid([["", "3", "0", "", "0", "", "0", "1", "1"]], [0.0, 39.0, *XS_VALUES])  # a label stays a label
    before = grid([[None, "（七）总计", None, "2", "0", "", "0", "", "", "2"]], [0.0, 40.0, 68.0, *XS_VALUES])
    assert "withheld" in (stitch(before, under_label) or "") and before.cells[-1][1] == "（七）总计"
    assert before.cells[-1][3] == MISSING and under_label.cells[0][1] == "3"
    label_below = grid([["", "结转下年度", "0", "", "0", "", "0", "1", "1"]], [0.0, 39.0, *XS_VALUES])
    before = grid([[None, "（七）总计", None, "2", "0", "", "0", "", "", "2"]], [0.0, 40.0, 68.0, *XS_VALUES])
    assert "withheld" not in (stitch(before, label_below) or "") and before.cells[-1][3] == "2"


def test_a_numbered_row_without_numbers_below_the_break_withholds_stacked_digits_above() -> None:
    """Word's PDF of the county page with a caption row, its tables cut in two and two rows printed as one: 「一、本年新收
    … | 26<br>0」 ends a page (the label's second line, 「二、上年结转…」, went to the next), and 「二、上年结转… | | …」
    opens the next page with no number. 26 over 0 was read as 260, a number wrapped in its narrow cell. A numbered
    row without numbers under stacked digits may be the lower row of two printed as one: those digits are withheld.
    Digits on one line above, or a row below with numbers of its own, are left as they were."""
    xs = [0.0, 100.0, 150.0, 200.0]
    for above, below, cut in (
        ("26\n0", ["二、上年结转政府信息公开申请数量", "", ""], True),
        ("26", ["二、上年结转政府信息公开申请数量", "", ""], False),
        ("26\n0", ["二、上年结转政府信息公开申请数量", "0", "0"], False),
    ):
        before, after = grid([["一、本年新收政府信息公开申请数量", above, above]], xs), grid([below], xs)
        note = stitch(before, after) or ""
        assert ("withheld" in note) is cut and (before.cells[-1][1] == MISSING) is cut
        assert after.cells[0][0] == below[0]


XS_VALUES = [132.0, 151.0, 189.0, 204.0, 220.0, 236.0, 252.0, 272.0]  # seven value columns (Word's PDF, page 12)


def test_a_header_s_lower_row_on_the_next_page_stays_a_row() -> None:
    """「自然人 | 法人或其他组织 | 总计」 ends a page; 「商业企业 | 科研机构 …」 opens the next, two cells under the one
    above: the rows are not joined (a header cut at a break is read as it stands)."""
    before = PageGrid([["", "自然人", "法人或其他组织", "总计"]], [0.0, 100.0, 150.0, 250.0, 300.0], True, True)
    after = PageGrid([["", "", "商业企业", "科研机构", ""]], [0.0, 100.0, 150.0, 200.0, 250.0, 300.0], True, True)
    assert stitch(before, after) is None and after.cells[0][2] == "商业企业"


def test_a_header_s_lower_row_under_copied_cells_stays_a_row() -> None:
    """A header printed without spans, 法人或其他组织 copied into each of its slots (Word draws a cell for each), cut
    at a page break before the organisations' row: joined as a label's rest, 「法人或其他组织法律服务机构」 named no
    column and the rows were read in the template's order under a header that reorders them (the Word-PDF of a
    real page with a caption row and t3's columns reordered). Different words under one copied text: two rows."""
    org = "法人或其他组织"
    xs = [0.0, 50.0, 100.0, 150.0, 200.0, 250.0]
    before = PageGrid([["自然人", org, org, org, "总计"]], xs, True, True)
    after = PageGrid([["自然人", "法律服务机构", "其他", "商业企业", "总计"]], xs, True, True)
    assert stitch(before, after) is None and after.cells[0][1] == "法律服务机构"
    same = PageGrid([["自然人", "法人或其他", "法人或其他", "法人或其他", "总计"]], xs, True, True)
    rest = PageGrid([["", "组织", "组织", "组织", ""]], xs, True, True)
    assert stitch(same, rest) and same.cells[0][1] == "法人或其他组织"  # one text's rest under each copy: joined


def test_a_header_repeated_at_the_next_page_s_top_is_passed_over() -> None:
    head = [["", "自然人", "总计"], ["", "", ""]]
    before = grid([*head[:1], ["规章", "0", "0"], ["3.危及“三", "0", "0"]])
    after = grid([head[0], ["安全一稳定”", "", ""], ["4.保护", "1", "1"]])
    assert stitch(before, after) and before.cells[-1] == ["3.危及“三安全一稳定”", "0", "0"]
    assert after.cells == [head[0], ["4.保护", "1", "1"]]


def test_a_header_repeated_with_an_empty_row_under_it_is_passed_over() -> None:
    """Word's PDF of the county page with its header rows in <thead> and an empty row under them: 26 of 「（七）总计」
    broke as 2 at the foot of page 10 and 6 at the head of page 11, under the repeated header and its empty row. The
    empty row stopped the repeated header there, the rows stood apart, and 2 was read as 总计's 自然人."""
    head = [["", "自然人", "总计"], ["", "", ""]]
    before = grid([*head, ["（七）总计", "2", "2"]])
    after = grid([*head, ["", "6", "6"], ["四、结转下年度继续办理", "0", "0"]])
    assert "wrapped" in (stitch(before, after) or "") and before.cells[-1] == ["（七）总计", "26", "26"]
    assert after.cells == [*head, ["四、结转下年度继续办理", "0", "0"]]
    before, after = grid([["", "", ""], ["（七）总计", "2", "2"]]), grid([["", "", ""], ["", "6", "6"]])
    assert _repeated_header(before.cells, after.cells) == 0  # empty rows alone are no header


def test_tables_with_text_between_them_are_left_apart() -> None:
    before, after = grid([["3.危及“三", "0", "0"]]), grid([["安全一稳定”", "", ""]])
    before.alone_bottom = False  # a paragraph below the table on its page
    assert stitch(before, after) is None


def _scan(pdf: bytes, wanted: tuple[str, ...]) -> Report:
    """The pages of a Word-printed PDF that print any of the wanted words, as one scanned PDF (144 dpi, OCR)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    texts = ["".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    pages = [i for i, text in enumerate(texts) if any(w in text for w in wanted)]
    images = [document[i].render(scale=2.0).to_pil().convert("L") for i in pages]
    scan = io.BytesIO()
    images[0].save(scan, format="PDF", resolution=144, save_all=True, append_images=images[1:])
    return parse_document(extract(scan.getvalue(), "application/pdf", "scan.pdf")[1])


def test_scanned_tables_where_ocr_runs_words_or_numbers_together(pdfs: dict[str, bytes]) -> None:
    """OCR reads a header's three column names as one box (「本年制发件数本年废止件数现行有效件数」: 规章 and 行政规范性
    文件 were withheld, 3 values for 1 column) and a label with the number beside it as one box (「5.属于三类内部事务信1」,
    「1.本机关不掌握相关政37」: the row was one number short, 49 of table 三's cells lost). Both are read; none wrong."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    t2 = _scan(pdfs["202503_97791"], ("第二十条第（一）项",))
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in t2.facts}
    want = truth["pingtan/202503_97791"]["facts"]
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert {"t2/regulations/in_force", "t2/normative_documents/issued", "t2/normative_documents/repealed"} <= set(got)
    assert got["t2/fees/amount"] == [18651.06, "number"]  # 「行政事业性收」 at the page's foot, 「费」 on the next
    t3 = _scan(
        pdfs[REPEATED],
        ("年度政府信息公开工作年度报告", "本年新收政府信息公开申请数量", "属于四类过程性信息", "结转下年度继续办理"),
    )
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in t3.facts if f.table == "t3"}
    want = truth[f"pingtan/{REPEATED}"]["facts"]
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    rows = {k.split("/")[1] for k in got}
    assert {"denied_internal_affairs", "unable_not_held", "unable_unclear", "other_no_correction", "carried_forward"} <= rows
    assert "partially_granted" in rows  # its label on the line above, its note 「(区分处理的，只计这一情形，」 beside the numbers
    assert "denied_three_safeties" in rows  # 「止公开3.危及」「“三」: the group's name ran in front of the row's number
    assert len(got) >= 133  # of 154: a label OCR read apart from its numbers (「1.属于国家」 above 「不秘密)」) stays unread
    t4 = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in t3.facts if f.table == "t4"}
    assert len(t4) == 15 and all(want[k] == v for k, v in t4.items())  # its header joined, 「结果维」 cut short


def test_scanned_header_wrapped_over_three_lines(pdfs: dict[str, bytes]) -> None:
    """The 2019 template's t2 header as Word wraps it (「本年新 / 制作数量」, 「本年新 / 公开数量」, 对外公开总数量 on the
    middle line), scanned: OCR gives three lines of words; joined by column they name the three columns, and 规章 and
    规范性文件 are read (they were withheld: 3 values under the one column the middle line named)."""
    report = _scan(pdfs[SIGNED], ("年度政府信息公开工作年度报告", "第二十条第（一）项"))
    want = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][f"pingtan/{SIGNED}"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts if f.table == "t2"}
    assert {k: v for k, v in got.items() if want["facts"].get(k) != v} == {}
    assert {
        f"t2/{r}/{c}" for r in ("regulations", "normative_documents") for c in ("new_made", "new_published", "total_published")
    } <= set(got)


def test_an_ocr_row_that_does_not_add_up_is_withheld() -> None:
    """The report on 2020 printed by Word, scanned at 100 dpi: OCR read table 三's 予以公开 row as 6 0 0 0 0 1 | 1, its
    total 7 read as 1 with full confidence. Published, the row's total was wrong (flagged by a failing check only).
    An OCR row whose total is not the sum of its cells is withheld; the rows that add up stand."""
    from harvester.parse.model import Block, Document, Row

    lines = [  # the rows OCR gave (page 10 of the scan), as extract/ocr.py lays them out
        ["平潭综合实验区2020年度政府信息公开工作年度报告"],
        ["三、收到和处理政府信息公开申请情况"],
        ["申请人情况"],
        ["(本列数据的勾稽关系为：", "法人或其他组织"],
        ["第三项加第四项之和)", "自然人", "科研", "社会", "法律服", "总计"],
        ["一、本年新收政府信息公开申请数量", "20", "0", "0", "0", "0", "1", "21"],
        ["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"],
        ["三", "(一)予以公开", "6", "0", "0", "0", "0", "1", "1"],
        ["（二）部分公开(区分处理的，只计这一情形，不计其他情形)", "6", "0", "0", "0", "0", "0", "6"],
    ]
    rows = [Row(cells, f"page 10 ocr row {n} y={40 * n}", confidence=0.99) for n, cells in enumerate(lines, start=1)]
    text = "\n".join("\t".join(r.cells) for r in rows)
    doc = Document([Block("text", text=text), Block("table", rows=rows)], extractor="pdf", path="pdf-ocr")
    report = parse_document(doc)
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3"}
    assert got[("new_received", "total")] == 21 and got[("partially_granted", "natural_person")] == 6
    assert not [k for k in got if k[0] == "granted"]
    assert any("granted read by OCR does not add up (1 = 6 + 0 + 0 + 0 + 0 + 1)" in w for w in report.warnings)


def test_a_table_cut_in_two_at_the_page_s_edge_reads_its_second_part_as_laid_out() -> None:
    """The Word-exported PDF of the county page, its table 三 cut in two (「（续表）」) and its merged cells left blank:
    总计 stands at the page's right edge, outside the grid, so the header names six columns. The second part, a grid
    as wide as the first, prints its values from the columns where the first part's rows print their labels; read
    under the header, 总计's 0 and 26 stood as 法律服务机构 and 其他 where the page prints blanks. A number in a column
    where a row read under the header printed its label stands off the header: the row reads its seven values."""
    from harvester.parse.model import Block, Document, Row

    part_one = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申 请 人 情 况", *[""] * 6],
        ["", "", "", "自 然 人", "法 人 或 其 他 组 织", *[""] * 5],
        ["", "", "", "", "商 业 企 业", "科 研 机 构", "社 会 公 益 组 织", "法律 服务 机构", "其 他", ""],
        ["一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 6],
        ["三、本年度办理结果", "（一）予以公开", "", "26", *[""] * 6],
        ["", "（三）不予公开", "1.属于国家秘密", "0", *[""] * 6],
        ["", "", "7.属于行政执法案卷", "0", *[""] * 6],
    ]
    part_two = [
        ["8.属于行政查询事项", "0", "", "", "", "", "", "0", "", ""],
        ["（四）无法提供", "1.本机关不掌握相关政府信息", "0", "", "", "", "", "", "0", ""],
        ["（七）总计", "", "26", "", "", "", "", "", "26", ""],
    ]
    tables = [
        [Row(cells, f"page {page} table 1 row {n}", in_table=True) for n, cells in enumerate(rows, start=1)]
        for page, rows in ((6, part_one), (11, part_two))
    ]
    heading = Block("text", text="三、收到和处理政府信息公开申请情况")
    doc = Document([heading, Block("table", rows=tables[0]), Block("text", "（续表）"), Block("table", rows=tables[1])])
    doc.extractor, doc.path, doc.ordered = "pdf", "pdf-text", True
    got = {(f.row, f.col): f.value for f in parse_document(doc).facts if f.table == "t3" and f.value is not None}
    assert got[("new_received", "natural_person")] == 26 and got[("denied_state_secret", "natural_person")] == 0
    for key in ("denied_admin_query", "unable_not_held", "total_processed"):
        assert not [col for (row, col) in got if row == key and col not in ("natural_person", "total")]
    assert got[("denied_admin_query", "total")] == 0 and got[("total_processed", "total")] == 26
    assert got[("unable_not_held", "natural_person")] == 0 and got[("total_processed", "natural_person")] == 26


def test_a_row_cut_with_its_label_s_and_numbers_rest_on_the_next_page_is_withheld() -> None:
    """The Word-exported PDF of the county page (labels spaced out, the header's rowspans stripped): 「一、本年新收政府
    信息公开申请数 | 2 | … | 2」 ends page 5, 「量 | 6 | … | 6」 opens page 6 in a grid of another width. Read apart,
    26 was published as 2 (flagged only by a failing balance). A row whose label is the rest of the label above it
    carries the rest of its numbers too: the row above is withdrawn, this one not read, the rows after it stand."""
    from harvester.parse.model import Block, Document, Row
    from harvester.parse.rows import SPAN

    head = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申 请 人 情 况", *[SPAN] * 6],
        ["", "自 然 人", "法人或其他组织", SPAN, SPAN, SPAN, SPAN, "总 计"],
        ["", "商 业 企 业", "科 研 机 构", "社 会 公 益 组 织", "法 律 服 务 机 构", "其 他", "", SPAN],
        ["一、本年新收政府信息公开申请数", "2", "", "", "", "", "", "2"],
    ]
    rest = [
        ["量", SPAN, SPAN, "6", "", "", "", "", "", "6"],
        ["二、上年结转政府信息公开申请数量", SPAN, SPAN, "0", "", "", "", "", "", "0"],
    ]
    blocks = [Block("text", text="三、收到和处理政府信息公开申请情况")]
    for page, rows in ((5, head), (6, rest)):
        blocks.append(Block("table", rows=[Row(c, f"page {page} table 1 row {n}", True) for n, c in enumerate(rows, 1)]))
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}
    assert not [k for k in got if k[0] == "new_received"]
    assert got[("carried_over", "natural_person")] == 0 and got[("carried_over", "total")] == 0
    assert any("new_received" in w and "rest of its label (量)" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("label", "rest", "key", "cut"),
    [
        ("一、本年新收政府信息公开申请数", "量", "new_received", True),
        ("3.危及“三", "安全一稳定”", "denied_three_safeties", True),
        ("3 . 危 及 “ 三", "安 全", "denied_three_safeties", True),  # spaced out, the rest cut again
        ("（二）部分公开", "（区分处理的，只计这一情形，不计其他情形）", "partially_granted", False),  # whole already
        ("一、本年新收政府信息公开申请数量", "二", "new_received", False),  # a whole label: what follows is no rest
        ("一、本年新收政府信息公开申请数", "目", "new_received", False),  # the name goes on otherwise
        ("（四）无法提供", "1.本机关不掌握相关政府信息", "unable_not_held", False),  # an outer label, then the row's own
    ],
)
def test_the_rest_of_a_cut_label_reads_further_into_its_row_s_name(label: str, rest: str, key: str, cut: bool) -> None:
    from harvester.parse.spec import T3_ROWS
    from harvester.parse.t3pending import completes

    assert completes(label, rest, T3_ROWS[key]) is cut


def test_t4_group_names_broken_over_header_rows_are_read_down_their_columns() -> None:
    """Word's PDF of a real page (Pingtan 2022) with labels spaced, a stray empty cell before each header row and t4's
    litigation groups swapped: a page break cut the header's second row, 「复 | … | 未经」 at the foot of page 6 and
    「议 后 起 诉 | … | 复议 直接 起诉」 at the head of page 7, left apart. No cell named a group, and the row of fifteen
    was read in the template's order: 未经复议直接起诉's 1 published as 复议后起诉's. Read down its column, the header
    names 复议后起诉 first; the row, a column off it, is withheld."""
    from harvester.parse.model import Block, Document, Row

    results = ["结 果 维 持", "结 果 纠 正", "其 他 结 果", "尚 未 审 结", "总 计"]
    page6 = [
        ["", *["行 政 复 议"] * 5, *["行 政 诉 讼"] * 10],
        ["", "结", "结", "其", "尚", "总", *["复"] * 5, *["未经"] * 5],
    ]
    page7 = [
        ["", "果 维 持", "果 纠 正", "他 结 果", "未 审 结", "计", *["议 后 起 诉"] * 5, *["复议 直接 起诉"] * 5],
        ["", *results * 3],
        ["0", "1", "1", "0", "2", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1", ""],
    ]
    blocks = [Block("text", text="四、政府信息公开行政复议、行政诉讼情况")]
    for page, rows in ((6, page6), (7, page7)):
        blocks.append(Block("table", rows=[Row(c, f"page {page} table 1 row {n}", True) for n, c in enumerate(rows, 1)]))
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t4"]
    assert any("orders its columns unlike the template" in w for w in report.warnings)
    page7[-1] = page7[-1][-1:] + page7[-1][:-1]  # the row under its header: read by the header's columns
    blocks[-1] = Block("table", rows=[Row(c, f"page 7 table 1 row {n}", True) for n, c in enumerate(page7, 1)])
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t4"}
    assert got[("litigation_direct", "upheld")] == 1 and got[("litigation_after_review", "upheld")] == 0
    assert got[("review", "total")] == 2 and len(got) == 15


def test_seven_cells_after_a_label_that_begin_with_an_empty_slot_are_withheld() -> None:
    """Word's PDF of a real page (Pingtan 2024) with zeros printed as —, merged cells left blank and the header
    printed above the grid as text: the grid came out half the page wide, a value column too narrow to draw was lost
    (its — with it), and 「一、本年新收… | | | 217 | 1 | — | | | 218」 was read as its last seven cells: 自然人 blank,
    217 as 商业企业, and the row total still held (the blank counted as 0). An empty first slot may be a label's slot
    left blank: where the values begin is not known, and the row is withheld."""
    from harvester.parse.model import Block, Document, Row

    header = "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计"
    rows = [
        ["一、本年新收政府信息公开申请数量", "", "", "217", "1", "—", "", "", "218"],
        ["三、本年度办理结果", "（一）予以公开", "", "71", "", "", "", "", "71"],
        ["", "（二）部分公开", "", "29", "", "", "", "", "29"],
    ]
    table = Block("table", rows=[Row(c, f"page 4 table 2 row {n}", True) for n, c in enumerate(rows, 1)])
    report = parse_document(Document([Block("text", text=header), table], extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t3" and f.value is not None]
    assert any("no column header locates the values at page 4 table 2 row 1" in w for w in report.warnings)


COLUMNS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total"]
NOTE_CELL = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORG_NAMES = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]

# Word's PDF of Pingtan 2022 with merged cells left blank and a stray empty cell before each header row: the header a
# column right of its rows, 自然人 lost in a joined cell (「申请人 情况自然人」), so the header names six columns
T3_HEAD_OFF = [
    [
        "",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人 情况自然人",
        "法人或其他组织",
        "",
        "",
        "",
        "",
        "总计",
    ],
    ["", "", "", "", "", "商业 企业", "科研 机构", "社会 公益 组织", "法律服务 机构", "其他", ""],
]


def _t3_pages(*pages: list[list[str]], past_edge: bool = False) -> Report:
    from harvester.parse.model import Block, Document, Row

    blocks = [Block("text", text="平潭综合实验区2022年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况")]
    for n, rows in enumerate(pages, start=4):
        grid = [Row(c, f"page {n} table 1 row {r}", True, past_edge=past_edge) for r, c in enumerate(rows, 1)]
        blocks.append(Block("table", rows=grid))
    return parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))


def test_more_numbers_outside_the_header_s_columns_than_it_leaves_unnamed_stand_off() -> None:
    """With t3's legal columns reordered too (its order unlike the template's, so no column can be said to stand
    further left than 自然人 could), 「一、本年新收… | | | 71 | 0 | 0 | 0 | 3 | 0 | 74 |」 was read under the header: 74 as
    科研机构, 3 as 社会公益组织, 19 values wrong. Two numbers where the header names no column, and one column unnamed:
    the header stands off its rows, which are withheld. Since 「申请人 情况自然人」 names 自然人, the header names all
    seven: the row, standing off it, is read as its seven values after its label in the header's order, right."""
    head = [T3_HEAD_OFF[0], ["", "", "", "", "", "法律服务 机构", "其他", "社会 公益 组织", "商业 企业", "科研 机构", ""]]
    report = _t3_pages(head, [["一、本年新收政府信息公开申请数量", "", "", "71", "0", "0", "0", "3", "0", "74", ""]])
    got = {f.col: f.value for f in report.facts if f.table == "t3" and f.value is not None}
    assert got == {"natural_person": 71, "business": 3, **dict.fromkeys(COLUMNS[2:6], 0), "total": 74}


def test_a_row_that_stands_off_withdraws_the_rows_read_above_it_on_its_page() -> None:
    """Zeros printed as — (drawn too wide for their cells, read blank) with the same header: page 7 opens with
    「3.其他 | | 2 | | | | | 2 |」, one number outside the header's columns, read under it (2, the total, as 其他
    organisations); its next row 「（七）总计 | | 72 | 3 | … | 75」 shows the header off. The row above it on that page was
    withdrawn with it; blank under the header's 总计, it is now withheld on its own (a row no 总计 checks that may stand
    a column left of the header). The 总计 row is read by its own seven cells after its label."""
    rows = [["", "", "3.其他", "", "2", "", "", "", "", "2", ""], ["", "（七）总计", "", "72", "3", "", "", "", "", "75", ""]]
    rows[0][2] = "8.属于行政查询事项"  # (a row named without the rows above it: 3.其他 is 其他处理's by its place)
    report = _t3_pages(T3_HEAD_OFF, rows)
    assert not [f for f in report.facts if f.row == "denied_admin_query" and f.value is not None]
    assert any(w.startswith("t3: row at page 5 table 1 row 1 may stand a column left") for w in report.warnings)
    got = {f.col: f.value for f in report.facts if f.row == "total_processed" and f.value is not None}
    assert got == {"natural_person": 72, "business": 3, "total": 75}


def test_a_number_left_of_a_header_drawn_to_the_page_s_edge_stands_it_off() -> None:
    """Word's PDF of the county page with merged cells left blank, a stray empty cell before each header row and the
    legal columns reordered: the header a column right of its rows, its 总计 past the page's right edge (nothing of
    it printed), so it names six columns and leaves one unnamed; each row prints 26 under a header cell left blank and
    26 (its 总计) under 科研机构. One number outside, one column unnamed: read under the header, 26 as 科研机构 in 25
    rows. A header drawn to the page's edge may have the columns it does not name past it: a number left of its
    columns stands it off. Numbers in its columns, or right of them under its cut last cell, are read as before. A table
    squeezed to the page, not drawn to its edge, whose last header cell names no column (「科 机」): the same."""
    orgs = ["法律服务 机构", "其他", "社会 公益 组织", "商业 企业", "科研 机构"]
    head = [["", NOTE_CELL, "", "", "申请人情况", *[""] * 5], ["", "", "", "", "自然人", "法人或其他组织", *[""] * 4]]
    head.append(["", "", "", "", "", *orgs])
    shifted = [["一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", "26"]]
    report = _t3_pages(head, shifted, past_edge=True)
    assert not [f for f in report.facts if f.table == "t3" and f.value is not None]
    lined_up = [["一、本年新收政府信息公开申请数量", "", "", "", "26", "0", "0", "0", "0", "0"]]
    got = {f.col: f.value for f in _t3_pages(head, lined_up, past_edge=True).facts if f.value is not None}
    assert got == {"natural_person": 26, "legal_services": 0, "other_org": 0, "nonprofit": 0, "business": 0, "research": 0}
    cut_head = [*head[:2], ["", "", "", "", "", *orgs[:4], "科"]]  # its last cell's words cut at the edge: no name
    got = {f.col: f.value for f in _t3_pages(cut_head, lined_up, past_edge=True).facts if f.value is not None}
    assert got == {"natural_person": 26, "legal_services": 0, "other_org": 0, "nonprofit": 0, "business": 0}
    # a table squeezed to the page (not to its edge), 「科 机」 naming no column: 20 left of the header stands it off
    left = [["一、本年新收政府信息公开申请数量", "", "", "20", "0", "1", "0", "0", "0", CUT_CELL]]
    squeezed = [*head[:2], ["", "", "", "", "", *orgs[:4], "科 机"]]
    assert not [f for f in _t3_pages(squeezed, left).facts if f.table == "t3" and f.value is not None]
    got = {f.col: f.value for f in _t3_pages(squeezed, lined_up).facts if f.value is not None}
    assert got == {"natural_person": 26, "legal_services": 0, "other_org": 0, "nonprofit": 0, "business": 0}


def test_a_row_whose_labels_end_a_column_before_the_header_s_corner_may_stand_left_of_it() -> None:
    """A header drawn to the page's edge with a stray cell before its rows, the 勾稽关系 note's cells over the labels'
    three columns and one more, 自然人 and the five organisations named, 总计 past the edge: a row whose label cells end
    a column before the note's, blank there, reads under the header or a column left of it with its last value as 总计.
    Where that reading holds too (20 = 20) nothing says which: withheld. Where the parts fail such a 总计 (20 against
    5), the row lines up with the header and is read."""
    head = [
        ["", NOTE_CELL, NOTE_CELL, NOTE_CELL, "申请人情况", *[""] * 5],
        ["", NOTE_CELL, NOTE_CELL, NOTE_CELL, "自然人", *ORG_NAMES],
    ]
    label = ["一、本年新收政府信息公开申请数量"] * 3
    both = _t3_pages(head, [[*label, "", "20", "0", "0", "0", "0", "20"]], past_edge=True)
    assert not [f for f in both.facts if f.table == "t3" and f.value is not None]
    assert any("may stand a column left of its header" in w for w in both.warnings)
    one = _t3_pages(head, [[*label, "", "20", "0", "0", "0", "0", "5"]], past_edge=True)
    got = {f.col: f.value for f in one.facts if f.table == "t3" and f.value is not None}
    assert got == {"natural_person": 20, **dict.fromkeys(COLUMNS[1:5], 0), "other_org": 5}


def test_a_row_that_stands_off_withdraws_only_the_rows_of_its_own_grid() -> None:
    """A table cut in two through Word's PDF (Pingtan 2020): its first part lines up with the header, its second is a
    grid of its own whose rows may not. A row of the second grid that shows the header off withdraws the rows read
    under it in that grid only: the first part's rows are judged by their own (withdrawing them too lost 70 correct
    values of that page)."""
    head = [[NOTE_CELL, "", "", "申请人情况", *[""] * 6], ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]]
    head.append(["", "", "", "", *ORG_NAMES, ""])
    first = [["一、本年新收政府信息公开申请数量", "", "", "20", "0", "0", "0", "0", "1", "21"]]
    second = [
        ["二、上年结转政府信息公开申请数量", "", "", "1", "0", "0", "0", "0", "0", "1"],
        ["三、本年度办理结果", "（一）予以公开", "10", "0", "0", "0", "0", "0", "10", ""],  # a number among the labels
    ]
    report = _t3_pages([*head, *first], second)
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}
    assert got[("new_received", "natural_person")] == 20 and got[("new_received", "total")] == 21
    assert not [k for k in got if k[0] == "carried_over"] and got[("granted", "total")] == 10  # by its own cells
    assert any("withdrawn (carried_over)" in w for w in report.warnings)


def test_a_row_placed_by_the_template_s_order_keeps_the_header_s_column_order() -> None:
    """Word's PDF of Pingtan 2022 with 件 after the numbers, label spans stripped and the header printed above the grid
    as text with the legal columns reordered: the first row's label came out in three cut cells (「一、本 年新收」 …),
    unreadable, and the row was placed by the template's order between the rows around it: 3 (商业企业, by the
    header printed as text) was published as 法律服务机构. A row placed so takes its columns as a row without a header
    of its own does: where a header printed as text orders them unlike the template, it is withheld."""
    from harvester.parse.model import Block, Document, Row

    header = "三、收到和处理政府信息公开申请情况 申请人情况 自然人 法人或其他组织 总计 法律服务机构 其他 社会公益组织 商业企业 科研机构"
    for first, kept in ((["71", "0", "0", "0", "3", "0", "74"], False), (["0"] * 7, True)):
        rows = [["一、本 年新收", "一、 本年", "一、本年新 收政府信息", *first]]
        rows.append(["二、上年结转政府信息公开申请数量", "", "", "1", "0", "0", "0", "0", "0", "1"])
        table = Block("table", rows=[Row(c, f"page 4 table 2 row {n}", True) for n, c in enumerate(rows, 1)])
        report = parse_document(Document([Block("text", text=header), table], extractor="pdf", ordered=True))
        got = {f.col: f.value for f in report.facts if f.row == "new_received" and f.value is not None}
        assert got == ({c: 0 for c in COLUMNS} if kept else {})
        assert (
            any("new_received at page 4 table 2 row 1 has no header locating its columns" in w for w in report.warnings) != kept
        )
