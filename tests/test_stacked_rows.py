"""Two rows of a table printed as one, each cell holding both rows' texts a line apart: never one number made of two."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from lxml import html as lxml_html

from benchmarks.perturb import DOCX, PAGES, apply, facts
from harvester.extract.pdf_lines import row_texts
from harvester.parse import parse_document
from harvester.parse.cells import read_cell
from harvester.parse.model import Block, Document

MERGED = "two rows in one, a line each"
PINGTAN_2024 = "202503_97791"  # t3's 「4.保护第三方合法权益」 0 and 「5.属于三类内部事务信息」 32, one row below the other


def test_the_real_pages_with_two_rows_in_one_give_no_value_made_of_both() -> None:
    """The five real pages with every two rows of numbers printed as one (「0<br>32」 in the 自然人 column): 「32」 was
    read 332 and 「1<br>1」 11, 30 values in all. Digits a line apart are two values: those rows are withheld, every
    other fact kept."""
    kept = 0
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        body = apply(tree, MERGED)
        assert body.count(b"<br>") > 20, page.parent.name
        got = facts(body)
        assert {k: v for k, v in got.items() if published.get(k) != v} == {}, page.parent.name
        kept += len(got)
        if page.parent.name == PINGTAN_2024:
            assert ("t3", "denied_internal_affairs", "natural_person") not in got
            assert got[("t2", "fees", "amount")] == published[("t2", "fees", "amount")]  # a row of its own: kept
    assert kept >= 300


@pytest.mark.parametrize(
    "cell",
    ["3<br>32", "<p>3</p><p>32</p>", "<div>3</div>32", "3<br/>\n32"],
)
def test_digits_a_line_apart_in_an_html_cell_are_no_number(cell: str) -> None:
    page = (
        "<html><body><p>三、收到和处理政府信息公开申请情况</p><table>"
        "<tr><td>本年度办理结果</td><td>自然人</td><td>总计</td></tr>"
        f"<tr><td>（一）予以公开</td><td>{cell}</td><td>35</td></tr></table></body></html>"
    )
    assert facts(page.encode()) == {("t3", "granted", "total"): 35}
    assert facts(page.replace(cell, "32").encode())[("t3", "granted", "natural_person")] == 32  # one line: read


def test_digits_in_two_paragraphs_of_a_word_cell_are_no_number() -> None:
    """A .docx table cell with two paragraphs 「3」 and 「32」 (two rows' counts in one cell)."""
    import docx

    document = docx.Document()
    document.add_paragraph("三、收到和处理政府信息公开申请情况")
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("本年度办理结果", "自然人", "总计"), strict=True):
        cell.text = text
    label, person, total = table.rows[1].cells
    label.text, total.text = "（一）予以公开", "35"
    person.text = "3"
    person.add_paragraph("32")
    body = io.BytesIO()
    document.save(body)
    assert facts(body.getvalue(), DOCX) == {("t3", "granted", "total"): 35}


@pytest.mark.parametrize(
    ("raw", "value"),
    [("3 32", None), ("3\n32", None), ("1 2 件", None), ("\xa012\xa0", 12), ("３２", 32), ("3 件", 3), ("1,234", 1234)],
)
def test_white_space_between_digits_makes_two_values(raw: str, value: int | None) -> None:
    assert read_cell(raw).value == value


@pytest.mark.parametrize(("raw", "value"), [("- 18", None), ("－\n18", None), ("+ 5", None), ("-18", -18), ("－18", -18)])
def test_a_sign_apart_from_its_digits_is_no_number(raw: str, value: int | None) -> None:
    """A sign a space apart from the digits after it is a blank mark beside a number (or a sign a wrap cut off), not
    the number's sign: no value."""
    assert read_cell(raw).value == value


