"""The annual-report part of the site plan: `plan_reports(site)` → pages and files.

- reports/                       the archive: latest report first, then by year and by agency
- reports/<agency>/<year>/       one report: narrative 一, tables 二–四, narrative 五 and 六
- reports/<agency>/              an agency's reports with its year-over-year charts
- reports/statistics/            the same charts for the whole site
- reports/<agency>/<year>.json|.csv, reports/reports.csv, reports/reports.json   downloads

Only reports whose 发布日期 has come (site.is_public) enter the plan. The renderer's
Planner (generator/plan/site.py) calls this, adds breadcrumbs where missing and the section.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..reports import calendar as report_calendar
from ..reports import charts, exports, layout, tables
from ..reports.model import AnnualReport
from ..text import site as ui
from .types import Body, PlannedFile, PlannedPage

BASE = "reports/"
STATS = BASE + "statistics/"
ALL_CSV = BASE + "reports.csv"
ALL_JSON = BASE + "reports.json"

LABELS = {
    "zh": {
        "archive_intro": "按照《中华人民共和国政府信息公开条例》第四十九条、第五十条，各机关每年公布上一年度政府信息公开工作年度报告。"
                         "表格按国务院办公厅规定的统一格式呈现，可下载 JSON 和 CSV 数据。",
        "latest": "最新年报", "by_year": "按年度", "by_agency": "按机构", "year_n": "{year}年度",
        "published": "发布日期", "format": "表格格式", "source": "原文地址", "downloads": "数据下载",
        "json": "JSON", "csv": "CSV（Excel 可直接打开）", "all_csv": "全部年报数据（CSV）", "all_json": "全部年报数据（JSON）",
        "statistics": "年报统计", "statistics_intro": "全站各机构年报数据按年度汇总（只含已发布的年报）。",
        "agency_intro": "{agency}历年政府信息公开工作年度报告及主要数据。", "charts": "历年数据",
        "reports_of": "历年年报", "latest_mark": "最新", "report_count": "共 {n} 份年报",
        "sample": "样例数据：本报告为演示用的虚构数字，不是真实的政府信息公开工作年度报告。",
        "blank_note": "空白单元格为原报告未填写的数字。",
        "previous": "上一年度", "next": "下一年度", "agency_page": "本机构历年年报与图表",
        "contributing": "{year}年度汇总了 {n} 份年报。", "sample_badge": "样例",
        "latest_year": "最新年报：{year}年度", "not_published": "未发布",
        "deadline": "应于 {date} 前发布", "missing_title": "{agency}{year}年政府信息公开工作年度报告",
        "latest_none": "本年度的年报尚未发布。",
    },
    "en": {
        "archive_intro": "Under articles 49 and 50 of the Regulations on the Disclosure of Government Information, every body "
                         "publishes an annual report on its disclosure work. Tables follow the national standard format; "
                         "the data can be downloaded as JSON and CSV.",
        "latest": "Latest report", "by_year": "By year", "by_agency": "By agency", "year_n": "{year}",
        "published": "Published", "format": "Table format", "source": "Original", "downloads": "Downloads",
        "json": "JSON", "csv": "CSV", "all_csv": "All reports (CSV)", "all_json": "All reports (JSON)",
        "statistics": "Report statistics", "statistics_intro": "The published reports of all agencies, summed by year.",
        "agency_intro": "Annual reports of {agency} and their main figures.", "charts": "Year over year",
        "reports_of": "Reports", "latest_mark": "latest", "report_count": "{n} reports",
        "sample": "Sample data: the numbers of this report are invented for demonstration.",
        "blank_note": "Blank cells were left empty in the original report.",
        "previous": "Previous year", "next": "Next year", "agency_page": "All reports and charts of this agency",
        "contributing": "{year}: {n} reports summed. ", "sample_badge": "sample",
        "latest_year": "Latest reports: {year}", "not_published": "not published",
        "deadline": "due by {date}", "missing_title": "{year} report of {agency}",
        "latest_none": "No report for this year has been published yet.",
    },
}


def labels(lang: str) -> dict:
    return LABELS.get(lang, LABELS["zh"])


def report_url(report: AnnualReport) -> str:
    return f"{BASE}{report.agency}/{report.year}/"


def agency_url(agency_id: str) -> str:
    return f"{BASE}{agency_id}/"


def download_path(report: AnnualReport, ext: str) -> str:
    return f"{BASE}{report.agency}/{report.year}.{ext}"


_FIVE = re.compile(r"^#{1,6}\s*[五六]、", re.M)


def split_narrative(body: str) -> tuple[str, str]:
    """The narrative before the tables (preface, 一) and after them (五, 六): docs/annual-report.md#sections."""
    match = _FIVE.search(body)
    if match is None:
        return body, ""
    return body[:match.start()], body[match.start():]


