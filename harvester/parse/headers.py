"""The column orders a table's header printed as text gives (a flattened page, a header drawn without rules or typed
above the grid): where it contradicts the template's, values are not placed by the template's order."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from typing import NamedTuple

from . import spec
from .cells import nfkc
from .columns import t3_header
from .model import Row

HEADER_SPAN = 200  # characters: a header's words, not the report's prose
_NEXT_CELLS = 12  # characters after the last organisation: the header's next cells (其他, then 自然人 or 总计)
_ORGS = ("business", "research", "nonprofit", "legal_services")  # the four a header names in words of their own
# each one's words (the template's and the shorter ones real tables print: 企业, 公益组织, 法律机构), longest first
_ORG_OF = {nfkc(name): key for key in _ORGS for name in spec.T3_COLUMN_LABELS[key]}
_ORG_WORDS = re.compile("|".join(sorted(map(re.escape, _ORG_OF), key=len, reverse=True)))
_T3_HEAD = re.compile(r"申请人情况|法人或其他组织|勾稽关系")
_T3_FIRST_ROW = "本年新收政府信息公开申请"
_T4_HEADING = "行政诉讼情况"
_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class TextHeaders(NamedTuple):
    """What the headers printed as text say: t3's organisation columns in their order, how t4's header departs from
    the template's order (kind, words), the t2 column orders not to be read in the template's order, and whether t3's
    header prints 法人或其他组织 over no organisation's name (their order then unknown)."""

    t3: list[str] | None = None
    t4: tuple[str, str] | None = None
    t2: frozenset[tuple[str, ...]] = frozenset()
    t3_blind: bool = False  # its 法人或其他组织 over no organisation's name (t3_unnamed)

    def with_grids(self, text: str, grids: list[Row]) -> TextHeaders:
        """These readings for the tables the grids lack, where the prose says nothing: t4's from the document's whole
        text (its grids' rows as lines), t3's from the grids' rows, so that a header drawn as a grid whose rows
        are not (a PDF table's last row, its rule missing, is a text line) orders them as a header printed as text
        does. A t3 grid header naming an organisation twice (Word's header repeated over its own at a page's head:
        「法律服务机构法律服务机构」) gives no order: the template's is not taken for granted either. Without grids the
        whole text is the prose these readings came from: nothing to read again. A grid row naming t3 columns by
        their cells in another order than the template's denies it however few organisations its words name whole
        (「自然人 | 法律服务机 | 其他 | 社会公益组 | 企业 | 科研机构 | 合计」, squeezed cells' last lines lost)."""
        if not grids:
            return self
        t3 = self.t3 or t3_order(flat("\n".join(_cells_text(row) for row in grids)), whole=False)
        if not order_differs(t3):
            t3 = next((order for row in grids if order_differs(order := _named_in_cells(row))), t3)
        whole = flat(text)
        return self._replace(t3=t3, t4=self.t4 or t4_order(whole), t3_blind=self.t3_blind or t3_unnamed(whole))


def _named_in_cells(row: Row) -> list[str]:
    """The t3 columns a grid row's cells name, left to right: none unless two or more, nor where one is named twice
    (not a header row: a whole table as one line, trafilatura 1.x's layout)."""
    named = [key for _, key in sorted(t3_header(row.cells).items())]
    return named if len(set(named)) == len(named) else []


def _cells_text(row: Row) -> str:
    """A grid row's cells as a line, the marks of merged cells' other slots left out."""
    return "\t".join(c for c in row.cells if not c.startswith("\x00"))


def text_headers(prose: str) -> TextHeaders:
    """The four readings of the document's text (white space taken out, as PDF text and flattened pages space it)."""
    text, breaks = flat_lines(prose)
    return TextHeaders(t3_order(text, breaks=breaks), t4_order(text), frozenset(t2_doubted(text)), t3_unnamed(text))


def flat(text: str) -> str:
    """The text as the header readings take it: NFKC, white space taken out."""
    return re.sub(r"\s+", "", nfkc(text))


def flat_lines(text: str) -> tuple[str, list[int]]:
    """flat(text), and where in it each line starts."""
    lines = [flat(line) for line in text.split("\n")]
    starts = list(itertools.accumulate((len(line) for line in lines[:-1]), initial=0))
    return "".join(lines), starts


