"""Flattened text: a page's text with white space folded, searched for whole row labels and the digit runs after
them (the flat reader's rows)."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

_WS = re.compile(r"[\s\u00a0\u3000\u200b]+")
_DROP = "“”\"'‘’"
T3_RUN = re.compile(r"[0-9 ]*[0-9]")
T2_RUN = re.compile(r"[0-9 .\-]*[0-9](?: ?万?元)?")
_BLEED = re.compile(r" ?[.、．](?=\D)")
_MAX_SKIP = 3  # between a whole label and its digits: spaces only
_BORDER = re.compile(r" ?\|")  # a cell's border printed after a run: its cells printed apart

# Row labels as they print in the compact text (NFKC, no spaces, no quotes). A label counts only when it is
# whole and the digits follow at once, so that 其他 or 总计 never match inside another label.
T3_ANCHORS_HEAD = (
    ("new_received", "本年新收政府信息公开申请数量"),
    ("carried_over", "上年结转政府信息公开申请数量"),
    ("granted", "予以公开"),
    ("partially_granted", r"部分公开(?:\([^)]{0,30}\))?"),
    ("denied_state_secret", "属于国家秘密"),
    ("denied_law_prohibited", "其他法律行政法规禁止公开"),
    ("denied_three_safeties", "(?:危及)?三安全一稳定"),
    ("denied_third_party", "保护第三方合法权益"),
    ("denied_internal_affairs", "属于三类内部事务信息"),
    ("denied_process_info", "属于四类过程性信息"),
    ("denied_enforcement_file", "属于行政执法案卷"),
    ("denied_admin_query", "属于行政查询事项"),
    ("unable_not_held", "本机关不掌握相关政府信息"),
    ("unable_needs_creation", "没有现成信息需(?:要)?另行制作"),
    ("unable_unclear", "补正后申请内容仍不明确"),
    ("unprocessed_petition", "信访举报投诉类申请"),
    ("unprocessed_duplicate", "重复申请"),
    ("unprocessed_publication", "要求提供公开出版物"),
    ("unprocessed_excessive", "无正当理由大量反复申请"),
    ("unprocessed_confirmation", "要求行政机关确认或重新出具已获取信息"),
)
T3_ANCHORS_2019 = (("other", "其他处理"),)
T3_ANCHORS_2021 = (
    ("other_no_correction", "逾期不补正[、,]?行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "逾期未按收费通知要求缴纳费用[、,]?行政机关不再处理其政府信息公开申请"),
    ("other_misc", "(?<=[0-9][.、])其他"),
)
T3_ANCHORS_TAIL = (("total_processed", "总计"), ("carried_forward", "结转下年度继续办理"))


def t3_anchors(template: str) -> tuple[tuple[str, str], ...]:
    """Table 三's row labels in the order of the template given ("2019" or "2021")."""
    return T3_ANCHORS_HEAD + (T3_ANCHORS_2021 if template == "2021" else T3_ANCHORS_2019) + T3_ANCHORS_TAIL


T2_ANCHORS = (
    ("regulations", "规章"),
    ("normative_documents", "规范性文件"),
    ("licensing", "行政许可"),
    ("other_services", "其他对外管理服务事项"),
    ("punishment", "行政处罚"),
    ("coercion", "行政强制"),
    ("fees", "行政事业性收费"),
    ("procurement", "政府集中采购"),
)
_LABEL_END = r"(?=[0-9\-])"
_COMPILED: dict[str, re.Pattern[str]] = {}


def _label(anchor: str) -> re.Pattern[str]:
    if anchor not in _COMPILED:
        _COMPILED[anchor] = re.compile(anchor + _LABEL_END)
    return _COMPILED[anchor]


@dataclass
class FlatText:
    """Text with white space folded to single spaces, and the same text without spaces for label search."""

    text: str
    compact: str
    where: list[int]  # compact index -> text index

    @classmethod
    def of(cls, raw: str) -> FlatText:
        text = _WS.sub(" ", unicodedata.normalize("NFKC", raw))
        chars = [(i, ch) for i, ch in enumerate(text) if ch != " " and ch not in _DROP]
        return cls(text, "".join(ch for _, ch in chars), [i for i, _ in chars])

    def find(self, anchor: str, start: int) -> int:
        """Text index just after the anchor's first occurrence at or after text index `start`; -1 if none."""
        k = self.compact.find(anchor, bisect_left(self.where, start))
        return -1 if k < 0 else self.where[k + len(anchor) - 1] + 1

    def find_label(self, anchor: str, start: int) -> int:
        """Text index just after a whole row label directly followed by digits, at or after `start`; -1 if none."""
        m = _label(anchor).search(self.compact, bisect_left(self.where, start))
        return -1 if m is None else self.where[m.end() - 1] + 1

    def run_after(self, pos: int, pattern: re.Pattern[str]) -> tuple[str, int, int] | None:
        """(run, start, end): the value run after a label's remaining words (no digits among them)."""
        k = pos
        while k < len(self.text) and not self.text[k].isdigit() and self.text[k] != "-":
            k += 1
        if k >= len(self.text) or k - pos > _MAX_SKIP:
            return None
        m = pattern.match(self.text, k)
        if not m:
            return None
        run, end = m.group(0), m.end()
        if _BLEED.match(self.text, end) and run[-1].isdigit() and (len(run) < 2 or run[-2] in " 0123456789"):
            run = run[:-1].rstrip()  # the next label's numbering (…0000002.其他…) is not a cell
        return (run, k, end) if run and run[-1].isdigit() or run.endswith("元") else None


@dataclass
class FlatRow:
    key: str
    run: str
    offset: int
    bordered: bool = False  # a cell's border follows the run: its digits are whole cells, printed apart


def bordered(flat: FlatText, end: int) -> bool:
    """A cell's border right after a run ending at text index end."""
    return _BORDER.match(flat.text, end) is not None


def scan(flat: FlatText, anchors: tuple[tuple[str, str], ...], start: int, pattern: re.Pattern[str]) -> list[FlatRow]:
    """Rows in template order: each label searched after the previous row; a missing label is skipped."""
    rows: list[FlatRow] = []
    pos = start
    for key, anchor in anchors:
        end = flat.find_label(anchor, pos)
        if end < 0:
            continue
        found = flat.run_after(end, pattern)
        if found is None:
            continue
        run, k, pos = found
        rows.append(FlatRow(key, run, k, bordered(flat, pos)))
    return rows


def t3_start(flat: FlatText) -> int:
    """Where the t3 table starts: its first row label directly followed by digits."""
    pos = 0
    while True:
        end = flat.find_label(T3_ANCHORS_HEAD[0][1], pos)
        if end < 0:
            return -1
        found = flat.run_after(end, T3_RUN)
        if found and found[1] - end <= 2:
            return end - len(T3_ANCHORS_HEAD[0][1]) - 1
        pos = end
