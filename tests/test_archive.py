"""WARC fidelity and replay: records equal what the portal served, validators, crash safety, reparse, WACZ, pywb."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from harvester.demo.server import DemoPortal
from harvester.warc.reader import iter_records

from .conftest import DEMO_TITLES, ROOT, assert_same_tables, harvester, need_pywb, pywb_fetch, write_settings


@pytest.fixture(scope="module")
def crawled(portal: DemoPortal, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A crawl of both demo sites while the portal keeps running (so it can be asked again)."""
    folder = tmp_path_factory.mktemp("fidelity")
    harvester("crawl", "--config", str(write_settings(folder, portal.port)), "--site", "gd-demo", "--site", "city-demo")
    return folder / "arch"


def exchanges(archive: Path) -> dict[str, tuple]:
    """url → (request headers, status, response headers, raw body) for every response in the archive."""
    out: dict[str, tuple] = {}
    for warc in sorted((archive / "warcs").glob("*.warc.gz")):
        responses, requests = {}, {}
        for record in ArchiveIterator(open(warc, "rb")):
            if record.rec_type == "response":
                body = record.raw_stream.read()
                responses[record.rec_headers.get_header("WARC-Record-ID")] = (record, body)
            elif record.rec_type == "request":
                requests[record.rec_headers.get_header("WARC-Concurrent-To")] = record
        for rid, (record, body) in responses.items():
            req = requests[rid]
            out[record.rec_headers.get_header("WARC-Target-URI")] = (req.http_headers.headers, record.http_headers, body)
    return out


def ask_portal(port: int, url: str, headers: list[tuple[str, str]]) -> http.client.HTTPResponse:
    path = url.split(f":{port}", 1)[1]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers=dict(headers))
    return conn.getresponse()


@pytest.mark.parametrize(
    ("what", "url_part", "check"),
    [
        ("gzip", "/post_101.html", lambda h: h.get_header("Content-Encoding") == "gzip"),
        ("chunked", "/api/all/1003?page=2", lambda h: h.get_header("Transfer-Encoding") is None),
        ("gbk", "/content/post_202.html", lambda h: "charset" not in (h.get_header("Content-Type") or "")),
        ("pdf", ".pdf", lambda h: h.get_header("Content-Type") == "application/pdf"),
    ],
)
def test_record_equals_what_the_portal_served(crawled: Path, portal: DemoPortal, what: str, url_part: str, check) -> None:
    url, (req_headers, http_headers, body) = next((u, e) for u, e in exchanges(crawled).items() if url_part in u)
    assert check(http_headers), what
    live = ask_portal(portal.port, url, req_headers)
    live_body = live.read()
    assert http_headers.get_statuscode() == str(live.status) and http_headers.statusline.startswith(str(live.status))
    for name in ("Content-Type", "Content-Encoding", "Content-Length", "Server", "Vary"):
        assert http_headers.get_header(name) == live.getheader(name), name
    assert body == live_body  # http.client de-chunks too: the archived payload is the de-chunked body
    if what == "chunked":
        assert live.getheader("Transfer-Encoding") == "chunked" and json.loads(body)["page"] == 2
    if what == "gbk":
        assert "粤示范市人民政府办公室" in body.decode("gb18030") and b'charset="gb2312"' in body
    if what == "pdf":
        assert body.startswith(b"%PDF")
    assert ("Accept-Encoding" in dict(req_headers)) and ("Host" in dict(req_headers))


@pytest.mark.parametrize("which", ["demo", "fidelity"])
def test_second_validator_fastwarc(which: str, demo_run: Path, crawled: Path) -> None:
    """FastWARC passes on every file; `-p` also checks payload digests, except for files with
    identical-payload revisits, whose digest names the original's payload (checked here instead)."""
    folder = (demo_run if which == "demo" else crawled) / "warcs"
    fastwarc = str(Path(sys.executable).parent / "fastwarc")
    originals = {
        r.record_id: r.payload_digest for w in folder.glob("*.warc.gz") for r in iter_records(w) if r.record_type == "response"
    }
    for warc in sorted(folder.glob("*.warc.gz")):
        revisits = [r for r in iter_records(warc) if r.record_type == "revisit"]
        args = [fastwarc, "check", "-q", str(warc)] if revisits else [fastwarc, "check", "-p", "-q", str(warc)]
        proc = subprocess.run(args, capture_output=True, text=True)
        assert proc.returncode == 0, (warc.name, proc.stdout + proc.stderr)
        assert all(originals[r.refers_to] == r.payload_digest for r in revisits)


