"""Reports as trafilatura 1.x prints them in text (tests/real/trafilatura_1x, tests/real/longgang_dept_2024): each
table row a line of cells, each followed by 「 |」, its empty cells moved after its filled ones or left out; and a copy
printing its empty cells where they stood (tests/real/xuwen_bureau); tables printed a cell a line (Shuyang's page in
trafilatura 1.x's print, tests/real/xjnlk_town_2023, tests/real/changtu_bureau_2021); and trafilatura 2.x's print, each
row opening with a pipe (tests/real/trafilatura_2x)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.parse import parse_text
from harvester.parse.textdoc import text_blocks

from .conftest import ROOT

COPIES = ROOT / "tests" / "real" / "trafilatura_1x"
TRUTH = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]


def numbers(path: Path) -> dict[str, object]:
    return numbers_of(path.read_text(encoding="utf-8"))


def numbers_of(text: str) -> dict[str, object]:
    report = parse_text(text)
    return {f"{f.table}/{f.row}/{f.col}": f.value for f in report.facts if f.value is not None}


def truth(name: str) -> dict[str, object]:
    return {k: v for k, (v, _) in TRUTH[name]["facts"].items() if v is not None}


def wrong(got: dict[str, object], want: dict[str, object]) -> dict[str, object]:
    return {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v}


def test_rows_printed_with_a_pipe_after_each_cell_are_table_rows() -> None:
    """The Longgang department's copy: 「规章 | 0 | 0 | 0 |」 was a text line of pipes and numbers, t2 not read."""
    got = numbers(ROOT / "tests" / "real" / "longgang_dept_2024" / "page.txt")
    assert got == truth("longgang_dept_2024")
    assert got["t2/normative_documents/in_force"] == 25 and got["t3/new_received/total"] == 66


def test_a_real_page_as_trafilatura_1x_prints_it_gives_every_fact() -> None:
    """Pingtan 2023, every cell filled: all 200 facts (176 when its lines were read as text). Table 一's parts of one
    column print their caption and header with the table's width in pipes after them («信息内容 | 本年处理决定数量 | ||»):
    a header of text, the part's caption starting it afresh, as the caption row of a grid does."""
    got = numbers(COPIES / "pingtan_202403_87885.txt")
    assert got == truth("pingtan/202403_87885")


@pytest.mark.parametrize(
    ("copy", "page", "kept"),
    [
        ("shanghai_gov_office_2019.txt", "shanghai_gov_office_2019", 16),  # rows broken over lines at &nbsp; cells
        ("pingtan_202103_80595-header-text-zero-blank.txt", "pingtan/202103_80595", 15),
        ("pingtan_202302_80629-merged-blank-t4-reordered.txt", "pingtan/202302_80629", 180),
        # 「3.其他 | — | 2 | — | — | — | — | 2 | 2 |」 under 「… 其他 | 小计 | 总计」, a line of values: the first dash went with
        # the label, 2 (商业企业's) was read as 自然人's and 2 (小计) as 其他's; its parts exceed its 总计 (2 + 2 > 2)
        ("pingtan_202302_80629-stray-subtotal-dash.txt", "pingtan/202302_80629", 11),
    ],
)
def test_rows_whose_blanks_moved_are_read_by_their_values_order_alone(copy: str, page: str, kept: int) -> None:
    """Where a row's blanks stood is lost («规章 | 7 | ||» for 规章, blank, blank, 7): its filled cells are a line of
    values (7 for 本年新制作数量 was read by position), and a header row that lost its blanks a header printed as text
    (行政复议's reordered results were read in the template's order under a lower header row moved left)."""
    got = numbers(COPIES / copy)
    assert wrong(got, truth(page)) == {}
    assert len(got) >= kept


