"""Crawl speed with 1, 2 and 4 workers on a Redis frontier, same per-host politeness throughout.

Run:  .venv/bin/python benchmarks/distributed.py [--reports 1000] [--delay 0.05] [--repeat 3]
It starts a redis-server on a free port and the 20-host loopback test bed (benchmarks/testbed.py), then crawls
the bed with `harvester crawl --redis URL --workers N --no-process` for each N, and prints wall time, pages/s,
the speed-up over one worker, and the per-host spacing seen in the test bed's request log (mean and minimum,
which must never be below the delay). The politeness limit is hosts / delay pages per second.
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bed import HARVESTER, read_log, testbed, timed, write_registry  # noqa: E402

HOSTS = 20


def redis_server() -> tuple[subprocess.Popen[bytes], str]:
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                            stdout=subprocess.DEVNULL)  # fmt: skip
    time.sleep(0.3)
    return proc, f"redis://127.0.0.1:{port}/0"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--delay", type=float, default=0.05)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    args = ap.parse_args()
    server, url = redis_server()
    results: dict[int, dict[str, float]] = {}
    try:
        with tempfile.TemporaryDirectory() as name, testbed(args.reports, Path(name) / "req.log", HOSTS) as bases:
            tmp = Path(name)
            for n in args.workers:
                runs = []
                for i in range(args.repeat):
                    run = tmp / f"w{n}-{i}"
                    settings = write_registry(run, bases, args.delay)
                    since = time.time()
                    t = timed(
                        [*HARVESTER, "crawl", "--config", str(settings), "--redis", url, "--workers", str(n), "--no-process"]
                    )
                    f = read_log(tmp / "req.log", since)
                    runs.append({"wall": t.wall, "pages": f.requests, "pps": f.requests / t.wall,
                                 "spacing_mean": f.spacing_mean, "spacing_min": f.spacing_min})  # fmt: skip
                results[n] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                results[n]["spacing_min_all"] = min(r["spacing_min"] for r in runs)
                print(json.dumps({n: results[n]}), flush=True)
    finally:
        server.terminate()
    base = results[min(results)]["pps"]
    for figures in results.values():
        figures["speedup"] = figures["pps"] / base
    limit = HOSTS / args.delay
    print(json.dumps({"limit_pps": limit, "delay": args.delay, "workers": results}, indent=2))
    for n, f in results.items():
        print(
            f"{n} worker(s): {f['wall']:.1f} s, {f['pps']:.0f} pages/s ({f['pps'] / limit:.0%} of the limit), "
            f"{f['speedup']:.2f}x; spacing per host mean {f['spacing_mean']:.3f} s, min {f['spacing_min_all']:.3f} s "
            f"(delay {args.delay} s)"
        )


if __name__ == "__main__":
    main()
