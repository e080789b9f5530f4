"""Scrapy extension: archive every exchange as WARC at response_downloaded (before decompression)."""

from __future__ import annotations

import http
import platform
import sqlite3
from pathlib import Path
from time import thread_time
from typing import Any
from urllib.parse import urldefrag, urlsplit

import scrapy
from scrapy import Request, Spider, signals
from scrapy.http import Response

from .. import __version__
from ..errors import DiskError
from ..urls import canonical
from ..warc.records import http_head, payload_digest
from ..warc.writer import PROFILE_IDENTICAL, PROFILE_NOT_MODIFIED, Revisit, RotatingWarcWriter, recover
from .faults import fetch_failed
from .guards import page_blocked
from .history import History, Seen

WARC_WRITE_FAILED = "warc_write_failed"
TRANSFORMATIONS = (
    "Bodies are stored as received, Content-Encoding intact. The HTTP client (Twisted) consumes the "
    "connection-control headers (Transfer-Encoding, Connection, Keep-Alive) and de-chunks the body, so those "
    "headers are not recorded and payload digests cover the de-chunked body; Content-Length is restated by "
    "Scrapy when the length is known. Reason phrases are the standard ones for the status code. Header names "
    "are as Scrapy normalises them (Title-Case); values are the bytes received, and every value of a repeated "
    "header is kept."
)


def _raw(headers: Any) -> Any:
    """Scrapy's headers as it keeps them (a dict of Title-Case name → list of values, all bytes): its items()
    normalises every name again, for each record."""
    return dict.items(headers)


def request_head(request: Request) -> bytes:
    """The request's HTTP head as sent (Host first if Scrapy's headers lack it: Twisted adds it)."""
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    pairs = [(name, value) for name, values in _raw(request.headers) for value in values]
    if b"Host" not in request.headers:
        pairs.insert(0, (b"Host", parts.netloc.encode("latin-1")))
    return http_head(f"{request.method} {target} HTTP/1.1", pairs)


def response_head(response: Response) -> bytes:
    """The response's HTTP head with the header bytes as received."""
    try:
        reason = http.HTTPStatus(response.status).phrase
    except ValueError:
        reason = "Unknown"
    pairs = [
        (b"X-Archive-Orig-Transfer-Encoding" if name.lower() == b"transfer-encoding" else name, value)  # never from Twisted
        for name, values in _raw(response.headers)
        for value in values
    ]
    return http_head(f"{response.protocol or 'HTTP/1.1'} {response.status} {reason}", pairs)


def _decided(db_path: str | None, run_id: int | None) -> set[tuple[str | None, str | None]]:
    """The killed run's decisions, indexed before a resume, so that none is written twice."""
    if not db_path or run_id is None or not Path(db_path).exists():
        return set()
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT capture_record_id, role FROM candidates WHERE run_id = ?", [run_id]).fetchall()
    finally:
        conn.close()
    return {(c, r) for c, r in rows}


