"""Tables flattened into running text (cells run together): rows found by their labels, digits cut for the
whole table at once under the template's identities. A cell is published only where every valid cut agrees."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from . import spec
from .cells import MEASURE_WORDS, read_cell
from .checks import run_checks
from .columns import placed_elsewhere
from .flattext import T2_ANCHORS, T2_RUN, T3_RUN, FlatRow, FlatText, bordered, scan, t3_anchors, t3_start
from .headers import alike
from .model import Fact
from .segment import groups_valid, readings, row_total_valid, tokens

_MAX_T4_HEADER = 240
_DIGIT = re.compile(r"\d")
MAX_COMBINATIONS = 4096

_COPIES = re.compile(r"(\S{4,}?)\1")  # a header's words printed twice in a row: a merged cell copied into its slots
# a minus sign or hyphen not joined to the number after it, with a number after it (「35-」 then 「15」 on the next line)
_LONE_DASH = re.compile(r"[-−](?=\s+-?\d)")
# a cell's border or a count's measure word after a run, then more digits (「088件 | 055件」): the row prints its borders
_BORDER_THEN_DIGITS = re.compile(rf" ?(?:\||{'|'.join(MEASURE_WORDS)})[ |{''.join(MEASURE_WORDS)}]*\d")


class FlatReader:
    """Reads t2, t3 and t4 from flattened text; collects facts and warnings."""

    def __init__(self, raw: str, template: str, t2_doubted: frozenset[tuple[str, ...]] = frozenset()) -> None:
        self.flat = FlatText.of(raw)
        self.template = template
        self.t2_doubted = t2_doubted  # t2 column orders not to be read in the template's order (headers.t2_doubted)
        self.facts: list[Fact] = []
        self.warnings: list[str] = []

    def read(self, only: set[str]) -> tuple[list[Fact], list[str]]:
        t3_at = t3_start(self.flat)
        t3_end = -1
        if t3_at >= 0 and "t3" in only | {"t4"}:
            t3_end = self._t3(t3_at, "t3" in only)
        if "t2" in only:
            self._t2(t3_at)
        if "t4" in only and t3_end >= 0:
            self._t4(t3_end)
        return self.facts, self.warnings

    def _fact(self, table: str, row: str, col: str, raw: str, offset: int, evidence: str, unit: str | None = None) -> None:
        cell = read_cell(raw)
        self.facts.append(
            Fact(table, row, col, cell.value, raw, cell.semantic, cell.unit or unit, f"text @{offset}", evidence=evidence)
        )

    # -- t3 -----------------------------------------------------------------------------
    def _t3(self, start: int, emit: bool) -> int:
        anchors = t3_anchors("2021" if self._is_2021(start) else "2019")
        rows = scan(self.flat, anchors, start, T3_RUN)
        if not emit or not rows:
            return self._end_of(rows)
        options: dict[str, list[list[str]]] = {}
        forced: set[str] = set()
        apart: list[tuple[str, str]] = []
        for row in rows:
            toks = tokens(row.run)
            if row.bordered and len(toks) < len(spec.T3_COLUMNS):
                apart.append((row.key, row.run))
                continue
            forced_cells = _forced(toks, len(spec.T3_COLUMNS), row_total_valid)
            if forced_cells:
                placed = dict(zip(spec.T3_COLUMNS, forced_cells, strict=True))
                if placed_elsewhere(placed):  # as in the grid reading
                    self.warnings.append(
                        f"t3: {row.key} digits {row.run!r} fail their row total in the template's column order, yet "
                        "another cell is the sum of the rest or the parts exceed 总计; row withheld"
                    )
                    continue
                options[row.key] = [forced_cells]
                forced.add(row.key)
                continue
            found = readings(toks, len(spec.T3_COLUMNS), row_total_valid)
            if not found:
                self.warnings.append(f"t3: {row.key} digits {row.run!r} fit no reading with its row total; no facts")
                continue
            options[row.key] = found
        if apart:
            self.warnings.append(_apart("t3", apart, len(spec.T3_COLUMNS)))
        chosen = _joint(options)
        offsets = {r.key: r.offset for r in rows}
        cut = [k for k in chosen if k not in forced and all(c is not None for c in chosen[k])]
        if cut:
            self.warnings.append(
                f"t3: digits run together in {len(cut)} rows ({', '.join(cut)}); each was cut the only way the identities allow"
            )
        for key, cells in chosen.items():
            if any(c is None for c in cells):
                shown = " | ".join(" ".join(o) for o in options[key][:3])
                self.warnings.append(f"t3: {key} digits are ambiguous, read several ways ({shown} …); no facts")
            for col, raw in zip(spec.T3_COLUMNS, cells, strict=True):
                if raw is not None:
                    self._fact("t3", key, col, raw, offsets[key], "layout" if key in forced else "identity")
        return self._end_of(rows)

    def _is_2021(self, start: int) -> bool:
        return self.flat.find("逾期不补正", start) >= 0 or self.template == "2021" and self.flat.find_label("其他处理", start) < 0

    def _end_of(self, rows: list[FlatRow]) -> int:
        if not rows:
            return -1
        last = rows[-1]
        return last.offset + len(last.run)

    # -- t4 -----------------------------------------------------------------------------
    def _t4(self, start: int) -> None:
        head = self.flat.find("行政复议", start)
        digit = _DIGIT.search(self.flat.text, max(head, 0))
        if (
            head < 0
            or digit is None
            or digit.start() - head > _MAX_T4_HEADER
            or "总计" not in self.flat.text[head : digit.start()]
        ):
            return
        m = T3_RUN.match(self.flat.text, digit.start())
        if m is None:
            return
        run, offset = m.group(0), digit.start()
        toks = tokens(run)
        n = len(spec.T4_GROUPS) * len(spec.T4_COLUMNS)
        if len(toks) < n and bordered(self.flat, m.end()):
            self.warnings.append(_apart("t4", [("its row", run)], n))
            return
        forced_cells = _forced(toks, n, groups_valid)
        if forced_cells:
            options, evidence = [forced_cells], "layout"
        else:
            options, evidence = readings(toks, n, groups_valid), "identity"
        if not options:
            self.warnings.append(f"t4: digits {run!r} fit no reading with the group totals; no facts")
            return
        cells: list[str | None] = list(options[0]) if len(options) == 1 else [None] * n
        if len(options) > 1:
            self.warnings.append(f"t4: digits {run!r} are ambiguous, read several ways; no facts")
        elif evidence == "identity":
            self.warnings.append("t4: digits run together; the only cut that satisfies the group totals was taken")
        for i, raw in enumerate(cells):
            if raw is not None:
                self._fact("t4", *spec.T4_ORDER[i], raw, offset, evidence)

    # -- t2 -----------------------------------------------------------------------------
    def _t2(self, t3_at: int) -> None:
        start = self.flat.find("第二十条", 0)
        if start < 0:
            return
        stop = t3_at if t3_at > start else len(self.flat.text)
        template = self.template if self.template in spec.T2_DEFAULT_COLUMNS else "2019"
        part = FlatText.of(self.flat.text[start:stop])
        rows = scan(part, T2_ANCHORS, 0, T2_RUN)
        copies = _copies(part.text, rows, {k for k, cols in spec.T2_DEFAULT_COLUMNS[template].items() if len(cols) == 1})
        for row in rows:
            columns = spec.T2_DEFAULT_COLUMNS[template].get(row.key)
            if not columns:
                continue
            if row.key in copies:
                self.warnings.append(
                    f"t2: {row.key}'s digits {row.run!r} repeat, and so does its header or every one-column row's digits "
                    "(a merged cell copied into each slot): copies of one number run together, or one number; not read"
                )
                continue
            if columns in self.t2_doubted and not _alike_however_cut(row.run, len(columns)):
                self.warnings.append(
                    f"t2: {row.key}'s header, or another part's while its own is not read, names the columns in another "
                    "order than the template's; flattened run not read"
                )
                continue
            if _LONE_DASH.search(row.run):
                self.warnings.append(
                    f"t2: {row.key}'s run {row.run!r} holds a dash apart from the number after it: a minus sign cut off "
                    "by a wrapped line, or a zero printed as a dash; flattened run not read"
                )
                continue
            unit = "万元" if row.key == "fees" and template == "2021" else None
            run = row.run.replace(" 元", "元").replace(" 万元", "万元")
            toks = tokens(run)
            if len(toks) < len(columns) and row.bordered:
                self.warnings.append(_apart("t2", [(row.key, row.run)], len(columns)))
                continue
            if len(toks) < len(columns) and _BORDER_THEN_DIGITS.match(part.text, row.offset + len(row.run)):
                self.warnings.append(
                    f"t2: {row.key}'s run {row.run!r} ends at a border or measure word that more digits follow (each "
                    "cell printed apart: its digits are one cell's, or two rows' run together); flattened run not read"
                )
                continue
            suffix = "万元" if run.endswith("万元") else "元" if run.endswith("元") else ""
            options = readings(toks, len(columns))
            if len(options) == 1:  # every border shows (a token per cell) or the digits allow one cut only
                for col, raw in zip(columns, options[0], strict=True):
                    self._fact(
                        "t2", row.key, col, raw + (suffix if col == columns[-1] else ""), start + row.offset, "layout", unit
                    )
                continue
            self.warnings.append(
                f"t2: {row.key} digits {row.run!r} run together and t2 has no identity to cut them into {len(columns)} cells; no facts"
            )


def _apart(table: str, runs: list[tuple[str, str]], cells: int) -> str:
    """The warning for runs shorter than their rows that end at a cell's border: one warning for a table's rows."""
    if len(runs) == 1:
        (key, run), its = runs[0], "its"
        said = f"{key}'s run {run!r} ends at a cell's border, {len(tokens(run))} numbers for {cells} cells"
    else:
        its = "their"
        said = f"runs ending at a cell's border, fewer numbers than {cells} cells ({', '.join(f'{k} {r!r}' for k, r in runs)})"
    return f"{table}: {said}: each cell printed apart, the rest empty (their places lost) or elsewhere; {its} digits are not cut; not read"


def _copies(text: str, rows: list[FlatRow], single: set[str]) -> set[str]:
    """The one-column t2 rows whose digits may be copies of one number run together (a cell merged over a part's
    columns, copied into each slot: 「行政许可106901069010690」): digits that repeat under a part's header whose words
    repeat (「本年处理决定数量本年处理决定数量…」), and those of rows whose digits repeat as often as another's, one of
    them a number of two digits or more (10690, 2113 and 0 three times each)."""
    found, before, copied = set(), 0, False
    for row in rows:
        between, before = "".join(text[before : row.offset].split()), row.offset + len(row.run)
        if "第二十条" in between:  # a part's header: its rows' cells are laid out as its own
            copied = bool(_COPIES.search(between[between.rfind("第二十条") :]))
        if row.key in single and copied and _repeats(row.run):
            found.add(row.key)
    repeats = {row.key: (_repeats(row.run), len("".join(row.run.split()))) for row in rows if row.key in single}
    for k in {k for ks, _ in repeats.values() for k in ks}:
        rows_k = [(key, n) for key, (ks, n) in repeats.items() if k in ks]
        if len(rows_k) >= 2 and any(n // k >= 2 for _, n in rows_k):  # one digit again and again (000, 11) may be one number
            found |= {key for key, _ in rows_k}
    return found


def _alike_however_cut(run: str, n: int) -> bool:
    """Every reading of the run as n cells reads them all alike (「0 0 0」, or 「000」): any column order says the same.
    Digits run together (「700」) are read as cells first: one token is not one value."""
    options = readings(tokens(run), n)
    return bool(options) and all(alike(cells) for cells in options)


def _repeats(run: str) -> set[int]:
    """The counts k ≥ 2 for which the digits are one string printed k times (「545454」: 3)."""
    digits = "".join(run.split())
    n = len(digits)
    return {k for k in range(2, n + 1) if n % k == 0 and digits == digits[: n // k] * k}


def _forced(toks: list[str], n: int, valid: Callable[[list[int | float]], bool]) -> list[str]:
    """The cells when the run shows every border (n tokens), or has one digit per cell and that reading
    satisfies the identity (a blank cell lost from the text would otherwise shift every cell after it); else []."""
    if len(toks) == n:
        return toks
    if all(t.isdigit() for t in toks) and sum(len(t) for t in toks) == n:
        cells = [d for t in toks for d in t]
        return cells if valid([int(c) for c in cells]) else []
    return []


def _joint(options: dict[str, list[list[str]]]) -> dict[str, list[str | None]]:
    """Rows read several ways are settled by the column identities where exactly one combination passes them."""
    ambiguous = [k for k, v in options.items() if len(v) > 1]
    chosen: dict[str, list[str | None]] = {k: list(v[0]) for k, v in options.items() if len(v) == 1}
    if not ambiguous:
        return chosen
    total = 1
    for k in ambiguous:
        total *= len(options[k])
    passing: list[tuple[list[str], ...]] = []
    if total <= MAX_COMBINATIONS:
        for combo in itertools.product(*(options[k] for k in ambiguous)):
            trial = chosen | {k: list[str | None](c) for k, c in zip(ambiguous, combo, strict=True)}
            if _columns_pass(trial):
                passing.append(combo)
                if len(passing) > 1:
                    break
    if len(passing) == 1:
        return chosen | dict(zip(ambiguous, (list(c) for c in passing[0]), strict=True))
    return chosen | {k: [None] * len(options[k][0]) for k in ambiguous}  # several readings: the row is ambiguous


def _columns_pass(cells: dict[str, list[str | None]]) -> bool:
    """True when no column identity that can be computed fails."""
    facts = [
        Fact("t3", key, col, read_cell(raw).value, raw, "number")
        for key, row in cells.items()
        for col, raw in zip(spec.T3_COLUMNS, row, strict=True)
        if raw is not None
    ]
    return not any(c.status == "fail" for c in run_checks(facts) if c.check in ("t3.balance", "t3.outcomes"))
