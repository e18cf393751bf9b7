"""What `gongkai build` makes of annual reports: the report page with the official tables, the
archive, charts, downloads; and the JSON Schema of the front matter."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest

from generator import cli
from generator.reports.model import AnnualReportFrontMatter

from .conftest import AS_OF, DELETE, new_site, set_cell, spec_tables
from .test_structure import spec_2019_tables
from .test_years import year_2023


def build(site) -> tuple[int, str]:
    out = site.root / "site"
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        code = cli.main(["build", "--root", str(site.root), "--as-of", AS_OF, "--no-search", "-o", str(out)])
    return code, err.getvalue()


class Cells(HTMLParser):
    """The cells of the official tables: data-cell → text, and every th/td with its spans."""

    def __init__(self):
        super().__init__()
        self.cells: dict[str, str] = {}
        self.spans: list[tuple[str, str, int, int]] = []  # (tag, text, colspan, rowspan)
        self._open: tuple | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            a = dict(attrs)
            self._open = (tag, a.get("data-cell"), int(a.get("colspan", 1)), int(a.get("rowspan", 1)), [])

    def handle_data(self, data):
        if self._open:
            self._open[4].append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._open:
            kind, key, colspan, rowspan, text = self._open
            text = "".join(text).strip()
            if key:
                self.cells[key] = text
            self.spans.append((kind, text, colspan, rowspan))
            self._open = None


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build for the module: two years of one department, a 2019-format government report,
    and a report not yet published."""
    report_site = new_site(tmp_path_factory.mktemp("reports-site"))
    report_site.write(year=2023, tables=year_2023(), published="2024-01-20", sample=True)
    tables = set_cell(spec_tables(), "三.办理结果.不予公开.国家秘密.商业企业", None)
    set_cell(tables, "三.本年新收.总计", DELETE)
    report_site.write(year=2024, tables=tables, sample=True)
    report_site.write(year=2020, agency="demo-gov", tables=spec_2019_tables(), published="2021-03-10")
    report_site.write(year=2026, agency="demo-gov", published="2027-03-10")  # not yet published
    report_site.write(year=2025, agency="demo-gov", published="2026-03-10", draft=True)  # being written
    code, err = build(report_site)
    assert code == 0, err
    return report_site.root / "site"


def page(site, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_report_page_reproduces_the_official_tables(built):
    html = page(built, "reports/demo-fgw/2024")
    parser = Cells()
    parser.feed(html)
    cells = parser.cells
    assert cells["三.办理结果.总计.总计"] == "16"
    assert cells["三.本年新收.总计"] == "16"  # left out in the file: computed
    assert cells["三.办理结果.不予公开.国家秘密.商业企业"] == ""  # blank in the file: blank on the page
    assert cells["二.行政事业性收费.本年收费金额"] == "12.5"
    assert cells["四.行政诉讼.复议后起诉.结果维持"] == "1"
    assert len([k for k in cells if k.startswith("三.")]) == 25 * 7
    assert len([k for k in cells if k.startswith("四.")]) == 15
    assert len([k for k in cells if k.startswith("二.")]) == 10
    spans = {(text, colspan, rowspan) for _, text, colspan, rowspan in parser.spans}
    assert ("三、本年度办理结果", 1, 22) in spans
    assert ("（三）不予公开", 1, 8) in spans and ("（五）不予处理", 1, 5) in spans
    assert ("申请人情况", 7, 1) in spans and ("法人或其他组织", 5, 1) in spans and ("自然人", 1, 2) in spans
    assert ("一、本年新收政府信息公开申请数量", 3, 1) in spans and ("（七）总计", 2, 1) in spans
    assert ("行政诉讼", 10, 1) in spans and ("未经复议直接起诉", 5, 1) in spans
    assert ("第二十条第（五）项", 4, 1) in spans and ("本年处理决定数量", 3, 1) in spans
    assert 'scope="col"' in html and 'scope="row"' in html and 'scope="rowgroup"' in html
    assert "样例数据" in html
    assert "data-pagefind-body" in html and 'data-pagefind-filter="type:年报"' in html


def test_narrative_surrounds_the_tables_in_the_official_order(built):
    html = page(built, "reports/demo-fgw/2024")
    order = [html.index(s) for s in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                     "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
                                     "六、其他需要报告的事项")]
    assert order == sorted(order)


