"""The personal-data scan against the forms people type (docs/personal-data.md): each row is a
line as an editor might write it and what the scan must report — the codes, or nothing for the
false-positive traps (文号, 索引号, dates, office numbers, amounts, statutes, ISBNs, postcodes).

The table is read twice: line by line through the scanner, and as the body of one entry through
`gongkai check`, where every hit must land on its own line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checks.personal_data import Allowed, scan_visible, text_lines

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"

ID = "110105198001010016"  # a real birth date and a matching check character
ID_X = "11010519800101018X"
CARD = "6222020200112233446"  # 19 digits, Luhn-valid

FOUND = [
    # mobile numbers: separators, full-width forms, glued letters, country code
    ("联系电话：13912345678", "PII002"),
    ("联系电话：139-1234-5678", "PII002"),
    ("联系电话：139 1234 5678", "PII002"),
    ("联系电话：139\u00a01234\u00a05678", "PII002"),  # NBSP
    ("联系电话：139\u30001234\u30005678", "PII002"),  # ideographic space
    ("联系电话：139－1234－5678", "PII002"),  # full-width hyphen
    ("联系电话：139.1234.5678", "PII002"),
    ("联系电话：139·1234·5678", "PII002"),
    ("联系电话：139—1234—5678", "PII002"),
    ("联系电话：１３９１２３４５６７８", "PII002"),
    ("联系电话：１３９　１２３４　５６７８", "PII002"),
    ("TEL13912345678", "PII002"),
    ("Tel:13912345678", "PII002"),
    ("手机13912345678（张先生）", "PII002"),
    ("13912345678张先生", "PII002"),
    ("电话13912345678x", "PII002"),
    ("请拨打+86 139 1234 5678", "PII002"),
    ("请拨打+86-13912345678", "PII002"),
    ("请拨打008613912345678", "PII002"),
    # what the reader sees, not the source: entities, markup, invisible characters, Markdown
    ("电话 &#49;&#51;&#57;12345678", "PII002"),
    ("电话 &#x31;&#x33;&#x39;1234&nbsp;5678", "PII002"),
    ("电话 <b>139</b>1234<span>5678</span>", "PII002"),
    ("电话 139<!-- 注释 -->12345678", "PII002"),
    ("电话 139\u200b1234\u200b5678", "PII002"),  # zero-width space
    ("电话 139\u200d1234\ufeff5678", "PII002"),  # zero-width joiner, BOM
    ("电话 139\u00ad1234\u20605678", "PII002"),  # soft hyphen, word joiner
    ("电话 **139**1234 5678", "PII002"),
    ("电话 139\\-1234\\-5678", "PII002"),
    ("电话 `139` 1234 5678", "PII002"),
    # ID-card numbers
    (f"身份证号：{ID}", "PII001"),
    (f"身份证号：{ID_X}", "PII001"),
    (f"身份证号：{ID_X.lower()}", "PII001"),
    ("身份证号：110105 19800101 0016", "PII001"),
    ("身份证号：110105-1980-0101-0016", "PII001"),
    ("身份证号：１１０１０５１９８００１０１００１６", "PII001"),
    (f"证件号码ID{ID}", "PII001"),
    (f"身份证<em>110105</em>{ID[6:]}", "PII001"),
    (f"当事人张三（{ID}）", "PII001"),
    # e-mail addresses
    ("邮箱：zhangsan@qq.com", "PII003"),
    ("邮箱：zhangsan＠163.com", "PII003"),
    ("邮箱：zhang\u200bsan@126.com", "PII003"),
    ("邮箱：zhangsan&#64;qq.com", "PII003"),
    # bank cards and accounts (a bank word on the line)
    (f"收款账号：{CARD}", "PII004"),
    ("开户银行：工商银行，卡号 6217 0012 3456 7893", "PII004"),
    ("银行账号 6222-0202-0011-2233-446", "PII004"),
    # legacy 15-digit ID numbers (an ID word on the line)
    ("身份证号 440524800101001", "PII005"),
    ("身份证号 440524 800101 001", "PII005"),
]

NOT_FOUND = [
    "湛府办〔2024〕13号",
    "索引号：11440800007187656Q/2018-00022",
    "索引号：114408000071831536/2024-00008",
    "成文日期 2024-01-03，发布日期 2024-01-05",
    "2024年1月3日至2024年12月31日",
    "有效期 2024-01-03 2024-12-31",
    "时间 2024.01.03 13:00—17:30",
    "咨询电话：0759-3100201",
    "咨询电话：(0759) 3100 201",
    "政务服务热线 12345，投诉电话 0759-12345",
    "传真：0759—3100202",
    "服务热线 400-888-1234，银联客服 95516",
    "金额 2267000 万元",
    "合计 1,234,567,890.12 元",
    "支出 468210 万元、356920 万元、296440 万元",
    "《中华人民共和国个人信息保护法》第二十八条",
    "依据 GB/T 35273-2020 和 GB 50016-2014（2018年版）",
    "ISBN 978-7-5097-1234-5",
    "ISBN 9787509712345",
    "邮政编码 524000",
    "地址：湛江市赤坎区中山二路 1 号",
    "统一社会信用代码 11440800007187656Q",
    "身份证号 11010519800101001X",  # wrong check character
    "身份证号码 440524********0014（已去标识化）",
    "手机 139****5678（已打码）",
    "图标 logo@2x.png",
    "示例 someone@example.com",
    "文件编号 2024010312345678",  # Luhn-valid, but no bank word: a serial number
    "校验值 5f1e2c13912345678ab",  # inside a word of letters and digits
    "https://www.zhanjiang.gov.cn/art/2024/1/3/art_1229_2301.html",
    "年度 2024 2025 2026",
    "序号 1 2 3 4 5 6 7 8 9 10 11",
    "坐标 113.3587, 21.2707",
    "电话号码 1391234567（10 位）",
    "编号 12345678901",  # 11 digits, but no mobile prefix
    "订单号 139123456789",  # 12 digits
    "机构电话 138 0013 8000",  # the office's own number (allowed below)
    "政务邮箱 zwgk@zhanjiang.gov.cn",  # the office's domain
    "机构邮箱 office＠zhanjiang.example.cn",
    "文号 湛府办〔2018〕22号，2018年6月28日印发，共计 13659752745678 字节",
]

ALLOWED = Allowed(phones={"13800138000"}, emails={"office@zhanjiang.example.cn"}, domains=("zhanjiang.gov.cn",),
                  codes={"11440800007187656Q"})


def scan(text: str) -> list[str]:
    found = []
    for _, line, above in text_lines(text):
        found += [code for code, _, _ in scan_visible(line, above, None, ALLOWED)]
    return found


def test_the_corpus_is_large_enough():
    assert len(FOUND) + len(NOT_FOUND) >= 60


@pytest.mark.parametrize("text, code", FOUND)
def test_found(text, code):
    assert scan(text) == [code]


@pytest.mark.parametrize("text", NOT_FOUND)
def test_not_found(text):
    assert scan(text) == []


def test_bank_word_on_the_line_above():
    assert scan(f"开户行：工商银行湛江分行\n{CARD}") == ["PII004"]
    assert scan(f"说明\n{CARD}") == []


def test_the_whole_corpus_through_gongkai_check(tmp_path):
    """Every row as one line of an entry's body in a copy of the demo: each hit on its own line,
    nothing on the traps, the message masked."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy(REPO / "site_config.yml", root)
    rel = "content/catalog/zj-czj/2024/shiji-yusuan-2024.md"
    path = root / rel
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    # Blank lines between the rows: a bank word on one row must not count for the next.
    rows = [t for t, _ in FOUND] + [t.replace("机构电话 138 0013 8000", "机构电话 0759-3100201")
                                    .replace("zwgk@zhanjiang.gov.cn", "zwgk@example.com")
                                    .replace("office＠zhanjiang.example.cn", "office＠example.org") for t in NOT_FOUND]
    path.write_text(text + "\n\n".join(rows) + "\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "generator.cli", "check", "--root", str(root), "--as-of", AS_OF,
                          "--format", "json"], cwd=REPO, capture_output=True, text=True, timeout=600)
    import json

    findings = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    got = sorted((f["line"], f["code"]) for f in findings if f["code"].startswith("PII") and f["file"] == rel)
    expected = sorted((first + 2 * i, code) for i, (_, code) in enumerate(FOUND))
    assert got == expected
    assert run.returncode == 1
    assert not any(ID in f["message"] or "13912345678" in f["message"] for f in findings)
