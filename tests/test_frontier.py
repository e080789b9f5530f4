"""The shared frontier's steps, each whole or not at all, so that a worker killed at any moment loses nothing: the
pages a callback links are queued before its request's lease ends, a request is marked seen and queued in one
step, and a dead worker's leases go back to the queue with their priorities, by one reaper."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import redis
import scrapy
from scrapy.http import HtmlResponse, Request
from scrapy.utils.asyncio import _parallel_asyncio
from scrapy.utils.test import get_crawler

from harvester.crawl.frontier import FrontierExtension, LeasingScheduler, ReleaseLeases, redis_settings
from harvester.crawl.workers import keys, lease_keys


class SiteSpider(scrapy.Spider):
    name = "frontier-test"
    site = SimpleNamespace(name="s1")


def test_the_pages_a_callback_links_are_queued_before_its_lease_ends() -> None:
    """Scrapy handles a callback's output beside its iteration, CONCURRENT_ITEMS at a time from a queue twice as
    long: requests still in that queue when the iteration ended were not on the frontier when the lease was
    released, and a worker killed then lost them (a city's report column, in CI)."""
    events: list[tuple[str, str]] = []
    frontier = object.__new__(FrontierExtension)
    frontier.server = SimpleNamespace(hdel=lambda key, lease: events.append(("released", lease)))  # type: ignore[assignment]
    frontier.own_leases = "leases:w1"
    engine = SimpleNamespace(crawl=lambda request: events.append(("queued", request.url)))
    crawler = SimpleNamespace(engine=engine, extensions=SimpleNamespace(middlewares=[frontier]), signals=None)
    middleware = ReleaseLeases.__new__(ReleaseLeases)
    middleware.crawler, middleware.items, middleware.ended = crawler, {}, set()
    page = Request("http://a.gov.cn/zwgk/", meta={"lease": "f1"})
    response = HtmlResponse(page.url, body=b"<html></html>", request=page)

    async def callback() -> Any:
        for i in range(20):
            yield Request(f"http://a.gov.cn/zwgk/ndbg/index_{i}.html")

    async def scraper_handles(out: Any, response: Any) -> None:  # Scraper._process_spidermw_output_async
        if isinstance(out, Request):
            crawler.engine.crawl(out)

    async def run() -> None:
        await _parallel_asyncio(middleware.process_spider_output(response, callback()), 4, scraper_handles, response)

    asyncio.run(run())
    assert [kind for kind, _ in events] == ["queued"] * 20 + ["released"]
    assert events[-1] == ("released", "f1")


def _worker(url: str, prefix: str, name: str) -> tuple[Any, LeasingScheduler, FrontierExtension]:
    """One worker's scheduler and frontier extension on a real Redis, as a crawler builds them."""
    crawler = get_crawler(SiteSpider, redis_settings(url, prefix, name))
    spider = SiteSpider()
    crawler.spider = spider
    scheduler = LeasingScheduler.from_crawler(crawler)
    scheduler.open(spider)
    crawler.engine = SimpleNamespace(_slot=SimpleNamespace(scheduler=scheduler))
    frontier = FrontierExtension(crawler)
    frontier.site, frontier.own_leases = "s1", f"{keys(prefix, 's1')['leases']}:{name}"
    return crawler, scheduler, frontier


def test_a_request_is_marked_seen_and_queued_in_one_step(redis_url: str) -> None:
    prefix = "harvester:test-enqueue"
    _, scheduler, _ = _worker(redis_url, prefix, "w1")
    server = redis.Redis.from_url(redis_url)
    k = keys(prefix, "s1")
    assert scheduler.enqueue_request(Request("http://a.gov.cn/zwgk/", priority=3))
    assert not scheduler.enqueue_request(Request("http://a.gov.cn/zwgk/"))  # seen: not queued twice
    assert scheduler.enqueue_request(Request("http://a.gov.cn/zwgk/", dont_filter=True))  # not filtered
    assert server.scard(k["seen"]) == 1 and server.zcard(k["queue"]) == 2
    assert [score for _, score in server.zrange(k["queue"], 0, -1, withscores=True)] == [-3.0, 0.0]
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def test_a_dead_workers_leases_go_back_with_their_priority_once(redis_url: str) -> None:
    prefix = "harvester:test-reap"
    server = redis.Redis.from_url(redis_url)
    _, dead, _ = _worker(redis_url, prefix, "dead")
    for url, priority in (("http://a.gov.cn/zwgk/ndbg/", 5), ("http://a.gov.cn/zwgk/", 0), ("http://a.gov.cn/", -1)):
        dead.enqueue_request(Request(url, priority=priority))
    taken = [dead.next_request(), dead.next_request()]
    assert [r.url for r in taken if r] == ["http://a.gov.cn/zwgk/ndbg/", "http://a.gov.cn/zwgk/"]
    assert [len(server.hgetall(k)) for k in lease_keys(server, prefix, "s1")] == [2]
    _, alive, frontier = _worker(redis_url, prefix, "alive")
    _, _, other = _worker(redis_url, prefix, "other")
    assert frontier.busy_elsewhere()
    assert frontier.reap() == 2 and other.reap() == 0  # one reaper moves them
    assert list(lease_keys(server, prefix, "s1")) == [] and not frontier.busy_elsewhere()
    again = [alive.next_request() for _ in range(4)]
    assert [(r.url, r.priority) for r in again if r] == [
        ("http://a.gov.cn/zwgk/ndbg/", 5),
        ("http://a.gov.cn/zwgk/", 0),
        ("http://a.gov.cn/", -1),
    ]
    assert again[-1] is None
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)


def test_a_dead_workers_host_turn_is_free_once_its_heartbeat_lapses(redis_url: str) -> None:
    """A worker killed with a request in flight held the host's turn until the download timeout (65 s in the
    kill test); the turn names the holder's heartbeat, and is free once it lapses."""
    from harvester.crawl.turns import _TAKE_TURN
    from harvester.crawl.workers import worker_key

    server = redis.Redis.from_url(redis_url)
    take = server.register_script(_TAKE_TURN)
    prefix = "harvester:test-turn"
    turn = [f"{prefix}:host:a.gov.cn", f"{prefix}:inflight:a.gov.cn"]
    dead, alive = worker_key(prefix, "dead", "s1"), worker_key(prefix, "alive", "s1")
    server.set(dead, "1", ex=6)
    server.set(alive, "1", ex=6)
    assert float(take(keys=turn, args=[dead, 65_000, 0.0])) == 0  # granted: its request is in flight
    assert float(take(keys=turn, args=[alive, 65_000, 0.0])) > 0  # one request to the host at a time
    server.delete(dead)  # killed: its heartbeat lapses
    assert float(take(keys=turn, args=[alive, 65_000, 0.0])) == 0
    assert server.get(turn[1]) == alive.encode()
    for key in server.scan_iter(match=f"{prefix}:*"):
        server.delete(key)
