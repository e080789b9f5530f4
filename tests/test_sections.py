"""Section headings as portals print them: the template's wording and its shortened forms."""

from __future__ import annotations

import pytest

from harvester.parse.sections import split_sections

BODY = "一、总体情况\n本机关推进政务公开。\n{heading}\n一是公开深度不够。\n六、其他需要报告的事项\n无。"


@pytest.mark.parametrize(
    ("heading", "first"),
    [
        ("五、存在的主要问题及改进情况", "一是公开深度不够。"),
        ("五、存在问题及改进情况", "一是公开深度不够。"),  # a city's 2025 page
        ("五、存在问题及改进措施", "一是公开深度不够。"),
        ("五、主要问题及改进情况", "一是公开深度不够。"),
        ("五、存在的主要问题和改进措施：一是公开深度不够。", "一是公开深度不够。"),
    ],
)
def test_problems_section_under_its_shortened_headings(heading: str, first: str) -> None:
    sections, warnings = split_sections(BODY.format(heading=heading))
    assert sections["s5"].splitlines()[0] == first  # no leftover of the heading (「情况」, 「措施」) before the text
    assert sections["s6"] == "无。" and sections["s1"] == "本机关推进政务公开。"
    assert not any("s5" in w for w in warnings)


def test_a_sub_heading_in_the_problems_wording_is_not_a_section() -> None:
    sections, _ = split_sections(BODY.format(heading="（五）存在问题及改进情况"))
    assert sections["s5"] == ""


def test_a_numbered_heading_with_a_slip_in_its_title() -> None:
    """平潭 2022 prints 「四、政府信息公开行政法复议、行政诉讼情况」: its number and all but one character of the
    title name section 四; a line of prose that only mentions the words, or a title one character off without its
    number, does not."""
    from harvester.parse.sections import heading_key

    assert heading_key("四、政府信息公开行政法复议、行政诉讼情况") == "s4"
    assert heading_key("四是加强行政复议、行政诉讼案件的处理工作") is None
    assert heading_key("政府信息公开行政法复议、行政诉讼情况") is None
    assert heading_key("五、政府信息公开行政法复议、行政诉讼情况") is None  # the number names another section
    text = BODY.format(heading="四、政府信息公开行政法复议、行政诉讼情况\n行政复议 0 0 0 0 0\n五、存在的主要问题及改进情况")
    sections, warnings = split_sections(text)
    assert sections["s4"] == "行政复议 0 0 0 0 0"
    assert sections["s5"] == "一是公开深度不够。"
    assert not [w for w in warnings if "s4" in w]


def test_a_heading_that_runs_on_into_its_paragraph_is_found_and_the_paragraph_not_kept() -> None:
    """A numbered heading followed by its text on the same line names its section however long the line; lines
    of a paragraph's length are answered without entering the headings' cache."""
    from harvester.parse import sections

    paragraph = "本年度，我局认真贯彻落实《中华人民共和国政府信息公开条例》，" * 8
    sections._cached_heading_key.cache_clear()
    assert sections.heading_key("一、总体情况。" + paragraph) == "s1"
    assert sections.heading_key("二、主动公开政府信息情况" + paragraph) == "s2"
    assert sections.heading_key(paragraph) is None
    assert sections._cached_heading_key.cache_info().currsize == 0
    assert sections.heading_key("三、收到和处理政府信息公开申请情况") == "s3"
    assert sections._cached_heading_key.cache_info().currsize == 1
