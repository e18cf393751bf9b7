"""The official form of the annual report, declared once (docs/annual-report.md, which tests/check/test_domain_docs.py keeps in step).

Keys are the short labels of docs/annual-report.md#front-matter (what editors type in front matter); labels are
exactly as the template prints them. The loader, the checks, the HTML tables, the
JSON Schema, `gongkai new report` and the CSV export all walk these declarations,
so a label is spelt in one place only.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMATS = ("2021", "2019")
NOTICES = {"2021": "国办公开办函〔2021〕30号", "2019": "国办公开办函〔2019〕60号"}
TOTAL = "总计"


def expected_format(year: int) -> str:
    """Reports for 2019 and 2020 use the 2019 trial format; from 2021 on the current one (docs/annual-report.md#formats)."""
    return "2019" if year <= 2020 else "2021"


# --- 表二 主动公开政府信息情况 -------------------------------------------------------------

INT, SIGNED, AMOUNT, ANY = "int", "signed", "amount", "any"  # cell kinds (docs/annual-report.md#cell-kinds)


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as printed
    kind: str = INT


@dataclass(frozen=True)
class Block:
    """One block of 表二: a full-width title row, a header row, data rows."""

    title: str
    columns: tuple[Column, ...]
    rows: tuple[str, ...]


_ITEMS_2019 = (Column("上一年项目数量", "上一年项目数量"), Column("本年增/减", "本年增/减", SIGNED),
               Column("处理决定数量", "处理决定数量"))

TABLE2 = {
    "2021": (
        Block("第二十条第（一）项", (Column("本年制发件数", "本年制发件数"), Column("本年废止件数", "本年废止件数"),
                                 Column("现行有效件数", "现行有效件数")), ("规章", "行政规范性文件")),
        Block("第二十条第（五）项", (Column("本年处理决定数量", "本年处理决定数量"),), ("行政许可",)),
        Block("第二十条第（六）项", (Column("本年处理决定数量", "本年处理决定数量"),), ("行政处罚", "行政强制")),
        Block("第二十条第（八）项", (Column("本年收费金额", "本年收费金额（单位：万元）", AMOUNT),), ("行政事业性收费",)),
    ),
    "2019": (
        Block("第二十条第（一）项", (Column("本年新制作数量", "本年新制作数量"), Column("本年新公开数量", "本年新公开数量"),
                                 Column("对外公开总数量", "对外公开总数量")), ("规章", "规范性文件")),
        Block("第二十条第（五）项", _ITEMS_2019, ("行政许可", "其他对外管理服务事项")),
        Block("第二十条第（六）项", _ITEMS_2019, ("行政处罚", "行政强制")),
        Block("第二十条第（八）项", _ITEMS_2019[:2], ("行政事业性收费",)),
        Block("第二十条第（九）项", (Column("采购项目数量", "采购项目数量"), Column("采购总金额", "采购总金额", ANY)),
              ("政府集中采购",)),
    ),
}
TABLE2_WIDTH = 3  # value columns of the printed grid; a block with fewer columns stretches its last one

# The rows of 表二 that the catalog can confirm (规章 and 规范性文件 entries), per format.
REGULATION_ROWS = {"2021": {"规章": "规章", "行政规范性文件": "规范性文件"},
                   "2019": {"规章": "规章", "规范性文件": "规范性文件"}}


def table2_rows(fmt: str) -> list[tuple[Block, str]]:
    return [(block, row) for block in TABLE2[fmt] for row in block.rows]


# --- 表三 收到和处理政府信息公开申请情况 ----------------------------------------------------

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")  # the six data columns before 总计
ROW_KEYS = APPLICANTS + (TOTAL,)
LEGAL_PERSONS = APPLICANTS[1:]  # under 法人或其他组织 (no subtotal column on the form)
NOTE_3 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class Group:
    """A category of 三、本年度办理结果: a single row, or a parent label over numbered sub-reasons."""

    key: str
    short: str  # how messages name it: （三）不予公开
    label: str  # as printed
    reasons: tuple[tuple[str, str], ...] = ()  # (key, printed label), numbered from 1 under each parent


_GROUPS_COMMON = (
    Group("予以公开", "（一）予以公开", "（一）予以公开"),
    Group("部分公开", "（二）部分公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    Group("不予公开", "（三）不予公开", "（三）不予公开", (
        ("国家秘密", "1.属于国家秘密"), ("法律行政法规禁止公开", "2.其他法律行政法规禁止公开"),
        ("三安全一稳定", "3.危及“三安全一稳定”"), ("第三方合法权益", "4.保护第三方合法权益"),
        ("三类内部事务信息", "5.属于三类内部事务信息"), ("四类过程性信息", "6.属于四类过程性信息"),
        ("行政执法案卷", "7.属于行政执法案卷"), ("行政查询事项", "8.属于行政查询事项"))),
    Group("无法提供", "（四）无法提供", "（四）无法提供", (
        ("本机关不掌握", "1.本机关不掌握相关政府信息"), ("没有现成信息", "2.没有现成信息需要另行制作"),
        ("补正后申请内容仍不明确", "3.补正后申请内容仍不明确"))),
    Group("不予处理", "（五）不予处理", "（五）不予处理", (
        ("信访举报投诉", "1.信访举报投诉类申请"), ("重复申请", "2.重复申请"), ("公开出版物", "3.要求提供公开出版物"),
        ("大量反复申请", "4.无正当理由大量反复申请"), ("确认或重新出具", "5.要求行政机关确认或重新出具已获取信息"))),
)
OTHER_SPLIT = Group("其他处理", "（六）其他处理", "（六）其他处理", (
    ("逾期不补正", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("逾期未缴费", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("其他", "3.其他")))
OTHER_SINGLE = Group("其他处理", "（六）其他处理", "（六）其他处理")

GROUPS = {"2021": _GROUPS_COMMON + (OTHER_SPLIT,), "2019": _GROUPS_COMMON + (OTHER_SINGLE,)}

# Rows outside 办理结果: key → (short name for messages, printed label)
TOP_ROWS = {
    "本年新收": ("一、本年新收", "一、本年新收政府信息公开申请数量"),
    "上年结转": ("二、上年结转", "二、上年结转政府信息公开申请数量"),
    "结转下年度": ("四、结转下年度继续办理", "四、结转下年度继续办理"),
}
RESULTS = ("办理结果", "三、本年度办理结果")
RESULTS_TOTAL = ("总计", "（七）总计")
TABLE3_KEYS = ("本年新收", "上年结转", "办理结果", "结转下年度")


def result_rows(groups) -> list[tuple[tuple[str, ...], str]]:
    """Every data row under 办理结果 except （七）: (key path inside 办理结果, how messages name it)."""
    rows = []
    for group in groups:
        if group.reasons:
            rows.extend(((group.key, key), f"{group.short} {label}") for key, label in group.reasons)
        else:
            rows.append(((group.key,), group.short))
    return rows


def table3_rows(groups) -> list[tuple[tuple[str, ...], str]]:
    """All data rows of 表三 in printed order, as (key path inside 三, message name)."""
    rows = [(("本年新收",), TOP_ROWS["本年新收"][1]), (("上年结转",), TOP_ROWS["上年结转"][1])]
    rows += [(("办理结果",) + path, name) for path, name in result_rows(groups)]
    rows.append((("办理结果", TOTAL), RESULTS_TOTAL[1]))
    rows.append((("结转下年度",), TOP_ROWS["结转下年度"][1]))
    return rows


# --- 表四 政府信息公开行政复议、行政诉讼情况 -----------------------------------------------

OUTCOMES = ("结果维持", "结果纠正", "其他结果", "尚未审结")
OUTCOME_KEYS = OUTCOMES + (TOTAL,)
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
SUITS = ("未经复议直接起诉", "复议后起诉")
TABLE4_GROUPS = ((REVIEW,), (LITIGATION, SUITS[0]), (LITIGATION, SUITS[1]))  # key paths inside 四

TABLE_NAMES = {"二": "表二", "三": "表三", "四": "表四"}
TABLE_TITLES = {"二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况",
                "四": "四、政府信息公开行政复议、行政诉讼情况"}
NARRATIVE = {"一": "一、总体情况", "五": "五、存在的主要问题及改进情况", "六": "六、其他需要报告的事项"}
