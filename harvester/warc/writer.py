"""Rotating WARC/1.1 writer: one gzip member per record, `.open` while written, crash recovery."""

from __future__ import annotations

import json
import os
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urldefrag

from ..errors import ArchiveError, DiskError
from .records import PreparedRecord, build, new_record_id, payload_digest, utc_now, warc_date

OPEN_SUFFIX = ".open"
DEFAULT_MAX_SIZE = 1_000_000_000


HTTP_RESPONSE = "application/http; msgtype=response"
HTTP_REQUEST = "application/http; msgtype=request"
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
        self._size = 0  # bytes in the open file

    # -- files ----------------------------------------------------------------------------
    def _open(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.serial += 1
        stamp = self.clock().strftime("%Y%m%d%H%M%S%f")[:17]
        self._name = f"{self.prefix}-{stamp}-{self.serial:05d}-{self.hostname}.warc.gz"
        try:  # unbuffered: each record goes out in one write, and a failed one is cut off whole
            self._fh = open(self.directory / (self._name + OPEN_SUFFIX), "xb", buffering=0)
            self._size = 0
        except OSError as exc:
            raise DiskError(f"cannot create a WARC file in {self.directory}: {exc.strerror or exc}") from exc
        payload = "".join(f"{k}: {v}\r\n" for k, v in self.info.items()).encode()
        fields = [("WARC-Filename", self._name)]  # no Target-URI on warcinfo (WARC 1.1 §6.2); the file is named
        record_id, date = self.id_factory(), warc_date(self.clock())
        self._append(build("warcinfo", record_id, date, None, fields, "application/warc-fields", payload).member)

    def _append(self, member: bytes) -> int:
        """Write gzip members (one or several, joined) at the end of the open file in one piece; returns the
        offset. The file's size is counted here, not asked of the system (a syscall for each record)."""
        assert self._fh is not None
        offset = self._size
        data = memoryview(member)
        try:
            while data:
                written = self._fh.write(data)
                data = data[written or 0 :]
        except OSError as exc:  # disk full, file-size limit, read-only: keep the file whole up to this record
            self._abandon(offset)
            raise DiskError(f"cannot write to {self.directory}: {exc.strerror or exc}") from exc
        self._size += len(member)
        return offset

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
                self._fh = self._name = None
                return
            self.close()
        except OSError:  # recover() on the next run cuts it instead
            self._fh = self._name = None

    def close(self) -> None:
        """Close the current file and drop its `.open` suffix."""
        if self._fh is None or self._name is None:
            return
        self._fh.close()
        os.replace(self.directory / (self._name + OPEN_SUFFIX), self.directory / self._name)
        self.closed_files.append(self._name)
        self._fh = self._name = None

    # -- records --------------------------------------------------------------------------
    def write_exchange(
        self,
        url: str,
        request_head: bytes,
        response_head: bytes,
        body: bytes,
        ip: str | None = None,
        revisit: Revisit | None = None,
        digest: str | None = None,
    ) -> tuple[RecordLocation, RecordLocation]:
        """A response (or a revisit of an earlier one) and its request, sharing one WARC-Date, linked by
        WARC-Concurrent-To. The heads are HTTP message heads as sent and received (records.http_head). A URL's
        #fragment is never sent, so it is not recorded."""
        url = urldefrag(url)[0]
        if self._fh is None:  # the file's warcinfo first: its id and date come before the records'
            self._open()
        date = warc_date(self.clock())
        response_id = self.id_factory()
        fields = [("WARC-IP-Address", ip)] if ip else []
        if revisit is None:
            fields.append(("WARC-Payload-Digest", digest or payload_digest(body)))
            response = build("response", response_id, date, url, fields, HTTP_RESPONSE, response_head, body)
        else:
            fields += [
                ("WARC-Profile", revisit.profile),
                ("WARC-Refers-To", revisit.refers_to),
                ("WARC-Refers-To-Target-URI", revisit.refers_to_uri),
                ("WARC-Refers-To-Date", revisit.refers_to_date),
            ]
            if revisit.payload_digest:
                fields.append(("WARC-Payload-Digest", revisit.payload_digest))
            if revisit.profile == PROFILE_IDENTICAL:  # the block keeps the HTTP headers, the payload is left out
                fields.append(("WARC-Truncated", "length"))
            response = build("revisit", response_id, date, url, fields, HTTP_RESPONSE, response_head)
        fields = [("WARC-Concurrent-To", response_id)] + ([("WARC-IP-Address", ip)] if ip else [])
        request = build("request", self.id_factory(), date, url, fields, HTTP_REQUEST, request_head)
        response_at, request_at = self.append_all([response, request])
        return response_at, request_at

    def write_metadata(self, url: str, concurrent_to: str | None, fields: dict[str, object]) -> RecordLocation:
        """A metadata record (JSON) about a capture: what the crawler decided about it."""
        url = urldefrag(url)[0]
        fields = {k: urldefrag(v)[0] if k in ("url", "parent") and isinstance(v, str) else v for k, v in fields.items()}
        payload = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode()
        if self._fh is None:
            self._open()
        extra = [("WARC-Concurrent-To", concurrent_to)] if concurrent_to else []
        record = build("metadata", self.id_factory(), warc_date(self.clock()), url, extra, "application/json", payload)
        return self.append(record)

    def append(self, prepared: PreparedRecord) -> RecordLocation:
        """Append a built record (this writer's own, or a conversion_record from a worker); rolls over by size."""
        return self.append_all([prepared])[0]

    def append_all(self, records: list[PreparedRecord]) -> list[RecordLocation]:
        """Append records together, in one write (a response and its request); rolls over by size after them."""
        if self._fh is None:
            self._open()
        assert self._fh is not None and self._name is not None
        offset = self._append(b"".join(r.member for r in records) if len(records) > 1 else records[0].member)
        locations = []
        for record in records:
            locations.append(RecordLocation(self._name, offset, len(record.member), record.record_id, record.date))
            offset += len(record.member)
        if self._size >= self.max_size:
            self.close()
        return locations


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