def t3_order(text: str, whole: bool = True, breaks: list[int] | None = None) -> list[str] | None:
    """The organisation columns in the order a t3 header printed as text names them (after its last 申请人情况,
    法人或其他组织 or 勾稽关系, up to the first row's label if the text has it, HEADER_SPAN characters at most), in the
    template's words or the shorter ones (企业, 公益组织, 法律机构), and 自然人 (or 公民) after them where the header
    prints it after them (「企业 科研机构 公益组织 法律机构 其他 自然人」); None where it does not name all four whole,
    once each (a header whose cells wrapped over lines is read a line at a time across its columns: 「社会法律 / 公益服务
    其他」 names them in no order). With whole False, the organisations as named where they are not all four once each
    (a grid header's cells, one column each, read left to right: a name twice is no order either). `breaks`: where
    the text's lines start (flat_lines), if it had lines."""
    end = text.find(_T3_FIRST_ROW)  # not in the text when the rows are a grid of their own
    heads = [m.start() for m in _T3_HEAD.finditer(text, 0, end if end > 0 else len(text))]
    if not heads:
        return None
    head = text[heads[-1] : min(end if end > heads[-1] else len(text), heads[-1] + HEADER_SPAN)]
    found = list(_ORG_WORDS.finditer(head))
    order = [_ORG_OF[m.group(0)] for m in found]
    if sorted(order) != sorted(_ORGS):
        return order if order and not whole else None
    if _PERSON.search(head, found[-1].end(), found[-1].end() + _NEXT_CELLS):  # printed after the organisations
        order.append("natural_person")
    return _around_the_group(text, heads[-1], order, _line_at(breaks, heads[-1], len(text)))


_GROUP = "法人或其他组织"


def _line_at(breaks: list[int] | None, at: int, end: int) -> tuple[int, int] | None:
    """The line of the flattened text that holds text[at] (start, end), where the text had lines."""
    if breaks is None:
        return None
    i = bisect.bisect_right(breaks, at)
    return breaks[i - 1], breaks[i] if i < len(breaks) else end


def _around_the_group(text: str, at: int, order: list[str], line: tuple[int, int] | None = None) -> list[str]:
    """The order, with what the header row of 法人或其他组织 (text[at:] when the header's last words open with it)
    prints right around it: 「总计 法人或其他组织 自然人」 (the template prints 「自然人 法人或其他组织 总计」) puts 总计
    first and 自然人 last, the organisations between them in the row below. A header row printed as a line of its own
    (trafilatura 1.x's text: cells left to right, 「法人或其他组织 | 自然人 | 合计」) puts its 自然人 and 总计 where they
    stand (there: after the organisations), `line` where its line starts and ends in text."""
    if not text.startswith(_GROUP, at) or "natural_person" in order:
        return order
    if _TOTAL_BEFORE.search(text, 0, at) and _PERSON_AFTER.match(text, at + len(_GROUP)):
        return ["total", *order, "natural_person"]
    if line is None:
        return order
    before, after = _CELLS_BEFORE.fullmatch(text, line[0], at), _CELLS_AFTER.fullmatch(text, at + len(_GROUP), line[1])
    if before is None or after is None:
        return order
    return [*_columns_named(before), *order, *_columns_named(after)]


def _columns_named(cells: re.Match[str]) -> list[str]:
    return [_COLUMN_OF[word] for word in _COLUMN_WORD.findall(cells.group(0))]


# the cells just before and after, nothing but cell rules between: one header row read left to right (「申请人情况 总计
# 自然人 法人或其他组织」, 总计 in the row above, does not count, nor a PDF's 「法人或其他组织」 over 「自然人 总计」, its
# spanning cells' words a line lower); the shorter words count too (「合计 法人或其他组织 自然人」)
_PERSON = re.compile("|".join(spec.T3_COLUMN_LABELS["natural_person"]))
_TOTAL = re.compile("|".join(spec.T3_COLUMN_LABELS["total"]))
_TOTAL_BEFORE = re.compile(f"(?:{_TOTAL.pattern})[|｜]*$")
_PERSON_AFTER = re.compile(f"[|｜]*(?:{_PERSON.pattern})")
# a header row's line of its own: 总计's and 自然人's cells before and after 法人或其他组织, and the rules between
_COLUMN_OF = {word: key for key in ("natural_person", "total") for word in spec.T3_COLUMN_LABELS[key]}
_COLUMN_WORD = re.compile("|".join(_COLUMN_OF))
_CELLS_BEFORE = re.compile(f"[|｜]*(?:(?:{_COLUMN_WORD.pattern})[|｜]*)*")
_CELLS_AFTER = re.compile(f"(?:[|｜]*(?:{_COLUMN_WORD.pattern}))*[|｜]*")


