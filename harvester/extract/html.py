"""HTML report pages: decode through w3lib, main text through trafilatura, numbers from table grids."""

from __future__ import annotations

import json
import re

import trafilatura
from charset_normalizer import from_bytes
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode

from ..errors import ExtractionError
from ..parse.model import Block, Document
from .grid import cell_text, grid_rows

EXTRACTOR = f"trafilatura {trafilatura.__version__} + lxml grid"
_REPLACEMENT_LIMIT = 0.01
_DETAIL = re.compile(r"""["']?content["']?\s*:\s*("(?:[^"\\]|\\.)*")""", re.S)


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str, str | None]:
    """Text, encoding used, encoding declared. gb2312/gbk are read as gb18030 (w3lib)."""
    declared = None
    if content_type and "charset=" in content_type.lower():
        declared = content_type.lower().split("charset=")[-1].split(";")[0].strip()
    encoding, text = html_to_unicode(content_type, body)
    if text.count("\ufffd") > max(3, len(text) * _REPLACEMENT_LIMIT):
        best = from_bytes(body).best()
        if best is not None and best.encoding:
            encoding = "gb18030" if best.encoding.lower() in ("gb2312", "gbk", "gb18030") else best.encoding
            text = body.decode(encoding, errors="replace")
    return text, encoding, declared


def embedded_html(text: str) -> str | None:
    """HTML held in a JS or JSON string (gkmlpt DETAIL.content, escaped quotes, \\u003C)."""
    m = _DETAIL.search(text)
    if not m:
        return None
    try:
        inner = json.loads(m.group(1))
    except json.JSONDecodeError:
        return None
    return inner if isinstance(inner, str) and "<" in inner else None


def _metadata(root: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """(title, publisher) from a gkmlpt-style metadata table or the page headings."""
    title = publisher = None
    for td in root.iter("td", "th"):
        label = cell_text(td).replace(" ", "").rstrip(":：")
        nxt = td.getnext()
        if nxt is None:
            continue
        if label in ("发布机构", "发文机关", "发布单位") and not publisher:
            publisher = cell_text(nxt) or None
        elif label in ("标题", "名称") and not title:
            title = cell_text(nxt) or None
    if not title:
        for tag in ("h1", "h2", "title"):
            found = root.find(f".//{tag}")
            if found is not None and cell_text(found):
                title = cell_text(found)
                break
    return title, publisher


def _tables(root: lxml_html.HtmlElement) -> list[Block]:
    leaf_tables = [t for t in root.iter("table") if t.find(".//table") is None]
    blocks = []
    for i, table in enumerate(leaf_tables, start=1):
        rows = grid_rows(table, i)
        if rows:
            blocks.append(Block("table", rows=rows))
    return blocks


def _prose(text: str) -> str:
    """Main text by trafilatura; the page's text outside its tables when trafilatura finds too little."""
    extracted = trafilatura.extract(text, include_tables=False, favor_recall=True, include_comments=False, deduplicate=False)
    if extracted and len(extracted) > 200:
        return extracted
    root = lxml_html.fromstring(text)
    for table in root.iter("table"):
        table.drop_tree()
    return "\n".join(x.strip() for x in root.itertext() if x.strip())


def extract_html(body: bytes, content_type: str | None = None) -> Document:
    """A Document with the page's prose (trafilatura) and every leaf table as a grid."""
    text, used, declared = decode_html(body, content_type)
    inner = embedded_html(text) if "<table" not in text.lower() else None
    try:
        outer = lxml_html.fromstring(text)
        root = lxml_html.fromstring(inner) if inner else outer
    except (lxml_html.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"HTML could not be parsed: {exc}") from exc
    title, publisher = _metadata(root)
    if inner:  # the page around the escaped body holds the title and metadata table
        outer_title, outer_publisher = _metadata(outer)
        title, publisher = outer_title or title, outer_publisher or publisher
    source = inner or text
    blocks = _tables(root)
    prose = _prose(source)
    return Document(
        [Block("text", text=prose), *blocks],
        title_hint=title,
        publisher_hint=publisher,
        extractor=EXTRACTOR,
        encoding=used,
        declared_encoding=declared,
        path="html",
    )
