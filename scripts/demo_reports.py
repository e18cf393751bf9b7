"""Write the demo annual reports content/reports/<agency>/<year>.md (sample numbers).

Deterministic (seeded per agency): every identity of docs/annual-report.md#identities holds, each
year's 上年结转 is the year before's 结转下年度, and 表二 第二十条第（一）项 follows the demo
catalog's 规章 and 规范性文件 wherever the catalog holds them. Run it again after changing the
demo catalog's regulations (tests/reports/test_demo.py says when): `python scripts/demo_reports.py`.
It overwrites the demo reports, narrative included.
"""
import random
import sys
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from generator.authoring.report import dump_front_matter, empty_tables  # noqa: E402
from generator.reports import layout  # noqa: E402

ROOT = REPO / "content" / "reports"

AGENCIES = {
    # id: (name, kind, years, base applications, growth, has 规章, fee base 万元, 规范性文件 per year, in force at start)
    "zj-gov": ("湛江市人民政府", "政府", range(2022, 2026), 160, 1.08, True, Decimal("0"), 9, 86),
    "zj-fgj": ("湛江市发展和改革局", "部门", range(2019, 2026), 38, 1.06, False, Decimal("3.60"), 3, 21),
    "zj-czj": ("湛江市财政局", "部门", range(2022, 2026), 27, 1.04, False, Decimal("0"), 4, 33),
    # 市生态环境局的2025年度报告故意缺失：演示站点（--as-of 2026-11-23）用它展示“未发布”和 gongkai check 的提醒
    "zj-sthjj": ("湛江市生态环境局", "部门", range(2022, 2025), 45, 1.10, False, Decimal("18.25"), 2, 15),
    "zj-jyj": ("湛江市教育局", "部门", range(2022, 2026), 52, 1.03, False, Decimal("0"), 3, 27),
}

# share of handled applications per result row (key path inside 办理结果)
WEIGHTS = {
    ("予以公开",): 46, ("部分公开",): 9,
    ("不予公开", "国家秘密"): 0.3, ("不予公开", "法律行政法规禁止公开"): 0.5, ("不予公开", "三安全一稳定"): 0.3,
    ("不予公开", "第三方合法权益"): 1.5, ("不予公开", "三类内部事务信息"): 1, ("不予公开", "四类过程性信息"): 2,
    ("不予公开", "行政执法案卷"): 0.8, ("不予公开", "行政查询事项"): 0.8,
    ("无法提供", "本机关不掌握"): 18, ("无法提供", "没有现成信息"): 3, ("无法提供", "补正后申请内容仍不明确"): 2,
    ("不予处理", "信访举报投诉"): 5, ("不予处理", "重复申请"): 3, ("不予处理", "公开出版物"): 0.5,
    ("不予处理", "大量反复申请"): 1, ("不予处理", "确认或重新出具"): 0.6,
    ("其他处理", "逾期不补正"): 3, ("其他处理", "逾期未缴费"): 0.3, ("其他处理", "其他"): 1.5,
}
COLUMN_SHARE = {"自然人": 0.78, "商业企业": 0.12, "科研机构": 0.01, "社会公益组织": 0.01, "法律服务机构": 0.06, "其他": 0.02}


def split(rng, total, weights):
    """Split `total` into len(weights) non-negative integers, roughly by weight."""
    keys = list(weights)
    out = {k: 0 for k in keys}
    population = [k for k in keys]
    w = [weights[k] for k in keys]
    for _ in range(total):
        out[rng.choices(population, w)[0]] += 1
    return out


def put(results, path, column, value, fmt):
    if fmt == "2019" and path[0] == "其他处理":
        results["其他处理"][column] += value
        return
    node = results
    for key in path:
        node = node[key]
    node[column] += value


def fill(tables, rng, base, carry_in, fmt):
    three = tables["三"]
    new_total = base
    new = split(rng, new_total, COLUMN_SHARE)
    for column in layout.APPLICANTS:
        three["本年新收"][column] = new[column]
        three["上年结转"][column] = carry_in[column]
        open_ = new[column] + carry_in[column]
        carry_out = min(open_, rng.choice([0, 0, 0, 1, 1, 2, 3]) if column == "自然人" else rng.choice([0] * 8 + [1]))
        three["结转下年度"][column] = carry_out
        handled = split(rng, open_ - carry_out, WEIGHTS)
        for path, value in handled.items():
            put(three["办理结果"], path, column, value, fmt)
    # totals: row sums, then （七）
    for keys, _ in layout.table3_rows(layout.GROUPS[fmt]):
        node = three
        for k in keys:
            node = node[k]
        if keys != ("办理结果", "总计"):
            node["总计"] = sum(node[c] for c in layout.APPLICANTS)
    results = three["办理结果"]
    for column in layout.ROW_KEYS:
        total = 0
        for group in layout.GROUPS[fmt]:
            if group.reasons:
                total += sum(results[group.key][k][column] for k, _ in group.reasons)
            else:
                total += results[group.key][column]
        results["总计"][column] = total
    return {c: three["结转下年度"][c] for c in layout.ROW_KEYS}


