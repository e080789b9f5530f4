"""Canonical keys, official labels and label synonyms of the national report template (shared/spec)."""

from __future__ import annotations

SECTION_KEYS = ("s1", "s2", "s3", "s4", "s5", "s6")

# Heading keywords per section; a heading is a numbered line whose text starts with one of these.
SECTION_HEADINGS: dict[str, tuple[str, ...]] = {
    "s1": ("总体情况",),
    "s2": ("主动公开政府信息情况", "主动公开政府信息"),
    "s3": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请"),
    "s4": (
        "政府信息公开行政复议、行政诉讼情况",
        "政府信息公开行政复议",
        "因政府信息公开工作被申请行政复议",
        "行政复议和行政诉讼情况",
        "行政复议、行政诉讼情况",
    ),
    "s5": (
        "存在的主要问题及改进情况",
        "政府信息公开工作存在的主要问题",
        "主要问题和改进措施",
        "存在的主要问题",
        "存在问题及改进情况",  # shortened forms seen on portals; the prefixes below catch …改进措施 too
        "存在的问题及改进情况",
        "主要问题及改进情况",
        "存在的主要问题和改进措施",
        "存在问题及改进措施",
        "存在的问题及改进措施",
        "存在问题及改进",
        "存在的问题及改进",
        "主要问题及改进",
    ),
    "s6": ("其他需要报告的事项",),
}

# ---- t2: 主动公开政府信息情况 -------------------------------------------------------------
T2_ROWS: dict[str, tuple[str, ...]] = {
    "regulations": ("规章",),
    "normative_documents": ("行政规范性文件", "规范性文件"),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项",),
    "punishment": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
    "procurement": ("政府集中采购",),
}

# A header cell names the column when it contains one of these (the template's words, then shorter ones real
# tables print: 本年制发数, 现行有效数, 对外公开总数, 收费金额).
T2_COLUMNS: dict[str, tuple[str, ...]] = {
    "issued": ("本年制发件数", "本年制发"),
    "repealed": ("本年废止件数", "本年废止"),
    "in_force": ("现行有效件数", "现行有效"),
    "new_made": ("本年新制作数量",),
    "new_published": ("本年新公开数量",),
    "total_published": ("对外公开总数量", "对外公开总数"),
    "prev_items": ("上一年项目数量",),
    "change": ("本年增/减", "本年增减"),
    "projects": ("采购项目数量",),
    "amount": ("本年收费金额", "采购总金额", "收费金额"),
}

T2_MONEY = frozenset({"amount"})  # the one column of money (本年收费金额, 采购总金额): every other one counts
T2_SIGNED = frozenset({"change"})  # the one column that may be below zero (本年增/减)

# decisions has one label in both formats; kept apart because 2021 says 本年处理决定数量.
T2_DECISIONS_LABELS = ("本年处理决定数量", "处理决定数量")

