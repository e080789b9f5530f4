"""A t3 row that lost a cell (the STCSM 2024 markdown's 结转下年度继续办理: six numbers for seven columns) is placed
where the other rows' identities put its cells, only when one placement agrees; the lost cell is withheld."""

from __future__ import annotations

import re

import pytest

from harvester.demo.data import make_report
from harvester.demo.formats import page_html
from harvester.extract import extract
from harvester.parse import Report, parse_document, parse_text
from harvester.parse.shortrow import place
from harvester.parse.spec import T3_COLUMNS, t3_order

from .conftest import ROOT

STCSM = ROOT / "tests" / "real" / "shanghai_stcsm_2024" / "source.md"
PRINTED = "| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |"  # as the PDF tool wrote it: the total is gone


def row(report: Report, key: str) -> dict[str, tuple[object, str]]:
    return {f.col: (f.value, f.evidence) for f in report.facts if (f.table, f.row) == ("t3", key)}


def with_row(line: str) -> str:
    source = STCSM.read_text(encoding="utf-8")
    assert PRINTED in source
    return source.replace(PRINTED, line)


def test_the_real_row_that_lost_its_total_keeps_its_six_cells() -> None:
    report = parse_text(STCSM.read_text(encoding="utf-8"))
    assert row(report, "carried_forward") == {
        c: (v, "identity") for c, v in zip(T3_COLUMNS[:-1], [1, 0, 0, 0, 0, 0], strict=True)
    }
    warning = next(w for w in report.warnings if w.startswith("t3: carried_forward"))
    assert "at line 178 prints 6 cells for 7 columns" in warning and warning.endswith("total withheld")
    lines = STCSM.read_text(encoding="utf-8").split("\n")
    locator = next(f.locator for f in report.facts if f.key() == ("t3", "carried_forward", "natural_person"))
    assert lines[int(locator.split()[1]) - 1] == PRINTED  # the locator names the file's own line
    checks = {(c.check, c.key): c.status for c in report.checks}
    assert checks[("t3.row_total", "carried_forward")] == "incomplete" and checks[("t3.balance", "total")] == "incomplete"


def test_a_row_that_lost_its_first_cell_is_placed_to_the_right() -> None:
    """The identities give 1 0 0 0 0 0 1; printed 0 0 0 0 0 1 fits only without 自然人."""
    report = parse_text(with_row("| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 | 0 | 1 |  |"))
    cells = row(report, "carried_forward")
    assert "natural_person" not in cells and cells["total"] == (1, "identity") and cells["business"] == (0, "identity")
    assert any("natural_person withheld" in w for w in report.warnings)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("| 四、结转下年度继续办理 | 2 | 0 | 0 | 0 | 0 | 0 |  |", "no placement agrees"),
        ("| 四、结转下年度继续办理 | 0 | 0 | 0 | 0 |  |  |  |", "four zeros fit five columns of zeros"),
    ],
)
def test_a_short_row_that_no_single_placement_explains_is_withheld(line: str, why: str) -> None:
    report = parse_text(with_row(line))
    assert row(report, "carried_forward") == {}, why
    assert any("no column header locates the values at line 178" in w for w in report.warnings)


def test_placement_needs_one_reading() -> None:
    expected = {c: 0.0 for c in T3_COLUMNS} | {"natural_person": 3.0, "business": 5.0, "research": 5.0, "total": 13.0}
    assert place([3, 5, 0, 0, 0, 13], expected) is None  # which 5 was lost cannot be told
    assert place([3, 5, 5, 0, 0, 0], expected) == T3_COLUMNS[:-1]
    assert place([3, 5, 5, 0, 0, 0, 13], expected) is None  # a full row is not short


@pytest.mark.parametrize(("lost", "placed"), [(1, True), (3, False)])
def test_a_grid_row_short_of_a_cell_under_its_header(lost: int, placed: bool) -> None:
    """An HTML table whose 结转下年度继续办理 row (0 1 2 3 3 2 11) lost a value cell (a <td> dropped): read under the
    header it runs short; the identities place the six it has, unless the lost cell's neighbour repeats it (3 3),
    where two placements agree and the row is withheld."""
    demo = make_report(9101, "粤示范县人民政府", 2022, "2023-01-20")
    values = [demo.t3[("carried_forward", c)] for c in T3_COLUMNS]
    assert values == ["0", "1", "2", "3", "3", "2", "11"]
    body = page_html(demo)
    m = re.search(r"<tr><td colspan=\"3\">四、结转下年度继续办理</td>((?:<td>[^<]*</td>){7})</tr>", body)
    assert m is not None
    cells = re.findall(r"<td>[^<]*</td>", m.group(1))
    short = body.replace(m.group(1), "".join(cells[:lost] + cells[lost + 1 :]))
    report = parse_document(extract(short.encode(), "text/html; charset=utf-8", "page.html")[1])
    got = row(report, "carried_forward")
    if placed:
        assert got == {c: (int(values[i]), "identity") for i, c in enumerate(T3_COLUMNS) if i != lost}
        assert any(w.endswith(f"{T3_COLUMNS[lost]} withheld") for w in report.warnings)
    else:
        assert got == {} and any("fewer cells than its header" in w and "row withheld" in w for w in report.warnings)
    others = {f.key() for f in report.facts if f.table == "t3" and f.row != "carried_forward"}
    assert len(others) == (len(t3_order("2021")) - 1) * len(T3_COLUMNS)  # every other row read whole


def test_a_pdf_row_that_lost_its_total_does_not_take_its_labels_span_as_a_value() -> None:
    """The Word-exported PDF of a real page (full-width digits, the header's colspans stripped) broke table 三's
    「（一）予以公开」 row at a page edge: its label's merged slot (SPAN in a PDF grid), then six numbers, no 总计.
    Read as seven after the label, the SPAN stood for 自然人 and 自然人's 21 went to 商业企业, 0 to 总计. A SPAN that
    carries on a label is the label's: the row has six values, not seven."""
    from harvester.parse.columns import trailing_values
    from harvester.parse.rows import SPAN

    assert trailing_values(["三、本", "（一）予以公开", SPAN, "２１", "０", "０", "０", "０", "０"], 7) is None
    assert trailing_values(["（一）予以公开", "21", SPAN, "0", "0", "0", "0", "21"], 7) == 1  # a merged value's slot
    assert trailing_values(["（一）予以公开", "21", "0", "0", "0", "0", "0", "21"], 7) == 1


def test_a_pdf_row_ending_in_a_merged_slot_reads_its_seven_values_before_it() -> None:
    """The Word-exported PDF of a real page (zeros printed as —, the rows' label spans stripped): 「一、本年新收」 then
    20 — — — — 1 21, an empty cell and its merged slot (SPAN) after them. Counted among the seven, the SPAN stood for
    总计 and every number moved a column left (21 as 法律服务机构). A trailing SPAN is no value."""
    from harvester.parse.columns import trailing_values
    from harvester.parse.rows import SPAN

    assert trailing_values(["一、本年新收", "20", "—", "—", "—", "—", "1", "21", "", SPAN], 7) == 1
