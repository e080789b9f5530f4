"""Table 三 printed by Word wider than its page or over several pages (the Word-exported PDFs of real pages with two
quirks at once): each page's grid is a table of its own, cells at the page's edge lose part of their text, and the
header may stand a column off the rows. Each case below published wrong values before its rule."""

from __future__ import annotations

from types import SimpleNamespace

from harvester.extract.pdf import _cut_across_rules, _cut_at_edges, _cut_between_cells
from harvester.extract.pdf_prose import CUT_MARK, prose_text
from harvester.extract.pdf_stitch import PageGrid, stitch
from harvester.parse import Report, parse_document
from harvester.parse.model import Block, Document, Row
from harvester.parse.rows import CUT, MISSING, SPAN

HEADING = "三、收到和处理政府信息公开申请情况"
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORGS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
COLUMNS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total"]


def parse_pages(*pages: list[list[str]]) -> Report:
    """Each page's rows as a table grid of its own, as the PDF extractor hands them over."""
    blocks = [Block("text", text=HEADING)]
    for page, rows in enumerate(pages, start=4):
        cells = [Row(list(r), f"page {page} table 1 row {n}", in_table=True) for n, r in enumerate(rows, start=1)]
        blocks.append(Block("table", rows=cells))
    return parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))


def t3(report: Report) -> dict[tuple[str, str], object]:
    return {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}


def test_a_header_cut_at_a_page_break_keeps_the_columns_its_upper_row_names() -> None:
    """总计 printed first and 自然人 last (the upper row, page 6), the organisations below it on page 7: the lower
    row alone lacks both, and the template's layout put 自然人 first, so 26 (总计) was read as 自然人 and 自然人's
    cut 「2」 as 总计. The lower row joins the upper one across the break; the cell cut at the edge is no value."""
    upper = ["", "", "", "总计", "法人或其他组织", "", "", "", "", "自然人"]
    lower = ["", "", "", "", *ORGS, ""]
    rows = [["一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", "", CUT]]
    got = t3(parse_pages([[NOTE, "", "", "申请人情况", *[""] * 6], upper], [lower, *rows]))
    assert got[("new_received", "total")] == 26 and ("new_received", "natural_person") not in got
    assert not [k for k in got if k[1] in ("business", "other_org")]


def test_a_header_row_naming_one_column_joins_the_row_below_over_a_label_s_rest() -> None:
    """Word's PDF of the county page with its header rows in <thead>, merged cells copied into each slot and the
    header's rowspans stripped (the cells below moved left): the row naming 自然人 ends page 6, the rest of the 勾稽
    note's cell opens page 8 and the organisations' row follows, 商业企业 moved left under 自然人. The note's rest
    wiped the 自然人 above, so the organisations alone were the header and 26 (自然人) was read as 商业企业 in 25
    rows. A row naming no column passes the one above on: the two rows name column 3 two ways, and no shift makes
    all seven of them, so the rows are withheld."""
    upper = [NOTE, NOTE, NOTE, "自 然人", *["法 人或 其 他 组 织"] * 5]
    rest = ["四 项 之 和 ）", "四 项 之 和 ）", *[""] * 7]
    lower = [NOTE, NOTE, NOTE, *ORGS, ""]
    rows = [["一、本年新收政府信息公开申请数量"] * 3 + ["26", *[""] * 5]]
    report = parse_pages([upper], [rest, lower, *rows])
    assert t3(report) == {} and any("no shift reconciles them" in w for w in report.warnings)
    report = parse_pages([upper], [lower, *rows])  # without the note's rest between them, as before
    assert t3(report) == {} and any("no shift reconciles them" in w for w in report.warnings)


def test_cells_withheld_at_a_page_break_are_no_lost_label_cells() -> None:
    """Word's PDF of Pingtan 2020 with full-width digits, spaced labels and merged cells left blank: 「一、本年新收」
    ends page 10, its 自然人 and 总计 (２０, ２１) cut by the break and withheld (digits below may be their rest), the
    five organisations' ０ ０ ０ ０ １ in place. Taken for a row that lost label cells, its last seven cells were read
    in order from the blank label slots: 1 (其他) as 总计, 0 as 其他. Cells right of a withheld slot stand in their
    columns: the row is not read in order (its five are placed by the other rows' identities, or withheld)."""
    from harvester.parse.rows import MISSING

    head = [
        [NOTE, "", "", "申 请 人 情 况", *[""] * 6],
        ["", "", "", "自 然 人", "法人 或其 他组 织", "", "", "", "", "总 计"],
        ["", "", "", "", *ORGS, ""],
    ]
    row = ["一、本 年新收", "", "", MISSING, "０", "０", "０", "０", "１", MISSING]
    report = parse_pages([*head, row])
    got = {k: v for k, v in t3(report).items() if k[0] == "new_received"}
    assert got.get(("new_received", "total")) is None and got.get(("new_received", "other_org")) in (None, 1)
    assert any("has fewer cells than its header: under the header it reads" in w for w in report.warnings)


