"""The real pages with three or four quirks at once, as HTML (`benchmarks/perturb.py --triples` runs all 9,880 sets of
three; the 91,390 of four were run once, outside the script): the sets that gave wrong values, and the rules that
close them. A page laid out in a table whose label cells were rewritten
becomes one cell of text (the cells run together, as a flattened report); merged cells copied into each slot then
print a number three times over; two rows printed as one run their labels into each other's cells."""

from __future__ import annotations

import pytest

from benchmarks.perturb import sets_with_differences
from harvester.parse import Report, parse_document
from harvester.parse.model import Block, Document, Row
from harvester.parse.rows import MISSING
from harvester.parse.t3labels import names_another

SETS = [
    ("a stray empty cell before each header row", "t3 小计 column for the legal persons", "总计 columns dropped"),
    ("a 合计 row in t2", "report inside a layout table", "short header words"),
    ("merged cells left blank", "report inside a layout table", "short header words"),
    ("label spans stripped in the rows", "merged cells copied into each slot", "two rows in one, a line each"),
    ("label spans stripped in the rows", "merged cells left blank", "two rows in one, a line each"),
    ("report inside a layout table", "short header words", "t2 columns swapped"),
    ("report inside a layout table", "short header words", "t2 columns swapped", "t2 parts under the first part's header"),
    (
        "a stray empty cell before each header row",
        "empty column at the right",
        "t3 总计 first, 自然人 last",
        "总计 columns dropped",
    ),
    ("a stray empty cell before each row below", "t4 results reordered", "zero left blank", "总计 columns dropped"),
    ("report inside a layout table", "short header words", "t3 总计 first, 自然人 last", "总计 columns dropped"),
    (
        "a stray empty cell before each header row",
        "merged cells copied into each slot",
        "t3 总计 first, 自然人 last",
        "总计 columns dropped",
    ),
    ("a stray empty cell before each row below", "merged cells left blank", "zero printed as —", "总计 columns dropped"),
    ("a stray empty cell before each row below", "merged cells left blank", "zero printed as 无", "总计 columns dropped"),
    ("merged cells left blank", "row labels without outline numbers", "two rows in one, a line each", "unit 件 after numbers"),
    ("a stray empty cell before each row below", "merged cells left blank", "zero left blank", "总计 columns dropped"),
    (
        "a stray empty cell before each row below",
        "merged cells left blank",
        "two rows in one, a line each",
        "总计 columns dropped",
    ),
    (
        "a stray empty cell before each header row",
        "merged cells left blank",
        "t3 总计 first, 自然人 last",
        "总计 columns dropped",
    ),
    (
        "a stray empty cell before each header row",
        "merged cells left blank",
        "t3 legal columns reordered",
        "总计 columns dropped",
    ),
]


@pytest.mark.parametrize("names", SETS, ids=[" + ".join(t) for t in SETS])
def test_quirks_at_once_give_no_wrong_value(names: tuple[str, ...]) -> None:
    """Each set gave wrong values on some of the five real pages: 21 read as 1 (the 小计 of the legal persons as 总计, the
    header a column off its rows with 总计 dropped); 106901069010690 for 10690 (a merged cell copied into three slots,
    its copies run together in the flattened text); 0 for a blank (two rows in one, their labels run into each
    other's cells); 7 for 0 (「规章700」 under a header printed in another order); -15 for 35 (本年增/减 printed twice
    before 上一年项目数量); 26 (自然人) as 其他 (a stray cell before the header rows, 总计 dropped, an empty column at
    the right hiding that the rows run short); 1 (尚未审结) as 其他结果 (t4 a column right of its header, zeros blank,
    行政复议's 总计 dropped); 「0000022」 read as 0, 0, 0, 0, 0, 2, 2 (自然人 printed after the organisations, 总计 dropped:
    the header printed as text orders them otherwise); 26 (自然人) as 商业企业 or 其他 (a stray cell before the rows or
    the header, no 总计 to check either reading); 275 for 75 (「总计 | 其他 | 072件 | 23件 | … | 275件」: 3.其他's row and
    总计's run together, 3.其他 without its number; 「072件」, with a leading zero, was text already); 0 for 20 (自然人's 20 left
    of the header's first column, the organisations reordered, 总计 dropped)."""
    assert sets_with_differences([names]) == []


