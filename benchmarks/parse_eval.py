"""Score the parser against the golden seeds and the project's fixtures; report parsing speed.

Run:  .venv/bin/python benchmarks/parse_eval.py [--shared ../shared] [--runs 5] [--baseline REV]
The floors in tests/eval_floors.json are held by tests/test_eval_gate.py and may only rise.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "457e2a7"  # the parser before the real-documents work (issue 10)
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
    "pdf-unruled": lambda r: parse_document(extract(build_pdf(r, ruled=False))[1]),
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


REAL_KINDS = {".html": "real page", ".txt": "real flattened", ".md": "real markdown"}


def _parse_real(path: Path) -> Report:
    if path.suffix == ".html":
        return parse_document(extract(path.read_bytes(), "text/html", path.name)[1])
    return parse_text(path.read_text(encoding="utf-8"))


def score_real(shared: Path) -> dict[str, dict[str, float]]:
    """Every rendering of every real report against tests/real_truth.json (../shared/real, or the project's own
    copies where the truth says where = tests/real): a fact off the truth counts wrong."""
    truth = json.loads((ROOT / "tests" / "real_truth.json").read_text(encoding="utf-8"))["reports"]
    tally: dict[str, list[int]] = {}
    for name, gold in truth.items():
        want = {k: tuple(v) for k, v in gold["facts"].items()}
        for rendering in gold["renderings"]:
            path = (ROOT / gold["where"] if "where" in gold else shared / "real") / name / rendering
            report = _parse_real(path)
            got = {f"{f.table}/{f.row}/{f.col}": (f.value, f.semantic) for f in report.facts}
            t = tally.setdefault(REAL_KINDS[path.suffix], [0, 0, 0, 0, 0])
            t[0] += len(want)
            t[1] += len(got)
            t[2] += sum(1 for k, v in got.items() if want.get(k) == v)
            t[3] += sum(1 for k, v in got.items() if want.get(k) != v)
            t[4] += sum(1 for k in ("title", "agency", "year", "template") if getattr(report, k) != gold[k])
    return {kind: _summary(*t[:4]) | {"meta_diffs": t[4]} for kind, t in tally.items()}


def _summary(expected: int, emitted: int, correct: int, wrong: int) -> dict[str, float]:
    return {
        "expected": expected,
        "emitted": emitted,
        "precision": correct / emitted if emitted else 1.0,
        "recall": correct / expected if expected else 1.0,
        "wrong": wrong,
    }


def speed_inputs(shared: Path) -> dict[str, list[tuple[bytes | str, str | None, str]]]:
    """What the speed runs parse, per input kind: the fixtures (HTML, text, PDF) and the real corpus renderings."""
    reports = fixture_reports()
    out: dict[str, list[tuple[bytes | str, str | None, str]]] = {
        "fixture html": [(page_html(r).encode(), "text/html; charset=utf-8", "page.html") for r in reports],
        "fixture text": [(as_text(r), None, "report.txt") for r in reports],
        "fixture pdf": [(build_pdf(r), None, "report.pdf") for r in reports],
    }
    for path in sorted((shared / "real").glob("**/*")):
        kind = REAL_KINDS.get(path.suffix)
        if kind and path.name in ("page.html", "page.txt", "source.md"):
            item = (
                (path.read_bytes(), "text/html", path.name)
                if path.suffix == ".html"
                else (path.read_text("utf-8"), None, path.name)
            )
            out.setdefault(kind, []).append(item)
    return out


# Run in a subprocess against another checkout's `harvester` package (the baseline parser).
_TIMER = """
import json, pickle, statistics, sys, time
from harvester.extract import extract
from harvester.parse import parse_document, parse_text
inputs, runs = pickle.load(open(sys.argv[1], "rb")), int(sys.argv[2])
rates = {}
for kind, items in inputs.items():
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for body, ctype, name in items:
            parse_text(body) if isinstance(body, str) else parse_document(extract(body, ctype, name)[1])
        times.append(time.perf_counter() - start)
    rates[kind] = len(items) / statistics.median(times)
print(json.dumps(rates))
"""


def speed(inputs: dict[str, list[tuple[bytes | str, str | None, str]]], runs: int, package_root: Path) -> dict[str, float]:
    """Reports per second per input kind (median of runs), parsed by the `harvester` package under package_root."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "inputs.pickle"
        data.write_bytes(pickle.dumps(inputs))
        env = dict(os.environ, PYTHONPATH=str(package_root))
        proc = subprocess.run(
            [sys.executable, "-c", _TIMER, str(data), str(runs)], env=env, cwd=tmp, capture_output=True, text=True, check=True
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def baseline_root(rev: str, into: Path) -> Path:
    """The `harvester` package as it was at a git revision, unpacked into a folder."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "harvester"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", default=BASELINE, help="git revision of the parser to compare speed with ('' for none)")
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
    for kind, s in score_real(args.shared).items():
        print(
            f"{kind:<18}{s['expected']:>9}{s['emitted']:>9}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['wrong']:>7}"
            f"   title/agency/year/template diffs {s['meta_diffs']}"
        )
    inputs = speed_inputs(args.shared)
    now = speed(inputs, args.runs, ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        base = speed(inputs, args.runs, baseline_root(args.baseline, Path(tmp))) if args.baseline else {}
    print(f"\nparsing speed, reports/second (median of {args.runs} runs; baseline = parser at {args.baseline or '-'}):")
    print(f"  {'input kind':<16}{'reports':>8}{'now':>9}{'baseline':>10}{'ratio':>7}")
    for kind, rate in now.items():
        old = base.get(kind)
        ratio = f"{rate / old:>7.2f}" if old else ""
        print(f"  {kind:<16}{len(inputs[kind]):>8}{rate:>9.1f}{(f'{old:.1f}' if old else '-'):>10}{ratio}")


if __name__ == "__main__":
    main()
