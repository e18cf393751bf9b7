"""Synthetic government prose: titles, summaries and Markdown bodies from the phrase banks.

Every function takes a `random.Random` so that one entry's text depends only on
its own seed: the corpus can be generated in parallel and still be identical.
"""

from __future__ import annotations

import random

from phrases import (
    ACTIONS,
    ADJ_WORKS,
    BASES,
    CITY,
    CN_NUM,
    CONTENTS,
    GOALS,
    HEADINGS,
    MEANS,
    STAT_ITEMS,
    SUBJECTS,
    TIMES,
    TITLE_FORMS,
    UNITS,
    VERBS,
)


def title(r: random.Random, genre: str, obj: str, agency_name: str, year: int) -> str:
    form = r.choice(TITLE_FORMS[genre])
    return form.format(verb=r.choice(VERBS), obj=obj, city=CITY, agency=agency_name, year=year,
                       month=r.randint(1, 12))


def summary(r: random.Random, obj: str) -> str:
    return (f"本文件围绕{obj}，明确了{r.choice(ADJ_WORKS)}、{r.choice(ADJ_WORKS)}等方面的要求，"
            f"{r.choice(GOALS)}。")


# --- sentences ------------------------------------------------------------------------------

def _opening(r, obj):
    return (f"为{r.choice(VERBS)}{obj}，{r.choice(GOALS)}，根据{r.choice(BASES)}，结合本市实际，"
            f"现就有关事项{r.choice(['通知如下', '提出如下意见', '制定本方案'])}。")


def _duty(r, obj):
    return (f"{r.choice(SUBJECTS)}要{r.choice(['高度重视', '切实提高认识', '强化责任担当'])}，把{obj}"
            f"{r.choice(['摆上重要议事日程', '纳入年度重点工作', '作为一项经常性工作'])}，"
            f"{r.choice(['明确分管领导和具体工作人员', '建立健全工作台账', '细化分解任务'])}，{r.choice(GOALS)}。")


def _measure(r, obj):
    return (f"{r.choice(SUBJECTS)}应当{r.choice(TIMES)}{r.choice(MEANS)}{r.choice(ACTIONS)}"
            f"{obj}{r.choice(CONTENTS)}，并{r.choice(['同步做好政策解读', '接受社会监督', '报市政务公开办备案', '做好归档工作'])}。")


def _progress(r, obj):
    return (f"{r.choice(['近年来', '今年以来', '上半年', '过去一年'])}，{r.choice(SUBJECTS)}"
            f"{r.choice(VERBS)}{obj}，累计{r.choice(ACTIONS)}{r.choice(CONTENTS)}{r.randint(12, 980)}"
            f"{r.choice(['条', '项', '件', '份'])}，{r.choice(['工作成效逐步显现', '群众满意度持续提高', '各项指标稳中向好'])}。")


def _problem(r, obj):
    return (f"同时也要看到，{obj}仍存在{r.choice(['发展不平衡', '信息更新不及时', '基层力量薄弱', '制度衔接不够紧密'])}"
            f"等问题，需要在{r.choice(ADJ_WORKS)}方面{r.choice(['持续用力', '进一步改进', '加大工作力度'])}。")


SENTENCES = (_duty, _measure, _progress, _problem, _measure)


def paragraph(r: random.Random, obj: str, sentences: int) -> str:
    return "".join(r.choice(SENTENCES)(r, obj) for _ in range(sentences))


def _numbered_items(r, obj, count):
    lines = []
    for i in range(count):
        label = f"（{CN_NUM[i]}）{r.choice(VERBS)}{r.choice(ADJ_WORKS)}。"
        lines.append(label + paragraph(r, obj, r.randint(1, 3)))
    return lines


def _markdown_list(r, obj, count):
    return [f"{i + 1}. {r.choice(ACTIONS)}{obj}{r.choice(CONTENTS)}，{r.choice(TIMES)}完成。" for i in range(count)]


def _table(r, obj, units):
    rows = ["| 序号 | 工作任务 | 责任单位 | 完成时限 |", "| --- | --- | --- | --- |"]
    for i in range(r.randint(3, 7)):
        rows.append(f"| {i + 1} | {r.choice(VERBS)}{obj}{r.choice(CONTENTS)} | {r.choice(units)} | "
                    f"{r.choice(['3月底前', '6月底前', '9月底前', '12月底前', '长期坚持'])} |")
    return rows