# 自然人 法人或其他组织 总计 as the template's header row prints them (the group's cell repeated where its spanned
# slots are), and any character of the organisations' words that no other header word nor row label of t3 holds (商,
# 研, 益…: a name wrapped a character a line, read across its row's cells, is named by its characters)
_GROUP_ROW = re.compile(f"(?:{_PERSON.pattern})[|｜]*(?:{_GROUP}[|｜]*)+(?:{_TOTAL.pattern})")
_NOT_ORGS = {*_GROUP, *"申请人情况", *"".join(spec.T3_COLUMN_LABELS["natural_person"] + spec.T3_COLUMN_LABELS["total"])}
_NOT_ORGS |= {c for names in spec.T3_ROWS.values() for name in names for c in nfkc(name)}
_ORG_CHARS = re.compile(f"[{''.join(sorted(set(''.join(_ORG_OF)) - _NOT_ORGS))}]")


def t3_unnamed(text: str) -> bool:
    """A t3 header printed as text (white space taken out) whose row 「自然人 法人或其他组织 总计」 nothing of an
    organisation's name follows before the rows' first digit (Word's header repeated over each page, too tall for its
    last row to fit): the five columns under 法人或其他组织 stand in no order it tells. False where any such row is
    followed by one."""
    rows = list(_GROUP_ROW.finditer(text))
    return bool(rows) and not any(_ORG_CHARS.search(text, m.end(), _first_digit(text, m.end())) for m in rows)


def _first_digit(text: str, at: int) -> int:
    m = _DIGIT.search(text, at)
    return m.start() if m else len(text)


_DIGIT = re.compile(r"\d")


def alike(cells: Iterable[object]) -> bool:
    """Cells all the same (all 0, all blank): read in any column order they say the same."""
    return len(set(cells)) == 1


def order_differs(order: list[str] | None) -> bool:
    """t3 columns named in another order than the template's."""
    return bool(order) and order != [k for k in spec.T3_COLUMNS if k in (order or [])]


def t3_names(order: list[str] | None) -> str:
    return " ".join(spec.T3_COLUMN_LABELS[key][0] for key in order or [])


def t4_order(text: str) -> tuple[str, str] | None:
    """How a t4 header printed as text (after the 行政诉讼情况 heading above its first 结果维持) orders its columns
    unlike the template: ("groups", …) for 复议后起诉 before 未经复议直接起诉 or 行政诉讼 before 行政复议,
    ("results", …) for the first five results named in another order. None where it agrees or says too little."""
    first = text.find(_RESULTS[0])  # the header's first result: prose does not print 结果维持
    at = text.rfind(_T4_HEADING, 0, first) if first >= 0 else _heading_over_words(text)  # not the contents list
    return t4_departs(text[at + len(_T4_HEADING) : at + len(_T4_HEADING) + HEADER_SPAN] if at >= 0 else "")


def t4_departs(head: str) -> tuple[str, str] | None:
    """How a t4 header's words (white space taken out) order its columns unlike the template (see t4_order)."""
    for earlier, later in (("未经复议直接起诉", "复议后起诉"), ("行政复议", "行政诉讼")):
        if 0 <= head.find(later) < head.find(earlier):
            return "groups", f"{later} before {earlier}"
    order = [_RESULT_OF[m.group(0)] for m in _RESULT_WORDS.finditer(head)][: len(_RESULTS)]
    if len(set(order)) == len(_RESULTS) and order != list(_RESULTS):
        return "results", " ".join(order)
    return None


def _heading_over_words(text: str) -> int:
    """Where the last 行政诉讼情况 heading stands that three results follow, named in the shorter words a header prints
    without 结果维持 (维持, 未审结, 合计); -1 if none."""
    for at in reversed([m.start() for m in re.finditer(_T4_HEADING, text)]):
        head = text[at + len(_T4_HEADING) : at + len(_T4_HEADING) + HEADER_SPAN]
        if len({_RESULT_OF[m.group(0)] for m in _RESULT_WORDS.finditer(head)}) >= 3:
            return at
    return -1