def test_what_a_pipe_row_becomes() -> None:
    blocks = text_blocks(
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 | 0 | 0 | 0 |\n行政规范性文件 | 7 | ||\n"
        "自然人 | 法人或其他组织 | 总计 | |||||||\n| 2 | 1 | 859 | ||\n说明 | 总计"
    )
    kinds = [(b.kind, [(r.cells, r.in_table) for r in b.rows] if b.kind == "table" else b.text) for b in blocks]
    assert kinds == [
        (
            "table",
            [
                (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], True),  # every cell filled: a grid row
                (["规章", "0", "0", "0"], True),
                (["行政规范性文件", "7"], False),  # blanks lost: its values in order, no positions
            ],
        ),
        ("text", "自然人 法人或其他组织 总计"),  # a header row whose blanks were lost: a header printed as text
        ("table", [(["2", "1", "859", "", ""], True)]),  # markdown's row, opening with a pipe, as it was
        ("text", "说明 | 总计"),  # no pipe at either end: text
    ]


def test_a_row_printing_its_blanks_where_they_stood_is_read_by_position() -> None:
    """The Xuwen county bureau's copy (tests/real/xuwen_bureau): each cell followed by a pipe, blanks where they stood
    («一、本年新收政府信息公开申请数量 | 0 | | | | | | 0 |»), not moved after the filled cells as trafilatura 1.x moves
    them. A blank before a filled cell says so: the row is a grid row, read by position (自然人 0, the five blank, 总计 0;
    read as a line of its two numbers before, no facts). A row whose first value is blank stays withheld (a label's
    slot or a value's?), as in any text table whose header gives no positions; nothing differs from the copy."""
    report = parse_text((ROOT / "tests" / "real" / "xuwen_bureau" / "page.txt").read_text(encoding="utf-8"))
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    want = TRUTH["xuwen_bureau"]["facts"]
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    row = [got.get(f"t3/new_received/{c}") for c in ("natural_person", "business", "other_org", "total")]
    assert row == [[0, "number"], [None, "blank"], [None, "blank"], [0, "number"]]
    assert got["t2/normative_documents/in_force"] == [101, "number"]
    line = text_blocks("一、本年新收政府信息公开申请数量 | 0 | | | 0 |\n二、上年结转政府信息公开申请数量 | 3 | 0 | ||")
    assert [(r.cells, r.in_table) for r in line[0].rows] == [
        (["一、本年新收政府信息公开申请数量", "0", "", "", "0"], True),  # a blank before a filled cell: in place
        (["二、上年结转政府信息公开申请数量", "3", "0"], False),  # blanks after the filled cells only: trafilatura 1.x's
    ]


def test_a_table_printed_a_cell_a_line_is_read_as_flattened_text() -> None:
    """Cells each on a line of their own: trafilatura 1.x's print of the Word-pasted Shuyang page (every cell's text in
    a paragraph: «规章 |», «0 |», empty cells as lines of pipes, «|», «||»), and the xjnlk town's copy (each cell followed
    by a line holding a pipe: «规章», «|»). No line holds two cells' text, so where a row ends is lost. Each line was a
    row of one cell, or the pipes cut the runs of digits: no facts from either. Their cells are flattened text now, read
    by row labels and identities: the copy's tables whole, and the Shuyang page's t2 and t4; its t3 rows print 自然人 and
    总计 around five blanks, which run together lose (「26 26」 for seven columns), so they stay withheld."""
    shuyang = numbers(COPIES / "shuyang_fgj_2023.txt")
    want = truth("shuyang_fgj_2023")
    assert wrong(shuyang, want) == {}
    assert {k for k in shuyang} == {k for k in want if not k.startswith("t3/")}
    assert shuyang["t2/normative_documents/in_force"] == 18 and shuyang["t4/review/pending"] == 1
    # said once, not a warning per line: each of t4's fifteen numbers alone on its line was «unreadable» (15
    # warnings), each t3 row's run of one number before a border a warning of its own (24)
    warned = parse_text((COPIES / "shuyang_fgj_2023.txt").read_text(encoding="utf-8")).warnings
    assert not [w for w in warned if w.startswith("t4: row at")]
    apart = [w for w in warned if w.startswith("t3:") and "cell's border" in w]
    assert len(apart) == 1 and "new_received '26'" in apart[0] and "carried_forward '0'" in apart[0]
    assert numbers(ROOT / "tests" / "real" / "xjnlk_town_2023" / "page.txt") == truth("xjnlk_town_2023")
    # a pipe ends each filled cell, on its line or alone below it; any other pipe is an empty cell, kept as a border
    blocks = text_blocks("规章 |\n0 |\n|\n6 |\n||\n说明\n|\n规章 | 0 | 0 | 6 |")
    kinds = [(b.kind, [r.cells for r in b.rows] if b.kind == "table" else b.text) for b in blocks]
    assert kinds == [("text", "规章\n0\n|\n6\n|\n说明\n"), ("table", [["规章", "0", "0", "6"]])]


