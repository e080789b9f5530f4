"""Crawling with workers on a real redis-server: a worker killed mid-crawl loses nothing, the corpus matches a
single-process crawl, per-host spacing holds across workers, and process merges workers' WARC folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import sqlite_utils
from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator

from harvester.demo.server import DemoPortal

from .conftest import ROOT, harvester, write_settings


def slow_settings(folder: Path, port: int, archive: str = "arch", delay: float = 0.05) -> Path:
    path = write_settings(folder, port, archive)
    path.write_text(path.read_text().replace("download_delay = 0", f"download_delay = {delay}"))
    return path


def corpus(db_path: Path) -> tuple[list[tuple], set[tuple]]:
    """The reports (URL, title, year, status) and their facts, as a user queries them."""
    db = sqlite_utils.Database(db_path)
    reports = sorted(
        (r["url"], r["title"], r["year"], r["status"]) for r in db.query("select * from reports where status = 'current'")
    )
    facts = {
        (r["url"], r["table"], r["row"], r["col"], r["value"])
        for r in db.query("select r.url, f.[table], f.row, f.col, f.value from facts f join reports r on r.id = f.report_id")
    }
    return reports, facts


def warcs_valid(folder: Path) -> int:
    """Every WARC file reads to its end under warcio and FastWARC; returns the number of files."""
    files = sorted(folder.glob("*.warc.gz"))
    for f in files:
        with open(f, "rb") as fh:
            n = sum(1 for _ in ArchiveIterator(fh))
        with open(f, "rb") as fh:
            assert n == sum(1 for _ in FastIterator(fh)) > 0, f.name
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    return len(files)


def test_worker_killed_mid_crawl_another_finishes(redis_url: str, tmp_path: Path) -> None:
    with DemoPortal(delay=0.05) as portal:
        single = tmp_path / "single"
        single.mkdir()
        harvester("crawl", "--config", str(write_settings(single, portal.port)))
        spread = tmp_path / "spread"
        spread.mkdir()
        settings = slow_settings(spread, portal.port)
        coordinator = subprocess.Popen(
            [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(settings), "--redis", redis_url, "--workers", "1"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=open(tmp_path / "coordinator.log", "w"), text=True,
        )  # fmt: skip
        warcs = spread / "arch" / "warcs"
        deadline = time.time() + 30
        while time.time() < deadline and not _announced(redis_url):
            time.sleep(0.05)
        victim = subprocess.Popen(
            [sys.executable, "-m", "harvester.cli", "worker", "--redis", redis_url, "--config", str(settings), "--worker-id", "victim"],
            cwd=ROOT, stdout=open(tmp_path / "victim.out", "w"), stderr=open(tmp_path / "victim.log", "w"),
        )  # fmt: skip
        deadline = time.time() + 60
        while time.time() < deadline and len(list(warcs.glob("t-victim-*.open"))) < 3:
            time.sleep(0.05)
        time.sleep(0.5)
        assert victim.poll() is None, f"the victim stopped by itself ({victim.returncode})"
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait()
        coordinator.communicate(timeout=300)
        assert coordinator.returncode == 0, (tmp_path / "coordinator.log").read_text()[-3000:]
    assert list(warcs.glob("t-victim-*")), (tmp_path / "victim.log").read_text()[-3000:]
    # the victim's open files are closed by the processing that followed the crawl (recover), and all read whole
    assert not list(warcs.glob("*.open"))
    assert warcs_valid(warcs) >= 3
    reports, facts = corpus(spread / "arch" / "h.db")
    expected_reports, expected_facts = corpus(single / "arch" / "h.db")
    assert reports == expected_reports and len({r[0] for r in reports}) == len(reports) > 20
    assert facts == expected_facts
    db = sqlite_utils.Database(spread / "arch" / "h.db")
    run = next(db.query("select stats from runs where kind = 'crawl' order by id desc limit 1"))
    assert '"workers"' in run["stats"]  # statistics merged over the workers, on the run record


def _announced(url: str) -> bool:
    import redis

    return bool(redis.Redis.from_url(url).get("harvester:current"))


def test_spacing_per_host_holds_across_workers_and_process_merges_folders(redis_url: str, tmp_path: Path) -> None:
    """Two workers with separate archives (as on two machines): the server never sees one host's requests closer
    than the delay, and `harvester process --warcs` over both folders gives the single-process corpus."""
    log = tmp_path / "requests.log"
    with DemoPortal(log=log) as portal:
        single = tmp_path / "single"
        single.mkdir()
        harvester("crawl", "--config", str(write_settings(single, portal.port)), "--site", "gd-demo", "--site", "city-demo")
        main, other = tmp_path / "main", tmp_path / "other"
        main.mkdir()
        other.mkdir()
        delay = 0.1
        cfg_main = slow_settings(main, portal.port, delay=delay)
        cfg_other = slow_settings(other, portal.port, delay=delay)
        since = time.time()
        coordinator = subprocess.Popen(
            [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(cfg_main), "--redis", redis_url,
             "--workers", "0", "--no-process", "--site", "gd-demo", "--site", "city-demo"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.time() + 30
        while time.time() < deadline and not _announced(redis_url):
            time.sleep(0.05)
        joined = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "harvester.cli",
                    "worker",
                    "--redis",
                    redis_url,
                    "--config",
                    str(cfg),
                    "--worker-id",
                    name,
                ],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for cfg, name in ((cfg_main, "local"), (cfg_other, "remote"))
        ]
        for w in joined:
            assert w.wait(timeout=300) == 0, w.stderr.read()[-3000:] if w.stderr else ""
        _, err = coordinator.communicate(timeout=300)
        assert coordinator.returncode == 0, err[-3000:]
    by_host: dict[str, list[float]] = defaultdict(list)
    for line in log.read_text(encoding="utf-8").splitlines():
        at, host, _ = line.split(" ", 2)
        if float(at) >= since:
            by_host[host].append(float(at))
    gaps = [b - a for times in by_host.values() for a, b in zip(sorted(times), sorted(times)[1:], strict=False)]
    assert len(gaps) > 20 and min(gaps) >= delay, sorted(gaps)[:5]
    remote = other / "arch" / "warcs"
    assert list(remote.glob("t-remote-*.warc.gz")), "the second worker took part"
    harvester("process", "--config", str(cfg_main), "--warcs", str(remote))
    assert corpus(main / "arch" / "h.db") == corpus(single / "arch" / "h.db")


def test_the_walk_is_widened_once_for_all_workers_and_only_without_reports(redis_url: str) -> None:
    """A site's walk state is shared: columns set aside by a worker that died stay for the others, one worker
    takes them, and a report link found by any worker keeps the walk narrow."""
    import redis

    from harvester.crawl.walkstate import SharedWalkState

    server = redis.Redis.from_url(redis_url)
    a, b = (SharedWalkState(2, server, "harvester:test-walk", "s1") for _ in range(2))
    a.set_aside("k1", "http://x/tzgg/", 1)
    b.set_aside("k2", "http://x/gzdt/", 2)
    b.set_aside("k3", "http://x/gsgg/", 1)  # past the cap of two
    del a  # the worker that saw the notices is gone
    c = SharedWalkState(2, server, "harvester:test-walk", "s1")
    assert sorted(c.take_aside()) == [("http://x/gzdt/", 2), ("http://x/tzgg/", 1)]
    assert b.take_aside() == [] and c.take_aside() == []  # once in the whole crawl
    d, e = (SharedWalkState(2, server, "harvester:test-walk", "s2") for _ in range(2))
    d.set_aside("k1", "http://y/tzgg/", 1)
    e.found_report()
    assert d.take_aside() == [] and e.take_aside() == []
    for key in server.scan_iter(match="harvester:test-walk:*"):
        server.delete(key)


def test_a_category_noted_by_one_worker_is_listed_by_the_worker_that_reads_the_catalogue(redis_url: str) -> None:
    """「政府信息公开年报」 → …/gkmlpt/annualreport#2629 seen by one worker, the catalogue read by another (or the
    other way round): category 2629 is asked for by exactly one of them, under the catalogue's SID."""
    from types import SimpleNamespace

    import redis
    from scrapy.http import HtmlResponse, Request

    from harvester.config import Site
    from harvester.crawl.walkstate import SharedWalkState
    from spiders.gkmlpt import GkmlptSpider

    server = redis.Redis.from_url(redis_url)
    shell = b"<script>window._CONFIG = {SID: '175', TREE: [{id: 7, name: '\xe5\xb9\xb4\xe6\x8a\xa5', children: []}]};</script>"
    link, url = "http://a.gov.cn/sub/gkmlpt/annualreport#2629", "http://a.gov.cn/sub/gkmlpt/index"
    for link_first in (True, False):
        workers = []
        for _ in range(2):
            spider = GkmlptSpider()
            spider.site = Site("s", "s", "gkmlpt", ["http://a.gov.cn/sub/"], ["a.gov.cn"])
            spider.crawler = SimpleNamespace(stats=SimpleNamespace(inc_value=lambda *a, **k: None))  # type: ignore[assignment]
            spider.walk = SharedWalkState(8, server, f"harvester:test-notes-{link_first}", "s")
            workers.append(spider)
        noting, reading = workers
        index = HtmlResponse(url, body=shell, encoding="utf-8", request=Request(url, meta={"hops": 1}))
        asked = [r.url for r in noting.note_category(link, 1)] if link_first else []
        asked += [r.url for r in reading.parse_index(index)]
        asked += [] if link_first else [r.url for r in noting.note_category(link, 1)]
        assert sorted(asked) == [
            "http://a.gov.cn/sub/gkmlpt/api/all/2629?page=1&sid=175",
            "http://a.gov.cn/sub/gkmlpt/api/all/7?page=1&sid=175",
        ], link_first
        for key in server.scan_iter(match=f"harvester:test-notes-{link_first}:*"):
            server.delete(key)
