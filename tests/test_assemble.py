"""One report from a page and its attachments: every field of the parse reaches the assembled report."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from harvester.assemble import assemble
from harvester.extract import extract
from harvester.parse import Report, parse_document, parse_text

PAGE = "202403_87885"  # Pingtan's report on 2023, published 2024-03-08


def real_report(shared: Path) -> Report:
    page = shared / "real" / "pingtan" / PAGE / "page.html"
    return parse_document(extract(page.read_bytes(), "text/html")[1])


def test_a_page_keeps_every_field_of_its_parse(shared: Path) -> None:
    parsed = real_report(shared)
    assert (parsed.published, parsed.scope) == ("2024-03-08", "辖区汇总")
    report, sources = assemble(parsed.title, parsed, [])
    for f in fields(Report):
        if f.name != "checks":
            assert getattr(report, f.name) == getattr(parsed, f.name), f.name
    assert [c.status for c in report.checks] == [c.status for c in parsed.checks] and sources == {}


def test_a_bare_page_takes_date_and_scope_from_its_attachment(shared: Path) -> None:
    """「详见附件」: the page names the report and nothing else; the attachment gives date, scope and facts."""
    attachment = real_report(shared)
    page = parse_text("平潭综合实验区2023年度政府信息公开工作年度报告\n详见附件。")
    assert page.published is None and not page.facts
    report, sources = assemble(page.title, page, [(attachment, 1, "urn:uuid:a", "http://x.test/a.pdf")])
    assert (report.published, report.scope, report.year) == ("2024-03-08", "辖区汇总", 2023)
    assert len(report.facts) == len(attachment.facts) and set(sources.values()) == {(1, "urn:uuid:a")}
