"""Find the six section headings in report text and split the text into s1–s6."""

from __future__ import annotations

import functools
import re
from difflib import SequenceMatcher

from . import spec
from .cells import LABEL_CACHE, nfkc

_HEADING_NUM = re.compile(r"^(?:[一二三四五六][、.．,，]?|[1-6][、.．])\s*")
_BOILERPLATE = (
    "免责声明",
    "标签:",
    "编辑:",
    "相关文章",
    "热网推荐",
    "公开方式:",
    "扫一扫在手机打开",
    "【打印】",
    "【关闭】",
    "分享到",
)
_MAX_HEADING = 40


_CACHED_LINE = 120  # lines up to this long have their answer cached (a paragraph is asked once and not kept)


def heading_key(line: str) -> str | None:
    """The section key when the line is a section heading (numbered, or a bare official title)."""
    return _cached_heading_key(line) if len(line) <= _CACHED_LINE else _heading_key(line)


def _heading_key(line: str) -> str | None:
    text = nfkc(line)
    m = _HEADING_NUM.match(text)
    body = text[m.end() :] if m else text
    if not body:
        return None
    for key, names in spec.SECTION_HEADINGS.items():
        for name in names:
            n = nfkc(name)
            if body.startswith(n) and (m or len(body) <= len(n) + 2):
                if not m and len(text) > _MAX_HEADING:
                    continue
                return key
    return _near_heading(text[: m.end()], body) if m else None


_cached_heading_key = functools.lru_cache(maxsize=LABEL_CACHE)(_heading_key)  # pure; asked of every line and row

_NEAR = 0.9  # a title's words against a numbered line's: one character in or out of a title of ten or more


def _near_heading(number: str, body: str) -> str | None:
    """A numbered heading with a slip in its title (平潭 2022: 「四、政府信息公开行政法复议、行政诉讼情况」): the
    number names the section, and the line starts with all but about one character of one of its titles."""
    index = "一二三四五六".find(number[0]) if number[0] in "一二三四五六" else "123456".find(number[0])
    if index < 0:
        return None
    key = spec.SECTION_KEYS[index]
    for name in spec.SECTION_HEADINGS[key]:
        n = nfkc(name)
        if len(n) >= 10 and SequenceMatcher(None, body[: len(n) + 1], n).ratio() >= _NEAR:
            return key
    return None


def split_sections(text: str) -> tuple[dict[str, str], list[str]]:
    """Section texts keyed s1–s6, in order; headings must rise. Returns (sections, warnings)."""
    sections = {k: "" for k in spec.SECTION_KEYS}
    current: str | None = None
    seen: list[str] = []
    bodies: dict[str, list[str]] = {k: [] for k in spec.SECTION_KEYS}
    for line in text.splitlines():
        key = heading_key(line) if len(nfkc(line)) <= 80 else None
        if key and (not seen or spec.SECTION_KEYS.index(key) > spec.SECTION_KEYS.index(seen[-1])):
            current = key
            seen.append(key)
            inline = _inline_text(line, key)
            if inline:
                bodies[key].append(inline)
            continue
        if current:
            bodies[current].append(line.rstrip())
    for key, lines in bodies.items():
        sections[key] = "\n".join(_trim(lines)).strip()
    if seen:
        bodies_last = sections[seen[-1]]
        sections[seen[-1]] = _cut_boilerplate(bodies_last)
    missing = [k for k in spec.SECTION_KEYS if k not in seen]
    warnings = [f"sections: headings not found for {', '.join(missing)}"] if missing and seen else []
    if not seen:
        warnings.append("sections: no section headings found")
    return sections, warnings


def _inline_text(line: str, key: str) -> str:
    """Text that runs straight on after a heading on the same line."""
    text = line.strip()
    for name in sorted(spec.SECTION_HEADINGS[key], key=len, reverse=True):  # the whole heading, not a prefix of it
        idx = text.find(name)
        if idx >= 0:
            return text[idx + len(name) :].lstrip("：: ")
    return ""


def _trim(lines: list[str]) -> list[str]:
    out = [x for x in lines]
    while out and not out[-1].strip():
        out.pop()
    return out


def _cut_boilerplate(text: str) -> str:
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if any(marker in nfkc(line) for marker in _BOILERPLATE):
            return "\n".join(lines[:i]).strip()
    return text