def test_a_2019_report_renders_its_own_layout(built):
    parser = Cells()
    parser.feed(page(built, "reports/demo-gov/2020"))
    spans = {(text, colspan, rowspan) for _, text, colspan, rowspan in parser.spans}
    assert ("三、本年度办理结果", 1, 20) in spans and ("（六）其他处理", 2, 1) in spans
    assert ("第二十条第（九）项", 4, 1) in spans
    assert len([k for k in parser.cells if k.startswith("三.")]) == 23 * 7
    assert len([k for k in parser.cells if k.startswith("二.")]) == 22


def test_archive_newest_first_latest_highlighted_future_report_absent(built):
    html = page(built, "reports")
    assert html.index("2024年度") < html.index("2023年度") < html.index("2020年度")
    latest = re.search(r'<section class="gk-report-latest".*?</section>', html, re.S).group(0)
    assert "reports/demo-fgw/2024/" in latest or "demo-fgw/2024/" in latest
    assert "2026" not in re.sub(r"<footer.*", "", html, flags=re.S)
    assert not (built / "reports" / "demo-gov" / "2026").exists()
    assert not (built / "reports" / "demo-gov" / "2025").exists() and "2025年度" not in html
    assert not (built / "reports" / "demo-gov" / "2025.json").exists()


def test_agency_and_site_charts_are_accessible_svg_with_tables(built):
    for url in ("reports/demo-fgw", "reports/statistics"):
        html = page(built, url)
        svgs = re.findall(r"<svg class=\"gk-chart\"[^>]*>.*?</svg>", html, re.S)
        assert len(svgs) == 4
        for svg in svgs:
            assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        assert html.count('class="gk-chart-data"') == 4
        assert "<script" not in "".join(svgs)
    html = page(built, "reports/demo-fgw")
    received = re.search(r'<desc id="gk-demo-fgw-received-desc">(.*?)</desc>', html).group(1)
    assert received == "2023年：自然人 13，法人或其他组织 3；2024年：自然人 13，法人或其他组织 3。"


