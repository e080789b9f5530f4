"""Real report pages rewritten as other portals print the same tables: each fact must stay or be withheld, never change.

Run:  .venv/bin/python benchmarks/perturb.py [--word-pdf | --word-docx | --print-pdf | --pairs]
Every 2019/2021-template page in ../shared/real (four Pingtan reports, the Shuyang bureau's) is rewritten in each
way below, parsed, and its facts compared with those of the page as published: kept, withheld (missing), wrong (a
value that differs), extra. One line per rewrite with the totals over the pages; exit status 1 if any value is
wrong. Rewrites that take numbers away (a dash for zero, a column dropped) show as withheld, as they should.
With --word-pdf every rewritten page is saved as DOCX and exported to PDF by LibreOffice first (Word's pagination:
rows broken across pages, numbers wrapped in narrow cells) and the PDF is parsed (about 90 s); with --word-docx the
DOCX is parsed; with --print-pdf each page is printed to PDF by headless Chromium (about 6 minutes). With --pairs
every two rewrites are applied together (two quirks of one portal; about a minute): the pairs that give a wrong or
an extra value.
"""

from __future__ import annotations

import copy
import itertools
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.extract import extract  # noqa: E402
from harvester.parse import parse_document  # noqa: E402
from tests.test_header_positions import Grid, columns_named, expand, permute, replace  # noqa: E402

REAL = ROOT.parent / "shared" / "real"
PAGES = [REAL / "pingtan" / n / "page.html" for n in ("202103_80595", "202302_80629", "202403_87885", "202503_97791")]
PAGES.append(REAL / "shuyang_fgj_2023" / "page.html")
NUMBER = re.compile(r"^\s*(\d+)\s*$")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
Tree = lxml_html.HtmlElement


def _set(td: Tree, text: str) -> None:
    for child in list(td):
        td.remove(child)
    td.text = text


def _numbers(tree: Tree) -> list[tuple[Tree, str]]:
    out = []
    for td in tree.xpath("//table//td | //table//th"):
        m = NUMBER.match(td.text_content().replace("\xa0", " "))
        if m:
            out.append((td, m.group(1)))
    return out


def _cells(fn: Callable[[Tree, str], str | None]) -> Callable[[Tree], None]:
    def rewrite(tree: Tree) -> None:
        for td, n in _numbers(tree):
            text = fn(td, n)
            if text is not None:
                _set(td, text)

    return rewrite


def _labels(tree: Tree, fn: Callable[[str], str | None]) -> None:
    for td in tree.xpath("//table//td | //table//th"):
        text = td.text_content().strip()
        if text and not NUMBER.match(text) and (new := fn(text)) is not None:
            _set(td, new)


def _word_wrap(tree: Tree) -> None:  # Word's <p><span><font> around every cell's text
    for td in tree.xpath("//table//td"):
        text = td.text_content()
        _set(td, "")
        etree.SubElement(etree.SubElement(etree.SubElement(td, "p"), "span"), "font").text = text


def _caption_row(tree: Tree) -> None:
    for i, table in enumerate(tree.xpath("//table")):
        tr = etree.Element("tr")
        etree.SubElement(tr, "td", colspan="12").text = f"表{i + 1}"
        table.xpath(".//tr")[0].addprevious(tr)


def _extra_column(tree: Tree) -> None:
    for tr in tree.xpath("//table//tr"):
        etree.SubElement(tr, "td")


