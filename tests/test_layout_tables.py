"""Report pages laid out in tables (older CMS templates): the layout is not a table; its text is the report's prose."""

from __future__ import annotations

import copy

from lxml import etree
from lxml import html as lxml_html

from benchmarks.perturb import PAGES, apply, facts
from harvester.extract import extract
from harvester.parse import parse_document


def _sections(body: bytes) -> dict[str, str]:
    return parse_document(extract(body, "text/html; charset=utf-8")[1]).to_json()["sections"]


def test_an_article_laid_out_in_a_table_keeps_its_prose() -> None:
    """The real pages with their article (the CMS container's content) inside one cell of a layout table: the
    container's text was read without its tables, the layout table among them, and every section of the four
    Pingtan reports came out empty. A table holding tables is read as blocks of text: each section as published."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = lxml_html.tostring(tree, encoding="utf-8")
        body = apply(tree, "report inside a layout table")
        assert lxml_html.fromstring(body).xpath("//table//table"), page.parent.name
        sections = _sections(body)
        assert sections == _sections(published), page.parent.name
        assert len(sections["s1"]) > 700, page.parent.name
        assert facts(body) == facts(published), page.parent.name


def test_a_header_printed_above_a_grid_inside_a_layout_table_is_read_as_printed() -> None:
    """Table 二's header printed as a paragraph above its grid, its columns in another order (本年制发件数 and
    现行有效件数 swapped), all inside a layout table: the paragraph was lost with the layout table's text, the rows
    were read in the template's order and 88 and 698 changed places. Read as the same page without the layout."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        got = facts(apply(tree, "header above the grid, t2 columns swapped", "report inside a layout table"))
        assert got == facts(apply(tree, "header above the grid, t2 columns swapped")), page.parent.name
        assert all(published[k] == v for k, v in got.items()), page.parent.name
        assert sum(k[0] == "t2" for k in got) >= 6, page.parent.name


def test_prose_framed_in_a_table_of_one_cell_is_prose() -> None:
    """The real pages with the article's paragraphs up to its first table in a bordered table of one cell (as a
    report pasted from a framed Word page prints): that cell's text was dropped with the container's tables and
    section 一 came out empty. A table of one cell is a frame, not a grid: sections and facts as
    published."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = lxml_html.tostring(tree, encoding="utf-8")
        framed = copy.deepcopy(tree)
        article = framed.xpath("//table")[0].getparent()
        frame = etree.Element("table", border="1")
        cell = etree.SubElement(etree.SubElement(frame, "tr"), "td")
        first = next(i for i, c in enumerate(article) if c.tag == "table" or c.xpath(".//table"))
        for child in list(article)[:first]:  # the paragraphs before the first table: 一、总体情况 and more
            cell.append(child)
        article.insert(0, frame)
        body = lxml_html.tostring(framed, encoding="utf-8")
        assert _sections(body) == _sections(published), page.parent.name
        assert facts(body) == facts(published), page.parent.name
