"""Building WARC records apart from any file: ids, dates, digests, gzip members, conversion records."""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from urllib.parse import urldefrag

from isal import isal_zlib
from warcio.warcwriter import WARCWriter

# ISA-L's level 2: on report pages a third of zlib's level-6 CPU in a crawl (compression was half of what
# archiving cost), for HTML records about 6 % larger; attachments (PDF, DOCX) are compressed already.
GZIP_LEVEL = 2


def new_record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def utc_now() -> datetime:
    return datetime.now(UTC)


def payload_digest(body: bytes) -> str:
    """The WARC payload digest of a body (sha1, base32), as warcio writes it."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def gzip_member(data: bytes | memoryview) -> bytes:
    """One gzip member of `data` (ordinary gzip: any reader inflates it)."""
    gz = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS + 16)
    return gz.compress(data) + gz.flush()


def warc_date(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class WarcBuilder(WARCWriter):
    """warcio's writer, with no payload digest on records that carry no HTTP payload."""

    NO_PAYLOAD_DIGEST_TYPES = ("warcinfo", "revisit", "metadata", "conversion")


def member(writer: WARCWriter, record) -> bytes:  # type: ignore[no-untyped-def]
    """The record serialised by warcio and gzipped as one member."""
    buf = BytesIO()
    writer.out = buf
    writer.write_record(record)  # uncompressed: the member is gzipped here in one call (gzip_member)
    return gzip_member(buf.getbuffer())


@dataclass(frozen=True)
class PreparedRecord:
    """A record built and compressed away from the file it goes to (in a processing worker): append it."""

    member: bytes
    record_id: str
    date: str
    block_digest: str


def conversion_record(
    url: str,
    refers_to: str,
    text: str,
    content_type: str = "text/plain; charset=utf-8",
    record_id: str | None = None,
    date: str | None = None,
) -> PreparedRecord:
    """A conversion record: text derived from a response, with WARC-Refers-To pointing at it."""
    payload = text.encode("utf-8")
    digest = payload_digest(payload)  # the block is the payload: the same digest
    headers = {
        "WARC-Record-ID": record_id or new_record_id(),
        "WARC-Date": date or warc_date(utc_now()),
        "WARC-Refers-To": refers_to,
        "WARC-Block-Digest": digest,
    }
    writer = WarcBuilder(BytesIO(), gzip=False, warc_version="1.1")
    record = writer.create_warc_record(
        urldefrag(url)[0],
        "conversion",
        payload=BytesIO(payload),
        length=len(payload),
        warc_content_type=content_type,
        warc_headers_dict=headers,
    )
    return PreparedRecord(member(writer, record), headers["WARC-Record-ID"], headers["WARC-Date"], digest)
