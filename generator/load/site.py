"""Loading a whole site: site_config.yml, agencies, every content file → a `Site`.

Findings are collected for every file; a file that cannot be validated is left
out of the model (its findings say why) but its text is still scanned for
personal data by the checks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..model import vocab
from ..model.config import ConfigError, SiteConfig
from ..model.content import Agency, Consultation, Entry, EntryRecord, Interpretation, Page
from ..model.findings import Findings
from ..model.source import NO_KEY_LINES, SourceFile
from .content import iter_content_files, load_content
from .document import read_yaml_file
from .validate import build, report_errors

CONFIG_FILE = "site_config.yml"
# A catalog entry: an EntryRecord as the loader hands it over (model/content.py), or an Entry validated
# by the caller itself
_CATALOG_RECORDS = (Entry, EntryRecord)


@dataclass
class Site:
    root: Path
    config: SiteConfig
    as_of: dt.date
    agencies: dict[str, Agency] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)
    interpretations: list[Interpretation] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    consultations: list[Consultation] = field(default_factory=list)
    reports: list = field(default_factory=list)  # generator.reports.model.AnnualReport
    sources: list[SourceFile] = field(default_factory=list)  # every content file read, valid or not; no text
    scans: list = field(default_factory=list)  # checks.personal_data.FileScan: what the loader's scan found
    identities: list = field(default_factory=list)  # checks.identity.FileIdentity of every catalog file read
    bodies: list = field(default_factory=list)  # published_files.BodySurvey of bodies with file links or past their budget
    generated_outputs: object = None  # site → the output paths the build generates (plan/outputs.py), set by checks.check_site
    planned: tuple | None = None  # (assets, asset files, Plan) the check's planning made, reused by the build (plan/outputs.py)

    def forget_per_file_results(self) -> None:
        """The per-file checks' results (scans, identities, bodies) are the cross-file checks' input
        alone: a build lets them go once the site is checked (about 40 MB at 10⁵ entries). So are the
        catalog entries' key lines, which name lines in findings (about 18 MB): the planned pages
        and the build cache's manifest then take their memory rather than growing beside it."""
        self.scans, self.identities, self.bodies = [], [], []
        for entry in self.entries:
            if entry.source is not None:
                entry.source.key_lines = NO_KEY_LINES

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def lang(self) -> str:
        return self.config.language

    # --- what may be published: 主动公开, not a draft, 发布日期 come (docs/disclosure.md#what-is-published)
    def is_public(self, record) -> bool:
        if getattr(record, "draft", False):
            return False
        if isinstance(record, _CATALOG_RECORDS) and record.disclosure != vocab.PUBLIC:
            return False
        published = getattr(record, "published", None)
        if isinstance(record, (*_CATALOG_RECORDS, Interpretation)):
            return published is not None and published <= self.as_of
        if isinstance(record, Consultation):
            return record.opens <= self.as_of
        if published is not None and hasattr(record, "year"):  # annual reports
            return published <= self.as_of
        return True

    def public_entries(self) -> list[Entry]:
        return [e for e in self.entries if self.is_public(e)]

    def public_interpretations(self) -> list[Interpretation]:
        public_index = {e.index_no for e in self.public_entries()}
        return [i for i in self.interpretations
                if self.is_public(i) and any(n in public_index for n in i.interprets)]

    def withheld_files(self) -> dict[str, str]:
        """Files that only withheld records declare (attachments, media) → the source of one of
        them. Linked from a public body they would publish what the record withholds
        (docs/security.md); a file a public record also declares is published with it anyway."""
        shown = {id(i) for i in self.public_interpretations()}
        withheld: dict[str, str] = {}
        public: set[str] = set()
        for record in self.entries + self.interpretations + self.consultations + self.pages + self.reports:
            declared = _declared_files(record)
            source = getattr(record, "source", None) if declared else None
            if source is None:
                continue  # most records declare no file: nothing to ask them
            is_shown = id(record) in shown if isinstance(record, Interpretation) else self.is_public(record)
            for item in declared:
                file = getattr(item, "file", None)
                if not file:
                    continue
                rel = posixpath.normpath(posixpath.join(posixpath.dirname(source.rel), file.replace("\\", "/")))
                if is_shown:
                    public.add(rel)
                else:
                    withheld.setdefault(rel, source.rel)
        return {rel: owner for rel, owner in withheld.items() if rel not in public}

    def withheld_count(self) -> int:
        # An interpretation is shown only with a public policy (public_interpretations): count the rest.
        shown = {id(i) for i in self.public_interpretations()}
        hidden = sum(1 for r in self.entries + self.pages + self.reports if not self.is_public(r))
        return hidden + sum(1 for i in self.interpretations if id(i) not in shown)


