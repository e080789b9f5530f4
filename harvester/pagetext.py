"""A page's text as the crawl and the extraction both read it: bytes decoded, the body a script holds.

Light on purpose: the crawl imports it for every report page, and the extraction stack (trafilatura and its
dependencies) would stall a crawl's event loop for a fifth of a second on its first report page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from w3lib.encoding import html_to_unicode

_REPLACEMENT_LIMIT = 0.01
_JS_BODY = re.compile(
    r"""(?:["']?content["']?\s*:|(?:\b(?:var|let|const)\s+|\.)\w*content\w*\s*=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""",
    re.S | re.I,
)
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_JS_SIMPLE = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str, str | None]:
    """Text, encoding used, encoding declared. gb2312/gbk are read as gb18030 (w3lib)."""
    declared = None
    if content_type and "charset=" in content_type.lower():
        declared = content_type.lower().split("charset=")[-1].split(";")[0].strip()
    encoding, text = html_to_unicode(content_type, body)
    if text.count("\ufffd") > max(3, len(text) * _REPLACEMENT_LIMIT):
        from charset_normalizer import from_bytes  # only for pages whose declared encoding is wrong

        best = from_bytes(body).best()
        if best is not None and best.encoding:
            encoding = "gb18030" if best.encoding.lower() in ("gb2312", "gbk", "gb18030") else best.encoding
            text = body.decode(encoding, errors="replace")
    return text, encoding, declared


def _js_string(literal: str) -> str | None:
    """The value of a JS string literal (double or single quoted, JSON or JS escapes)."""
    if literal.startswith('"'):
        try:
            value = json.loads(literal)
            return value if isinstance(value, str) else None
        except json.JSONDecodeError:
            pass

    def unescape(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "ux" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _JS_SIMPLE.get(code, code)

    return _JS_ESCAPE.sub(unescape, literal[1:-1])


def embedded_html(text: str) -> str | None:
    """The longest HTML body held in a JS string: gkmlpt DETAIL.content, `var content = "…"`, `x.content = '…'`."""
    found = [v for m in _js_bodies(text) if (v := _js_string(m.group(1))) and "<" in v]
    return max(found, key=len) if found else None


def _js_bodies(text: str) -> Iterator[re.Match[str]]:
    """The matches _JS_BODY.finditer gives, tried only where one can start: the pattern has no literal prefix, so
    re tries its alternatives at every character (5.7 ms on an 89,000-character page), while "content" is found
    by a literal scan and each of the pattern's forms can start at one of a few places before it."""
    lowered = text.lower()
    if len(lowered) != len(text):  # İ lowers to two characters: the positions would shift
        yield from _JS_BODY.finditer(text)
        return
    end = 0
    for start in _js_body_starts(text, lowered):
        if start >= end and (m := _JS_BODY.match(text, start)):
            end = m.end()
            yield m


def _js_body_starts(text: str, lowered: str) -> list[int]:
    """Sorted places where _JS_BODY can match: at "content" or the quote before it; at the "." before the word
    holding it; at var/let/const before the white space before that word."""
    starts: set[int] = set()
    last, last_word = -1, -1
    i = lowered.find("content")
    while i >= 0:
        starts.update((i - 1, i))
        word = i
        while word > 0 and (text[word - 1].isalnum() or text[word - 1] == "_"):  # what \w matches
            word -= 1
            if word == last:  # the same word as the last "content": its start is known (no quadratic walk)
                word = last_word
                break
        space = word
        while space > 0 and text[space - 1].isspace():  # what \s matches
            space -= 1
        starts.update((word - 1, space - 3, space - 5) if space < word else (word - 1,))
        last, last_word = i, word
        i = lowered.find("content", i + 1)
    return sorted(x for x in starts if x >= 0)
