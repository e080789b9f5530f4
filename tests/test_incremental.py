"""Incremental runs: a second crawl after the portal changed, and a killed run resumed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from harvester.demo.data import demo_reports
from harvester.demo.server import DemoPortal
from harvester.urls import canonical

from .conftest import ROOT, assert_same_tables, harvester, need_pywb, pywb_fetch, write_settings

SITES = ["--site", "gd-demo", "--site", "city-demo"]


def set_epoch(portal: DemoPortal, epoch: int) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{portal.port}/__demo__/epoch/{epoch}", timeout=10) as resp:
        assert resp.read() == f"epoch {epoch}".encode()


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("incremental")
    with DemoPortal() as portal:
        settings = write_settings(folder, portal.port)
        harvester("crawl", "--config", str(settings), *SITES)
        set_epoch(portal, 2)
        harvester("crawl", "--config", str(settings), *SITES)
    return folder / "arch"


def run_stats(db: sqlite_utils.Database, run_id: int) -> dict:
    return json.loads(db.table("runs").get(run_id)["stats"])


def test_second_run_counts(two_runs: Path) -> None:
    db = sqlite_utils.Database(two_runs / "h.db")
    first, second = run_stats(db, 1), run_stats(db, 2)
    city = len(demo_reports()["city-demo"])  # its district's report, on the district's host, with them
    assert first["reports"]["new"] == 4 + city and first["reports"]["unchanged"] == 0
    changes = second["reports"]
    assert (changes["new"], changes["changed"], changes["withdrawn"], changes["unchanged"]) == (1, 1, 1, 2 + city)
    assert changes["revisits"] > 0 and changes["warc_bytes"] < first["reports"]["warc_bytes"]


def test_bodies_fetched_only_for_new_and_revised(two_runs: Path) -> None:
    db = sqlite_utils.Database(two_runs / "h.db")
    documents = {canonical(r["url"]) for r in db.query("select url from candidates")}
    full = {
        canonical(r["url"])
        for r in db.query("select url from captures where run_id = 2 and record_type = 'response' and status = 200")
    }
    assert full & documents == {canonical(u) for u in (url_of(db, 102, 2), url_of(db, 106, 2))}
    revisited = list(db.query("select * from captures where run_id = 2 and record_type = 'revisit'"))
    profiles = {r["profile"].rsplit("/", 1)[-1] for r in revisited}
    assert profiles == {"server-not-modified", "identical-payload-digest"}  # 304s for reports, same bodies for lists
    assert all(r["status"] == 304 for r in revisited if r["profile"].endswith("server-not-modified"))
    originals = {r["record_id"]: r for r in db.query("select * from captures where record_type = 'response'")}
    for r in revisited:
        original = originals[r["refers_to"]]
        assert original["run_id"] == 1 and original["payload_digest"] == r["payload_digest"]
        if r["profile"].endswith("server-not-modified"):
            assert original["url"] == r["url"]


def url_of(db: sqlite_utils.Database, report_id: int, run: int) -> str:
    return next(db.query("select url from captures where url like ? and run_id = ? limit 1", [f"%post_{report_id}.html%", run]))[
        "url"
    ]


def test_versions_and_withdrawal(two_runs: Path) -> None:
    db = sqlite_utils.Database(two_runs / "h.db")
    revised = list(db.query("select * from reports where url like '%post_102%' order by id"))
    assert [r["status"] for r in revised] == ["superseded", "current"]
    old, new = revised
    assert old["superseded_by"] == new["id"] and old["superseded_at"] == new["fetched_at"] > old["fetched_at"]
    value = "select value from facts where report_id = ? and \"table\" = 't3' and \"row\" = 'new_received' and col = 'total'"
    assert db.execute(value, [new["id"]]).fetchone()[0] == db.execute(value, [old["id"]]).fetchone()[0] + 1
    truth = next(r for r in demo_reports(2)["gd-demo"] if r.id == 102)
    assert db.execute(value, [new["id"]]).fetchone()[0] == int(truth.t3[("new_received", "total")])
    gone = next(db.query("select * from reports where url like '%post_101%'"))
    assert gone["status"] == "withdrawn" and gone["withdrawn_at"] and gone["fact_count"] == 198  # kept, never deleted
    assert db.execute("select count(*) from reports where url like '%post_106%' and status = 'current'").fetchone()[0] == 1
    unchanged = next(db.query("select * from reports where url like '%post_103%'"))
    assert unchanged["status"] == "current" and unchanged["last_seen_at"] > unchanged["fetched_at"]


def test_revisit_records_resolve(two_runs: Path) -> None:
    """Every revisit's WARC-Refers-To names a response record in the archive with the same payload digest."""
    responses, revisits = {}, []
    for warc in (two_runs / "warcs").glob("*.warc.gz"):
        for record in ArchiveIterator(open(warc, "rb")):
            h = record.rec_headers
            if record.rec_type == "response":
                responses[h.get_header("WARC-Record-ID")] = (
                    h.get_header("WARC-Target-URI"),
                    h.get_header("WARC-Date"),
                    h.get_header("WARC-Payload-Digest"),
                )
            elif record.rec_type == "revisit":
                revisits.append(h)
    assert revisits
    for h in revisits:
        uri, date, digest = responses[h.get_header("WARC-Refers-To")]
        assert (h.get_header("WARC-Refers-To-Target-URI"), h.get_header("WARC-Refers-To-Date")) == (uri, date)
        assert h.get_header("WARC-Payload-Digest") == digest


