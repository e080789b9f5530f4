"""Scrapy components that keep a crawl polite and bounded: fingerprints, traps, blocks, Retry-After."""

from __future__ import annotations

import email.utils
import hashlib
import re
import time
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from ..urls import canonical, trap_reason

page_blocked = object()  # signal: (response, spider, reason) when a host answers with a challenge or wall

CHALLENGE_STATUS = (412, 521)
CHALLENGE_MARKERS = re.compile(
    rb"__jsl_clearance|_waf_|acw_sc__|document\.cookie\s*=.{0,200}location|captcha|\xe9\xaa\x8c\xe8\xaf\x81\xe7\xa0\x81"  # 验证码
    rb"|\xe8\xaf\xb7\xe5\x85\x88\xe7\x99\xbb\xe5\xbd\x95|\xe8\xaf\xb7\xe7\x99\xbb\xe5\xbd\x95",  # 请先登录 请登录
    re.I | re.S,
)


class CanonicalFingerprinter:
    """Request fingerprints over the canonical URL, so duplicate links are fetched once."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> CanonicalFingerprinter:
        return cls()

    def fingerprint(self, request: Request) -> bytes:
        return hashlib.sha1(f"{request.method} {canonical(request.url)}".encode()).digest()


class TrapGuard:
    """Downloader middleware: drops requests that look like crawl traps (counted per reason)."""

    def __init__(self, stats: Any, max_length: int) -> None:
        self.stats, self.max_length = stats, max_length

    @classmethod
    def from_crawler(cls, crawler: Any) -> TrapGuard:
        return cls(crawler.stats, crawler.settings.getint("URLLENGTH_LIMIT", 600))

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        reason = trap_reason(request.url, self.max_length)
        if reason:
            self.stats.inc_value(f"harvester/trap/{reason}")
            raise IgnoreRequest(f"crawl trap ({reason}): {request.url}")


def blocked_reason(response: Response) -> str | None:
    """A JavaScript challenge, CAPTCHA or login wall instead of content."""
    if response.status in CHALLENGE_STATUS:
        return f"http-{response.status}-challenge"
    if response.status == 200 and len(response.body) < 20_000 and CHALLENGE_MARKERS.search(response.body):
        return "challenge-or-login-page"
    return None


class BlockGuard:
    """Downloader middleware: a blocked host is recorded and backed off; its pages never reach the spider."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.blocked: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> BlockGuard:
        return cls(crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlsplit(request.url).hostname or ""
        if host in self.blocked:
            self.crawler.stats.inc_value("harvester/blocked/skipped_requests")
            raise IgnoreRequest(f"host {host} is blocked ({self.blocked[host]})")

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Response:
        reason = blocked_reason(response)
        if reason is None:
            return response
        host = urlsplit(response.url).hostname or ""
        if host not in self.blocked:
            self.blocked[host] = reason
            self.crawler.stats.set_value(f"harvester/blocked_hosts/{host}", reason)
            self.crawler.signals.send_catch_log(page_blocked, response=response, spider=self.crawler.spider, reason=reason)
        raise IgnoreRequest(f"blocked: {reason} at {response.url}")


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that honours Retry-After on 429/503 by slowing the host's download slot."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_retry_after = settings.getfloat("HARVESTER_MAX_RETRY_AFTER", 600)

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        mw = cls(crawler.settings)
        mw.crawler = crawler
        return mw

    def process_response(self, request: Request, response: Response, spider: Spider | None = None) -> Request | Response:
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None:
                if wait > self.max_retry_after:
                    self.crawler.stats.inc_value("harvester/retry_after/too_long")
                    return response
                self._slow_down(request, wait)
        return super().process_response(request, response)  # type: ignore[call-arg]

    def _slow_down(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = max(slot.delay, wait)
        self.crawler.stats.inc_value("harvester/retry_after/honoured")
        self.crawler.stats.max_value("harvester/retry_after/max_seconds", wait)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