# a result's name, the first three characters of a four-character one (OCR and wrapped cells cut 结果维持 short), or
# the shorter words real headers print (_RESULTS in the template's order of spec.T4_COLUMNS)
_RESULT_OF = {name: name for name in _RESULTS} | {name[:3]: name for name in _RESULTS if len(name) == 4}
_RESULT_OF |= {word: _RESULTS[spec.T4_COLUMNS.index(key)] for word, key in spec.T4_SHORT_RESULTS.items()}
_RESULT_WORDS = re.compile("|".join(sorted(_RESULT_OF, key=len, reverse=True)))


def _t2_names(key: str) -> tuple[str, ...]:
    return spec.T2_DECISIONS_LABELS if key == "decisions" else spec.T2_COLUMNS[key]


_T2_LAYOUTS = {columns for layouts in spec.T2_DEFAULT_COLUMNS.values() for columns in layouts.values() if len(columns) > 1}
_T2_NAME_OF = {nfkc(n): key for key in spec.T2_COLUMNS.keys() | {"decisions"} for n in _t2_names(key)}
_T2_ROW_OF = {nfkc(n): row for row, names in spec.T2_ROWS.items() for n in names}
# a column's name, its 数/件数 and a row's label right after it: the header's last word before its first row
_T2_TAIL = re.compile(
    "(" + "|".join(sorted(map(re.escape, _T2_NAME_OF), key=len, reverse=True)) + ")[数件量]*"
    "(" + "|".join(sorted(map(re.escape, _T2_ROW_OF), key=len, reverse=True)) + ")"
)


def t2_doubted(text: str) -> set[tuple[str, ...]]:
    """Table 一's column orders (as the template lays out a kind of row) that are not to be read in the template's
    order: those a header printed as text names in another order and, once one does, those no header names. After
    each 信息内容, up to its first row's label (HEADER_SPAN characters at most), any two columns named whole;
    本年新制作数量 … 对外公开总数量 printed 对外公开总数量 first disputes (new_made, new_published, total_published), and so
    does 处理决定数量 before 本年增/减 where 上一年项目数量 wrapped over the lines above and below (「上一年项目数 / 信息内容
    处理决定数量 本年增/减 / 量」: its place is unknown, the two named say the order is not the template's). A table whose
    header departs from the template in one part may in the others: columns no header names all of (a header lost
    with a line cut at the page's edge) are not read in the template's order then. Columns no header names whole
    whose name other than their last is printed right before a row's label (「本年制发数规章 0 0 0」, the header's
    start lost past the page's edge, its last word 本年制发) are disputed too."""
    disputed: set[tuple[str, ...]] = set()
    named: set[tuple[str, ...]] = set()
    for m in re.finditer("信息内容", text):
        head = text[m.end() : m.end() + HEADER_SPAN]
        head = head[: min((i for n in _T2_ROW_OF if (i := head.find(n)) >= 0), default=len(head))]
        at: dict[str, int] = {}
        for key in spec.T2_COLUMNS.keys() | {"decisions"}:
            found = [i for n in _t2_names(key) if (i := head.find(nfkc(n))) >= 0]
            if found:
                at[key] = min(found)
        for columns in _T2_LAYOUTS:
            order = [c for c in columns if c in at]  # a name wrapped around the others' line is not named whole
            if len(order) == len(columns):  # all of them: 上一年项目数量 本年增/减 alone name 行政事业性收费's columns
                named.add(columns)
            if len(order) > 1 and sorted(order, key=at.__getitem__) != order:
                disputed.add(columns)
    for m in _T2_TAIL.finditer(text):  # the row's columns no header names whole: its last word not their last
        key, row = _T2_NAME_OF[m.group(1)], _T2_ROW_OF[m.group(2)]
        layouts = {layouts[row] for layouts in spec.T2_DEFAULT_COLUMNS.values() if row in layouts}
        disputed |= {columns for columns in layouts & _T2_LAYOUTS - named if key in columns and key != columns[-1]}
    return disputed | (_T2_LAYOUTS - named) if disputed else set()
