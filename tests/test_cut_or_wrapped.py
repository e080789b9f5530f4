"""Rows whose cells go on below them (Word's PDFs of the real pages with four quirks at once): numbers wrapped onto
the next line, a row cut by a page break with its cells' rest on the next page, a header naming its groups where
the template has others, a count read from an amount's column. Each case below published a wrong value before its
rule; each is withheld with a warning now, and the same rows printed whole are read."""

from __future__ import annotations

from harvester.parse import Report, parse_document
from harvester.parse.model import Block, Document, Row
from harvester.parse.rows import SPAN
from harvester.parse.spec import T4_COLUMNS, T4_GROUPS
from harvester.parse.t4shift import head_denies

HEADING = "三、收到和处理政府信息公开申请情况"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
# Pingtan 2023 as text lines, its digits full-width: 31 wrapped in its cell, 「３」 over 「１」
WRAPPED = [
    HEADING,
    "一、本年新收政府信息公开申请数量 ８１ ０ ０ ０ ０ ０ ８１",
    "（四）无 1.本机关不掌握相关政府信息 ３ ０ ０ ０ ０ ０ ３",
    "法提供 １ １",
    "2.没有现成信息需要另行制作 ０ ０ ０ ０ ０ ０ ０",
]


def text_report(lines: list[str]) -> Report:
    return parse_document(Document([Block("text", text="\n".join(lines))], ordered=True))


def grid_report(heading: str, *pages: list[list[str]]) -> Report:
    """Each page's rows as a table grid of its own, as the PDF extractor hands them over."""
    blocks = [Block("text", text=heading)]
    for page, rows in enumerate(pages, start=3):
        cells = [Row(list(r), f"page {page} table 1 row {n}", in_table=True) for n, r in enumerate(rows, start=1)]
        blocks.append(Block("table", rows=cells))
    return parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))


def values(report: Report, table: str, row: str) -> dict[str, object]:
    return {f.col: f.value for f in report.facts if f.table == table and f.row == row and f.value is not None}


def test_numbers_on_the_line_below_a_row_withdraw_it() -> None:
    """「（四）无 1.本机关不掌握相关政府信息 ３ ０ ０ ０ ０ ０ ３」 over 「法提供 １ １」: 3 (自然人) and 3 (总计) passed the
    row total and were published for 31. Numbers on the line right below a row, under no row's label, fewer than a
    row's, are the rest of its cells: the row is withheld, from the flattened reading too."""
    report = text_report(WRAPPED)
    assert values(report, "t3", "unable_not_held") == {}
    assert any("unable_not_held at line 3 has numbers on the line below it" in w for w in report.warnings)
    assert values(report, "t3", "new_received")["natural_person"] == 81  # the rows around it are read
    assert values(report, "t3", "unable_needs_creation")["total"] == 0
    alone = text_report([*WRAPPED[:3], "１ １", *WRAPPED[4:]])  # the wrapped digits on a line of their own
    assert values(alone, "t3", "unable_not_held") == {}
    total = text_report([*WRAPPED[:3], "（七）总 ８ ８", "１ ０ ０ ０ ０", "计 ０ １"])  # another row's, wrapped: its own
    assert values(total, "t3", "unable_not_held")["total"] == 3 and values(total, "t3", "total_processed") == {}
    whole = text_report([*WRAPPED[:3], *WRAPPED[4:]])  # printed whole: read
    assert values(whole, "t3", "unable_not_held") == {"natural_person": 3, **dict.fromkeys(ORG_KEYS, 0), "total": 3}


ORG_KEYS = ("business", "research", "nonprofit", "legal_services", "other_org")
HEADER = [
    [NOTE, "", "", "申请人情况", *[""] * 6],
    ["", "", "", "自然人", "法人或其他组织", *[SPAN] * 4, "总计"],
    ["", "", "", SPAN, *ORGS, SPAN],
]


