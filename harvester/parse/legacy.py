"""Reports before 2019: indicator tables (指标名称 | 计量单位 | 本年度 | 历年累计) as `legacy` facts."""

from __future__ import annotations

import re

from . import spec
from .cells import is_number, nfkc, read_cell, strip_numbering
from .flattext import FlatText
from .model import Fact, Row
from .rows import MISSING, SPAN
from .segment import readings, tokens

_YEAR_COLUMN = re.compile(r"^(?:19|20)\d{2}年度?$")
_ASIDE = re.compile(r"^(?:其中|含)[:：]?")
_UNITS = "人次|万元|条|件|元|个|次|项|份|篇|期|场|人|家|户|册"
_FLAT_HEADER = re.compile(r"指标名称 ?计量 ?单位 ?(?P<year>(?:19|20)\d{2} ?年度?|本年度?|本年数) ?(?P<cum>历年累计|累计)?")
_FLAT_ROW = re.compile(rf" ?(?P<label>(?:[^\d]|\d[.、．]){{1,45}}?) ?(?P<unit>{_UNITS}) ?(?P<run>[\d ]*\d)")
_BLEED = re.compile(r"[.、．]")


def legacy_key(label: str) -> str:
    """An indicator's row key: its label without white space, 其中: asides and outline numbering."""
    return strip_numbering(_ASIDE.sub("", strip_numbering(nfkc(label))))


def _header(cells: list[str]) -> dict[str, range] | None:
    """Each column's grid slots: its header cell and the slots that cell spans."""
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = nfkc(cell)
        if "this_year" not in found and _YEAR_COLUMN.match(text):
            found["this_year"] = i
            continue
        for key, marks in spec.LEGACY_COLUMNS.items():
            if key not in found and any(text == m or text.startswith(m) for m in marks):
                found[key] = i
                break
    if "this_year" not in found:
        return None
    ends = {i: next((j for j in range(i + 1, len(cells)) if cells[j] != SPAN), len(cells)) for i in found.values()}
    return {key: range(i, ends[i]) for key, i in found.items()}


def _under(cells: list[str], slots: range) -> list[str]:
    """The row's cells under a header's slots (a value spanning them counts once): the printed ones, or one blank."""
    own = [cells[j] for j in slots if j < len(cells) and cells[j] not in (SPAN, MISSING)]
    printed = [c for c in own if c.strip()]
    return printed or own[:1]


def read_legacy(rows: list[Row]) -> tuple[list[Fact], list[str]]:
    """Facts of every indicator table: row key = normalised label, columns this_year / cumulative."""
    facts: dict[tuple[str, str, str], Fact] = {}
    warnings: list[str] = []
    columns: dict[str, range] | None = None
    width = 0
    for row in rows:
        cells = [c.strip() for c in row.cells]
        header = _header(cells)
        if header and not any(is_number(c) for c in cells):
            columns, width = header, len(cells)
            continue
        if columns is None or not any(is_number(c) for c in cells):
            continue
        if len(cells) == width and any(0 in slots for slots in columns.values()):
            continue  # the header puts a unit or value column first: this grid lost its labels
        label = legacy_key(cells[0]) if cells else ""
        if not label or is_number(label) or re.fullmatch(_UNITS, label):
            continue  # a unit is no indicator's name
        evidence = "grid" if row.in_table and len(cells) == width else "layout"
        unit_at = columns["unit"][0] if "unit" in columns else None
        unit = cells[unit_at] if unit_at is not None and unit_at < len(cells) else None
        for col, under in _values(cells, columns, width).items():
            if len(under) > 1:
                warnings.append(f"legacy: {label}.{col} has {len(under)} values under one header at {row.locator}; withheld")
                continue
            cell = read_cell(under[0])
            unit_text = nfkc(unit) if unit and cell.semantic == "number" else None
            fact = Fact("legacy", label, col, cell.value, under[0], cell.semantic, unit_text, row.locator, evidence=evidence)
            _keep(facts, fact, warnings)
    return list(facts.values()), warnings


def _values(cells: list[str], columns: dict[str, range], width: int) -> dict[str, list[str]]:
    """Each value column's cells in the row. A row of the header's grid: the cells under the header's slots. A row
    of another grid (the table continued on the next page, its columns drawn anew): the cells after the label
    and unit, in the header's order, when there are as many as the header has value columns."""
    wanted = [col for col in ("this_year", "cumulative") if col in columns]
    if len(cells) == width:
        return {col: under for col in wanted if (under := _under(cells, columns[col]))}
    start = 2 if "unit" in columns else 1
    own = [c for c in cells[start:] if c not in (SPAN, MISSING)]
    return {col: [value] for col, value in zip(wanted, own, strict=True)} if len(own) == len(wanted) else {}


def _keep(facts: dict[tuple[str, str, str], Fact], fact: Fact, warnings: list[str]) -> None:
    key = fact.key()
    if key in facts and facts[key].value != fact.value:
        warnings.append(f"legacy: {fact.row}.{fact.col} read twice with different values; dropped")
        del facts[key]
    else:
        facts[key] = fact


def read_flat_legacy(raw: str) -> tuple[list[Fact], list[str]]:
    """An indicator table whose cells ran together: label, unit, then this year's and the cumulative digits."""
    text = FlatText.of(raw).text
    head = _FLAT_HEADER.search(text)
    if head is None:
        return [], []
    columns = ["this_year", "cumulative"] if head.group("cum") else ["this_year"]
    facts: dict[tuple[str, str, str], Fact] = {}
    warnings: list[str] = []
    withheld: list[str] = []
    pos = head.end()
    while m := _FLAT_ROW.match(text, pos):
        run, pos = m.group("run"), m.end()
        if _BLEED.match(text, pos) and len(run.replace(" ", "")) > len(columns):
            run, pos = run[:-1].rstrip(), pos - 1  # the next indicator's numbering, not a cell
        label = legacy_key(m.group("label"))
        cells = _legacy_cells(tokens(run), len(columns))
        if cells is None or None in cells:
            withheld.append(f"{label} {run!r}")
        for col, raw_cell in zip(columns, cells or [], strict=False):
            if raw_cell is not None:
                cell = read_cell(raw_cell)
                fact = Fact("legacy", label, col, cell.value, raw_cell, cell.semantic, m.group("unit"), f"text @{m.start('run')}")
                fact.evidence = "layout" if len(tokens(run)) == len(columns) or len(run) == len(columns) else "identity"
                _keep(facts, fact, warnings)
    if withheld:
        warnings.append(f"legacy: digits run together and several cuts are possible; withheld: {'; '.join(withheld)}")
    return list(facts.values()), warnings


def _legacy_cells(toks: list[str], n: int) -> list[str | None] | None:
    """This year's and the cumulative cell: a cut is valid when the cumulative is at least this year's."""
    if len(toks) == n:
        return list(toks)
    options = readings(toks, n, lambda v: n == 1 or v[1] >= v[0])
    if not options:
        return None
    return list(options[0]) if len(options) == 1 else None  # several cuts: the row is ambiguous
