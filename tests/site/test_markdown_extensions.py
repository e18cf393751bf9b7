"""A body is converted with only the Markdown extensions and inline patterns whose syntax it
holds (generator/render/markdown.py, syntax_used): the HTML must be what all of them give."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from generator.render.markdown import ALL_SYNTAX, PART_GROUPS, BodyRenderer, syntax_used

REPO = Path(__file__).resolve().parents[2]

# Each extension's syntax, alone and next to the others, and near misses of it.
SAMPLES = {
    "tables": "| 项目 | 数量 |\n|---|---:|\n| 一 | 1 |\n",
    "tables, no leading pipe": "项目 | 数量\n--- | ---\n一 | 1\n",
    "admonition": '!!! note "说明"\n    本文件自发布之日起施行。\n',
    "attr_list": "## 第一章 总则 {#general .gk-x}\n\n正文。\n{: .lead }\n",
    "def_list": "政务公开\n:   行政机关主动公开政府信息。\n\n依申请公开\n: 依申请提供。\n",
    "def_list, indented mark": "术语\n   : 解释\n",
    "footnotes": "根据有关规定[^1]。\n\n[^1]: 《中华人民共和国政府信息公开条例》。\n",
    "abbr": "由 PRC 负责。\n\n*[PRC]: 中华人民共和国\n",
    "md_in_html": '<div markdown="1">\n**加粗** 与 [链接](a.md)\n</div>\n\n<table><tr><td colspan="2">合并</td></tr></table>\n',
    "html comment": "<!-- 编辑说明 -->\n正文。\n",
    "entity and autolink": "见 <https://www.gov.cn/> 与 &copy; 2024。\n",
    "details": '??? note "展开"\n    隐藏的内容。\n\n???+ tip "默认展开"\n    内容。\n',
    "superfences": "```\n代码 | 不是表格\n```\n\n~~~text\n[^x] *[y]\n~~~\n",
    "indented code": "正文。\n\n    缩进四格的代码块\n    第二行\n",
    "lists": "1. 第一\n2. 第二\n\n- 甲\n- 乙\n\n* 丙\n\n3) 第三\n",
    "headings": "# 标题\n\n## 第一章\n\n### 第一节\n\n第二章\n---\n\n[TOC]\n",
    "colons and braces in prose": "时间：2024年1月1日\n地点: 会议室\n  :不是定义\n数学 {x}\n",
    "question and exclamation marks": "是否公开？？？不！！！\n",
    "plain prose": "为进一步做好政务公开工作，现通知如下。\n一、加强组织领导。\n",
    "emphasis": "**重点**工作、*一般*工作、__加粗__与_斜体_，以及 * 单独的星号 _ 和 ***三个***。\n",
    "line breaks": "第一行  \n第二行\t\n第三行 \r\n第四行\n",
    "links and images": "[链接](a.md) ![图](files/a.png) [引用][r] [r] ![r]\n\n[r]: https://www.gov.cn/\n",
    "code and escapes": "`代码` 与 \\*不是强调\\* 和 \\[不是链接\\]\n",
    "quote": "> 引用的内容\n>\n> 第二段\n> > 嵌套\n",
    "rules": "正文\n\n***\n\n_ _ _\n\n *  * *\n\n- - -\n\n> ___\n\n标题\n===\n\n1. 项目\n\n    ***\n",
    "toc marker in a quote": "## 目录\n\n> [TOC]\n",
    "raw inline html": "正文 <span class=\"x\">内联</span> <b>粗</b> 与 <mail@example.com>\n",
}


def _all_and_chosen(renderer: BodyRenderer, text: str):
    return renderer.render(text, syntax=ALL_SYNTAX), renderer.render(text)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_gives_the_same_html_as_all_extensions(name):
    renderer = BodyRenderer()
    everything, chosen = _all_and_chosen(renderer, SAMPLES[name])
    assert chosen.html == everything.html
    assert chosen.toc == everything.toc


def test_samples_mixed_give_the_same_html():
    """Every sample in one body, in a few orders: extensions meet each other's syntax."""
    renderer = BodyRenderer()
    texts = list(SAMPLES.values())
    for seed in range(5):
        random.Random(seed).shuffle(texts)
        everything, chosen = _all_and_chosen(renderer, "\n".join(texts))
        assert chosen.html == everything.html


def test_every_body_in_the_repository_gives_the_same_html():
    """The demo content, the test fixtures and the docs (the help page is built from them)."""
    files = sorted(p for p in REPO.glob("content/**/*.md")) + sorted(REPO.glob("tests/**/fixtures/**/*.md")) \
        + sorted(REPO.glob("docs/*.md"))
    assert len(files) > 50
    renderer = BodyRenderer()
    for path in files:
        text = path.read_text(encoding="utf-8")  # front matter and all: any text is a fair input
        everything, chosen = _all_and_chosen(renderer, text)
        assert chosen.html == everything.html, path


def test_synthetic_government_prose_gives_the_same_html():
    """The benchmark corpus's bodies: headings, numbered items, lists, tables."""
    sys.path.insert(0, str(REPO / "benchmarks"))
    import prose

    renderer = BodyRenderer()
    r = random.Random(7)
    for n in range(200):
        genre = ("通知", "规范性文件", "统计数据", "意见", "规划")[n % 5]
        text = prose.body(r, genre, "政务公开", "某市人民政府", "2024年1月1日", 2024, ["市财政局", "市教育局"])
        everything, chosen = _all_and_chosen(renderer, text)
        assert chosen.html == everything.html, n


def test_a_plain_body_is_converted_without_the_syntax_it_does_not_use():
    assert syntax_used(SAMPLES["plain prose"]) == (("sane_lists", "toc"), tuple(PART_GROUPS))
    assert "tables" in syntax_used(SAMPLES["tables"])[0]
    assert syntax_used(SAMPLES["emphasis"])[1] == ("markup", "line break", "quote", "toc marker")  # *** is a rule
    assert syntax_used(SAMPLES["quote"])[1] == ("markup", "emphasis", "line break", "rule and underlined heading",
                                                "toc marker")
    assert syntax_used("\n".join(SAMPLES.values())) == ALL_SYNTAX
