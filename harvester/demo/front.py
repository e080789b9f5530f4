"""The demo sites' front doors: a home page and the 政务公开 → 政府信息公开 pages that lead to each site's report
column or catalogue, so that a registry of home pages only is enough (as users know the portals)."""

from __future__ import annotations

from .portal import Reply, page

# host -> (the catalogue or column the front pages lead to, its name, the CMS look of the site's 政务公开 page)
MORE_ENTRIES = {  # a second family on one host
    "www.trs.demo.test": '<a href="/gkmlpt/index">政府信息公开目录</a>',
    "www.dept.demo.test": '<a href="/zwgk/ndbg/index.html">机关政府信息公开年报</a>',
}
ENTRIES: dict[str, tuple[str, str]] = {
    "www.gd.demo.test": ("/gkmlpt/index", "政府信息公开目录"),
    "www.city.demo.test": ("/zwgk/ndbg/index.html", "政府信息公开年报"),
    "www.trs.demo.test": ("/zwgk/ndbg/index.html", "年度报告"),
    "www.dept.demo.test": ("/zwgk/gkmlpt/index", "政府信息公开目录"),
    "www.docs.demo.test": ("/zwgk/ndbg/index.html", "政府信息公开年报"),
    "www.generic.demo.test": ("/xxgk/", "政府信息公开"),
    "www.hanweb.demo.test": ("/col/col1234/index.html", "政府信息公开年报"),
    "www.jeecms.demo.test": ("/xxgk/ndbg/index.jhtml", "政府信息公开年报"),
    "www.district.demo.test": ("/zwgk/ndbg/", "政府信息公开年报"),  # registered by `harvester sites --linked`
}
FRONT_PATHS = ("/", "/index.html", "/zwgk/", "/zwgk/index.html", "/zwgk/xxgk/", "/zwgk/xxgk/index.html")
OTHER_COLUMNS = ("/xwdt/", "/bsfw/", "/hdjl/", "/zwgk/zcjd/", "/zwgk/tjxx/", "/zwgk/xxgk/zn/", "/zwgk/xxgk/zd/")
_NAV = (
    '<a href="/xwdt/">新闻动态</a> <a href="/zwgk/">政务公开</a> <a href="/bsfw/">办事服务</a> '
    '<a href="/hdjl/">互动交流</a> <a href="/zwgk/index.html?spm=nav">政务公开</a>'
)


# The city's list of portals, as city home pages hold them (a <select> that opens the chosen site, and links): a
# district no site of the registry holds, a district and a department that are registered sites.
DISTRICT = "www.district.demo.test"
_COUNTIES = (
    "<div class='links'><select onchange=\"window.open(this.value)\"><option value=''>区县政府网站</option>"
    "<option value='{base}/'>粤示范区</option></select> <a href='{new_area}/' target='_blank'>粤示范新区人民政府</a> "
    "<a href='{dept}/'>省示范卫生健康委员会</a></div>"
)


def front_door(host: str, path: str, base: str = "") -> Reply | None:
    """The home page, the 政务公开 page and the 政府信息公开 page of a demo host, where its own routes have none."""
    entry = ENTRIES.get(host)
    if entry is None:
        return None
    target, name = entry
    html = "text/html; charset=utf-8"
    if path in ("/", "/index.html"):
        links = ""
        if host == "www.city.demo.test" and base:
            district, new_area, dept = (base.replace(host, h) for h in (DISTRICT, "www.hanweb.demo.test", "www.dept.demo.test"))
            links = _COUNTIES.format(base=district, new_area=new_area, dept=dept)
        body = f"<div class='nav'>{_NAV}</div><p>欢迎访问 {host}。</p>{links}"
        return Reply(200, html, page(f"{host} 首页", body).encode())
    if path in ("/zwgk/", "/zwgk/index.html"):
        links = '<a href="/zwgk/xxgk/">政府信息公开</a> <a href="/zwgk/zcjd/">政策解读</a> <a href="/zwgk/tjxx/">统计信息</a>'
        return Reply(200, html, page(f"{host} 政务公开", links).encode())
    if path in ("/zwgk/xxgk/", "/zwgk/xxgk/index.html"):
        links = f'<a href="/zwgk/xxgk/zn/">政府信息公开指南</a> <a href="{target}">{name}</a> <a href="/zwgk/xxgk/zd/">政府信息公开制度</a>'
        links += MORE_ENTRIES.get(host, "")
        return Reply(200, html, page(f"{host} 政府信息公开", links).encode())
    if path in OTHER_COLUMNS:
        return Reply(200, html, page(f"{host} {path}", "<p>本栏目暂无与年度报告有关的内容。</p>").encode())
    return None
