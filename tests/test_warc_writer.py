"""The rotating WARC writer: deterministic records, read back with warcio, rollover, crash recovery."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from harvester.warc.reader import iter_records, read_payload
from harvester.warc.writer import OPEN_SUFFIX, RotatingWarcWriter, complete_members_end, recover


def make_writer(tmp_path: Path, max_size: int = 10_000_000) -> RotatingWarcWriter:
    ids = (f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>" for n in itertools.count(1))
    start = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    ticks = (start + timedelta(seconds=n) for n in itertools.count())
    return RotatingWarcWriter(tmp_path, "test", {"software": "test"}, max_size, lambda: next(ids), lambda: next(ticks), "host")


def write_one(writer: RotatingWarcWriter, body: bytes = "正文".encode("gbk"), url: str = "http://a.test/p?x=1&y=2") -> tuple:
    return writer.write_exchange(
        url,
        "GET /p?x=1&y=2 HTTP/1.1",
        [("Host", "a.test"), ("Accept-Encoding", "gzip")],
        "200 OK",
        [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
        body,
        "127.0.0.1",
    )


def test_records_are_deterministic_and_linked(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    resp, req = write_one(writer)
    writer.close()
    name = "test-20260102030405000-00001-host.warc.gz"
    assert writer.closed_files == [name] and (tmp_path / name).exists()
    records, bodies = [], []
    for record in ArchiveIterator(open(tmp_path / name, "rb")):
        records.append(record)
        bodies.append(record.content_stream().read())
    assert [r.rec_type for r in records] == ["warcinfo", "response", "request"]
    info, response, request = records
    assert info.rec_headers.get_header("WARC-Record-ID") == "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert response.rec_headers.get_header("WARC-Record-ID") == resp.record_id
    assert request.rec_headers.get_header("WARC-Concurrent-To") == resp.record_id
    assert request.rec_headers.get_header("WARC-Date") == response.rec_headers.get_header("WARC-Date")
    assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response.rec_headers.get_header("WARC-Payload-Digest").startswith("sha1:")
    assert [v for k, v in response.http_headers.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert bodies[1] == "正文".encode("gbk")
    assert request.http_headers.protocol == "GET" and request.http_headers.statusline == "/p?x=1&y=2 HTTP/1.1"


def test_offsets_read_back(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    locations = [write_one(writer, f"body {i}".encode(), f"http://a.test/{i}")[0] for i in range(3)]
    writer.close()
    for i, loc in enumerate(locations):
        body, ctype, uri = read_payload(tmp_path / loc.warc_file, loc.offset)
        assert (body, ctype, uri) == (f"body {i}".encode(), "text/html", f"http://a.test/{i}")
    indexed = {r.record_id: (r.offset, r.length) for r in iter_records(tmp_path / locations[0].warc_file)}
    assert all(indexed[loc.record_id] == (loc.offset, loc.length) for loc in locations)


def test_rollover_by_size(tmp_path: Path) -> None:
    writer = make_writer(tmp_path, max_size=2_000)
    for i in range(6):
        write_one(writer, os.urandom(800), f"http://a.test/{i}")
    writer.close()
    assert len(writer.closed_files) >= 3
    assert [int(n.split("-")[2]) for n in writer.closed_files] == list(range(1, len(writer.closed_files) + 1))
    for name in writer.closed_files:
        assert next(iter(ArchiveIterator(open(tmp_path / name, "rb")))).rec_type == "warcinfo"
    assert sum(1 for n in writer.closed_files for r in iter_records(tmp_path / n) if r.record_type == "response") == 6


def test_recover_truncates_partial_tail(tmp_path: Path) -> None:
    writer = make_writer(tmp_path)
    for i in range(3):
        write_one(writer, f"body {i}".encode(), f"http://a.test/{i}")
    assert writer._name is not None
    open_path = tmp_path / (writer._name + OPEN_SUFFIX)
    data = open_path.read_bytes()
    good = complete_members_end(data)
    assert good == len(data)
    open_path.write_bytes(data + data[-150:-20])  # a torn trailing record
    writer._fh = None  # simulate a crash: the process never closed the file
    assert recover(tmp_path) == [writer._name]
    final = tmp_path / writer._name
    assert final.stat().st_size == len(data)
    assert [r.url for r in iter_records(final) if r.record_type == "response"] == [f"http://a.test/{i}" for i in range(3)]
