"""A crawl shared by many workers on a Redis frontier (scrapy-redis): per-site queues and duplicate filters, and
leases that send a dead worker's requests back to the queue (the per-host turns every worker takes: turns.py)."""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import call_later
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from .runner import plain_stats
from .workers import keys, lease_keys, worker_key

HEARTBEAT_SECONDS = 2.0
HEARTBEAT_TTL = 6  # a worker silent this long is dead: its leases go back to the queue, its host turns are free
IDLE_POLL_SECONDS = 0.2  # how soon an idle worker looks at the shared queue again
# Take the first request of a priority queue and lease it to a worker, atomically. The lease keeps the request's
# score before it (`<score>\n<request>`), so that a reaper puts it back as it was, without decoding it.
_TAKE = """
local found = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREM', KEYS[1], found[1])
redis.call('HSET', KEYS[2], redis.sha1hex(found[1]), found[2] .. '\\n' .. found[1])
return found[1]
"""
# A dead worker's leases back to the queue and its lease hash gone, in one step: of two reapers one moves them,
# and a reaper killed midway has moved all or none.
_REAP = """
local leases = redis.call('HVALS', KEYS[1])
for _, lease in ipairs(leases) do
  local cut = string.find(lease, '\\n', 1, true)
  redis.call('ZADD', KEYS[2], tonumber(string.sub(lease, 1, cut - 1)), string.sub(lease, cut + 1))
end
redis.call('DEL', KEYS[1])
return #leases
"""
# A request into the queue unless the duplicate filter has seen it (ARGV[1] empty: not filtered), in one step:
# scrapy-redis marks it seen, then queues it, and a worker killed in between lost it.
_ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""


class SiteDupeFilter(RFPDupeFilter):
    """scrapy-redis' duplicate filter with the project's canonical request fingerprints."""

    fingerprinter: Any = None

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class LeasingScheduler(Scheduler):
    """scrapy-redis' scheduler on per-site keys; every request taken is leased to this worker until done."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> LeasingScheduler:
        instance = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def open(self, spider: Spider) -> None:
        s = self.crawler.settings
        self.prefix, self.worker = s.get("HARVESTER_REDIS_PREFIX"), s.get("HARVESTER_WORKER_ID")
        k = keys(self.prefix, spider.site.name)  # type: ignore[attr-defined]
        self.queue_key, self.lease_key = k["queue"], f"{k['leases']}:{self.worker}"  # see lease_keys
        df = SiteDupeFilter(self.server, key=k["seen"], debug=False)
        df.fingerprinter = self.crawler.request_fingerprinter
        self.df = df
        super().open(spider)
        self.take, self.put = self.server.register_script(_TAKE), self.server.register_script(_ENQUEUE)

    def enqueue_request(self, request: Request) -> bool:
        """Into the shared queue unless seen before: marked seen and queued in one step (a Lua script)."""
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        data = self.queue._encode_request(request)
        if not self.put(keys=[self.df.key, self.queue.key], args=[fingerprint, -request.priority, data]):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """The next request, taken from the queue and leased to this worker in one step (a Lua script): there is
        no moment when a request is neither queued nor leased, so no worker sees the crawl done too early."""
        data = self.take(keys=[self.queue.key, self.lease_key])
        if not data:
            return None
        request = self.queue._decode_request(data)
        request.meta["lease"] = hashlib.sha1(data).hexdigest()
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class FrontierExtension:
    """Heartbeat, lease release and reaping, staying open while any worker still holds work, merged stats."""

    def __init__(self, crawler: Any) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.server = get_redis_from_settings(s)
        self.prefix, self.worker = s.get("HARVESTER_REDIS_PREFIX"), s.get("HARVESTER_WORKER_ID")
        self.site = ""
        self.own_leases = ""  # this worker's lease hash for the site
        self.beat: Any = None
        self.reap_script = self.server.register_script(_REAP)

    @classmethod
    def from_crawler(cls, crawler: Any) -> FrontierExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        self.site = spider.site.name  # type: ignore[attr-defined]
        self.own_leases = f"{keys(self.prefix, self.site)['leases']}:{self.worker}"
        self._heartbeat()

    def _heartbeat(self) -> None:
        self.server.set(worker_key(self.prefix, self.worker, self.site), str(time.time()), ex=HEARTBEAT_TTL)
        self.beat = call_later(HEARTBEAT_SECONDS, self._heartbeat)

    def release(self, request: Request) -> None:
        fp = request.meta.get("lease")
        if fp:
            self.server.hdel(self.own_leases, fp)

    def reap(self) -> int:
        """Send the leases of dead workers back to this site's queue; returns how many."""
        moved = 0
        queue = self.crawler.engine._slot.scheduler.queue.key
        for key in lease_keys(self.server, self.prefix, self.site):
            worker = key.rsplit(":", 1)[-1]
            if worker != self.worker and not self.server.exists(worker_key(self.prefix, worker, self.site)):
                moved += int(self.reap_script(keys=[key, queue]))
        if moved:
            self.crawler.stats.inc_value("harvester/frontier/requeued", moved)
        return moved

    def busy_elsewhere(self) -> bool:
        """Whether any other worker (alive, or dead and not yet reaped) holds leases of this site: its requests
        may yield more work, or come back to the queue."""
        held = lease_keys(self.server, self.prefix, self.site)
        return any(not key.endswith(f":{self.worker}") and self.server.hlen(key) for key in held)

    def spider_idle(self, spider: Spider) -> None:
        self.reap()
        if self.busy_elsewhere():  # look at the shared queue again soon, not at Scrapy's 5 s heartbeat
            self.crawler.engine._slot.nextcall.schedule(IDLE_POLL_SECONDS)
            raise DontCloseSpider

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.beat is not None:
            self.beat.cancel()
        if reason == "finished":
            self.server.delete(self.own_leases)
        stats = plain_stats(self.crawler.stats.get_stats())
        self.server.hset(f"{self.prefix}:stats", f"{self.site}|{self.worker}", json.dumps(stats, default=str))
        self.server.delete(worker_key(self.prefix, self.worker, self.site))