def test_runs_command_lists_changes(two_runs: Path) -> None:
    out = harvester("runs", "--config", str(two_runs.parent / "settings.toml")).stdout
    unchanged = 2 + len(demo_reports()["city-demo"])
    assert "#2 crawl" in out and f"new=1 changed=1 unchanged={unchanged} withdrawn=1" in out


def test_killed_run_resumes_without_duplicates(tmp_path: Path) -> None:
    with DemoPortal(delay=0.15) as slow:
        settings = write_settings(tmp_path, slow.port)
        cmd = [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(settings), "--site", "gd-demo"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warcs = tmp_path / "arch" / "warcs"
        deadline = time.time() + 60
        while time.time() < deadline and not any(_count(p) >= 13 for p in warcs.glob("*.open")):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        harvester("crawl", "--config", str(settings), "--site", "gd-demo", "--resume")
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    assert [r["status"] for r in db.query("select status from runs")] == ["finished"]
    urls = [canonical(r["url"]) for r in db.query("select url from captures where run_id = 1")]
    assert len(urls) == len(set(urls))  # nothing fetched twice
    titles = {r["title"] for r in db.query("select title from reports")}
    assert titles == {r.title for r in demo_reports(1)["gd-demo"]}  # nothing lost
    stats = run_stats(db, 1)["sites"]["gd-demo"]
    assert 0 < stats["served_from_archive"] < len(urls)  # pages archived before the kill were not fetched again


def _count(path: Path) -> int:
    n = 0
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                n += record.rec_type in ("response", "request")
    except Exception:
        pass
    return n


def test_resume_with_nothing_to_resume(two_runs: Path, tmp_path: Path) -> None:
    """After a finished run, --resume is a no-op (exit 0, nothing fetched); the archive is unchanged."""
    db = sqlite_utils.Database(two_runs / "h.db")
    before = (db.table("captures").count, [r["status"] for r in db.query("select status from runs")])
    settings = write_settings(tmp_path, 1, archive=str(two_runs))
    proc = harvester("crawl", "--config", str(settings), "--resume")
    assert "nothing to resume: crawl run #2 is finished" in proc.stdout
    assert (db.table("captures").count, [r["status"] for r in db.query("select status from runs")]) == before


def test_pywb_resolves_a_revisit_to_its_original(two_runs: Path) -> None:
    """An identical-payload revisit replays with the original's body; a 304 replays as the 304 it was."""
    need_pywb()
    db = sqlite_utils.Database(two_runs / "h.db")
    revisit = next(
        db.query(
            "select * from captures where run_id = 2 and profile like '%identical-payload-digest' and url like '%index.html'"
        )
    )
    original = next(db.query("select * from captures where record_id = ?", [revisit["refers_to"]]))
    assert original["run_id"] == 1
    with open(two_runs / "warcs" / original["warc_file"], "rb") as fh:
        fh.seek(original["offset"])
        archived = next(iter(ArchiveIterator(fh))).content_stream().read()
    ts = "".join(ch for ch in revisit["fetched_at"] if ch.isdigit())[:14]
    body = pywb_fetch(two_runs, f"{ts}id_/{revisit['url']}", config=two_runs.parent / "settings.toml")
    assert body == archived and len(body) > 500


TABLES = {"reports": [], "facts": [], "checks": [], "captures": [], "candidates": [], "documents": ["processed_at"]}


def test_reparse_resolves_revisits_to_the_same_database(two_runs: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.db"
    harvester("reparse", "--config", str(two_runs.parent / "settings.toml"), "--db", str(rebuilt))
    assert_same_tables(two_runs / "h.db", rebuilt, TABLES)


def test_resume_never_serves_an_error_answer(tmp_path: Path) -> None:
    """A 500 or 429 archived before a kill is fetched again on resume; a 200 or 404 is served from the archive."""
    from harvester.crawl.incremental import ResumeFromArchive
    from harvester.store import Store

    store = Store(tmp_path / "h.db")
    store.db.table("runs").insert({"id": 1, "kind": "crawl", "started": "2026-01-01", "status": "running"})
    store.db.table("warc_files").insert({"name": "w", "path": "w", "size": 1, "records": 1, "indexed_at": "x", "run_id": 1})
    for n, status in enumerate((200, 404, 500, 503, 429)):
        store.db.table("captures").insert(
            {
                "record_id": f"r{n}",
                "url": f"http://a.test/{status}#frag",
                "record_type": "response",
                "status": status,
                "fetched_at": "2026-01-01",
                "warc_file": "w",
                "offset": n,
                "length": 1,
                "site": "s",
                "run_id": 1,
            }
        )
    store.close()

    from types import SimpleNamespace

    crawler = SimpleNamespace(spider=SimpleNamespace(site=SimpleNamespace(name="s")))

    mw = ResumeFromArchive(crawler, 1, str(tmp_path / "h.db"), str(tmp_path))
    assert sorted(mw._load()) == ["http://a.test/200", "http://a.test/404"]


def test_report_page_links_replay_the_archived_page_also_after_a_revisit(two_runs: Path) -> None:
    """The report page's links, followed, return the archived page from pywb (status 200, the title in it): the page
    at its latest capture, a revisit record here, and a number at the capture it was read from."""
    import sqlite3

    from harvester.datasette_plugin.report import report_view

    need_pywb()
    conn = sqlite3.connect(two_runs / "h.db")
    rid, title = conn.execute(
        """SELECT r.id, r.title FROM reports r WHERE r.status = 'current' AND r.fact_count > 0 AND (SELECT c.record_type
           FROM captures c WHERE c.url = r.url ORDER BY c.fetched_at DESC LIMIT 1) = 'revisit' ORDER BY r.id LIMIT 1"""
    ).fetchone()
    view = report_view(conn, rid)
    assert view is not None and view["latest"]["record_type"] == "revisit"
    number = next(c["link"] for row in view["tables"]["t3"]["rows"] for c in row["cells"] if c["link"])
    for link in (view["page_replay"], number):
        body = pywb_fetch(two_runs, link.split("/harvest/", 1)[1], config=two_runs.parent / "settings.toml")
        assert body is not None, link  # 200
        assert title.encode("utf-8") in body or title.encode("gb18030") in body, link
