"""Reports before 2019: indicator tables (指标名称 | 计量单位 | 本年度 | 历年累计) as `legacy` facts."""

from __future__ import annotations

import re

from . import spec
from .cells import is_number, nfkc, read_cell, strip_numbering
from .flat import FlatText
from .model import Fact, Row
from .rows import MISSING
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


def _header(cells: list[str]) -> dict[str, int] | None:
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
    return found if "this_year" in found else None


def read_legacy(rows: list[Row]) -> tuple[list[Fact], list[str]]:
    """Facts of every indicator table: row key = normalised label, columns this_year / cumulative."""
    facts: dict[tuple[str, str, str], Fact] = {}
    warnings: list[str] = []
    columns: dict[str, int] | None = None
    for row in rows:
        cells = [c.strip() for c in row.cells]
        header = _header(cells)
        if header and not any(is_number(c) for c in cells):
            columns = header
            continue
        if columns is None or not any(is_number(c) for c in cells):
            continue
        label = legacy_key(cells[0]) if cells else ""
        if not label or is_number(label):
            continue
        unit = cells[columns["unit"]] if "unit" in columns and columns["unit"] < len(cells) else None
        evidence = "grid" if row.in_table else "layout"
        for col in ("this_year", "cumulative"):
            idx = columns.get(col)
            if idx is None or idx >= len(cells) or cells[idx] == MISSING:
                continue
            cell = read_cell(cells[idx])
            unit_text = nfkc(unit) if unit and cell.semantic == "number" else None
            fact = Fact("legacy", label, col, cell.value, cells[idx], cell.semantic, unit_text, row.locator, evidence=evidence)
            _keep(facts, fact, warnings)
    return list(facts.values()), warnings


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
