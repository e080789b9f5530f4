"""Helpers the performance benchmarks share: start the test bed, write its registry, run and time commands."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HARVESTER = [PYTHON, "-m", "harvester.cli"]


@contextmanager
def testbed(reports: int, log: Path, hosts: int = 20, latency: float = 0.0) -> Iterator[list[str]]:
    """The loopback test bed as a subprocess (each answer `latency` seconds late); yields its hosts' base URLs."""
    cmd = [PYTHON, "-m", "benchmarks.testbed", "--hosts", str(hosts), "--reports", str(reports), "--log", str(log)]
    cmd += ["--latency", str(latency)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        yield json.loads(proc.stdout.readline())["hosts"]
    finally:
        proc.terminate()
        proc.wait(10)


def write_registry(folder: Path, bases: list[str], delay: float, extra: str = "") -> Path:
    """A settings.toml (in `folder`, made if need be) with one site per test-bed host, one request at a time
    per host, `delay` apart."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "[harvester]",
        'archive_dir = "arch"',
        'database = "arch/h.db"',
        "[crawl]",
        "obey_robots = true",
        "concurrent_per_host = 1",
        f"download_delay = {delay}",
        "autothrottle = false",
        'log_level = "WARNING"',
        extra,
    ]
    for i, base in enumerate(bases):
        host = base.split("//")[1].split(":")[0]
        lines += [
            f"[sites.bed{i:02d}]",
            f'title = "示范{i + 1:02d}县人民政府"',
            'family = "generic"',
            'group = "county"',
            f'start_urls = ["{base}/"]',
            f'allowed_hosts = ["{host}"]',
        ]
    path = folder / "settings.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Timed:
    wall: float
    cpu: float  # user + system seconds of the command and its children
    out: str = ""  # what it printed


def timed(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Timed:
    """Run a command to completion; its wall time and the CPU it and its children used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd or ROOT, check=True, capture_output=True, env={**os.environ, **(env or {})})
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(wall, cpu, proc.stdout.decode("utf-8", "replace"))


@dataclass
class LogFigures:
    requests: int
    span: float  # first request to last, seconds
    first: float  # the first request's time (epoch seconds)
    spacing_mean: float  # mean gap between consecutive requests to one host
    spacing_min: float
    per_host_max: int


def read_log(log: Path, since: float = 0.0) -> LogFigures:
    """Requests the test bed served after `since`, and the gaps between requests to each host."""
    by_host: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text(encoding="utf-8").splitlines():
        t, host, *_ = line.split()
        if float(t) >= since:
            by_host[host].append(float(t))
    gaps = [b - a for times in by_host.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    stamps = [t for times in by_host.values() for t in times]
    return LogFigures(
        requests=len(stamps),
        span=(max(stamps) - min(stamps)) if stamps else 0.0,
        first=min(stamps, default=0.0),
        spacing_mean=statistics.fmean(gaps) if gaps else 0.0,
        spacing_min=min(gaps) if gaps else 0.0,
        per_host_max=max((len(v) for v in by_host.values()), default=0),
    )


def median(values: list[float]) -> float:
    return statistics.median(values)


def crawl_cmd(settings: Path, archive: bool = True, delay: float | None = None) -> list[str]:
    """The command that crawls the test bed's registry (optionally without the WARC archiver, for its cost)."""
    cmd = [PYTHON, "-m", "benchmarks.bed", str(settings)]
    return cmd + ([] if archive else ["--no-archive"]) + ([] if delay is None else ["--delay", str(delay)])


def _crawl_main() -> None:
    """`python -m benchmarks.bed SETTINGS [--no-archive] [--delay S]`: one crawl run, not processed. Prints the
    process's CPU seconds, the archiver's own (its warc/cpu_s stat, summed over the sites) and the pages fetched,
    as JSON."""
    import argparse

    sys.path.insert(0, str(ROOT))
    from harvester.cli_common import quick_exit
    from harvester.config import load_config
    from harvester.crawl.scrapy_settings import EXTENSIONS
    from harvester.pipeline import harvest

    ap = argparse.ArgumentParser()
    ap.add_argument("settings", type=Path)
    ap.add_argument("--no-archive", action="store_true")
    ap.add_argument("--delay", type=float)
    args = ap.parse_args()
    config = load_config(args.settings)
    overrides: dict[str, object] = {}
    if args.no_archive:
        overrides["EXTENSIONS"] = {**EXTENSIONS, "harvester.crawl.archiver.WarcArchiver": None}
    if args.delay is not None:
        overrides["DOWNLOAD_DELAY"] = args.delay
    try:
        result = harvest(config, list(config.sites.values()), overrides, process_after=False)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        archiving = sum(s.get("archiving_cpu_s", 0) for s in result["sites"].values())
        pages = sum(s.get("pages_fetched", 0) for s in result["sites"].values())
        print(json.dumps({"cpu_s": usage.ru_utime + usage.ru_stime, "archiving_cpu_s": archiving, "pages": pages}))
    finally:
        quick_exit()  # as the harvester command leaves


if __name__ == "__main__":
    _crawl_main()
