"""Body Markdown: the soft line break between two Chinese characters is joined in running text
(it would show as a space), never inside code, where the line break is the content."""

from __future__ import annotations

from generator.render.markdown import render_markdown


def test_soft_break_between_chinese_is_joined_in_a_paragraph():
    assert "<p>第一行接着第二行</p>" in render_markdown("第一行\n接着第二行\n").html


def test_code_block_keeps_its_lines():
    html = render_markdown("```\n第一行\n第二行\n```\n").html
    assert "第一行\n第二行" in html


def test_indented_code_and_inline_code_keep_their_lines():
    assert "甲\n乙" in render_markdown("    甲\n    乙\n").html
    assert "<code>甲\n乙</code>" in render_markdown("正文`甲\n乙`正文\n").html


def test_text_after_a_code_block_is_still_joined():
    html = render_markdown("```\n代码\n行\n```\n\n后面\n的话\n").html
    assert "代码\n行" in html and "<p>后面的话</p>" in html
