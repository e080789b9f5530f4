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
