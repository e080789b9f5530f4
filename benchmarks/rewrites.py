"""The rewrites of benchmarks/perturb.py: a real report page's tables printed as other portals print them."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harvester.parse.cells import is_number  # noqa: E402
from tests.test_header_positions import Grid, columns_named, expand, permute, replace  # noqa: E402

NUMBER = re.compile(r"^\s*(\d+)\s*$")
# an outline number before a row label: 一、 （三） 1. (not the digits of an amount such as 73802895.90元)
OUTLINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d))\s*")
CJK = re.compile(r"[\u4e00-\u9fff]")
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
    """Each label cell's text rewritten (a cell with a Chinese character that is no amount: not -18, 73802895.90元)."""
    for td in tree.xpath("//table//td | //table//th"):
        text = td.text_content().strip()
        if CJK.search(text) and not is_number(text) and (new := fn(text)) is not None:
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


def _has_number(tr: Tree) -> bool:
    return any(NUMBER.match(td.text_content().replace("\xa0", " ")) for td in tr.xpath("./td | ./th"))


def _innermost_tables(tree: Tree) -> list[Tree]:
    return tree.xpath("//table[not(.//table)]")


def _layout_table(tree: Tree) -> None:
    """The article (what holds the report's tables) inside one cell of a layout table, as older CMS templates print it."""
    article = tree.xpath("//table")[0].getparent()
    cell = etree.SubElement(etree.SubElement(etree.Element("table", width="100%"), "tr"), "td")
    for child in list(article):
        cell.append(child)
    article.append(cell.getparent().getparent())


def _thead(tree: Tree) -> None:
    """Each table's leading rows without a number (its header) in a <thead>, their cells as <th>."""
    for table in _innermost_tables(tree):
        rows = table.xpath("./tr | ./tbody/tr")
        lead = next((i for i, tr in enumerate(rows) if _has_number(tr)), 0)
        if lead:
            head = etree.Element("thead")
            table.insert(0, head)
            for tr in rows[:lead]:
                head.append(tr)
                for td in tr.xpath("./td"):
                    td.tag = "th"


def _empty_row_under_header(tree: Tree) -> None:
    """An empty row between each table's header and its first row of numbers (as wide as that row)."""
    for table in _innermost_tables(tree):
        rows = table.xpath(".//tr")
        first = next((tr for tr in rows if _has_number(tr)), None)
        if first is not None and first is not rows[0]:
            empty = etree.Element("tr")
            for td in first.xpath("./td | ./th"):
                etree.SubElement(empty, "td", colspan=td.get("colspan") or "1")
            first.addprevious(empty)


def _t2_one_header(tree: Tree) -> None:
    """t2 printed under its first header only: the header rows of its later parts (第二十条第（五）项, 信息内容 …) dropped."""
    for table in _innermost_tables(tree):
        seen_numbers = False
        for tr in table.xpath(".//tr"):
            text = "".join(tr.itertext())
            if _has_number(tr):
                seen_numbers = True
            elif seen_numbers and ("第二十条" in text or "信息内容" in text):
                tr.getparent().remove(tr)


def _sum_row(grid: Grid) -> Grid | None:
    """A 合计 row after t2's 行政规范性文件 row: the sums of its and 规章's numbers (a row the template has not)."""
    at = {row[0].replace(" ", ""): r for r, row in enumerate(grid) if row}
    if "规章" not in at or not ({"行政规范性文件", "规范性文件"} & at.keys()):
        return None
    r = max(at.get("行政规范性文件", -1), at.get("规范性文件", -1))
    pair = grid[at["规章"]], grid[r]
    total = [str(int(a) + int(b)) if NUMBER.match(a) and NUMBER.match(b) else "" for a, b in zip(*pair, strict=True)]
    return [*grid[: r + 1], ["合计", *total[1:]], *grid[r + 1 :]]


