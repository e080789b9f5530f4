"""What a site's walk remembers besides its requests: whether it found any report link, the notice and news
columns it passed by (kept for a widened walk), the gkmlpt catalogues it read and the categories links named in
their fragments; in memory, or in Redis when workers share the crawl."""

from __future__ import annotations

import json
from typing import Any

MOST_ASIDE = 8  # columns set aside per site


class WalkState:
    """One process's walk of one site."""

    def __init__(self, most: int = MOST_ASIDE) -> None:
        self.most = most  # columns set aside at most
        self.reports = 0
        self.aside: dict[str, tuple[str, int]] = {}
        self.taken = False
        self.catalogues: dict[str, tuple[str, str]] = {}  # catalogue base (…/gkmlpt/) -> (index URL, SID)
        self.noted: dict[str, set[str]] = {}  # catalogue base -> categories links named in their fragment

    def read_catalogue(self, base: str, index_url: str, sid: str) -> tuple[str, str]:
        """Record a catalogue read (the first reading wins); its (index URL, SID)."""
        return self.catalogues.setdefault(base, (index_url, sid))

    def catalogue(self, base: str) -> tuple[str, str] | None:
        """(index URL, SID) of a catalogue read before, if any."""
        return self.catalogues.get(base)

    def note_category(self, base: str, cat_id: str) -> None:
        self.noted.setdefault(base, set()).add(cat_id)

    def noted_categories(self, base: str) -> set[str]:
        return set(self.noted.get(base, set()))

    def found_report(self) -> None:
        self.reports += 1

    def set_aside(self, key: str, url: str, hops: int) -> None:
        if len(self.aside) < self.most:
            self.aside.setdefault(key, (url, hops))

    def take_aside(self) -> list[tuple[str, int]]:
        """The columns set aside, once in the whole crawl, if no report link was found; else none."""
        if self.taken or self.reports:
            return []
        self.taken = True
        return list(self.aside.values())


class SharedWalkState(WalkState):
    """The walk of one site shared by every worker on the Redis frontier: what any of them found or passed by
    counts for all, and one of them (the first to find the crawl idle) takes the set-aside columns."""

    def __init__(self, most: int, server: Any, prefix: str, site: str) -> None:
        super().__init__(most)
        self.server = server
        base = f"{prefix}:{site}:walk"  # beside the site's queue and leases (workers.keys)
        self.k_reports, self.k_aside, self.k_taken = f"{base}:reports", f"{base}:aside", f"{base}:taken"
        self.k_catalogues, self.k_noted = f"{base}:catalogues", f"{base}:noted"

    def found_report(self) -> None:
        super().found_report()
        if self.reports == 1:  # once per worker is enough to say the site has reports
            self.server.incr(self.k_reports)

    def set_aside(self, key: str, url: str, hops: int) -> None:
        if key in self.aside or len(self.aside) >= self.most:
            return
        self.aside[key] = (url, hops)
        if self.server.hlen(self.k_aside) < self.most:
            self.server.hsetnx(self.k_aside, key, json.dumps([url, hops]))

    def take_aside(self) -> list[tuple[str, int]]:
        if self.taken or self.reports or int(self.server.get(self.k_reports) or 0):
            return []
        self.taken = True
        if not self.server.set(self.k_taken, "1", nx=True):
            return []  # another worker took them
        return [(str(url), int(hops)) for url, hops in (json.loads(v) for v in self.server.hvals(self.k_aside))]

    # A worker notes a category before it asks whether the catalogue was read; a worker reading the catalogue
    # records it before it reads the notes: of two such workers, at least one sees the other's write.
    def read_catalogue(self, base: str, index_url: str, sid: str) -> tuple[str, str]:
        self.server.hsetnx(self.k_catalogues, base, json.dumps([index_url, sid]))
        return self.catalogue(base) or (index_url, sid)

    def catalogue(self, base: str) -> tuple[str, str] | None:
        raw = self.server.hget(self.k_catalogues, base)
        if raw is None:
            return None
        index_url, sid = json.loads(raw)
        return str(index_url), str(sid)

    def note_category(self, base: str, cat_id: str) -> None:
        self.server.sadd(f"{self.k_noted}:{base}", cat_id)

    def noted_categories(self, base: str) -> set[str]:
        members = self.server.smembers(f"{self.k_noted}:{base}")
        return {m.decode() if isinstance(m, bytes) else str(m) for m in members}


def walk_state(settings: Any, site: str, most: int = MOST_ASIDE) -> WalkState:
    """The walk state for a crawler's settings: shared when the crawl runs on a Redis frontier."""
    prefix = settings.get("HARVESTER_REDIS_PREFIX")
    if not prefix:
        return WalkState(most)
    from scrapy_redis.connection import get_redis_from_settings

    return SharedWalkState(most, get_redis_from_settings(settings), prefix, site)
