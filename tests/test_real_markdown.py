"""Reports as PDF-to-markdown tools turned them (the project's copies in tests/real): labels floated out of their
cells (Shanghai STCSM 2024), markdown headings and tables cut into one small table per group (Shuyang county 2025)."""

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


@pytest.mark.parametrize(("name", "lost"), [("shanghai_stcsm_2024", 1), ("shuyang_county_2025", 0)])
def test_every_fact_is_the_truth(name: str, lost: int) -> None:
    """Each fact equals the report's truth; only the cell the STCSM markdown lost is missing (its row's other six
    are placed by the identities: tests/test_short_rows.py)."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][name]
    report = parse_text((ROOT / "tests" / "real" / name / "source.md").read_text(encoding="utf-8"))
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert {k: v for k, v in got.items() if truth["facts"].get(k) != v} == {}
    assert len(got) == len(truth["facts"]) - lost
    assert (report.agency, report.year, report.template) == (truth["agency"], truth["year"], truth["template"])
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


SHUYANG = ROOT / "tests" / "real" / "shuyang_county_2025" / "source.md"
T4_TABLE = (
    "### {}\n| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n|----------|----------|----------|----------|------|\n{}\n\n"
)


def t4_groups(report: Report) -> dict[str, list[object]]:
    cells = {(f.row, f.col): f.value for f in report.facts if f.table == "t4"}
    cols = ("upheld", "corrected", "other", "pending", "total")
    return {g: [cells.get((g, c)) for c in cols] for g in {r for r, _ in cells}}


def test_markdown_headings_are_section_and_table_titles() -> None:
    report = parse_text(SHUYANG.read_text(encoding="utf-8"))
    assert all(report.sections[k] for k in ("s1", "s2", "s3", "s4", "s5", "s6"))
    assert not [w for w in report.warnings if w.startswith("sections:")]
    t2 = {(f.row, f.col): f.value for f in report.facts if f.table == "t2"}
    assert t2[("licensing", "decisions")] == 517645 and t2[("fees", "amount")] == 4068.208
    assert t2[("normative_documents", "repealed")] == 1  # under 「### 第二十条第（一）项」


@pytest.mark.parametrize("swap", [False, True])
def test_t4_small_tables_take_the_group_their_heading_names(swap: bool) -> None:
    """Three five-cell tables under 「### 行政复议」, 「### 行政诉讼（未经复议直接起诉）」, 「### 行政诉讼（复议后起诉）」:
    each group is the one its heading names, in whatever order the tables stand."""
    source = SHUYANG.read_text(encoding="utf-8")
    direct = T4_TABLE.format("行政诉讼（未经复议直接起诉）", "| 3 | 0 | 0 | 0 | 3 |")
    after = T4_TABLE.format("行政诉讼（复议后起诉）", "| 8 | 0 | 1 | 1 | 10 |")
    assert direct in source and after in source
    if swap:
        source = source.replace(direct, "@").replace(after, direct).replace("@", after)
    report = parse_text(source)
    assert t4_groups(report) == {
        "review": [27, 10, 9, 15, 61],
        "litigation_direct": [3, 0, 0, 0, 3],
        "litigation_after_review": [8, 0, 1, 1, 10],
    }
    assert sum("the group the heading above names" in w for w in report.warnings) == 3


def test_a_heading_naming_a_group_read_already_withholds_its_table() -> None:
    source = SHUYANG.read_text(encoding="utf-8").replace("### 行政诉讼（复议后起诉）", "### 行政诉讼（未经复议直接起诉）")
    groups = t4_groups(parse_text(source))
    assert groups["litigation_direct"] == [3, 0, 0, 0, 3] and "litigation_after_review" not in groups


def test_rows_under_a_header_of_other_columns() -> None:
    """The last t3 rows stand under 「项目 | 本年新收件数 | 上年结转件数 | 予以公开 …」: its words are no t3 columns,
    and the rows are read as the template's seven (the identities hold)."""
    rows = t3_rows(parse_text(SHUYANG.read_text(encoding="utf-8")))
    assert rows["other_unpaid_fee"] == [7, 0, 0, 0, 0, 0, 7] and rows["other_misc"] == [142, 1, 0, 0, 0, 0, 143]
    assert rows["total_processed"] == [710, 3, 0, 0, 5, 0, 718] and rows["carried_forward"] == [31, 0, 0, 0, 0, 0, 31]
