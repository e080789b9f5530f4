"""Faults that must never pass silently: a full disk, two commands on one archive, broken files."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from harvester.demo.data import demo_reports
from harvester.demo.server import DemoPortal
from harvester.store import Store

from .conftest import ROOT, harvester, write_settings

FILE_LIMIT = 350_000  # bytes: the database fits before processing, the docs site's WARC file does not


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_LIMIT, FILE_LIMIT))


def test_full_disk_fails_the_run_and_keeps_what_was_archived(tmp_path: Path) -> None:
    with DemoPortal() as portal:
        settings = write_settings(tmp_path, portal.port)
        Store(tmp_path / "arch" / "h.db").close()  # the database exists before the disk fills up
        cmd = [
            sys.executable,
            "-m",
            "harvester.cli",
            "crawl",
            "--config",
            str(settings),
            "--site",
            "gd-demo",
            "--site",
            "docs-demo",
        ]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, preexec_fn=_limited, timeout=300)
        assert proc.returncode == 1, proc.stderr[-2000:]
        assert "DiskError: the archive could not be written" in proc.stderr and "crawl --resume" in proc.stderr
        assert "Traceback" not in proc.stderr
        warcs = tmp_path / "arch" / "warcs"
        assert not list(warcs.glob("*.open"))
        records = 0
        for path in warcs.glob("*.warc.gz"):
            assert path.stat().st_size <= FILE_LIMIT
            with open(path, "rb") as fh:
                for record in ArchiveIterator(fh):
                    record.content_stream().read()
                    records += 1
        assert records > 2
        db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
        run = next(db.query("select status, error from runs"))
        assert run["status"] == "failed" and "could not be written" in run["error"]
        harvester("crawl", "--config", str(settings), "--site", "gd-demo", "--site", "docs-demo", "--resume")
    assert [r["status"] for r in db.query("select status from runs")] == ["finished"]
    titles = {r["title"] for r in db.query("select title from reports")}
    assert {r.title for r in demo_reports(1)["gd-demo"]} <= titles


def test_demo_never_deletes_an_archive_in_use(tmp_path: Path) -> None:
    from harvester.lock import archive_lock

    archive = tmp_path / "busy"
    (archive / "warcs").mkdir(parents=True)
    keep = archive / "warcs" / "crawl.warc.gz.open"
    keep.write_bytes(b"being written")
    with archive_lock(archive, "crawl"):
        proc = harvester("demo", "--archive", str(archive), check=False)
    assert proc.returncode == 1 and "is in use by `crawl`" in proc.stderr and "Traceback" not in proc.stderr
    assert keep.read_bytes() == b"being written"


def test_clear_errors_outside_the_project_and_on_a_busy_port(tmp_path: Path) -> None:
    import socket

    for args in (("runs",), ("crawl",), ("process",)):
        proc = harvester(*args, cwd=tmp_path, check=False)
        assert proc.returncode == 1 and "no settings.toml in" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "archive").exists()  # nothing created by a refused command
    proc = harvester("runs", "--archive", str(tmp_path / "none"), cwd=tmp_path, check=False)
    assert proc.returncode == 1 and "no database at" in proc.stderr
    (tmp_path / "a" / "warcs").mkdir(parents=True)
    (tmp_path / "a" / "warcs" / "x.warc.gz").write_bytes(b"")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        proc = harvester("replay", "--archive", str(tmp_path / "a"), "--port", str(port), cwd=tmp_path, check=False)
    assert proc.returncode == 1 and f"port {port} on 127.0.0.1 is in use" in proc.stderr and "Traceback" not in proc.stderr


def test_parse_of_a_broken_file_is_one_line(tmp_path: Path) -> None:
    from harvester.demo import bombs

    path = tmp_path / "bad.zip"
    path.write_bytes(bombs.zip_bad_crc())
    proc = harvester("parse", str(path), check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "Bad CRC-32" in proc.stderr


BROKEN_WRITER = """
import sys
import harvester.warc.records as records
calls = []
def broken(*parts):
    calls.append(1)
    if len(calls) > 12:  # some records are written, then the writer breaks with a bug, not a full disk
        raise RuntimeError("compressor broke")
    return real(*parts)
real, records.gzip_member = records.gzip_member, broken
from harvester.cli import cli
sys.argv = ["harvester", *sys.argv[1:]]
cli()
"""


def test_any_archiving_error_stops_the_crawl_loudly(tmp_path: Path) -> None:
    """An unexpected error in the archiver (a bug, not a full disk) must not let the crawl go on unarchived:
    Scrapy logs a signal handler's exception and carries on, so the archiver stops the run itself."""
    with DemoPortal() as portal:
        settings = write_settings(tmp_path, portal.port)
        cmd = [sys.executable, "-c", BROKEN_WRITER, "crawl", "--config", str(settings), "--site", "gd-demo"]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert "RuntimeError: compressor broke" in proc.stderr and "Traceback" not in proc.stderr
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    run = next(db.query("select status, error, stats from runs"))
    assert run["status"] == "failed" and "compressor broke" in run["error"]
    fetched = 0
    for path in (tmp_path / "arch" / "warcs").glob("*.warc.gz"):
        with open(path, "rb") as fh:
            fetched += sum(1 for r in ArchiveIterator(fh) if r.rec_type == "response")
    assert fetched >= 4  # what was archived before the error stays, and is valid


COMPONENTS_SNIPPET = """
import json, sys, warnings
from scrapy.core.downloader.middleware import DownloaderMiddlewareManager
from scrapy.core.spidermw import SpiderMiddlewareManager
from scrapy.exceptions import ScrapyDeprecationWarning
from scrapy.extension import ExtensionManager
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler
from spiders.portal import PortalSpider

settings = Settings()
settings.setmodule("harvester.crawl.scrapy_settings", priority="project")
settings.set("HARVESTER_WARC_DIR", sys.argv[1])
install_reactor(settings["TWISTED_REACTOR"])
crawler = get_crawler(PortalSpider, settings.copy_to_dict())
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    managers = [m.from_crawler(crawler) for m in (SpiderMiddlewareManager, DownloaderMiddlewareManager, ExtensionManager)]
print(json.dumps({
    "warnings": [str(w.message) for w in caught if issubclass(w.category, ScrapyDeprecationWarning)],
    "built": sorted({type(mw).__name__ for m in managers for mw in m.middlewares}),
}))
"""


def test_the_harvesters_scrapy_components_raise_no_deprecation_warning(tmp_path: Path) -> None:
    """Scrapy warns at every start-up about a component written for an API it deprecates (a `spider` argument to
    a middleware method, in 2.19): building the harvester's middlewares and extensions warns of nothing."""
    import json

    cmd = [sys.executable, "-c", COMPONENTS_SNIPPET, str(tmp_path / "warcs")]
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    result = json.loads(out.splitlines()[-1])
    assert result["warnings"] == []
    assert {"FaultErrbacks", "WarcArchiver", "RobotsTxtMiddleware"} <= set(result["built"])  # what was under test