def test_a_2019_template_printed_a_cell_a_line_with_its_pipes_is_read_whole() -> None:
    """The Changtu county bureau's copy (tests/real/changtu_bureau_2021): each cell on a line of its own, its pipe on
    the same line («行政许可 |», «33 |», «0 |», «0 |»), in the 2019 template's columns (上一年项目数量, 本年增/减,
    处理决定数量; 行政事业性收费's two; 政府集中采购), table 二 ending in five lines of a pipe alone. Read as flattened
    text: t2 whole and t3's two rows the copy prints whole; the row it cuts in its sixth cell is not read. Its
    numbers without a label on their line (each cell's) are said in one warning, not one per line."""
    report = parse_text((ROOT / "tests" / "real" / "changtu_bureau_2021" / "page.txt").read_text(encoding="utf-8"))
    got = {f"{f.table}/{f.row}/{f.col}": f.value for f in report.facts if f.value is not None}
    assert got == truth("changtu_bureau_2021")
    assert got["t2/other_services/decisions"] == 16 and got["t2/punishment/prev_items"] == 36
    unlabelled = [w for w in report.warnings if "unlabelled values" in w]
    assert len(unlabelled) == 1 and unlabelled[0].count("line ") == 22


def test_a_run_printed_a_cell_a_line_that_ends_at_an_empty_cell_is_not_cut() -> None:
    """The Shuyang page with its zeros left blank, in trafilatura 1.x's print: a row's empty cells go after its filled
    ones («规范性文件 |», «8 |», «18 |», «|» for 8, blank, 18), so where they stood is lost. Run together, 「8 18」 was
    cut into three cells (8, 1, 8: 1 for 0 repealed, 8 for 18 in force). Each cell printed apart is whole: a run shorter
    than its row that ends at a cell's border is not read, in t2, t3 and t4 alike."""
    got = numbers(COPIES / "shuyang_fgj_2023-zero-blank.txt")
    assert wrong(got, truth("shuyang_fgj_2023")) == {}
    assert not [k for k in got if k.startswith("t2/normative_documents/")]
    report = parse_text((COPIES / "shuyang_fgj_2023-zero-blank.txt").read_text(encoding="utf-8"))
    assert any("normative_documents's run '8 18' ends at a cell's border" in w for w in report.warnings)


def test_a_value_under_an_empty_header_cell_leaves_the_empty_column_beside_it_unread() -> None:
    """The Shanghai government office's 2019 page as trafilatura 2.x prints it (tests/real/trafilatura_2x): 本年增/减 is
    spanned over a sliver column and its values over the slot before it, so without widths 「本年增/减 |  |」 stands
    over 「 | 0 |」. The empty cell under 本年增/减 was read as a blank (four 本年增/减 printed as 0 stored as blank); a
    value under an empty header cell makes the empty named cells beside it unknown, as the HTML grid without widths
    leaves them. The Shuyang page, whose header loses 自然人 in that print, reads its other columns only."""
    copies = ROOT / "tests" / "real" / "trafilatura_2x"
    report = parse_text((copies / "shanghai_gov_office_2019.txt").read_text(encoding="utf-8"))
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    want = TRUTH["shanghai_gov_office_2019"]["facts"]
    assert {k: v for k, v in got.items() if want.get(k) != v} == {}
    assert got["t2/licensing/prev_items"] == [0, "number"] and "t2/licensing/change" not in got
    assert len([v for v in got.values() if v[0] is not None]) >= 59
    shuyang = numbers(copies / "shuyang_fgj_2023.txt")
    assert wrong(shuyang, truth("shuyang_fgj_2023")) == {} and len(shuyang) >= 50
    assert not [k for k in shuyang if k.endswith("/natural_person")] and shuyang["t3/new_received/total"] == 26


