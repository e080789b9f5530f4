"""Downloader middlewares for incremental runs: conditional requests, and resuming a killed run."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Response
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from ..urls import canonical
from .history import History


class ConditionalRequests:
    """Adds If-None-Match / If-Modified-Since from the last capture to report and attachment requests."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalRequests:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if not request.meta.get("conditional"):
            return
        for name, value in History.for_crawler(self.crawler).conditional_headers(request.url).items():
            request.headers.setdefault(name, value)
            self.crawler.stats.inc_value(f"harvester/conditional/{name.lower()}")

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        if response.status == 304:
            self.crawler.stats.inc_value("harvester/not_modified")
        return response


class ResumeFromArchive:
    """When resuming a killed run, pages it already archived are served from the WARC, not fetched again."""

    def __init__(self, crawler: Any, run_id: int | None, db_path: str | None, warc_dir: str) -> None:
        self.crawler, self.run_id, self.db_path, self.warc_dir = crawler, run_id, db_path, Path(warc_dir)
        self.done: dict[str, tuple[str, str, int]] | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ResumeFromArchive:
        s = crawler.settings
        run = s.getint("HARVESTER_RESUME_RUN") or None
        return cls(crawler, run, s.get("HARVESTER_DB"), s.get("HARVESTER_WARC_DIR", "archive/warcs"))

    def _load(self) -> dict[str, tuple[str, str, int]]:
        site = getattr(getattr(self.crawler.spider, "site", None), "name", None)
        conn = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True)
        try:
            rows = conn.execute(  # an error answer (5xx, 429) is never a result: those URLs are fetched again
                """SELECT url, record_id, warc_file, "offset" FROM captures WHERE run_id = ? AND site = ?
                   AND record_type IN ('response', 'revisit') AND status < 500 AND status != 429 ORDER BY fetched_at""",
                [self.run_id, site],
            ).fetchall()
        finally:
            conn.close()
        return {canonical(url): (rid, wf, off) for url, rid, wf, off in rows}

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if self.run_id is None or not self.db_path:
            return None
        if self.done is None:
            self.done = self._load()
        found = self.done.get(canonical(request.url))
        if found is None:
            return None
        record_id, warc_file, offset = found
        request.meta["archived_record_id"] = record_id
        self.crawler.stats.inc_value("harvester/resume/served_from_archive")
        return self._response(request, warc_file, offset)

    def _response(self, request: Request, warc_file: str, offset: int) -> Response:
        with open(self.warc_dir / warc_file, "rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            http = record.http_headers
            body = record.raw_stream.read()
        headers = Headers([(k, v) for k, v in http.headers])
        cls = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return cls(
            url=request.url, status=int(http.get_statuscode()), headers=headers, body=body, request=request, flags=["resumed"]
        )