class ReportPlanner:
    def __init__(self, site):
        self.site = site
        self.lang = site.config.language
        self.text = labels(self.lang)
        self.reports = sorted((r for r in site.reports if site.is_public(r)),
                              key=lambda r: (-r.year, r.agency))
        self.by_agency: dict[str, list[AnnualReport]] = defaultdict(list)
        for report in self.reports:
            self.by_agency[report.agency].append(report)  # newest first
        self.latest = max(self.reports, key=lambda r: (r.published, r.year, r.agency)) if self.reports else None
        # 最新 follows the calendar (generator/report_calendar.py): the latest year whose reports are due
        self.latest_year = report_calendar.latest_year(site, [r.year for r in self.reports])
        self.missing = report_calendar.missing_reports(site)
        self.out: list = []

    def agency_name(self, agency_id: str) -> str:
        agency = self.site.agencies.get(agency_id)
        return agency.name if agency else agency_id

    def crumbs(self, *extra: dict) -> list[dict]:
        home = {"title": ui.translate(self.lang, "home"), "url": ""}
        section = {"title": self.site.config.section_title("reports", ui.translate(self.lang, "reports")), "url": BASE}
        return [home, section, *extra]

    def item(self, report: AnnualReport) -> dict:
        """What a listing shows of a report."""
        return {"title": report.title, "url": report_url(report), "agency": self.agency_name(report.agency),
                "agency_url": agency_url(report.agency), "year": report.year, "published": report.published,
                "format": report.format, "sample": report.sample, "json": download_path(report, "json"),
                "csv": download_path(report, "csv"),
                "latest": report.year == self.latest_year, "agency_latest": report is self.by_agency[report.agency][0],
                "missing": False}

    def missing_item(self, gap) -> dict:
        """What a listing shows of a report past its deadline that is not published: 未发布 and the deadline."""
        name = self.agency_name(gap.agency)
        return {"title": self.text["missing_title"].format(agency=name, year=gap.year), "agency": name,
                "agency_url": agency_url(gap.agency) if gap.agency in self.by_agency else None,
                "year": gap.year, "deadline": gap.deadline, "missing": True, "latest": gap.year == self.latest_year}

    def add(self, url: str, template: str, title: str, deps, **context) -> None:
        context.setdefault("labels", self.text)
        self.out.append(PlannedPage(url=url, template=template, context=context, title=title, section="reports",
                                    deps=tuple(sorted(deps))))

    # --- pages -------------------------------------------------------------------------------
    def plan(self) -> list:
        if not self.reports:
            return []
        self.plan_archive()
        for report in self.reports:
            self.plan_report(report)
        for agency_id, reports in self.by_agency.items():
            self.plan_agency(agency_id, reports)
        self.plan_statistics()
        self.plan_downloads()
        return self.out

    def plan_archive(self) -> None:
        by_year = defaultdict(list)
        for report in self.reports:
            by_year[report.year].append(self.item(report))
        missing_of = defaultdict(list)
        for gap in self.missing:
            by_year[gap.year].append(self.missing_item(gap))
            missing_of[gap.agency].append(self.missing_item(gap))
        agencies = [{"name": self.agency_name(a), "url": agency_url(a),
                     "reports": sorted(missing_of[a], key=lambda i: -i["year"]) + [self.item(r) for r in rs]}
                    for a, rs in sorted(self.by_agency.items(), key=lambda kv: self.agency_name(kv[0]))]
        latest = {"year": self.latest_year, "reports": by_year.get(self.latest_year, [])}
        title = self.site.config.section_title("reports", ui.translate(self.lang, "reports"))
        self.add(BASE, "reports/archive.html", title, [r.rel for r in self.reports],
                 breadcrumbs=self.crumbs()[:1], latest=latest,
                 years=[{"year": y, "reports": by_year[y]} for y in sorted(by_year, reverse=True)],
                 agencies=agencies, statistics_url=STATS, all_csv=ALL_CSV, all_json=ALL_JSON)

    def plan_report(self, report: AnnualReport) -> None:
        before, after = split_narrative(report.body)
        own = self.by_agency[report.agency]
        index = own.index(report)
        newer = own[index - 1] if index > 0 else None
        older = own[index + 1] if index + 1 < len(own) else None
        search = {"type": "report", "type_label": "年报" if self.lang == "zh" else "Annual report",
                  "agency": report.agency, "agency_name": self.agency_name(report.agency), "topic": "",
                  "topic_full": "", "year": str(report.year), "genre": "", "date": report.published.isoformat(),
                  "title": report.title, "doc_no": "", "index_no": ""}
        has_blanks = any(report.blanks.values())
        self.add(report_url(report), "reports/report.html", report.title, [report.rel],
                 breadcrumbs=self.crumbs({"title": self.agency_name(report.agency), "url": agency_url(report.agency)}),
                 report=self.item(report) | {"source": report.source, "notice": layout.NOTICES[report.format]},
                 body_before=Body(before, report.rel), body_after=Body(after, report.rel),
                 tables=tables.all_tables(report), search=search, has_blanks=has_blanks,
                 newer=self.item(newer) if newer else None, older=self.item(older) if older else None)

    def plan_agency(self, agency_id: str, reports: list[AnnualReport]) -> None:
        name = self.agency_name(agency_id)
        by_year = {r.year: [r] for r in reports}
        drawn = charts.rendered(charts.charts_for(by_year, f"gk-{agency_id}", self.lang))
        self.add(agency_url(agency_id), "reports/agency.html", f"{name} {self.text['reports_of']}",
                 [r.rel for r in reports], breadcrumbs=self.crumbs(), agency_name=name,
                 reports=[self.item(r) for r in reports], charts=drawn)

    def plan_statistics(self) -> None:
        by_year: dict[int, list[AnnualReport]] = defaultdict(list)
        for report in self.reports:
            by_year[report.year].append(report)
        drawn = charts.rendered(charts.charts_for(dict(by_year), "gk-site", self.lang))
        counts = [{"year": y, "n": len(by_year[y])} for y in sorted(by_year)]
        self.add(STATS, "reports/statistics.html", self.text["statistics"], [r.rel for r in self.reports],
                 breadcrumbs=self.crumbs(), charts=drawn, counts=counts, all_csv=ALL_CSV, all_json=ALL_JSON)

    def plan_downloads(self) -> None:
        names = {r.agency: self.agency_name(r.agency) for r in self.reports}
        for report in self.reports:
            deps = (report.rel,)
            data = exports.report_dict(report, names[report.agency], report_url(report))
            self.out.append(PlannedFile(download_path(report, "json"), lambda d=data: exports.json_bytes(d), deps))
            self.out.append(PlannedFile(download_path(report, "csv"),
                                        lambda r=report: exports.csv_bytes([r], names), deps))
        ordered = sorted(self.reports, key=lambda r: (r.agency, r.year))
        all_deps = tuple(sorted(r.rel for r in ordered))
        self.out.append(PlannedFile(ALL_CSV, lambda: exports.csv_pieces(ordered, names), all_deps))
        self.out.append(PlannedFile(ALL_JSON, lambda: exports.json_list_pieces(
            (exports.report_dict(r, names[r.agency], report_url(r)) for r in ordered), end="\n"), all_deps))


def plan_reports(site) -> list[PlannedPage | PlannedFile]:
    return ReportPlanner(site).plan()
