"""Title, year and agency of a real report page whose heading is worded in the other ways real reports word it."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.extract import extract
from harvester.parse import Report, parse_document

PAGE = "202503_97791"  # Pingtan's report on 2024; its heading appears three times (<title>, heading, body)
HEADING = "平潭综合实验区2024年度政府信息公开工作年度报告"


def retitled(shared: Path, heading: str, title_tag: str | None = None) -> Report:
    page = (shared / "real" / "pingtan" / PAGE / "page.html").read_text(encoding="utf-8")
    if title_tag is not None:
        start, end = page.index("<title>") + len("<title>"), page.index("</title>")
        page = page[:start] + title_tag + page[end:]
    page = page.replace(HEADING, heading)
    return parse_document(extract(page.encode(), "text/html; charset=utf-8")[1])


@pytest.mark.parametrize(
    ("heading", "agency"),
    [
        ("平潭综合实验区政府信息公开工作2024年度报告", "平潭综合实验区"),  # the year after 信息公开工作
        ("平潭综合实验区二〇二四年政府信息公开工作年度报告", "平潭综合实验区"),  # the year in Chinese numerals
        ("平潭综合实验区二○二四年度政府信息公开工作年度报告", "平潭综合实验区"),
        ("平潭综合实验区关于2024年度政府信息公开工作年度报告", "平潭综合实验区"),
        ("2024年度平潭综合实验区政府信息公开工作年度报告", "平潭综合实验区"),
    ],
)
def test_heading_forms_give_year_and_agency(shared: Path, heading: str, agency: str) -> None:
    report = retitled(shared, heading)
    assert (report.title, report.year, report.agency) == (heading, 2024, agency)
    assert len([f for f in report.facts if f.value is not None]) == 200


def test_a_columns_bare_name_is_not_the_title(shared: Path) -> None:
    """<title> of 栏目_网站 only (政府信息公开年报_…): the heading in the page is the title, not the column's name."""
    report = retitled(shared, HEADING, "政府信息公开年报_平潭综合实验区党工委管委会")
    assert (report.title, report.year, report.agency) == (HEADING, 2024, "平潭综合实验区")


def test_guideline_meta_tags_give_title_date_and_publisher(shared: Path) -> None:
    """The <meta> names of the national website guideline (ArticleTitle, PubDate, ContentSource) that TRS writes:
    the date a page was published, which its body does not print, and the title when <title> is the column's."""
    page = shared / "real" / "pingtan" / "202403_87885" / "page.html"
    doc = extract(page.read_bytes(), "text/html")[1]
    assert doc.publisher_hint == "平潭综合实验区管委会办公室"
    report = parse_document(doc)
    assert (report.published, report.year) == ("2024-03-08", 2023)
    text = page.read_text(encoding="utf-8")
    start, end = text.index("<title>") + len("<title>"), text.index("</title>")
    text = text[:start] + "政府信息公开年报_平潭综合实验区党工委管委会" + text[end:]
    text = text.replace('content="平潭综合实验区管委会办公室"', 'content="本网"')
    doc = extract(text.encode(), "text/html; charset=utf-8")[1]
    assert doc.title_hint == "平潭综合实验区2023年度政府信息公开工作年度报告"
    assert doc.publisher_hint is None  # 本网 is no public body


def test_spaced_metadata_labels_and_the_container_body_only() -> None:
    """A gkmlpt metadata table whose label cells are spaced out (发 布 机 构：) still names the publisher and date;
    the article container's text is the prose, and text after its closing tag (the page's footer) is not."""
    rows = "".join(f"<tr><td>{label}</td><td>{n}</td></tr>" for n, label in enumerate(["主动公开", "依申请公开"], 1))
    page = (
        "<html><head><title>栏目</title></head><body><table class='meta'>"
        "<tr><td>发 布 机 构：</td><td>某某县人民政府办公室</td><td>成 文 日 期：</td><td>2024-01-15</td></tr>"
        "<tr><td>标　　题：</td><td>某某县2023年政府信息公开工作年度报告</td></tr></table>"
        "<div class='TRS_Editor'><p>" + "本报告根据《中华人民共和国政府信息公开条例》编制。" * 12 + "</p>"
        f"<table>{rows}</table><p>六、其他需要报告的事项</p></div>页脚：网站标识码<p>版权所有</p>"
        "</body></html>"
    )
    doc = extract(page.encode(), "text/html; charset=utf-8")[1]
    assert (doc.publisher_hint, doc.title_hint) == ("某某县人民政府办公室", "某某县2023年政府信息公开工作年度报告")
    assert doc.published_hint == "2024-01-15"
    prose = doc.blocks[0].text
    assert "六、其他需要报告的事项" in prose and "页脚" not in prose and "版权" not in prose and "依申请公开" not in prose
    assert [list(r.cells) for r in doc.blocks[1].rows] == [["主动公开", "1"], ["依申请公开", "2"]]


def test_a_page_reads_the_same_whatever_share_of_its_elements_is_held(shared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """extract_html keeps the objects of a page's first elements alive for its passes (fewer lxml lookups); a page
    larger than that bound reads exactly as one held whole: the real Pingtan page with a bound of 5 and of none."""
    import harvester.extract.html as page_reader

    body = (shared / "real" / "pingtan" / "202403_87885" / "page.html").read_bytes()

    def read() -> tuple[object, ...]:
        doc = page_reader.extract_html(body, "text/html")
        rows = [(b.kind, b.text, b.lead, [(r.cells, r.locator) for r in b.rows]) for b in doc.blocks]
        return doc.title_hint, doc.publisher_hint, doc.published_hint, doc.path, rows

    whole = read()
    monkeypatch.setattr(page_reader, "_HELD", 5)
    assert read() == whole
    monkeypatch.setattr(page_reader, "_HELD", 0)
    assert read() == whole
    blocks = whole[4]
    assert isinstance(blocks, list) and sum(len(rows) for _, _, _, rows in blocks) > 40  # its tables were read