def test_a_hyphen_for_zero_over_a_number_in_a_cell_two_rows_share_gives_no_value() -> None:
    """A PDF cell two rows share, its upper row's zero printed as a hyphen over the lower row's 18: its lines kept
    apart give 「- 18」, which read -18 once white space was folded away."""
    texts = row_texts(["行政处罚", "2,648", "-\n18", "538\n\n29"])  # apart: the room left under 538
    assert texts[2] == "- 18" and read_cell(texts[2]).value is None


@pytest.mark.parametrize(
    ("cells", "texts"),
    [
        # a number wrapped in a narrow cell, its row one row: joined
        (["（一）予以公开", "2\n6", "0", None, "2\n6"], ["（一）予以公开", "26", "0", None, "26"]),
        (["（七）总计", "21\n8", "1\n0"], ["（七）总计", "218", "10"]),
        (["其中：\n1、政府\n网站公开\n数", "条", "254\n3"], ["其中： 1、政府 网站公开 数", "条", "2543"]),  # one item
        # two rows in one: a label whose second line opens an outline number, or digits no wrap makes
        (
            ["4.保护第三方合法权益\n5.属于三类内部事务信息", "1\n1", "0"],
            ["4.保护第三方合法权益 5.属于三类内部事务信息", "1 1", "0"],
        ),
        (["（七）总计", "20\n0", "0\n0"], ["（七）总计", "20 0", "0 0"]),  # 0 over 0: no number starts with 0
        (["总计", "3\n32", "35"], ["总计", "3 32", "35"]),  # a line fuller than the one above it
        (["总计", "12\n3\n45"], ["总计", "12 3 45"]),  # a middle line not full
        # Pingtan 2020, a 合计 row in t2, its header above the grid, thousands commas, two rows in one (word_sets.py
        # quads 120 30): 行政处罚 over 行政强制 cut by a page break, 「538」 over 「29」 apart by the room left, and
        # 「-18」 over 「26」 (a sign before the first line's digits) was joined as -1826: lines of signed digits stay apart
        (["行政处罚", "2,648", "-18\n26", "538\n\n29"], ["行政处罚", "2,648", "-18 26", "538 29"]),
        (["行政处罚", "-18\n26"], ["行政处罚", "-1826"]),  # a negative number wrapped, its row one row: joined
    ],
)
def test_lines_of_a_pdf_cell_join_only_where_a_wrap_makes_them(cells: list[str | None], texts: list[str | None]) -> None:
    assert row_texts(cells) == texts


