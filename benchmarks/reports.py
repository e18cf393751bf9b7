"""Synthetic annual reports (docs/annual-report.md#front-matter, format "2021") whose identities hold.

Each agency gets reports for its most recent years; consecutive years chain (上年结转 equals
last year's 结转下年度, I8; table 二 counts the catalog's 规章 and 规范性文件, I12–I13), every 总计 is the sum of its
columns (I1), the results add up (I3), the balance holds per column (I4) and table 四's totals
are their sums (I5–I7).
"""

from __future__ import annotations

import random
from pathlib import Path

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
RESULT_GROUPS = {
    "不予公开": ("国家秘密", "法律行政法规禁止公开", "三安全一稳定", "第三方合法权益", "三类内部事务信息",
             "四类过程性信息", "行政执法案卷", "行政查询事项"),
    "无法提供": ("本机关不掌握", "没有现成信息", "补正后申请内容仍不明确"),
    "不予处理": ("信访举报投诉", "重复申请", "公开出版物", "大量反复申请", "确认或重新出具"),
    "其他处理": ("逾期不补正", "逾期未缴费", "其他"),
}
# Where a handled request ends up: most are disclosed, few are refused.
RESULT_WEIGHTS = [("予以公开", None, 60), ("部分公开", None, 8)] + [
    (group, leaf, 12 if leaf in ("本机关不掌握", "没有现成信息") else 2)
    for group, leaves in RESULT_GROUPS.items() for leaf in leaves]
FIRST_FORMAT_2021_YEAR = 2021
LAST_YEAR = 2025


def _row(values: dict) -> str:
    cells = ", ".join(f"{c}: {values[c]}" for c in COLUMNS)
    return "{" + cells + f", 总计: {sum(values[c] for c in COLUMNS)}" + "}"


def _zero() -> dict:
    return {c: 0 for c in COLUMNS}


def _requests(r: random.Random, carried: dict) -> tuple[dict, dict, dict]:
    """New requests, where each handled one ended up (leaf → row), and those carried to next year."""
    new = {c: (r.randint(3, 40) if c == "自然人" else r.choice((0, 0, 0, 1, 2, 3))) for c in COLUMNS}
    results = {(g, leaf): _zero() for g, leaf, _ in RESULT_WEIGHTS}
    carry_next = _zero()
    keys = [(g, leaf) for g, leaf, _ in RESULT_WEIGHTS]
    weights = [w for *_, w in RESULT_WEIGHTS]
    for c in COLUMNS:
        open_requests = new[c] + carried[c]
        carry_next[c] = min(open_requests, r.choice((0, 0, 0, 1)))
        for key in r.choices(keys, weights, k=open_requests - carry_next[c]):
            results[key][c] += 1
    return new, results, carry_next


def _table_three(new: dict, carried: dict, results: dict, carry_next: dict) -> list[str]:
    lines = ["  三:", f"    本年新收: {_row(new)}", f"    上年结转: {_row(carried)}", "    办理结果:",
             f"      予以公开: {_row(results['予以公开', None])}", f"      部分公开: {_row(results['部分公开', None])}"]
    for group, leaves in RESULT_GROUPS.items():
        lines.append(f"      {group}:")
        lines += [f"        {leaf}: {_row(results[group, leaf])}" for leaf in leaves]
    total = {c: sum(row[c] for row in results.values()) for c in COLUMNS}
    lines += [f"      总计: {_row(total)}", f"    结转下年度: {_row(carry_next)}"]
    return lines


def _table_four(r: random.Random) -> list[str]:
    def block():
        cells = {k: r.choice((0, 0, 0, 1, 2)) for k in ("结果维持", "结果纠正", "其他结果", "尚未审结")}
        return "{" + ", ".join(f"{k}: {v}" for k, v in cells.items()) + f", 总计: {sum(cells.values())}" + "}"

    return ["  四:", f"    行政复议: {block()}", "    行政诉讼:", f"      未经复议直接起诉: {block()}",
            f"      复议后起诉: {block()}"]


CATALOG_GENRE = {"规章": "规章", "行政规范性文件": "规范性文件"}


def _table_two(r: random.Random, agency_id: str, year: int, regulations: dict) -> list[str]:
    """规章 and 规范性文件 rows agree with the catalog: every one is still in force (none repealed)."""
    lines = ["  二:"]
    for kind, genre in CATALOG_GENRE.items():
        made = regulations.get((agency_id, genre, year), 0)
        in_force = sum(v for (a, g, y), v in regulations.items() if a == agency_id and g == genre and y <= year)
        lines.append(f"    {kind}: {{本年制发件数: {made}, 本年废止件数: 0, 现行有效件数: {in_force}}}")
    for kind in ("行政许可", "行政处罚", "行政强制"):
        lines.append(f"    {kind}: {{本年处理决定数量: {r.randint(0, 400)}}}")
    lines.append(f"    行政事业性收费: {{本年收费金额: {r.randint(0, 9999) / 10}}}")
    return lines


def report_text(agency, year: int, r: random.Random, carried: dict, regulations: dict) -> tuple[str, dict]:
    new, results, carry_next = _requests(r, carried)
    meta = ["---", f"agency: {agency.id}", f"year: {year}", f"published: {year + 1}-01-{r.randint(10, 25):02d}",
            'format: "2021"', f"title: {agency.name}{year}年政府信息公开工作年度报告", "tables:"]
    meta += _table_two(r, agency.id, year, regulations) + _table_three(new, carried, results, carry_next) + _table_four(r)
    body = [f"本报告由{agency.name}根据《中华人民共和国政府信息公开条例》编制。报告所列数据统计期限自"
            f"{year}年1月1日至{year}年12月31日。",
            "## 一、总体情况",
            f"{year}年，{agency.name}认真贯彻落实政府信息公开工作部署，主动公开政府信息，依法办理政府信息公开申请，"
            "不断加强政府信息管理和平台建设，政务公开工作取得新进展。",
            "## 五、存在的主要问题及改进情况",
            "政策解读的形式还不够丰富，部分栏目更新不够及时。下一步将加强业务培训，完善信息发布审核机制。",
            "## 六、其他需要报告的事项",
            f"{year}年本机关未收取信息处理费。"]
    return "\n".join(meta) + "\n---\n" + "\n\n".join(body) + "\n", carry_next


def years_per_agency(entries: int, agencies: int, entries_per_report: int) -> int:
    share = round(entries / (agencies * entries_per_report))
    return min(LAST_YEAR - FIRST_FORMAT_2021_YEAR + 1, max(1, share))


def write_reports(folder: Path, agencies: list, entries: int, entries_per_report: int, seed: int,
                  regulations: dict) -> int:
    span = years_per_agency(entries, len(agencies), entries_per_report)
    written = 0
    for agency in agencies:
        r = random.Random(f"{seed}/report/{agency.id}")
        carried = _zero()
        for year in range(LAST_YEAR - span + 1, LAST_YEAR + 1):
            text, carried = report_text(agency, year, r, carried, regulations)
            path = folder / agency.id / f"{year}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written += 1
    return written
