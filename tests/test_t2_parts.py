"""Table 二's parts (第二十条第（一）项, （五）, （六）, （八）) each under its own header: a row under another part's header."""

from __future__ import annotations

from lxml import html as lxml_html

from benchmarks.perturb import PAGES, apply, facts
from harvester.extract import extract
from harvester.parse import parse_document
from harvester.parse.spec import T2_DEFAULT_COLUMNS, T2_ROW_COLUMNS

FIRST_PART = {"regulations", "normative_documents"}  # 第二十条第（一）项, the rows under the first header


def test_t2_rows_under_the_first_parts_header_are_withheld_not_read_as_its_columns() -> None:
    """The real pages with table 二's later parts printed under the first part's header (their own header rows
    dropped, one header for the whole table): 行政许可's 本年处理决定数量 came out as 本年制发件数 (10690 as
    licensing.issued on Pingtan 2022), 32 values under columns no template gives those rows. A row with a value under
    a column it has in neither template is withheld with a warning; the first part's rows read as published."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        body = apply(tree, "t2 parts under the first part's header")
        report = parse_document(extract(body, "text/html; charset=utf-8")[1])
        got = {f.key(): f.value for f in report.facts if f.value is not None}
        t2 = {k for k in got if k[0] == "t2"}
        assert t2 == {k for k in published if k[0] == "t2" and k[1] in FIRST_PART}, page.parent.name
        assert all(got[k] == published[k] for k in got), page.parent.name
        withheld = [w for w in report.warnings if w.startswith("t2: licensing") and "not its columns; withheld" in w]
        assert withheld, (page.parent.name, report.warnings)


def test_every_template_column_of_a_t2_row_is_one_it_may_have() -> None:
    """The columns a t2 row may have are those either template gives it, and no more."""
    for template in ("2019", "2021"):
        for row, columns in T2_DEFAULT_COLUMNS[template].items():
            assert set(columns) <= T2_ROW_COLUMNS[row], (template, row)
    assert T2_ROW_COLUMNS["licensing"] == {"prev_items", "change", "decisions"}
    assert T2_ROW_COLUMNS["fees"] == {"prev_items", "change", "amount"}
    assert "prev_items" not in T2_ROW_COLUMNS["regulations"]


def test_a_t2_row_with_more_cells_than_columns_and_a_dash_among_them_is_withheld() -> None:
    """Word's PDF of the county bureau's page with a stray empty cell before each header row, t2's columns swapped and
    zeros printed as /: the header lost its last cell off the page's edge (「| 信息内容 | 本年废止件数 | 本年制发件数」
    over 「规范性文件 | / | 8 | 18」). Its numbers alone were read as the two columns: 8 published as repealed (a 0 there)
    and 18 as issued (8). Three values (a dash is one) for two columns are withheld; and 「规章 | / | / | /」, a row
    printed blank, no longer replaces the header, so the row, a column off the header's positions, is withheld there."""
    from harvester.parse.model import Block, Document, Row

    rows = [
        ["", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（一"],
        ["", "信息内容", "本年废止件数", "本年制发件数"],
        ["规章", "/", "/", "/"],
        ["规范性文件", "/", "8", "18"],
    ]
    table = Block("table", rows=[Row(cells, f"page 4 table 1 row {n}", True) for n, cells in enumerate(rows, 1)])
    blocks = [Block("text", text="二、主动公开政府信息情况"), table]
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t2" and f.value is not None]
    assert any("normative_documents at page 4 table 1 row 4 does not line up with the header" in w for w in report.warnings)
    rows[3] = ["规范性文件", "0", "8", "18"]  # 0 printed: three numbers for two columns, withheld as before
    table = Block("table", rows=[Row(cells, f"page 4 table 1 row {n}", True) for n, cells in enumerate(rows, 1)])
    report = parse_document(Document([blocks[0], table], extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.table == "t2" and f.value is not None]


def test_a_t2_text_line_with_fewer_numbers_than_its_columns_is_withheld() -> None:
    """Word's PDF of Pingtan 2021 (the 2019 template) with no-break spaces around the numbers, its tables cut in two and
    an empty row under each header: the row 「行政处罚 | 2648 | -18 | 538」 came out of the grid as two text lines,
    「2648 538」 and 「行政处罚 -18」. Read from the line as the row's first column, -18 was published as 上一年项目数量
    (2648). A text line keeps no blank cells: one number for three columns is withheld; a line with all three is read,
    and so is a part of one column (「行政许可 97」 in the 2021 template)."""
    from harvester.parse.model import Block, Document

    head = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 上一年项目数量 本年增/减 处理决定数量\n"
    whole = {"prev_items": 2648, "change": -18, "decisions": 538}
    for line, expect in (("行政处罚 -18", {}), ("行政处罚 2648 -18 538", whole)):
        report = parse_document(Document([Block("text", text=head + line)], ordered=True))
        got = {f.col: f.value for f in report.facts if f.row == "punishment" and f.value is not None}
        assert got == expect
        assert any("punishment has 1 values for 3 columns" in w for w in report.warnings) == (not expect)
    part = "二、主动公开政府信息情况\n第二十条第（五）项\n信息内容 本年处理决定数量\n行政许可 97"
    report = parse_document(Document([Block("text", text=part)], ordered=True))
    assert {(f.row, f.col): f.value for f in report.facts if f.value is not None} == {("licensing", "decisions"): 97}


def test_a_zero_printed_as_a_word_takes_its_column_in_a_row_with_more_cells_than_columns() -> None:
    """Word's PDF of the county bureau's page with a stray empty cell before each header row, a 合计 row in t2 and zeros
    printed as 无: the header a column right of its rows, its last column (现行有效件数) past the page's right edge.
    「规范性文件 | 8 | 无 | 18」 has three cells for the header's two columns; read by its numbers alone, 无 was passed
    over and 18 (现行有效件数) published as 本年废止件数 (0). A 无 fills its column as a number does: three values for
    two columns are withheld, and the table is said found with none of its rows read (it was said not found). The
    header's positions stand over 「规章 | 无 | 无 | 无」 now, and the row is withheld a column off them."""
    from harvester.parse.model import Block, Document, Row

    rows = [
        ["", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（"],
        ["", "信息内容", "本年制发件数", "本年废止件数"],
        ["规章", "无", "无", "无"],
        ["规范性文件", "8", "无", "18"],
        ["合计", "8", "无", "18"],
    ]
    table = Block("table", rows=[Row(c, f"page 4 table 1 row {n}", True, past_edge=True) for n, c in enumerate(rows, 1)])
    report = parse_document(
        Document([Block("text", text="二、主动公开政府信息情况"), table], extractor="pdf", ordered=True, path="pdf-text")
    )
    assert not [f for f in report.facts if f.table == "t2" and f.value is not None]
    assert any("normative_documents at page 4 table 1 row 4 does not line up with the header" in w for w in report.warnings)
    assert "t2: table 主动公开政府信息情况 found, none of its rows read (see the other t2 warnings); no facts" in report.warnings


def test_a_t2_row_printed_blank_does_not_replace_the_header_above_it() -> None:
    """Word's PDF of the county page with a stray cell before each header row, t2's columns swapped and zeros left
    blank: 「规章 | | |」 (all zero) was taken for a header row, wiping the header's positions, and 「规范性文件 | | 8 |
    18」 was then read in order as 8 本年废止件数 and 18 本年制发件数 (8 and 0). A row naming a t2 row is no header: the
    header's positions stand, and the row, a column off them, is withheld."""
    from harvester.parse.model import Block, Document, Row

    rows = [
        ["", "第二十条第（一）项", "第二十条第（一）项", "第二十条第（一）项"],
        ["", "信息内容", "本年废止件数", "本年制发件数"],
        ["规章", "", "", ""],
        ["规范性文件", "", "8", "18"],
    ]
    blocks = [Block("text", text="二、主动公开政府信息情况")]
    blocks.append(Block("table", rows=[Row(r, f"page 4 table 1 row {n}", in_table=True) for n, r in enumerate(rows, 1)]))
    report = parse_document(Document(blocks, extractor="pdf", ordered=True, path="pdf-text"))
    assert not [f for f in report.facts if f.row == "normative_documents" and f.value is not None]
    assert any("normative_documents at page 4 table 1 row 4 does not line up with the header" in w for w in report.warnings)