def _split_tables(tree: Tree) -> None:  # a table cut in two halves with a 「（续表）」 between them
    for table in tree.xpath("//table[not(.//table)]"):
        rows = table.xpath(".//tr")
        if len(rows) >= 12:
            new = etree.Element("table")
            body = etree.SubElement(new, "tbody")
            for tr in rows[len(rows) // 2 :]:
                tr.getparent().remove(tr)
                body.append(tr)
            note = etree.Element("p")
            note.text = "（续表）"
            table.addnext(note)
            note.addnext(new)


def _grid(fn: Callable[[Grid], Grid | None]) -> Callable[[Tree], None]:
    def rewrite(tree: Tree) -> None:
        for table in tree.xpath("//table[not(.//table)]"):
            grid = fn(expand(table))
            if grid is not None:
                replace(table, grid)

    return rewrite


def _blank_copies(grid: Grid) -> Grid:
    """A merged label cell unmerged as an exporter does it: its text in the first slot, the others blank."""
    out = [list(row) for row in grid]
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            copy_left = c > 0 and row[c - 1] == text
            copy_above = r > 0 and grid[r - 1][c] == text
            if text and not NUMBER.match(text) and (copy_left or copy_above):
                out[r][c] = ""
    return out


def _rows_of(tree: Tree, header: bool) -> list[list[Tree]]:
    """The cells of each table's header rows (those before its first row with a number), or of the rows below."""
    out = []
    for table in tree.xpath("//table[not(.//table)]"):
        in_header = True
        for tr in table.xpath(".//tr"):
            cells = tr.xpath("./td | ./th")
            in_header = in_header and not any(NUMBER.match(td.text_content().replace("\xa0", " ")) for td in cells)
            if in_header == header:
                out.append(cells)
    return out


def _spans_stripped(header: bool, attrs: tuple[str, ...], lone: bool = False) -> Callable[[Tree], None]:
    """Span attributes removed (as a CMS that strips them prints a table) from the header rows (those before the first
    row with a number) or from the rows below; with lone, only from cells one column wide (自然人, 总计, the review's
    results over two header rows): the cells after them move left, nothing takes their place."""

    def rewrite(tree: Tree) -> None:
        for cells in _rows_of(tree, header):
            for td in cells:
                if lone and (td.get("colspan") or "1").strip() != "1":
                    continue
                for attr in attrs:
                    td.attrib.pop(attr, None)

    return rewrite


def _stray_cell(header: bool) -> Callable[[Tree], None]:
    """An empty cell before each header row, or before each row below it: the rows and their header no longer
    line up (a header or rows that gained a cell)."""

    def rewrite(tree: Tree) -> None:
        for cells in _rows_of(tree, header):
            if cells:
                cells[0].addprevious(etree.Element("td"))

    return rewrite


def _drop_column(label: str) -> Callable[[Grid], Grid | None]:
    def fn(grid: Grid) -> Grid | None:
        cols = set(columns_named(grid, label))
        return [[c for j, c in enumerate(row) if j not in cols] for row in grid] if cols else None

    return fn


def _words(pairs: list[tuple[str, str]]) -> Callable[[Tree], None]:
    def rewrite(tree: Tree) -> None:
        for old, new in pairs:
            _labels(tree, lambda t, o=old, n=new: t.replace(o, n) if o in t else None)

    return rewrite


def _header_above(pairs: list[tuple[str, str]]) -> Callable[[Tree], None]:
    """Each table's leading rows without a number (its header) printed as a paragraph above it, not as rows of it (a
    PDF whose header was drawn without rules; a header typed above the grid), after swapping the columns named."""

    def rewrite(tree: Tree) -> None:
        for table in tree.xpath("//table[not(.//table)]"):
            grid = expand(table)
            grid = (permute(grid, pairs) if pairs else None) or grid
            lead = next((i for i, row in enumerate(grid) if any(NUMBER.match(c) for c in row)), 0)
            if not lead:
                continue
            words = [c for row in grid[:lead] for j, c in enumerate(row) if c and (j == 0 or row[j - 1] != c)]
            note = etree.Element("p")
            note.text = " ".join(words)
            table.addprevious(note)
            replace(table, grid[lead:])

    return rewrite


FW = str.maketrans("0123456789", "０１２３４５６７８９")
REWRITES: dict[str, Callable[[Tree], None]] = {
    "full-width digits": _cells(lambda td, n: n.translate(FW)),
    "thousands commas": _cells(lambda td, n: f"{int(n):,}"),
    "unit 件 after numbers": _cells(lambda td, n: n + "件"),
    "no-break spaces around numbers": _cells(lambda td, n: f"\xa0{n}\xa0"),
    "zero printed as —": _cells(lambda td, n: "—" if n == "0" else None),
    "zero left blank": _cells(lambda td, n: "" if n == "0" else None),
    "zero printed as 无": _cells(lambda td, n: "无" if n == "0" else None),
    "labels spaced 自 然 人": lambda t: _labels(t, lambda s: " ".join(s) if 2 <= len(s) <= 6 else None),
    "line break inside labels": lambda t: _labels(
        t, lambda s: s[: len(s) // 2] + "\n" + s[len(s) // 2 :] if len(s) >= 6 else None
    ),
    "Word <p><span><font> cells": _word_wrap,
    "caption row above each table": _caption_row,
    "empty column at the right": _extra_column,
    "table cut in two": _split_tables,
    "merged cells copied into each slot": _grid(lambda g: g),
    "merged cells left blank": _grid(_blank_copies),
    "header rowspans stripped, cells below moved left": _spans_stripped(True, ("rowspan",), lone=True),
    "header colspans stripped": _spans_stripped(True, ("colspan",)),
    "label spans stripped in the rows": _spans_stripped(False, ("rowspan", "colspan")),
    "a stray empty cell before each header row": _stray_cell(True),
    "a stray empty cell before each row below": _stray_cell(False),
    "t3 总计 first, 自然人 last": _grid(lambda g: permute(g, [("自然人", "总计")])),
    "t3 legal columns reordered": _grid(lambda g: permute(g, [("商业企业", "法律服务机构"), ("科研机构", "其他")])),
    "t2 columns swapped": _grid(lambda g: permute(g, [("本年制发件数", "本年废止件数"), ("本年新制作数量", "对外公开总数量")])),
    "t4 litigation groups swapped": _grid(lambda g: permute(g, [("未经复议直接起诉", "复议后起诉")])),
    "t4 results reordered": _grid(lambda g: permute(g, [("结果维持", "结果纠正"), ("其他结果", "尚未审结")])),
    "总计 columns dropped": _grid(_drop_column("总计")),
    "header above the grid, as text": _header_above([]),
    "header above the grid, t3 legal columns reordered": _header_above([("商业企业", "法律服务机构"), ("科研机构", "其他")]),
    "header above the grid, t2 columns swapped": _header_above([("本年制发件数", "现行有效件数")]),
    "header above the grid, t4 groups swapped": _header_above([("未经复议直接起诉", "复议后起诉")]),
    "short header words": _words(
        [
            ("总计", "合计"),
            ("商业企业", "企业"),
            ("社会公益组织", "公益组织"),
            ("法律服务机构", "法律机构"),
            ("本年制发件数", "本年制发数"),
        ]
        + [("现行有效件数", "现行有效数"), ("对外公开总数量", "对外公开总数"), ("结果维持", "维持"), ("尚未审结", "未审结")]
    ),
}


# rewrites that lay a table out otherwise (columns moved, dropped or headed by text): in a pair they come first, the
# way a portal prints its own layout and a CMS or an export then mangles it (moving columns by their header labels
# after a stray cell or a stripped span has put the numbers elsewhere makes a table no page prints)
LAYOUTS = {name for name in REWRITES if name.startswith(("t2 ", "t3 ", "t4 ", "总计", "header above"))}


def facts(page: bytes, ctype: str = "text/html; charset=utf-8") -> dict[tuple[str, str, str], object]:
    report = parse_document(extract(page, ctype)[1])
    return {f.key(): f.value for f in report.facts if f.value is not None}


def rewritten(pages: list[tuple[Path, Tree]], word: str | None) -> dict[tuple[str, Path], dict[tuple[str, str, str], object]]:
    """The facts of every page in every rewrite: from its HTML, or from the DOCX or PDF that Word makes of it."""
    html = {}
    for name, rewrite in REWRITES.items():
        for path, tree in pages:
            changed = copy.deepcopy(tree)
            rewrite(changed)
            html[(name, path)] = lxml_html.tostring(changed, encoding="utf-8")
    if word is None:
        return {key: facts(body) for key, body in html.items()}
    from tests.conftest import print_pdf, word_pdfs

    if word == "print":
        with tempfile.TemporaryDirectory() as tmp:
            out = {}
            for i, (key, body) in enumerate(html.items()):
                (Path(tmp) / f"p{i}.html").write_bytes(body)
                out[key] = facts(print_pdf(Path(tmp) / f"p{i}.html", Path(tmp) / f"p{i}.pdf"), "application/pdf")
            return out

    with tempfile.TemporaryDirectory() as tmp:
        sources = {f"p{i}": Path(tmp) / f"p{i}-source.html" for i in range(len(html))}
        for body, path in zip(html.values(), sources.values(), strict=True):
            path.write_bytes(body)
        pdfs = word_pdfs(sources, Path(tmp) / "out")
        if word == "pdf":
            return {key: facts(pdf, "application/pdf") for key, pdf in zip(html, pdfs.values(), strict=True)}
        docx = [(Path(tmp) / "out" / f"{name}.docx").read_bytes() for name in sources]
        return {key: facts(body, DOCX) for key, body in zip(html, docx, strict=True)}


def pairs(pages: list[tuple[Path, Tree]], published: dict[Path, dict[tuple[str, str, str], object]]) -> int:
    """Every two rewrites applied together (two quirks of one portal): the pairs that give a wrong or an extra
    value, with a few of them. Returns the number of such pairs."""
    found = 0
    for first, second in itertools.combinations(REWRITES, 2):
        bad: list[str] = []
        for path, tree in pages:
            changed = copy.deepcopy(tree)
            for name in sorted((first, second), key=lambda n: n not in LAYOUTS):  # the portal's layout first
                REWRITES[name](changed)
            got, base = facts(lxml_html.tostring(changed, encoding="utf-8")), published[path]
            bad += [f"{path.parent.name} {k}: {base.get(k)} -> {got[k]}" for k in got if base.get(k) != got[k]]
        if bad:
            found += 1
            print(f"{len(bad):4d} wrong or extra: {first} + {second}; e.g. {'; '.join(bad[:2])}")
    print(f"pairs of rewrites with a wrong or extra value: {found} of {len(REWRITES) * (len(REWRITES) - 1) // 2}")
    return found


def tally(
    pages: list[tuple[Path, Tree]],
    published: dict[Path, dict[tuple[str, str, str], object]],
    every: dict[tuple[str, Path], dict[tuple[str, str, str], object]],
) -> dict[str, dict[str, int]]:
    """Per rewrite, over the pages: facts published, kept, withheld, wrong and extra (printing each wrong value)."""
    out: dict[str, dict[str, int]] = {}
    for name in REWRITES:
        counts = dict.fromkeys(("facts", "kept", "withheld", "wrong", "extra"), 0)
        for path, _ in pages:
            got, base = every[(name, path)], published[path]
            wrong = [k for k in base.keys() & got.keys() if base[k] != got[k]]
            counts["facts"] += len(base)
            counts["kept"] += len(base.keys() & got.keys()) - len(wrong)
            counts["withheld"] += len(base.keys() - got.keys())
            counts["wrong"] += len(wrong)
            counts["extra"] += len(got.keys() - base.keys())
            for key in wrong:
                print(f"  WRONG {path.parent.name} {key}: {base[key]} -> {got[key]}")
        out[name] = counts
    return out


def real_pages() -> tuple[list[tuple[Path, Tree]], dict[Path, dict[tuple[str, str, str], object]]]:
    """The real pages as trees, and the facts each gives as published."""
    pages = [(p, lxml_html.fromstring(p.read_bytes())) for p in PAGES]
    return pages, {p: facts(lxml_html.tostring(tree, encoding="utf-8")) for p, tree in pages}


def main() -> int:
    flags = {"--word-pdf": "pdf", "--word-docx": "docx", "--print-pdf": "print"}
    word = next((kind for flag, kind in flags.items() if flag in sys.argv[1:]), None)
    pages, published = real_pages()
    if "--pairs" in sys.argv[1:]:
        return 1 if pairs(pages, published) else 0
    table = tally(pages, published, rewritten(pages, word))
    print(f"{'rewrite':36s} {'facts':>6s} {'kept':>6s} {'withheld':>8s} {'wrong':>6s} {'extra':>6s}")
    for name, c in table.items():
        print(f"{name:36s} {c['facts']:6d} {c['kept']:6d} {c['withheld']:8d} {c['wrong']:6d} {c['extra']:6d}")
    wrong_total = sum(c["wrong"] for c in table.values())
    print(f"wrong values over all rewrites: {wrong_total}")
    return 1 if wrong_total else 0


if __name__ == "__main__":
    sys.exit(main())
