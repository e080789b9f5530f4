"""`harvester crawl` with a settings file, and the same spiders run as `scrapy crawl`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sqlite_utils

from harvester.demo.server import DemoPortal
from harvester.warc.reader import iter_records

from .conftest import ROOT, harvester, write_settings


def test_harvester_crawl_one_site(portal: DemoPortal, tmp_path: Path) -> None:
    settings = write_settings(tmp_path, portal.port)
    harvester("crawl", "--config", str(settings), "--site", "city-demo")
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    from harvester.demo.data import demo_reports

    assert db.table("reports").count == len(demo_reports()["city-demo"])  # its district's report, on another host, too
    assert {r["site"] for r in db.query("select distinct site from captures")} == {"city-demo"}
    run = next(db.query("select * from runs"))
    assert run["status"] == "finished" and "city-demo" in run["sites"]


def test_scrapy_crawl_then_process(portal: DemoPortal, tmp_path: Path) -> None:
    settings = write_settings(tmp_path, portal.port)
    warcs = tmp_path / "arch" / "warcs"
    cmd = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "portal",
        "-a",
        "site=gd-demo",
        "-s",
        f"HARVESTER_CONFIG={settings}",
        "-s",
        f"HARVESTER_WARC_DIR={warcs}",
        "-s",
        'HOST_OVERRIDES={"*.demo.test": "127.0.0.1"}',
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "LOG_LEVEL=WARNING",
    ]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    files = sorted(warcs.glob("*.warc.gz"))
    assert len(files) == 1 and "gd-demo" in files[0].name
    roles = [r.fields.get("role") for r in iter_records(files[0]) if r.record_type == "metadata"]
    assert roles.count("report") == 4 and roles.count("attachment") == 1
    harvester("process", "--config", str(settings))
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    assert db.table("reports").count == 4
