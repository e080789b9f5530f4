"""Title, publishing agency, covered year and template of a report."""

from __future__ import annotations

import re

from . import spec
from .cells import nfkc

_TITLE = re.compile(r"(政府)?信息公开(工作)?(年度)?(报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_AGENCY_PREAMBLE = re.compile(r"(?:现向社会公布|现公布|特向社会公布|现予公布|公布)(.{2,40}?)(?:19|20)\d{2}年(?:度)?政府信息公开")
_ORG_SUFFIX = re.compile(
    r"(人民政府|办公室|办公厅|委员会|局|厅|署|院|馆|中心|室|所|会|部|处|政府|区|县|市|镇|街道办事处|管理处)(（[^）]*）)?$"
)
_DATE_LINE = re.compile(r"^(19|20)\d{2}年\d{1,2}月\d{1,2}日$")
_MAX_TITLE = 60
_WS = re.compile(r"[\s\u00a0\u3000]+")


def squash(text: str) -> str:
    """Text as printed with white space removed (titles and agencies keep full-width forms)."""
    return _WS.sub("", text)


def find_title(lines: list[str], hint: str | None = None) -> str | None:
    """The report heading: the first short line naming an information-disclosure annual report."""
    candidates = ([hint] if hint else []) + lines[:40]
    for line in candidates:
        text = nfkc(line)
        if 6 <= len(text) <= _MAX_TITLE and _TITLE.search(text) and ("年度报告" in text or "年报" in text or "报告" in text):
            if not text.startswith(("根据", "本报告", "现")):
                return squash(line)
    return None


def find_year(title: str | None, text: str) -> int | None:
    """The year the report covers: from the title, else the statistics period, else the preamble."""
    if title:
        m = _YEAR.search(title)
        if m:
            return int(m.group(1))
    flat = nfkc(text[:3000])
    m = re.search(r"统计期限[^。]{0,10}?((?:19|20)\d{2})年1月1日", flat) or re.search(
        r"((?:19|20)\d{2})年(?:度)?政府信息公开工作年度报告", flat
    )
    return int(m.group(1)) if m else None


def find_agency(title: str | None, lines: list[str], publisher_hint: str | None = None) -> str | None:
    """The publishing body: title prefix, then the preamble, the 发布机构 metadata, the signature."""
    if title:
        m = _YEAR.search(title)
        prefix = title[: m.start()] if m else ""
        prefix = re.sub(r"关于$", "", prefix)
        if len(prefix) >= 2:
            return prefix
    flat = squash("".join(lines[:60]))
    m = _AGENCY_PREAMBLE.search(flat)
    if m and len(m.group(1)) >= 2:
        return m.group(1)
    if publisher_hint:
        return squash(publisher_hint)
    tail = [squash(x) for x in lines[-15:] if squash(x)]
    for i, line in enumerate(tail):
        if _DATE_LINE.match(line) and i > 0 and _ORG_SUFFIX.search(tail[i - 1]) and len(tail[i - 1]) <= 40:
            return tail[i - 1]
    return None


def expected_template(year: int | None) -> str:
    if year is None:
        return "unknown"
    if year < 2019:
        return "pre2019"
    return "2019" if year <= 2020 else "2021"


def label_template(text: str) -> str | None:
    """The template the table labels show, or None when they show neither or both."""
    flat = nfkc(text)
    has21 = sum(1 for m in spec.TEMPLATE_2021_MARKERS if nfkc(m) in flat)
    has19 = sum(1 for m in spec.TEMPLATE_2019_MARKERS if nfkc(m) in flat)
    if has21 and not has19:
        return "2021"
    if has19 and not has21:
        return "2019"
    if has19 and has21:
        return "2021" if has21 > has19 else "2019" if has19 > has21 else None
    return None


def decide_template(year: int | None, text: str) -> tuple[str, list[str]]:
    """Template from the year, confirmed (or overridden, with a warning) by the labels."""
    expected = expected_template(year)
    seen = label_template(text)
    if seen is None or expected == seen:
        return expected, []
    if expected == "unknown":
        return seen, [f"template: year unknown; labels show the {seen} format"]
    if expected == "pre2019":  # a report on 2008–2018 has no national tables, whatever words it uses
        return expected, [f"template: covered year {year} is before the national format; labels resembling {seen} ignored"]
    return seen, [f"template: year {year} implies {expected} but the table labels show the {seen} format"]
