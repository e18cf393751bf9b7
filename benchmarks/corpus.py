"""Deterministic synthetic corpus: the same catalog as a Gongkai content tree and as a Hugo site.

    python benchmarks/corpus.py N OUT [--agencies 50] [--seed 1] [--jobs J]

writes OUT/gongkai/ (site_config.yml, content/agencies.yml, content/catalog/<agency>/<year>/*.md,
content/interpretations/, content/reports/<agency>/<year>.md) and OUT/hugo/ (hugo.toml, a minimal
theme of our own, the same entries under content/catalog/), plus OUT/corpus.json describing it.

The plan of the corpus (which agency, year, genre, 索引号 and 文号 each entry gets) is drawn
sequentially, which is cheap; the text of entry i comes from its own seed, so the bodies are
written by several processes and the output is still byte-identical from run to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
import time
from dataclasses import dataclass
from multiprocessing import Pool
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import phrases  # noqa: E402
import prose  # noqa: E402
import reports  # noqa: E402

YEARS = range(2010, 2026)
AS_OF = "2026-11-01"  # the --as-of date the benchmark passes: every planned entry has been published by then
SITE_TITLE = "示例市人民政府信息公开（基准测试语料）"
BASE_URL = "https://bench.example.gov.cn/"
NON_PUBLIC_SHARE = 0.015  # each of 依申请公开 and 草稿: about 3% of entries are never published
INTERPRETED_SHARE = 0.05  # of 规范性文件
ENTRIES_PER_REPORT = 125  # one annual report per agency and year, for about this many entries


# --- identity codes (docs/identifiers.md#agency-codes) --------------------------------------------

ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_code(body8: str) -> str:
    """组织机构代码 (GB 11714): 8 characters and the check character."""
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS))
    check = 11 - total % 11
    return body8 + ("X" if check == 10 else "0" if check == 11 else str(check))


def uscc(region: str, org9: str) -> str:
    """统一社会信用代码 (GB 32100) of a government organ: 1 1 <region> <org code> <check>."""
    body = "11" + region + org9
    total = sum(USCC_CHARS.index(c) * pow(3, i, 31) for i, c in enumerate(body))
    return body + USCC_CHARS[(31 - total % 31) % 31]


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    prefix: str  # 文号 代字
    kind: str
    topic: str
    code: str


def make_agencies(count: int) -> list[Agency]:
    """Departments first, then district governments, then numbered branches if more are asked for."""
    bank = list(phrases.DEPARTMENTS)
    bank += [(f"{d}-gov", f"示例市{name}人民政府", f"示{name[0]}府", "政府", "综合政务\\政务公开")
             for d, name in phrases.DISTRICTS]
    agencies = []
    for i in range(count):
        aid, name, prefix, kind, topic = bank[i % len(bank)]
        if i >= len(bank):
            branch = i // len(bank)
            aid, name, prefix = f"{aid}-{branch}", f"{name}第{branch}分局", f"{prefix}{branch}"
        org = org_code(f"{(71000000 + i * 7919) % 100000000:08d}")
        agencies.append(Agency(aid, name, prefix, kind, topic, uscc("440899", org)))
    return agencies


# --- the plan ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Planned:
    i: int
    agency: int  # index into the agency list
    year: int
    serial: int
    genre: str
    doc_no: str | None
    status: str  # "public", "request" (依申请公开) or "draft"
    written: dt.date
    published: dt.date


def plan(n: int, agencies: list[Agency], seed: int) -> list[Planned]:
    r = random.Random(seed)
    agency_weights = [3 if a.kind == "政府" else 1 for a in agencies]
    year_weights = [1 + 0.15 * (y - YEARS[0]) for y in YEARS]  # catalogs grow over the years
    genres, genre_weights = zip(*phrases.GENRE_WEIGHTS)
    serials: dict[tuple, int] = {}
    numbers: dict[tuple, int] = {}
    out = []
    for i in range(n):
        a = r.choices(range(len(agencies)), agency_weights)[0]
        year = r.choices(YEARS, year_weights)[0]
        genre = r.choices(genres, genre_weights)[0]
        if genre == "规章" and agencies[a].kind != "政府":
            genre = "规范性文件"  # only governments make 规章
        serials[a, year] = serial = serials.get((a, year), 0) + 1
        doc_no = None
        if genre in phrases.NUMBERED_GENRES or genre == "规章":
            series = "令" if genre == "规章" else "规" if genre == "规范性文件" else ""
            key = (a, series) if series == "令" else (a, year, series)  # orders are numbered without a year
            numbers[key] = k = numbers.get(key, 0) + 1
            prefix = agencies[a].prefix
            doc_no = f"{prefix}令第{k}号" if series == "令" else f"{prefix}{series}〔{year}〕{k}号"
        roll = r.random()
        status = "request" if roll < NON_PUBLIC_SHARE else "draft" if roll < 2 * NON_PUBLIC_SHARE else "public"
        written = dt.date(year, 1, 2) + dt.timedelta(days=r.randint(0, 335))
        published = written + dt.timedelta(days=r.randint(0, 7))
        out.append(Planned(i, a, year, serial, genre, doc_no, status, written, published))
    return out


def regulation_counts(planned: list[Planned], agencies: list[Agency]) -> dict:
    """(agency id, 规章 | 规范性文件, year) → how many public ones were written that year: table 二 of the
    annual reports must agree with the catalog."""
    counts: dict[tuple, int] = {}
    for p in planned:
        if p.status == "public" and p.genre in ("规章", "规范性文件"):
            key = (agencies[p.agency].id, p.genre, p.written.year)
            counts[key] = counts.get(key, 0) + 1
    return counts


# --- writing ----------------------------------------------------------------------------------

_YAML_UNSAFE_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def ystr(text: str) -> str:
    """A YAML scalar as an editor would write it: plain when that is safe, else double-quoted."""
    if (not text or text.startswith(_YAML_UNSAFE_START) or ": " in text or " #" in text
            or text.lower() in ("yes", "no", "true", "false", "null", "on", "off")):
        return json.dumps(text, ensure_ascii=False)
    return text


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def entry_texts(p: Planned, agency: Agency, seed: int) -> dict:
    r = random.Random(f"{seed}/{p.i}")
    obj = r.choice(phrases.OBJECTS)
    units = [phrases.SUBJECTS[k] for k in (1, 4, 5)]
    title = prose.title(r, p.genre, obj, agency.name, p.year)
    return {
        "obj": obj,
        "title": title,
        "summary": prose.summary(r, obj),
        "keywords": [obj.replace("“", "").replace("”", ""), p.genre],
        "body": prose.body(r, p.genre, obj, agency.name, cn_date(p.written), p.year, units),
        "interpreted": p.genre == "规范性文件" and p.status == "public" and r.random() < INTERPRETED_SHARE,
        "r": r,
    }


def gongkai_entry(p: Planned, agency: Agency, t: dict) -> str:
    lines = ["---", f"title: {ystr(t['title'])}", f"index_no: {agency.code}/{p.year}-{p.serial:05d}",
             f"agency: {agency.id}"]
    if p.doc_no:
        lines.append(f"doc_no: {p.doc_no}")
    lines += [f"written: {p.written}", f"published: {p.published}", f"topic: {agency.topic}",
              f"genre: {p.genre}"]
    if p.status == "request":
        lines += ["disclosure: 依申请公开", f"reason: {phrases.WITHHOLD_REASONS[p.i % 3]}"]
    else:
        lines.append("disclosure: 主动公开")
    if p.status == "draft":
        lines.append("draft: true")
    lines += [f"keywords: [{', '.join(t['keywords'])}]", f"summary: {ystr(t['summary'])}", "---", ""]
    return "\n".join(lines) + t["body"]


def hugo_entry(p: Planned, agency: Agency, t: dict) -> str:
    top_topic = agency.topic.split("\\")[0]
    lines = ["---", f"title: {ystr(t['title'])}", f"date: {p.published}",
             f"draft: {'true' if p.status != 'public' else 'false'}",
             f"agencies: [{agency.id}]", f"topics: [{ystr(top_topic)}]", f"years: ['{p.year}']",
             "params:", f"  index_no: {agency.code}/{p.year}-{p.serial:05d}",
             f"  agency_name: {agency.name}", f"  doc_no: {ystr(p.doc_no or '')}", f"  written: '{p.written}'",
             f"  topic: {json.dumps(agency.topic, ensure_ascii=False)}", f"  genre: {p.genre}",
             "  validity: 有效", f"summary: {ystr(t['summary'])}", "---", ""]
    return "\n".join(lines) + t["body"]


def interpretation(p: Planned, agency: Agency, t: dict) -> str:
    r = t["r"]
    title = f"《{t['title']}》政策解读"
    meta = ["---", f"title: {ystr(title)}", f"agency: {agency.id}", f"published: {p.published}",
            f"interprets: [{agency.code}/{p.year}-{p.serial:05d}]", "form: 文字",
            f"summary: {ystr('对' + t['obj'] + '有关政策的解读。')}", "---", ""]
    return "\n".join(meta) + prose.interpretation_body(r, t["title"], t["obj"])


def _write(path: Path, text: str, made: set) -> None:
    folder = path.parent
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_chunk(args) -> dict:
    """Worker: write the Gongkai and Hugo files of a slice of the plan; return counts."""
    chunk, agencies, out, seed = args
    out = Path(out)
    made: set = set()
    counts = {"interpretations": 0, "body_chars": 0}
    for p in chunk:
        agency = agencies[p.agency]
        t = entry_texts(p, agency, seed)
        counts["body_chars"] += len(t["body"])
        name = f"{p.year}-{p.serial:05d}.md"
        _write(out / "gongkai/content/catalog" / agency.id / str(p.year) / name, gongkai_entry(p, agency, t), made)
        _write(out / "hugo/content/catalog" / agency.id / str(p.year) / name, hugo_entry(p, agency, t), made)
        if t["interpreted"]:
            text = interpretation(p, agency, t)
            fname = f"{agency.id}-{p.year}-{p.serial:05d}.md"
            _write(out / "gongkai/content/interpretations" / fname, text, made)
            _write(out / "hugo/content/interpretations" / fname, text.replace("published:", "date:", 1), made)
            counts["interpretations"] += 1
    return counts


def write_site_files(out: Path, agencies: list[Agency]) -> None:
    gk = out / "gongkai"
    (gk / "content").mkdir(parents=True, exist_ok=True)
    (gk / "site_config.yml").write_text(
        f"title: {SITE_TITLE}\nbase_url: {BASE_URL}\nlanguage: zh\nper_page: 20\n", encoding="utf-8")
    lines = ["agencies:"]
    for a in agencies:
        prefixes = [a.prefix, a.prefix + "规"] + ([a.prefix + "令"] if a.kind == "政府" else [])
        lines += [f"  - id: {a.id}", f"    name: {a.name}", f"    kind: {a.kind}", f"    code: \"{a.code}\"",
                  f"    doc_prefixes: [{', '.join(prefixes)}]", "    sample: true"]
    (gk / "content/agencies.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    hugo = out / "hugo"
    shutil.copytree(HERE / "hugo_theme", hugo / "themes/gkbench", dirs_exist_ok=True)
    (hugo / "hugo.toml").write_text(HUGO_CONFIG.format(base=BASE_URL, title=SITE_TITLE), encoding="utf-8")
    for section, title in (("catalog", "法定主动公开内容"), ("interpretations", "政策解读")):
        (hugo / "content" / section).mkdir(parents=True, exist_ok=True)
        (hugo / "content" / section / "_index.md").write_text(f"---\ntitle: {title}\n---\n", encoding="utf-8")
    for a in agencies:  # term pages titled with the agency's full name
        folder = hugo / "content/agencies" / a.id
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {a.name}\n---\n", encoding="utf-8")


HUGO_CONFIG = """baseURL = "{base}"
title = "{title}"
languageCode = "zh-CN"
defaultContentLanguage = "zh"
hasCJKLanguage = true
titleCaseStyle = "none"
theme = "gkbench"
disableKinds = ["RSS"]
enableGitInfo = false