def fill_four(tables, rng, scale):
    four = tables["四"]
    def outcomes(node, n):
        got = split(rng, n, {"结果维持": 6, "结果纠正": 1.2, "其他结果": 1.5, "尚未审结": 1.3})
        node.update(got)
        node["总计"] = n
    outcomes(four["行政复议"], rng.randint(0, max(1, scale // 12)))
    outcomes(four["行政诉讼"]["未经复议直接起诉"], rng.randint(0, max(1, scale // 40)))
    outcomes(four["行政诉讼"]["复议后起诉"], rng.randint(0, max(1, scale // 50)))


def catalog_index():
    from generator.load.site import load_site
    from generator.reports.regulations import RegulationIndex
    site, _ = load_site(REPO)
    return RegulationIndex(site)


def main():
    catalog = catalog_index()
    for agency, (name, kind, years, base, growth, has_rules, fee, per_year, in_force) in AGENCIES.items():
        rng = random.Random(f"gongkai-demo-{agency}")
        carry = {c: 0 for c in layout.ROW_KEYS}
        carry["自然人"] = 1 if base > 30 else 0
        carry["总计"] = carry["自然人"]
        rules_in_force = 12 if has_rules else 0
        norms_in_force = in_force
        items = {"行政许可": 40 + base, "其他对外管理服务事项": 15, "行政处罚": 60 + base, "行政强制": 12, "行政事业性收费": 6}
        for i, year in enumerate(years):
            fmt = layout.expected_format(year)
            tables = empty_tables(fmt)
            applications = int(base * growth ** i) + rng.randint(-3, 3)
            carry = fill(tables, rng, applications, carry, fmt)
            fill_four(tables, rng, applications)
            two = tables["二"]
            made = per_year + rng.randint(-1, 2)
            repealed = rng.randint(0, max(1, per_year // 2))
            rules = catalog.counts(agency, "规章", year)
            norms = catalog.counts(agency, "规范性文件", year)
            if norms is not None:  # where the catalog holds them, the report agrees with the catalog
                made = norms.made
                repealed = norms.repealed if norms.repealed is not None else min(repealed, norms_in_force)
            if fmt == "2021":
                rules_made = rng.randint(1, 3) if has_rules else 0
                rules_repealed = rng.randint(0, 1) if has_rules else 0
                if rules is not None:
                    rules_made, rules_repealed = rules.made, rules.repealed if rules.repealed is not None else 0
                rules_in_force += rules_made - rules_repealed
                if rules is not None and rules.in_force is not None:
                    rules_in_force = rules.in_force
                norms_in_force += made - repealed
                if norms is not None and norms.in_force is not None:
                    norms_in_force = norms.in_force
                two["规章"] = {"本年制发件数": rules_made, "本年废止件数": rules_repealed, "现行有效件数": rules_in_force}
                two["行政规范性文件"] = {"本年制发件数": made, "本年废止件数": repealed, "现行有效件数": norms_in_force}
                two["行政许可"]["本年处理决定数量"] = rng.randint(300, 900) + base * 5
                two["行政处罚"]["本年处理决定数量"] = rng.randint(20, 160) if agency != "zj-gov" else 0
                two["行政强制"]["本年处理决定数量"] = rng.randint(0, 12) if agency != "zj-gov" else 0
                amount = (fee * Decimal(str(1 + 0.05 * i))).quantize(Decimal("0.01"))
                two["行政事业性收费"]["本年收费金额"] = amount
            else:
                norms_in_force += made - repealed
                two["规章"] = {"本年新制作数量": 0, "本年新公开数量": 0, "对外公开总数量": 0}
                two["规范性文件"] = {"本年新制作数量": made, "本年新公开数量": norms.published if norms else made,
                                     "对外公开总数量": norms_in_force}
                for row in ("行政许可", "其他对外管理服务事项", "行政处罚", "行政强制", "行政事业性收费"):
                    delta = rng.choice([-2, -1, 0, 0, 1, 2])
                    two[row]["上一年项目数量"] = items[row]
                    two[row]["本年增/减"] = delta
                    if "处理决定数量" in two[row]:
                        two[row]["处理决定数量"] = rng.randint(20, 400)
                    items[row] += delta
                two["政府集中采购"] = {"采购项目数量": rng.randint(3, 12), "采购总金额": f"{rng.randint(80, 600)}.{rng.randint(0, 9)}万元"}
            published_month = 3 if kind == "政府" else 1
            published_day = rng.randint(18, 28) if kind == "政府" else rng.randint(14, 27)
            meta = {"agency": agency, "year": year, "published": f"{year + 1}-{published_month:02d}-{published_day:02d}",
                    "format": fmt, "title": f"{name}{year}年政府信息公开工作年度报告", "sample": True}
            body = narrative(name, year, tables, fmt, kind, rng)
            path = ROOT / agency / f"{year}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(dump_front_matter(meta, tables) + body, encoding="utf-8")
            print(path)


def narrative(name, year, tables, fmt, kind, rng):
    three, two = tables["三"], tables["二"]
    new, carried, out = three["本年新收"]["总计"], three["上年结转"]["总计"], three["结转下年度"]["总计"]
    handled = three["办理结果"]["总计"]["总计"]
    disclosed = three["办理结果"]["予以公开"]["总计"] + three["办理结果"]["部分公开"]["总计"]
    review = tables["四"]["行政复议"]["总计"]
    suits = sum(tables["四"]["行政诉讼"][s]["总计"] for s in layout.SUITS)
    if fmt == "2021":
        norms = two["行政规范性文件"]["本年制发件数"]
        norms_text = f"全年制发行政规范性文件{norms}件，废止{two['行政规范性文件']['本年废止件数']}件，现行有效{two['行政规范性文件']['现行有效件数']}件"
        if two["规章"]["本年制发件数"]:
            norms_text = f"全年制定政府规章{two['规章']['本年制发件数']}件，" + norms_text
    else:
        norms_text = f"全年新制作规范性文件{two['规范性文件']['本年新制作数量']}件，均已按规定公开"
    focus = {"湛江市人民政府": "重大决策预公开、政府常务会议信息和财政预决算",
             "湛江市发展和改革局": "重大建设项目、价格收费和政府投资项目审批",
             "湛江市财政局": "政府预决算、部门预决算和政府债务",
             "湛江市生态环境局": "环境质量、建设项目环评审批和环境执法",
             "湛江市教育局": "招生入学、教育收费和学生资助"}[name]
    five_heading = layout.NARRATIVE["五"] if fmt == "2021" else "五、政府信息公开工作存在的主要问题及改进情况"
    problems = rng.choice([
        "一是政策解读的形式还不够丰富，图解、视频等解读材料较少；二是部分栏目更新不够及时，个别信息发布滞后。",
        "一是依申请公开答复文书的规范化程度有待提高；二是基层工作人员的业务培训覆盖面还不够广。",
        "一是主动公开目录与实际发布的信息衔接不够紧密；二是公众参与渠道的利用率不高，互动回应还需加强。",
    ])
    fixes = rng.choice([
        "下一步，将制定解读工作指引，推动政策文件与解读材料同步起草、同步审签、同步发布，并建立栏目更新责任清单。",
        "下一步，将统一答复文书模板，定期开展案例研讨和业务培训，提升依申请公开办理质量。",
        "下一步，将按季度核对公开目录，完善意见征集和回应机制，及时公开采纳情况。",
    ])
    return f"""
本报告由{name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制，是对本机关{year}年政府信息公开工作的年度总结。报告所列数据统计期限自{year}年1月1日至{year}年12月31日。（样例数据：本报告为演示用的虚构内容。）

## {layout.NARRATIVE['一']}

{year}年，{name}认真贯彻落实《条例》，围绕{focus}等重点领域，推进政府信息公开工作。

**（一）主动公开。**{norms_text}。各类主动公开信息均通过本网站政府信息公开专栏发布，并同步更新政府信息公开目录。

**（二）依申请公开。**全年新收政府信息公开申请{new}件，上年结转{carried}件，办结{handled}件，其中予以公开和部分公开{disclosed}件；另有{out}件结转下年度继续办理。因政府信息公开被申请行政复议{review}件，被提起行政诉讼{suits}件。

**（三）政府信息管理。**严格执行公开前保密审查制度，对拟公开信息逐件审核；定期清理规范性文件，及时标注有效性。

**（四）平台建设。**政府信息公开专栏按国办公开办函〔2019〕61号规范设置栏目，支持手机浏览和全文检索。

**（五）监督保障。**将政府信息公开工作纳入年度考核，全年组织业务培训{rng.randint(2, 5)}次。

## {five_heading}

{problems}{fixes}

## {layout.NARRATIVE['六']}

{year}年本机关未收取信息处理费。（样例）
"""


if __name__ == "__main__":
    main()