class WarcArchiver:
    """Writes request/response pairs and the spider's decisions (metadata records) to WARC."""

    def __init__(self, directory: str, prefix: str, max_size: int, info: dict[str, str], stats: Any) -> None:
        self.directory, self.prefix, self.max_size, self.info = directory, prefix, max_size, info
        self.stats = stats
        self.writer: RotatingWarcWriter | None = None
        self.last_response: dict[str, str] = {}
        self.history = History()
        self.decided: set[tuple[str | None, str | None]] = set()  # (capture, role) already in metadata records
        self.failure: str | None = None
        self.crawler: Any = None
        self.cpu = 0.0  # seconds of CPU spent archiving (warc/cpu_s): the cost, measured where it is spent

    @classmethod
    def from_crawler(cls, crawler: Any) -> WarcArchiver:
        s = crawler.settings
        directory = s.get("HARVESTER_WARC_DIR", "archive/warcs")
        crawler.stats.inc_value("warc/recovered_files", len(recover(directory)))
        info = {
            "software": f"gov-harvester/{__version__} Scrapy/{scrapy.__version__}",  # the records are the harvester's own
            "python": platform.python_version(),
            "format": "WARC File Format 1.1",
            "robots": "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": s.get("USER_AGENT", ""),
            "run-id": str(s.get("HARVESTER_RUN_ID", "")),
            "crawl-settings": ", ".join(
                f"{k}={s.get(k)}"
                for k in ("DOWNLOAD_DELAY", "CONCURRENT_REQUESTS_PER_DOMAIN", "AUTOTHROTTLE_ENABLED", "DEPTH_LIMIT")
            ),
            "transformations": TRANSFORMATIONS,
        }
        prefix = s.get("HARVESTER_WARC_PREFIX", "govharvest")
        ext = cls(directory, prefix, s.getint("HARVESTER_WARC_MAX_SIZE", 1_000_000_000), info, crawler.stats)
        ext.history = History.for_crawler(crawler)
        ext.crawler = crawler
        ext.decided = _decided(s.get("HARVESTER_DB"), s.getint("HARVESTER_RESUME_RUN") or None)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.page_blocked, signal=page_blocked)
        crawler.signals.connect(ext.fetch_failed, signal=fetch_failed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(getattr(spider, "site", None), "name", spider.name)
        info = {**self.info, "site": site, "spider": spider.name}
        self.writer = RotatingWarcWriter(self.directory, f"{self.prefix}-{site}", info, self.max_size)

    def _failed(self, exc: Exception, spider: Spider) -> None:
        """The archive cannot be written: nothing more is fetched, and the run ends failed (never silently).
        Any error counts, not only a full disk: Scrapy would log a signal handler's exception and go on
        crawling, so that pages would be fetched and never archived."""
        if self.failure is None:
            self.failure = str(exc) if isinstance(exc, DiskError) else f"{type(exc).__name__}: {exc}"
            self.stats.set_value("harvester/warc_write_error", self.failure)
            self.crawler.engine.close_spider(spider, WARC_WRITE_FAILED)

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if self.failure is not None:
            return
        start = thread_time()
        try:
            self._archive(response, request)
        except Exception as exc:  # noqa: BLE001 - see _failed
            self._failed(exc, spider)
        self.cpu += thread_time() - start

    def _archive(self, response: Response, request: Request) -> None:
        assert self.writer is not None
        ip = str(response.ip_address) if response.ip_address else None
        digest = payload_digest(response.body)  # once per body: revisit lookup, the record and the history
        revisit = self._revisit_of(response, digest)
        heads = request_head(request), response_head(response)
        resp, _ = self.writer.write_exchange(response.url, *heads, response.body, ip, revisit, digest)
        self.last_response[urldefrag(response.url)[0]] = resp.record_id
        self.stats.inc_value("warc/records", 2)
        if revisit is not None:
            self.stats.inc_value(f"warc/revisits/{revisit.profile.rsplit('/', 1)[-1]}")
            return
        self.stats.inc_value("warc/bytes", len(response.body))
        if response.status == 200:
            etag, modified = response.headers.get(b"ETag"), response.headers.get(b"Last-Modified")
            self.history.remember(
                Seen(
                    resp.record_id,
                    response.url,
                    resp.date,
                    digest,
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                )
            )

    def _revisit_of(self, response: Response, digest: str) -> Revisit | None:
        """A 304 refers to the last capture of its URL; an unchanged body to the first capture of its digest."""
        if response.status == 304:
            seen = self.history.by_url.get(canonical(response.url))
            profile = PROFILE_NOT_MODIFIED
        elif response.status == 200 and response.body:
            seen = self.history.by_digest.get(digest)
            profile = PROFILE_IDENTICAL
        else:
            return None
        if seen is None:
            return None
        return Revisit(profile, seen.record_id, seen.url, seen.date, seen.digest)

    def item_scraped(self, item: Any, response: Response, spider: Spider) -> None:
        start = thread_time()
        self._record_item(dict(item), response, spider)
        self.cpu += thread_time() - start

    def _record_item(self, fields: dict[str, Any], response: Response, spider: Spider) -> None:
        assert self.writer is not None
        capture = self.last_response.get(urldefrag(fields["url"])[0]) or response.meta.get("archived_record_id")
        if (capture, fields.get("role")) in self.decided:  # a resumed run: the killed run already recorded this
            return
        if self.failure is not None:
            return
        try:
            self.writer.write_metadata(fields["url"], capture, fields)
        except Exception as exc:  # noqa: BLE001 - see _failed
            self._failed(exc, spider)
            return
        self.stats.inc_value(f"harvester/items/{fields.get('role', 'unknown')}")

    def page_blocked(self, response: Response, spider: Spider, reason: str) -> None:
        """Record that this host answered with a challenge or wall (the response itself is archived)."""
        assert self.writer is not None
        fields = {
            "role": "blocked",
            "reason": reason,
            "url": response.url,
            "status": response.status,
            "site": getattr(getattr(spider, "site", None), "name", spider.name),
        }
        try:
            self.writer.write_metadata(response.url, self.last_response.get(urldefrag(response.url)[0]), fields)
        except Exception as exc:  # noqa: BLE001 - see _failed
            self._failed(exc, spider)

    def fetch_failed(self, request: Request, kind: str, error: str, spider: Spider) -> None:
        """A fetch that gave no response (reset, timeout, too large…): a metadata record of the fault."""
        if self.writer is None or self.failure is not None:
            return
        site = getattr(getattr(spider, "site", None), "name", spider.name)
        fields = {"role": "fetch_error", "kind": kind, "error": error, "url": request.url, "site": site}
        try:
            self.writer.write_metadata(request.url, None, fields)
        except Exception as exc:  # noqa: BLE001 - see _failed
            self._failed(exc, spider)

    def spider_closed(self, spider: Spider) -> None:
        self.stats.set_value("warc/cpu_s", round(self.cpu, 4))
        if self.writer is None:
            return
        try:
            self.writer.close()
        except OSError as exc:
            self.stats.set_value("harvester/warc_write_error", f"closing: {exc}")
        self.stats.inc_value("warc/files", len(self.writer.closed_files))