def test_a_row_whose_label_finishes_the_unread_row_above_is_withheld() -> None:
    """Word's PDF of the county page with spaced labels, line breaks inside labels and 总计 first, 自然人 last: 「一、本年
    新收…」 breaks across pages 8 and 9 with its 26 (「一 | 一 | 一、本年 | 2 | … | 2」, then 「、本年新收… | 新收政府信息
    公开申请数量 | 6 | … | 6」), rows apart: the first names no row, the second was read as 本年新收 with 6. A row whose
    label finishes the label of the unread row just above is one row cut by the break: withheld."""
    head = [
        [NOTE, NOTE, NOTE, "总 计", *["法 人 或 其 他 组 织"] * 5, "自 然 人"],
        [NOTE, NOTE, NOTE, "总 计", *ORGS, "自 然 人"],
    ]
    above = ["一", "一", "一、本年", "2", "", "", "", "", "", "2"]
    below = ["、 本 年 新 收 政 府 信 息 公 开 申 请 数 量"] * 2 + ["新收政府 信息公开 申请数量", "6", *[""] * 5, "6"]
    carried = ["二、上年结转政府信息公开申请数量"] * 3 + ["0"] * 7
    report = parse_pages([*head, above], [below, carried])
    got = t3(report)
    assert not [k for k in got if k[0] == "new_received"] and got[("carried_over", "natural_person")] == 0
    assert any("new_received at page 5 table 1 row 1 prints the rest of the label" in w for w in report.warnings)


def test_parts_adding_up_to_more_than_the_total_under_a_partial_header_are_withheld() -> None:
    """Word's PDF of Pingtan 2022 with a stray cell before each row, merged cells left blank and the legal columns
    reordered: 自然人 ran into 「申请人情况自然人」 and names nothing, so the header names six columns, one right of the
    rows' numbers: 71 (自然人) read as 法律服务机构, 3 as 科研机构, 0 as 总计 (74 right of it) — 29 wrong values. Under a
    header naming fewer than seven, parts adding up to more than the 总计 say it stands off: the row is withheld, and
    the rest of its table is not read under the header (laid out alike); a row of zeros reads the same in any order.
    That rule is kept for a header of six (below, 自然人's cell blank); 「申请人情况自然人」 names 自然人 now, so this
    header names all seven and its rows, a column off it, are read by their seven values after the label in the
    header's order: 71 as 自然人, 3 as 商业企业, 74 as 总计, right."""
    head = [
        [NOTE, "", "", "申请人情况自然人", "法人或其 他组织", "", "", "", "", "总计", ""],
        ["", "", "", "", "法律服务 机构", "其他", "社会 公益 组织", "商业 企业", "科研 机构", "", ""],
    ]
    new = ["", "一、本年 新收政府 信息公开 申请数量", "", "", "71", "0", "0", "0", "3", "0", "74"]
    zero = ["", "二、上年 结转政府 信息公开 申请数量", "", "", *["0"] * 7]
    report = parse_pages([*head, new, zero])
    got = t3(report)
    assert {k[1]: v for k, v in got.items() if k[0] == "new_received"} == dict(zip(COLUMNS, [71, 3, 0, 0, 0, 0, 74], strict=True))
    assert got[("carried_over", "legal_services")] == 0
    head[0][3] = ""  # 自然人 lost with the title's cell: a header of six, a column right of the rows
    report = parse_pages([*head, new, zero])
    got = t3(report)
    assert not [k for k in got if k[0] == "new_received"] and got[("carried_over", "legal_services")] == 0
    assert any("new_received at page 4 table 1 row 3 read under a header naming fewer" in w for w in report.warnings)


def test_a_header_of_six_without_its_total_where_no_cell_can_be_the_total() -> None:
    """The same page with 总计 first and 自然人 last: 总计 ran into 「申请人情况总计」, the header names the five and 自然人,
    a column right of the rows' numbers. 「74 3 0 0 0 0 71」 read as 商业企业 74 … 自然人 0: the parts add up to 77 and the
    one number outside the header's columns, 71, cannot be the 总计. The header stands off: that row and the rest of
    its table are withheld, 「21 0 0 0 0 0 21」 too (read under the header it gave 21 as 商业企业, 0 as 自然人). With
    「申请人情况总计」 naming 总计 (it does now) the header names all seven: the rows are read right in its order."""
    head = [
        [NOTE, "", "", "申请人情况总计", "法人 或其 他组 织", "", "", "", "", "自然人", ""],
        ["", "", "", "", *ORGS, "", ""],
    ]
    new = ["", "一、本年新收政府信息公开申请数量", "", "", "74", "3", "0", "0", "0", "0", "71"]
    granted = ["", "三、本年度办理结果", "（一）予以公开", "", "21", "0", "0", "0", "0", "0", "21"]
    got = t3(parse_pages([*head, new, granted]))
    assert {k[1]: v for k, v in got.items() if k[0] == "new_received"} == dict(zip(COLUMNS, [71, 3, 0, 0, 0, 0, 74], strict=True))
    assert got[("granted", "total")] == 21 and got[("granted", "natural_person")] == 21
    head[0][3] = ""  # 总计 lost with the title's cell: a header of six
    report = parse_pages([*head, new, granted])
    assert not [k for k in t3(report) if k[0] in ("new_received", "granted")]
    assert any("new_received at page 4 table 1 row 3 read under a header naming fewer" in w for w in report.warnings)