def flat_report(text: str) -> Report:
    return parse_document(Document([Block("text", text=text)], extractor="html", path="html"))


def t2(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t2" and f.value is not None}


HEAD = "二、主动公开政府信息情况 第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 规章 0 0 0 规范性文件 8 8 55"
COPIED = (
    "第二十条第（五）项信息内容本年处理决定数量本年处理决定数量本年处理决定数量行政许可106901069010690"
    "第二十条第（六）项信息内容本年处理决定数量本年处理决定数量本年处理决定数量行政处罚211321132113行政强制000"
)


def test_a_number_copied_into_a_merged_cell_s_slots_and_run_together_is_not_read() -> None:
    """Pingtan 2022 in a layout table, flattened, its merged cells copied into each slot: 「行政许可106901069010690」 under
    「本年处理决定数量」 printed three times was read as 106,901,069,010,690 decisions. Digits that repeat under a header
    whose words repeat, or as often as another one-column row's digits, are not read; one number is."""
    report = flat_report(f"2022年政府信息公开工作年度报告 {HEAD} {COPIED} 三、收到和处理政府信息公开申请情况")
    assert ("licensing", "decisions") not in t2(report) and ("punishment", "decisions") not in t2(report)
    assert any("copies of one number run together" in w for w in report.warnings)
    unheaded = COPIED.replace("本年处理决定数量本年处理决定数量本年处理决定数量", "本年处理决定数量")  # only the digits say it
    assert ("licensing", "decisions") not in t2(flat_report(f"2022年政府信息公开工作年度报告 {HEAD} {unheaded} 三、收到"))
    plain = (
        "第二十条第（五）项信息内容本年处理决定数量行政许可10690第二十条第（六）项信息内容本年处理决定数量行政处罚11行政强制22"
    )
    got = t2(flat_report(f"2022年政府信息公开工作年度报告 {HEAD} {plain} 三、收到和处理政府信息公开申请情况"))
    assert got[("licensing", "decisions")] == 10690 and got[("punishment", "decisions")] == 11


def test_digits_run_together_under_a_header_in_another_order_are_not_read() -> None:
    """Pingtan 2020 flattened, t2's header printed 「对外公开总数 本年新公开数量 本年新制作数量」: 「规章700」 was read in the
    template's order (7 as 本年新制作数量, 0 as 对外公开总数量): one token passed for cells all alike. The digits are
    cut first; only a run whose every reading is all alike (「000」) is read under a header in another order."""
    swapped = "第二十条第（一）项 信息内容 对外公开总数量 本年新公开数量 本年新制作数量 规章700 规范性文件 000"
    report = flat_report(f"2019年政府信息公开工作年度报告 二、主动公开政府信息情况 {swapped} 三、收到和处理政府信息公开申请情况")
    assert ("regulations", "new_made") not in t2(report) and ("regulations", "total_published") not in t2(report)
    assert t2(report)[("normative_documents", "new_made")] == 0


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
SIX = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "自然人"]  # 自然人 last, 总计 dropped


def grid_t3(*rows: list[str]) -> Report:
    cells = [Row(list(r), f"table 2 row {n}", in_table=True) for n, r in enumerate(rows, start=1)]
    return parse_document(Document([Block("text", text="三、收到和处理政府信息公开申请情况"), Block("table", rows=cells)]))


def t3_values(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}


