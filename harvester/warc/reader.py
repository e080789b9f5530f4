"""Read WARC files: every record with its offset and length, and one record's payload by offset."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastwarc.warc import ArchiveIterator as FastIterator
from fastwarc.warc import HeaderMap, WarcRecord, WarcRecordType
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import ArchiveError


@dataclass(slots=True)
class IndexedRecord:
    """What the store needs of one record."""

    record_type: str
    record_id: str
    url: str
    date: str
    offset: int
    length: int
    status: int | None = None
    content_type: str | None = None
    content_length: int | None = None
    payload_digest: str | None = None
    ip: str | None = None
    concurrent_to: str | None = None
    refers_to: str | None = None
    block_digest: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    profile: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def iter_records(path: str | Path, requests: bool = False) -> Iterator[IndexedRecord]:
    """Every record the store indexes (all but requests, unless asked), in order, with the byte offset and length
    of its gzip member (FastWARC; a request record is passed over without reading its headers)."""
    try:
        size = os.path.getsize(path)
        pending: IndexedRecord | None = None
        request = WarcRecordType.request
        for record in FastIterator(str(path), parse_http=False, verify_digests=False):  # FastWARC reads the file
            if pending is not None:
                pending.length = record.stream_pos - pending.offset
                yield pending
                pending = None
            if requests or record.record_type != request:
                pending = _indexed(record)
        if pending is not None:
            pending.length = size - pending.offset
            yield pending
    except (OSError, EOFError, ValueError, UnicodeDecodeError) as exc:
        raise ArchiveError(f"{path}: {exc}") from exc


_HTTP_TYPES = ("response", "revisit")


def _indexed(record: WarcRecord) -> IndexedRecord:
    h = dict(record.headers.items())  # one conversion (faster than asdict); names as the standard spells them
    rtype = str(record.record_type)
    get = h.get
    rec = IndexedRecord(  # positional: a third cheaper than keywords, per record
        rtype,
        get("WARC-Record-ID") or "",
        get("WARC-Target-URI") or "",
        get("WARC-Date") or "",
        record.stream_pos,
        0,
        None,
        None,
        None,
        get("WARC-Payload-Digest"),
        get("WARC-IP-Address"),
        get("WARC-Concurrent-To"),
        get("WARC-Refers-To"),
        get("WARC-Block-Digest"),
    )
    if rtype in _HTTP_TYPES:
        if (get("Content-Type") or "").startswith("application/http"):
            record.parse_http()
        http = record.http_headers
        if http is not None:
            rec.status = int(http.status_code or 0)
            rec.content_type, rec.etag, rec.last_modified = _http_fields(http)
            rec.profile = get("WARC-Profile")
    elif rtype == "warcinfo":
        text = record.reader.read().decode("utf-8", "replace")
        rec.fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
    elif rtype == "metadata" and (get("Content-Type") or "").startswith("application/json"):
        rec.fields = json.loads(record.reader.read().decode("utf-8"))  # the str parser is the faster one
    return rec


def _http_fields(http: HeaderMap) -> tuple[str | None, str | None, str | None]:
    """Content-Type, ETag and Last-Modified (the last of each, names in any case) from one pass over the headers:
    each get() of FastWARC's map scans and decodes every header."""
    ctype = etag = modified = None
    for name, value in http.astuples():
        name = name.lower()
        if name == "content-type":
            ctype = value
        elif name == "etag":
            etag = value
        elif name == "last-modified":
            modified = value
    return ctype, etag, modified


def read_payload(path: str | Path, offset: int) -> tuple[bytes, str | None, str]:
    """(body with transfer- and content-encoding removed, Content-Type, target URI) of one record."""
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            ctype = record.http_headers.get_header("Content-Type") if record.http_headers else None
            return record.content_stream().read(), ctype, record.rec_headers.get_header("WARC-Target-URI")
    except (StopIteration, ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"{path}@{offset}: {exc}") from exc
