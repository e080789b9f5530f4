"""HTML report pages: decode through w3lib, main text through trafilatura, numbers from table grids."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain, islice

import trafilatura
from lxml import html as lxml_html

from ..errors import ExtractionError
from ..pagetext import decode_html, embedded_html
from ..parse.meta import looks_like_body
from ..parse.model import Block, Document
from . import limits
from .grid import cell_text, grid_rows, raw_text

EXTRACTOR = f"trafilatura {trafilatura.__version__} + lxml grid"
# Where CMSs keep the article body on server-rendered pages (TRS, gkmlpt, Hanweb, JEECMS, generic themes).
_CONTAINERS = (
    ".TRS_Editor",
    ".TRS_UEDITOR",
    "#zoom",
    "#zoomcon",
    ".article-content",
    ".article_content",
    "#UCAP-CONTENT",
    ".zw",
    "#content",
    ".content",
    ".article",
    ".main-content",
    ".xxgkArticle",
)
_MIN_BODY = 200
_HELD = 50_000  # element objects kept alive through one page's extraction (about 4 MB at most)
_WS = re.compile(r"[ \t\r\u00a0\u3000]+")
_WS_ALL = re.compile(r"[ \t\r\n\u00a0\u3000]+")


_RANK_BY_ID = {s[1:]: rank for rank, s in enumerate(_CONTAINERS) if s[0] == "#"}
_RANK_BY_CLASS = {s[1:]: rank for rank, s in enumerate(_CONTAINERS) if s[0] == "."}
_ATTRIBUTED = lxml_html.etree.XPath(".//*[@id or @class]")
_CLASS_SPACE = re.compile(r"[ \t\r\n]+")  # what separates class names (XML white space)


def _container(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element that holds the article body on a server-rendered page, when one of the usual ones does: the
    first selector of _CONTAINERS, in order, with an element holding enough text. The elements with an id or a
    class are read once (an XPath per selector took 2.5 ms on a real 90,000-character page)."""
    ranked: dict[int, list[lxml_html.HtmlElement]] = {}
    for node in _ATTRIBUTED(root):
        ranks = {_RANK_BY_CLASS.get(name) for name in _CLASS_SPACE.split(node.get("class") or "")}
        ranks.add(_RANK_BY_ID.get(node.get("id") or ""))
        for rank in ranks:
            if rank is not None:
                ranked.setdefault(rank, []).append(node)
    for rank in sorted(ranked):
        for node in ranked[rank]:
            if len(node.text_content().strip()) >= _MIN_BODY:
                return node
    return None


_META_LABELS = {
    "publisher": ("发布机构", "发文机关", "发布单位", "来源单位"),
    "title": ("标题", "名称", "文章标题"),
    "published": ("发布日期", "发布时间", "成文日期", "生成日期"),
}


_ALL_META_LABELS = {label for labels in _META_LABELS.values() for label in labels}
_LABEL_STARTS = frozenset(label[0] for label in _ALL_META_LABELS)


def _label_cells(root: lxml_html.HtmlElement) -> Iterator[tuple[lxml_html.HtmlElement, str]]:
    """The cells that can hold a label, with their text: short (40 characters at most, white space included) and holding a label's
    first character (libxml2's own XPath over the cells measured three times slower)."""
    for td in root.iter("td", "th"):
        raw = raw_text(td)
        if len(raw) <= 40 and not _LABEL_STARTS.isdisjoint(raw):
            yield td, raw


def _metadata(root: lxml_html.HtmlElement) -> dict[str, str]:
    """Title, publisher and date from a gkmlpt-style metadata table (label cell, value cell) or the page headings."""
    pairs: dict[str, str] = {}
    for td, raw in _label_cells(root):
        label = _WS_ALL.sub("", raw).rstrip(":：")
        if label not in _ALL_META_LABELS:
            continue
        nxt = td.getnext()
        if nxt is not None and (value := cell_text(nxt)):
            pairs.setdefault(label, value)
    found = {field: v for field, labels in _META_LABELS.items() if (v := next((pairs[x] for x in labels if x in pairs), ""))}
    found = _meta_tags(root) | found
    if "title" not in found:
        for tag in ("h1", "h2", "title"):
            node = root.find(f".//{tag}")
            if node is not None and (heading := cell_text(node)):
                found["title"] = heading
                break
    return found


# The article page's <meta> names of the national guideline for government websites (政府网站发展指引, 2017),
# which TRS and most other CMSs on government portals write: ArticleTitle, PubDate, ContentSource.
_META_TAGS = {"ArticleTitle": "title", "PubDate": "published", "ContentSource": "publisher"}


def _meta_tags(root: lxml_html.HtmlElement) -> dict[str, str]:
    """Title, date and publishing body from the page's guideline <meta> tags (a source that is not a body, such as
    本网 or a newspaper, is left out)."""
    found: dict[str, str] = {}
    for node in root.iter("meta"):
        field = _META_TAGS.get(node.get("name") or "")
        value = " ".join((node.get("content") or "").split())
        if field and value and field not in found and (field != "publisher" or looks_like_body(value)):
            found[field] = value
    return found