def test_words_in_a_cell_as_wide_as_its_table_are_text() -> None:
    """Pingtan 2022 inside a layout table, t3's header printed above its grid as text in another column order, as
    trafilatura 2.x prints it: the layout table's cell, holding the report's prose and that header, is a row of one
    cell. Read as a grid row, the header in it went unseen and the rows were read in the template's order (3 for
    business, 0 for legal services, as the header orders them the other way round). A row of one cell holding words is
    text: the header orders the columns, and rows it denies are withheld. A row of one number stays a row."""
    got = numbers(ROOT / "tests" / "real" / "trafilatura_2x" / "pingtan_202302_80629-layout-header-text-reordered.txt")
    assert wrong(got, truth("pingtan/202302_80629")) == {}
    assert len(got) >= 100 and "t3/new_received/business" not in got  # rows whose cells differ: withheld
    blocks = text_blocks("| 本报告根据《条例》编制。自然人 法律服务机构 其他 |\n| 1 |\n| 规章 | 0 | 0 | 0 |")
    kinds = [(b.kind, [r.cells for r in b.rows] if b.kind == "table" else b.text) for b in blocks]
    assert kinds == [("text", "本报告根据《条例》编制。自然人 法律服务机构 其他"), ("table", [["1"], ["规章", "0", "0", "0"]])]


def test_a_t4_header_run_into_its_row_s_cells_orders_them() -> None:
    """Pingtan 2024 in a layout table, merged cells copied into each slot and the litigation groups swapped: trafilatura
    1.x prints each inner table as one line of cells, t4's header and row together, 复议后起诉 named before 未经复议直接
    起诉. Its fifteen values were read in the template's order: 13, 2, 4, 0, 19 (复议后起诉's) as 未经复议直接起诉's. The
    groups or results named in another order in the row's own cells withhold it, as a header printed above does; in
    the template's order they leave it read."""
    got = numbers(COPIES / "pingtan_202503_97791-layout-copied-t4-swapped.txt")
    assert wrong(got, truth("pingtan/202503_97791")) == {} and not [k for k in got if k.startswith("t4/")]
    results = " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3)
    groups = ["行政复议"] * 5 + ["行政诉讼"] * 10

    def t4(first: str, second: str, values: list[int]) -> dict[str, object]:
        heads = " | ".join([*groups, *[first] * 5, *[second] * 5])
        line = f"四、政府信息公开行政复议、行政诉讼情况 {heads} | {results} | {' | '.join(map(str, values))} |"
        return {k: v for k, v in numbers_of(line).items() if k.startswith("t4/")}

    swapped = t4("复议后起诉", "未经复议直接起诉", [2, 1, 3, 1, 7, 13, 2, 4, 0, 19, 0, 0, 0, 0, 0])
    assert swapped == {}
    kept = t4("未经复议直接起诉", "复议后起诉", [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19])
    assert kept["t4/litigation_after_review/upheld"] == 13 and kept["t4/review/total"] == 7 and len(kept) == 15


def test_a_t4_header_in_shorter_words_printed_as_text_orders_its_columns() -> None:
    """Pingtan 2022 with a stray cell before each row, short header words and t4's results reordered: the header, text
    in trafilatura 1.x's print, names 结果纠正 | 维持 | 未审结 | 其他结果 | 合计 (no 结果维持, by which its place was found),
    and 「1 | 0 | 0 | 1 | 2 | …」 was read in the template's order: 1 for 行政复议's 0 upheld. The shorter words name the
    results as a grid's header cells do: the order departs, the row is withheld."""
    got = numbers(COPIES / "pingtan_202302_80629-stray-short-words-t4-reordered.txt")
    assert wrong(got, truth("pingtan/202302_80629")) == {} and not [k for k in got if k.startswith("t4/review/")]
    assert len(got) >= 150


