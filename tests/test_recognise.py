"""The report-title recogniser on real title forms and look-alikes."""

from __future__ import annotations

import pytest

from harvester.recognise import is_report_category, is_report_title, report_year

REPORTS = [
    "广东省人民政府2020年政府信息公开工作年度报告",
    "云浮市人民政府办公室 2020 年 政府信息公开工作年度报告",
    "广州市协作办公室2021年政府信息公开工作年度报告",
    "广东省人民政府参事室（文史研究馆）2020年政府信息公开工作年度报告",
    "2021年度政府信息公开工作年度报告",
    "深圳市南山区2019年政府信息公开年报",
    "珠海市香洲区卫生健康局2022年度信息公开报告",
    "广州市增城区政务服务数据管理局2020年 政府信息公开工作年度报告",
    "广州市审计局2023年政府信息公开工作年度报告",
    "广东省统计局2022年政府信息公开工作年度报告",
    "广州市财政局预算处2021年政府信息公开工作年度报告",
    "平潭综合实验区2020年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会",
    "沭阳县发展和改革局2023年政府信息公开年度报告（全文）",
    # as list pages print them: the date inside the link, a form after the name, the name cut short, the year after
    "广州市荔湾区人民政府2023年政府信息公开工作年度报告2024-02-21",
    "·广州市荔湾区人民政府2023年政府信息公开工作年度报告[2024-02-21]",
    "广州市人民政府办公厅2023年政府信息公开工作年度报告（PDF版）",
    "广州市财政局2023年政府信息公开工作...",
    "广州市教育局政府信息公开工作年度报告（2023年）",
]
LOOKALIKES = [
    "2021年部门预算公开",
    "广东省2020年部门决算公开",
    "2021年统计年报",
    "2022年政务公开工作要点",
    "政府信息公开年报目录",
    "关于2021年政府信息公开工作年度报告的解读",
    "2021年政府信息公开指南",
    "图解：广州市2022年政府信息公开工作年度报告",
    "一图读懂《2022年政府信息公开工作年度报告》",
    "【解读】2021年政府信息公开工作年度报告",
    "关于印发2021年政府信息公开工作年度报告的通知",
    "2021年政府信息公开工作年度报告（征求意见稿）",
    "广州市2021年预算信息公开报告",
    "广州市2021年政府网站工作年度报表",
    "广州市2021年法治政府建设年度报告",
    "2022年政务公开工作要点...",
    "图解：2022年政府信息公开工作...",
    "2021年政府信息公开工作年度报告（征求意见稿）2022-01-02",
    "",
]


@pytest.mark.parametrize("title", REPORTS)
def test_reports(title: str) -> None:
    assert is_report_title(title)


@pytest.mark.parametrize("title", LOOKALIKES)
def test_lookalikes(title: str) -> None:
    assert not is_report_title(title)


def test_categories_and_year() -> None:
    assert is_report_category("政府信息公开年报") and is_report_category("年度报告") and is_report_category("年报")
    assert not is_report_category("统计年报") and not is_report_category("预算公开")
    assert report_year("某局 2019 年政府信息公开年报") == 2019
