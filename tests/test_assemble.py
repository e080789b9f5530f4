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


def test_the_checks_cover_the_tables_an_attachment_lends(shared: Path) -> None:
    """The identities are run over the assembled facts when an attachment lends tables, and a page that borrows
    nothing keeps its own checks."""
    from dataclasses import replace

    from harvester.parse.checks import run_checks

    full = real_report(shared)
    t2 = [f for f in full.facts if f.table == "t2"]
    page = replace(full, facts=t2, checks=run_checks(t2))
    assert t2 and not any(c.check.startswith("t3") for c in page.checks)
    report, sources = assemble(page.title, page, [(full, 1, "urn:uuid:a", "http://x.test/a.pdf")])
    assert len(report.facts) == len(full.facts) and len(sources) == len(full.facts) - len(t2)
    assert [(c.check, c.key, c.status, c.detail) for c in report.checks] == [
        (c.check, c.key, c.status, c.detail) for c in full.checks
    ]
    assert {c.status for c in report.checks if c.check == "t3.balance"} == {"pass"}
    alone = replace(full, facts=t2, checks=run_checks(t2))
    report, sources = assemble(page.title, alone, [(replace(full, facts=t2), 1, "urn:uuid:b", "http://x.test/b.pdf")])
    assert sources == {} and report.checks == alone.checks