def test_a_row_whose_label_and_cells_go_on_over_a_page_break_is_withdrawn() -> None:
    """Pingtan 2024 with two rows in one and 件 after numbers: 「一、本年新收政府信息公开申请数 | 2170 | 10 | …」 ends a
    page (217 over 0, the next row's, run together) and 「量 二、上年结转政府信息公开申请数 量 | 件 | 件 …」 opens the
    next; 2170 was published. The rest of its label with text in its cells says the row went on: withdrawn."""
    above = ["一、本年新收政府信息公开申请数", "", "", "2170", "10", "00", "00件", "00件", "00", "2180"]
    below = ["量 二、上年结转政府信息公开申请数 量", SPAN, SPAN, "件", "件", "件", "", "", "件", "件"]
    report = grid_report(HEADING, [*HEADER, above], [below])
    assert values(report, "t3", "new_received") == {}
    assert any(
        "below new_received at page 3 table 1 row 4 prints the rest of its label and of its cells" in w for w in report.warnings
    )
    blank = ["量", SPAN, SPAN, *[""] * 7]  # the label alone went on: the numbers above are whole
    whole = ["一、本年新收政府信息公开申请数", "", "", "217", "1", "0", "0", "0", "0", "218"]
    assert values(grid_report(HEADING, [*HEADER, whole], [blank]), "t3", "new_received")["total"] == 218


def test_a_label_cell_s_rest_under_it_with_text_in_the_cells_withdraws_the_row_above() -> None:
    """Pingtan 2023 the same way: 「三、本年度办理结 | （一） 予以公 | | 2219 | 01件 | …」 over 「果 | 开 （二） 部分公开… |
    | 件 …」 on the next page (22 over 19): 2219 was published as 予以公开's 自然人. The rest of a label cell under it,
    with text in the cells, withdraws the row."""
    new = ["一、本年新收政府信息公开申请数量", "", "", "81", "0", "0", "0", "0", "0", "81"]
    above = ["三、本年度办理结", "（一） 予以公", "", "2219", "01件", "00", "00", "00件", "00", "2220"]
    below = ["果", "开 （二） 部分公开（区分处理的，只计这一情形，不计其他情形）", "", "件", "", "件", "件", "", "件", "件"]
    report = grid_report(HEADING, [*HEADER, new, above], [below])
    assert values(report, "t3", "granted") == {} and values(report, "t3", "new_received")["total"] == 81
    assert any(
        "below granted at page 3 table 1 row 5 prints the rest of its label and of its cells" in w for w in report.warnings
    )


T4_HEADING = "四、政府信息公开行政复议、行政诉讼情况"
RESULTS = ["结果 维持", "结果 纠正", "其他 结果", "尚未 审结", "总计"]


def t4_header(second: str, third: str) -> list[list[str]]:
    """Word's PDF of table 四 with merged cells left blank and two rows in one: each litigation group's name run
    into its first result's cell."""
    return [
        ["行政 复议", "", "", "", "", "行政诉讼", *[""] * 9],
        [*RESULTS, f"{second}结果维持", *RESULTS[1:], f"{third}结果 维持", *RESULTS[1:]],
    ]


