"""Title, publishing agency, covered year and template of a report."""

from __future__ import annotations

import re
import unicodedata

from . import spec
from .cells import nfkc

_YEAR_FORM = r"(?:19|20)\d{2}|[一二][〇○零一二三四五六七八九]{3}"  # 2024, or 二〇二四 / 二○二四 / 二零二四
_TITLE = re.compile(rf"(政府)?信息公开(工作)?(?:{_YEAR_FORM})?(年度)?(报告|年报)")  # …信息公开工作2024年度报告 too
_YEAR = re.compile(rf"({_YEAR_FORM})年")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_GENERIC_TITLE = re.compile(r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)(?:全文)?")
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


_FURNITURE = re.compile(r"^(?:[#*>\s]+|(?:标题|名称|题目|文章标题)\s*[:：]\s*|【[^】]{0,8}】)+")
_SITE_SUFFIX = re.compile(r"\s*(?:_|｜|\||\s-\s|——)\s*")
_MAX_WRAPPED = 30
_TITLE_BAD = re.compile(r"[《》。；]|^(?:根据|本报告|现|按照|依据)")


def clean_heading(text: str) -> str:
    """A heading without page and markdown furniture (#, **, 标题:, 【…】) and white space."""
    return squash(_FURNITURE.sub("", text.strip()).strip("*# "))


def looks_like_body(text: str) -> bool:
    """A name that ends as a public body's does (…局, …办公室, …人民政府), not 本网 or a newspaper's."""
    return 2 < len(text) <= 40 and bool(_ORG_SUFFIX.search(text))


def year_value(text: str) -> int:
    """A year as printed, in digits or in Chinese numerals (二〇二四)."""
    return int(text.translate(_CN_DIGITS))


def _title_like(text: str) -> bool:
    """Names an annual report, and more than the bare name a column of such reports bears (政府信息公开年报)."""
    flat = nfkc(text)
    return (
        6 <= len(flat) <= _MAX_TITLE
        and bool(_TITLE.search(flat))
        and flat.endswith(("报告", "年报", "报告全文", "年度报告书"))
        and not _TITLE_BAD.search(flat)
        and not _GENERIC_TITLE.fullmatch(flat)
    )


def _wrapped(first: str, second: str) -> bool:
    """A heading wrapped over two lines: 「平潭县人民政府」「2013年政府信息公开工作年度报告」."""
    if not first or len(first) > _MAX_WRAPPED or re.search(r"[:：>»/]|位置|首页", first) or not _title_like(first + second):
        return False
    return bool(_YEAR.match(second) or _YEAR.search(first) or "信息公开" in first)


def find_title(lines: list[str], hint: str | None = None) -> str | None:
    """The report heading: a short line (or two lines of a wrapped heading) naming an annual report."""
    for part in _SITE_SUFFIX.split(hint or ""):  # <title> is often 报告标题_栏目_网站
        if _title_like(clean_heading(part)):
            return clean_heading(part)
    head = [clean_heading(x) for x in lines[:40]]
    for i, line in enumerate(head):
        if _title_like(line):
            return line
        if i + 1 < len(head) and _wrapped(line, head[i + 1]):
            return line + head[i + 1]
    for line in ([hint] if hint else []) + lines[:40]:  # a looser heading: names the report without ending on it
        text = nfkc(line)
        if 6 <= len(text) <= _MAX_TITLE and _TITLE.search(text) and "报告" in text and not _TITLE_BAD.search(text):
            return clean_heading(line)
    return None


def find_year(title: str | None, text: str) -> int | None:
    """The year the report covers: from the title, else the statistics period, else the preamble."""
    if title:
        m = _YEAR.search(title)
        if m:
            return year_value(m.group(1))
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
        prefix = re.sub(r"(?:(?:政府)?信息公开(?:工作)?)?$", "", prefix)  # 某局政府信息公开工作2024年度报告
        prefix = re.sub(r"关于$", "", clean_heading(prefix))
        if len(prefix) >= 2:
            return prefix
        after = re.sub(r"^度", "", title[m.end() :]) if m else ""  # 2025年上海市人民政府办公厅政府信息公开工作年度报告
        cut = after.find("政府信息公开")
        if cut >= 2:
            return after[:cut]
    flat = squash("".join(lines[:60]))
    m = _AGENCY_PREAMBLE.search(flat)
    if m and len(m.group(1)) >= 2:
        return m.group(1)
    if publisher_hint and clean_heading(publisher_hint):
        return clean_heading(publisher_hint)
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


_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")
_GOVERNMENT = re.compile(r"(人民政府|管委会|管理委员会|实验区|新区|[省市县区旗州])$")


# A labelled date in the page's header lines: 「发布日期：2020-01-31」, 「发布日期:2025-03-31 浏览次数:-」,
# 「时间 : 2025-01-22 14:27:50 来源 : 本网」.
# The label opens the line or a field of it (not 「统计时间：2024年1月1日至…」).
_LABELLED_DATE = re.compile(r"(?:^|(?<=[\s|】]))(?:发布|发文|成文)?(?:日期|时间)\s*[:：]\s*" + _DATE.pattern)
_HEADER_LINES = 12
_HEADER_CHARS = 160


def find_published(hint: str | None, lines: list[str]) -> str | None:
    """The publish date: page metadata (发布时间), else a labelled date among the header lines, else the date
    under the signature at the end."""
    # Spaces kept (they part fields); a line's head only: a flattened page's body is one long line.
    header = [unicodedata.normalize("NFKC", x[:_HEADER_CHARS]).strip() for x in lines[:_HEADER_LINES]]
    ending = [t for t in (nfkc(squash(x)) for x in reversed(lines[-8:])) if _DATE_LINE.match(t)]
    found = (
        (_DATE.search(nfkc(hint)) if hint else None)
        or next((m for m in map(_LABELLED_DATE.search, header) if m), None)
        or next((m for m in map(_DATE.search, ending) if m), None)
    )
    return f"{found.group(1)}-{int(found.group(2)):02d}-{int(found.group(3)):02d}" if found else None


def find_scope(agency: str | None, text: str) -> str | None:
    """辖区汇总 for a government's report on its whole area, 本机关 for an agency's own."""
    if not agency:
        return None
    if _GOVERNMENT.search(agency) or re.search(r"全(?:省|市|县|区)各级行政机关|辖区内各", text[:6000]):
        return "辖区汇总"
    return "本机关"