def test_a_label_cell_s_rest_under_it_on_the_next_page_withdraws_the_row_above() -> None:
    """Word's PDF of the county page with the header above the grid, t2's columns swapped, header colspans stripped
    and no-break spaces: 「三、本年度办理结 | （一）予以公 | （一）予以公开 | 2」 ends page 5, 「果 | 开 | | 6」 opens page
    6 (26 broken with the label cells); 2 was read as 予以公开's 自然人. The rest of a label cell under it (予以公 over 开)
    says the row was cut by the break: its values are withdrawn."""
    new = ["一、本年新收政府信息公开申请数量"] * 3 + ["26", *[""] * 5, "26"]
    above = ["三、本年 度办理结", "（一）予以公", "（一）予以公开", "2", *[""] * 5, "2"]
    below = ["果", "开", "", "6", *[""] * 5, "6"]
    report = parse_pages([new, above], [below])  # the header printed above the grid, as text
    got = t3(report)
    assert got[("new_received", "natural_person")] == 26 and not [k for k in got if k[0] == "granted"]
    assert any("below granted at page 4 table 1 row 2 prints the rest of its label" in w for w in report.warnings)


def test_a_label_cell_s_rest_with_digits_under_a_grid_row_withdraws_it() -> None:
    """The same under a header in the grid (Word's PDF of the county page with its labels spaced, merged cells copied
    into each slot and left blank, and its tables cut in two): 「三、本年度办理结 | （一）予以公 | | 2 | …」 ends page 6,
    「果 | 开 | | 6 | …」 opens page 7, a row naming no row: 2 was read as 予以公开's 自然人. A row read under its header
    is withdrawn by its label's rest below it as a row read from its label is."""
    head = [[NOTE, "", "", "申请人情况", *[""] * 6], ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]]
    head.append(["", "", "", "", *ORGS, ""])
    new = ["一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 5, "26"]
    above = ["三、本年\n度办理结", "（一）\n予以公", "", "2", *[""] * 5, "2"]
    below = ["果", "开", "", "6", *[""] * 5, "6"]
    report = parse_pages([*head, new, above], [below])
    got = t3(report)
    assert got[("new_received", "natural_person")] == 26 and not [k for k in got if k[0] == "granted"]
    assert any("below granted at page 4 table 1 row 5 prints the rest of its label" in w for w in report.warnings)


def test_a_number_withheld_left_of_a_header_with_a_stray_cell_stands_the_row_off() -> None:
    """Word's PDF of Pingtan 2020 with Word's <p><span><font> cells, a stray empty cell before each header row,
    full-width digits and t2's parts under its first part's header: the header a column right of its rows, 新收's
    「２０」 just left of 自然人 and withheld at the page break below it (its label's rest and digits under it), the row
    blank under 总计: read under the header, 0 | 0 | 0 | 0 | 1 | 21 gave 自然人 0, 其他 21. A number withheld there
    stands the row off as a number printed there does."""
    head = [["", NOTE, SPAN, "申请人情况", *[SPAN] * 6], ["", SPAN, SPAN, "自然人", "法人或其他组织", *[SPAN] * 4, "总计"]]
    head.append(["", SPAN, SPAN, SPAN, *ORGS, SPAN])
    new = ["一、本年新收政府信息公", SPAN, MISSING, "０", "０", "０", "０", "１", "２１", ""]
    report = parse_pages([*head, new])
    assert not [k for k in t3(report) if k[0] == "new_received"]
    assert any("may stand a column left of its header" in w for w in report.warnings)


def test_a_cell_cut_at_the_page_s_edge_is_not_a_short_row() -> None:
    """A CUT cell stands where it is printed: the row is not read as one that ran short (its cells shifted right)."""
    head = [[NOTE, "", "", "申请人情况", *[""] * 6], ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]]
    head.append(["", "", "", "", *ORGS, ""])
    report = parse_pages([*head, ["三、本年度办理结果", "（一）予以公开", "", "26", "", "", "", "", "", CUT]])
    assert t3(report) == {("granted", "natural_person"): 26} and not [f for f in report.facts if "\x00" in f.raw]


