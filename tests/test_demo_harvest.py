"""`harvester demo` end to end: the reports, their facts, failed checks, and facts traced to WARC records."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils
from warcio.archiveiterator import ArchiveIterator

from harvester.config import load_sites
from harvester.demo.data import demo_reports
from harvester.pipeline import DEMO_REGISTRY

TRUTH = {r.title: r for rs in demo_reports().values() for r in rs}


@pytest.fixture(scope="module")
def db(demo_run: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_run / "harvest.db")


def test_every_demo_report_and_no_decoy(db: sqlite_utils.Database) -> None:
    titles = sorted(r["title"] for r in db.query("select title from reports"))
    assert titles == sorted(TRUTH)
    rejected = [
        r["url"]
        for r in db.query("select url from captures where url like '%post_190%' or url like '%post_191%' or url like '%post_29%'")
    ]
    assert rejected == []  # look-alikes (统计年报, 预算公开, 工作要点) are never even fetched


OCR_FORMS = ("scanned-pdf", "image", "html-image-tables")


def test_facts_equal_the_truth(db: sqlite_utils.Database) -> None:
    """Every fact equals the truth and every cell is read; OCR may miss cells, and a value it misreads
    must make a check fail (never silently wrong)."""
    for report in db.query("select * from reports"):
        demo = TRUTH[report["title"]]
        assert (report["agency"], report["year"], report["template"]) == (demo.agency, demo.year, demo.template)
        facts = list(db.query("select * from facts where report_id = ?", [report["id"]]))
        got = {(f["table"], f["row"], f["col"]): (f["value"], f["unit"]) for f in facts}
        truth = {(t, r, c): (v, u) for t, r, c, v, u in demo.truth()}
        if demo.form not in OCR_FORMS:
            assert got == truth, report["title"]
            assert all(f["confidence"] is None for f in facts)
            continue
        assert len(got) >= 0.8 * len(truth) and all(f["confidence"] is not None for f in facts), report["title"]
        failed = {c["key"] for c in db.query("select key from checks where report_id = ? and status = 'fail'", [report["id"]])}
        wrong = {k for k, v in got.items() if truth.get(k) != v}
        assert all(k[1] in failed or k[2] in failed for k in wrong), (report["title"], wrong)


def test_publish_date_and_scope_reach_the_store(db: sqlite_utils.Database) -> None:
    """Each report's publish date, where its page or attachment gives one, is the date it was published; the TRS
    site prints none on its article pages, and there it comes from the PubDate <meta>. Scope: a government's
    report covers its area, a department's its own work."""
    rows = list(db.query("select site, url, title, agency, published, scope from reports"))
    dated = [r for r in rows if r["published"]]
    assert len(dated) >= 20 and all(r["published"] == TRUTH[r["title"]].published for r in dated), dated
    trs = [r for r in rows if r["site"] == "trs-demo" and "/zwgk/ndbg/" in r["url"]]
    assert len(trs) == 3 and all(r["published"] for r in trs)
    for r in rows:
        area = r["agency"].endswith(("人民政府", "管理委员会"))
        assert r["scope"] == ("辖区汇总" if area else "本机关"), r
    late = {(r["agency"], r["year"]): r["days_late"] for r in db.query("select * from timeliness")}
    assert len(late) == len(dated)  # the researcher's timeliness view: every dated report, days against its deadline
    assert late["广东省示范数据管理局", 2021] == -11  # published 2022-01-20, a department's deadline 2022-01-31


def test_named_values(db: sqlite_utils.Database) -> None:
    def fact(agency: str, year: int, table: str, row: str, col: str) -> object:
        sql = """select f.value from facts f join reports r on r.id = f.report_id
                 where r.agency = ? and r.year = ? and f."table" = ? and f."row" = ? and f.col = ?"""
        return db.execute(sql, [agency, year, table, row, col]).fetchone()[0]

    pdf = next(r for r in TRUTH.values() if r.form == "pdf")
    assert fact(pdf.agency, pdf.year, "t3", "new_received", "total") == int(pdf.t3[("new_received", "total")])
    gbk = TRUTH["粤示范市人民政府办公室2021年政府信息公开工作年度报告"]
    assert fact(gbk.agency, 2021, "t2", "fees", "amount") == float(gbk.t2[("fees", "amount")])
    assert fact(gbk.agency, 2021, "t3", "carried_over", "research") is None  # printed blank


