"""Rows at a page break read as another row's (Word's PDFs of the real pages with four quirks at once, the fourth
sample): a row's label joined to the next row's, a row's label wrapped around its numbers taken for the label of the
row below it, and a table's rest on the next page read under a header its first part showed its rows standing off.
Each case below published a wrong value before its rule; the same rows printed plainly are still read."""

from __future__ import annotations

from harvester.extract.pdf_stitch import PageGrid, carries_on
from harvester.parse import Report, parse_document
from harvester.parse.model import Block, Document, Row
from harvester.parse.rows import SPAN
from harvester.parse.t3labels import two_rows

HEADING = "三、收到和处理政府信息公开申请情况"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
HEAD = [["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", "", "", *ORGS, ""]]
UNPAID = "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"


def report(*blocks: Block) -> Report:
    return parse_document(Document([Block("text", text=HEADING), *blocks], extractor="pdf", ordered=True, path="pdf-text"))


def grid(page: int, rows: list[list[str]], carried: bool = False) -> Block:
    """A page's table grid as the PDF extractor hands it over."""
    cells = [Row(list(r), f"page {page} table 1 row {n}", in_table=True) for n, r in enumerate(rows, start=1)]
    return Block("table", rows=cells, carried=carried)


def t3(got: Report, row: str) -> dict[str, object]:
    return {f.col: f.value for f in got.facts if f.table == "t3" and f.row == row and f.value is not None}


def test_a_row_s_label_run_into_the_next_row_s_names_no_row() -> None:
    """Pingtan 2024 without outline numbers, zeros blank: 「…要求缴纳费用、行政机关不再处理其政府信息公开申请」 (blank
    zeros) ends a page, 「其他 | 1 | 1 | … | 2」 (3.其他 of （六）其他处理) opens the next and is joined to it as its label's
    rest: 1, 1 and 2 were read as the unpaid-fee row's. A row under 其他处理 named in full, then 其他, is two rows."""
    assert two_rows(UNPAID + "其他") and two_rows(f"2.{UNPAID} 3.其他")
    assert not two_rows(UNPAID) and not two_rows(f"（六）其他处理 2.{UNPAID}")
    rows = [
        ["", "（六）其他处理", UNPAID + "其他", "1", "1", "", "", "", "", "2"],
        ["", "（七）总计", "", "218", "1", "", "", "", "", "219"],
    ]
    got = report(grid(5, [*HEAD, *rows]))
    assert t3(got, "other_unpaid_fee") == {} and t3(got, "other_misc") == {}
    assert t3(got, "total_processed") == {"natural_person": 218, "business": 1, "total": 219}
    plain = report(grid(5, [*HEAD, ["", "（六）其他处理", UNPAID, "1", "1", "", "", "", "", "2"]]))
    assert t3(plain, "other_unpaid_fee") == {"natural_person": 1, "business": 1, "total": 2}


PROCESS = ["", "", "6.属于四类过程性信息", "1", "0", "0", "0", "0", "0", "1"]
QUERY = ["2", "0", "0", "0", "0", "0", "2", ""]  # 8.属于行政查询事项's numbers, its label cell lost with the rules
NOT_HELD = ["1.本机关不掌握相关政府信息", "31", "0", "0", "0", "0", "0", "31"]


