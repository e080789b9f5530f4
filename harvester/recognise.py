"""Recognise annual-report titles (政府信息公开工作年度报告 and variants) and reject look-alikes."""

from __future__ import annotations

import re
import unicodedata

_REPORT = re.compile(
    r"((?:19|20)\d{2}|[一二〇○零]{4})\s*年(?:度)?.{0,30}?"
    r"(?:政府)?(?:信息|政务)公开(?:工作)?(?:年度)?(?:报告|年报)"
)
_CATEGORY = re.compile(r"(年报|年度报告|信息公开年报|政府信息公开工作年度报告)")
_LOOKALIKES = (
    "预算",
    "决算",
    "统计年报",
    "统计年鉴",
    "工作要点",
    "年报目录",
    "报告目录",
    "公开指南",
    "公开目录",
    "统计公报",
    "审计",
    "征求意见",
    "工作计划",
    "实施方案",
    "通知",
    "解读",
)


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def is_report_title(title: str) -> bool:
    """True for a government information-disclosure annual report title."""
    text = _norm(title)
    if not text or any(word in text for word in _LOOKALIKES):
        return False
    return bool(_REPORT.search(text))


def is_report_category(name: str) -> bool:
    """True for a catalogue category that holds annual reports (年报, 年度报告, 政府信息公开年报…)."""
    text = _norm(name)
    return bool(_CATEGORY.search(text)) and not any(word in text for word in ("统计", "预算", "决算"))


def report_year(title: str) -> int | None:
    m = re.search(r"((?:19|20)\d{2})\s*年", _norm(title))
    return int(m.group(1)) if m else None