def test_conversion_records_hold_the_document_text(crawled: Path) -> None:
    db = sqlite_utils.Database(crawled / "h.db")
    docs = list(
        db.query(
            'select d.text, d.capture_record_id, k.warc_file, k."offset" from documents d join conversions k on k.record_id = d.conversion_record_id'
        )
    )
    readable = db.execute("select count(*) from documents where status = 'ok'").fetchone()[0]
    assert (
        len(docs) == readable > 0
        and db.execute("select count(*) from documents where status != 'ok' and conversion_record_id is not null").fetchone()[0]
        == 0
    )
    for doc in docs:
        with open(crawled / "warcs" / doc["warc_file"], "rb") as fh:
            fh.seek(doc["offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "conversion"
            assert record.rec_headers.get_header("WARC-Refers-To") == doc["capture_record_id"]
            assert record.content_stream().read().decode("utf-8") == doc["text"]


def test_cdxj_index_for_every_file(crawled: Path) -> None:
    for warc in sorted((crawled / "warcs").glob("*.warc.gz")):
        lines = (crawled / "indexes" / (warc.name + ".cdxj")).read_text().splitlines()
        if "-conversions-" in warc.name:  # derived text is not a replayable capture: indexed but no lines
            assert lines == []
            continue
        assert len(lines) == sum(1 for r in iter_records(warc) if r.record_type in ("response", "revisit"))
        assert lines == sorted(lines)
        assert all(json.loads(x.split(" ", 2)[2])["filename"] == warc.name for x in lines)


TABLES = {
    "captures": ["run_id"],
    "candidates": ["run_id"],
    "documents": ["processed_at"],
    "reports": [],
    "facts": [],
    "checks": [],
    "conversions": [],
    "warc_files": ["indexed_at", "run_id", "path"],
}


def test_reparse_rebuilds_the_same_database(demo_run: Path, tmp_path: Path) -> None:
    rebuilt = tmp_path / "rebuilt.db"
    before = {w.name for w in (demo_run / "warcs").glob("*.warc.gz")}
    harvester("reparse", "--archive", str(demo_run), "--db", str(rebuilt))
    assert {w.name for w in (demo_run / "warcs").glob("*.warc.gz")} == before  # identical text: no new conversions
    assert_same_tables(demo_run / "harvest.db", rebuilt, TABLES)


def test_reparse_into_the_live_database_reindexes_in_place(demo_run: Path, tmp_path: Path) -> None:
    """Every capture is indexed again over its own row (facts and reports refer to it, foreign keys on) and every
    report is rebuilt over itself: the database ends as it was."""
    live = tmp_path / "live.db"
    shutil.copy(demo_run / "harvest.db", live)
    db = sqlite_utils.Database(live)
    db.execute("UPDATE captures SET status = 599, ip = NULL")  # what indexing again must restore from the WARC
    db.conn.commit()
    db.close()
    harvester("reparse", "--archive", str(demo_run), "--db", str(live))
    assert sqlite_utils.Database(live).execute("PRAGMA foreign_key_check").fetchall() == []
    rebuilt_rows = {"facts": ["id"], "checks": ["id"]}  # a report rebuilt over itself writes its facts anew
    assert_same_tables(demo_run / "harvest.db", live, TABLES | rebuilt_rows)


def test_sigkill_mid_crawl_then_restart(tmp_path: Path) -> None:
    with DemoPortal(delay=0.15) as slow:
        settings = write_settings(tmp_path, slow.port)
        warcs = tmp_path / "arch" / "warcs"
        cmd = [sys.executable, "-m", "harvester.cli", "crawl", "--config", str(settings), "--site", "gd-demo"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline and not any(sum(1 for _ in _records(p)) >= 9 for p in warcs.glob("*.open")):
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        open_files = list(warcs.glob("*.warc.gz.open"))
        assert len(open_files) == 1, "the crawl was killed while its WARC file was open"
        killed = {r.record_id for r in _records(open_files[0])}
        harvester("crawl", "--config", str(settings), "--site", "gd-demo")
    files = sorted(warcs.glob("*"))
    assert not [f for f in files if f.name.endswith(".open")] and len(files) == 3  # recovered, new crawl, conversions
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    recovered = next(f for f in files if f.name == open_files[0].name[: -len(".open")])
    complete = [r.record_id for r in iter_records(recovered, requests=True)]
    assert set(complete) <= killed and len(complete) == len(set(complete)) >= 9
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    ids = [r["record_id"] for r in db.query("select record_id from captures")]
    assert len(ids) == len(set(ids))
    in_db = {r["record_id"] for r in db.query("select record_id from captures where warc_file = ?", [recovered.name])}
    assert in_db == {r.record_id for r in iter_records(recovered) if r.record_type == "response"}
    assert db.table("reports").count == 4


def _records(path: Path) -> list:
    """Complete records of a file being written (a torn tail is ignored)."""
    out = []
    try:
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                record.content_stream().read()
                out.append(type("R", (), {"record_id": record.rec_headers.get_header("WARC-Record-ID")}))
    except Exception:
        pass
    return out


def test_export_wacz_validates_and_lists_report_pages(demo_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports.wacz"
    harvester("export-wacz", "--archive", str(demo_run), "-o", str(out))
    proc = subprocess.run([str(Path(sys.executable).parent / "wacz"), "validate", "-f", str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    pages = zipfile.ZipFile(out).read("pages/pages.jsonl").decode().splitlines()
    urls = {json.loads(x)["url"] for x in pages[1:]}
    db = sqlite_utils.Database(demo_run / "harvest.db")
    assert urls == {r["url"] for r in db.query("select url from reports")} and len(urls) == len(DEMO_TITLES)


def test_pywb_replays_a_report_page(demo_run: Path) -> None:
    need_pywb()
    db = sqlite_utils.Database(demo_run / "harvest.db")
    report = next(
        db.query(
            "select r.url, c.fetched_at, c.warc_file, c.\"offset\" from reports r join captures c on c.record_id = r.capture_record_id where r.url like '%post_201%'"
        )
    )
    with open(demo_run / "warcs" / report["warc_file"], "rb") as fh:
        fh.seek(report["offset"])
        archived = next(iter(ArchiveIterator(fh))).content_stream().read()
    ts = "".join(ch for ch in report["fetched_at"] if ch.isdigit())[:14]
    body = pywb_fetch(demo_run, f"{ts}id_/{report['url']}")
    assert body == archived
