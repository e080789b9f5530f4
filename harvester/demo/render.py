"""Render a demo report as an HTML body (official table layout) or as a PDF with a text layer."""

from __future__ import annotations

import html

from ..parse import spec
from .data import T3_ROW_ORDER, DemoReport

T2_ITEMS = {
    "2019": [
        ("第二十条第（一）项", ["regulations", "normative_documents"], ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        ("第二十条第（五）项", ["licensing", "other_services"], ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("第二十条第（六）项", ["punishment", "coercion"], ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("第二十条第（八）项", ["fees"], ["上一年项目数量", "本年增/减"]),
        ("第二十条第（九）项", ["procurement"], ["采购项目数量", "采购总金额"]),
    ],
    "2021": [
        ("第二十条第（一）项", ["regulations", "normative_documents"], ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("第二十条第（五）项", ["licensing"], ["本年处理决定数量"]),
        ("第二十条第（六）项", ["punishment", "coercion"], ["本年处理决定数量"]),
        ("第二十条第（八）项", ["fees"], ["本年收费金额（单位：万元）"]),
    ],
}
ROW_LABELS = {
    "regulations": "规章",
    "normative_documents": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
T3_GROUPS = [
    (
        "（三）不予公开",
        [
            f"{i}.{x}"
            for i, x in enumerate(
                [
                    "属于国家秘密",
                    "其他法律行政法规禁止公开",
                    "危及“三安全一稳定”",
                    "保护第三方合法权益",
                    "属于三类内部事务信息",
                    "属于四类过程性信息",
                    "属于行政执法案卷",
                    "属于行政查询事项",
                ],
                1,
            )
        ],
    ),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"]),
    (
        "（五）不予处理",
        [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
    ),
]
OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]
T3_HEAD = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (f' colspan="{colspan}"' if colspan > 1 else "")
    return f"<td{attrs}>{html.escape(text) if text else '&nbsp;'}</td>"


def t2_html(r: DemoReport) -> str:
    rows = []
    for item, keys, heads in T2_ITEMS[r.template]:
        rows.append(f"<tr>{_td(item, colspan=4)}</tr>")
        pad = 3 - len(heads)
        head_cells = "".join(_td(h) for h in heads[:-1]) + _td(heads[-1], colspan=1 + pad)
        rows.append(f"<tr>{_td('信息内容')}{head_cells}</tr>")
        for key in keys:
            cols = spec.T2_DEFAULT_COLUMNS[r.template][key]
            vals = [r.t2[(key, c)] for c in cols]
            cells = "".join(_td(v) for v in vals[:-1]) + _td(vals[-1], colspan=1 + pad)
            label = "行政规范性文件" if key == "normative_documents" and r.template == "2021" else ROW_LABELS[key]
            rows.append(f"<tr>{_td(label)}{cells}</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def t3_row_labels(template: str) -> list[tuple[str, list[tuple[str, int, int]]]]:
    """For each t3 row key, its label cells as (text, rowspan, colspan), official layout."""
    out: list[tuple[str, list[tuple[str, int, int]]]] = []
    keys = T3_ROW_ORDER[template]
    span = len(keys) - 3
    out.append((keys[0], [("一、本年新收政府信息公开申请数量", 1, 3)]))
    out.append((keys[1], [("二、上年结转政府信息公开申请数量", 1, 3)]))
    out.append(("granted", [("三、本年度办理结果", span, 1), ("（一）予以公开", 1, 2)]))
    out.append(("partially_granted", [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)]))
    i = 4
    for group, labels in T3_GROUPS:
        for j, label in enumerate(labels):
            cells = [(group, len(labels), 1)] if j == 0 else []
            out.append((keys[i], [*cells, (label, 1, 1)]))
            i += 1
    if template == "2019":
        out.append(("other", [("（六）其他处理", 1, 2)]))
    else:
        for j, key in enumerate(("other_no_correction", "other_unpaid_fee", "other_misc")):
            cells = [("（六）其他处理", 3, 1)] if j == 0 else []
            out.append((key, [*cells, (OTHER_2021[j], 1, 1)]))
    out.append(("total_processed", [("（七）总计", 1, 2)]))
    out.append(("carried_forward", [("四、结转下年度继续办理", 1, 3)]))
    return out


def t3_html(r: DemoReport) -> str:
    rows = [
        f"<tr>{_td(T3_HEAD, 3, 3)}{_td('申请人情况', 1, 7)}</tr>",
        f"<tr>{_td('自然人', 2)}{_td('法人或其他组织', 1, 5)}{_td('总计', 2)}</tr>",
        "<tr>" + "".join(_td(x) for x in ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]) + "</tr>",
    ]
    for key, labels in t3_row_labels(r.template):
        cells = "".join(_td(t, rs, cs) for t, rs, cs in labels)
        values = "".join(_td(r.t3[(key, c)]) for c in spec.T3_COLUMNS)
        rows.append(f"<tr>{cells}{values}</tr>")
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def t4_html(r: DemoReport) -> str:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        f"<tr>{_td('行政复议', 1, 5)}{_td('行政诉讼', 1, 10)}</tr>",
        "<tr>" + "".join(_td(h, 2) for h in heads) + _td("未经复议直接起诉", 1, 5) + _td("复议后起诉", 1, 5) + "</tr>",
        "<tr>" + "".join(_td(h) for h in heads * 2) + "</tr>",
        "<tr>" + "".join(_td(v) for v in r.t4) + "</tr>",
    ]
    return '<table border="1" cellspacing="0">' + "".join(rows) + "</table>"


def prose(r: DemoReport) -> dict[str, str]:
    """Section texts, written for the demo."""
    t3 = r.t3
    return {
        "intro": f"根据《中华人民共和国政府信息公开条例》，现公布{r.agency}{r.year}年政府信息公开工作年度报告。本报告数据统计期限为{r.year}年1月1日至{r.year}年12月31日。",
        "s1": f"{r.year}年，{r.agency}坚持以公开为常态、不公开为例外，全年共受理政府信息公开申请{t3[('new_received', 'total')]}件。",
        "s5": "存在的主要问题是政策解读形式较为单一。下一步将丰富解读形式，提升公开质量。",
        "s6": "本年度未收取信息处理费。" if r.template == "2021" else "无。",
    }


def report_body_html(r: DemoReport) -> str:
    """The report's article body as a portal would serve it."""
    p = prose(r)
    if r.form == "pdf":
        return f"<p>{p['intro']}</p><p>详见附件。</p>"
    return "".join(
        [
            f"<p>{p['intro']}</p>",
            f"<p><strong>一、总体情况</strong></p><p>{p['s1']}</p>",
            "<p><strong>二、主动公开政府信息情况</strong></p>",
            t2_html(r),
            "<p><strong>三、收到和处理政府信息公开申请情况</strong></p>",
            t3_html(r),
            "<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>",
            t4_html(r),
            f"<p><strong>五、存在的主要问题及改进情况</strong></p><p>{p['s5']}</p>",
            f"<p><strong>六、其他需要报告的事项</strong></p><p>{p['s6']}</p>",
            f'<p style="text-align:right">{r.agency}</p><p style="text-align:right">{r.published[:4]}年{int(r.published[5:7])}月{int(r.published[8:])}日</p>',
        ]
    )