def test_a_label_wrapped_around_its_row_s_numbers_names_no_row_below() -> None:
    """Pingtan 2023 with its table cut in two: 「7.属于行政执法案卷 1 0 … 1」 (or 「7.属于行政」 over 「1 — … 1」 over
    「执法案卷」) as text lines between the two grids, the second opening with 「2 | 0 | … | 2」, 8.属于行政查询事项's numbers
    without their label: the text line's label named that row, 2 for 1. A line ending in numbers is a row of its
    own, with its label, and names no row below; the row below, under no label, is withheld."""
    for lines in ("（续表）\n7.属于行政执法案卷 1 0 0 0 0 0 1", "（续表）\n7.属于行政\n1 — — — — — 1\n执法案卷"):
        got = report(grid(5, [*HEAD, PROCESS]), Block("text", text=lines), grid(6, [QUERY, NOT_HELD]))
        assert t3(got, "denied_enforcement_file").get("natural_person") != 2, lines
        assert t3(got, "denied_admin_query") == {}
        assert t3(got, "unable_not_held")["total"] == 31
    one_line = report(grid(5, [*HEAD, PROCESS]), Block("text", text="7.属于行政执法案卷 1 0 0 0 0 0 1"), grid(6, [QUERY]))
    assert t3(one_line, "denied_enforcement_file") == {"natural_person": 1, **dict.fromkeys(ORG_KEYS, 0), "total": 1}
    floated = report(grid(5, [*HEAD, PROCESS]), Block("text", text="7.属于行政执法案卷"), grid(6, [QUERY]))
    assert t3(floated, "denied_enforcement_file")["total"] == 2  # a label alone above its row still names it


ORG_KEYS = ["business", "research", "nonprofit", "legal_services", "other_org"]
# the county page with a stray empty cell before each row below its header: every row a column right of it
OFF = ["", "", "（五）不予处理", "4.无正当理由大量反复申请", "0", "", "", "", "", ""]
CARRIED = ["", "四、结转下年度继续办理", "", "", "0", "", "", "", "", ""]


def test_a_table_s_rest_over_a_page_break_stands_off_its_header_as_its_first_part_did() -> None:
    """The county page's t3, its rows a column right of the header (a stray empty cell before each), 总计 past the
    page's edge: 「4.无正」 in the header's 自然人 column shows the rows standing off on page 11; page 13, the same
    table's rest, opens with 「四、结转下年度继续办理 | | | 0 |」, its 自然人 0 under the header's 商业企业 and read so
    (0 for a blank). The rest of a table carried over a page break is read as its first part: not under the header;
    and a row of the rest standing off withdraws the rows read on the first part. A table of its own (not carried)
    is still judged by its own rows."""
    got = report(grid(11, [*HEAD, OFF]), grid(13, [CARRIED], carried=True))
    assert t3(got, "carried_forward") == {}
    apart = report(grid(11, [*HEAD, OFF]), grid(13, [CARRIED]))
    assert t3(apart, "carried_forward") == {"business": 0}
    granted = ["", "三、本年度办理结果", "（一）予以公开", "", "2", "", "", "", "", ""]  # 2 of 自然人 under 商业企业
    partial = ["", "（二）部分公开", "3", "", "", "", "", "", "", ""]  # a number where the header has its labels
    later = report(grid(10, [*HEAD, granted]), grid(11, [partial], carried=True))  # a row on the rest shows it
    assert t3(later, "granted") == {} and any("withdrawn (granted)" in w for w in later.warnings)
    assert t3(report(grid(10, [*HEAD, granted]), grid(11, [partial])), "granted") == {"business": 2}


def test_a_table_carries_on_over_a_page_break_alone_there_with_its_columns_drawn_alike() -> None:
    xs = [57.0, 106.0, 166.0, 214.0, 299.0, 346.0]
    rows: list[list[str | None]] = [["", "四、结转下年度继续办理", "", "0", ""]]
    assert carries_on(PageGrid(rows, xs, True, True), PageGrid(rows, [x + 1 for x in xs], True, True))
    assert not carries_on(PageGrid(rows, xs, True, True), PageGrid(rows, [*xs[:3], 250.0, *xs[4:]], True, True))
    assert not carries_on(PageGrid(rows, xs, True, False), PageGrid(rows, xs, True, True))  # text below it
    assert not carries_on(PageGrid(rows, xs, True, True), PageGrid(rows, xs, False, True))  # text above the next


