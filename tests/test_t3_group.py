"""Table 三's header checked as a whole: columns its positions put outside 法人或其他组织 are not placed by them."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from harvester.demo.data import DemoReport
from harvester.demo.formats import page_html
from harvester.demo.render import t3_html
from harvester.parse.rows import SPAN
from harvester.parse.spec import T3_COLUMN_LABELS, T3_COLUMNS
from harvester.parse.t3group import group_contradicted, reading_order

from .test_parser_fixtures import R2019, R2021, assert_truth, parse_bytes

CLASH = "outside its 法人或其他组织 cell"


def _without_header_colspans(table: str) -> str:
    """The t3 table with the colspans of its header rows (those before the first number) taken out."""
    head, rows = table.split('<tr><td colspan="3">一、', 1)
    return re.sub(r' colspan="\d+"', "", head) + '<tr><td colspan="3">一、' + rows


def _natural_and_total_swapped(table: str) -> str:
    """自然人 and 总计 trade places, header and numbers together (a portal that prints 总计 first)."""
    tree = lxml_html.fragment_fromstring(table)
    for tr in tree.xpath(".//tr"):
        cells = tr.xpath("./td")
        texts = [td.text_content() for td in cells]
        if "自然人" in texts and "总计" in texts:
            first, last = cells[texts.index("自然人")], cells[texts.index("总计")]
        elif any(t.isdigit() for t in texts):
            first, last = next(td for td in cells if td.text_content().isdigit()), cells[-1]
        else:
            continue
        first.text, last.text = last.text_content(), first.text_content()
    return lxml_html.tostring(tree, encoding="unicode")


def _page(demo: DemoReport, table: str) -> bytes:
    body = page_html(demo).replace(t3_html(demo), table)
    assert body != page_html(demo)
    return body.encode()


@pytest.mark.parametrize("demo", [R2019, R2021], ids=["2019", "2021"])
def test_header_without_colspans_is_read_in_the_order_its_rows_print(demo: DemoReport) -> None:
    """Without colspans 法人或其他组织 covers one column and 总计 (two rows high) stands between 商业企业 and
    科研机构: read there, 总计's counts went to 科研机构. Each row's seven values are read in the order the header's
    rows print the columns, and every value is right."""
    report = parse_bytes(_page(demo, _without_header_colspans(t3_html(demo))), "text/html; charset=utf-8")
    assert any(CLASH in w for w in report.warnings)
    assert_truth(report, demo)


@pytest.mark.parametrize("demo", [R2019, R2021], ids=["2019", "2021"])
def test_header_without_colspans_in_another_order_keeps_that_order(demo: DemoReport) -> None:
    """总计 printed first and 自然人 last, the header without its colspans: the order comes from the header's rows,
    not from the template (which would put 总计's count under 自然人)."""
    table = _without_header_colspans(_natural_and_total_swapped(t3_html(demo)))
    assert table.index("总计") < table.index("自然人")
    report = parse_bytes(_page(demo, table), "text/html; charset=utf-8")
    assert any(CLASH in w for w in report.warnings)
    assert_truth(report, demo)


def test_header_without_colspans_naming_too_little_withholds_its_rows() -> None:
    """A header without colspans whose lower row names four of the five organisations (one in words no template
    uses): no order of all seven, so table 三 is withheld, not read by the template's."""
    table = _without_header_colspans(t3_html(R2021)).replace("<td>科研机构</td>", "<td>研究院所</td>")
    report = parse_bytes(_page(R2021, table), "text/html; charset=utf-8")
    assert not [f for f in report.facts if f.table == "t3"]
    assert any(CLASH in w and "withheld" in w for w in report.warnings)
    assert_truth(report, R2021, complete=False)


NAMES = [T3_COLUMN_LABELS[key][0] for key in T3_COLUMNS]  # 自然人, 商业企业 … 总计
KEYS = dict(enumerate(T3_COLUMNS))


def test_the_group_cell_is_checked_whether_its_slots_are_copied_blank_or_spanned() -> None:
    """法人或其他组织 copied into each slot it spans, printed once with its slots blank (a page that blanks merged
    copies) or followed by SPAN (a PDF grid): no clash. Printed over one slot with 总计 beside it: a clash."""
    columns = {i + 1: key for i, key in KEYS.items()}
    for top in (
        ["勾稽", "自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        ["勾稽", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["勾稽", "自然人", "法人或其他组织", SPAN, SPAN, SPAN, SPAN, "总计"],
    ):
        assert not group_contradicted(columns, [top, ["勾稽", "", *NAMES[1:6], ""]]), top
    stripped = [["勾稽", "自然人", "法人或其他组织", "总计"], ["勾稽", "自然人", "商业企业", "总计", *NAMES[2:6]]]
    placed = {1: "natural_person", 2: "business", 3: "total", 4: "research", 5: "nonprofit", 6: "legal_services", 7: "other_org"}
    assert group_contradicted(placed, stripped)
    assert reading_order(stripped) == tuple(KEYS.values())
    assert reading_order([stripped[0], ["勾稽", "商业企业", "科研机构"]]) is None  # the five are not all named


def test_organisations_apart_or_a_group_cell_cut_at_a_page_break_are_no_layout() -> None:
    """Word's PDF of Pingtan 2020 with the header's colspans stripped: 「法人或其他组」 ends page 9 (its 「织」 opens page
    10), so the group cell went unseen, and the organisations' row below put 总计 between 商业企业 and 科研机构; the rows
    were read in that order, 21 (总计) as 其他 in eleven cells. A cut group cell is the group cell, and 自然人 or 总计
    between two organisations is no layout at all: the header's positions are not used."""
    placed = {1: "natural_person", 2: "business", 3: "total", 4: "research", 5: "nonprofit", 6: "legal_services", 7: "other_org"}
    cut = [["勾稽", "自然人", "法人或其他组", "总计", "", "", "", ""], ["加第二项之和", "", "织", "", "", "", "", ""]]
    assert group_contradicted(placed, cut)
    assert reading_order([cut[0], ["", SPAN, *NAMES[1:6]]]) == tuple(KEYS.values())  # read in the order printed
    assert group_contradicted(placed, [])  # no group cell at all: the five stand apart
    for layout in (
        T3_COLUMNS,
        ("total", *T3_COLUMNS[1:-1], "natural_person"),
        (*T3_COLUMNS[:2], "legal_services", *T3_COLUMNS[2:4], *T3_COLUMNS[5:]),
    ):
        assert not group_contradicted({i + 1: key for i, key in enumerate(layout)}, []), layout
