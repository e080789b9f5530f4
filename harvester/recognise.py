"""Recognise annual-report titles (政府信息公开工作年度报告 and variants) by what the title is, and reject look-alikes."""

from __future__ import annotations

import re
import unicodedata

_REPORT = re.compile(
    r"((?:19|20)\d{2}|[一二〇○零]{4})\s*年(?:度)?.{0,30}?"
    r"(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)(?:书)?"
)
_CATEGORY = re.compile(r"(年报|年度报告|信息公开年报|政府信息公开工作年度报告)")
# What a title is, not which words it holds: the report name must be the title's head (an agency may stand
# before it, a site suffix after _ or |), not a graphic, a reading, a notice or a draft about it, and the
# words between the year and 信息公开 must not make it another kind of report (预算, 统计, 法治政府…).
_DECOY = re.compile(r"(图解|一图|图说|图读|解读|读懂|视频|动漫|问答|H5|关于印发|关于公布|转发|目录|指南)")
_OTHER_KIND = re.compile(r"(预算|决算|统计|财政|采购|审计工作|资金|项目|网站工作|法治|工作要点|要点)")
# What may follow the name: a form or version (（PDF版）, 【全文】) and the date a list prints beside it, inside the
# link or run on (「…年度报告2024-02-21」, 「[2024-02-21]」), at most two of them.
_TAIL_PART = (
    r"[(（【\[]?(?:全文|正文|更正版|修订版|附件|附表|(?:PDF|pdf|Word|word|WORD|文字|图片|扫描|电子|网页)版?|扫描件|下载|"
    r"\d{4}年\d{1,2}月\d{1,2}日|\d{4}[-./]\d{1,2}[-./]\d{1,2})?[)）】\]]?"
)
_ALLOWED_TAIL = re.compile(rf"^(?:{_TAIL_PART}){{0,2}}$")
# 「政府信息公开工作年度报告（2023年）」: the year after the name, in brackets
_REPORT_YEAR_AFTER = re.compile(
    r"(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)[(（]((?:19|20)\d{2})\s*年(?:度)?[)）]"
)
# a list's link cut short: 「广州市荔湾区人民政府2023年政府信息公开工作年度...」 (the page's own title is read when fetched)
_CUT_SHORT = re.compile(r"((?:19|20)\d{2})\s*年(?:度)?.{0,30}?(?:政府)?(?:信息|政务)公开[^。，,]{0,8}?(?:\.{2,}|…+)$")
_SITE_PARTS = re.compile(r"\s*(?:_|\||｜|\s-\s|——)\s*")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _one_title(text: str) -> bool:
    m = _REPORT.search(text) or _REPORT_YEAR_AFTER.search(text)
    if not m:
        cut = _CUT_SHORT.search(text)
        return cut is not None and not _DECOY.search(text) and not _OTHER_KIND.search(cut.group(0))
    head, body, tail = text[: m.start()], m.group(0), text[m.end() :]
    if _DECOY.search(head) or _DECOY.search(body) or _OTHER_KIND.search(body):
        return False
    return bool(_ALLOWED_TAIL.match(tail))


def is_report_title(title: str) -> bool:
    """True for a government information-disclosure annual report title (a page or site suffix may follow)."""
    raw = unicodedata.normalize("NFKC", title or "")
    return any(_one_title(_norm(part)) for part in _SITE_PARTS.split(raw) if part.strip())


def is_report_category(name: str) -> bool:
    """True for a catalogue category that holds annual reports (年报, 年度报告, 政府信息公开年报…)."""
    text = _norm(name)
    return bool(_CATEGORY.search(text)) and not any(word in text for word in ("统计", "预算", "决算"))


def report_year(title: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", _norm(title))
    return int(m.group(1)) if m else None
