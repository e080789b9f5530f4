"""A crawl against a hostile server finishes; every fault is on record with its kind; the good reports are stored."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils

from .conftest import ROOT, harvester
from .hostile_server import GOOD, RATE_LIMITED


@pytest.fixture(scope="module")
def hostile() -> Iterator[int]:
    proc = subprocess.Popen([sys.executable, "-m", "tests.hostile_server"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    threading.Thread(target=proc.stdout.read, daemon=True).start()
    try:
        yield int(line.rsplit(":", 1)[1])
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def crawled(hostile: int, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], float]:
    folder = tmp_path_factory.mktemp("hostile")
    settings = folder / "settings.toml"
    settings.write_text(
        '[harvester]\narchive_dir = "arch"\ndatabase = "arch/h.db"\nwarc_prefix = "h"\n\n'
        '[crawl]\ndownload_delay = 0\nautothrottle = false\nlog_level = "WARNING"\ndownload_timeout = 3\nretry_times = 1\n'
        "download_maxsize = 16777216\ndownload_warnsize = 8388608\n"
        'host_overrides = { "*.hostile.test" = "127.0.0.1" }\n\n'
        f'[sites.hostile]\ntitle = "hostile"\nfamily = "generic"\ngroup = "test"\n'
        f'start_urls = ["http://www.hostile.test:{hostile}/list.html"]\nallowed_hosts = ["www.hostile.test", "www2.hostile.test"]\n'
    )
    peak_file = folder / "peak-mb"
    wrapper = (  # the crawl's own peak resident memory (VmHWM), whatever other children this session ran
        "import atexit, sys\n"
        "from harvester.cli import cli\n"
        f"atexit.register(lambda: open({str(peak_file)!r}, 'w').write(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM'))))\n"
        "sys.argv = ['harvester', 'crawl', '--config', sys.argv[1]]\n"
        "cli()\n"
    )
    proc = subprocess.run([sys.executable, "-c", wrapper, str(settings)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    peak_mb = int(peak_file.read_text()) / 1024
    return folder / "arch", proc, peak_mb


def test_crawl_finishes_and_keeps_the_good_reports(crawled: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    archive, proc, _ = crawled
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    db = sqlite_utils.Database(archive / "h.db")
    assert [r["status"] for r in db.query("select status from runs")] == ["finished"]
    reports = {r["title"]: r for r in db.query("select * from reports")}
    for demo in (GOOD, RATE_LIMITED):
        assert reports[demo.title]["fact_count"] == len(demo.truth()) and reports[demo.title]["failed_checks"] == 0


def test_every_fetch_fault_has_a_record(crawled: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    archive, _, _ = crawled
    db = sqlite_utils.Database(archive / "h.db")
    kinds = {r["url"].rsplit("/", 1)[-1]: r["kind"] for r in db.query("select url, kind from fetch_errors")}
    assert kinds == {
        "reset.html": "reset",
        "stall.html": "timeout",
        "truncated.html": "truncated",
        "gzipbomb.html": "decompression-bomb",
        "huge.html": "too-large",
        "refused.html": "refused",
    }, kinds
    faults = {(r["stage"], r["kind"]) for r in db.query("select stage, kind from faults")}
    assert ("fetch", "timeout") in faults and ("document", "unreadable") in faults
    blocks = list(db.query("select host, reason from blocks"))
    assert [b["host"] for b in blocks] == ["www2.hostile.test"]
    stats = next(db.query("select stats from runs"))["stats"]
    assert '"fetch_errors": {' in stats and '"reset": 1' in stats


def test_broken_attachments_are_unreadable_with_their_reason(
    crawled: tuple[Path, subprocess.CompletedProcess[str], float],
) -> None:
    archive, _, _ = crawled
    db = sqlite_utils.Database(archive / "h.db")
    docs = {r["url"].rsplit("/", 1)[-1]: (r["status"], r["error"]) for r in db.query("select url, status, error from documents")}
    assert docs["corrupt.pdf"][0] == "unreadable"
    assert docs["encrypted.pdf"][0] == "unreadable" and "encrypted" in docs["encrypted.pdf"][1]
    assert docs["bomb.zip"][0] == "unreadable" and "zip bomb" in docs["bomb.zip"][1]
    assert docs["badcrc.zip"][0] == "unreadable" and "Bad CRC" in docs["badcrc.zip"][1]
    warnings = next(db.query("select warnings from reports where title = ?", [GOOD.title]))["warnings"]
    assert warnings.count("attachment unreadable") == 4


def test_memory_stays_bounded(crawled: tuple[Path, subprocess.CompletedProcess[str], float]) -> None:
    _, _, peak_mb = crawled
    assert peak_mb < 1024, peak_mb  # crawl and processing together, the largest child process


def test_unreachable_start_url_is_one_line_and_exit_1(tmp_path: Path) -> None:
    from .hostile_server import REFUSED_PORT

    settings = tmp_path / "settings.toml"
    settings.write_text(
        '[harvester]\narchive_dir = "arch"\ndatabase = "arch/h.db"\n\n[crawl]\ndownload_delay = 0\nretry_times = 0\n'
        'log_level = "WARNING"\nhost_overrides = { "*.hostile.test" = "127.0.0.1" }\n\n'
        f'[sites.gone]\ntitle = "gone"\nfamily = "generic"\ngroup = "test"\n'
        f'start_urls = ["http://www.hostile.test:{REFUSED_PORT}/"]\nallowed_hosts = ["www.hostile.test"]\n'
    )
    proc = harvester("crawl", "--config", str(settings), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "site gone: nothing could be fetched (refused ×1); check its start URL" in proc.stderr
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    assert [r["kind"] for r in db.query("select kind from fetch_errors")] == ["refused"]
