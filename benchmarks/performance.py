"""Crawl, archive, reparse and read speed on a 20-host loopback test bed, against its limits and baselines.

Run:  .venv/bin/python benchmarks/performance.py [--repeat 3] [--large 10000] [--skip-wget] [--long-repeat 1]
In one run it builds the test bed (benchmarks/testbed.py: 127.0.0.2–127.0.0.21, GBK report pages in paged
columns, 1,000 reports, and --large for the memory check and the long crawl) and prints:
  - crawl pages/s against the politeness limit (20 hosts, 1 request at a time each, 0.2 s apart) and against
    wget --mirror --warc-file (one process for all hosts, and one per host in parallel), same delay; on the
    bare loopback (answers in ~1 ms), with 50 ms of server time per answer as real portals take, and over
    the --large bed (a 2-minute crawl, where start-up and exit weigh less); with where the wall time goes;
  - CPU per page with WARC archiving on and off (no delay, so that only work is counted; the two crawls of a
    pair side by side), and the archiver's own CPU against the rest of its process;
  - reparse reports/s on one core and on all cores, at 1,000 and --large reports, with peak RSS, beside the
    machine's own two-core ceiling for the same work (benchmarks/ceiling.py: two copies of it at once);
  - iterating the WARC files with the project's reader against raw FastWARC;
  - an unchanged re-run's time and bytes as a share of the first run.
Figures are medians over --repeat runs (wget's single-process crawl runs once: it takes minutes).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bed import HARVESTER, LogFigures, crawl_cmd, read_log, testbed, timed, write_registry  # noqa: E402
from benchmarks.ceiling import ceiling_pair  # noqa: E402

DELAY = 0.2
HOSTS = 20
LATENCY = 0.05  # a portal's server time per answer, for the second crawl comparison (loopback: ~1 ms)


def crawl_figures(tmp: Path, repeat: int, skip_wget: bool, latency: float = 0.0, reports: int = 1000) -> dict[str, float]:
    """Polite crawl of a bed of `reports` reports (each answer `latency` s late): the harvester, one wget, one wget
    per host. Wall times are for the same pages: every one of them fetches each host's URLs (59 at 1,000
    reports). Also where the harvester's wall time goes: process start to first request, the requests (their
    span), last request to exit."""
    keys = ("harvester_pps", "harvester_wall", "spacing_mean", "spacing_min", "wget_parallel_pps", "wget_parallel_wall")
    keys += ("harvester_startup", "harvester_span", "harvester_exit", "wget_span")
    out: dict[str, list[float]] = {k: [] for k in keys}
    log = tmp / f"crawl{latency}-{reports}.log"
    with testbed(reports, log, HOSTS, latency) as bases:
        for i in range(repeat):
            run = tmp / f"crawl{latency}-{reports}-{i}"
            settings = write_registry(run, bases, DELAY)
            since = time.time()
            t = timed(crawl_cmd(settings))
            f = read_log(log, since)
            out["harvester_pps"].append(f.requests / t.wall)
            out["harvester_wall"].append(t.wall)
            out["harvester_startup"].append(f.first - since)
            out["harvester_span"].append(f.span)
            out["harvester_exit"].append(t.wall - (f.first - since) - f.span)
            pages = f.requests
            out["spacing_mean"].append(f.spacing_mean)
            out["spacing_min"].append(f.spacing_min)
            if shutil.which("wget"):
                wall, w = _wget_parallel(run, bases, log)
                out["wget_parallel_pps"].append(w.requests / wall)
                out["wget_parallel_wall"].append(wall)
                out["wget_span"].append(w.span)
        single = _wget_single(tmp, bases, log) if shutil.which("wget") and not skip_wget else float("nan")
    med = {k: statistics.median(v) if v else float("nan") for k, v in out.items()}
    return med | {"limit_pps": HOSTS / DELAY, "pages": pages, "wget_single_pps": single, "latency": latency}


def _wget(base: str, folder: Path, warc: Path) -> list[str]:
    return ["wget", "--mirror", "--no-verbose", "--wait", str(DELAY), "--warc-file", str(warc), "-P", str(folder), f"{base}/"]


def _wget_parallel(run: Path, bases: list[str], log: Path) -> tuple[float, LogFigures]:
    """One wget per host, all at once: (wall seconds until the last ends, what the bed served)."""
    since = time.time()
    start = time.perf_counter()
    procs = [
        subprocess.Popen(_wget(b, run / f"w{i}", run / f"w{i}"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for i, b in enumerate(bases)
    ]
    for p in procs:
        p.wait()
    return time.perf_counter() - start, read_log(log, since)


def _wget_single(tmp: Path, bases: list[str], log: Path) -> float:
    urls = tmp / "urls.txt"
    urls.write_text("\n".join(f"{b}/" for b in bases))
    since = time.time()
    start = time.perf_counter()
    cmd = [
        "wget",
        "--mirror",
        "--no-verbose",
        "--wait",
        str(DELAY),
        "--warc-file",
        str(tmp / "single"),
        "-P",
        str(tmp / "single"),
    ]
    subprocess.run([*cmd, "-i", str(urls)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return read_log(log, since).requests / (time.perf_counter() - start)


def archive_cost(tmp: Path, repeat: int) -> dict[str, float]:
    """CPU per page of a crawl with no delay, archiving on and off, in pairs of runs; and the archiver's own CPU
    against the rest of the same process (its warc/cpu_s stat).

    The two crawls of a pair run at the same time, each fetching the whole bed: on this machine a crawl's CPU
    drifts by ±10 % and more from one run to the next, more than archiving costs, and two crawls side by side
    share the drift (their ratios scatter about half as much as those of crawls one after the other). The
    overhead is the median of the pairs' ratios. The in-process share is a ratio within one run, so the
    machine's speed cancels out; it leaves out what archiving costs outside the archiver's handlers (their
    signals, their imports). At least 9 pairs, whatever --repeat says."""
    cpu: dict[bool, list[float]] = {True: [], False: []}
    shares: list[float] = []
    with testbed(1000, tmp / "cost.log", HOSTS) as bases:
        for i in range(max(repeat, 9)):
            procs = {}
            for archive in (True, False) if i % 2 == 0 else (False, True):  # either started first, in turn
                cmd = crawl_cmd(write_registry(tmp / f"cost{i}{archive}", bases, 0), archive)
                procs[archive] = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            for archive, proc in procs.items():
                assert proc.stdout is not None
                out = proc.stdout.read().decode()  # to its end: the crawl has finished
                proc.stdout.close()
                _, status, usage = os.wait4(proc.pid, 0)  # this crawl's own CPU, apart from the other's
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode:
                    raise RuntimeError(f"crawl failed ({proc.returncode})")
                own = json.loads(out.splitlines()[-1])
                cpu[archive].append((usage.ru_utime + usage.ru_stime) / own["pages"] * 1000)
                if archive:
                    shares.append(own["archiving_cpu_s"] / (own["cpu_s"] - own["archiving_cpu_s"]))
    on, off = statistics.median(cpu[True]), statistics.median(cpu[False])
    ratios = sorted(a / b - 1 for a, b in zip(cpu[True], cpu[False], strict=True))
    return {
        "cpu_ms_per_page_archiving": on,
        "cpu_ms_per_page_no_archive": off,
        "overhead": statistics.median(ratios),
        "overhead_low": ratios[0],
        "overhead_high": ratios[-1],
        "overhead_in_process": statistics.median(shares),
        "pairs": len(ratios),
    }


def build_archive(tmp: Path, reports: int) -> Path:
    """A crawled archive of the bed with `reports` reports (no delay); returns its settings file."""
    run = tmp / f"arch{reports}"
    with testbed(reports, tmp / f"arch{reports}.log", HOSTS) as bases:
        settings = write_registry(run, bases, 0)
        subprocess.run(crawl_cmd(settings), cwd=ROOT, check=True, capture_output=True)
    return settings


def peak_rss(cmd: list[str]) -> tuple[float, float, float]:
    """Run a command; (wall seconds, peak RSS of its main process MB, peak RSS of any one child MB)."""
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peaks: dict[int, float] = {}

    def sample() -> None:
        while proc.poll() is None:
            for pid in [proc.pid, *_children(proc.pid)]:
                peaks[pid] = max(peaks.get(pid, 0.0), _hwm(pid))
            time.sleep(0.05)

    start = time.perf_counter()
    sampler = threading.Thread(target=sample)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    if proc.returncode:
        raise RuntimeError(err.decode()[-2000:])
    main = peaks.pop(proc.pid, 0.0)
    return wall, main, max(peaks.values(), default=0.0)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _hwm(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def reparse_figures(settings: Path, reports: int, repeat: int) -> dict[str, float]:
    """Reparse of the archive into a new database, one worker and one per core: reports/s and peak RSS.

    The runs alternate (one worker and all cores, in turn first) and the speed-up is the median of each pair's
    ratio: the machine's speed drifts between runs by more than the figures differ, and a pair shares the drift.
    Before each pair, the machine's own ceiling for the same work (two copies at once, benchmarks/ceiling.py)."""
    warcs = settings.parent / "arch" / "warcs"
    cores = len(os.sched_getaffinity(0))
    out: dict[str, list[float]] = {}
    warm = [*HARVESTER, "reparse", *sorted(str(p) for p in warcs.glob("*.warc.gz")), "--config", str(settings)]
    subprocess.run([*warm, "--db", str(settings.parent / "warm.db")], cwd=ROOT, check=True, capture_output=True)  # CDXJ once
    ceilings = []
    for i in range(repeat):
        ceilings.append(ceiling_pair(settings.parent / "warm.db", warcs, 300))  # the machine's, this minute
        for workers in sorted({1, cores}, reverse=i % 2 == 1):  # either order: no drift favours one
            for conv in warcs.glob("*conversions*"):
                conv.unlink()
            db = settings.parent / "reparse.db"
            for f in settings.parent.glob("reparse.db*"):
                f.unlink()
            files = sorted(str(p) for p in warcs.glob("*.warc.gz"))
            cmd = [*HARVESTER, "reparse", *files, "--config", str(settings), "--db", str(db), "--workers", str(workers)]
            wall, main, child = peak_rss(cmd)
            out.setdefault(f"reports_per_s_{workers}w", []).append(reports / wall)
            out.setdefault(f"rss_main_mb_{workers}w", []).append(main)
            out.setdefault(f"rss_worker_mb_{workers}w", []).append(child)
    pairs = [a / b for a, b in zip(out[f"reports_per_s_{cores}w"], out["reports_per_s_1w"], strict=True)]
    med = {k: statistics.median(v) for k, v in out.items()}
    med["cores"] = cores
    med["speedup"] = statistics.median(pairs)
    med["speedup_low"], med["speedup_high"] = min(pairs), max(pairs)
    med["ceiling"], med["ceiling_low"], med["ceiling_high"] = statistics.median(ceilings), min(ceilings), max(ceilings)
    return med