def test_cells_at_the_page_s_edge_with_glyphs_past_it_are_cut() -> None:
    """「26」 at the right edge prints as 「2」 (its 6 past the paper): a number or a blank there is CUT; words stay."""
    row = SimpleNamespace(bbox=(57, 100, 595, 130), cells=[(57, 100, 500, 130), (500, 100, 595, 130)])
    past = [{"x0": 594.3, "x1": 601.9, "top": 110.0, "bottom": 120.0}]
    assert _cut_at_edges(["一、本年", "2"], row, past, (0.0, 595.3)) == ["一、本年", CUT]
    assert _cut_at_edges(["一、本年", ""], row, past, (0.0, 595.3)) == ["一、本年", CUT]
    assert _cut_at_edges(["", "法律服务"], row, past, (0.0, 595.3)) == ["", "法律服务"]
    elsewhere = [{**past[0], "top": 200.0, "bottom": 210.0}]  # past the edge, but in another row's band
    assert _cut_at_edges(["一、本年", "2"], row, elsewhere, (0.0, 595.3)) == ["一、本年", "2"]


def glyph(text: str, x0: float, x1: float, top: float = 110.0) -> dict[str, object]:
    return {"text": text, "x0": x0, "x1": x1, "top": top, "bottom": top + 10.0}


def test_a_number_drawn_over_the_table_s_edge_is_cut() -> None:
    """The Word-exported PDF of a real page inside a layout table (a stray cell before its header rows): table 三's
    总计 column is 18 points wide, 「21」 overflows it, its 1 drawn across the table's right rule (565.3–572.9 over
    567.0) and read with no cell: 「2」 was published as 总计 for 21, twice. A glyph past the edge that carries on the
    edge cell's text, or is drawn across the rule (a 「4」 whose middle fell just past it, the cell read blank), makes
    that cell CUT; a glyph of the next column starting at the edge, or words beside a small table, do not."""
    row = SimpleNamespace(bbox=(58.5, 100, 567.0, 130), cells=[(58.5, 100, 549.1, 130), (549.1, 100, 567.0, 130)])
    two, one = glyph("2", 557.7, 565.3), glyph("1", 565.3, 572.9)
    assert _cut_across_rules(["一、本年", "2"], row, [two, one], [[], [two]]) == ["一、本年", CUT]
    four = glyph("4", 563.4, 571.0)  # its middle 567.2: read with no cell, the cell blank
    assert _cut_across_rules(["（六）其他处理", ""], row, [four], [[], []]) == ["（六）其他处理", CUT]
    zero = glyph("0", 561.5, 569.1)  # over the rule, its middle inside: read with its cell, whole
    assert _cut_across_rules(["（七）总计", "0"], row, [zero], [[], [zero]]) == ["（七）总计", "0"]
    nxt = glyph("0", 567.0, 574.6)  # the next column's, starting at the edge (the table cut at the page's edge)
    assert _cut_across_rules(["（七）总计", "0"], row, [zero, nxt], [[], [zero]]) == ["（七）总计", "0"]
    beside = glyph("平", 567.5, 579.5)  # words beside the table, apart from a blank cell
    assert _cut_across_rules(["链接", ""], row, [beside], [[], []]) == ["链接", ""]
    below = glyph("1", 565.3, 572.9, top=200.0)  # past the edge, but in another row's band
    assert _cut_across_rules(["一、本年", "2"], row, [two, below], [[], [two]]) == ["一、本年", "2"]


def test_a_number_drawn_across_the_rule_between_two_cells_is_cut() -> None:
    """Pingtan 2020 with Word's <p><span><font> cells, a caption row, the rows' label spans stripped and t3's 总计
    first (word_sets.py quads 120 29): t2's last part stands on a page of its own, its text 2 points left of its
    rules, and 「-15」's sign (326.2–330.2) has its middle left of the rule at 328.4: 「行政事业性收费 | 35 - | 15」 gave
    15 for -15. A run of glyphs touching across the rule between two cells leaves each part of what is printed: a
    number or a blank in either is CUT, words stay. Cells whose glyphs stand apart, or touch with one only grazing the
    rule (Chromium's full-width 「分」 ending 0.07 past it, 「８」 0.46 after), are read as they are."""
    boxes = [(57.0, 0, 259.7, 0), (259.7, 0, 328.4, 0), (328.4, 0, 449.0, 0)]
    three, five = glyph("3", 261.7, 269.3), glyph("5", 269.3, 276.9)
    minus, one, five_ = glyph("-", 326.2, 330.2), glyph("1", 330.2, 337.8), glyph("5", 337.9, 345.5)
    cells = [[glyph("行", 62.3, 74.3)], [three, five, minus], [one, five_]]
    assert _cut_between_cells(["行政事业性收费", "35 -", "15"], boxes, cells) == ["行政事业性收费", "35 -", CUT]
    apart = [[glyph("行", 62.3, 74.3)], [three, five], [glyph("-", 332.2, 336.2), one, five_]]
    assert _cut_between_cells(["行政事业性收费", "35", "-15"], boxes, apart) == ["行政事业性收费", "35", "-15"]
    wide = [[glyph("3", 313.0, 320.6), glyph("6", 320.6, 329.8)], [glyph("2", 329.8, 337.4)]]  # run over the rule
    assert _cut_between_cells(["36", "2"], boxes[1:], wide) == [CUT, CUT]
    merged = [[glyph("3", 320.6, 329.8)], None, [glyph("2", 329.8, 337.4)]]  # a merged cell's other slot between
    assert _cut_between_cells(["3", None, "2"], [boxes[1], boxes[1], boxes[2]], merged) == [CUT, None, CUT]
    label = [[glyph("分", 244.47, 258.47)], [glyph("８", 258.93, 270.93)]]  # grazing the rule at 258.4: apart
    assert _cut_between_cells(["（二）部分公开", "８"], [(109.9, 0, 258.4, 0), (258.4, 0, 284.6, 0)], label) == [
        "（二）部分公开",
        "８",
    ]


