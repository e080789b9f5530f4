"""URL canonicalisation and crawl-trap tests (pure: no Scrapy), shared by the spiders' guards."""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

TRACKING = re.compile(r"^(utm_\w+|spm|from|source|src|share\w*|timestamp|_t|t|_|isappinstalled|nsukey|wfr|code)$", re.I)
INDEX_PAGE = re.compile(r"/(index|default)\.s?html?$", re.I)
CALENDAR = re.compile(r"(calendar|rili|date=|month=|day=|[?&]y=\d|/\d{4}-\d{2}-\d{2}/)", re.I)
MAX_SEGMENT_REPEAT = 2


@lru_cache(maxsize=16384)  # a URL is canonicalised by the fingerprinter, the history and the archiver
def canonical(url: str) -> str:
    """The URL that identifies a page: no fragment, tracking parameters or trailing index.html; sorted query."""
    parts = urlsplit(canonicalize_url(url))
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not TRACKING.match(k)])
    path = INDEX_PAGE.sub("/", parts.path) or "/"
    host = (parts.hostname or "").lower()
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    return urlunsplit((parts.scheme.lower(), host + port, path, query, ""))


def trap_reason(url: str, max_length: int = 600) -> str | None:
    """Why a URL looks like a crawl trap, or None."""
    if len(url) > max_length:
        return "url-length"
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if any(segments.count(s) > MAX_SEGMENT_REPEAT for s in set(segments)):
        return "repeated-path-segment"
    if any(a == b for a, b in zip(segments, segments[1:], strict=False) if not a.isdigit()):
        return "repeated-path-segment"
    for size in range(2, len(segments) // 2 + 1):  # a relative link that nests the path: /a/b/a/b/…
        if any(segments[i : i + size] == segments[i + size : i + 2 * size] for i in range(len(segments) - 2 * size + 1)):
            return "repeated-path-segment"
    if CALENDAR.search(parts.path + "?" + parts.query):
        return "calendar"
    return None


def twin(host: str) -> str | None:
    """The www twin of a host name: ``gz.gov.cn`` for ``www.gz.gov.cn`` and back; None for addresses."""
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    if "." not in host:
        return None
    if host.startswith("www."):
        return host[4:] if host.count(".") >= 2 else None
    return f"www.{host}"


def holds(name: str, host: str) -> bool:
    """Whether a site holding the host name `name` holds `host`: the name, its subdomains, and its www twin
    exactly (not the twin's subdomains)."""
    return host == name or host.endswith("." + name) or host == twin(name)


def host_patterns(name: str) -> list[str]:
    """The rule of `holds` as GLOB patterns, for SQL: the name, its subdomains, its twin."""
    return [name, f"*.{name}", *filter(None, [twin(name)])]
