"""The one shared report parser: a Document (blocks of text and tables) in, the canonical Report out."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import spec
from .checks import run_checks, soft_checks
from .columns import row_total_fails, show_row
from .fromtext import from_text, text_rows
from .headers import TextHeaders, text_headers
from .legacy import read_flat_legacy, read_legacy
from .meta import decide_template, find_agency, find_published, find_scope, find_title, find_year
from .model import Block, Document, Fact, Report, Row
from .sections import split_sections
from .tables import TableReader
from .textdoc import document_from_text

TABLES = ("t2", "t3", "t4")
LOW_CONFIDENCE = 0.9
_IMAGE_MARK = re.compile(r"\[image[:\]]|<img|\.(png|jpe?g|gif)\b", re.I)


def parse_document(doc: Document, text: str | None = None) -> Report:
    """Parse an extracted document into the canonical report (spec: Canonical JSON); `text` is doc.text when the
    caller has it already (it is built from every row on each use)."""
    text = doc.text if text is None else text
    prose = "\n".join(b.text for b in doc.blocks if b.kind == "text")
    lines = [x for x in prose.splitlines() if x.strip()]
    warnings = list(doc.warnings)
    title = find_title(lines, doc.title_hint)
    year = find_year(title, prose)
    agency = find_agency(title, lines, doc.publisher_hint)
    template, twarn = decide_template(year, text)
    warnings += twarn
    sections, swarn = split_sections(prose)
    warnings += swarn
    if template == "pre2019":
        facts, fwarn = read_legacy(table_rows(doc.blocks) + text_rows(doc.blocks))
        if not facts:
            facts, fwarn = read_flat_legacy(prose)
    else:
        facts, fwarn = read_tables(doc, template, prose, text)
        if not any(w.startswith(SEVERAL_WARNING) for w in fwarn):
            warnings += missing_table_warnings(facts, text, fwarn)
        facts, misread = _ocr_rows_that_do_not_add_up(facts)
        facts, impossible = _impossible_t2_values(facts)
        fwarn += misread + impossible + soft_checks(facts, sections.get("s1", ""))
        low = [f for f in facts if f.confidence is not None and f.confidence < LOW_CONFIDENCE]
        if low:
            fwarn.append(f"ocr: {len(low)} facts read with confidence below {LOW_CONFIDENCE} (flagged)")
    warnings += fwarn
    published, scope = find_published(doc.published_hint, lines), find_scope(agency, prose)
    return Report(title, agency, year, template, sections, facts, run_checks(facts), warnings, published, scope)


_ROW_CHECKS = {"t3.row_total": "t3", "t4.group_total": "t4"}


def _ocr_rows_that_do_not_add_up(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """OCR rows whose total is not the sum of their cells are withheld: OCR misreads a digit with full confidence
    (7 as 1 in a 100 dpi scan), and a table printed right and read wrong must not stand as the agency's error. A
    printed table that does not add up loses the row too when it is read by OCR (a missing number, not a wrong one)."""
    ocr_rows = {(f.table, f.row) for f in facts if f.evidence == "ocr"}
    if not ocr_rows:
        return facts, []  # the checks run once more for the report; only OCR rows need them here
    failing = {
        (_ROW_CHECKS[c.check], c.key): c.detail
        for c in run_checks(facts)
        if c.check in _ROW_CHECKS and c.status == "fail" and (_ROW_CHECKS[c.check], c.key) in ocr_rows
    }
    if not failing:
        return facts, []
    kept = [f for f in facts if (f.table, f.row) not in failing]
    warnings = [f"{t}: {row} read by OCR does not add up ({detail}); withheld" for (t, row), detail in sorted(failing.items())]
    return kept, warnings


def _impossible_t2_values(facts: list[Fact]) -> tuple[list[Fact], list[str]]:
    """Table 二's rows with a fraction under a count (every column but an amount of money) or a number below zero
    under a column that cannot go below it (every one but 本年增/减), however they were read: the values stand under
    other columns than read (「政府集中采购 73802895.90 73802895.90」 read by the template's columns put 采购总金额 under
    采购项目数量, whose 395 was printed on a line of its own; 「行政事业性收费-15-1535」, 本年增/减 printed twice before
    上一年项目数量, gave -15 as the latter). The row is withheld."""
    rows = {(f.table, f.row): f"{f.col} {f.raw}" for f in facts if f.table == "t2" and _impossible(f)}
    kept = [f for f in facts if (f.table, f.row) not in rows]
    warnings = [
        f"t2: {row} reads a value its column cannot hold ({cell}): its values stand under other columns than read; withheld"
        for (_, row), cell in sorted(rows.items())
    ]
    return kept, warnings


def _impossible(fact: Fact) -> bool:
    """A fraction under a count column, or a number below zero under a column that cannot go below it."""
    if not isinstance(fact.value, (int, float)):
        return False
    fraction = isinstance(fact.value, float) and not fact.value.is_integer() and fact.col not in spec.T2_MONEY
    return fraction or (fact.value < 0 and fact.col not in spec.T2_SIGNED)


def table_rows(blocks: list[Block]) -> list[Row]:
    return [row for block in blocks if block.kind == "table" for row in block.rows]


def read_tables(doc: Document, template: str, prose: str, text: str) -> tuple[list[Fact], list[str]]:
    """Facts from real table grids first; tables they lack are then read from the text (the document's, grids and
    all, is text), as rows with visible borders and as flattened runs, the two readings merged only where they agree."""
    headers = text_headers(prose)
    grid = _grid_reader(doc, template, headers)
    if _several_reports(grid.conflicts):
        where = sorted({f"{t}.{r}" for t, r, _ in grid.conflicts})
        return [], [
            f"{SEVERAL_WARNING} {len(grid.conflicts)} cells in {len(where)} rows ({', '.join(where[:4])}…) are printed twice "
            "with different values: the document holds the tables of more than one report; no facts"
        ]
    facts = dict(grid.facts)
    warnings = list(grid.warnings)
    rest = set(TABLES) - {f.table for f in facts.values()}
    if "t3" not in rest:
        warnings += _t3_rows_beside_the_grid(doc, template, facts, grid.t3_reordered, headers)
    if "t2" not in rest:
        warnings += _t2_rows_beside_the_grid(doc, template, facts, headers)
    if rest:
        more, more_warnings = from_text(doc, template, headers.with_grids(text, table_rows(doc.blocks)), prose, rest)
        facts.update(more)
        warnings += more_warnings
    return list(facts.values()), warnings


def _grid_reader(doc: Document, template: str, headers: TextHeaders) -> TableReader:
    """The document's table grids read by one TableReader, the prose between them setting its context."""
    grid = TableReader(template, headers)
    for block in doc.blocks:
        if block.kind == "table":
            grid.read_prose(block.lead)  # headings and a header printed as text set its context, as in ordered text
            grid.new_table(block.carried)
            grid.read(block.rows)
        elif doc.ordered:
            grid.read_prose(block.text)
    grid.finish()
    return grid


