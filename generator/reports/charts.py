"""Year-over-year charts of the annual reports, drawn at build time as accessible SVG.

No charting service, no network, no JavaScript: each chart is an inline <svg role="img">
with a <title> and a <desc> that says the numbers in words, and the same numbers are
given as an HTML table beside it (for screen readers, for copying, and for print).
Series are told apart by colour and by their order in the legend and the table; the
palette keeps a 3:1 contrast against white for every bar (WCAG 1.4.11).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import layout
from .model import AnnualReport

PALETTE = ("#1f5fa8", "#c2410c", "#2f7d32", "#7b3fa0", "#a16207", "#0f766e", "#be185d")
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 64  # plot margins: y labels left, x labels and legend below


@dataclass
class Series:
    name: str
    values: list  # one per year; None = not reported (e.g. a column the 2019 format lacks)


TEXT = {
    "zh": {"year": "{year}年", "sep": "，", "colon": "：", "end": "。", "parts": "；", "not_reported": "未报告",
           "total": "合计", "year_head": "年度", "unit": "（单位：{unit}）", "cases": "件",
           "received": "收到的政府信息公开申请（本年新收）", "natural": "自然人", "legal": "法人或其他组织",
           "results": "申请的办理结果（按类别）", "appeals": "行政复议和行政诉讼", "review": "行政复议",
           "litigation": "行政诉讼", "proactive": "主动公开：规章和规范性文件", "rules_made": "本年制发规章",
           "norms_made": "本年制发规范性文件", "repealed": "本年废止（规章和规范性文件）",
           "note_2019": "2019、2020年度为“本年新制作数量”，2019格式没有“本年废止件数”。",
           "average_title": "{title}（每个机构平均）", "average_unit": "件/机构",
           "average_note": "各年度发布年报的机构数不同（{counts}），为便于逐年比较，图表显示每个机构的平均数。",
           "agencies_n": "{year}年 {n} 个"},
    "en": {"year": "{year}", "sep": ", ", "colon": ": ", "end": ".", "parts": "; ", "not_reported": "not reported",
           "total": "Total", "year_head": "Year", "unit": " ({unit})", "cases": "cases",
           "received": "Applications received (本年新收)", "natural": "Natural persons (自然人)",
           "legal": "Legal persons and other organisations", "results": "Results of applications by category",
           "appeals": "Administrative reviews and lawsuits", "review": "Administrative reviews (行政复议)",
           "litigation": "Lawsuits (行政诉讼)", "proactive": "Proactive disclosure: rules and normative documents",
           "rules_made": "Rules issued (规章)", "norms_made": "Normative documents issued (规范性文件)",
           "repealed": "Repealed (本年废止)",
           "note_2019": "For 2019 and 2020 the 2019 format counts 本年新制作数量 and has no repeal column. ",
           "average_title": "{title} (average per agency)", "average_unit": "cases per agency",
           "average_note": "The number of agencies reporting differs from year to year ({counts}): to compare years, "
                           "the chart shows the average per agency. ",
           "agencies_n": "{year}: {n}"},
}


@dataclass
class Chart:
    id: str
    title: str
    years: list[int]
    series: list[Series]
    stacked: bool = False
    lang: str = "zh"
    note: str = ""
    average: bool = False  # values are per reporting agency (the number of reports differs by year)

    @property
    def text(self) -> dict:
        return TEXT.get(self.lang, TEXT["zh"])

    @property
    def unit(self) -> str:
        return self.text["average_unit" if self.average else "cases"]

    def total(self, i: int) -> float:
        return round(sum(s.values[i] or 0 for s in self.series), 1)

    def peak(self) -> int:
        if self.stacked:
            return max((self.total(i) for i in range(len(self.years))), default=0)
        return max((v or 0 for s in self.series for v in s.values), default=0)


def number(value) -> str:
    """A count as written: 12; an average with one decimal: 2.5 (3.0 is written 3)."""
    if isinstance(value, float):
        return str(int(value)) if value == int(value) else f"{value:.1f}"
    return str(value)


def nice_step(peak: float) -> int:
    """A tick step from 1, 2, 5 × 10^k giving at most 5 steps up to the peak."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            if peak <= 5 * factor * magnitude:
                return factor * magnitude
        magnitude *= 10


