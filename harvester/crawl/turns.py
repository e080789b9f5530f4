"""One request at a time per host across every worker of a Redis frontier: host turns kept in Redis, on its clock."""

from __future__ import annotations

import time
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro
from scrapy_redis.connection import get_redis_from_settings

from .pacing import PacedDownloader
from .workers import worker_key

# A host's turn, on the Redis server's clock: granted (0) when no request to the host is in flight anywhere and its
# next allowed time has come; else the seconds to wait before asking again. The turn names the heartbeat of the
# worker holding it (ARGV[1]): a worker killed with a request in flight gives the host back once its heartbeat
# lapses (frontier.HEARTBEAT_TTL), not after the download timeout (the turn's own expiry, a backstop). The
# heartbeat key is read from the turn's value, so the frontier needs one Redis server, not a cluster.
_TAKE_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local holder = redis.call('GET', KEYS[2])
if holder then
  if redis.call('EXISTS', holder) == 1 then return '0.01' end
  redis.call('DEL', KEYS[2])
end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < nxt then return string.format('%.6f', nxt - now) end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[1], string.format('%.6f', now + tonumber(ARGV[3])), 'EX', 86400)
return '0'
"""
# The request left the downloader (answered or failed): the host is free, its next turn a gap after now.
_END_TURN = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], string.format('%.6f', math.max(nxt, now + tonumber(ARGV[2]))), 'EX', 86400)
return 1
"""


class DistributedDownloader(PacedDownloader):
    """One request at a time per host across the whole crawl, `delay` after the last one was answered: a worker
    sends only when no other worker has a request to the host in flight and the host's next time has come. The
    gap runs from the answer, not the send, so however late a request reaches the host, the next one is a full
    delay behind it (measured at the host: never below the delay)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        s = crawler.settings
        server = get_redis_from_settings(s)
        self.take, self.end = server.register_script(_TAKE_TURN), server.register_script(_END_TURN)
        self.prefix, self.worker = s.get("HARVESTER_REDIS_PREFIX"), s.get("HARVESTER_WORKER_ID")
        self.margin = s.getfloat("HARVESTER_TURN_MARGIN", 0.005)
        self.timeout_ms = int(s.getfloat("DOWNLOAD_TIMEOUT", 60) * 1000) + 5000  # a dead worker's turn lapses
        crawler.signals.connect(self._left, signal=signals.request_left_downloader)

    def _keys(self, host: str) -> list[str]:
        return [f"{self.prefix}:host:{host}", f"{self.prefix}:inflight:{host}"]

    def _holder(self) -> str:
        """The turn's holder: this worker's heartbeat on the site (FrontierExtension beats it)."""
        spider: Any = self.crawler.spider
        return worker_key(self.prefix, self.worker, spider.site.name)

    def _gap(self, slot: Any) -> float:
        return slot.delay + self.margin if slot.delay else 0.0

    def _process_queue(self, slot: Any) -> None:
        if slot.latercall or not slot.queue or slot.free_transfer_slots() <= 0:
            return
        gap = self._gap(slot)
        if gap:
            wait = float(self.take(keys=self._keys(slot.key), args=[self._holder(), self.timeout_ms, gap]))
            if wait > 0:
                slot.latercall = call_later(wait, self._latercall, slot)
                return
        slot.lastseen = time.monotonic()
        request, queue_dfd = slot.queue.popleft()
        slot.transferring.add(request)  # at once: the slot is busy before the download coroutine starts
        _schedule_coro(self._wait_for_download(slot, request, queue_dfd))

    def _left(self, request: Request, spider: Spider) -> None:
        key = self.get_slot_key(request)
        slot = self.slots.get(key)
        if slot is not None and self._gap(slot):
            self.end(keys=self._keys(key), args=[self._holder(), self._gap(slot)])