SEVERAL_WARNING = "tables:"
SEVERAL = 3  # cells printed twice with different values, in two rows or more: not a slip, another report's table


def _several_reports(conflicts: set[tuple[str, str, str]]) -> bool:
    """Tables read twice that differ in several cells of several rows are two reports' tables (a compilation of
    reports, or another year's table for comparison): the cells they agree on are no evidence for this report."""
    return len(conflicts) >= SEVERAL and len({(t, r) for t, r, _ in conflicts}) >= 2


def _t3_rows_beside_the_grid(
    doc: Document, template: str, facts: dict[tuple[str, str, str], Fact], reordered: bool, headers: TextHeaders
) -> list[str]:
    """t3 rows the grids lack, taken from text lines when a line holds the row's label and seven numbers that pass
    its row total (a PDF table's last row on a page, drawn without its bottom rule, is text to pdfplumber); not
    when the grid's header put the columns in another order than the template's, in which a text line is read, and
    under a header printed as text that does so, only rows whose seven cells are alike."""
    have = {k[1] for k in facts if k[0] == "t3"}
    gaps = [key for key in spec.t3_order(template) if key not in have]
    if not gaps:
        return []
    if reordered:
        return [
            f"t3: {len(gaps)} rows missing from the table grid not read from text lines (its header orders the columns unlike the template)"
        ]
    text = TableReader(template, headers)
    text.read(text_rows(doc.blocks), only={"t3"})
    taken, warnings = [], []
    for key in gaps:
        row = {k: f for k, f in text.facts.items() if k[:2] == ("t3", key)}
        numbers = {k[2]: f.raw for k, f in row.items() if f.semantic == "number"}
        where = f"{key} ({next(iter(row.values())).locator})" if row else ""
        fails = row_total_fails(numbers)
        if fails is False and all(f.evidence == "layout" for f in row.values()):
            facts.update(row)
            taken.append(where)
        elif fails:
            warnings.append(
                f"t3: {where}: {show_row(numbers)}, a text line beside the table grid, fails its row total; row withheld"
            )
    warnings += _said_of(text.warnings, "t3", gaps)  # withheld there
    if taken:
        warnings.insert(
            0, f"t3: rows missing from the table grid read from text lines that pass their row total: {', '.join(taken)}"
        )
    return warnings


