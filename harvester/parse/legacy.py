"""Reports before 2019: indicator tables (指标名称 | 计量单位 | 本年度 | 历年累计) as `legacy` facts."""

from __future__ import annotations

from . import spec
from .cells import is_number, nfkc, read_cell, strip_numbering
from .model import Fact, Row


def _header(cells: list[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        text = nfkc(cell)
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
        label = strip_numbering(nfkc(cells[0])) if cells else ""
        if not label or is_number(label):
            continue
        unit = cells[columns["unit"]] if "unit" in columns and columns["unit"] < len(cells) else None
        for col in ("this_year", "cumulative"):
            idx = columns.get(col)
            if idx is None or idx >= len(cells):
                continue
            cell = read_cell(cells[idx])
            key = ("legacy", label, col)
            if key in facts and facts[key].value != cell.value:
                warnings.append(f"legacy: {label}.{col} read twice with different values; dropped")
                del facts[key]
                continue
            facts[key] = Fact(
                "legacy",
                label,
                col,
                cell.value,
                cells[idx],
                cell.semantic,
                nfkc(unit) if unit and cell.semantic == "number" else None,
                row.locator,
            )
    return list(facts.values()), warnings
