"""Crawl with workers on a Redis frontier: announce the run, start local workers, merge their statistics."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from uuid import uuid4

from ..config import Config, Site
from ..errors import CrawlError

CURRENT = "harvester:current"  # the crawl that workers joining this frontier take part in


def keys(prefix: str, site: str) -> dict[str, str]:
    """The Redis keys of one site's part of a crawl."""
    base = f"{prefix}:{site}"
    return {"queue": f"{base}:requests", "seen": f"{base}:dupefilter", "leases": f"{base}:leases"}


def worker_key(prefix: str, worker: str, site: str) -> str:
    """A worker's heartbeat on one site (it expires HEARTBEAT_TTL seconds after the worker stops beating)."""
    return f"{prefix}:worker:{worker}:{site}"


def lease_keys(server: Any, prefix: str, site: str) -> Iterator[str]:
    """The lease hashes of one site, one per worker (`<leases>:<worker>`)."""
    for raw in server.scan_iter(match=f"{keys(prefix, site)['leases']}:*"):
        yield raw.decode() if isinstance(raw, bytes) else raw


def _server(url: str) -> Any:
    import redis

    try:
        server = redis.Redis.from_url(url, decode_responses=True)
        server.ping()
    except redis.RedisError as exc:
        raise CrawlError(f"cannot reach Redis at {url}: {exc}") from exc
    return server


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}".replace(":", "_").replace("-", "_")


def run_workers(
    config: Config, sites: list[Site], run_id: int, url: str, workers: int, overrides: dict[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Announce the run on the frontier, start `workers` local worker processes, wait for them all (and for
    any joined from other machines to finish the queue), and return each site's statistics merged."""
    server = _server(url)
    prefix = f"harvester:run{run_id}:{uuid4().hex[:8]}"
    announce = {"prefix": prefix, "run_id": run_id, "sites": [s.name for s in sites], "overrides": overrides or {}}
    server.set(CURRENT, json.dumps(announce))
    cmd = [sys.executable, "-m", "harvester.cli", "worker", "--redis", url, "--archive", str(config.archive_dir)]
    if config.source:
        cmd += ["--config", str(config.source)]
    procs: list[subprocess.Popen[bytes]] = []

    def start(name: str) -> None:
        procs.append(subprocess.Popen([*cmd, "--worker-id", name], stdout=subprocess.DEVNULL))

    for i in range(workers):
        start(f"w{i + 1}")
    try:
        _wait(server, prefix, sites, procs, start if workers else None)
    finally:
        for p in procs:
            if p.poll() is None:
                p.terminate()
        server.delete(CURRENT)
    codes = [p.returncode for p in procs]
    stats = merged_stats(server, prefix)
    if not stats and any(codes):
        raise CrawlError(f"every worker failed (exit codes {codes}); see their messages above")
    left = _pending(server, prefix, sites)
    if left:
        raise CrawlError(f"{left} requests were left on the frontier: every worker stopped (exit codes {codes})")
    for s in sites:
        stats.setdefault(s.name, {"finish_reason": "no worker ran it"})
    return stats


def _pending(server: Any, prefix: str, sites: list[Site]) -> int:
    """Requests queued or leased (taken by a worker and not finished) on the frontier."""
    queued = sum(server.zcard(keys(prefix, s.name)["queue"]) for s in sites)
    leased = sum(server.hlen(k) for s in sites for k in lease_keys(server, prefix, s.name))
    return queued + leased


def _wait(server: Any, prefix: str, sites: list[Site], procs: list[Any], start: Any, restarts: int = 3) -> None:
    """Until the crawl is done: no worker beating (local or joined from elsewhere) and nothing queued or leased.
    Work left behind by workers that all died goes to a new local worker (at most `restarts` times)."""
    seen = bool(procs)
    while True:
        running = any(p.poll() is None for p in procs)
        live = next(iter(server.scan_iter(match=f"{prefix}:worker:*")), None) is not None
        seen = seen or live
        if seen and not running and not live:
            if _pending(server, prefix, sites) and start is not None and restarts > 0:
                restarts -= 1
                start(f"r{len(procs) + 1}")
                continue
            return
        time.sleep(0.5)


def merged_stats(server: Any, prefix: str) -> dict[str, dict[str, Any]]:
    """Each site's Scrapy statistics summed over its workers (times: the earliest start, the latest finish)."""
    out: dict[str, dict[str, Any]] = {}
    for field, raw in server.hgetall(f"{prefix}:stats").items():
        site, worker = field.split("|", 1)
        stats = json.loads(raw)
        merged = out.setdefault(site, {"workers": []})
        merged["workers"].append(worker)
        for key, value in stats.items():
            if key == "finish_reason":
                merged[key] = value if merged.get(key) in (None, "finished") else merged[key]
            elif key == "start_time":
                merged[key] = min(value, merged.get(key, value))
            elif key == "finish_time":
                merged[key] = max(value, merged.get(key, value))
            elif isinstance(value, int | float) and not isinstance(value, bool):
                merged[key] = (merged.get(key) or 0) + value
            else:
                merged.setdefault(key, value)
    return out


def run_worker(config: Config, url: str, worker_id: str | None = None) -> dict[str, dict[str, Any]]:
    """One worker: join the crawl announced on the frontier and work until its queues are empty."""
    from .frontier import redis_settings
    from .runner import run_crawl

    server = _server(url)
    raw = server.get(CURRENT)
    if not raw:
        raise CrawlError(f"no crawl is running on {url}: start one with `harvester crawl --redis {url}`")
    run = json.loads(raw)
    worker = worker_id or default_worker_id()
    sites = config.select(run["sites"])
    overrides = dict(run["overrides"]) | redis_settings(url, run["prefix"], worker)
    overrides["HARVESTER_WARC_PREFIX"] = f"{config.warc_prefix}-{worker}"  # a worker's WARC files are its own
    return run_crawl(config, sites, int(run["run_id"]), overrides)