def test_downloads_json_and_csv(built):
    data = json.loads((built / "reports" / "demo-fgw" / "2024.json").read_text(encoding="utf-8"))
    assert data["tables"]["三"]["办理结果"]["总计"]["总计"] == 16
    assert data["tables"]["三"]["本年新收"]["总计"] == 16
    assert data["tables"]["三"]["办理结果"]["不予公开"]["国家秘密"]["商业企业"] is None
    assert "tables.三.本年新收.总计" in data["computed"]
    raw = (built / "reports" / "reports.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {(r["机构标识"], r["年度"]) for r in rows} == {("demo-fgw", "2023"), ("demo-fgw", "2024"), ("demo-gov", "2020")}
    assert len([r for r in rows if r["机构标识"] == "demo-fgw" and r["年度"] == "2024"]) == 10 + 175 + 15
    total = next(r for r in rows if r["字段"] == "tables.三.办理结果.总计.总计" and r["年度"] == "2024")
    assert (total["表"], total["行"], total["列"], total["数值"]) == ("表三", "三、本年度办理结果 （七）总计", "总计", "16")
    single = (built / "reports" / "demo-fgw" / "2024.csv").read_bytes()
    assert single.startswith(b"\xef\xbb\xbf") and len(single.decode("utf-8-sig").splitlines()) == 201


def test_the_files_of_all_reports_are_the_reports_files_together(built):
    """reports.csv and reports.json are written a report at a time (reports/exports.py): the
    same data as each report's own download, in agency and year order, one header, one list."""
    own = [("demo-fgw", 2023), ("demo-fgw", 2024), ("demo-gov", 2020)]
    together = json.loads((built / "reports" / "reports.json").read_text(encoding="utf-8"))
    assert together == [json.loads((built / f"reports/{a}/{y}.json").read_text(encoding="utf-8")) for a, y in own]
    text = (built / "reports" / "reports.json").read_text(encoding="utf-8")
    assert text == json.dumps(together, ensure_ascii=False, indent=1) + "\n"  # laid out as json.dumps lays a list out
    raw = (built / "reports" / "reports.csv").read_bytes()
    singles = [(built / f"reports/{a}/{y}.csv").read_bytes() for a, y in own]
    header = singles[0].split(b"\r\n", 1)[0] + b"\r\n"
    assert raw.count(b"\xef\xbb\xbf") == 1
    assert raw == header + b"".join(single.removeprefix(header) for single in singles)


def test_front_matter_json_schema_accepts_the_spec_example(report_site):
    schema = AnnualReportFrontMatter.model_json_schema()
    assert {"agency", "year", "published", "format", "tables"} <= set(schema["required"])
    path = report_site.write()
    from generator.load.document import read_document
    from generator.model.findings import Findings

    doc = read_document(path, report_site.root, Findings())
    AnnualReportFrontMatter.model_validate(doc.meta)
    text = json.dumps(schema, ensure_ascii=False)
    assert "确认或重新出具" in text and "本年增/减" in text


def test_english_site_labels_its_archive_and_charts_in_english(report_site):
    import datetime as dt

    from generator.load.site import load_site
    from generator.plan.reports import plan_reports
    from generator.plan.types import PlannedPage

    (report_site.root / "site_config.yml").write_text(
        "title: t\nbase_url: https://example.gov.cn/\nlanguage: en\n", encoding="utf-8")
    report_site.write(year=2023, tables=year_2023(), published="2024-01-20")
    report_site.write(year=2024)
    site, _ = load_site(report_site.root, dt.date(2026, 11, 23))
    pages = {p.url: p for p in plan_reports(site) if isinstance(p, PlannedPage)}
    agency = pages["reports/demo-fgw/"]
    assert [c["title"] for c in agency.context["charts"]][0] == "Applications received (本年新收)"
    assert "2023: Natural persons (自然人) 13, Legal persons and other organisations 3; 2024:" in str(
        agency.context["charts"][0]["svg"])
    assert pages["reports/"].context["labels"]["latest"] == "Latest report"


def build_as_of(site, as_of: str) -> str:
    out = site.root / f"site-{as_of}"
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["build", "--root", str(site.root), "--as-of", as_of, "--no-search", "-o", str(out)]) == 0
    return (out / "reports" / "index.html").read_text(encoding="utf-8")


def test_latest_and_missing_follow_the_calendar(report_site):
    """An agency with annual_reports_from is held to its deadline (部门: 1月31日): before it, the year
    before is 最新; after it, the missing report is listed as 未发布 with its deadline."""
    agencies = report_site.root / "content" / "agencies.yml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace(
        "    kind: 部门\n", "    kind: 部门\n    annual_reports_from: 2023\n", 1), encoding="utf-8")
    report_site.write(year=2023, published="2024-01-20")
    report_site.write(year=2024, published="2025-01-20")

    before = build_as_of(report_site, "2026-01-31")
    latest = re.search(r'<section class="gk-report-latest".*?</section>', before, re.S).group(0)
    assert "2024年度" in latest and "demo-fgw/2024/" in latest and "未发布" not in before

    after = build_as_of(report_site, "2026-02-01")
    latest = re.search(r'<section class="gk-report-latest".*?</section>', after, re.S).group(0)
    assert "2025年度" in latest and "未发布" in latest and "2026年1月31日" in latest
    assert "demo-fgw/2025/" not in after
    by_agency = after[after.index('id="gk-by-agency"'):]
    assert by_agency.index("2025年度") < by_agency.index("未发布") < by_agency.index("2024年度")
