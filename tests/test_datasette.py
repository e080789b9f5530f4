"""`harvester serve` opens the database in Datasette 0.65 with the project's metadata (tested in process)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from datasette.app import Datasette

from harvester.serve import datasette_argv, metadata

from .conftest import DEMO_TITLES


def _get(ds: Datasette, path: str) -> dict:
    async def go() -> dict:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    return asyncio.run(go())


def test_facts_json_and_canned_queries(demo_run: Path) -> None:
    ds = Datasette([str(demo_run / "harvest.db")], metadata=metadata())
    facts = _get(ds, "/harvest/facts.json?_shape=array&table=t3&row=new_received&col=total")
    assert len(DEMO_TITLES) - 3 <= len(facts) < len(DEMO_TITLES) and all(isinstance(f["value"], int) for f in facts)
    failed = _get(ds, "/harvest/failed_checks_by_report.json?_shape=array")
    assert {r["key"] for r in failed if r["agency"] == "广东省示范交通运输厅"} == {"total", "total_processed"}
    view = _get(ds, "/harvest/failed_checks.json?_shape=array&_size=max")  # the view itself, no longer shadowed
    assert {r["key"] for r in view if r["agency"] == "广东省示范交通运输厅"} == {"total", "total_processed"}
    by_agency = _get(ds, "/harvest/requests_by_agency_year.json?_shape=array")
    assert len(by_agency) == len(facts) and all(r["warc_file"].endswith(".warc.gz") for r in by_agency)
    unreadable = _get(ds, "/harvest/unreadable_documents.json?_shape=array")
    assert sorted(r["url"].rsplit("/", 1)[1] for r in unreadable) == [
        "bomb.zip",
        "corrupt.docx",
        "encrypted.pdf",
        "huge.pdf",
        "truncated.pdf",
    ]
    assert _get(ds, "/harvest/report_versions.json?_shape=array") == []  # one run: nothing revised or withdrawn
    found = _get(ds, "/harvest/documents.json?_search=%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A&_shape=array")  # 年度报告
    assert len(found) >= len(DEMO_TITLES)


def test_serve_arguments_use_metadata(demo_run: Path) -> None:
    argv = datasette_argv(demo_run / "harvest.db", 8123, "127.0.0.1")
    assert argv[:3] == ["serve", "-i", str(demo_run / "harvest.db")] and "--metadata" in argv and "8123" in argv


def test_facts_carry_the_templates_chinese_labels(demo_run: Path) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(demo_run / "harvest.db")
    unlabelled = db.execute(
        """select count(*) from facts_labelled where "table" != 'legacy' and (row_label = "row" or col_label is null)"""
    ).fetchone()[0]
    assert unlabelled == 0 and db.table("facts").count == db.execute("select count(*) from facts_labelled").fetchone()[0]
    one = next(
        db.query("""select row_label, col_label from facts_labelled where "row" = 'denied_three_safeties' and col = 'total'""")
    )
    assert one == {"row_label": "危及“三安全一稳定”", "col_label": "总计"}
    two = next(db.query("""select row_label, col_label from facts_labelled where "table" = 't2' and col = 'issued'"""))
    assert two["col_label"] == "本年制发件数"


def test_search_finds_terms_of_any_length(demo_run: Path) -> None:
    """2-, 3- and 4-character terms each find exactly the reports whose text contains them (against a scan)."""
    import sqlite_utils

    ds = Datasette([str(demo_run / "harvest.db")], metadata=metadata())
    db = sqlite_utils.Database(demo_run / "harvest.db")
    for term in ("复议", "总体情", "政务公开", "年度报告"):
        hits = _get(ds, f"/harvest/search_reports.json?_shape=array&q={term}")
        expected = {
            r[0]
            for r in db.execute(
                "select r.id from reports r join documents d on d.id = r.document_id where d.text like ?", [f"%{term}%"]
            )
        }
        assert expected and {h["report_id"] for h in hits} == expected, term
        assert all(term in h["snippet"] and h["agency"] and h["url"] for h in hits)


def test_timeliness_against_the_legal_deadline(tmp_path: Path) -> None:
    """Departments by 31 January, governments by 31 March of the next year; from the 2019 reports on."""
    from harvester.store import Store

    store = Store(tmp_path / "t.db")
    store.db.execute("PRAGMA foreign_keys = OFF")  # reports without captures: only their dates matter here
    rows = [
        ("粤示范县人民政府", 2021, "2022-03-31"),  # a government, on its deadline day
        ("粤示范县教育局", 2021, "2022-02-10"),  # a department, ten days after 31 January
        ("粤示范县教育局", 2018, "2019-05-01"),  # before the 2019 reports: no deadline applies
        ("粤示范县水务局", 2022, None),  # no publish date found: no row
    ]
    with store.db.conn:
        for i, (agency, year, published) in enumerate(rows):
            store.db.execute(
                "INSERT INTO reports (capture_record_id, url, agency, year, published, status) VALUES (?, ?, ?, ?, ?, 'current')",
                [f"c{i}", f"http://x.test/{i}", agency, year, published],
            )
    got = {
        (r["agency"], r["year"]): (r["body"], r["deadline"], r["days_late"]) for r in store.db.query("select * from timeliness")
    }
    assert got == {
        ("粤示范县人民政府", 2021): ("government", "2022-03-31", 0),
        ("粤示范县教育局", 2021): ("department", "2022-01-31", 10),
    }
