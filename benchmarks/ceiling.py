"""The machine's own two-core ceiling for processing: the same extraction and parse, alone and as two copies at once.

A reparse's speed-up on two cores can be no better than what this machine gives two processes that share
nothing: on a shared VM the same CPU-bound work can take a fifth longer while the other core is busy. Each copy
runs the harvester's own jobs (read from WARC, extract, parse, assemble; no store, no pickling) over the
first --jobs reports of a reparsed database, after a warm-up, and prints the seconds its loop took.

Run (one copy):  .venv/bin/python benchmarks/ceiling.py DB WARC_DIR [--jobs 150]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def copy_seconds(db: Path, warc_dir: Path, jobs: int) -> float:
    """Seconds one copy takes over the first `jobs` reports (the warm-up and the imports not counted)."""
    from harvester.extract import warm_up
    from harvester.jobs import Job, run_job
    from harvester.store import Store

    warm_up()
    store = Store(db)
    cands = [c for _, c in zip(range(jobs), store.reports_to_build(True), strict=False)]
    work = [Job(c, store.attachments_of(c)) for c in cands]
    for job in work[:10]:  # the parser's caches and the file cache, as a long run has them
        run_job(job, warc_dir, "ceiling")
    start = time.perf_counter()
    for job in work:
        run_job(job, warc_dir, "ceiling")
    return time.perf_counter() - start


def ceiling_pair(db: Path, warc_dir: Path, jobs: int = 150) -> float:
    """One copy alone, then two at once: the speed-up two cores give this work (2 × alone / the slower copy)."""
    cmd = [sys.executable, str(Path(__file__).resolve()), str(db), str(warc_dir), "--jobs", str(jobs)]
    alone = _seconds([subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT)])[0]
    both = _seconds([subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=ROOT) for _ in range(2)])
    return 2 * alone / max(both)


def _seconds(procs: list[subprocess.Popen[bytes]]) -> list[float]:
    out = []
    for proc in procs:
        stdout, _ = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"ceiling copy failed (exit {proc.returncode})")
        out.append(float(stdout.split()[-1]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db", type=Path)
    ap.add_argument("warc_dir", type=Path)
    ap.add_argument("--jobs", type=int, default=150)
    args = ap.parse_args()
    print(f"{copy_seconds(args.db, args.warc_dir, args.jobs):.4f}")


if __name__ == "__main__":
    main()
