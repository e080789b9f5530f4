"""The spec's arithmetic identities over facts: pass, fail or incomplete, for each key."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from . import spec
from .model import Check, Fact

Key = tuple[str, str, str]
FactMap = dict[Key, Fact]
Identity = tuple[str, str, tuple[Key, ...], tuple[Key, ...]]  # check, key, left side's keys, right side's keys


def _values(facts: FactMap, keys: Sequence[Key]) -> list[float | int | None] | None:
    """Values for keys; None when no key has any fact at all (nothing to check)."""
    found = [facts.get(k) for k in keys]
    if not any(found):  # a Fact is always true
        return None
    return [f.value if f is not None and f.semantic == "number" else None for f in found]


def _fmt(values: Sequence[float | int | None]) -> str:
    return " + ".join("?" if v is None else f"{v:g}" for v in values)


def _equation(name: str, key: str, facts: FactMap, left: Sequence[Key], right: Sequence[Key]) -> Check | None:
    lv, rv = _values(facts, left), _values(facts, right)
    if lv is None and rv is None:
        return None
    lv = lv if lv is not None else [None] * len(left)
    rv = rv if rv is not None else [None] * len(right)
    detail = f"{_fmt(lv)} = {_fmt(rv)}"
    if None in lv or None in rv:
        return Check(name, key, "incomplete", detail)
    ok = abs(sum(lv) - sum(rv)) < 1e-9  # type: ignore[arg-type]
    return Check(name, key, "pass" if ok else "fail", detail)


def outcome_rows(facts: FactMap) -> tuple[str, ...]:
    """Outcome rows of t3: the 2021 three-way 其他处理 when present, else the 2019 single row."""
    has_2021 = any(
        ("t3", r, c) in facts for r in ("other_no_correction", "other_unpaid_fee", "other_misc") for c in spec.T3_COLUMNS
    )
    return spec.T3_OUTCOMES["2021" if has_2021 else "2019"]


@functools.cache
def _identities(outcomes: tuple[str, ...]) -> tuple[Identity, ...]:
    """Every identity of the spec as (check, key, left keys, right keys), for these t3 outcome rows."""
    out: list[Identity] = []
    for c in spec.T3_COLUMNS:
        left = (("t3", "new_received", c), ("t3", "carried_over", c))
        out.append(("t3.balance", c, left, (("t3", "total_processed", c), ("t3", "carried_forward", c))))
    for c in spec.T3_COLUMNS:
        out.append(("t3.outcomes", c, (("t3", "total_processed", c),), tuple(("t3", r, c) for r in outcomes)))
    for r in [*spec.T3_ROWS, "other_misc"]:
        out.append(("t3.row_total", r, (("t3", r, "total"),), tuple(("t3", r, c) for c in spec.T3_COLUMNS[:-1])))
    for g in spec.T4_GROUPS:
        out.append(("t4.group_total", g, (("t4", g, "total"),), tuple(("t4", g, c) for c in spec.T4_COLUMNS[:-1])))
    return tuple(out)


def run_checks(fact_list: list[Fact]) -> list[Check]:
    """Every identity of the spec for every key with at least one input among the facts."""
    facts: FactMap = {f.key(): f for f in fact_list}
    out = (_equation(name, key, facts, left, right) for name, key, left, right in _identities(outcome_rows(facts)))
    return [c for c in out if c is not None]


_PROSE_REQUESTS = re.compile(r"(?:收到|受理|新收)[^。；，,]{0,12}?(?:政府信息公开)?申请[^。；，,\d]{0,4}?(\d+)\s*(?:件|宗|条|个)")


def soft_checks(fact_list: list[Fact], overview: str) -> list[str]:
    """Warnings that never fail a report: negative counts, prose figures that differ from the tables."""
    warnings = []
    for f in fact_list:
        if f.semantic == "number" and f.value is not None and f.value < 0 and f.col not in ("change",):
            warnings.append(f"soft: {f.table}.{f.row}.{f.col} is negative ({f.raw})")
    total = next((f.value for f in fact_list if f.key() == ("t3", "new_received", "total")), None)
    m = _PROSE_REQUESTS.search(re.sub(r"\s+", "", overview))
    if m and total is not None and int(m.group(1)) != total:
        warnings.append(
            f"soft: 总体情况 says {m.group(1)} requests, table t3 new_received.total is {total:g} (prose may count differently)"
        )
    return warnings
