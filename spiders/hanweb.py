"""Hanweb JCMS lists (大汉): records held in a `<datastore>` script, further ranges posted to dataproxy.jsp."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape as html_unescape
from urllib.parse import parse_qsl

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
_NEXT = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S)
_HREF = re.compile(r"""<a\b[^>]*?href\s*=\s*["']([^"']+)["'][^>]*>(.*?)</a>""", re.S | re.I)
_TITLE_ATTR = re.compile(r"""title\s*=\s*["']([^"']+)["']""", re.I)
_TAGS = re.compile(r"<[^>]+>")
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
_PROXY = re.compile(r"""(?:href=["']|proxyUrl\s*:\s*["'])([^"']*dataproxy\.jsp[^"']*)""")
_PER_PAGE = re.compile(r"perPage\s*:\s*['\"]?(\d+)")


def records(text: str) -> Iterator[tuple[str, str]]:
    """(href, title) of each link in the page's datastore records (a record's title attribute, else its text)."""
    for record in _RECORD.findall(text):
        for href, inner in _HREF.findall(record):
            attr = _TITLE_ATTR.search(record)
            yield href.strip(), attr.group(1) if attr else _TAGS.sub("", inner).strip()


def next_groups(text: str) -> Iterator[str]:
    """The hrefs of the datastore's next group links."""
    for block in _NEXT.findall(text):
        for href, _ in _HREF.findall(block):
            yield href.strip()


def proxy_ranges(text: str) -> Iterator[tuple[str, dict[str, str]]]:
    """(relative URL, form) of each dataproxy.jsp range holding the records past those in the page: the jpage
    script asks for three pages' worth at a time."""
    total, proxy = _TOTAL.search(text), _PROXY.search(text)
    if not total or not proxy:
        return
    shown = len(_RECORD.findall(text))
    per = _PER_PAGE.search(text)
    step = 3 * int(per.group(1)) if per else 45
    base, _, query = html_unescape(proxy.group(1)).partition("?")
    form = {k: v for k, v in parse_qsl(query) if k != "page"} | {"col": "1"}
    last = int(total.group(1))
    for start in range(shown + 1, last + 1, step):
        end = min(start + step - 1, last)
        yield f"{base}?startrecord={start}&endrecord={end}&perpage={step // 3}", form
