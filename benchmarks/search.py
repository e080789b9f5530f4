"""Time of the Datasette search (canned query search_reports) on 10,000 synthetic reports, for 2-, 3- and 4-character terms.

Run:  .venv/bin/python benchmarks/search.py [--reports 10000] [--repeat 5]
It builds a database with the project's Store (same schema, trigram index and triggers), one document and report
per synthetic report (the demo's report prose and tables as text, agencies and years varied), then runs the canned
query's SQL from archive/metadata.json for each term and prints the median time and the hits, checked against a
LIKE scan.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.data import make_report  # noqa: E402
from harvester.demo.render import prose  # noqa: E402
from harvester.store import Store  # noqa: E402

TERMS = ("复议", "解读", "信息处", "公开质量", "依申请公开")


def build(path: Path, count: int) -> Store:
    store = Store(path)
    conn = store.db.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # documents and reports without captures behind them: text only
    with store.unit():
        for i in range(count):
            r = make_report(1_000_000 + i, f"示范{i % 200:03d}县第{i // 200}局", 2019 + i % 6, f"{2020 + i % 6}-01-15")
            text = "\n".join(prose(r).values()) + ("\n本年度未发生行政复议案件。" if i % 7 == 0 else "")
            cur = conn.execute(
                "INSERT INTO documents (capture_record_id, url, status, title, text, parser_version, processed_at) "
                "VALUES (?, ?, 'ok', ?, ?, 'bench', '')",
                [f"<urn:bench:{i}>", f"http://bench.test/{i}.html", r.title, text],
            )
            conn.execute(
                "INSERT INTO reports (capture_record_id, document_id, url, agency, year, title, status) VALUES (?, ?, ?, ?, ?, ?, 'current')",
                [f"<urn:bench:{i}>", cur.lastrowid, f"http://bench.test/{i}.html", r.agency, r.year, r.title],
            )
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    sql = json.loads((ROOT / "archive" / "metadata.json").read_text(encoding="utf-8"))["databases"]["harvest"]["queries"][
        "search_reports"
    ]["sql"]
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        store = build(Path(tmp) / "search.db", args.reports)
        built = time.perf_counter() - start
        results = {}
        for term in TERMS:
            times, hits = [], []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                hits = store.db.execute(sql, {"q": term}).fetchall()
                times.append(time.perf_counter() - t0)
            like = store.db.execute(
                "SELECT COUNT(*) FROM reports r JOIN documents d ON d.id = r.document_id WHERE d.text LIKE ?", [f"%{term}%"]
            ).fetchone()[0]
            results[term] = {
                "chars": len(term),
                "hits": len(hits),
                "like_scan_hits": like,
                "median_ms": statistics.median(times) * 1000,
            }
    print(json.dumps({"reports": args.reports, "build_s": round(built, 1), "terms": results}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