def test_a_t3_header_printing_total_first_as_text_orders_its_columns() -> None:
    """Pingtan 2022 with merged cells blank, a 小计 column and 总计 first, 自然人 last: trafilatura 1.x prints the header
    as text, 「总计 | 法人或其他组织 | 自然人」 over the organisations and 小计, and 「3.其他 | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 0 |」
    (总计, 商业企业 … 其他, 小计, 自然人) as a line of values: eight numbers for seven columns, read in the template's order
    where every reading agreed, gave 2 (总计's) for 自然人. 总计 printed right before 法人或其他组织 stands first, 自然人
    right after it last: the template's order is denied and such rows are withheld. The template's 「自然人 法人或其他组织
    总计」, or 总计 in the row above (the seeds), still reads."""
    from harvester.parse.headers import t3_order

    got = numbers(COPIES / "pingtan_202302_80629-blank-subtotal-total-first.txt")
    assert wrong(got, truth("pingtan/202302_80629")) == {} and "t3/other_misc/natural_person" not in got
    assert len(got) >= 100
    orgs = "商业企业|科研机构|社会公益组织|法律服务机构|其他"
    assert t3_order(f"申请人情况|总计|法人或其他组织|自然人|{orgs}|小计|")[::5] == ["total", "natural_person"]
    assert t3_order(f"申请人情况|自然人|法人或其他组织|总计|{orgs}|") == ["business", "research", "nonprofit", "legal_services"]
    assert t3_order(f"申请人情况总计自然人法人或其他组织{orgs}") == ["business", "research", "nonprofit", "legal_services"]


def test_a_t3_header_printing_the_short_total_first_as_text_orders_its_columns() -> None:
    """The same page with short header words too: 「合计 | 法人或其他组织 | 自然人」, 合计 for 总计, was not taken for a
    total printed first, and 「3.其他 | 2 | 2 | 0 | 0 | 0 | 0 | 2 | 0 |」 was read in the template's order where its two
    readings agreed: 2 (总计's) for 自然人's 0. The shorter words a header prints for 总计 and 自然人 order it as theirs do."""
    from harvester.parse.headers import t3_order

    got, want = numbers(COPIES / "pingtan_202302_80629-blank-short-subtotal-total-first.txt"), truth("pingtan/202302_80629")
    assert wrong(got, want) == {} and "t3/other_misc/natural_person" not in got
    assert len(got) >= 90 and got["t2/normative_documents/in_force"] == want["t2/normative_documents/in_force"]
    orgs = "企业|科研机构|公益组织|法律机构|其他"
    assert t3_order(f"申请人情况|合计|法人或其他组织|公民|{orgs}|小计|")[::5] == ["total", "natural_person"]
    assert t3_order(f"申请人情况|公民|法人或其他组织|合计|{orgs}|") == ["business", "research", "nonprofit", "legal_services"]
    assert t3_order(f"申请人情况|{orgs}|公民|合计|") == ["business", "research", "nonprofit", "legal_services", "natural_person"]


def test_a_t3_header_row_printed_as_a_line_orders_its_columns_where_its_cells_stand() -> None:
    """The same text with the columns moved: 「法人或其他组织 | 自然人 | 合计 |」 over the organisations and 小计, each
    row's 自然人 and 合计 after 小计. The header's rows become lines of text (their blanks' places lost), the words
    run together as in a PDF's 「法人或其他组织」 over 「自然人 总计」; the template's order stood, and
    「一、本年新收政府信息公开申请数量 | 3 | 0 | 0 | 0 | 0 | 3 | 71 | 74 | |」 was read where its two readings agreed:
    business 0 for 3. A header row printed as a line of its own puts 自然人 and 总计 where its cells stand."""
    from harvester.parse.headers import t3_order

    got, want = numbers(COPIES / "pingtan_202302_80629-blank-short-subtotal-group-first.txt"), truth("pingtan/202302_80629")
    assert wrong(got, want) == {} and "t3/new_received/business" not in got
    assert len(got) >= 90 and got["t2/normative_documents/in_force"] == want["t2/normative_documents/in_force"]
    orgs = "企业科研机构公益组织法律机构其他"
    group = ["business", "research", "nonprofit", "legal_services"]
    assert t3_order(f"申请人情况法人或其他组织自然人合计{orgs}", breaks=[0, 5, 17]) == [*group, "natural_person", "total"]
    assert t3_order(f"申请人情况合计自然人法人或其他组织{orgs}", breaks=[0, 5, 17]) == ["total", "natural_person", *group]
    assert t3_order(f"申请人情况自然人法人或其他组织合计{orgs}", breaks=[0, 5, 17]) == ["natural_person", *group, "total"]
    assert t3_order(f"申请人情况法人或其他组织自然人合计{orgs}", breaks=[0, 5, 12]) == group  # 自然人 a line lower
    assert t3_order(f"申请人情况法人或其他组织自然人合计{orgs}") == group  # no lines: a PDF's spanning cells


