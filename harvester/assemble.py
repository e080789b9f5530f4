"""Assemble one report from its page's parse and its attachments' parses (pure: no store, no Scrapy)."""

from __future__ import annotations

from .parse.checks import run_checks
from .parse.model import Report


def combine(page: Report, attachments: list[tuple[Report, int, str]]) -> tuple[Report, dict[int, tuple[int, str]]]:
    """The page's parse, with tables it lacks taken from its attachments (e.g. 详见附件 + PDF)."""
    facts = list(page.facts)
    sources: dict[int, tuple[int, str]] = {}
    have = {f.table for f in facts}
    warnings = list(page.warnings)
    for report, doc_id, capture_id in attachments:
        new_tables = {f.table for f in report.facts} - have
        for f in report.facts:
            if f.table in new_tables:
                sources[len(facts)] = (doc_id, capture_id)
                facts.append(f)
        have |= new_tables
        warnings = [w for w in warnings if not any(w.startswith(f"{t}: table") for t in new_tables)]
        warnings += [f"attachment: {w}" for w in report.warnings if not w.startswith(("t2: table", "t3: table", "t4: table"))]
    template = page.template
    if not page.facts and attachments and attachments[0][0].facts:
        template = attachments[0][0].template
    sections = page.sections
    if not any(page.sections.values()):
        donor = next((r for r, _, _ in attachments if any(r.sections.values())), None)
        if donor is not None:  # 详见附件: the report's text is in the attachment
            sections = donor.sections
            warnings = [w for w in warnings if not w.startswith("sections:")]
    first = attachments[0][0] if attachments else None
    merged = Report(
        page.title or (first.title if first else None),
        page.agency or (first.agency if first else None),
        page.year or (first.year if first else None),
        template,
        sections,
        facts,
        run_checks(facts) if sources else list(page.checks),  # nothing borrowed: the page's checks stand
        warnings,
        page.published or (first.published if first else None),
        page.scope or (first.scope if first else None),
    )
    return merged, sources


def assemble(
    title: str | None, page: Report | None, attachments: list[tuple[Report | None, int, str, str]]
) -> tuple[Report, dict[int, tuple[int, str]]]:
    """The report of a page (None: unreadable) and its attachments (parse or None, index, capture id, URL):
    unreadable ones are named in the warnings, readable ones lend the tables the page lacks."""
    if page is None:
        page = Report(title, None, None, "unknown", {}, [], [], ["page unreadable"])
    page.warnings += [f"attachment unreadable: {url}" for parsed, _, _, url in attachments if parsed is None]
    return combine(page, [(parsed, i, cap) for parsed, i, cap, _ in attachments if parsed is not None])