def test_a_header_s_corner_alone_on_the_page_before_still_heads_the_table() -> None:
    """The county page, 总计 dropped, merged cells left blank, a stray empty cell before each row: in Word's PDF the
    header's first row (the 勾稽关系 note, 申请人情况) ends page 5, 「自然人 | 法人或其他组织」 stands on page 6 and the
    organisations open page 7 over 「 | 一、本年新收… | | | 26 |」: 自然人's 26 was read under 商业企业. The header's top
    row, alone on the page before and naming no column, is the rest's header's first row: its words show the rows
    begin otherwise (a column right of it?), and with no 总计 to say, the row is withheld, as in the page's HTML."""
    note = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *[""] * 5]
    people = ["", "", "", "自然人", "法人或其他组织", *[""] * 4]
    orgs = ["", "", "", "", *ORGS]
    new = ["", "一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 4]
    got = report(grid(5, [note]), grid(6, [people], carried=True), grid(7, [orgs, new], carried=True))
    assert t3(got, "new_received") == {} and any("may stand a column right of its header" in w for w in got.warnings)
    lined = ["一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 5]
    got = report(grid(5, [note]), grid(6, [people], carried=True), grid(7, [orgs, lined], carried=True))
    assert t3(got, "new_received") == {"natural_person": 26}


def test_a_row_of_the_other_template_names_no_row() -> None:
    """Pingtan 2024 (the 2021 template) with two rows in one and a 小计 column: 「（六）其他处理」 broken by a page break
    into 「（六）其他处」 and 「理」, 「3.其他 | 1 | 1 | 0 | 0 | 0」 beside it: 其他处 named 其他处理 as the 2019 template's
    one row of that name, and 1, 1, 0, 0, 0 (3.其他's) were published under a row the report has not. A row of the other
    template names no row; under 其他处理 read whole, 3.其他 is read."""

    def report_2024(*rows: list[str]) -> Report:
        title = Block("text", text=f"平潭综合实验区2024年政府信息公开工作年度报告\n{HEADING}")
        return parse_document(Document([title, grid(5, [*HEAD, *rows])], extractor="pdf", ordered=True, path="pdf-text"))

    got = report_2024(["三、本年度办理", "（六）其他处", "3.其他", "1", "1", "0", "0", "0", "0", "2"])
    assert got.template == "2021" and t3(got, "other") == {} and t3(got, "other_misc") == {}
    whole = report_2024(["三、本年度办理", "（六）其他处理", "3.其他", "1", "1", "0", "0", "0", "0", "2"])
    assert t3(whole, "other_misc") == {"natural_person": 1, "business": 1, "research": 0, "nonprofit": 0,
                                       "legal_services": 0, "other_org": 0, "total": 2}  # fmt: skip


def test_a_row_blank_under_the_header_s_total_is_checked_by_none() -> None:
    """The county page with a stray empty cell before each row, zeros blank, an empty row under the header: 总计 past
    the page's edge with the rows shifted right, the header's 总计 over 其他's blank. 「 | 一、本年新收… | | | 26 | … | 」
    gave 自然人's 26 as 商业企业, the row's blank under 总计 taken as a check. A row blank under 总计 is checked by
    none: it may stand a column right of the header (its words begin the header, a blank cell the row), withheld."""
    note = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "", "申请人情况", *[""] * 6]
    people = ["", "", "", "自然人", "法人或其他组织", *[""] * 4, "总计"]
    orgs = ["", "", "", "", *ORGS, ""]
    new = ["", "一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 5]
    got = report(grid(5, [note]), grid(6, [people], carried=True), grid(7, [orgs, [""] * 10, new], carried=True))
    assert t3(got, "new_received") == {} and any("may stand a column right of its header" in w for w in got.warnings)
    checked = ["", "一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 4, "26"]  # a number under 总计 checks it
    got = report(grid(5, [note]), grid(6, [people], carried=True), grid(7, [orgs, [""] * 10, checked], carried=True))
    assert t3(got, "new_received") == {"business": 26, "total": 26}


def test_a_row_short_of_its_total_is_not_read_from_its_label_s_blank_cell() -> None:
    """The county page with a caption row, merged cells left blank, zeros printed as 无: its organisations' cells are
    blank, and 「 | （七）总计 | | 26 | | … | 」 lost its 总计 cell at a page's edge. Read as the seven cells after its
    label, the label's own blank cell (merged, left blank) was 自然人's and 26 商业企业's. With no row total to check
    it, a first cell blank may be the label's: not read so (withheld); with the total there, it is read by the header."""
    from harvester.parse.columns import seven_after_label
    from harvester.parse.rows import MISSING

    short = ["", "（七）总计", "", "26", "", "", "", "", ""]
    assert seven_after_label(short, 7) is None
    assert seven_after_label(["（七）总计", "26", "", "", "", "", "", "26"], 7) is not None  # a total that holds
    assert seven_after_label(["（七）总计", "", "", "", "", "", "", ""], 7, blank_row=True) is not None
    got = report(grid(14, [*HEAD, [*short, MISSING]]))
    assert t3(got, "total_processed") == {}
    assert t3(report(grid(14, [*HEAD, [*short, "26"]])), "total_processed") == {"natural_person": 26, "total": 26}


def test_a_blank_row_going_on_with_the_labels_above_and_naming_another_row_withdraws_it() -> None:
    """Pingtan 2022 with two rows in one, 件 after numbers, shorter header words and a 小计 column: 「三、本年度办理结果
    | （三）不予公 | 5.属于三类内部事务信息 | 12件 | … | 12件」 ends page 6 (1 over 2, run into one line), 「 | 开 （三）
    不予公开 | 6.属于四类过程性信息 | | … |」 opens page 7, blank: 12 was read as 5.'s (1). A blank row whose label
    cells go on from the row above and name another row says that row held two rows' numbers: withdrawn. A blank
    row that does not go on from it (a label of its own) leaves it read, unless a cell of its own shows two rows' digits
    run together (「00件」: TableReader._run_together)."""
    above = ["三、本年度办理结果", "（三）不予公", "5.属于三类内部事务信息", "12件", *["00件"] * 5, "12件"]
    goes_on = ["三、本年度办理结果", "开 （三）不予公开", "6.属于四类过程性信息", *[""] * 7]
    got = report(grid(6, [*HEAD, above]), grid(7, [goes_on], carried=True))
    assert t3(got, "denied_internal_affairs") == {} and any("two rows in one, cut by a page break" in w for w in got.warnings)
    own = ["三、本年度办理结果", "（三）不予公开", "6.属于四类过程性信息", *[""] * 7]
    one = [*above[:1], "（三）不予公开", above[2], "12件", *["0件"] * 5, "12件"]
    kept = t3(report(grid(6, [*HEAD, one]), grid(7, [own], carried=True)), "denied_internal_affairs")
    assert (kept["natural_person"], kept["business"], kept["total"]) == (12, 0, 12)
    doubted = report(grid(6, [*HEAD, [*above[:1], "（三）不予公开", *above[2:]]]), grid(7, [own], carried=True))
    assert t3(doubted, "denied_internal_affairs") == {}


def test_a_row_opening_a_page_with_the_rest_of_a_withheld_row_s_label_is_withheld() -> None:
    """Pingtan 2023 with full-width digits, labels spaced, no outline numbers and its table cut in two: in Word's PDF
    the second part (8 cells wide, as the header) ends page 5 with 「无法 | 本机关不掌 | ３ | ０ | … | ０」 (37 wrapped in
    its cell, 3 over 7), its label in 自然人's column, withheld; page 6 opens with 「提供 | 握相关政府 信息 | ７ | | … | ７」,
    9 cells, read by its label as 本机关不掌握相关政府信息's: 7 for 37. The rest of the label of a row with numbers
    withheld just above shows one row cut by the page break, its numbers perhaps too: withheld. The row with a label
    of its own is read."""
    head = [["", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", *ORGS, ""]]
    new = ["本年新收政府信息公开申请数量", "７１", "３", "０", "０", "０", "０", "７４"]
    file = ["", "", "属于行政执法案卷", "１", "０", "０", "０", "０", "０", "１"]
    cut = ["无法", "本机关不掌", "３", "０", "０", "０", "０", "０"]

    def page_6(label: str) -> Report:
        rest = Block("table", rows=[Row(["提供", label, "７", "", "", "", "", "", "７"], "page 6 table 1 row 1", in_table=True)])
        second = Block("table", rows=[Row(cut, "page 5 table 2 row 1", in_table=True)])
        return report(grid(4, [*head, new]), grid(5, [file]), second, rest)

    got = page_6("握相关政府 信息")
    assert t3(got, "unable_not_held") == {}
    assert any("prints the rest of the label of the row above" in w for w in got.warnings)
    assert t3(page_6("本机关不掌握相关政府信息"), "unable_not_held") == {"natural_person": 7, "total": 7}


def test_measure_words_alone_under_a_row_at_a_page_break_withdraw_it() -> None:
    """Pingtan 2020 with two rows in one, 件 after numbers, the header's rowspans stripped and its table cut in two:
    「2.重复申请」 and 「3.要求提供公开出版物」 share one row, each cell 3件 over 0件; Word's PDF ends page 11 with
    「 | 2.重复申请 | 30 | 00 | … | 30」 (the digits of both lines) and opens page 12 with 「 | 理 | 3.要求提供公开出版物 |
    件 | 件 | … | 件」: 30 was read for 3. Cells holding a measure word alone, right under the row read last, are the
    rest of its counts cut by the page break: its digits may be cut too (or two rows' run together); withdrawn. A row
    below without them leaves it read, unless a cell of its own shows two rows' digits run together (「00」:
    TableReader._run_together)."""
    from harvester.parse.cells import MEASURE_WORDS

    assert "件" in MEASURE_WORDS
    above = ["", "（五）不予处理", "2.重复申请", "30", "00", "00", "00", "00", "00", "30"]
    cut = ["", "理", "3.要求提供公开出版物", *["件"] * 7]
    got = report(grid(11, [*HEAD, above]), grid(12, [cut], carried=True))
    assert t3(got, "unprocessed_duplicate") == {}
    assert any("measure words alone in its cells" in w for w in got.warnings)
    own = ["", "", "3.要求提供公开出版物", *[""] * 7]
    one = [*above[:3], "30", *["0"] * 5, "30"]
    kept = t3(report(grid(11, [*HEAD, one]), grid(12, [own], carried=True)), "unprocessed_duplicate")
    assert (kept["natural_person"], kept["business"], kept["total"]) == (30, 0, 30)
    assert t3(report(grid(11, [*HEAD, above]), grid(12, [own], carried=True)), "unprocessed_duplicate") == {}


def test_numbers_without_a_label_over_a_row_printing_too_few_are_not_placed_in_the_gap() -> None:
    """Pingtan 2022 with its header's rowspans stripped, a 小计 column, its table cut in two and 件 after numbers: the
    table's second part is text lines in Word's PDF, each row a label line with its numbers, the rest of its label and
    its last 「0件」 on the next. 结转下年度's label is taller than its cells: 「四、结转下 四、结转」, then 「0 0 0 0 0 0 0」
    alone, then 「年度继续办 下年度继 四、结转下年度继续办理 0件」. 总计 above went unread (eight numbers), and the
    zeros, without a label, were placed by the template's order in the gap before 结转下年度 as 总计's: 0 for 72, 3 and
    75. A row closing the gap that prints too few numbers of its own may own the numbers right above it (its label
    wrapped around them): they are not placed. With the row printing its numbers, they are."""
    lines = [
        HEADING,
        "自然人 法人或其他组织 总计",
        " ".join(ORGS),
        "一、本年新收政府信息公开申请数量 71 3 0 0 0 0 74",
        "（六）其他处理 3.其他 0 2 0 0 0 0 2",
        "三、本年度 （七）总 72 3 0 0 0 0 75 75",
        "（七）总计",
        "办理结果 计 件 件 件 件 件 件 件",
        "四、结转下 四、结转",
        "0 0 0 0 0 0 0",
    ]
    got = report(Block("text", text="\n".join([*lines, "年度继续办 下年度继 四、结转下年度继续办理 0件", "件 件 件 件 件 件"])))
    assert t3(got, "total_processed") == {}
    assert any(w.startswith("t3: carried_forward prints too few numbers of its own") for w in got.warnings)
    full = report(Block("text", text="\n".join([*lines, "四、结转下年度继续办理 1 0 0 0 0 0 1"])))
    assert t3(full, "total_processed") == {"natural_person": 0, **dict.fromkeys(ORG_KEYS, 0), "total": 0}
    assert t3(full, "carried_forward") == {"natural_person": 1, **dict.fromkeys(ORG_KEYS, 0), "total": 1}


def test_a_row_below_a_page_break_going_on_with_a_group_cell_withdraws_the_row_above() -> None:
    """The county page with a stray empty cell before each row, full-width digits, spaced labels and short header
    words: in Word's PDF 「 | 三 、 | （一）予以公开 | ２ | …」 ends page 5 and 「 | 本 年 度 办 理 结 果 | | ６ | …」 opens
    page 6, the rest of the group cell 三、本年度办理结果 over the row's own label cell left blank: 2 was read for 26. A
    row naming no row whose cell goes on with a group cell of the row read just above it is that row's rest, cut by
    the page break: the row above is withdrawn. Below a row printing its own label, the group cell's rest is no cut."""
    head = [["", "", "", "自 然 人", "法人或其他组织", "", "", "", "", "总 计"], ["", "", "", "", *ORGS, ""]]
    above = ["", "三 、", "（一）予以公开", "２", "", "", "", "", "", "２"]
    below = ["", "本 年 度 办 理 结 果", "", "６", "", "", "", "", "", "６"]
    got = report(grid(5, [*head, above]), grid(6, [below], carried=True))
    assert t3(got, "granted") == {}
    assert any("prints the rest of its label" in w for w in got.warnings)
    own = ["", "本 年 度 办 理 结 果", "（二）部分公开", "０", "", "", "", "", "", "０"]
    kept = report(grid(5, [*head, above]), grid(6, [own], carried=True))
    assert t3(kept, "granted") == {"natural_person": 2, "total": 2}


def test_rows_placed_by_the_template_s_order_after_numbers_left_unread_are_withheld() -> None:
    """Word's PDF of Pingtan 2024 with a stray cell before each header row, full-width digits, the rows' label spans
    stripped and no-break spaces (its grids as extracted): （二）部分公开's row, its label lost, prints 「 | １９ | １ | … |
    ２」 at page 4's foot (no header column locates its values: unread) and the ０ of its total ２０ alone at page 5's
    head, in a row of its own without a label. That row was placed by the template's order as the row after 予以公开:
    0 for 部分公开's 20. A row without a label right next to numbers left unread may be their row's rest, or they its
    (Pingtan 2025's 「２１７ | １ | … | ２１」 over a lone ８): not placed. Without the unread row the lone row is placed."""
    span = SPAN
    head = [
        ["", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", span, span, "申请人情况", *[span] * 6],
        ["", span, span, span, "自然人", "法人或其他组织", span, span, span, span, "总计"],
        ["", span, span, span, span, "商业 企业", "科研 机构", "社会 公益 组织", "法律服务 机构", "其他", span],
        ["一、本年新收 政府信息公开 申请数量", "８０", "１", "０", "０", "０", "０", "８１", "", span, span],
        ["三、本年度办 理结果", "（一）予以公 开", "２２", "０", "０", "０", "０", "０", "２２", "", span],
    ]
    unread = ["", "１９", "１", "０", "０", "０", "０", "２", "", span, span]
    lone = ["", "", "", "", "", "", "０", "", span]
    secret = ["1.属于国家秘 密", *["０"] * 7, ""]
    got = report(grid(4, [*head, unread]), grid(5, [lone, secret]))
    assert t3(got, "partially_granted") == {} and t3(got, "granted")["total"] == 22
    assert any("partially_granted at page 5 table 1 row 1" in w and "next to numbers left unread" in w for w in got.warnings)
    assert t3(report(grid(4, head), grid(5, [lone, secret])), "partially_granted") == {"total": 0}


def test_a_number_wrapped_over_a_break_joins_under_boundaries_a_snap_apart() -> None:
    """Word's PDF of Pingtan 2025 with Word's <p><span><font> cells, full-width digits, label spans stripped and a 小计
    column: t4's row ends page 8 with 「… | １３ | ２ | ４ | ０ | １」 and page 9 opens with 「 | … | ９」 alone, the rest of
    复议后起诉's 19; page 8's column boundaries (its header rows' edges snapped with the row's) stand 2.6 points from
    page 9's, and the rows were not joined: 1 for 19. Boundaries as far apart as pdfplumber snaps the edges it finds
    (3 points) are one boundary; 4 points apart they are not."""
    from harvester.extract.pdf_stitch import stitch

    xs = [71.2, 104.8, 137.9, 170.8, 203.8, 234.3, 264.7, 297.7, 329.4, 363.7, 391.6, 424.6, 457.5, 490.6, 523.6, 552.5]
    below = [*xs[:5], 231.7, *xs[6:8], 330.7, *xs[9:]]
    row = ["２", "１", "３", "１", "７", "０", "０", "０", "０", "０", "１３", "２", "４", "０", "１"]
    rest: list[str | None] = [*[""] * 14, "９"]
    above = PageGrid([list(row)], xs, True, True)
    assert stitch(above, PageGrid([rest], below, True, True)) and above.cells[-1][-1] == "１９"
    apart = PageGrid([list(row)], xs, True, True)
    assert stitch(apart, PageGrid([rest], [*xs[:5], 230.3, *xs[6:]], True, True)) is None and apart.cells[-1][-1] == "１"


def test_values_merged_over_two_slots_each_are_not_seven_cells_of_slots() -> None:
    """Word's PDF of Pingtan 2023 with labels broken over lines, the report inside a layout table, t4's litigation
    groups swapped and its table cut in two: page 5's grid holds the rest of table 三 and the 续表 beside rows of the
    first part, nineteen slots wide, each number merged over two of them («1.申请人无正当理由逾期不 | 2 | ⟨span⟩ | 0 | ⟨span⟩
    … | 2 | ⟨span⟩»). Its last seven slots were read as its seven cells: 0, ⟨span⟩, 0, ⟨span⟩, 0, ⟨span⟩, 2, so 0 (the
    second number) was stored as 自然人's, for 2 (and 72 as 0 in （七）总计). The cell a merged slot carries on is the
    one before the seven: a number there, they are not the row's seven cells; the row is withheld."""
    span = SPAN
    head = [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", span, span, "申请人情况", *[span] * 6],
        ["", span, span, "自然人", "法人或其他组织", span, span, span, span, "总计"],
        ["", span, span, span, *ORGS, span],
        ["一、本年新收政府信息公开申请数量", span, span, "71", "3", "0", "0", "0", "0", "74"],
    ]

    def merged(label: str, values: list[str]) -> list[str]:
        return ["", span, label, span, *[x for v in values for x in (v, span)], span]

    rows = [
        merged("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ["2", "0", "0", "0", "0", "0", "2"]),
        ["（七）总计", span, span, span, *[x for v in ["72", "3", "0", "0", "0", "0", "75"] for x in (v, span)], span],
    ]
    got = report(grid(4, head), grid(5, rows))
    assert t3(got, "new_received")["natural_person"] == 71
    assert t3(got, "other_no_correction") == {} and t3(got, "total_processed") == {}
    plain = report(grid(4, [*head, ["", "（七）总计", span, "72", "3", "0", "0", "0", "0", "75"]]))
    assert t3(plain, "total_processed")["natural_person"] == 72
