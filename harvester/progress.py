"""Progress on a terminal (rich): bars for processing, counters for crawling; silent when stderr is not a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Advance = Callable[[int], None]


def wanted() -> bool:
    """Progress only for a person watching: stderr is a terminal and HARVESTER_PROGRESS is not 0."""
    return sys.stderr.isatty() and os.environ.get("HARVESTER_PROGRESS", "1") != "0"


def _nothing(n: int = 1) -> None:
    pass


@contextmanager
def bar(label: str, total: int | None) -> Iterator[Advance]:
    """A progress bar for `total` steps (a counter when the total is unknown); yields the advance function."""
    if not wanted():
        yield _nothing
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, transient=False) as progress:
        task = progress.add_task(label, total=total)

        def advance(n: int = 1) -> None:
            progress.advance(task, n)

        yield advance


class CrawlProgress:
    """Scrapy extension: one line per site with pages fetched and report pages found, on a terminal."""

    _progress: Any = None

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.task: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlProgress:
        from scrapy import signals
        from scrapy.exceptions import NotConfigured

        if not wanted():
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.fetched, signal=signals.response_received)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        if CrawlProgress._progress is None:
            CrawlProgress._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
            CrawlProgress._progress.start()
        self.task = CrawlProgress._progress.add_task(self._line(spider), total=None)

    def _line(self, spider: Any) -> str:
        s = self.crawler.stats
        name = getattr(getattr(spider, "site", None), "name", spider.name)
        return f"crawl {name}: {s.get_value('downloader/response_count', 0)} pages, {s.get_value('harvester/items/report', 0)} reports"

    def fetched(self, response: Any, request: Any, spider: Any) -> None:
        CrawlProgress._progress.update(self.task, description=self._line(spider))

    def closed(self, spider: Any) -> None:
        CrawlProgress._progress.update(self.task, description=self._line(spider) + " — done", total=1, completed=1)
        if all(t.finished for t in CrawlProgress._progress.tasks):
            CrawlProgress._progress.stop()
            CrawlProgress._progress = None
