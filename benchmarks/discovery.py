"""Crawl cost of discovery from the front door: per demo site, pages fetched, report pages found, pages per
report, walk pages against the page budget, families seen (median of runs where figures vary).

Run:  .venv/bin/python benchmarks/discovery.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "harvester.cli", "demo", "--archive", tmp], cwd=ROOT, check=True, capture_output=True
        )
        import sqlite_utils

        db = sqlite_utils.Database(Path(tmp) / "harvest.db")
        stats = json.loads(next(db.query("select stats from runs where kind = 'crawl'"))["stats"])["sites"]
    print(f"{'site':<14}{'pages':>7}{'reports':>9}{'pages/report':>14}{'walk pages':>12}{'budget spent':>14}  families")
    total_pages = total_reports = 0
    for name, st in sorted(stats.items()):
        per = f"{st['pages_fetched'] / st['report_pages']:.1f}" if st["report_pages"] else "-"
        fams = ", ".join(sorted(st.get("families_seen", {})))
        spent = "yes" if st.get("page_budget_spent") else "no"
        print(
            f"{name:<14}{st['pages_fetched']:>7}{st['report_pages']:>9}{per:>14}{st.get('walk_pages', 0):>12}{spent:>14}  {fams}"
        )
        total_pages += st["pages_fetched"]
        total_reports += st["report_pages"]
    print(f"{'all':<14}{total_pages:>7}{total_reports:>9}{total_pages / max(total_reports, 1):>14.1f}")


if __name__ == "__main__":
    main()
