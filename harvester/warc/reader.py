"""Read WARC files: every record with its offset and length, and one record's payload by offset."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import ArchiveError


@dataclass
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


def iter_records(path: str | Path) -> Iterator[IndexedRecord]:
    """Every record of a WARC file in order, with byte offset and length of its gzip member."""
    try:
        with open(path, "rb") as fh:
            it = ArchiveIterator(fh)
            for record in it:
                h = record.rec_headers
                rec = IndexedRecord(
                    record_type=record.rec_type,
                    record_id=h.get_header("WARC-Record-ID"),
                    url=h.get_header("WARC-Target-URI") or "",
                    date=h.get_header("WARC-Date"),
                    offset=0,
                    length=0,
                    payload_digest=h.get_header("WARC-Payload-Digest"),
                    ip=h.get_header("WARC-IP-Address"),
                    concurrent_to=h.get_header("WARC-Concurrent-To"),
                    refers_to=h.get_header("WARC-Refers-To"),
                    block_digest=h.get_header("WARC-Block-Digest"),
                )
                if record.http_headers is not None and record.rec_type in ("response", "revisit"):
                    rec.status = int(record.http_headers.get_statuscode() or 0)
                    rec.content_type = record.http_headers.get_header("Content-Type")
                    rec.etag = record.http_headers.get_header("ETag")
                    rec.last_modified = record.http_headers.get_header("Last-Modified")
                    rec.profile = h.get_header("WARC-Profile")
                if record.rec_type == "warcinfo":
                    text = record.content_stream().read().decode("utf-8", "replace")
                    rec.fields = dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)
                elif record.rec_type == "metadata" and (h.get_header("Content-Type") or "").startswith("application/json"):
                    rec.fields = json.loads(record.content_stream().read().decode("utf-8"))
                it.read_to_end(record)  # offset and length are known only once the record is read
                rec.offset, rec.length = it.get_record_offset(), it.get_record_length()
                yield rec
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        raise ArchiveError(f"{path}: {exc}") from exc


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