def test_a_number_in_the_text_cut_by_the_page_s_edge_is_not_read() -> None:
    """Word's PDF of Pingtan 2024 in a layout table wider than the page: 「…行政许可 452」 at the right edge, its 「9」
    drawn across it (588.2–595.8 over 595.3) and the rest of the line past it; 452 was published for 4529. A number
    touching glyphs past the page's side edge is printed in part: it stands as CUT_MARK, not read; a number apart from
    them, or words, stay as printed."""
    line = [{**glyph(c, 490 + 12 * i, 502 + 12 * i), "doctop": 110.0, "upright": True} for i, c in enumerate("行政许可")]
    line += [{**glyph(d, x, x + 7.6), "doctop": 110.0, "upright": True} for d, x in (("4", 565.3), ("5", 572.9), ("2", 580.5))]
    page = SimpleNamespace(chars=line, bbox=(0, 0, 595.3, 841.9), width=595.3, height=841.9)
    nine, beyond = glyph("9", 588.2, 595.8), glyph("4", 600.0, 607.6)
    assert prose_text(page, [{**g, "doctop": 110.0, "upright": True} for g in (nine, beyond)]) == f"行政许可 {CUT_MARK}"
    assert prose_text(page, [{**beyond, "doctop": 110.0, "upright": True}]) == "行政许可 452"  # apart from 452
    assert prose_text(page, []) == "行政许可 452"
    report = parse_document(Document([Block("text", text=f"第二十条第（五）项 信息内容 本年处理决定数量\n行政许可 {CUT_MARK}")]))
    assert not [f for f in report.facts if f.table == "t2" and f.value is not None]


