"""The tables the grids lack, read from the document's text: its lines as rows with visible borders and its prose
as flattened runs, the two readings merged only where they agree."""

from __future__ import annotations

from . import spec
from .flat import FlatReader
from .headers import TextHeaders, alike, order_differs, t3_names
from .model import Block, Document, Fact, Row
from .tables import TableReader


def text_rows(blocks: list[Block]) -> list[Row]:
    """Every line of the text blocks as a row of tab-separated cells, numbered across the document."""
    rows: list[Row] = []
    n = 0
    for block in blocks:
        if block.kind != "text":
            continue
        for i, line in enumerate(block.text.split("\n") if block.line else block.text.splitlines()):
            n += 1
            rows.append(Row(line.split("\t"), f"line {block.line + i if block.line else n}"))
    return rows


def from_text(
    doc: Document, template: str, headers: TextHeaders, prose: str, rest: set[str]
) -> tuple[dict[tuple[str, str, str], Fact], list[str]]:
    """The tables the grids lack (rest), from the text: rows with visible borders and flattened runs, a table's two
    readings merged where they agree and the runs dropped where they do not."""
    text = TableReader(template, headers)
    text.read(text_rows(doc.blocks), only=rest)
    flat_facts, flat_warnings = _flattened(prose, template, headers, rest)
    flat = {f.key(): f for f in flat_facts if f.key()[:2] not in text.withdrawn}  # rows the text lines show cut
    facts: dict[tuple[str, str, str], Fact] = {}
    warnings = []
    for table in sorted(rest):
        rows = {k: f for k, f in text.facts.items() if k[0] == table}
        runs = {k: f for k, f in flat.items() if k[0] == table}
        differ = [k for k in rows.keys() & runs.keys() if (rows[k].value, rows[k].semantic) != (runs[k].value, runs[k].semantic)]
        if differ and rows:
            warnings.append(
                f"{table}: text rows and the flattened reading disagree on {len(differ)} cells; flattened reading not used"
            )
            runs = {}
        facts.update(runs | rows)
    return facts, warnings + text.warnings + [w for w in flat_warnings if w.split(":")[0] in rest]


def _flattened(prose: str, template: str, headers: TextHeaders, rest: set[str]) -> tuple[list[Fact], list[str]]:
    """The flattened runs of the tables in rest, read in the template's order: not where a header printed as text
    orders the columns otherwise (but cells all alike), nor t3's rows whose five organisations' cells differ where
    its header prints 法人或其他组织 over no organisation's name."""
    flat_facts, flat_warnings = FlatReader(prose, template, headers.t2).read(rest)
    if "t3" in rest and order_differs(headers.t3):  # runs are read in the template's order, which the header denies
        flat_facts = _rows_alike(flat_facts)
        flat_warnings.append(
            f"t3: its header names the applicant columns in another order ({t3_names(headers.t3)}); flattened rows "
            "read only where all seven cells are alike"
        )
    elif "t3" in rest and headers.t3_blind and not headers.t3:  # the header names none of the five organisations
        flat_facts = _rows_alike(flat_facts, spec.T3_COLUMNS[1:-1])
        flat_warnings.append(
            "t3: its header prints 法人或其他组织 over none of its five columns' names; flattened rows read only where "
            "the five cells under it are alike"
        )
    run = [f.value for f in flat_facts if f.table == "t4"]
    if "t4" in rest and headers.t4 and run and not alike(run):
        flat_facts = [f for f in flat_facts if f.table != "t4"]
        flat_warnings.append(f"t4: its header orders the columns unlike the template ({headers.t4[1]}); flattened run not read")
    return flat_facts, flat_warnings


def _rows_alike(facts: list[Fact], columns: tuple[str, ...] = spec.T3_COLUMNS) -> list[Fact]:
    """Facts, less the t3 rows whose cells in those columns are not all alike, or that lack one of the seven (read in
    the template's order, their values could stand under the wrong columns)."""
    cells: dict[str, list[tuple[object, str]]] = {}
    counts: dict[str, int] = {}
    for f in facts:
        if f.table == "t3":
            counts[f.row] = counts.get(f.row, 0) + 1
            if f.col in columns:
                cells.setdefault(f.row, []).append((f.value, f.semantic))
    kept = {row for row, got in cells.items() if counts[row] == len(spec.T3_COLUMNS) and alike(got)}
    return [f for f in facts if f.table != "t3" or f.row in kept]