def test_label_cells_naming_another_row_in_full_name_no_row() -> None:
    """The county page with two rows in one and the label spans stripped: 「三、本年度办理结果 （二）部分公开… | （一）予以公开
    0 | 26 | … | 0 | 26」 was read as 予以公开, the 0 of 部分公开's 总计 as its 其他 organisations (blank). Label cells that
    name in full a row besides the one read name no row; a row's levels (其他处理 over its three) are one row."""
    assert names_another(
        ["三、本年度办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形）", "（一）予以公开 0"], "granted"
    )
    assert not names_another(
        ["三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], "partially_granted"
    )
    assert not names_another(
        ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other_no_correction"
    )
    head = [
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]
    run_in = [
        "三、本年度办理结果 （二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "（一）予以公开 0",
        "26",
        "",
        "",
        "",
        "",
        "0",
        "26",
        "",
    ]
    report = grid_t3(*head, run_in)
    assert not [f for f in report.facts if f.table == "t3" and f.value is not None]


def test_a_subtotal_right_of_the_organisations_with_no_total_is_no_total() -> None:
    """Pingtan 2020 with a stray cell before its header rows, a 小计 after the organisations and 总计 dropped: each row's
    last seven cells (its 自然人, five organisations and 小计) were read as its seven values, 小计 as 总计 (1 for 21).
    Where the header names no 总计, a column it names otherwise right of its columns is a value column the template
    has not: the last seven cells are not the row's seven values."""
    head = [
        ["", "申请人情况", "", "", "自然人", "法人或其他组织", "", "", "", "", ""],
        ["", "", "", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "小计"],
    ]
    row = ["一、本年新收政府信息公开申请数量", "", "", "20", "0", "0", "0", "0", "1", "1"]
    report = grid_t3(*head, row)
    assert not [f for f in report.facts if f.table == "t3" and f.col == "total" and f.value is not None]


def test_a_row_short_of_its_header_by_blank_slots_left_of_its_values_is_withheld() -> None:
    """The county page with a stray cell before each header row, 总计 printed first and then dropped, an empty column at
    the right: the header 「 | (note) ×3 | 商业企业 … 其他 | 自然人 | 」 over rows 「一、本年新收… ×3 | | … | 26 | 」 one cell
    shorter; 26 (自然人) was read under 其他. A row that runs short of its header where the header names nothing, with
    as many blank slots just left of the header's first column, may stand that far left of it: withheld. The same
    row as wide as its header is read."""
    head = [["", NOTE, NOTE, NOTE, *SIX, ""]]
    short = ["一、本年新收政府信息公开申请数量"] * 3 + ["", "", "", "", "", "26", "", MISSING]  # padded as the grid does
    report = grid_t3(*head, short)
    assert not [f for f in report.facts if f.table == "t3" and f.value is not None]
    assert any("may stand a column left of its header" in w for w in report.warnings)
    report = grid_t3(*head, [*short[:3], "", *short[3:-1]])
    assert {f.col: f.value for f in report.facts if f.table == "t3" and f.value is not None} == {"natural_person": 26}


def test_natural_persons_printed_after_the_organisations_is_another_order() -> None:
    """A header printed as text that names 自然人 after the four organisations orders the columns unlike the template:
    flattened rows are read only where all their cells are alike. Before the organisations, or far after them in
    the prose, it says nothing."""
    from harvester.parse.headers import order_differs, t3_order

    assert t3_order("勾稽关系）企业科研机构公益组织法律机构其他自然人一、本年新收政府信息公开申请数量") == [
        "business", "research", "nonprofit", "legal_services", "natural_person"
    ]  # fmt: skip
    assert order_differs(t3_order("勾稽关系）企业科研机构公益组织法律机构其他自然人一、本年新收政府信息公开申请数量"))
    assert not order_differs(
        t3_order("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他一、本年新收")
    )
    assert not order_differs(t3_order("法人或其他组织商业企业科研机构社会公益组织法律服务机构其他总计" + "。" * 20 + "自然人"))


def test_a_row_that_may_stand_a_column_off_a_header_without_a_total_is_withheld() -> None:
    """The county page, 总计 dropped: with a stray cell before each header row (自然人 printed last), 「一、本年新收… ×3 |
    | … | 26 | 」 read 26 under 其他; with a stray cell before each row (「 | 一、本年新收… | | | 26 | …」), under 商业企业. No
    总计 checks either reading: a row blank where the two readings differ is withheld. A header beginning as its rows
    do, or a row that fills the slot, is read."""
    label = "一、本年新收政府信息公开申请数量"
    left = grid_t3(
        ["", NOTE, NOTE, NOTE, "申请人情况", *[""] * 5], ["", NOTE, NOTE, NOTE, *SIX], [label] * 3 + ["", *[""] * 4, "26", ""]
    )
    assert t3_values(left) == {} and any("may stand a column left of its header" in w for w in left.warnings)
    plain = grid_t3(
        [NOTE, NOTE, NOTE, "申请人情况", *[""] * 6], [NOTE, NOTE, NOTE, "自然人", *SIX[:5], ""], [label] * 3 + ["26", *[""] * 6]
    )
    assert t3_values(plain) == {("new_received", "natural_person"): 26}
    head = [[NOTE, "", "", "申请人情况", *[""] * 6], ["", "", "", "自然人", *SIX[:5], ""]]
    right = grid_t3(*head, ["", label, "", "", "26", *[""] * 5])
    assert t3_values(right) == {} and any("may stand a column right of its header" in w for w in right.warnings)
    assert t3_values(grid_t3(*head, [label, "", "", "26", *[""] * 6])) == {("new_received", "natural_person"): 26}


def test_a_number_left_of_a_header_without_a_total_over_a_blank_last_column_withholds_the_row() -> None:
    """Pingtan 2020 with a stray cell before each header row, merged cells left blank, the organisations reordered and
    总计 dropped: 「一、本年新收… | | | 20 | 0 | 1 | 0 | 0 | 0 | 」 under 「 | (note) | | | 自然人 | 法律服务机构 | 其他 | … |
    科研机构」 was read 0 for 自然人's 20, 1 under 法律服务机构 (其他's). Its first number stands left of the header's first
    column, blank under its last: a column left of it, or a 总计 printed first? No 总计 names it: withheld. The same
    row one cell to the right is read."""
    label = "一、本年新收政府信息公开申请数量"
    orgs = ["法律服务机构", "其他", "社会公益组织", "商业企业", "科研机构"]
    head = [["", NOTE, "", "", "申请人情况", *[""] * 5], ["", "", "", "", "自然人", "法人或其他组织", *[""] * 4]]
    head.append(["", "", "", "", "", *orgs])
    off = grid_t3(*head, [label, "", "", "20", "0", "1", "0", "0", "0", ""])
    assert t3_values(off) == {} and any("may stand a column left of its header" in w for w in off.warnings)
    lined = grid_t3(*head, [label, "", "", "", "20", "0", "1", "0", "0", "0"])
    assert t3_values(lined)[("new_received", "natural_person")] == 20
    assert t3_values(lined)[("new_received", "other_org")] == 1


def test_a_total_row_run_into_3_other_names_no_row() -> None:
    """The same two rows in one, their outline numbers stripped: 「总计 | 其他 | … | 275件」 was read as 总计 (275 for 75).
    「其他」 after a row named in full is 3.其他 without its number: two rows; under 其他处理 it is 3.其他 itself."""
    from harvester.parse.t3labels import rows_in_label_cells

    assert rows_in_label_cells(["总计", "其他"]) and rows_in_label_cells(["（七）总计", "3.其他"])
    assert not rows_in_label_cells(["其他处理", "其他"]) and not rows_in_label_cells(
        ["（三）不予公开", "其他法律行政法规禁止公开"]
    )
