"""The demo portal's own report data: deterministic tables, and the truth facts they print."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..parse import spec

T3_ROW_ORDER = {
    "2019": ["new_received", "carried_over", *spec.T3_OUTCOMES["2019"], "total_processed", "carried_forward"],
    "2021": ["new_received", "carried_over", *spec.T3_OUTCOMES["2021"], "total_processed", "carried_forward"],
}


@dataclass
class DemoReport:
    """One annual report served by the demo portal, with everything needed to render it."""

    id: int
    agency: str
    year: int
    template: str
    published: str
    form: str = "html"  # html, pdf (tables in a PDF attachment), or a docs-demo form (scanned-pdf, docx, doc…)
    t2: dict[tuple[str, str], str] = field(default_factory=dict)
    t3: dict[tuple[str, str], str] = field(default_factory=dict)
    t4: list[str] = field(default_factory=list)
    inconsistent: bool = False

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def truth(self) -> list[tuple[str, str, str, float | int | None, str | None]]:
        """(table, row, col, value, unit) for every cell the report prints (none when it cannot be read)."""
        out: list[tuple[str, str, str, float | int | None, str | None]] = []
        if self.form == "unreadable":
            return out
        for (row, col), raw in self.t2.items():
            unit = (
                "万元"
                if raw.endswith("万元") or (self.template == "2021" and col == "amount")
                else ("元" if raw.endswith("元") else None)
            )
            out.append(("t2", row, col, _num(raw), unit))
        for (row, col), raw in self.t3.items():
            out.append(("t3", row, col, _num(raw), None))
        for i, raw in enumerate(self.t4):
            out.append(("t4", spec.T4_GROUPS[i // 5], spec.T4_COLUMNS[i % 5], _num(raw), None))
        return out


def _num(raw: str) -> float | int | None:
    text = raw.replace("万元", "").replace("元", "").strip()
    if not text:
        return None
    return float(text) if "." in text else int(text)


def _t2(rng: random.Random, template: str) -> dict[tuple[str, str], str]:
    cells: dict[tuple[str, str], str] = {}
    for row, cols in spec.T2_DEFAULT_COLUMNS[template].items():
        for col in cols:
            if col == "amount" and template == "2021":
                cells[(row, col)] = f"{rng.randint(0, 900) / 100:.2f}"
            elif col == "amount":
                cells[(row, col)] = f"{rng.randint(10_000, 9_000_000) / 100:.2f}元"
            elif col == "change":
                cells[(row, col)] = str(rng.randint(-3, 5))
            else:
                cells[(row, col)] = str(rng.randint(0, 60))
    return cells


def _t3(rng: random.Random, template: str) -> dict[tuple[str, str], str]:
    outcomes = spec.T3_OUTCOMES[template]
    table: dict[tuple[str, str], int] = {}
    for i, col in enumerate(spec.T3_COLUMNS[:-1]):
        new = rng.randint(5, 80) if i == 0 else rng.randint(0, 6)
        carried = rng.randint(0, 3)
        forward = rng.randint(0, min(3, new + carried))
        table[("new_received", col)], table[("carried_over", col)] = new, carried
        table[("carried_forward", col)] = forward
        table[("total_processed", col)] = new + carried - forward
        counts = dict.fromkeys(outcomes, 0)
        for _ in range(new + carried - forward):
            counts[rng.choice(outcomes[:4] + outcomes[10:12] + outcomes[-3:])] += 1
        for row, n in counts.items():
            table[(row, col)] = n
    for row in T3_ROW_ORDER[template]:
        table[(row, "total")] = sum(table[(row, c)] for c in spec.T3_COLUMNS[:-1])
    return {k: str(v) for k, v in table.items()}


def _t4(rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in spec.T4_GROUPS:
        parts = [rng.randint(0, 4) for _ in range(4)]
        out += [str(p) for p in parts] + [str(sum(parts))]
    return out


def make_report(rid: int, agency: str, year: int, published: str, form: str = "html", seed: int = 0) -> DemoReport:
    template = "2019" if year <= 2020 else "2021"
    rng = random.Random(seed or rid)
    report = DemoReport(rid, agency, year, template, published, form)
    report.t2, report.t3, report.t4 = _t2(rng, template), _t3(rng, template), _t4(rng)
    return report


EPOCH = 1  # the demo portal's state; epoch 2 adds, revises and removes a report (for incremental runs)


def revise(report: DemoReport) -> DemoReport:
    """A corrected re-publication: one more request received and granted, totals kept consistent."""
    for row in ("new_received", "granted", "total_processed"):
        for col in ("natural_person", "total"):
            report.t3[(row, col)] = str(int(report.t3[(row, col)]) + 1)
    return report


def _province(epoch: int) -> list[DemoReport]:
    """The province site's reports: one whose arithmetic fails; from epoch 2 one taken down, one revised, one new."""
    province = [
        make_report(101, "广东省示范数据管理局", 2020, "2021-01-22"),
        make_report(102, "广东省示范数据管理局", 2021, "2022-01-20"),
        make_report(103, "广东省示范交通运输厅", 2022, "2023-01-18"),
        make_report(104, "广东省示范交通运输厅", 2019, "2020-01-30", form="pdf"),
    ]
    bad = province[2]
    bad.t3[("total_processed", "total")] = str(int(bad.t3[("total_processed", "total")]) + 2)
    bad.inconsistent = True
    if epoch >= 2:
        province = [r for r in province if r.id != 101]
        revise(next(r for r in province if r.id == 102))
        province.append(make_report(106, "广东省示范数据管理局", 2023, "2024-01-19"))
    return province


