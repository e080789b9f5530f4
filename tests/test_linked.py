"""Portals the registry lacks: the districts and counties a registered city's archived home page links to, proposed
as registry entries that load as they are."""

from __future__ import annotations

from pathlib import Path

from harvester.config import Config, Site, load_sites
from harvester.demo.server import DemoPortal
from harvester.linked import agency_name, place_name, portal_links, proposals

from .conftest import harvester, write_settings

# A city home page's footer as city portals hold it: a <select> of the districts' sites that opens the chosen one,
# links under 「区县政府」, and around them links that name places but are no portal (an article, a column, a
# department, the Party committee).
CITY_FOOTER = """<html><body>
<div class="yqlj"><select onchange="if(this.value!='')window.open(this.value)">
<option value="">区政府网站</option>
<option value="http://www.lwan.gov.cn/">荔湾区</option>
<option value="http://www.yuexiu.gov.cn">越秀区</option>
<option value="https://www.panyu.gov.cn/index.html">番禺区人民政府</option>
</select>
<ul><li><a href="http://www.conghua.gov.cn/" title="从化区政府网站">从化区</a></li>
<li><a href="http://www.gz.gov.cn/zwgk/">政务公开</a></li>
<li><a href="http://www.huadu.gov.cn/gkmlpt/content/9/9001/post_9001.html">花都区</a></li>
<li><a href="http://jyj.gz.gov.cn/">市教育局</a></li>
<li><a href="http://www.gzdj.gov.cn/">市委</a></li>
<li><a href="http://www.gzswbgt.gov.cn/">市委办公室</a></li>
<li><a href="https://www.baidu.com/">百度一下</a></li>
<li><a href="http://www.example.com/">白云区</a></li>
<li><a href="javascript:void(0)">增城区</a></li>
</ul></div></body></html>"""


def test_a_link_names_a_government_portal_by_its_place() -> None:
    assert place_name("越秀区") == "越秀区"
    assert place_name("番禺区人民政府") == "番禺区"
    assert place_name("英德市 政府网站") == "英德市"
    assert place_name("连山壮族瑶族自治县") == "连山壮族瑶族自治县"
    for text in ("市政府", "区委", "市教育局", "政务公开", "2021年政府信息公开工作年度报告", "首页", ""):
        assert place_name(text) is None, text


def test_a_link_names_an_administrative_agency() -> None:
    assert agency_name("市教育局") == "市教育局"
    assert agency_name("广州市卫生健康委员会网站") == "广州市卫生健康委员会"
    assert agency_name("市人民政府办公室") == "市人民政府办公室"
    assert agency_name("国家税务总局广州市税务局") == "国家税务总局广州市税务局"
    for text in ("中共广州市委员会", "政协广州市委员会", "市委办公室", "市纪委监委", "人大常委会", "市委", "越秀区", "首页"):
        assert agency_name(text) is None, text


def test_the_portals_a_city_home_page_lists() -> None:
    found = list(portal_links(CITY_FOOTER, "http://www.gz.gov.cn/"))
    assert found == [
        ("从化区", "place", "http://www.conghua.gov.cn/"),
        ("市教育局", "department", "http://jyj.gz.gov.cn/"),
        ("白云区", "place", "http://www.example.com/"),  # a portal by its link; not a government host: proposals leave it
        ("荔湾区", "place", "http://www.lwan.gov.cn/"),
        ("越秀区", "place", "http://www.yuexiu.gov.cn"),
        ("番禺区", "place", "https://www.panyu.gov.cn/index.html"),
    ]


def test_a_page_with_an_xml_declaration_or_none_at_all() -> None:
    page = '<?xml version="1.0" encoding="gb2312"?>' + CITY_FOOTER
    assert [name for name, _, _ in portal_links(page, "http://www.gz.gov.cn/")][:2] == ["从化区", "市教育局"]
    assert list(portal_links("", "http://www.gz.gov.cn/")) == []


def test_proposals_leave_out_registered_sites_and_other_hosts(tmp_path: Path) -> None:
    city = Site("gz", "广州市人民政府", "gkmlpt", ["http://www.gz.gov.cn/"], ["www.gz.gov.cn"], group="city")
    panyu = Site("gz-panyu", "番禺区人民政府", "gkmlpt", ["https://www.panyu.gov.cn/"], ["www.panyu.gov.cn"], group="county")
    province = Site("gd", "广东省人民政府", "gkmlpt", ["https://www.gd.gov.cn/"], ["www.gd.gov.cn"], group="province")
    config = Config(
        tmp_path, tmp_path / "h.db", "t", 10**9, {"report_hosts": ["*.gov.cn"]}, {s.name: s for s in (city, panyu, province)}
    )
    province_page = '<a href="http://www.gz.gov.cn/">广州市</a><a href="http://www.sz.gov.cn/">深圳市</a>'
    pages = [(city, "http://www.gz.gov.cn/", CITY_FOOTER), (province, "https://www.gd.gov.cn/", province_page)]
    found = {p.host: p for p in proposals(config, pages)}
    assert sorted(found) == ["jyj.gz.gov.cn", "www.conghua.gov.cn", "www.lwan.gov.cn", "www.sz.gov.cn", "www.yuexiu.gov.cn"]
    assert (found["www.lwan.gov.cn"].group, found["www.sz.gov.cn"].group) == ("county", "city")
    assert (found["jyj.gz.gov.cn"].group, found["jyj.gz.gov.cn"].title) == ("department", "市教育局")
    registry = tmp_path / "proposed.toml"
    registry.write_text("\n".join(p.entry() for p in found.values()), encoding="utf-8")
    loaded = load_sites(registry)  # the entries load as a registry, as pasted into settings.toml
    assert loaded["lwan"].start_urls == ["http://www.lwan.gov.cn/"] and loaded["lwan"].title == "荔湾区"
    assert loaded["sz"].allowed_hosts == ["www.sz.gov.cn"] and loaded["sz"].group == "city"