def test_a_t4_header_naming_a_group_where_the_template_has_another_withholds_the_row() -> None:
    """Pingtan 2022 with the litigation groups swapped: the header names 复议后起诉 over columns 6–10 and 未经复议直接
    起诉 over 11–15, each run into its first result's cell, so it was not taken whole; the row on the next page was
    read by the template's order, the two groups' 1 and 0 swapped. A header at odds with the template's layout at
    every shift withholds the row; in the template's order it is read."""
    row = ["0件", "1件", "1件", "0件", "2件", "0件", "0件", "0件", "0件", "0件", "1件", "0件", "0件", "0件", "1件"]
    report = grid_report(T4_HEADING, t4_header("复议后起 诉", "未经 复议 直接 起诉"), [row])
    assert not [f for f in report.facts if f.table == "t4"]
    assert any("names a group or result over a column the template gives another" in w for w in report.warnings)
    read = grid_report(T4_HEADING, t4_header("未经 复议 直接 起诉", "复议后起 诉"), [row])
    assert values(read, "t4", "litigation_direct") == {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    assert values(read, "t4", "litigation_after_review")["upheld"] == 1


def test_a_t4_header_shifted_as_a_whole_or_a_label_stripped_of_its_span_agrees() -> None:
    """The header may stand a column or two off its rows (a stray cell before it), or a group's label stripped of its
    colspan stand after its group's first column: neither denies the template's layout."""
    results = {i: (None, T4_COLUMNS[i % 5]) for i in range(15)}
    groups = {i * 5: (g, T4_COLUMNS[0]) for i, g in enumerate(T4_GROUPS)}
    assert not head_denies(results | groups, 0)
    assert not head_denies({i + 1: v for i, v in (results | groups).items()}, 0)  # a stray cell before each header row
    assert not head_denies(results | {5: ("litigation_direct", "upheld"), 6: ("litigation_after_review", "corrected")}, 0)
    swapped = results | {5: ("litigation_after_review", "upheld"), 10: ("litigation_direct", "upheld")}
    assert head_denies(swapped, 0) and head_denies({i + 1: v for i, v in swapped.items()}, 0)
    assert not head_denies({}, 0)  # a header naming nothing says nothing


PROCUREMENT = ["二、主动公开政府信息情况", "第二十条第（九）项", "采购项目", "信息内容 采购总金额 采购总金额", "数量"]


def test_a_fraction_under_a_count_column_withholds_the_t2_row() -> None:
    """Pingtan 2020 with 采购项目数量 wrapped around its header line: 「政府集中采购 73802895.90 73802895.90」 read by the
    template's columns gave 73802895.9 as the number of projects (395, printed on a line of its own). A count holds
    no fraction: the row is withheld, however it was read; a count printed 395.00 is read."""
    report = text_report([*PROCUREMENT, "政府集中采购 73802895.90 73802895.90", HEADING])
    assert values(report, "t2", "procurement") == {}
    assert any("t2: procurement reads a value its column cannot hold (projects 73802895.90)" in w for w in report.warnings)
    for printed, count in (("395", 395), ("395.00", 395)):
        read = text_report([*PROCUREMENT, f"政府集中采购 {printed} 73802895.90", HEADING])
        assert values(read, "t2", "procurement") == {"projects": count, "amount": 73802895.9}


def test_a_number_below_zero_under_a_count_column_withholds_the_t2_row() -> None:
    """Pingtan 2020 flattened from a layout table, its t2 parts under the first part's header: 「行政事业性收费-15-1535」
    (本年增/减 -15 printed twice, then 上一年项目数量 35) gave -15 items the year before and -1535 as the change. A
    count is never below zero: the row is withheld, however it was read; only 本年增/减 goes below zero."""
    head = ["二、主动公开政府信息情况", "第二十条第（八）项信息内容上一年项目数量本年增/减"]
    report = text_report([*head, "行政事业性收费-15-1535第二十条第（九）项", HEADING])
    assert values(report, "t2", "fees") == {}
    assert any("t2: fees reads a value its column cannot hold (prev_items -15)" in w for w in report.warnings)
    read = text_report([*head, "行政事业性收费35", "-15第二十条第（九）项", HEADING])
    assert values(read, "t2", "fees") == {"prev_items": 35, "change": -15}


def test_a_minus_sign_wrapped_apart_from_its_number_withholds_the_flattened_t2_row() -> None:
    """Pingtan 2020 in a layout table as Word's PDF, its text one narrow column: 「…行政事业性收费35-」 over 「15政府集中
    采购…」, -15 (本年增/减) read as 15, the sign dropped with the line break. A dash apart from the number after it is a
    minus sign cut off or a zero printed as a dash: the flattened run is not read. Joined to its number, it is read."""
    head = ["二、主动公开政府信息情况", "第二十条第（八）项信息内容上一年项目数量本年增/减"]
    report = text_report([*head, "行政事业性收费35-", "15第二十条第（九）项", HEADING])
    assert values(report, "t2", "fees") == {}
    assert any("t2: fees's run" in w and "holds a dash apart from the number after it" in w for w in report.warnings)
    read = text_report([*head, "行政事业性收费35", "-15第二十条第（九）项", HEADING])
    assert values(read, "t2", "fees") == {"prev_items": 35, "change": -15}


def test_the_header_s_title_run_into_the_first_column_s_cell_names_that_column() -> None:
    """Word's PDF of Pingtan 2022 with the header's rowspans stripped (the organisations moved left under 自然人),
    merged cells blank and shorter words: 「申请人情况」 and 「自然人」 joined over a page break into one cell, so only
    the organisations were named, 商业企业 over 自然人's column: 71 read as 商业企业 in 14 cells. The title run into a
    column's cell names that column; the two rows then name column 4 two ways and the lower one is read shifted."""
    upper = [NOTE, "", "", "申请人 情况自然人", "法人 或其 他组 织", "", "", "", "", "合计"]
    lower = ["", "", "", "商业 企 业", "科研 机构", "公益 组织", "法律 机构", "其他", "", ""]
    row = ["一、本年新收政府信息公开申请数量", "", "", "71", "3", "/", "/", "/", "/", "74"]
    report = grid_report(HEADING, [upper], [lower, row])
    assert values(report, "t3", "new_received") == {"natural_person": 71, "business": 3, "total": 74}
    assert any("its labels are read shifted by +1" in w for w in report.warnings)
