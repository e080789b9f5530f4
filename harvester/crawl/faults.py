"""Every failed fetch on record: its kind (reset, truncated, timeout, too large, decompression bomb, DNS, TLS,
refused), per URL, as a WARC metadata record that the index turns into a `fetch_errors` row."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure

fetch_failed = object()  # signal: (request, kind, error) — the archiver records it

_KINDS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, net.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, net.ConnectionRefusedError), "refused"),
    ((DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError), "timeout"),
    ((ResponseDataLossError,), "truncated"),
    ((net.ConnectionLost, net.ConnectionDone, ConnectionResetError, net.ConnectionAborted), "reset"),
)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and what it wraps (Twisted's ResponseFailed and ResponseNeverReceived carry reasons)."""
    yield exc
    for reason in getattr(exc, "reasons", None) or []:
        inner = reason.value if isinstance(reason, Failure) else reason
        if isinstance(inner, BaseException):
            yield from _causes(inner)
    if exc.__cause__ is not None:
        yield from _causes(exc.__cause__)


def classify(exc: BaseException) -> str:
    """The fault kind of a failed fetch."""
    text = str(exc).lower()
    if isinstance(exc, IgnoreRequest) and ("decompress" in text or "download_maxsize" in text or "max size" in text):
        return "decompression-bomb"
    if isinstance(exc, DownloadCancelledError) or "maxsize" in text or "max size" in text:
        return "too-large"
    for cause in _causes(exc):
        for types, kind in _KINDS:
            if isinstance(cause, types):
                return kind
        name = type(cause).__module__ + "." + type(cause).__name__
        if "ssl" in name.lower() or "tls" in name.lower() or "certificate" in str(cause).lower():
            return "tls"
    return "other"


class FaultErrbacks:
    """Spider middleware: every request the spider makes without an errback gets the spider's fault recorder."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> FaultErrbacks:
        return cls(crawler)

    # The spider is the crawler's: Scrapy 2.19 deprecates a `spider` argument to these methods and warns of it
    # at every start-up.
    def _with_errback(self, item: Any) -> Any:
        recorder = getattr(self.crawler.spider, "on_fetch_error", None)
        if isinstance(item, Request) and item.errback is None and recorder is not None:
            return item.replace(errback=recorder)
        return item

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in start:
            yield self._with_errback(item)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        for item in result:
            yield self._with_errback(item)

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item in result:
            yield self._with_errback(item)


def report_failure(spider: Spider, failure: Failure) -> None:
    """A spider's errback: HTTP error answers are captures already; every other fault is recorded."""
    if failure.check(HttpError):
        return
    request = getattr(failure, "request", None)
    if request is None or failure.value is None:
        return
    kind = classify(failure.value)
    if failure.check(IgnoreRequest) and kind != "decompression-bomb":
        return  # a decision (robots, a blocked host, a trap), counted where it is made
    message = f"{type(failure.value).__name__}: {failure.getErrorMessage()}"[:300]
    spider.crawler.stats.inc_value(f"harvester/fetch_errors/{kind}")
    spider.logger.warning("fetch failed (%s): %s — %s", kind, request.url, message)
    spider.crawler.signals.send_catch_log(fetch_failed, request=request, kind=kind, error=message, spider=spider)