def test_sites_linked_proposes_the_district_the_demo_city_lists(demo_run: Path, tmp_path: Path) -> None:
    """The demo city's home page lists two districts' portals: one no site holds (proposed), one the registry holds
    (left out)."""
    out = harvester("sites", "--linked", "--demo", "--archive", str(demo_run)).stdout
    registry = tmp_path / "proposed.toml"
    registry.write_text(out, encoding="utf-8")
    loaded = load_sites(registry)
    assert list(loaded) == ["district-demo-test"]
    site = loaded["district-demo-test"]
    assert site.group == "county" and site.title == "粤示范区" and site.allowed_hosts == ["www.district.demo.test"]
    assert site.start_urls[0].startswith("http://www.district.demo.test:") and "# linked from city-demo" in out


def test_an_unreadable_home_page_is_passed_over_and_said(demo_run: Path, tmp_path: Path) -> None:
    """The city's WARC file gone: the other sites' home pages are still read, the city's is named in the errors."""
    import shutil

    import sqlite_utils

    from harvester.linked import archived_home_pages
    from harvester.pipeline import DEMO_REGISTRY

    db_path = tmp_path / "h.db"
    shutil.copy(demo_run / "harvest.db", db_path)
    db = sqlite_utils.Database(db_path)
    city_files = [r["warc_file"] for r in db.query("select distinct warc_file from captures where site = 'city-demo'")]
    db.execute(f"update warc_files set path = '/gone/' || name where name in ({','.join('?' * len(city_files))})", city_files)
    db.conn.commit()
    config = Config(tmp_path, db_path, "t", 10**9, {}, load_sites(DEMO_REGISTRY, {"port": "0"}))
    errors: list[str] = []
    read = {site.name for site, _, html in archived_home_pages(config, errors) if "<html" in html.lower()}
    assert "city-demo" not in read and {"trs-demo", "hanweb-demo"} <= read
    assert len(errors) == 1 and errors[0].startswith("city-demo: ")


def test_the_linked_portals_join_the_registry_and_their_reports_are_crawled(portal: DemoPortal, tmp_path: Path) -> None:
    """crawl the city → `sites --linked > linked.toml` → `registry_files = ["linked.toml"]` → the district is a
    site of its own: crawled from its home page to its report column and its report. Named twice: refused."""
    import sqlite_utils

    settings = write_settings(tmp_path, portal.port)
    harvester("crawl", "--config", str(settings), "--site", "city-demo")
    (tmp_path / "linked.toml").write_text(harvester("sites", "--linked", "--config", str(settings)).stdout, encoding="utf-8")
    plain = settings.read_text(encoding="utf-8")
    settings.write_text(plain.replace("[harvester]\n", '[harvester]\nregistry_files = ["linked.toml"]\n', 1), encoding="utf-8")
    assert "district-demo-test" in harvester("sites", "--config", str(settings)).stdout
    harvester("crawl", "--config", str(settings), "--site", "district-demo-test")
    db = sqlite_utils.Database(tmp_path / "arch" / "h.db")
    fetched = {r["url"].split("/", 3)[3] for r in db.query("select url from captures where site = 'district-demo-test'")}
    assert {"", "zwgk/ndbg/", "zwgk/ndbg/post_204.html"} <= fetched  # its home page, its column, its report
    report = next(db.query("select fact_count from reports where url like '%district.demo.test%post_204.html'"))
    assert report["fact_count"] > 100
    assert harvester("sites", "--linked", "--config", str(settings), check=False).stdout == ""  # none left to add
    (tmp_path / "again.toml").write_text((tmp_path / "linked.toml").read_text(encoding="utf-8"), encoding="utf-8")
    settings.write_text(
        plain.replace("[harvester]\n", '[harvester]\nregistry_files = ["linked.toml", "again.toml"]\n', 1), encoding="utf-8"
    )
    refused = harvester("sites", "--config", str(settings), check=False)
    assert refused.returncode == 1 and "district-demo-test already in the registry" in refused.stderr
    assert "Traceback" not in refused.stderr
