"""Rotating WARC/1.1 writer: one gzip member per record, `.open` while written, crash recovery."""

from __future__ import annotations

import json
import os
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urldefrag

from warcio.statusandheaders import StatusAndHeaders

from ..errors import ArchiveError, DiskError
from .records import PreparedRecord, WarcBuilder, member, new_record_id, utc_now, warc_date

OPEN_SUFFIX = ".open"
DEFAULT_MAX_SIZE = 1_000_000_000
Headers = list[tuple[str, str]]


PROFILE_IDENTICAL = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
PROFILE_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


@dataclass(frozen=True)
class Revisit:
    """Write a revisit instead of a full response: which profile, and the original it refers to."""

    profile: str
    refers_to: str
    refers_to_uri: str
    refers_to_date: str
    payload_digest: str | None


@dataclass(frozen=True)
class RecordLocation:
    """Where a record landed: file name (closed form), byte offset, byte length, record id."""

    warc_file: str
    offset: int
    length: int
    record_id: str
    date: str = ""


class RotatingWarcWriter:
    """Writes records to `<prefix>-<timestamp>-<serial>-<host>.warc.gz`, rolling over by size."""

    def __init__(
        self,
        directory: str | Path,
        prefix: str,
        info: dict[str, str] | None = None,
        max_size: int = DEFAULT_MAX_SIZE,
        id_factory: Callable[[], str] = new_record_id,
        clock: Callable[[], datetime] = utc_now,
        hostname: str | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.prefix = prefix
        self.info = info or {}
        self.max_size = max_size
        self.id_factory = id_factory
        self.clock = clock
        self.hostname = (hostname or socket.gethostname()).replace("-", "_")
        self.serial = 0
        self.closed_files: list[str] = []
        self._fh: BinaryIO | None = None
        self._name: str | None = None
        self._writer: WarcBuilder | None = None

    # -- files ----------------------------------------------------------------------------
    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        stamp = self.clock().strftime("%Y%m%d%H%M%S%f")[:17]
        self._name = f"{self.prefix}-{stamp}-{self.serial:05d}-{self.hostname}.warc.gz"
        try:  # unbuffered: each record goes out in one write, and a failed one is cut off whole
            self._fh = open(self.directory / (self._name + OPEN_SUFFIX), "xb", buffering=0)
        except OSError as exc:
            raise DiskError(f"cannot create a WARC file in {self.directory}: {exc.strerror or exc}") from exc
        self._writer = WarcBuilder(BytesIO(), gzip=False, warc_version="1.1")
        payload = "".join(f"{k}: {v}\r\n" for k, v in self.info.items()).encode()
        record = self._writer.create_warc_record(  # no Target-URI on warcinfo (WARC 1.1 §6.2); the file is named
            "",
            "warcinfo",
            payload=BytesIO(payload),
            length=len(payload),
            warc_content_type="application/warc-fields",
            warc_headers_dict=self._base_headers() | {"WARC-Filename": self._name},
        )
        self._append(member(self._writer, record))

    def _append(self, member: bytes) -> int:
        """Write one gzip member at the end of the open file in one piece; returns its offset."""
        assert self._fh is not None
        offset = self._fh.tell()
        data = memoryview(member)
        try:
            while data:
                written = self._fh.write(data)
                data = data[written or 0 :]
        except OSError as exc:  # disk full, file-size limit, read-only: keep the file whole up to this record
            self._abandon(offset)
            raise DiskError(f"cannot write to {self.directory}: {exc.strerror or exc}") from exc
        return offset

    def _base_headers(self, date: str | None = None) -> dict[str, str]:
        return {"WARC-Record-ID": self.id_factory(), "WARC-Date": date or warc_date(self.clock())}

    def _abandon(self, good: int) -> None:
        """After a failed write: cut the partial record off and close the file as it was before it."""
        assert self._fh is not None
        assert self._name is not None
        path = self.directory / (self._name + OPEN_SUFFIX)
        try:
            self._fh.truncate(good)
            if good == 0:  # not even its warcinfo: no file at all
                self._fh.close()
                path.unlink()
                self._fh = self._writer = self._name = None
                return
            self.close()
        except OSError:  # recover() on the next run cuts it instead
            self._fh = self._writer = self._name = None

    def close(self) -> None:
        """Close the current file and drop its `.open` suffix."""
        if self._fh is None or self._name is None:
            return
        self._fh.close()
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        self.closed_files.append(self._name)
        self._fh = self._writer = self._name = None

    def _write(self, record) -> RecordLocation:  # type: ignore[no-untyped-def]
        """Serialise and gzip a warcio record, then append it."""
        if self._fh is None:
            self._open()
        assert self._writer is not None
        h = record.rec_headers
        built = member(self._writer, record)
        digest = h.get_header("WARC-Block-Digest") or ""
        return self.append(PreparedRecord(built, h.get_header("WARC-Record-ID"), h.get_header("WARC-Date"), digest))

    # -- records --------------------------------------------------------------------------
    def write_exchange(
        self,
        url: str,
        request_line: str,
        request_headers: Headers,
        status_line: str,
        response_headers: Headers,
        body: bytes,
        ip: str | None = None,
        protocol: str = "HTTP/1.1",
        revisit: Revisit | None = None,
        digest: str | None = None,
    ) -> tuple[RecordLocation, RecordLocation]:
        """A response (or a revisit of an earlier one) and its request, sharing one WARC-Date,
        linked by WARC-Concurrent-To. A URL's #fragment is never sent, so it is not recorded."""
        url = urldefrag(url)[0]
        if self._fh is None:
            self._open()
        assert self._writer is not None
        date = warc_date(self.clock())
        resp_headers = self._base_headers(date)
        if ip:
            resp_headers["WARC-IP-Address"] = ip
        http = StatusAndHeaders(status_line, response_headers, protocol=protocol)
        if revisit is None:
            if digest:  # the caller's payload digest of this body: warcio then computes only the block digest
                resp_headers["WARC-Payload-Digest"] = digest
            response = self._writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=resp_headers
            )
        else:
            resp_headers |= {
                "WARC-Profile": revisit.profile,
                "WARC-Refers-To": revisit.refers_to,
                "WARC-Refers-To-Target-URI": revisit.refers_to_uri,
                "WARC-Refers-To-Date": revisit.refers_to_date,
            }
            if revisit.payload_digest:
                resp_headers["WARC-Payload-Digest"] = revisit.payload_digest
            if revisit.profile == PROFILE_IDENTICAL:  # the block keeps the HTTP headers, the payload is left out
                resp_headers["WARC-Truncated"] = "length"
            response = self._writer.create_warc_record(url, "revisit", http_headers=http, warc_headers_dict=resp_headers)
        req_headers = self._base_headers(date)
        req_headers["WARC-Concurrent-To"] = resp_headers["WARC-Record-ID"]
        if ip:
            req_headers["WARC-IP-Address"] = ip
        req_http = StatusAndHeaders(request_line, request_headers, is_http_request=True)
        request = self._writer.create_warc_record(
            url, "request", payload=BytesIO(b""), length=0, http_headers=req_http, warc_headers_dict=req_headers
        )
        return self._write(response), self._write(request)

    def _plain_record(
        self, url: str, rec_type: str, payload: bytes, content_type: str, headers: dict[str, str]
    ) -> RecordLocation:
        """A non-HTTP record: it has no HTTP payload, so only a block digest."""
        if self._fh is None:
            self._open()
        assert self._writer is not None
        record = self._writer.create_warc_record(
            url,
            rec_type,
            payload=BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict=headers,
        )
        return self._write(record)

    def write_metadata(self, url: str, concurrent_to: str | None, fields: dict[str, object]) -> RecordLocation:
        """A metadata record (JSON) about a capture: what the crawler decided about it."""
        url = urldefrag(url)[0]
        fields = {k: urldefrag(v)[0] if k in ("url", "parent") and isinstance(v, str) else v for k, v in fields.items()}
        headers = self._base_headers()
        if concurrent_to:
            headers["WARC-Concurrent-To"] = concurrent_to
        payload = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        return self._plain_record(url, "metadata", payload, "application/json", headers)

    def append(self, prepared: PreparedRecord) -> RecordLocation:
        """Append a built record (this writer's own, or a conversion_record from a worker); rolls over by size."""
        if self._fh is None:
            self._open()
        assert self._fh is not None and self._name is not None
        name = self._name
        offset = self._append(prepared.member)
        location = RecordLocation(name, offset, self._fh.tell() - offset, prepared.record_id, prepared.date)
        if self._fh.tell() >= self.max_size:
            self.close()
        return location


