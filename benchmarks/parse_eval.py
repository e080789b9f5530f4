"""Score the parser against the golden seeds and the project's fixtures; report parsing speed.

Run:  .venv/bin/python benchmarks/parse_eval.py [--shared ../shared] [--runs 5]
The floors in tests/eval_floors.json are held by tests/test_eval_gate.py and may only rise.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.data import DemoReport, demo_reports, make_report  # noqa: E402
from harvester.demo.formats import as_docx, as_js, as_text, as_word_html, page_html  # noqa: E402
from harvester.demo.pdf import build_pdf  # noqa: E402
from harvester.extract import extract  # noqa: E402
from harvester.parse import Report, parse_document, parse_text  # noqa: E402

KINDS: dict[str, Callable[[DemoReport], Report]] = {
    "html": lambda r: parse_document(extract(page_html(r).encode(), "text/html; charset=utf-8")[1]),
    "js-embedded": lambda r: parse_document(extract(as_js(r).encode(), "text/html")[1]),
    "word-html": lambda r: parse_document(extract(as_word_html(r).encode(), "text/html")[1]),
    "text": lambda r: parse_text(as_text(r)),
    "text-page-break": lambda r: parse_text(as_text(r, page_break_after=9)),
    "text-vertical": lambda r: parse_text(as_text(r, vertical=True)),
    "pdf": lambda r: parse_document(extract(build_pdf(r))[1]),
    "docx": lambda r: parse_document(extract(as_docx(r))[1]),
}


def fixture_reports() -> list[DemoReport]:
    """Every demo report (all rendered with their tables) plus one of each year 2019–2022."""
    return [replace(r, form="html") for rs in demo_reports().values() for r in rs] + [
        make_report(900 + i, "示范县人民政府", 2019 + i, "2023-01-01") for i in range(4)
    ]


def score_seeds(shared: Path) -> dict[str, float]:
    expected = emitted = correct = wrong = check_diffs = meta = 0
    for gold_path in sorted((shared / "golden").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        out = parse_text((shared / "seeds" / gold["seed"]).read_text(encoding="utf-8")).to_json()
        gf = {(f["table"], f["row"], f["col"]): f for f in gold["facts"]}
        pf = {(f["table"], f["row"], f["col"]): f for f in out["facts"]}
        expected, emitted = expected + len(gf), emitted + len(pf)
        for k, f in pf.items():
            g = gf.get(k)
            same = g is not None and (g["value"], g["unit"], g["semantic"], g["raw"].strip()) == (
                f["value"],
                f["unit"],
                f["semantic"],
                f["raw"].strip(),
            )
            correct += same
            wrong += g is not None and not same
        pc = {(c["check"], c["key"]): c["status"] for c in out["checks"]}
        check_diffs += sum(1 for c in gold["expected_checks"] if pc.get((c["check"], c["key"])) != c["status"])
        check_diffs += sum(
            1 for k, v in pc.items() if v != "incomplete" and k not in {(c["check"], c["key"]) for c in gold["expected_checks"]}
        )
        meta += sum(1 for k in ("title", "agency", "year", "template") if out[k] != gold[k])
    return _summary(expected, emitted, correct, wrong) | {"check_diffs": check_diffs, "meta_diffs": meta}


def score_fixtures() -> dict[str, dict[str, float]]:
    out = {}
    for kind, parse in KINDS.items():
        expected = emitted = correct = wrong = 0
        for demo in fixture_reports():
            truth = {(t, r, c): (v, u) for t, r, c, v, u in demo.truth()}
            got = {f.key(): (f.value, f.unit) for f in parse(demo).facts}
            expected, emitted = expected + len(truth), emitted + len(got)
            correct += sum(1 for k, v in got.items() if truth.get(k) == v)
            wrong += sum(1 for k, v in got.items() if truth.get(k) != v)
        out[kind] = _summary(expected, emitted, correct, wrong)
    return out


def _summary(expected: int, emitted: int, correct: int, wrong: int) -> dict[str, float]:
    return {
        "expected": expected,
        "emitted": emitted,
        "precision": correct / emitted if emitted else 1.0,
        "recall": correct / expected if expected else 1.0,
        "wrong": wrong,
    }


def speed(runs: int) -> dict[str, float]:
    """Reports per second per input kind: median over runs of parsing the fixture set once."""
    reports = fixture_reports()
    inputs = {
        "html": [page_html(r).encode() for r in reports],
        "text": [as_text(r) for r in reports],
        "pdf": [build_pdf(r) for r in reports],
    }
    rates = {}
    for kind, items in inputs.items():
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            for item in items:
                if isinstance(item, str):
                    parse_text(item)
                else:
                    parse_document(extract(item, "text/html; charset=utf-8" if kind == "html" else None)[1])
            times.append(time.perf_counter() - start)
        rates[kind] = len(items) / statistics.median(times)
    return rates


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    seeds = score_seeds(args.shared)
    print(f"{'set':<18}{'expected':>9}{'emitted':>9}{'precision':>11}{'recall':>8}{'wrong':>7}")
    print(
        f"{'golden seeds':<18}{seeds['expected']:>9}{seeds['emitted']:>9}{seeds['precision']:>11.3f}{seeds['recall']:>8.3f}{seeds['wrong']:>7}"
        f"   check diffs {seeds['check_diffs']}, title/agency/year/template diffs {seeds['meta_diffs']}"
    )
    for kind, s in score_fixtures().items():
        print(
            f"{'fixtures ' + kind:<18}{s['expected']:>9}{s['emitted']:>9}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['wrong']:>7}"
        )
    print(f"\nparsing speed, reports/second (median of {args.runs} runs over {len(fixture_reports())} reports):")
    for kind, rate in speed(args.runs).items():
        print(f"  {kind:<6}{rate:>9.1f}")


if __name__ == "__main__":
    main()