def test_a_row_with_a_cell_of_digits_opening_with_0_is_withheld() -> None:
    """Pingtan 2021 with two rows printed as one (each cell's two texts a line apart), line breaks inside labels and
    件 after numbers: trafilatura 1.x drops the line break between a cell's numbers, 「20<br>0件」 is printed 「200件」
    and 「0<br>0件」 「00件」. 「… 二、上年结转政府信息公开申请数量 | 200件 | 00件 | 00件 | 00件 | 00件 | 10件 | 210件 |」 was
    read as 上年结转's 200, 10 and 210 (its row total holds), and 「2.重复申请 3.要求提供公开出版物 | 30件 | …」 as 30 for
    要求提供公开出版物's 0. No count is printed with a leading 0: a row with such a cell holds two cells' digits run
    together, and its other numbers may too; withheld."""
    got = numbers(COPIES / "pingtan_202103_80595-label-breaks-two-rows-unit.txt")
    assert wrong(got, truth("pingtan/202103_80595")) == {}
    assert "t3/carried_over/natural_person" not in got and got["t3/granted/natural_person"] == 6 and len(got) >= 60
    kept = numbers_of("三、收到和处理政府信息公开申请情况\n（一）予以公开 | 6件 | 0件 | 0件 | 0件 | 0件 | 1件 | 7件 |")
    assert kept["t3/granted/total"] == 7
    two = numbers_of("三、收到和处理政府信息公开申请情况\n（一）予以公开 | 60件 | 00件 | 00件 | 00件 | 00件 | 10件 | 70件 |")
    assert two == {}


def test_digits_before_a_printed_border_are_not_cut_into_the_cells_after_it() -> None:
    """Pingtan 2022 with a 合计 row in t2, an empty column at the right, two rows printed as one and 件 after numbers:
    「规章 行政规范性文件 | 088件 | 055件 | 0698件 | |」 (0 over 88 and so on, the line break lost). The table reader withholds
    the row (a cell opening with 0), and none of t2's rows is read; the flattened text's run after 规范性文件 stopped at
    the first 件, 「088」, and was cut into three cells: 0, 8 and 8 for 88, 55 and 698. A run followed by a border or a
    measure word and more digits is one cell's digits, the row's cells printed apart: not cut into several."""
    got = numbers(COPIES / "pingtan_202302_80629-sum-row-column-two-rows-unit.txt")
    assert wrong(got, truth("pingtan/202302_80629")) == {} and len(got) >= 78
    assert "t2/normative_documents/issued" not in got and got["t3/granted/natural_person"] == 21
    head = "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容 本年制发件数 本年废止件数 现行有效件数\n"
    assert numbers_of(f"{head}规章 0 0 0 行政规范性文件 8 0 8")["t2/normative_documents/in_force"] == 8


def test_numbers_each_in_a_cell_of_their_own_are_not_split_across_columns() -> None:
    """Pingtan 2024 with merged cells blank, 总计 first and 自然人 last, then the 总计 columns dropped: t3's rows are
    lines of six values in cells of their own, 自然人 last. 「（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 22 |」 has six numbers for
    seven columns, and 22 was cut into 2 and 2, the one split whose total holds: 2 for 其他's 0 and 总计's 22. A number in
    a cell of its own is that cell's: too few of them mean a column left out, withheld. Digits in one cell are still
    cut where the identities allow one way only (tests/test_parser_fixtures.py)."""
    got = numbers(COPIES / "pingtan_202403_87885-blank-total-first-dropped.txt")
    assert wrong(got, truth("pingtan/202403_87885")) == {} and "t3/granted/total" not in got
    assert got["t2/normative_documents/issued"] == 77
    head = "三、收到和处理政府信息公开申请情况\n"
    assert numbers_of(f"{head}（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 22 |") == {}
    assert numbers_of(f"{head}（一）予以公开 | 0 | 0 | 0 | 0 | 0 | 22 | 22 |")["t3/granted/total"] == 22
    assert numbers_of(f"{head}（一）予以公开\t2000002")["t3/granted/natural_person"] == 2  # one cell's digits: one split
