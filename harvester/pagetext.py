"""A page's text as the crawl and the extraction both read it: bytes decoded, the body a script holds.

Light on purpose: the crawl imports it for every report page, and the extraction stack (trafilatura and its
dependencies) would stall a crawl's event loop for a fifth of a second on its first report page."""

from __future__ import annotations

import json
import re

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
    found = [v for m in _JS_BODY.finditer(text) if (v := _js_string(m.group(1))) and "<" in v]
    return max(found, key=len) if found else None