def _declared_files(record) -> list:
    """A record's attachments and media. A record is asked only for the fields its class has: a
    missing one costs an exception (through BaseModel.__getattr__ for a pydantic model; 10⁵
    entries have no media)."""
    kind = type(record)
    names = _DECLARING_FIELDS.get(kind)
    if names is None:
        fields = getattr(kind, "model_fields", None) or getattr(kind, "__slots__", None)  # an EntryRecord: its slots
        names = ("attachments", "media") if fields is None else tuple(n for n in ("attachments", "media") if n in fields)
        _DECLARING_FIELDS[kind] = names
    return [item for name in names for item in (getattr(record, name, None) or [])]


_DECLARING_FIELDS: dict[type, tuple[str, ...]] = {}  # a record class → which of attachments, media it has


def load_config(root: Path, findings: Findings) -> SiteConfig:
    path = root / CONFIG_FILE
    if not path.is_file():
        findings.error("CFG001", CONFIG_FILE, 0, "")
        raise ConfigError(findings)
    loaded = read_yaml_file(path, root, findings)
    if loaded is None:
        raise ConfigError(findings)
    data, key_lines = loaded
    doc = SourceFile(path=path, rel=CONFIG_FILE, meta=data if isinstance(data, dict) else {}, key_lines=key_lines)
    if not isinstance(data, dict):
        findings.error("FILE005", CONFIG_FILE, 1, "", found=type(data).__name__)
        raise ConfigError(findings)
    config = build(SiteConfig, doc, findings)
    if config is None:
        raise ConfigError(findings)
    return config


# An agency's id names its folders and files beside the site's own (plan/urls.py, plan/reports.py):
# catalog/<id>/ beside the catalog's listings, reports/<id>/ beside the site's statistics,
# feeds/<id>.xml beside the site's feeds/all.xml. tests/check/test_site_checks.py holds the two lists alike.
RESERVED_AGENCY_IDS = frozenset({"all", "by-agency", "by-genre", "by-topic", "by-year", "in-force", "statistics"})
RESERVED_AGENCY_PATTERN = re.compile(r"page-[0-9]+\Z")  # a listing's further pages: catalog/page-2/


