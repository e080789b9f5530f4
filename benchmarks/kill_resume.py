"""Kill a demo crawl (processing included) with SIGKILL at random moments, resume it, and count exact recoveries.

Run:  .venv/bin/python benchmarks/kill_resume.py [--points 20] [--seed 7] [--sites gd-demo,city-demo]

A recovery means: every WARC file reads under warcio and FastWARC, no `.open` file is left, no URL is
archived twice in the run, and the reports and facts equal those of an uninterrupted run of the same sites.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402
from fastwarc.warc import ArchiveIterator as FastIterator  # noqa: E402
from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from harvester.demo.server import DemoPortal  # noqa: E402
from harvester.urls import canonical  # noqa: E402

DELAY = 0.03  # the portal's delay per response: a crawl long enough to be killed anywhere


@dataclass
class Outcome:
    point: float
    recovered: bool
    problems: list[str] = field(default_factory=list)


def settings(folder: Path, port: int) -> Path:
    registry = (ROOT / "harvester" / "demo" / "sites.toml").read_text().replace("{port}", str(port))
    path = folder / "settings.toml"
    path.write_text(
        '[harvester]\narchive_dir = "arch"\ndatabase = "arch/h.db"\nwarc_prefix = "k"\n\n'
        '[crawl]\ndownload_delay = 0\nautothrottle = false\nlog_level = "ERROR"\n'
        'host_overrides = { "*.demo.test" = "127.0.0.1" }\n\n' + registry
    )
    return path


def crawl_cmd(config: Path, sites: list[str], *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(config)]
    for site in sites:
        cmd += ["--site", site]
    return cmd + list(extra)


def corpus(db_path: Path) -> tuple[set[tuple], set[tuple]]:
    """Reports (url, title, agency, year, status) and facts (url, table, row, col, value, raw) of an archive."""
    db = sqlite_utils.Database(db_path)
    reports = {(r["url"], r["title"], r["agency"], r["year"], r["status"]) for r in db.query("select * from reports")}
    facts = {
        (r["url"], r["table"], r["row"], r["col"], r["value"], r["raw"])
        for r in db.query(
            'select r.url, f."table", f."row", f.col, f.value, f.raw from facts f join reports r on r.id = f.report_id'
        )
    }
    return reports, facts


def check(archive: Path, reference: tuple[set[tuple], set[tuple]]) -> list[str]:
    """What is wrong with an archive after a resume (empty: an exact recovery)."""
    problems = []
    warcs = archive / "warcs"
    if list(warcs.glob("*.open")):
        problems.append("open files left")
    for path in sorted(warcs.glob("*.warc.gz")):
        try:
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    record.content_stream().read()
            with open(path, "rb") as fh:
                for _ in FastIterator(fh):
                    pass
        except Exception as exc:
            problems.append(f"{path.name}: {type(exc).__name__}: {exc}")
    decisions = [
        (r["capture_record_id"], r["role"]) for r in sqlite_utils.Database(archive / "h.db").query("select * from candidates")
    ]
    metadata = _metadata_records(warcs)
    if len(metadata) != len(set(metadata)) or len(metadata) < len(decisions):
        problems.append(f"metadata records: {len(metadata)} for {len(set(metadata))} decisions")
    db = sqlite_utils.Database(archive / "h.db")
    urls = [canonical(r["url"]) for r in db.query("select url from captures where record_type in ('response', 'revisit')")]
    twice = {u for u in urls if urls.count(u) > 1}
    if twice:
        problems.append(f"archived twice: {sorted(twice)[:3]}")
    statuses = [r["status"] for r in db.query("select status from runs where kind = 'crawl'")]
    if statuses != ["finished"]:
        problems.append(f"runs {statuses}")
    reports, facts = corpus(archive / "h.db")
    if reports != reference[0]:
        problems.append(f"reports differ: {len(reports ^ reference[0])} ({sorted(reports ^ reference[0])[:2]})")
    if facts != reference[1]:
        problems.append(f"facts differ: {len(facts ^ reference[1])}")
    return problems


def _metadata_records(warcs: Path) -> list[tuple[str | None, str | None]]:
    """(capture, role) of every crawler decision in the WARC files (a resume must not write one twice)."""
    out = []
    for path in sorted(warcs.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "metadata":
                    fields = json.loads(record.content_stream().read() or b"{}")
                    if fields.get("role") in ("report", "attachment"):
                        out.append((record.rec_headers.get_header("WARC-Concurrent-To"), fields["role"]))
    return out


def run_points(points: int, seed: int, sites: list[str]) -> tuple[list[Outcome], float]:
    """Reference run, then `points` kill-and-resume runs; returns the outcomes and the reference wall time."""
    rng = random.Random(seed)
    outcomes: list[Outcome] = []
    with DemoPortal(delay=DELAY) as portal, tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        config = settings(base, portal.port)
        start = time.monotonic()
        subprocess.run(crawl_cmd(config, sites), cwd=base, check=True, capture_output=True)
        wall = time.monotonic() - start
        reference = corpus(base / "arch" / "h.db")
        for _ in range(points):
            shutil.rmtree(base / "arch")
            at = rng.uniform(0.5, wall * 0.97)
            proc = subprocess.Popen(crawl_cmd(config, sites), cwd=base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                proc.wait(timeout=at)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
            resumed = subprocess.run(crawl_cmd(config, sites, "--resume"), cwd=base, capture_output=True, text=True)
            problems = [] if resumed.returncode == 0 else [f"resume exit {resumed.returncode}: {resumed.stderr.strip()[-200:]}"]
            problems += check(base / "arch", reference)
            outcomes.append(Outcome(round(at, 2), not problems, problems))
    return outcomes, wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=20)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--sites", default="gd-demo,city-demo")
    args = ap.parse_args()
    outcomes, wall = run_points(args.points, args.seed, args.sites.split(","))
    print(f"uninterrupted run: {wall:.1f} s; SIGKILL at random points in (0.5 s, {wall * 0.97:.1f} s), seed {args.seed}")
    for o in outcomes:
        print(f"  kill at {o.point:>6.2f} s: {'recovered' if o.recovered else 'NOT recovered: ' + '; '.join(o.problems)}")
    print(f"recoveries: {sum(o.recovered for o in outcomes)}/{len(outcomes)}")


if __name__ == "__main__":
    main()
