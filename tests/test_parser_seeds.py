"""The parser on the five real seed texts, compared with the hand-checked golden files."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.parse import parse_text

from .conftest import load_json

SEEDS = ["000", "001", "002", "003", "004"]


def compare(gold: dict, out: dict) -> dict[str, list]:
    gf = {(f["table"], f["row"], f["col"]): f for f in gold["facts"]}
    pf = {(f["table"], f["row"], f["col"]): f for f in out["facts"]}
    wrong = [
        k
        for k in gf
        if k in pf
        and (
            gf[k]["value"] != pf[k]["value"]
            or gf[k]["unit"] != pf[k]["unit"]
            or gf[k]["semantic"] != pf[k]["semantic"]
            or gf[k]["raw"].strip() != pf[k]["raw"].strip()
        )
    ]
    gc = {(c["check"], c["key"]): c["status"] for c in gold["expected_checks"]}
    pc = {(c["check"], c["key"]): c["status"] for c in out["checks"]}
    return {
        "missing": [k for k in gf if k not in pf],
        "extra": [k for k in pf if k not in gf],
        "wrong": wrong,
        "checks": [(k, v, pc.get(k)) for k, v in gc.items() if pc.get(k) != v],
        "extra_checks": [(k, v) for k, v in pc.items() if k not in gc and v != "incomplete"],
    }


def run_seed(shared: Path, n: str) -> tuple[dict, dict]:
    gold = load_json(shared / "golden" / f"{n}.json")
    text = (shared / "seeds" / gold["seed"]).read_text(encoding="utf-8")
    return gold, parse_text(text).to_json()


@pytest.mark.parametrize("n", SEEDS)
def test_seed_matches_golden(shared: Path, n: str) -> None:
    gold, out = run_seed(shared, n)
    diff = compare(gold, out)
    assert diff == {"missing": [], "extra": [], "wrong": [], "checks": [], "extra_checks": []}
    for field in ("title", "agency", "year", "template"):
        assert out[field] == gold[field], field


@pytest.mark.parametrize("n", ["000", "001"])
def test_seeds_without_tables_warn_and_invent_nothing(shared: Path, n: str) -> None:
    _, out = run_seed(shared, n)
    assert not [f for f in out["facts"] if f["table"] in ("t2", "t3", "t4")]
    for table in ("t2", "t3", "t4"):
        assert any(w.startswith(f"{table}: table") for w in out["warnings"]), out["warnings"]


def test_image_seed_says_why(shared: Path) -> None:
    _, out = run_seed(shared, "000")
    assert any("image" in w for w in out["warnings"])


def test_aggregator_boilerplate_not_in_sections(shared: Path) -> None:
    _, out = run_seed(shared, "001")
    assert "免责声明" not in out["sections"]["s6"]


def test_inconsistent_seed_keeps_printed_values(shared: Path) -> None:
    _, out = run_seed(shared, "004")
    facts = {(f["table"], f["row"], f["col"]): f["value"] for f in out["facts"]}
    assert facts[("t3", "total_processed", "total")] == 0
    assert facts[("t3", "new_received", "total")] == 1
    assert ("t3", "total_processed", "natural_person") not in facts  # two readings disagree
    statuses = {(c["check"], c["key"]): c["status"] for c in out["checks"]}
    assert statuses[("t3.balance", "total")] == "fail"


def test_units_and_raw_money(shared: Path) -> None:
    _, out = run_seed(shared, "002")
    amount = next(f for f in out["facts"] if f["row"] == "procurement" and f["col"] == "amount")
    assert (amount["value"], amount["unit"], amount["raw"]) == (405223.75, "元", "405223.75 元")