def test_inconsistent_report_has_failed_checks(db: sqlite_utils.Database) -> None:
    bad = next(r for r in TRUTH.values() if r.inconsistent)
    failed = {
        (r["check"], r["key"])
        for r in db.query("select * from failed_checks where agency = ? and year = ?", [bad.agency, bad.year])
    }
    assert failed == {("t3.balance", "total"), ("t3.outcomes", "total"), ("t3.row_total", "total_processed")}
    ocr = [t for t, r in TRUTH.items() if r.form in OCR_FORMS]
    others = db.execute(
        f"select count(*) from failed_checks where not (agency = ? and year = ?) and title not in ({','.join('?' * len(ocr))})",
        [bad.agency, bad.year, *ocr],
    ).fetchone()[0]
    assert others == 0  # only misread OCR cells may fail a check elsewhere


def test_every_fact_reads_back_from_its_warc_record(db: sqlite_utils.Database, demo_run: Path) -> None:
    sql = """select distinct c.warc_file, c."offset", c.url, r.url as report_url, k.parent_url from facts f
             join captures c on c.record_id = f.capture_record_id join reports r on r.id = f.report_id
             left join candidates k on k.capture_record_id = c.record_id"""
    rows = list(db.query(sql))
    assert db.execute("select count(*) from facts where capture_record_id is null").fetchone()[0] == 0
    assert len(rows) == sum(1 for r in TRUTH.values() if r.truth())
    for row in rows:
        with open(demo_run / "warcs" / row["warc_file"], "rb") as fh:
            fh.seek(row["offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == row["url"]
            assert row["url"] == row["report_url"] or row["parent_url"] == row["report_url"]
            assert len(record.content_stream().read()) > 500


def test_pdf_report_facts_come_from_the_attachment(db: sqlite_utils.Database) -> None:
    pdf = next(r for r in TRUTH.values() if r.form == "pdf")
    urls = {
        r["url"]
        for r in db.query(
            "select distinct c.url from facts f join reports r on r.id = f.report_id join captures c on c.record_id = f.capture_record_id where r.title = ?",
            [pdf.title],
        )
    }
    assert len(urls) == 1 and urls.pop().endswith(".pdf")


def test_warcio_check_passes(demo_run: Path) -> None:
    files = sorted((demo_run / "warcs").glob("*.warc.gz"))
    sites = load_sites(DEMO_REGISTRY, {"port": "0"})
    assert len(files) == len(sites) + 1 and not list((demo_run / "warcs").glob("*.open"))
    assert sum("-conversions-" in f.name for f in files) == 1
    proc = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *map(str, files)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_demo_prints_summary_and_serve_command(demo_run: Path) -> None:
    out = (demo_run / "demo-output.txt").read_text()
    assert f"total: {len(TRUTH)} reports" in out
    assert "failed check:" in out
    lines = out.splitlines()
    command = lines[lines.index("open it in Datasette:") + 1].split()
    assert command[-3:] == ["serve", "--archive", str(demo_run)]
    shown = subprocess.run([*command[:-3], "serve", "--help"], capture_output=True, text=True)  # runs as printed
    assert shown.returncode == 0 and "Datasette" in shown.stdout


def test_error_page_is_archived_not_reported(db: sqlite_utils.Database) -> None:
    gone = list(db.query("select status from captures where url like '%post_105%'"))
    assert gone == [{"status": 404}]
    assert db.execute("select count(*) from reports where url like '%post_105%'").fetchone()[0] == 0


def test_carry_over_across_years(db: sqlite_utils.Database) -> None:
    rows = list(db.query("select * from carry_over_across_years where agency = '广东省示范数据管理局' and year = 2021"))
    last, this = (
        TRUTH["广东省示范数据管理局2020年政府信息公开工作年度报告"],
        TRUTH["广东省示范数据管理局2021年政府信息公开工作年度报告"],
    )
    assert len(rows) == 7
    for row in rows:
        expected = int(last.t3[("carried_forward", row["col"])]), int(this.t3[("carried_over", row["col"])])
        assert (row["last_year_carried_forward"], row["carried_over"]) == expected
        assert row["status"] == ("pass" if expected[0] == expected[1] else "differ")