class ReleaseLeases:
    """Spider middleware: a request's lease ends once its callback's output has all been handled and each item
    it yielded is through the pipelines (the archiver writes an item's metadata record then). Scrapy handles a
    callback's output beside its iteration (queued, CONCURRENT_ITEMS at a time), so a lease released at its end
    could leave a worker killed a moment later with the request done on the frontier and its report never
    recorded, or the pages it linked never queued: items are counted until through, and each request is put on
    the frontier here, as it is yielded."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.items: dict[str, int] = {}  # lease -> items of its response still in the pipelines
        self.ended: set[str] = set()  # leases whose callback output has all been handled

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReleaseLeases:
        mw = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(mw.item_done, signal=signal)
        return mw

    async def process_spider_output(self, response: Any, result: Any) -> Any:
        lease = response.request.meta.get("lease") if response.request is not None else None
        async for out in result:
            if isinstance(out, Request):
                self.crawler.engine.crawl(out)  # what Scrapy's scraper would do, a moment later
                continue
            if lease:
                self.items[lease] = self.items.get(lease, 0) + 1
            yield out
        if lease:
            self.ended.add(lease)
            self._release_if_done(lease, response.request)

    def item_done(self, response: Any) -> None:
        request = getattr(response, "request", None)
        if request is None:
            return
        lease = request.meta.get("lease")
        if lease and lease in self.items:
            self.items[lease] -= 1
            self._release_if_done(lease, request)

    def _release_if_done(self, lease: str, request: Request) -> None:
        if lease not in self.ended or self.items.get(lease, 0) > 0:
            return
        self.ended.discard(lease)
        self.items.pop(lease, None)
        frontier = next((e for e in self.crawler.extensions.middlewares if isinstance(e, FrontierExtension)), None)
        if frontier is not None:
            frontier.release(request)


def redis_settings(url: str, prefix: str, worker: str) -> dict[str, Any]:
    """The Scrapy settings that put a crawler on the shared frontier."""
    from .scrapy_settings import EXTENSIONS, SPIDER_MIDDLEWARES

    return {
        "REDIS_URL": url,
        "SCHEDULER": "harvester.crawl.frontier.LeasingScheduler",
        "DUPEFILTER_CLASS": "harvester.crawl.frontier.SiteDupeFilter",
        "SCHEDULER_DUPEFILTER_CLASS": "harvester.crawl.frontier.SiteDupeFilter",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",  # LeasingScheduler takes from it by script
        "SCHEDULER_PERSIST": True,  # the queue and the filter belong to the crawl, not to one worker
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "DOWNLOADER": "harvester.crawl.turns.DistributedDownloader",
        "DOWNLOAD_DELAY_JITTER": 0,
        # a worker takes from the queue only what it can send next (one in flight, one waiting for its turn):
        # taking more would hoard requests that idle workers could send
        "CONCURRENT_REQUESTS": 2,
        "EXTENSIONS": {**EXTENSIONS, "harvester.crawl.frontier.FrontierExtension": 90},
        "SPIDER_MIDDLEWARES": {**SPIDER_MIDDLEWARES, "harvester.crawl.frontier.ReleaseLeases": 10},
        "HARVESTER_REDIS_PREFIX": prefix,
        "HARVESTER_WORKER_ID": worker,
    }