def recover(directory: str | Path) -> list[str]:
    """Close `.open` files left by a crash: keep complete gzip members, drop a partial tail."""
    recovered = []
    for path in sorted(Path(directory).glob(f"*.warc.gz{OPEN_SUFFIX}")):
        good = complete_members_end(path.read_bytes())
        if good == 0:
            path.unlink()
            continue
        with open(path, "r+b") as fh:
            fh.truncate(good)
        final = path.with_name(path.name[: -len(OPEN_SUFFIX)])
        os.replace(path, final)
        recovered.append(final.name)
    return recovered


def complete_members_end(data: bytes) -> int:
    """Byte offset just past the last complete gzip member that holds a whole WARC record."""
    pos = end = 0
    while pos < len(data):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        try:
            content = inflater.decompress(data[pos:])
        except zlib.error:
            break
        if not inflater.eof or not _whole_record(content):
            break
        pos = len(data) - len(inflater.unused_data)
        end = pos
    return end


def _whole_record(content: bytes) -> bool:
    head, sep, rest = content.partition(b"\r\n\r\n")
    if not sep or not head.startswith(b"WARC/"):
        return False
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            try:
                return len(rest) >= int(line.split(b":", 1)[1])
            except ValueError as exc:
                raise ArchiveError(f"bad Content-Length in {line!r}") from exc
    return False
