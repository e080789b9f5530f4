"""Cost of an unchanged second run as a ratio of the first: requests, bytes downloaded, bytes archived.

Run:  .venv/bin/python benchmarks/incremental.py [--repeat 3]
Each repetition starts a fresh demo portal and archive, crawls every demo site twice with nothing
changed in between, and reads both runs' statistics from the database. Figures are medians.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harvester.demo.server import DemoPortal  # noqa: E402
from tests.conftest import write_settings  # noqa: E402


def one_pair() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp, DemoPortal() as portal:
        settings = write_settings(Path(tmp), portal.port)
        for _ in range(2):
            subprocess.run(
                [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(settings)], check=True, capture_output=True
            )
        import sqlite_utils

        db = sqlite_utils.Database(Path(tmp) / "arch" / "h.db")
        runs = [json.loads(r["stats"]) for r in db.query("select stats from runs order by id")]
    totals = []
    for run in runs:
        sites = run["sites"].values()
        totals.append(
            {
                "requests": sum(s["requests"] for s in sites),
                "downloaded": sum(s["bytes"] for s in sites),
                "archived": run["reports"]["warc_bytes"],
                "full_bodies": sum(s["warc_records"] for s in sites) / 2 - run["reports"]["revisits"],
            }
        )
    first, second = totals
    return (
        {k: second[k] / first[k] for k in first}
        | {f"first_{k}": first[k] for k in first}
        | {f"second_{k}": second[k] for k in first}
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    results = [one_pair() for _ in range(args.repeat)]
    med = {k: statistics.median(r[k] for r in results) for k in results[0]}
    print(f"unchanged second run vs first (median of {args.repeat}):")
    print(f"{'':<22}{'first':>10}{'second':>10}{'ratio':>8}")
    for k in ("requests", "downloaded", "archived", "full_bodies"):
        print(f"{k:<22}{med['first_' + k]:>10.0f}{med['second_' + k]:>10.0f}{med[k]:>8.2f}")


if __name__ == "__main__":
    main()
