"""Table 三 rows whose labels a PDF-to-text tool floated out of their cells (tests/real/shanghai_stcsm_2024)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.parse import Report, parse_text
from harvester.parse.spec import T3_COLUMNS

from .conftest import ROOT

STCSM = ROOT / "tests" / "real" / "shanghai_stcsm_2024" / "source.md"
UNABLE = ("unable_not_held", "unable_needs_creation", "unable_unclear")


def t3_rows(report: Report) -> dict[str, list[object]]:
    cells = {(f.row, f.col): f.value for f in report.facts if f.table == "t3"}
    rows = {r for r, _ in cells}
    return {r: [cells.get((r, c)) for c in T3_COLUMNS] for r in rows}


@pytest.fixture(scope="module")
def source() -> str:
    return STCSM.read_text(encoding="utf-8")


def test_every_fact_of_the_stcsm_markdown_is_the_truth(source: str) -> None:
    report = parse_text(source)
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]["shanghai_stcsm_2024"]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert {k: v for k, v in got.items() if truth["facts"].get(k) != v} == {}
    assert len(got) >= len(truth["facts"]) - 7  # only the row that lost a cell is missing
    assert (report.agency, report.year, report.template) == ("上海市科委", 2024, "2021")
    assert not [c for c in report.checks if c.status == "fail"]


def test_two_labels_above_one_row_do_not_name_it(source: str) -> None:
    """「5.属于三类内部事务信息」 and 「1.本机关不掌握相关政府信息」 stand above one row: the last label is not the row's;
    the rows around it (第三方 before, 过程性 after) leave one place, 三类内部事务, which the first label names."""
    rows = t3_rows(parse_text(source))
    assert rows["denied_internal_affairs"] == [1, 0, 0, 0, 0, 0, 1]
    assert rows["unable_not_held"] == [4, 0, 0, 0, 0, 0, 4]  # three rows later, with no label (was read as 1 before)
    assert rows["unable_needs_creation"] == [6, 0, 0, 0, 0, 0, 6]
    assert rows["unable_unclear"] == [0] * 7
    assert rows["partially_granted"] == [0] * 7  # the row before its label


def test_a_stray_digit_line_is_not_a_row(source: str) -> None:
    """「1」 alone on a line between 其他处理's labels: four rows fill the four places up to 3.其他."""
    report = parse_text(source)
    rows = t3_rows(report)
    assert rows["other_no_correction"] == [8, 2, 0, 0, 0, 0, 10]
    assert rows["other_unpaid_fee"] == [0] * 7 and rows["other_misc"] == [4, 0, 0, 0, 0, 0, 4]
    assert rows["unprocessed_excessive"] == rows["unprocessed_confirmation"] == [0] * 7


def test_table_one_text_lines_beside_its_grid(source: str) -> None:
    report = parse_text(source)
    t2 = {(f.row, f.col): (f.value, f.unit) for f in report.facts if f.table == "t2"}
    assert t2[("licensing", "decisions")] == (97, None) and t2[("fees", "amount")] == (0, "万元")
    assert t2[("normative_documents", "in_force")] == (55, None)
    assert any(w.startswith("t2: rows missing from the table grid read from text lines") for w in report.warnings)


def test_a_label_above_that_the_order_contradicts_withholds_the_rows(source: str) -> None:
    """The label 「3.补正后申请内容仍不明确」 set above the first of the three rows after 8.行政查询: the order puts
    本机关不掌握 there, the label says 补正; the rows are withheld, none guessed."""
    anchor = "| 8.属于行政查询事项 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |\n"
    assert anchor in source
    report = parse_text(source.replace(anchor, anchor + "3.补正后申请内容仍不明确\n"))
    rows = t3_rows(report)
    assert not set(UNABLE) & set(rows)
    assert any("do not fit the template's order; withheld" in w for w in report.warnings)
    assert rows["denied_internal_affairs"] == [1, 0, 0, 0, 0, 0, 1]  # the other floated rows stand


def test_rows_that_do_not_fill_their_gap_are_withheld(source: str) -> None:
    """One of the three label-less rows before 1.信访 removed: two rows for three places say nothing of which is which."""
    row = "| 6 | 0 | 0 | 0 | 0 | 0 | 6 |\n|---|---|---|---|---|---|---|\n"
    assert source.count(row) == 1
    rows = t3_rows(parse_text(source.replace(row, "")))
    assert not set(UNABLE) & set(rows)
    assert rows["unprocessed_petition"] == [0] * 7


def test_a_label_above_in_the_order_still_names_its_row() -> None:
    """A label printed on the line above its row, where the order agrees, places the row (no sandwich needed)."""
    lines = [
        "二、收到和处理政府信息公开申请情况",
        "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
        "二、上年结转政府信息公开申请数量",
        "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
    ]
    rows = t3_rows(parse_text("\n".join(lines) + "\n"))
    assert rows["carried_over"] == [2, 0, 0, 0, 0, 0, 2]


def test_project_copies_are_listed_with_their_source() -> None:
    for folder in (ROOT / "tests" / "real").iterdir():
        assert (folder / "SOURCE.txt").read_text(encoding="utf-8").strip(), folder
    assert isinstance(STCSM, Path) and STCSM.stat().st_size > 5000
