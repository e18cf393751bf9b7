"""The catalog as data: catalog.json and catalog.csv (public entries only).

The CSV starts with a UTF-8 byte-order mark: without it Excel on Chinese Windows opens the
file as GBK and shows mojibake. Column names follow the site language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from ..reports.exports import json_list_pieces, json_text
from .feeds import absolute

CSV_FIELDS = ("index_no", "title", "doc_no", "agency", "written", "published", "topic", "genre", "validity",
              "keywords", "summary", "url")


def entry_record(planner, e) -> dict:
    return {
        "index_no": e.index_no, "title": e.title, "doc_no": planner.doc_no(e),
        "agency": e.agency, "agency_name": planner.agency_name(e.agency),
        "written": e.written.isoformat(), "published": e.published.isoformat(),
        "topic": e.topic, "genre": e.genre, "validity": e.validity,
        "valid_until": e.valid_until.isoformat() if e.valid_until else None,
        "superseded_by": e.superseded_by if e.superseded_by in planner.by_index else None,
        "keywords": list(e.keywords), "summary": e.summary,
        "url": absolute(planner, planner.entry_url[e.index_no]),
        "attachments": [{"title": a["title"], "url": absolute(planner, a["url"]), "format": a["format"],
                         "size": a["size"]} for a in planner.attachments_of.get(e.index_no, [])],
        "interpretations": [absolute(planner, planner.interp_url[id(i)]) for i in planner.interps_of.get(e.index_no, [])],
    }


def catalog_json(planner) -> Iterator[bytes]:
    """catalog.json, entry by entry: the same bytes as json.dumps(…, indent=1) of the whole
    catalog, without holding it (at 10⁵ entries the objects, the text and its UTF-8 were
    several hundred MB at once, the largest moment of a build's memory)."""
    head = {"title": planner.config.title, "base_url": planner.config.base_url,
            "updated": planner.build_date.isoformat()}
    yield ("{\n" + "".join(f" {json_text(k, 1)}: {json_text(v, 1)},\n" for k, v in head.items())).encode("utf-8")
    yield from json_list_pieces((entry_record(planner, e) for e in planner.entries), 1, '"entries": ')
    yield b",\n"
    interpretations = ({"title": i.title, "agency": i.agency, "published": i.published.isoformat(),
                        "form": i.form, "url": absolute(planner, planner.interp_url[id(i)]),
                        "interprets": [n for n in i.interprets if n in planner.by_index]}
                       for i in planner.interpretations)
    yield from json_list_pieces(interpretations, 1, '"interpretations": ')
    yield b"\n}\n"


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection); the file
# opens in Excel (it has a BOM for that), and titles come from editors. OWASP's rule: prefix a '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def catalog_csv(planner) -> Iterator[bytes]:
    """catalog.csv, a thousand rows at a time (see catalog_json)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([planner.t(f) if f not in ("url", "title") else planner.t("title") if f == "title" else "URL"
                     for f in CSV_FIELDS])
    yield "\ufeff".encode("utf-8")
    for n, e in enumerate(planner.entries, start=1):
        record = entry_record(planner, e)
        record["agency"] = record["agency_name"]
        record["keywords"] = "、".join(record["keywords"])
        writer.writerow([neutralised(record[f]) for f in CSV_FIELDS])
        if n % 1000 == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")
