"""The rotating WARC writer: deterministic records, read back with warcio, rollover, crash recovery."""

from __future__ import annotations

import itertools
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from harvester.warc.reader import iter_records, read_payload
from harvester.warc.records import http_head
from harvester.warc.writer import OPEN_SUFFIX, RotatingWarcWriter, complete_members_end, recover


def make_writer(tmp_path: Path, max_size: int = 10_000_000) -> RotatingWarcWriter:
    ids = (f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>" for n in itertools.count(1))
    start = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    ticks = (start + timedelta(seconds=n) for n in itertools.count())
    return RotatingWarcWriter(tmp_path, "test", {"software": "test"}, max_size, lambda: next(ids), lambda: next(ticks), "host")


def write_one(writer: RotatingWarcWriter, body: bytes = "正文".encode("gbk"), url: str = "http://a.test/p?x=1&y=2") -> tuple:
    request = http_head("GET /p?x=1&y=2 HTTP/1.1", [("Host", "a.test"), ("Accept-Encoding", "gzip")])
    response = http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")])
    return writer.write_exchange(url, request, response, body, "127.0.0.1")


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
    indexed = {r.record_id: (r.offset, r.length) for r in iter_records(tmp_path / locations[0].warc_file, requests=True)}
    assert all(indexed[loc.record_id] == (loc.offset, loc.length) for loc in locations)


def test_index_fields_from_headers_as_servers_spell_them(tmp_path: Path) -> None:
    """The index reads Content-Type, ETag and Last-Modified whatever their case (the last of a repeated one), the
    status, and a metadata record's JSON with its Chinese text."""
    writer = make_writer(tmp_path)
    head = http_head(
        "HTTP/1.1 404 Not Found",
        [
            ("CONTENT-TYPE", "text/html; charset=gbk"),
            ("etag", '"a"'),
            ("ETAG", '"b"'),
            ("Last-modified", "Mon, 05 Jan 2026 08:00:00 GMT"),
        ],
    )
    request = http_head("GET / HTTP/1.1", [("Host", "a.test")])
    resp, _ = writer.write_exchange("http://a.test/", request, head, b"x", "127.0.0.1")
    writer.write_metadata("http://a.test/", resp.record_id, {"role": "report", "title": "年度报告"})
    writer.close()
    records = {r.record_type: r for r in iter_records(tmp_path / resp.warc_file)}
    response = records["response"]
    assert (response.status, response.content_type) == (404, "text/html; charset=gbk")
    assert (response.etag, response.last_modified) == ('"b"', "Mon, 05 Jan 2026 08:00:00 GMT")
    assert records["metadata"].fields == {"role": "report", "title": "年度报告"}
    assert records["metadata"].concurrent_to == resp.record_id and records["warcinfo"].fields["software"] == "test"


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


def test_strict_fields_warcinfo_revisit_and_fragment(tmp_path: Path) -> None:
    """warcinfo names its file and has no Target-URI; an identical-payload revisit says its payload is left out;
    a URL's #fragment is never recorded."""
    from harvester.warc.writer import PROFILE_IDENTICAL, Revisit

    writer = make_writer(tmp_path)
    resp, _ = write_one(writer, url="http://a.test/p?x=1&y=2#502")
    writer.write_exchange(
        "http://a.test/q",
        http_head("GET /q HTTP/1.1", [("Host", "a.test")]),
        http_head("HTTP/1.1 200 OK", [("Content-Type", "text/html")]),
        "正文".encode("gbk"),
        revisit=Revisit(PROFILE_IDENTICAL, resp.record_id, "http://a.test/p?x=1&y=2", resp.date, "sha1:X"),
    )
    writer.write_metadata("http://a.test/p#1003", resp.record_id, {"url": "http://a.test/p#1003", "parent": "http://a.test/#9"})
    writer.close()
    records = list(iter_records(tmp_path / writer.closed_files[0], requests=True))
    info = records[0]
    assert info.record_type == "warcinfo" and info.url in (None, "")
    with open(tmp_path / writer.closed_files[0], "rb") as fh:
        raw = [r.rec_headers for r in ArchiveIterator(fh)]
    assert raw[0].get_header("WARC-Filename") == writer.closed_files[0] and raw[0].get_header("WARC-Target-URI") is None
    revisit = next(h for h in raw if h.get_header("WARC-Type") == "revisit")
    assert revisit.get_header("WARC-Truncated") == "length"
    assert all("#" not in (h.get_header("WARC-Target-URI") or "") for h in raw)
    meta = next(r for r in records if r.record_type == "metadata")
    assert meta.fields["url"] == "http://a.test/p" and meta.fields["parent"] == "http://a.test/"


def test_failed_write_leaves_a_valid_file(tmp_path: Path) -> None:
    """A write that fails (disk full) is cut off: the file holds every earlier record whole, and nothing else."""
    import pytest

    from harvester.errors import DiskError

    writer = make_writer(tmp_path)
    write_one(writer)
    assert writer._fh is not None
    real = writer._fh

    class Full:
        def __init__(self) -> None:
            self.calls = 0

        def write(self, data: memoryview) -> int:
            real.write(bytes(data[: len(data) // 2]))  # half a record reaches the disk, then it is full
            raise OSError(28, "No space left on device")

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    writer._fh = Full()  # type: ignore[assignment]
    with pytest.raises(DiskError, match="No space left on device"):
        write_one(writer)
    files = list(tmp_path.glob("*.warc.gz"))
    assert len(files) == 1 and not list(tmp_path.glob("*" + OPEN_SUFFIX))
    with open(files[0], "rb") as fh:
        assert [r.rec_type for r in ArchiveIterator(fh)] == ["warcinfo", "response", "request"]


def test_every_record_type_reads_back_with_its_digests(tmp_path: Path) -> None:
    """Records are written by the project's own builder: warcio (strict digest checks) and FastWARC read every
    type back, blocks and payloads verified."""
    from fastwarc.warc import ArchiveIterator as FastIterator

    from harvester.warc.records import conversion_record
    from harvester.warc.writer import PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED, Revisit

    writer = make_writer(tmp_path)
    resp, _ = write_one(writer)
    for profile in (PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED):
        revisit = Revisit(profile, resp.record_id, "http://a.test/p?x=1&y=2", resp.date, "sha1:X")
        heads = http_head("GET /q HTTP/1.1", [("Host", "a.test")]), http_head("HTTP/1.1 200 OK", [])
        writer.write_exchange("http://a.test/q", *heads, b"", revisit=revisit)
    writer.write_metadata("http://a.test/p", resp.record_id, {"role": "report", "title": "2023年度报告"})
    writer.append(conversion_record("http://a.test/p", resp.record_id, "正文 text"))
    writer.close()
    path = tmp_path / writer.closed_files[0]
    with open(path, "rb") as fh:
        seen = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(fh, check_digests="strict")]
    assert [t for t, _ in seen] == [
        "warcinfo",
        "response",
        "request",
        "revisit",
        "request",
        "revisit",
        "request",
        "metadata",
        "conversion",
    ]
    assert seen[1][1] == "正文".encode("gbk") and seen[-1][1] == "正文 text".encode()
    blocks = [r.verify_block_digest() for r in FastIterator(str(path), parse_http=False)]
    payloads = [r.verify_payload_digest() for r in FastIterator(str(path)) if r.headers.get("WARC-Type") == "response"]
    assert blocks == [True] * 9 and payloads == [True]


def test_response_headers_are_archived_as_served(tmp_path: Path) -> None:
    """A GBK file name in Content-Disposition (as county portals send it) stays the server's bytes; warcio's
    writer percent-encoded it as UTF-8 of the latin-1 reading, which the server never sent."""
    from scrapy.http import Request, Response

    from harvester.crawl.archiver import request_head, response_head

    served = b'attachment; filename="' + "2023年度报告.pdf".encode("gbk") + b'"'
    response = Response("http://a.test/f", headers={"Content-Disposition": served}, body=b"%PDF-1.4")
    writer = make_writer(tmp_path)
    writer.write_exchange("http://a.test/f", request_head(Request("http://a.test/f")), response_head(response), response.body)
    writer.close()
    with open(tmp_path / writer.closed_files[0], "rb") as fh:
        response = [r for r in ArchiveIterator(fh, check_digests="strict") if r.rec_type == "response"][0]
        stored = response.http_headers.get_header("Content-Disposition")
    assert stored.encode("latin-1") == served  # readers see the bytes as latin-1: the served bytes exactly