def _tables(root: lxml_html.HtmlElement) -> list[Block]:
    leaf_tables = [t for t in root.iter("table") if t.find(".//table") is None]
    leads = _leads(root, leaf_tables)
    blocks = []
    cells = 0
    for i, table in enumerate(leaf_tables, start=1):
        rows = grid_rows(table, i)
        cells += sum(len(r.cells) for r in rows)
        if cells > limits.MAX_DOCUMENT_CELLS:
            raise ExtractionError(f"the page's tables expand to more than {limits.MAX_DOCUMENT_CELLS} cells (limit)")
        if rows:
            blocks.append(Block("table", rows=rows, lead=leads[i - 1]))
    return blocks


_LEAD_LINES = 8  # of the text before a table: its heading, caption or a header printed as text


def _leads(root: lxml_html.HtmlElement, leaf_tables: list[lxml_html.HtmlElement]) -> list[str]:
    """For each leaf table, the last lines of text between it and the leaf table before it, in document order
    (a walk with its own stack: a page nested deeper than Python's recursion limit is read too)."""
    leaf = set(leaf_tables)
    leads: list[str] = []
    parts: list[str] = []
    stack: list[tuple[lxml_html.HtmlElement, bool]] = [(root, False)]
    while stack:
        el, done = stack.pop()
        if done:  # after the element's children: its tail follows it
            parts.append(el.tail or "")
            continue
        stack.append((el, True))
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if el in leaf:
            lines = [_WS.sub(" ", x).strip() for x in "".join(parts).split("\n")]
            leads.append("\n".join([x for x in lines if x][-_LEAD_LINES:]))
            parts = []
            continue
        parts.append("\n" if el.tag in _BLOCKS else "")
        parts.append(el.text or "")
        stack.extend((child, False) for child in reversed(el))
    return leads


_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_OWN_ROWS = lxml_html.etree.XPath("./tr | ./*/tr")


def _is_box(table: lxml_html.HtmlElement) -> bool:
    """A table of one cell: a frame drawn around text (an article pasted in a bordered cell), not a grid."""
    rows = _OWN_ROWS(table)
    return len(rows) == 1 and len(rows[0].xpath("./td | ./th")) == 1


def _unwrap_layout(root: lxml_html.HtmlElement) -> None:
    """Tables that lay text out become divs: those that hold tables (the article laid out in a table's cells) and
    those of one cell. Their text is then the article's prose and the tables inside them its grids."""
    layout = {t for t in root.iter("table") if t.find(".//table") is not None or _is_box(t)}
    if layout:
        parts = [el for el in root.iter(*_TABLE_PARTS) if next(el.iterancestors("table"), None) in layout]
        for el in [*parts, *layout]:
            el.tag = "div"


def _prose(text: str) -> str:
    """Main text by trafilatura; the page's text outside its tables when trafilatura finds too little."""
    extracted = trafilatura.extract(text, include_tables=False, favor_recall=True, include_comments=False, deduplicate=False)
    if extracted and len(extracted) > 200:
        return extracted
    return _block_text(lxml_html.fromstring(text))


_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote", "pre"}


def _block_text(root: lxml_html.HtmlElement) -> str:
    """The element's text outside its tables, a line per block element (p, div, li, br, headings…)."""
    for table in root.iter("table"):
        if table is not root:
            table.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
    lines = (_WS.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def extract_html(body: bytes, content_type: str | None = None) -> Document:
    """A Document with the page's prose (trafilatura) and the body's leaf tables as grids.

    The body is found wherever the page keeps it: a JS string (gkmlpt DETAIL.content, `var content = …`),
    else a CMS article container, else the whole page. Metadata tables feed title, publisher and date only."""
    text, used, declared = decode_html(body, content_type)
    inner = embedded_html(text)
    try:
        outer = lxml_html.fromstring(text)
        inner_root = lxml_html.fromstring(inner) if inner else None
    except (lxml_html.etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"HTML could not be parsed: {exc}") from exc
    # lxml makes a Python object for an element each time one is reached and no object for it is alive, calling
    # lxml.html's class lookup (Python) for each; the passes below reach every cell three or four times. Held here,
    # each element gets its object once (about 5% of a bed page's extraction and parse); a page's first
    # _HELD elements only, so that a huge page's objects do not all stay in memory at once.
    trees = (outer, inner_root) if inner_root is not None else (outer,)
    held = list(islice(chain.from_iterable(tree.iter() for tree in trees), _HELD))
    if inner_root is not None and len(inner_root.text_content().strip()) < _MIN_BODY and inner_root.find(".//table") is None:
        inner_root = None  # a short snippet in a script, not the body
    meta = _metadata(outer)
    if inner_root is not None:
        root, source, path = inner_root, inner or "", "html-js"
        meta = _metadata(inner_root) | meta
    else:
        box = _container(outer)
        boxed = box is not None and box.find(".//table") is not None
        root = box if boxed and box is not None else outer
        source, path = text, "html"
    # A CMS article container is the body already: its text is read directly, block by block (trafilatura,
    # 40% of the time per page, is for pages whose body must first be told apart from the furniture). That
    # reading drops the container's tables from the tree, so it comes after them; a layout table in it is none.
    in_box = path == "html" and root is not outer
    if in_box:
        _unwrap_layout(root)
    tables = _tables(root)
    prose = _block_text(root) if in_box else _prose(source)
    del held
    return Document(
        [Block("text", text=prose), *tables],
        title_hint=meta.get("title"),
        publisher_hint=meta.get("publisher"),
        published_hint=meta.get("published"),
        extractor=EXTRACTOR,
        encoding=used,
        declared_encoding=declared,
        path=path,
    )