def _other_cms() -> dict[str, list[DemoReport]]:
    """The reports of the sites on other publishing systems (Hanweb, JEECMS, a bureau's TREE, notices only)."""
    return {
        "hanweb-demo": [
            make_report(651, "粤示范新区管理委员会", 2021, "2022-01-18"),
            make_report(652, "粤示范新区管理委员会", 2022, "2023-01-17", form="pdf"),
        ],
        "jeecms-demo": [
            make_report(701, "粤示范街道办事处", 2021, "2022-01-12"),
            make_report(702, "粤示范街道办事处", 2022, "2023-01-13"),
        ],
        "bureau-demo": [
            make_report(801, "粤示范市应急管理局", 2021, "2022-01-14"),
            make_report(802, "粤示范市应急管理局", 2022, "2023-01-15", form="pdf"),
            make_report(803, "粤示范市应急管理局", 2020, "2021-01-15"),  # in a category its TREE does not show
        ],
        "notice-demo": [  # no report column: both among its notices
            make_report(901, "粤示范县自然资源局", 2022, "2023-01-30"),
            make_report(902, "粤示范县自然资源局", 2021, "2022-01-30"),
        ],
    }


def demo_reports(epoch: int | None = None) -> dict[str, list[DemoReport]]:
    """Every report of every demo site, keyed by site name, as the portal serves them in an epoch."""
    epoch = EPOCH if epoch is None else epoch
    province = _province(epoch)
    city = [
        make_report(201, "粤示范市人民政府办公室", 2020, "2021-01-25"),
        make_report(202, "粤示范市人民政府办公室", 2021, "2022-01-26"),
        make_report(203, "粤示范市生态环境局", 2022, "2023-01-16"),
        make_report(204, "粤示范市示范区人民政府", 2022, "2023-01-31", form="pdf"),  # on the district's own host
    ]
    city[1].t3[("carried_over", "research")] = ""  # printed blank: never read as zero
    trs = [
        make_report(301, "粤示范县人民政府", 2021, "2022-01-24"),
        make_report(302, "粤示范县人民政府", 2020, "2021-01-28"),
        make_report(303, "粤示范县教育局", 2022, "2023-01-19"),
        make_report(304, "粤示范县教育局", 2021, "2022-01-19"),  # in the site's gkmlpt catalogue, not its TRS column
    ]
    generic = [
        make_report(401, "粤示范镇人民政府", 2021, "2022-01-21"),
        make_report(402, "粤示范镇人民政府", 2022, "2023-01-20"),
    ]
    dept = [
        make_report(501, "广东省示范卫生健康委员会", 2021, "2022-01-27"),
        make_report(502, "广东省示范卫生健康委员会", 2022, "2023-01-29"),
        make_report(503, "广东省示范卫生健康委员会", 2020, "2021-01-29"),  # in its NFCMS column
        make_report(504, "广东省示范卫生健康委员会", 2019, "2020-01-21"),  # in the column a category jumps to
    ]
    sites = {"gd-demo": province, "city-demo": city, "trs-demo": trs, "generic-demo": generic, "dept-demo": dept}
    return sites | {"docs-demo": docs_reports()} | _other_cms()


def docs_reports() -> list[DemoReport]:
    """The document-kinds site: one report in each form a portal serves reports in."""
    forms = [
        ("scanned-pdf", 2021),
        ("docx", 2020),
        ("doc", 2021),
        ("wps", 2022),
        ("image", 2020),
        ("html-image-tables", 2021),
        ("gbk-utf8-header", 2022),
    ]
    agencies = [
        "粤示范区人民政府",
        "粤示范区教育局",
        "粤示范区民政局",
        "粤示范区司法局",
        "粤示范区交通运输局",
        "粤示范区水务局",
        "粤示范区文化广电旅游体育局",
    ]
    reports = [make_report(601 + i, agencies[i], year, f"{year + 1}-01-2{i}", form=form) for i, (form, year) in enumerate(forms)]
    return [*reports, make_report(608, "粤示范区财政局", 2021, "2022-01-28", form="unreadable")]
