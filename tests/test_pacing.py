"""Per-host pacing in one process: the configured delay on average, never closer than its shortest gap."""

from __future__ import annotations

import statistics
from collections import defaultdict
from pathlib import Path

import pytest

from harvester.crawl import pacing
from harvester.crawl.pacing import HostClock
from harvester.demo.server import DemoPortal

from .conftest import harvester, write_settings

DELAY = 0.1
JITTER = 0.5  # Scrapy's default randomisation: gaps over delay × (1 ± jitter/2), never under delay × (1 − jitter)


def test_gaps_per_host_keep_the_delay_and_its_floor(tmp_path: Path) -> None:
    log = tmp_path / "requests.log"
    with DemoPortal(delay=0.02, log=log) as portal:  # 20 ms of server time per answer, as a real portal takes
        settings = write_settings(tmp_path, portal.port)
        text = settings.read_text().replace("download_delay = 0", f"download_delay = {DELAY}\nconcurrent_per_host = 1")
        settings.write_text(text)
        harvester("crawl", "--config", str(settings), "--no-process")  # every demo site: hosts in parallel
    arrivals: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for line in log.read_text(encoding="utf-8").splitlines():
        at, host, path = line.split(" ", 2)
        arrivals[host].append((float(at), path))
    pairs = [
        (b[0] - a[0], host, a[1], b[1]) for host, xs in arrivals.items() for a, b in zip(sorted(xs), sorted(xs)[1:], strict=False)
    ]
    assert len(arrivals) >= 5 and len(pairs) >= 100
    closest = min(pairs)
    assert closest[0] >= DELAY * (1 - JITTER) - 0.002, closest  # at the server, whatever the event loop was doing
    assert statistics.fmean(p[0] for p in pairs) >= DELAY * 0.95  # jitter around the delay, not below it


def test_a_late_request_keeps_the_schedule_and_an_idle_host_starts_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request held up to one delay by a busy event loop is caught up at the shortest gap; restarting the
    schedule there lost that time for good (twenty list pages parsed at once held every host 0.1–0.4 s)."""
    monkeypatch.setattr(pacing.random, "uniform", lambda a, b: 0.0)  # each request due on its slot exactly
    clock, delay = HostClock(), 0.2
    clock.sent_at = 100.0
    assert clock.next_at(delay, JITTER) == pytest.approx(100.2)
    clock.sent_at = 100.35  # left 0.15 s late
    assert clock.next_at(delay, JITTER) == pytest.approx(100.45)  # the shortest gap after it, not 100.55
    clock.sent_at = 100.45
    assert clock.next_at(delay, JITTER) == pytest.approx(100.6)  # back on the schedule
    clock.sent_at = 101.5  # nothing was queued for the host for a while
    assert clock.next_at(delay, JITTER) == pytest.approx(101.7)  # a new schedule: no burst to make up for it
