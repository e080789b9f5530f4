"""Reports as attachments and scans: every document kind reaches the parser; broken files are recorded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlite_utils

from harvester.demo.data import docs_reports, make_report
from harvester.demo.docs_site import attachment
from harvester.demo.formats import as_docx
from harvester.errors import ExtractionError, UnsupportedDocumentError
from harvester.extract import MAX_BYTES, extract, office
from harvester.parse import parse_document

FORMS = {r.form: r for r in docs_reports()}


@pytest.fixture(scope="module")
def db(demo_run: Path) -> sqlite_utils.Database:
    return sqlite_utils.Database(demo_run / "harvest.db")


def documents(db: sqlite_utils.Database) -> dict[str, dict]:
    sql = "select d.* from documents d join captures c on c.record_id = d.capture_record_id where c.site = 'docs-demo'"
    return {d["url"].split(":", 2)[2].split("/", 1)[1]: d for d in db.query(sql)}


def test_extraction_paths_recorded(db: sqlite_utils.Database) -> None:
    paths = {url: d["extraction_path"] for url, d in documents(db).items() if d["status"] == "ok"}
    assert paths["attachment/601/scanned.pdf"] == "pdf-ocr"
    assert paths["attachment/602/report.docx"] == "docx"
    assert paths["attachment/603/report.doc"] == "doc"
    assert paths["attachment/604/report.wps"] == "wps"
    assert paths["attachment/605/report.png"] == "image-ocr"
    assert paths["images/606/tables.png"] == "image-ocr"
    assert paths["content/post_607.html"] == "html"
    docs = documents(db)
    assert (
        "LibreOffice" in docs["attachment/603/report.doc"]["extractor"]
        and "rapidocr" in docs["attachment/601/scanned.pdf"]["extractor"]
    )
    assert docs["attachment/601/scanned.pdf"]["pages"] == 3


def test_every_form_gives_its_facts(db: sqlite_utils.Database) -> None:
    for form, report in FORMS.items():
        row = next(db.query("select * from reports where title = ?", [report.title]))
        got = {
            (f["table"], f["row"], f["col"]): f["value"] for f in db.query("select * from facts where report_id = ?", [row["id"]])
        }
        truth = {(t, r, c): v for t, r, c, v, _ in report.truth()}
        if form in ("docx", "doc", "wps", "gbk-utf8-header"):
            assert got == truth, form
        elif form == "unreadable":
            assert got == {} and "t3: table" in row["warnings"]
        else:
            assert len(got) >= 0.8 * len(truth), form


def test_gbk_page_under_a_utf8_header(db: sqlite_utils.Database) -> None:
    doc = documents(db)["content/post_607.html"]
    assert (doc["declared_encoding"], doc["encoding"]) == ("utf-8", "gb18030")
    assert FORMS["gbk-utf8-header"].title in doc["text"]


def test_ocr_facts_are_marked_with_confidence(db: sqlite_utils.Database) -> None:
    sql = """select f.confidence, f.locator from facts f join documents d on d.id = f.document_id
             where d.extraction_path in ('pdf-ocr', 'image-ocr')"""
    rows = list(db.query(sql))
    assert rows and all(0 < r["confidence"] <= 1 and "ocr row" in r["locator"] for r in rows)
    low = db.execute("select count(*) from low_confidence_facts").fetchone()[0]
    assert low == sum(1 for r in rows if r["confidence"] < 0.9)


def test_broken_files_are_recorded_and_the_crawl_goes_on(db: sqlite_utils.Database) -> None:
    docs = documents(db)
    reasons = {url.rsplit("/", 1)[1]: d["error"] for url, d in docs.items() if d["status"] == "unreadable"}
    assert set(reasons) == {"truncated.pdf", "encrypted.pdf", "corrupt.docx", "bomb.zip", "huge.pdf"}
    assert "document too large" in reasons["huge.pdf"]
    assert "Unexpected EOF" in reasons["truncated.pdf"] and "encrypted" in reasons["encrypted.pdf"]
    assert "DOCX could not be opened" in reasons["corrupt.docx"] and "zip bomb" in reasons["bomb.zip"]
    assert db.execute("select count(*) from reports where site = 'docs-demo'").fetchone()[0] == len(FORMS)


# ---- unit tests of the extractors --------------------------------------------------------
def test_kind_from_bytes_not_name() -> None:
    report = FORMS["docx"]
    kind, doc = extract(as_docx(report), "application/octet-stream", "report.pdf")
    assert kind == "docx" and parse_document(doc).year == report.year
    assert extract(attachment(603, "report.doc"), "text/html", "x.html")[0] == "doc"
    assert extract(attachment(604, "report.wps"), None, "report.wps")[0] == "wps"


def test_oversized_and_empty() -> None:
    with pytest.raises(ExtractionError, match="too large"):
        extract(b"%PDF-1.4" + b"0" * MAX_BYTES)
    with pytest.raises(ExtractionError, match="empty"):
        extract(b"")


def test_xlsx_cells_as_a_table() -> None:
    import openpyxl

    report = make_report(960, "示范县人民政府", 2021, "2022-01-01")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "", "申请人情况"])
    sheet.append(["", "", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"])
    cols = ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total")
    sheet.append(["一、本年新收政府信息公开申请数量", "", *[int(report.t3[("new_received", c)]) for c in cols]])
    buf = io.BytesIO()
    book.save(buf)
    kind, doc = extract(buf.getvalue())
    facts = {f.col: f.value for f in parse_document(doc).facts if f.row == "new_received"}
    assert kind == "xlsx" and doc.path == "xls"
    assert facts == {c: int(report.t3[("new_received", c)]) for c in cols}


def test_zip_members_are_read() -> None:
    report = FORMS["docx"]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("年报/report.docx", as_docx(report))
        z.writestr("readme.bin", b"\x00\x01\x02")
    kind, doc = extract(buf.getvalue())
    assert kind == "zip" and doc.path == "zip:年报/report.docx=docx"
    assert len(parse_document(doc).facts) == len(report.truth())


def test_doc_falls_back_to_antiword(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    kind, doc = extract(attachment(603, "report.doc"))
    assert doc.extractor == "antiword" and any("antiword" in w for w in doc.warnings)
    report = parse_document(doc)
    assert report.year == FORMS["doc"].year and report.agency == FORMS["doc"].agency


def test_features_off_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office, "soffice", lambda: None)
    with pytest.raises(UnsupportedDocumentError, match="LibreOffice"):
        extract(attachment(604, "report.wps"), None, "report.wps")
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedDocumentError, match="neither LibreOffice nor antiword"):
        extract(attachment(603, "report.doc"))


def test_report_text_and_warnings_come_with_the_attachment(db: sqlite_utils.Database) -> None:
    import json

    docx = next(db.query("select * from reports where title = ?", [FORMS["docx"].title]))
    sections = json.loads(docx["sections"])
    assert sections["s1"].startswith("2020年，粤示范区教育局") and "sections:" not in docx["warnings"]
    broken = next(db.query("select * from reports where title = ?", [FORMS["unreadable"].title]))
    assert sum("attachment unreadable" in w for w in json.loads(broken["warnings"])) == 5


def test_ofd_is_named_not_read_as_text() -> None:
    """An OFD is a zip of XML pages; read member by member, its text objects' coordinates (Boundary="85 20 12 6")
    stood beside the labels as if they were counts. It is refused by name, alone or inside a zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("OFD.xml", '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"><ofd:DocBody/></ofd:OFD>')
        page = '<ofd:TextObject Boundary="85 20 12 6"><ofd:TextCode X="1" Y="4">一、本年新收政府信息公开申请数量</ofd:TextCode></ofd:TextObject>'
        z.writestr("Doc_0/Pages/Page_0/Content.xml", f'<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016">{page}</ofd:Page>')
    with pytest.raises(UnsupportedDocumentError, match="OFD"):
        extract(buf.getvalue(), "application/ofd", "report.ofd")
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w") as z:
        z.writestr("年报.ofd", buf.getvalue())
        z.writestr("年报/report.docx", as_docx(FORMS["docx"]))
    kind, doc = extract(outer.getvalue())
    assert kind == "zip" and doc.path == "zip:年报/report.docx=docx"
    assert any("年报.ofd" in w and "OFD documents" in w for w in doc.warnings)
