"""Per-host pacing: the configured delay between requests to one host, with its jitter drawn once per gap."""

from __future__ import annotations

import random
from typing import Any

from scrapy import Request
from scrapy.core.downloader import Downloader, Slot


class PacedSlot(Slot):
    """A downloader slot that keeps one host on a schedule: request k is due at start + k × delay, give or
    take its own jitter.

    Scrapy's slot draws a new random delay each time its queue is looked at (a request enqueued, a
    response done, a timer fired), so a wait that found a long draw is followed by another draw and the
    mean gap lands above the delay (0.246 s measured for 0.2 s); and the draws add up, so a host's
    finish drifts by their sum. Here each request gets one draw, taken around its slot on the schedule:
    gaps still range over delay × (1 ± jitter), their mean is the delay, and no drift accumulates. A host
    that fell behind (nothing queued for it) starts a new schedule from its next request."""

    def __init__(self, concurrency: int, delay: float, jitter: float | None = None) -> None:
        super().__init__(concurrency, delay, jitter)
        self._sent_at: float | None = None  # lastseen when the schedule last moved
        self._nominal = 0.0  # the schedule's time of the last request sent
        self._offset = 0.0  # the jitter drawn for the next request
        self.key = ""  # the downloader's key of this slot (the host)

    def download_delay(self) -> float:
        if not self.delay:
            return 0.0
        if self._sent_at != self.lastseen:  # a request went out since the last look: move the schedule
            late = self.lastseen - (self._nominal + self.delay)
            self._nominal = (
                self.lastseen if self._sent_at is None or late > self.delay * self.jitter / 2 else self._nominal + self.delay
            )
            self._sent_at = self.lastseen
            self._offset = random.uniform(-self.jitter / 2, self.jitter / 2) * self.delay  # noqa: S311 (pacing, not crypto)
        floor = self.delay * (1 - self.jitter)  # never closer than Scrapy's own shortest gap
        return max(floor, self._nominal + self.delay + self._offset - self.lastseen)


class PacedDownloader(Downloader):
    """Scrapy's downloader with PacedSlot slots (DOWNLOADER setting)."""

    def _get_slot(self, request: Request, spider: Any = None) -> tuple[str, Slot]:
        key, slot = super()._get_slot(request)
        if type(slot) is Slot:
            paced = PacedSlot(slot.concurrency, slot.delay, slot.jitter)
            paced.key = key
            self.slots[key] = paced
            return key, paced
        return key, slot
