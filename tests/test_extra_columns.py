"""Tables that print a value column the template has not (a 小计 for the legal persons in table 三)."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from benchmarks.perturb import PAGES, apply, facts
from harvester.extract import extract
from harvester.parse import parse_document

SUBTOTAL = "t3 小计 column for the legal persons"


def test_a_subtotal_column_between_the_template_s_columns_is_passed_over() -> None:
    """The real pages with a 小计 column after 其他 (the sum of the five organisations): every fact as published."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        body = apply(tree, SUBTOTAL)
        assert "小计".encode() in body
        assert facts(body) == published, page.parent.name


@pytest.mark.parametrize("zero", ["zero printed as —", "zero left blank", "zero printed as /"])
def test_rows_off_a_header_with_a_subtotal_are_not_read_as_their_last_seven_cells(zero: str) -> None:
    """The same with a stray empty cell before each row (rows a cell wider than the header) and zeros printed as a
    dash, left blank or as /: a row that no header position can place was read as its last seven cells, and 「3.其他 |
    — | 2 | — … | 2 | 2」 gave 自然人 2 and 其他 2 (商业企业's 2 and the 小计). A header that prints a value column the
    template has not says a row's last seven cells are not its values: such a row is withheld."""
    for page in PAGES:
        tree = lxml_html.fromstring(page.read_bytes())
        published = facts(lxml_html.tostring(tree, encoding="utf-8"))
        body = apply(tree, SUBTOTAL, zero, "a stray empty cell before each row below")
        got = facts(body)
        assert {k: v for k, v in got.items() if published.get(k) != v} == {}, page.parent.name
        if page.parent.name == "202302_80629":
            warnings = parse_document(extract(body, "text/html; charset=utf-8")[1]).warnings
            assert any("prints a value column the template has not" in w for w in warnings)