def test_seven_values_after_a_label_may_end_in_a_cut_cell() -> None:
    """The same page's rows under a header a column off (a stray cell before it, 总计 past the table's edge): each
    row's seven cells after its label are read in the template's order, and the cut 总计 stands seventh, no value.
    The rows were skipped while a CUT cell did not count among the seven."""
    head = [["", NOTE, SPAN, "申请人情况", *[SPAN] * 5], ["", SPAN, SPAN, "自然人", "法人或其他组织", *[SPAN] * 4]]
    head.append(["", SPAN, SPAN, SPAN, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其"])
    rows = [["一、本年新收政府信息公开申请数量", SPAN, "20", "0", "0", "0", "0", "1", CUT]]
    got = t3(parse_pages([*head, *rows]))
    assert got == {("new_received", c): v for c, v in zip(COLUMNS[:6], (20, 0, 0, 0, 0, 1), strict=True)}


def test_a_cut_cell_joined_over_a_page_break_stays_cut() -> None:
    xs = [0.0, 100.0, 150.0, 200.0]
    before = PageGrid([["3.危及“三", "0", CUT]], xs, True, True)
    after = PageGrid([["安全一稳定”", "", "件"], ["4.保护", "0", "0"]], xs, True, True)
    assert "label continued" in (stitch(before, after) or "")
    assert before.cells[-1] == ["3.危及“三安全一稳定”", "0", CUT]


def test_a_number_left_of_the_header_s_first_column() -> None:
    """A stray cell before each header row, the 勾稽 note spanning three slots (SPAN in a PDF grid) over the column
    where the rows print 自然人; the header names 自然人 a column right, under 商业企业's numbers. Its rows stand off."""
    head = [
        ["", NOTE, SPAN, SPAN, "申请人情况", *[SPAN] * 5],
        ["", SPAN, SPAN, SPAN, "自然人", "法人或其他组织", SPAN, SPAN, SPAN, SPAN],
        ["", SPAN, SPAN, SPAN, SPAN, *ORGS[:4], ""],
    ]
    rows = [["一、本年新收政府信息公开申请数量", SPAN, SPAN, "71", "3", "0", "0", "0", "0", ""]]
    report = parse_pages([*head, *rows])  # 其他 and 总计 are off the page: the row has six values, not seven
    assert t3(report) == {} and any("no column header locates the values at page 4 table 1 row 4" in w for w in report.warnings)


def test_numbers_outside_the_columns_a_partial_header_leaves_room_for() -> None:
    """The header names the five organisations and 总计 (自然人 lost in a merged cell's text): only 自然人 can stand
    left of the five, nothing right of 总计. Rows printing seven numbers a column off either way are read as seven
    values after their labels, not under the header."""
    lower = ["", "", "", "", "", *ORGS, ""]
    left = [["", "", "", "", "", "", "", "", "", "", "总计"], lower]
    row = ["一、本年新收政府信息公开申请数量", "", "", "71", "3", "0", "0", "0", "0", "74", ""]
    got = t3(parse_pages(left, [row]))
    assert (got[("new_received", "natural_person")], got[("new_received", "business")]) == (71, 3)
    assert got[("new_received", "total")] == 74
    right = [["", "", "", "", "", "", "", "", "", "总计", ""], ["", "", "", "", *ORGS, "", ""]]
    row = ["", "一、本年新收政府信息公开申请数量", "", "", "71", "3", "0", "0", "0", "0", "74"]
    got = t3(parse_pages(right, [row]))
    assert (got[("new_received", "natural_person")], got[("new_received", "total")]) == (71, 74)


def test_rows_read_on_earlier_pages_are_withdrawn_when_a_later_page_shows_the_header_off() -> None:
    """Merged cells left blank and a stray cell before each row: on the first pages the rows' numbers stand a column
    right, 自然人's 26 under 商业企业 (自然人 blank, 总计 off the page). A later page's label in 自然人's column shows
    the header stands off: the rows read under it on the pages before are withdrawn too."""
    head = [["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", "", "", *ORGS, ""]]
    first = [["", "一、本年新收政府信息公开申请数量", "", "", "26", "", "", "", "", ""]]
    later = [["", "", "（三）不予公开", "1.属于国家秘密", "0", "", "", "", "", ""]]
    report = parse_pages([*head, *first], later)
    assert not [k for k in t3(report) if k[0] == "new_received"]
    assert any("withdrawn (new_received)" in w for w in report.warnings)


def test_rows_beside_the_grid_are_read_in_the_order_a_header_printed_as_text_gives() -> None:
    """The header above the grid as text, t3's organisations reordered (法律服务机构 first), the table cut in two: the
    总计 row, not in a grid, was taken from its text line in the template's order (1 under 法律服务机构 read as
    商业企业). A text line beside the grid is read in the header's order, or withheld where the cells differ."""
    header = "申请人情况 自然人 法人或其他组织 法律服务机构 科研机构 社会公益组织 商业企业 其他 总计"
    grid = [["二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0"]]  # alike: read in any order
    lines = "\n".join(["（七）总计\t3\t1\t0\t0\t0\t0\t4", "四、结转下年度继续办理\t0\t0\t0\t0\t0\t0\t0"])
    blocks = [Block("text", text=f"{HEADING}\n{header}"), Block("table", rows=[Row(grid[0], "page 4 table 1 row 1", True)])]
    report = parse_document(Document([*blocks, Block("text", text=lines)], extractor="pdf", ordered=True, path="pdf-text"))
    got = t3(report)
    assert not [k for k in got if k[0] == "total_processed"]
    assert got[("carried_forward", "business")] == 0  # every cell alike: any order reads the same


def test_t2_rows_beside_the_grid_are_read_in_the_order_their_text_header_gives() -> None:
    """The report on 2020 (2019 template) with table 一 cut in two and its columns swapped: 「行政处罚 538 -18 2648」
    under 「信息内容 处理决定数量 本年增/减 上一年项目数量」, as text lines after 「（续表）」, was read in the
    template's order (上一年项目数量 first): 538 as the year before's items, 2648 as decisions."""
    head = ["信息内容", "处理决定数量", "本年增/减", "上一年项目数量"]
    grid = [["第二十条第（五）项", "", "", ""], head, ["行政许可", "278", "442", "396"], ["第二十条第（六）项", "", "", ""]]
    lines = ["（续表）", " ".join(head), "行政处罚 538 -18 2648", "行政强制 29 26 126"]
    blocks = [
        Block("text", text="二、主动公开政府信息情况"),
        Block("table", rows=[Row(r, f"page 9 table 1 row {n}", True) for n, r in enumerate(grid, start=1)]),
        Block("text", text="\n".join(lines)),
    ]
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t2" and f.value is not None}
    assert report.template == "2019" and got[("licensing", "decisions")] == 278
    assert got.get(("punishment", "prev_items")) in (None, 2648) and got.get(("punishment", "decisions")) in (None, 538)
    assert got.get(("coercion", "prev_items")) in (None, 126)


def test_a_t4_row_a_column_off_its_header_with_no_group_to_check_there() -> None:
    """The county page with 总计 columns dropped and a stray cell before each row, cut at the page's edge: under the
    header the row reads 行政复议 _ 0 0 0 and 未经复议直接起诉 1 0 0 0 | 0, which fails; a column over no group can
    be checked (its 总计 is off the page) and the slot left out is blank. Read under the header it published 0 for
    行政复议's 尚未审结 (1) and 1 for the lawsuits' 结果维持 (0); withheld."""
    from harvester.parse.t4shift import shift_fits

    review = [("review", c) for c in ("upheld", "corrected", "other", "pending")]
    direct = [("litigation_direct", c) for c in ("upheld", "corrected", "other", "pending", "total")]
    named = dict(enumerate(review + direct))
    assert shift_fits(["", "0", "0", "0", "1", "0", "0", "0", "0"], named)
    assert not shift_fits(["3", "0", "0", "0", "1", "0", "0", "0", "0"], named)  # no blank left out: as printed
    assert not shift_fits(["", "0", "0", "0", "1", "0", "0", "0", "1"], named)  # its totals hold: read


def test_a_t4_row_that_reads_as_well_a_column_left_of_its_header_is_withheld() -> None:
    """Word's PDF of the county page with a stray cell before each header row, zeros left blank and the 总计 columns
    dropped, cut at the page's edge: the header stands a column right of its row, whose one number, 行政复议's 1 尚未
    审结, fell under 其他结果 and was published there. Read a column left, the row holds as well (no 总计 to check, the
    rest blank): a blank slot left of the header's first column leaves the two readings apart by nothing; withheld."""
    from harvester.parse.t4shift import shift_undecided

    groups = [
        ["", *["行 政 复 议"] * 4, *["行政 诉讼"] * 5],
        ["", "结 果 维 持", "结 果 纠 正", "其 他 结 果", "尚 未 审 结", *["未经 复议 直接 起诉"] * 5],
    ]
    results = [
        [
            "",
            "结 果 维 持",
            "结 果 纠 正",
            "其 他 结 果",
            "尚 未 审 结",
            "结果 维持",
            "结果 纠正",
            "其他 结果",
            "尚未 审结",
            "总计",
        ]
    ]
    row = ["", "", "", "1", "", "", "", "", "", ""]
    blocks = [Block("text", text="四、政府信息公开行政复议、行政诉讼情况")]
    for page, rows in ((19, groups), (20, [*results, row])):
        blocks.append(
            Block("table", rows=[Row(r, f"page {page} table 1 row {n}", True, past_edge=True) for n, r in enumerate(rows, 1)])
        )
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t4" and f.value is not None]
    assert any("read a column over the row holds as well" in w for w in report.warnings)
    review = [("review", c) for c in ("upheld", "corrected", "other", "pending")]
    direct = [("litigation_direct", c) for c in ("upheld", "corrected", "other", "pending", "total")]
    named = dict(enumerate(review + direct, start=1))
    assert shift_undecided(row, named)
    assert not shift_undecided(["", "", "", "", "", "1", "", "", "", "1"], named)  # a column left its total fails: read
    assert not shift_undecided(["件", "0", "", "1", "", "", "", "", "", ""], named)  # a label left of it, no blank slot
    assert not shift_undecided([""] * 10, named)  # all blank: either reading says the same


def test_a_t4_row_that_reads_as_well_a_column_right_of_its_header_is_withheld() -> None:
    """Pingtan 2022 with a stray empty cell before each row below the headers, shorter header words, the litigation
    groups swapped and the 总计 columns dropped (Word's PDF, cut at the page's edge): 「 | 0 | 1 | 1 | 0 | 0 | … | 1 | 0」
    stands a column right of its header; read under it, 行政复议's 结果纠正 1 fell under 结果维持's neighbour and 未审结
    got 1 (4 wrong). A blank under the header's first column where the row prints its zeros, or where the groups the
    two readings differ in have no 总计 (zeros left blank, 行政复议's 总计 dropped), and read a column right the row
    holds as well: nothing tells the readings apart; withheld."""
    from harvester.parse.t4shift import shift_undecided

    head = [
        [*["行政 复议"] * 4, *["行政诉讼"] * 8],
        ["维持", "结果 纠正", "其他 结果", "未审 结", *["复议后起 诉"] * 5, *["未经复议 直接起诉"] * 3],
        [
            "维持",
            "结果 纠正",
            "其他 结果",
            "未审 结",
            "维持",
            "结果纠正",
            "其他结果",
            "未审结",
            "合计",
            "维持",
            "结果纠正",
            "其他结果",
        ],
    ]
    row = ["", "0", "1", "1", "0", "0", "0", "0", "0", "0", "1", "0"]
    rows = [Row(r, f"page 6 table 2 row {n}", True, past_edge=True) for n, r in enumerate([*head, row], 1)]
    blocks = [Block("text", text="四、政府信息公开行政复议、行政诉讼情况"), Block("table", rows=rows)]
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t4" and f.value is not None]
    assert any("read a column over the row holds as well" in w for w in report.warnings)
    review = [("review", c) for c in ("upheld", "corrected", "other", "pending")]
    after = [("litigation_after_review", c) for c in ("upheld", "corrected", "other", "pending", "total")]
    direct = [("litigation_direct", c) for c in ("upheld", "corrected", "other")]
    named = dict(enumerate(review + after + direct))
    assert shift_undecided(row, named)
    assert not shift_undecided(["0", *row[1:]], named)  # no blank slot: as printed
    assert shift_undecided(["", "", "1", "1", *[""] * 6, "1", ""], named)  # zeros blank, 行政复议 without 总计: either
    assert not shift_undecided(["", "0", "1", "1", "0", "1", "0", "0", "0", "0", "1", "0"], named)  # right: a total fails


def test_a_header_whose_upper_row_is_lost_takes_the_template_s_layout() -> None:
    """Only the organisations' row printed (the upper row not in any grid): the unlabelled columns either side of the
    five are 自然人 and 总计, as the template lays them out, and the rows' totals check it."""
    lower = ["", "", "", "", *ORGS, ""]
    report = parse_pages([lower, ["一、本年新收政府信息公开申请数量", "", "", "20", "0", "0", "0", "0", "1", "21"]])
    assert t3(report)[("new_received", "natural_person")] == 20 and t3(report)[("new_received", "total")] == 21
    assert any("lacks 自然人 and 总计" in w for w in report.warnings)


def test_seven_cells_in_order_whose_last_stands_under_a_cut_header_cell_need_their_row_total() -> None:
    """Pingtan 2020 in a layout table, its header in a <thead>, merged cells blank and a 小计 column for the legal
    persons: Word's PDF cut the table at the page's edge, 小计's header cell in part, 总计 wholly. 新收's 20 | 0 … 1 |
    1 (小计) stood the header off, and the rows after it were read as their last seven cells in the template's order:
    予以公开 6 | 0 | 0 | 0 | 0 | 1 | 1 gave 1 (小计) as 总计 (7). The column under a cut cell may be 总计 or a 小计: read
    so only where the row's total shows it (a row of zeros, or 0 | 2 | … | 2, reads the same either way)."""
    head = [[NOTE, "", "", "申请人情况", *[""] * 6], ["", "", "", "自然人", "法人或其他组织", *[""] * 5]]
    head.append(["", "", "", "", *ORGS, CUT])
    new = ["一、本年新收政府信息公开申请数量", "", "", "20", "0", "0", "0", "0", "1", "1"]
    granted = ["三、本年度办理结果", "（一）予以公开", "", "6", "0", "0", "0", "0", "1", "1"]
    partial = ["", "（二）部分公开", "", "0", "2", "0", "0", "0", "0", "2"]
    secret = ["", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    got = t3(report := parse_pages([*head, new, granted, partial, secret]))
    assert not {k for k in got if k[0] in ("new_received", "granted")}
    assert {c: got[("partially_granted", c)] for c in COLUMNS} == dict(zip(COLUMNS, [0, 2, 0, 0, 0, 0, 2], strict=True))
    assert {c: got[("denied_state_secret", c)] for c in COLUMNS} == dict.fromkeys(COLUMNS, 0)
    assert any(w.startswith("t3: granted") and "parts exceed its 总计" in w for w in report.warnings)  # 6 + 1 > 1


def test_a_number_at_the_page_s_edge_failing_its_total_may_run_on_past_it() -> None:
    """Word's PDF of the county page drawn past the page's right edge draws no glyph the page does not hold whole:
    「一、本年新收… | 26 | … | 2」, the 6 of 总计's 26 left out, gave 2 for 26 (no glyph past the edge to tell the cell
    cut). A number in the last cell of a table drawn to the edge that fails its row total (blanks read as zeros) is
    withheld, in t3 and in t4 (its group's total); one that holds, or a table not at the edge, is read."""
    head = [["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", "", "", *ORGS, ""]]
    row = ["一、本年新收政府信息公开申请数量", "", "", "26", *[""] * 5]

    def read(total: str, edge: bool) -> dict[str, object]:
        rows = [Row(r, f"page 7 table 1 row {n}", True, past_edge=edge) for n, r in enumerate([*head, [*row, total]], 1)]
        report = parse_document(Document([Block("text", text=HEADING), Block("table", rows=rows)], ordered=True))
        return {c: v for (r, c), v in t3(report).items() if r == "new_received"}

    assert read("2", edge=True) == {} and read("26", edge=True)["total"] == 26 and read("2", edge=False)["total"] == 2
    results = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    t4_head = [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        results + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        [""] * 5 + results * 2,
    ]

    def review(last: str, edge: bool) -> dict[str, object]:
        cells = [*t4_head, [*"0 0 0 0 0 0 0 0 0 0 1 0 0 0".split(), last]]
        rows = [Row(c, f"page 8 table 1 row {n}", True, past_edge=edge) for n, c in enumerate(cells, 1)]
        blocks = [Block("text", text="四、政府信息公开行政复议、行政诉讼情况"), Block("table", rows=rows)]
        report = parse_document(Document(blocks, ordered=True))
        return {(f.row, f.col): f.value for f in report.facts if f.table == "t4" and f.value is not None}

    assert review("1", edge=True)[("litigation_after_review", "total")] == 1 and len(review("1", edge=True)) == 15
    assert review("2", edge=True) == {} and review("2", edge=False)[("litigation_after_review", "total")] == 2