# Default columns per template and row when a table carries no readable header.
T2_DEFAULT_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "2019": {
        "regulations": ("new_made", "new_published", "total_published"),
        "normative_documents": ("new_made", "new_published", "total_published"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "punishment": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "fees": ("prev_items", "change"),
        "procurement": ("projects", "amount"),
    },
    "2021": {
        "regulations": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "punishment": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
}

# Every column a t2 row has in either template: a row read under another column was printed under another row's header.
T2_ROW_COLUMNS: dict[str, frozenset[str]] = {
    row: frozenset(col for layouts in T2_DEFAULT_COLUMNS.values() for col in layouts.get(row, ())) for row in T2_ROWS
}

# ---- t3: 收到和处理政府信息公开申请情况 -------------------------------------------------------
T3_COLUMNS = ("natural_person", "business", "research", "nonprofit", "legal_services", "other_org", "total")

# The template's header first (it names the column in the labels table), then the shorter or other words real
# tables print in its place (合计 for 总计, 企业 for 商业企业…); a header cell must equal one of them.
T3_COLUMN_LABELS: dict[str, tuple[str, ...]] = {
    "natural_person": ("自然人", "公民"),
    "business": ("商业企业", "企业"),
    "research": ("科研机构", "科研单位"),
    "nonprofit": ("社会公益组织", "社会组织", "公益组织"),
    "legal_services": ("法律服务机构", "法律机构"),
    "other_org": ("其他", "其他组织"),
    "total": ("总计", "合计"),
}

# Leaf labels (numbering stripped). Order matters: more specific labels first.
T3_ROWS: dict[str, tuple[str, ...]] = {
    "new_received": ("本年新收政府信息公开申请数量",),
    "carried_over": ("上年结转政府信息公开申请数量",),
    "granted": ("予以公开",),
    "partially_granted": (
        "部分公开",
        "（区分处理的，只计这一情形，不计其他情形）",
    ),  # its note: OCR and wrapped cells print it apart
    "denied_state_secret": ("属于国家秘密",),
    "denied_law_prohibited": ("其他法律行政法规禁止公开",),
    "denied_three_safeties": ("危及“三安全一稳定”", "危及三安全一稳定"),
    "denied_third_party": ("保护第三方合法权益",),
    "denied_internal_affairs": ("属于三类内部事务信息",),
    "denied_process_info": ("属于四类过程性信息",),
    "denied_enforcement_file": ("属于行政执法案卷",),
    "denied_admin_query": ("属于行政查询事项",),
    "unable_not_held": ("本机关不掌握相关政府信息",),
    "unable_needs_creation": ("没有现成信息需要另行制作", "没有现成信息需另行制作"),
    "unable_unclear": ("补正后申请内容仍不明确",),
    "unprocessed_petition": ("信访举报投诉类申请",),
    "unprocessed_duplicate": ("重复申请",),
    "unprocessed_publication": ("要求提供公开出版物",),
    "unprocessed_excessive": ("无正当理由大量反复申请",),
    "unprocessed_confirmation": ("要求行政机关确认或重新出具已获取信息",),
    "other_no_correction": ("申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",),
    "other_unpaid_fee": ("申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",),
    "other": ("其他处理",),
    "total_processed": ("总计", "合计"),
    "carried_forward": ("结转下年度继续办理",),
}

T3_OUTCOMES_COMMON = (
    "granted",
    "partially_granted",
    "denied_state_secret",
    "denied_law_prohibited",
    "denied_three_safeties",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "unprocessed_petition",
    "unprocessed_duplicate",
    "unprocessed_publication",
    "unprocessed_excessive",
    "unprocessed_confirmation",
)
T3_OUTCOMES: dict[str, tuple[str, ...]] = {
    "2019": T3_OUTCOMES_COMMON + ("other",),
    "2021": T3_OUTCOMES_COMMON + ("other_no_correction", "other_unpaid_fee", "other_misc"),
}


def _sub_numbers(rows: tuple[str, ...]) -> dict[str, int]:
    """The number each sub-row prints within its group (（三）不予公开 1.属于国家秘密 … 8.属于行政查询事项, …): its place
    among the outcome rows of its group (the key's first word: denied, unable, unprocessed, other)."""
    numbers: dict[str, int] = {}
    for group in ("denied", "unable", "unprocessed", "other"):
        numbers |= {key: n for n, key in enumerate((k for k in rows if k.split("_")[0] == group), start=1)}
    return numbers


T3_SUB_NUMBER: dict[str, int] = _sub_numbers(T3_OUTCOMES["2021"])

# ---- t4: 行政复议、行政诉讼 ---------------------------------------------------------------
T4_GROUPS = ("review", "litigation_direct", "litigation_after_review")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")
T4_ORDER = tuple((g, c) for g in T4_GROUPS for c in T4_COLUMNS)  # the template's 15 cells, left to right
# the shorter words real t4 headers print for results (合计 for 总计, 维持 for 结果维持…), in a grid's cells or as text
T4_SHORT_RESULTS = {"维持": "upheld", "纠正": "corrected", "未审结": "pending", "合计": "total"}

# ---- template evidence ------------------------------------------------------------------
TEMPLATE_2021_MARKERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期未按收费通知")
TEMPLATE_2019_MARKERS = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "采购项目数量", "政府集中采购")

# Legacy (pre2019) indicator tables.
LEGACY_COLUMNS: dict[str, tuple[str, ...]] = {
    "unit": ("计量单位", "单位"),
    "this_year": ("本年度", "本年", "本年数"),
    "cumulative": ("历年累计", "累计"),
}


def t3_order(template: str) -> tuple[str, ...]:
    """The t3 rows in the order the template prints them."""
    outcomes = T3_OUTCOMES["2021" if template == "2021" else "2019"]
    return ("new_received", "carried_over", *outcomes, "total_processed", "carried_forward")