def _granted_cells(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    row = next(tr for tr in tree.xpath("//tr") if "（一）予以公开" in tr.text_content())
    return [td for td in row.xpath("./td") if td.text_content().strip().isdigit()]


def test_digits_a_line_apart_with_room_left_in_their_pdf_cell_are_two_values(tmp_path: Path) -> None:
    """Word's PDF of Pingtan 2024 with two rows' counts in 予以公开's 商业企业 cell, 「1」 over 「2」 (nothing else in the row
    shows two rows): lines a wrap could make (each as full as the last) in a cell three digits wide, read 12 for 0.
    A wrap fills its line before it breaks; the 「1」 left room for the 「2」 beside it: two values, no number. Numbers
    wrapped in their narrow cells with less room to spare (the same page in full-width digits: 「２１」 over 「８」, 「１」
    over 「９」 with 6.1 points free) are still one: 218 and 19."""
    from tests.conftest import word_pdfs

    page = next(p for p in PAGES if p.parent.name == PINGTAN_2024)
    tree = lxml_html.fromstring(page.read_bytes())
    published = facts(lxml_html.tostring(tree, encoding="utf-8"))
    stacked = copy.deepcopy(tree)
    business = _granted_cells(stacked)[1]
    business.text = "1"
    business.append(lxml_html.fromstring("<br>"))
    business[-1].tail = "2"
    sources = {"stacked": tmp_path / "stacked.html", "wide": tmp_path / "wide.html"}
    sources["stacked"].write_bytes(lxml_html.tostring(stacked, encoding="utf-8"))
    sources["wide"].write_bytes(apply(tree, "full-width digits"))
    pdfs = word_pdfs(sources, tmp_path / "out")
    got = facts(pdfs["stacked"], "application/pdf")
    assert ("t3", "granted", "business") not in got
    assert {k: v for k, v in got.items() if published.get(k) != v} == {}
    assert len(got) >= 190
    wide = facts(pdfs["wide"], "application/pdf")
    assert wide[("t3", "total_processed", "total")] == 218 and wide[("t4", "litigation_after_review", "total")] == 19
    assert {k: v for k, v in wide.items() if published.get(k) != v} == {} and len(wide) == len(published)


def _glyphs(lines: list[str], left: float, width: float = 7.6) -> list[dict[str, object]]:
    return [
        {"text": ch, "x0": left + i * width, "x1": left + (i + 1) * width, "bottom": 100.0 + 14 * n}
        for n, line in enumerate(lines)
        for i, ch in enumerate(line)
    ]


@pytest.mark.parametrize(
    ("lines", "glyph", "width", "margin", "joined"),
    [
        (["1", "2"], 7.6, 28.0, 0.1, False),  # 「1」 left 12.6 points free for 「2」 beside it: no wrap
        (["1", "2"], 7.6, 28.0, 5.4, True),  # Word's default margins: 2 points free, a wrap may leave them
        (["１", "９"], 12.0, 30.1, 1.5, True),  # LibreOffice's full-width 「１」 over 「９」, 3.1 free past the margins: 19
        (["21", "8"], 7.6, 31.5, 0.1, True),
        (["217", "0"], 7.6, 60.0, 0.1, False),
    ],
)
def test_lines_of_digits_are_a_wrap_only_where_the_line_had_no_room(
    lines: list[str], glyph: float, width: float, margin: float, joined: bool
) -> None:
    from harvester.extract.pdf_lines import least_margin, unwrapped

    text = "\n".join(lines)
    glyphs = _glyphs(lines, 10.0 + margin, glyph)
    assert least_margin([((10.0, 0, 10.0 + width, 0), glyphs), (None, None)]) == pytest.approx(margin)
    got = row_texts(["（一）予以公开", unwrapped(text, glyphs, width, margin)])[1]
    assert got == ("".join(lines) if joined else " ".join(lines))


def test_two_rows_in_one_with_a_blank_give_no_value_to_the_other_row() -> None:
    """The same with zeros left blank: 「一、本年新收… 二、上年结转…」 over 「3<br>」 (3 new, the carried-over blank) was
    read as 上年结转 (the label's last level, as for 「三、… （三）… 1.…」 in one cell), and 3 published as its value.
    A label of two items of one outline level names no row."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        got = facts(apply(tree, "zero left blank", MERGED))
        assert {k: v for k, v in got.items() if published.get(k) != v} == {}, page.parent.name


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("一、本年新收政府信息公开申请数量 二、上年结转政府信息公开申请数量", None),
        ("4.保护第三方合法权益5.属于三类内部事务信息", None),
        ("（一）予以公开（二）部分公开", None),
        ("三、本年度办理结果（三）不予公开1.属于国家秘密", "denied_state_secret"),  # levels of one row
        ("（四）无法提供1.本机关不掌握相关政府信息", "unable_not_held"),
        ("二、上年结转政府信息公开申请数量", "carried_over"),
        ("本年新收政府信息公开申请数量 上年结转政府信息公开申请数量", None),  # outline numbers left out: two names
        ("（七）总计 四、结转下年度继续办理", None),
        ("其他处理 总计", None),  # outline numbers left out: 2019's 其他处理 row over 总计
        ("（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "other_no_correction"),
    ],
)
def test_a_label_of_two_rows_names_no_t3_row(label: str, key: str | None) -> None:
    """Two items of one outline level, or the names of two rows (其他处理 heads three rows in the 2021 template):
    two rows' labels printed as one, whose numbers Word's PDF may show as one wrapped number (「26」 over 「0」)."""
    from harvester.parse.columns import with_inner_suffixes
    from harvester.parse.t3labels import t3_row_key, two_rows

    assert two_rows(label) is (key is None)
    if key is not None:  # the last level of a label of one row's levels names it
        assert next((k for x in reversed(with_inner_suffixes([label])) if (k := t3_row_key(x))), None) == key


def test_label_cells_of_two_rows_name_no_t3_row() -> None:
    """Word's PDF of Pingtan 2022 with zeros printed as —, merged cells left blank and two rows printed as one: 「3.其他」
    and 「（七）总计」 share a row, each label in the cell of its own level (「（七）总计 | 3.其他 | 72 | 2 3 | … | 2 75」,
    the — above 72 too wide to be drawn). Read as 3.其他 (the row above was 其他处理's second), 72 was published as its
    自然人. An outline item naming a row that heads no rows, then another row or item: two rows, named by neither."""
    from harvester.parse.model import Block, Document, Row

    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    head = [["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", "", "", *orgs, ""]]
    fee = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    rows = [*head, ["", "（六）其他处理", fee, *["0"] * 7], ["", "（七）总计", "3.其他", "72", "2 3", *[""] * 4, "2 75"]]
    rows.append(["", "（六）其他处理", "3.其他", "1", *["0"] * 5, "1"])  # one row's levels: read
    rows.append(["", "（二）部分公开", "（区分处理的，只计这一情形，不计其他情形）", "4", *["0"] * 5, "4"])  # one row twice
    table = Block("table", rows=[Row(cells, f"page 6 table 1 row {n}", True) for n, cells in enumerate(rows, 1)])
    blocks = [Block("text", text="三、收到和处理政府信息公开申请情况"), table]
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}
    assert ("total_processed", "natural_person") not in got and got[("other_misc", "natural_person")] == 1
    assert got[("other_unpaid_fee", "total")] == 0 and got[("partially_granted", "total")] == 4
    from harvester.parse.t3labels import rows_in_label_cells

    assert rows_in_label_cells(["（七）总计", "3.其他"]) and rows_in_label_cells(["（一）予以公开", "结转下年度继续办理"])
    assert not rows_in_label_cells(["予公开", "5.属于三类内部事务信息"])  # 「（三）不」 over 「予公开」: a label's cut part
    assert not rows_in_label_cells(["三、本年度办理结果", "（四）无法提供", "1.本机关不掌握相关政府信息"])


def test_label_cells_naming_a_leaf_row_and_a_row_of_another_item_name_no_t3_row() -> None:
    """Word's PDF of Pingtan 2020 with zeros left blank, merged cells left blank and the outline numbers left out:
    「要求行政机关确认或重新出具已获取信息」 (不予处理's last row, its cells blank) ends a page and 「其他处理 | | 4 | … | 4」
    opens the next; the label joined as continued: 「 | 其他处理 | 要求行政机关确认… | 4 | … | 4」, and 4 was published as
    要求行政机关确认…'s 自然人 and 总计 (0 printed). 其他处理 named in full heads no such row: two rows, named by neither."""
    from harvester.parse.model import Block, Document, Row
    from harvester.parse.t3labels import rows_in_label_cells

    orgs = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    head = [["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"], ["", "", "", "", *orgs, ""]]
    rows = [*head, ["", "重复申请", "", "3", *[""] * 5, "3"]]
    rows.append(["", "其他处 理", "要求行政机关 确认或重新出 具已获取信息", "4", *[""] * 5, "4"])
    rows.append(["", "其他处 理", "", "1", *["0"] * 5, "1"])  # its own row: read
    table = Block("table", rows=[Row(cells, f"page 11 table 1 row {n}", True) for n, cells in enumerate(rows, 1)])
    blocks = [Block("text", text="三、收到和处理政府信息公开申请情况"), table]
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    got = {(f.row, f.col): f.value for f in report.facts if f.table == "t3" and f.value is not None}
    assert ("unprocessed_confirmation", "natural_person") not in got and got[("other", "total")] == 1
    assert got[("unprocessed_duplicate", "total")] == 3
    assert rows_in_label_cells(["", "其他处 理", "要求行政机关 确认或重新出 具已获取信息"])
    assert rows_in_label_cells(["", "予以公开", "属于国家秘密"])  # a leaf row named in full over another
    fee = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert not rows_in_label_cells(["三、本年度办理结果", "其他处理", fee])  # 其他处理 heads it (2021)
    assert not rows_in_label_cells(["", "其他处理", "3.其他"]) and not rows_in_label_cells(
        ["部分公开", "（区分处理的，只计这一情形，不计其他情形）"]
    )


# Word's PDF of Pingtan 2020 inside a layout table, short header words, two rows in one a line each: tables 二 and 三
# as text lines, the rows' numbers and the next rows' labels run together (as extracted, lines 319-367)
RUN_TOGETHER = [
    "开“微阵地”。二、主动公开政府信",
    "息情况 第二十条第",
    "（一）项信息内容本年新制作数量本",
    "年新公开数量对外公开总数规章007",
    "规范性文件7777166第二十条第",
    "（五）项信息内容上一年项目数量本",
    "年增/减处理决定数量行政许可",
    "396442278其他对外管理服务事项",
    "107105第二十条第（六）项信息内",
    "容上一年项目数量本年增/减处理决定",
    "数量行政处罚2648-18538行政强制",
    "1262629第二十条第（八）项信息",
    "内容上一年项目数量本年增/减行政事",
    "业性收费35-15第二十条第（九）项",
    "信息内容采购项目数量采购总金额政",
    "府集中采购39573802895.90元",
    "三、收到和处理政府信息公开申请情",
    "况（本列数据的勾稽关系为：第一项",
    "加第二项之和，等于第三项加第四项",
    "之和）申请人情况自然人法人或其他",
    "组织合计企业科研机构公益组织法律",
    "机构其他一、本年新收政府信息公开",
    "申请数量200 000121二、上",
    "年结转政府信息公开申请数量",
    "0000000三、本年度办理结果",
    "（一）予以公开6000017（二）部",
    "分公开（区分处理的，只计这一情",
    "形，不计其他情形）6000006（三）",
    "不予公开1.属于国家秘密",
    "00000002.其他法律行政法规禁止公",
    "开00000003.危及“三安全一稳",
    "定”00000004.保护第三方合法权益",
    "00000005.属于三类内部事务信息",
    "00000006.属于四类过程性信息",
    "00000007.属于行政执法案卷",
    "00000008.属于行政查询事项",
    "0000000三、本年度办理结果",
    "（四）无法提供1.本机关不掌握相关",
    "政府信息40000042.没有现成信息",
    "需要另行制作00000003.补正后申",
    "请内容仍不明确3000003（五）不",
    "予处理1.信访举报投诉类申请",
    "00000002.重复申请30000033.要",
    "求提供公开出版物00000004.无正",
    "当理由大量反复申请00000005.要",
    "求行政机关确认或重新出具已获取信",
    "息0000000（六）其他处理4 0 0 0",
    "0 0 4（七）合计20 0 00 0 121",
    "四、结转下年度继续办理 0 0 00 00",
]


def test_a_text_line_whose_values_hold_another_row_s_label_is_withheld() -> None:
    """「0 0 4（七）合计20 0 00 0 121」: 其他处理's last numbers, 合计's label and its numbers run into one line (合计's
    20 … 1 21 printed under 其他处理's 4 … 4, a line each). Placed by the template's order as 合计, its values were read
    as 0, 0, -, 0, -, 0, 121: 0 for 20 and 1, 121 for 21. A value holding a row's label says the line is two rows'
    text: it is withheld."""
    report = parse_document(Document([Block("text", text="\n".join(RUN_TOGETHER))], ordered=True))
    got = {f.col: f.value for f in report.facts if f.row == "total_processed" and f.value is not None}
    assert got == {} and any("holds total_processed's label" in w for w in report.warnings)
    assert {f.row for f in report.facts if f.table == "t3"} >= {"granted", "unable_not_held", "other"}  # the others read