def description(chart: Chart) -> str:
    """The chart in words: every number by year and series (what a screen reader reads)."""
    t = chart.text
    parts = []
    for i, year in enumerate(chart.years):
        values = t["sep"].join(f"{s.name} {t['not_reported'] if s.values[i] is None else number(s.values[i])}"
                               for s in chart.series)
        parts.append(t["year"].format(year=year) + t["colon"] + values)
    text = t["parts"].join(parts) + t["end"]
    return f"{chart.note}{text}" if chart.note else text


def svg(chart: Chart) -> Markup:
    years = chart.years
    step = nice_step(max(chart.peak(), 1))
    top_value = step * math.ceil(max(chart.peak(), 1) / step)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top_value

    out = [f'<svg class="gk-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
           f'aria-labelledby="{chart.id}-title {chart.id}-desc" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart.id}-title">{escape(chart.title)}</title>',
           f'<desc id="{chart.id}-desc">{escape(description(chart))}</desc>']
    for tick in range(0, top_value + 1, step):  # grid lines and y labels
        out.append(f'<line class="gk-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>')
        out.append(f'<text class="gk-axis" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    slot = plot_w / max(len(years), 1)
    groups = 1 if chart.stacked else len(chart.series)
    bar = min(slot * 0.7 / groups, 48)
    for i, year in enumerate(years):
        x0 = LEFT + slot * i + (slot - bar * groups) / 2
        base = 0
        for k, series in enumerate(chart.series):
            value = series.values[i]
            if value is None:
                continue
            x = x0 if chart.stacked else x0 + bar * k
            low, high = (base, base + value) if chart.stacked else (0, value)
            if value:
                out.append(f'<rect x="{x:.1f}" y="{y(high):.1f}" width="{bar:.1f}" height="{y(low) - y(high):.1f}" '
                           f'fill="{PALETTE[k % len(PALETTE)]}"><title>{chart.text["year"].format(year=year)} '
                           f'{escape(series.name)}{chart.text["colon"]}{number(value)}</title></rect>')
            if not chart.stacked and value:
                out.append(f'<text class="gk-value" x="{x + bar / 2:.1f}" y="{y(high) - 3:.1f}" '
                           f'text-anchor="middle">{number(value)}</text>')
            base += value if chart.stacked else 0
        if chart.stacked:
            out.append(f'<text class="gk-value" x="{x0 + bar / 2:.1f}" y="{y(base) - 3:.1f}" '
                       f'text-anchor="middle">{number(chart.total(i))}</text>')
        out.append(f'<text class="gk-axis" x="{LEFT + slot * (i + 0.5):.1f}" y="{TOP + plot_h + 16}" '
                   f'text-anchor="middle">{year}</text>')
    out.append(f'<line class="gk-baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>')
    out.extend(_legend(chart, TOP + plot_h + 30))
    out.append("</svg>")
    return Markup("".join(out))


def _legend(chart: Chart, top: float) -> list[str]:
    out, x, row = [], LEFT, 0
    for k, series in enumerate(chart.series):
        width = 22 + 13 * len(series.name)
        if x + width > WIDTH - RIGHT:
            x, row = LEFT, row + 1
        yy = top + row * 16
        out.append(f'<rect x="{x}" y="{yy - 9}" width="10" height="10" fill="{PALETTE[k % len(PALETTE)]}"/>')
        out.append(f'<text class="gk-legend" x="{x + 14}" y="{yy}">{escape(series.name)}</text>')
        x += width
    return out


def data_table(chart: Chart) -> Markup:
    head = "".join(f'<th scope="col">{escape(s.name)}</th>' for s in chart.series)
    t = chart.text
    total_head = f'<th scope="col">{t["total"]}</th>' if chart.stacked else ""
    rows = []
    for i, year in enumerate(chart.years):
        cells = "".join(f"<td>{'—' if s.values[i] is None else number(s.values[i])}</td>" for s in chart.series)
        total = f"<td>{number(chart.total(i))}</td>" if chart.stacked else ""
        rows.append(f'<tr><th scope="row">{year}</th>{cells}{total}</tr>')
    unit = t["unit"].format(unit=chart.unit)
    return Markup(f'<table class="gk-chart-data"><caption>{escape(chart.title)}{escape(unit)}</caption>'
                  f'<thead><tr><th scope="col">{t["year_head"]}</th>{head}{total_head}</tr></thead>'
                  f'<tbody>{"".join(rows)}</tbody></table>')


# --- the four charts of the archive ---------------------------------------------------------------

def _sum(reports: list[AnnualReport], pick) -> int | None:
    values = [pick(r) for r in reports]
    values = [v for v in values if v is not None]
    return sum(values) if values else None


def _regulations(report: AnnualReport, row_2021: str, row_2019: str, column: str):
    """A 表二 第二十条第（一）项 figure in either format; None when the format has no such column."""
    two = report.numbers["二"]
    if report.format == "2021":
        return two[row_2021][{"made": "本年制发件数", "repealed": "本年废止件数"}[column]]
    return two[row_2019]["本年新制作数量"] if column == "made" else None


def _average(reports: list[AnnualReport], pick) -> float | None:
    values = [v for v in (pick(r) for r in reports) if v is not None]
    return round(sum(values) / len(values), 1) if values else None


def charts_for(by_year: dict[int, list[AnnualReport]], prefix: str, lang: str = "zh") -> list[Chart]:
    """Four year-over-year charts from the reports of each year: one agency's own numbers, or for the
    whole site the average per reporting agency when the number of reports differs between years
    (a sum would rise and fall with how many agencies had published, not with the work)."""
    years = sorted(by_year)
    t = TEXT.get(lang, TEXT["zh"])
    three = lambda r: r.numbers["三"]  # noqa: E731
    average = len({len(by_year[y]) for y in years}) > 1
    combine = _average if average else _sum
    def series(name, pick):
        return Series(name, [combine(by_year[y], pick) for y in years])

    received = Chart(f"{prefix}-received", t["received"], years, [
        series(t["natural"], lambda r: three(r)["本年新收"]["自然人"]),
        series(t["legal"], lambda r: sum(three(r)["本年新收"][k] for k in layout.LEGAL_PERSONS)),
    ], stacked=True, lang=lang)
    results = Chart(f"{prefix}-results", t["results"], years, [
        series(group.short[3:], lambda r, g=group.key: r.category_totals()[g])  # official names, both languages
        for group in layout.GROUPS["2021"]], stacked=True, lang=lang)
    appeals = Chart(f"{prefix}-appeals", t["appeals"], years, [
        series(t["review"], lambda r: r.numbers["四"][layout.REVIEW][layout.TOTAL]),
        series(t["litigation"], lambda r: sum(r.numbers["四"][layout.LITIGATION][s][layout.TOTAL] for s in layout.SUITS)),
    ], lang=lang)
    proactive = Chart(f"{prefix}-proactive", t["proactive"], years, [
        series(t["rules_made"], lambda r: _regulations(r, "规章", "规章", "made")),
        series(t["norms_made"], lambda r: _regulations(r, "行政规范性文件", "规范性文件", "made")),
        series(t["repealed"],
               lambda r: None if r.format != "2021" else (_regulations(r, "规章", "规章", "repealed")
                                                          + _regulations(r, "行政规范性文件", "规范性文件", "repealed"))),
    ], lang=lang, note=t["note_2019"] if any(r.format == "2019" for rs in by_year.values() for r in rs) else "")
    drawn = [received, results, appeals, proactive]
    if average:
        counts = t["sep"].join(t["agencies_n"].format(year=y, n=len(by_year[y])) for y in years)
        for chart in drawn:
            chart.average = True
            chart.title = t["average_title"].format(title=chart.title)
            chart.note = t["average_note"].format(counts=counts) + chart.note
    return drawn


def rendered(charts: list[Chart]) -> list[dict]:
    """What a template shows: the chart and its table, side by side, and the note that says how
    to read them (averages, formats), visible to everyone and not only in the SVG's <desc>."""
    return [{"id": c.id, "title": c.title, "svg": svg(c), "table": data_table(c), "note": c.note} for c in charts]