[pagination]
  pagerSize = 20

[taxonomies]
  agency = "agencies"
  topic = "topics"
  year = "years"
"""


def generate(n: int, out: Path, agency_count: int = 50, seed: int = 1, jobs: int | None = None) -> dict:
    started = time.perf_counter()
    out = Path(out)
    agencies = make_agencies(agency_count)
    planned = plan(n, agencies, seed)
    write_site_files(out, agencies)
    jobs = jobs or os.cpu_count() or 1
    size = max(500, n // (jobs * 8) + 1)
    chunks = [(planned[k:k + size], agencies, str(out), seed) for k in range(0, n, size)]
    totals = {"interpretations": 0, "body_chars": 0}
    with Pool(jobs) as pool:
        for counts in pool.imap_unordered(write_chunk, chunks):
            for key in totals:
                totals[key] += counts[key]
    regulations = regulation_counts(planned, agencies)
    report_count = reports.write_reports(out / "gongkai/content/reports", agencies, n, ENTRIES_PER_REPORT, seed,
                                         regulations)
    described = {
        "entries": n, "agencies": agency_count, "seed": seed, "as_of": AS_OF,
        "public_entries": sum(p.status == "public" for p in planned),
        "request_entries": sum(p.status == "request" for p in planned),
        "draft_entries": sum(p.status == "draft" for p in planned),
        "interpretations": totals["interpretations"], "annual_reports": report_count,
        "mean_body_chars": round(totals["body_chars"] / max(n, 1)),
        "generated_in_s": round(time.perf_counter() - started, 2),
    }
    (out / "corpus.json").write_text(json.dumps(described, ensure_ascii=False, indent=1), encoding="utf-8")
    return described


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of catalog entries")
    ap.add_argument("out", type=Path, help="output folder (gongkai/ and hugo/ are written inside)")
    ap.add_argument("--agencies", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=None, help="writer processes (default: CPU count)")
    args = ap.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        print(f"{args.out} is not empty: give a new folder", file=sys.stderr)
        return 2
    print(json.dumps(generate(args.n, args.out, args.agencies, args.seed, args.jobs), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
