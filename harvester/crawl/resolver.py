"""A DNS resolver with host overrides (like curl --resolve), so the demo hosts reach 127.0.0.1."""

from __future__ import annotations

import fnmatch
from typing import Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer


class OverrideResolver(CachingThreadedResolver):
    """Answers names matching HOST_OVERRIDES patterns itself; everything else as usual."""

    overrides: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> OverrideResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.overrides = dict(crawler.settings.getdict("HOST_OVERRIDES"))
        return resolver

    def getHostByName(self, name: str, timeout: Any = ()) -> Any:  # noqa: N802 (Twisted's name)
        for pattern, address in self.overrides.items():
            if fnmatch.fnmatch(name, pattern):
                return defer.succeed(address)
        return super().getHostByName(name, timeout)