def load_agencies(root: Path, config: SiteConfig, findings: Findings) -> dict[str, Agency]:
    inside = posixpath.normpath(config.agencies_file.replace("\\", "/"))
    if posixpath.isabs(inside) or inside == ".." or inside.startswith("../"):
        # Outside the site, the file would not be in the repository that CI checks out.
        findings.error("CFG003", CONFIG_FILE, 0, "agencies_file", path=config.agencies_file)
        return {}
    path = root / inside
    if not path.is_file():
        findings.error("CFG002", CONFIG_FILE, 0, "agencies_file", path=config.agencies_file)
        return {}
    loaded = read_yaml_file(path, root, findings)
    if loaded is None:
        return {}
    data, key_lines = loaded
    rel = path.relative_to(root).as_posix()
    items = data.get("agencies") if isinstance(data, dict) else data
    prefix = "agencies" if isinstance(data, dict) else ""
    if not isinstance(items, list):
        findings.error("FILE005", rel, 1, "", found=type(items).__name__)
        return {}
    doc = SourceFile(path=path, rel=rel, key_lines=key_lines)
    agencies: dict[str, Agency] = {}
    lines: dict[str, int] = {}
    for i, item in enumerate(items):
        item_path = f"{prefix}[{i}]"
        try:
            agency = Agency.model_validate(item)
        except ValidationError as exc:
            report_errors(Agency, exc, doc, findings, prefix=item_path)
            continue
        line = doc.line_of(item_path)
        if agency.id in agencies:
            findings.error("AGY001", rel, line, f"{item_path}.id", id=agency.id, other_line=lines[agency.id])
            continue
        if agency.id in RESERVED_AGENCY_IDS or RESERVED_AGENCY_PATTERN.match(agency.id):
            findings.error("AGY004", rel, line, f"{item_path}.id", id=agency.id)
            continue
        agencies[agency.id] = agency
        lines[agency.id] = line
    for agency_id, agency in agencies.items():
        if agency.parent and agency.parent not in agencies:
            findings.error("AGY002", rel, lines[agency_id], "parent", parent=agency.parent)
    return agencies


@contextlib.contextmanager
def cyclic_gc_paused():
    """Loading makes hundreds of thousands of objects that live on (records, documents) and
    almost no cycles. The cyclic collector would scan the growing heap again and again for
    nothing to free: a third of the parent's time for 10⁵ files (the cross-file checks too).
    Reference counting still frees everything else; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # What loading made is in the youngest generation, where the collector would scan it
        # at once and again in the middle one; it is long-lived: straight to the oldest.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()


@cyclic_gc_paused()
def load_site(root: Path, as_of: dt.date | None = None, lang: str | None = None,
              cache: bool = False, file_checks=None) -> tuple[Site, Findings]:
    """Load everything. Raises ConfigError (after recording findings) when the site cannot be configured.
    `file_checks(config, agencies, lang)` makes the per-file checks run while each file is read
    (generator/checks/: `checks.load_checked` passes them); without them nothing is scanned.
    `cache`: take unchanged files' results, checks included, from .gongkai-cache/parsed
    (generator/load/parse_cache.py); only with the checks, so the cache never holds a file unchecked."""
    root = Path(root).resolve()
    findings = Findings(lang=lang or "zh")
    config = load_config(root, findings)
    findings.lang = lang or config.language
    site = Site(root=root, config=config, as_of=as_of or dt.date.today())
    site.agencies = load_agencies(root, config, findings)
    content = root / "content"
    kinds = (("catalog", Entry, site.entries), ("interpretations", Interpretation, site.interpretations),
             ("pages", Page, site.pages), ("consultations", Consultation, site.consultations),
             ("reports", None, None))  # reports: built by their own loader below
    # Listed lazily: the loader's workers start on the first folders while the rest are listed.
    items = ((path, model) for kind, model, _ in kinds for path in iter_content_files(content / kind))
    targets = {model: target for _, model, target in kinds}
    targets[EntryRecord] = site.entries  # the loader's workers hand entries over as these (model/content.py)
    checker = file_checks(config, site.agencies, findings.lang) if file_checks is not None else None
    parse_cache_at = None
    if cache and checker is not None:
        from .parse_cache import folder_of, parse_key

        # A checker that checks some files less (a shard's) says so in the key: never a full check's rows
        parse_cache_at = (folder_of(root), parse_key(root, config, findings.lang) + checker.cache_key)
    report_docs = []
    for doc, record in load_content(site, items, findings, parse_cache_at, checker):
        if record is not None:
            targets[type(record)].append(record)
        elif doc.rel.startswith("content/reports/"):
            report_docs.append(doc)
    from .reports import load_reports  # the annual-report package owns its own content type

    site.reports = load_reports(site, findings, report_docs)
    return site, findings