def _t2_rows_beside_the_grid(
    doc: Document, template: str, facts: dict[tuple[str, str, str], Fact], headers: TextHeaders
) -> list[str]:
    """t2 rows the grids lack, read from text lines under their own 第二十条 heading (a PDF's one-column parts of
    table 一, 「行政许可 97」, that the extractor left as text beside the grid of 规章 and 规范性文件), in the order the
    headers printed as text give (a part of the table cut off onto the next page, its header as a text line)."""
    have = {k[1] for k in facts if k[0] == "t2"}
    text = TableReader(template, headers)
    text.read(text_rows(doc.blocks), only={"t2"})
    rows = {k: f for k, f in text.facts.items() if k[1] not in have}
    withheld = _said_of(text.warnings, "t2", set(spec.T2_ROWS) - have)
    if not rows:
        return withheld
    facts.update(rows)
    taken = sorted({f"{k[1]} ({f.locator})" for k, f in rows.items()})
    return [f"t2: rows missing from the table grid read from text lines: {', '.join(taken)}", *withheld]


def _said_of(warnings: list[str], table: str, keys: Iterable[str]) -> list[str]:
    """The warnings a reader gave about the given rows of a table (「t3: granted at …」)."""
    heads = tuple(f"{table}: {key} " for key in keys)
    return [w for w in warnings if w.startswith(heads)]


def missing_table_warnings(facts: list[Fact], text: str, said: list[str]) -> list[str]:
    """A warning for each table without facts: not found, or found with every row withheld (`said` tells why)."""
    found = {f.table for f in facts}
    names = {"t2": "主动公开政府信息情况", "t3": "收到和处理政府信息公开申请情况", "t4": "行政复议、行政诉讼"}
    image = _IMAGE_MARK.search(text)
    out = []
    for t in (t for t in TABLES if t not in found):
        if image:
            out.append(f"{t}: table {names[t]} not found (the document shows an image where the tables should be); no facts")
        elif any(w.startswith(f"{t}: ") for w in said):
            out.append(f"{t}: table {names[t]} found, none of its rows read (see the other {t} warnings); no facts")
        else:
            out.append(f"{t}: table {names[t]} not found (no table rows with known labels); no facts")
    return out


def parse_text(text: str) -> Report:
    return parse_document(document_from_text(text))
