"""Portals the registry lacks, found in the archive: the districts, counties and departments a registered site's home
page links to (a city's <select> of 区县网站 or 部门网站, 「番禺区人民政府」, 「市教育局」), proposed as registry
entries: every agency publishes its own annual report."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from urllib.parse import urljoin, urlsplit

import lxml.html

from .cli_common import existing_database
from .config import Config, Site
from .errors import ArchiveError
from .pagetext import decode_html
from .urls import holds
from .warc.reader import read_payload

# A place with its level, and at most the words 人民政府/政府 and 门户网站/网站 after it: 「越秀区」, 「英德市人民政府」,
# 「连山壮族瑶族自治县政府网站」. Not 「市政府」 (no place), 「区委」 or 「教育局」 (not a government's portal).
_PLACE = re.compile(r"^(?P<place>[\u4e00-\u9fff]{1,15}?(?:区|县|市|旗))(?:人民政府|政府)?(?:门户网站|网站|网)?$")
# An administrative agency by the word that ends its name (「广州市教育局」, 「卫生健康委员会」, 「人民政府办公室」), and not
# the Party's, the congress' or the advisory conference's committees (no annual report under the Regulations).
_AGENCY = re.compile(r"^(?P<agency>[\u4e00-\u9fff]{1,20}?(?:局|厅|委员会|办公室|署))(?:门户网站|网站|网)?$")
_NOT_GOVERNMENT = re.compile(r"^(?:中共|中国共产党)|党|纪|人大|政协|[省市区县州]委(?!员会)")
_HOME_PATH = re.compile(r"^/?(?:(?:index|default)\.\w{3,5})?$", re.I)  # a portal's home page, not an article
_PARSER = lxml.html.HTMLParser(encoding="utf-8")
LEVEL_BELOW = {"province": "city", "city": "county"}  # the level of the portals a site's home page lists


@dataclass
class Proposal:
    """One portal linked from registered sites' home pages and held by no registered site."""

    host: str
    url: str
    title: str
    group: str
    linked_from: list[str] = field(default_factory=list)

    def entry(self) -> str:
        """The registry entry, as settings.toml holds them."""
        name = self.host.removeprefix("www.").replace(".gov.cn", "").replace(".", "-")
        return (
            f"[sites.{name}]  # linked from {', '.join(sorted(set(self.linked_from)))}\n"
            f'title = "{self.title}"\n'
            'family = "auto"  # a hint: every page is read by what it is\n'
            f'group = "{self.group}"\n'
            f'start_urls = ["{self.url}"]\n'
            f'allowed_hosts = ["{self.host}"]\n'
        )


def place_name(text: str) -> str | None:
    """The place a link's text names as a government portal (「番禺区人民政府」 → 番禺区), else None."""
    m = _PLACE.match(re.sub(r"\s+", "", text))
    return m.group("place") if m else None


def agency_name(text: str) -> str | None:
    """The administrative agency a link's text names (「市教育局」, 「发展和改革委员会网站」 → 发展和改革委员会), else None."""
    m = _AGENCY.match(re.sub(r"\s+", "", text))
    return m.group("agency") if m and not _NOT_GOVERNMENT.search(m.group("agency")) else None


def portal_links(html: str, base: str) -> Iterator[tuple[str, str, str]]:
    """(name, kind, home page URL) of each link or <option> on a page that names a government portal: a place's
    government (kind "place") or an agency ("department")."""
    try:  # bytes: a page that kept its <?xml encoding=…?> declaration is refused as a str
        tree = lxml.html.fromstring(html.encode("utf-8"), parser=_PARSER)
    except (ValueError, lxml.etree.ParserError):  # an empty page
        return
    nodes = [(a.get("href") or "", a.get("title") or a.text_content()) for a in tree.iter("a")]
    nodes += [(o.get("value") or "", o.text_content()) for o in tree.iter("option")]
    for href, text in nodes:
        url = urljoin(base, href.strip())
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or not _HOME_PATH.match(parts.path):
            continue
        place, agency = place_name(text), agency_name(text)
        if place or agency:
            yield (place, "place", url) if place else (str(agency), "department", url)


def proposals(config: Config, pages: Iterable[tuple[Site, str, str]]) -> list[Proposal]:
    """Portals linked from (site, URL, HTML) pages, on the hosts reports may live on (report_hosts, *.gov.cn by
    default), that no registered site holds; one per host, in the order first found."""
    patterns = list(config.crawl.get("report_hosts") or ["*.gov.cn"])
    registered = config.registered_hosts()
    found: dict[str, Proposal] = {}
    for site, url, html in pages:
        for name, kind, link in portal_links(html, url):
            host = (urlsplit(link).hostname or "").lower()
            if any(holds(h, host) for h in registered) or not any(fnmatch(host, p) for p in patterns):
                continue
            group = LEVEL_BELOW.get(site.group, "linked") if kind == "place" else "department"
            proposal = found.setdefault(host, Proposal(host, link, name, group))
            proposal.linked_from.append(site.name)
    return list(found.values())


def archived_home_pages(config: Config, errors: list[str] | None = None) -> Iterator[tuple[Site, str, str]]:
    """(site, URL, HTML) of the last archived home page of each registered site: its start URL, or the root of one
    of its hosts (where a start URL redirected), answered 200. A capture that cannot be read is passed over and
    said in `errors`."""
    db_path = existing_database(config)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        for site in config.sites.values():
            row = next((r for r in conn.execute(_HOMES, [site.name]) if _is_home(site, r[2])), None)
            if row is None:
                continue
            try:
                body, ctype, _ = read_payload(row[0], row[1])
            except ArchiveError as exc:
                (errors if errors is not None else []).append(f"{site.name}: {exc}")
                continue
            yield site, row[2], decode_html(body, ctype)[0]
    finally:
        conn.close()


_HOMES = """SELECT w.path, c."offset", c.url FROM captures c JOIN warc_files w ON w.name = c.warc_file
            WHERE c.site = ? AND c.status = 200 AND c.record_type = 'response'
            AND (c.url LIKE '%/' OR c.url LIKE '%/index.%' OR c.url LIKE '%/default.%' OR c.url NOT LIKE '%/%/%/%')
            ORDER BY c.fetched_at DESC"""


def _is_home(site: Site, url: str) -> bool:
    if url in site.start_urls:
        return True
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return bool(_HOME_PATH.match(parts.path)) and any(holds(h.split(":")[0], host) for h in site.allowed_hosts)
