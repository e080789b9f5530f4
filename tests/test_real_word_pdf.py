"""Real report pages as Word prints them (LibreOffice: HTML → DOCX → PDF): rows broken across pages, shaded
numbers, glyphs of two sizes on one line, headings between tables. Every fact as the page gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harvester.extract import extract
from harvester.extract.pdf_stitch import PageGrid, stitch
from harvester.parse import Report, parse_document

from .conftest import ROOT, word_pdfs

# what each page shows once printed so: (label cut at a page break, …)
PAGES = {
    "201403_80759": "72804 on a white background: the shading's edges cut its cell, 「4」 fell in a row of its own",
    "201501_80791": "「其中：1、同意」 at a page's foot, 「公开答复数」 at the next page's head",
    "201801_80506": "the header's 「2017年度」 broken across pages, its 「7」 set smaller than 「1」 and 「年」",
    "202302_80629": "「3.危及“三」 | 0 … at a page's foot, 「安全一稳定”」 alone at the next; 第二十条 heading above t2",
    "202503_97791": "「行政事业性收」 | 18651.06 at a page's foot, 「费」 at the next page's head",
}
JOINED = {"201501_80791", "201801_80506", "202302_80629", "202503_97791"}


@pytest.fixture(scope="module")
def printed(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    pages = {name: shared / "real" / "pingtan" / name / "page.html" for name in PAGES}
    pdfs = word_pdfs(pages, tmp_path_factory.mktemp("word"))
    return {name: parse_document(extract(pdf, "application/pdf", f"{name}.pdf")[1]) for name, pdf in pdfs.items()}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_fact_of_the_word_printed_page(printed: dict[str, Report], name: str) -> None:
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"][f"pingtan/{name}"]
    report = printed[name]
    got = {f"{f.table}/{f.row}/{f.col}": [f.value, f.semantic] for f in report.facts}
    assert got == truth["facts"], PAGES[name]
    joined = [w for w in report.warnings if "joined again" in w]
    assert bool(joined) == (name in JOINED), joined


def grid(rows: list[list[str | None]], xs: list[float] | None = None) -> PageGrid:
    return PageGrid([list(r) for r in rows], xs or [0.0, 100.0, 150.0, 200.0], alone_top=True, alone_bottom=True)


def test_a_label_continued_on_the_next_page_is_joined() -> None:
    before, after = grid([["规章", "0", "0"], ["3.危及“三", "0", "0"]]), grid([["安全一稳定”", "", ""], ["4.保护", "1", "1"]])
    assert stitch(before, after) and before.cells[-1] == ["3.危及“三安全一稳定”", "0", "0"]
    assert after.cells == [["4.保护", "1", "1"]]
    numbers_below = grid([["（四）无法提供1.本机关不掌握相关政", "", ""]]), grid([["府信息", "75", "75"]])
    assert stitch(*numbers_below) and numbers_below[0].cells[-1] == ["（四）无法提供1.本机关不掌握相关政府信息", "75", "75"]


@pytest.mark.parametrize(
    ("last", "first", "xs"),
    [
        (["行政强制", "12", "62"], ["第二十条第（八）项", None, None], None),  # a caption row spanning the numbers
        (["规章", "0", "0"], ["信息内容", "本年制发件数", "本年废止件数"], None),  # the header repeated on the next page
        (["3.补正后申请内容仍不明确", "", ""], ["1.信访举报投诉类申请", "0", "0"], None),  # a blank row, then the next item
        (["（二）部分公开", "", ""], ["（三）不予公开", "", ""], None),  # a new numbered item
        (["其中：1、同意", "1", "1"], ["公开答复数", "1", "1"], None),  # numbers on both sides: two rows
        (["其中：1、同意", "", ""], ["公开答复数", "1", "1"], [0.0, 90.0, 150.0, 200.0]),  # other column boundaries
    ],
)
def test_rows_that_do_not_continue_are_left_apart(
    last: list[str | None], first: list[str | None], xs: list[float] | None
) -> None:
    before, after = grid([last]), grid([first], xs)
    assert stitch(before, after) is None and before.cells == [last] and after.cells == [first]


def test_tables_with_text_between_them_are_left_apart() -> None:
    before, after = grid([["3.危及“三", "0", "0"]]), grid([["安全一稳定”", "", ""]])
    before.alone_bottom = False  # a paragraph below the table on its page
    assert stitch(before, after) is None