def iteration_figures(settings: Path, repeat: int) -> dict[str, float]:
    """Records/s of the project's reader against raw FastWARC over the same files."""
    from fastwarc.warc import ArchiveIterator

    from harvester.warc.reader import iter_records

    files = sorted((settings.parent / "arch" / "warcs").glob("*.warc.gz"))
    ours, raw = [], []
    for _ in range(max(repeat, 15)):  # a pass takes 50 ms: many passes, alternating, medians
        start = time.perf_counter()
        for f in files:
            for _rec in iter_records(f):
                pass
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        count = 0
        for f in files:
            with open(f, "rb") as fh:
                for _r in ArchiveIterator(fh, parse_http=True):
                    count += 1
        raw.append(time.perf_counter() - start)
    o, r = statistics.median(ours), statistics.median(raw)  # each alone: a ratio of medians
    return {"records": count, "ours_records_per_s": count / o, "fastwarc_records_per_s": count / r, "ratio": o / r}


def rerun_figures(tmp: Path, repeat: int) -> dict[str, float]:
    """A polite crawl of the 1,000-report bed, then the same crawl again with nothing changed."""
    shares: dict[str, list[float]] = {"time": [], "bytes": [], "requests": []}
    log = tmp / "rerun.log"
    with testbed(1000, log, HOSTS) as bases:
        for i in range(repeat):
            run = tmp / f"rerun{i}"
            settings = write_registry(run, bases, DELAY)
            first = timed([*HARVESTER, "crawl", "--config", str(settings)])
            second = timed([*HARVESTER, "crawl", "--config", str(settings)])
            db = sqlite_utils.Database(run / "arch" / "h.db")
            runs = [json.loads(r["stats"]) for r in db.query("select stats from runs where kind = 'crawl' order by id")]
            totals = [
                (sum(s["bytes"] for s in r["sites"].values()), sum(s["requests"] for s in r["sites"].values())) for r in runs
            ]
            shares["time"].append(second.wall / first.wall)
            shares["bytes"].append(totals[1][0] / totals[0][0])
            shares["requests"].append(totals[1][1] / totals[0][1])
    return {k: statistics.median(v) for k, v in shares.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--large", type=int, default=10000, help="reports in the large archive (memory check)")
    ap.add_argument("--skip-wget", action="store_true", help="leave out the single wget process (about 4 minutes)")
    ap.add_argument("--long-repeat", type=int, default=1, help="runs of the --large crawl (about 4 minutes each)")
    ap.add_argument("--skip-long-crawl", action="store_true", help="leave out the --large crawl")
    args = ap.parse_args()
    for package in ("harvester", "spiders"):  # as installed: a process reads bytecode, it does not compile its modules
        compileall.compile_dir(ROOT / package, quiet=1)  # (with PYTHONDONTWRITEBYTECODE set, every start would)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        results = {"crawl": crawl_figures(tmp, args.repeat, args.skip_wget)}
        results["crawl_latency"] = crawl_figures(tmp, args.repeat, True, LATENCY)
        if not args.skip_long_crawl:  # the fixed costs (start-up, exit) spread over a 2-minute crawl
            results["crawl_long"] = crawl_figures(tmp, args.long_repeat, True, 0.0, args.large)
        print(json.dumps(results, indent=2), flush=True)
        results["archive_cost"] = archive_cost(tmp, args.repeat)
        small = build_archive(tmp, 1000)
        results["reparse_1k"] = reparse_figures(small, 1000, max(args.repeat, 5))  # 10 s a pair: more pairs
        results["iteration"] = iteration_figures(small, args.repeat)
        print(json.dumps(results, indent=2), flush=True)
        large = build_archive(tmp, args.large)
        results["reparse_large"] = reparse_figures(large, args.large, args.repeat)
        results["rerun"] = rerun_figures(tmp, args.repeat)
    results["summary"] = summary(results)
    print(json.dumps(results, indent=2))


def all_cores(figures: dict[str, float]) -> str:
    return f"reports_per_s_{figures['cores']:.0f}w"


def _crawl_line(c: dict[str, float]) -> str:
    return (
        f"{c['pages']:.0f} pages, server time {c['latency'] * 1000:.0f} ms: {c['harvester_pps']:.1f} pages/s = "
        f"{c['harvester_pps'] / c['limit_pps']:.0%} of the politeness limit, {c['harvester_wall']:.2f} s (start-up "
        f"{c['harvester_startup']:.2f} s, requests {c['harvester_span']:.2f} s, exit {c['harvester_exit']:.2f} s); "
        f"20 parallel wgets {c['wget_parallel_pps']:.1f} pages/s, {c['wget_parallel_wall']:.2f} s (requests "
        f"{c['wget_span']:.2f} s); spacing per host mean {c['spacing_mean']:.4f} s, min {c['spacing_min']:.3f} s"
    )


def summary(r: dict[str, dict[str, float]]) -> dict[str, str]:
    c, a, s, big, it, re = r["crawl"], r["archive_cost"], r["reparse_1k"], r["reparse_large"], r["iteration"], r["rerun"]
    return {
        "crawl": _crawl_line(c) + f"; one wget {c['wget_single_pps']:.1f} pages/s",
        "crawl_latency": _crawl_line(r["crawl_latency"]),
        "crawl_long": _crawl_line(r["crawl_long"]) if "crawl_long" in r else "skipped",
        "archiving": f"CPU per page {a['cpu_ms_per_page_archiving']:.2f} ms on, {a['cpu_ms_per_page_no_archive']:.2f} ms off "
        f"(+{a['overhead']:.1%}, median of {a['pairs']:.0f} side-by-side pairs, {a['overhead_low']:+.1%} to {a['overhead_high']:+.1%}); "
        f"the archiver's own CPU +{a['overhead_in_process']:.1%} of the rest of its process",
        "reparse": f"1k: {s['reports_per_s_1w']:.0f} reports/s on one core, {s[all_cores(s)]:.0f} on "
        f"{s['cores']:.0f} ({s['speedup']:.2f}x, pairs {s['speedup_low']:.2f}-{s['speedup_high']:.2f}); large: "
        f"{big['reports_per_s_1w']:.0f} and {big[all_cores(big)]:.0f} ({big['speedup']:.2f}x, pairs "
        f"{big['speedup_low']:.2f}-{big['speedup_high']:.2f}); the machine's ceiling, two copies of the same work at "
        f"once: {s['ceiling']:.2f}x (pairs {s['ceiling_low']:.2f}-{s['ceiling_high']:.2f}) and {big['ceiling']:.2f}x; "
        f"peak RSS main 1k {s['rss_main_mb_1w']:.0f} MB, large {big['rss_main_mb_1w']:.0f} MB",
        "iteration": f"{it['ours_records_per_s']:.0f} records/s against FastWARC's {it['fastwarc_records_per_s']:.0f} "
        f"({it['ratio']:.2f}x the time)",
        "rerun": f"unchanged re-run: {re['time']:.0%} of the time, {re['bytes']:.1%} of the bytes",
    }


if __name__ == "__main__":
    main()