def _stat_table(r, year):
    rows = [f"| 指标 | 单位 | {year}年 | 同比增长（%） |", "| --- | --- | ---: | ---: |"]
    for item in r.sample(STAT_ITEMS, r.randint(4, 8)):
        rows.append(f"| {item} | {r.choice(UNITS)} | {r.randint(10, 9999)}.{r.randint(0, 9)} | "
                    f"{r.choice(['', '-'])}{r.randint(0, 15)}.{r.randint(0, 9)} |")
    return rows


def _articles(r, obj, target):
    """规章 and 规范性文件 are written in articles: 第一条 … 第N条."""
    blocks, size, n = [], 0, 0
    chapters = ["总则", "职责分工", "管理要求", "监督检查", "法律责任", "附则"]
    for chapter_no, chapter in enumerate(chapters):
        blocks.append(f"## 第{CN_NUM[chapter_no]}章 {chapter}")
        for _ in range(r.randint(2, 4)):
            n += 1
            text = f"**第{_cn_ordinal(n)}条** " + paragraph(r, obj, r.randint(1, 3))
            blocks.append(text)
            size += len(text)
        if size >= target and chapter_no >= 1:
            break
    blocks.append(f"**第{_cn_ordinal(n + 1)}条** 本办法自印发之日起施行，有效期{r.choice(['三', '五'])}年。")
    return blocks


def _cn_ordinal(n: int) -> str:
    if n <= 10:
        return CN_NUM[n - 1]
    if n < 20:
        return "十" + (CN_NUM[n - 11] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return CN_NUM[tens - 1] + "十" + (CN_NUM[ones - 1] if ones else "")


def body_length(r: random.Random) -> int:
    """Target length in characters: log-normal, median about 1,100; sections overshoot it, so bodies average about 1,400, within 300–2,400 before the last section."""
    return int(min(2400, max(300, r.lognormvariate(7.0, 0.45))))


def body(r: random.Random, genre: str, obj: str, signer: str, date_text: str, year: int, units: list[str]) -> str:
    target = body_length(r)
    if genre in ("规章", "规范性文件"):
        blocks = [_opening(r, obj).replace("现就有关事项制定本方案", "制定本办法")]
        blocks += _articles(r, obj, target)
        return "\n\n".join(blocks) + "\n"
    blocks = []
    if genre in ("通知", "意见", "通报", "决定", "通告"):
        blocks.append(f"{r.choice(SUBJECTS)}：")
    blocks.append(_opening(r, obj))
    if genre == "统计数据":
        blocks.append(_progress(r, obj) + _progress(r, obj))
        blocks.append("\n".join(_stat_table(r, year)))
    size = sum(map(len, blocks))
    headings = r.choice(HEADINGS)
    for i, heading in enumerate(headings):
        if size >= target and i >= 1:
            break
        blocks.append(f"## {CN_NUM[i]}、{heading}")
        kind = r.random()
        if kind < 0.45:
            new = _numbered_items(r, obj, r.randint(2, 4))
        elif kind < 0.65:
            new = [paragraph(r, obj, 2), "\n".join(_markdown_list(r, obj, r.randint(3, 6)))]
        elif kind < 0.72:
            new = [paragraph(r, obj, 1), "\n".join(_table(r, obj, units))]
        else:
            new = [paragraph(r, obj, r.randint(2, 5)) for _ in range(r.randint(1, 2))]
        blocks.extend(new)
        size += sum(map(len, new))
    while size < target:  # short heading sets: keep writing the last section
        extra = paragraph(r, obj, r.randint(2, 4))
        blocks.append(extra)
        size += len(extra)
    blocks.append(f"{signer}\n\n{date_text}")
    return "\n\n".join(blocks) + "\n"


def interpretation_body(r: random.Random, policy_title: str, obj: str) -> str:
    blocks = [f"近日，{CITY}印发了《{policy_title}》。为便于社会公众了解文件内容，现解读如下。",
              "## 一、制定背景", paragraph(r, obj, r.randint(2, 4)),
              "## 二、主要内容", *_numbered_items(r, obj, r.randint(2, 4)),
              "## 三、政策问答",
              f"**问：《{policy_title}》适用于哪些对象？**",
              "答：" + paragraph(r, obj, 2),
              "**问：有关单位应当如何落实？**",
              "答：" + paragraph(r, obj, 2)]
    return "\n\n".join(blocks) + "\n"