def _subtotal_column(grid: Grid) -> Grid | None:
    """A 小计 column after t3's 其他 (under 法人或其他组织): the sum of the five legal columns (the template has none)."""
    legal = [columns_named(grid, name) for name in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]
    if not all(len(cols) == 1 for cols in legal):
        return None
    cols, after = [c[0] for c in legal], legal[-1][0]
    out = []
    for row in grid:
        values = [row[c] for c in cols]
        if all(NUMBER.match(v) for v in values):
            cell = str(sum(int(v) for v in values))
        elif row[after] == "其他":
            cell = "小计"
        else:
            cell = "" if any(NUMBER.match(v) for v in values) else row[after]
        out.append([*row[: after + 1], cell, *row[after + 1 :]])
    return out


def _placed(table: Tree) -> list[list[tuple[int, int, Tree]]]:
    """Each row's cells with the column each starts at and its rowspan (rowspans from rows above taken into account)."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, tr in enumerate(table.xpath("./tr | ./tbody/tr | ./thead/tr")):
        row, c = [], 0
        for td in tr.xpath("./td | ./th"):
            while (r, c) in taken:
                c += 1
            rows, cols = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
            taken |= {(r + i, c + j) for i in range(rows) for j in range(cols)}
            row.append((c, rows, td))
            c += cols
        out.append(row)
    return out


def _rows_merged(tree: Tree) -> None:
    """Every two rows of numbers printed as one, each cell's two texts a line apart (「4.保护第三方合法权益<br>5.属于
    三类内部事务信息」 over 「0<br>3」), where the two rows' cells stand alike; a group label over both spans a row
    less."""
    for table in _innermost_tables(tree):
        placed, trs = _placed(table), table.xpath("./tr | ./tbody/tr | ./thead/tr")
        r = 0
        while r + 1 < len(trs):
            upper, lower = placed[r], placed[r + 1]
            starts = [(c, td.get("colspan") or "1") for c, n, td in upper]
            alike = starts == [(c, td.get("colspan") or "1") for c, n, td in lower]
            if not (alike and _has_number(trs[r]) and _has_number(trs[r + 1]) and all(n == 1 for c, n, _ in upper + lower)):
                r += 1
                continue
            for (_, _, td), (_, _, under) in zip(upper, lower, strict=True):
                text, rest = td.text_content().strip(), under.text_content().strip()
                _set(td, text)
                etree.SubElement(td, "br").tail = rest
            for above in placed[:r]:  # a label over both rows spans one row less
                for _, n, td in above:
                    if n > 1 and placed.index(above) + n > r + 1:
                        td.set("rowspan", str(n - 1))
            trs[r + 1].getparent().remove(trs[r + 1])
            placed, trs = _placed(table), table.xpath("./tr | ./tbody/tr | ./thead/tr")
            r += 1


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
    "row labels without outline numbers": lambda t: _labels(
        t, lambda s: OUTLINE.sub("", s) if OUTLINE.match(s) and CJK.search(OUTLINE.sub("", s)) else None
    ),
    "zero printed as /": _cells(lambda td, n: "/" if n == "0" else None),
    "report inside a layout table": _layout_table,
    "header rows in <thead>, cells <th>": _thead,
    "an empty row under each header": _empty_row_under_header,
    "a 合计 row in t2": _grid(_sum_row),
    "t3 小计 column for the legal persons": _grid(_subtotal_column),
    "t2 parts under the first part's header": _t2_one_header,
    "two rows in one, a line each": _rows_merged,
}


# rewrites that lay a table out otherwise (columns moved, dropped or headed by text): in a pair they come first, the
# way a portal prints its own layout and a CMS or an export then mangles it (moving columns by their header labels
# after a stray cell or a stripped span has put the numbers elsewhere makes a table no page prints)
LAYOUTS = {name for name in REWRITES if name.startswith(("t2 ", "t3 ", "t4 ", "总计", "header above"))}
