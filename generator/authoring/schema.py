"""`gongkai schema [-o DIR]`: one JSON Schema per content type, for editors' VS Code.

Generated from the same pydantic models the loader validates against (model.py,
config.py, reports/model.py), never written by hand. When the site has a
site_config.yml, its 主题分类 and 体裁 become enumerations, so the editor's
completion offers exactly the values `gongkai check` accepts.

VS Code (YAML extension by Red Hat) picks them up through `yaml.schemas` in
.vscode/settings.json; see `VSCODE_SETTINGS` and the README.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..load.site import CONFIG_FILE, load_config
from ..model.config import SiteConfig
from ..model.content import Agency, Consultation, Entry, Interpretation, Page
from ..model.findings import Findings

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Which files each schema describes (globs relative to the site root), for .vscode/settings.json.
FILE_GLOBS = {
    "entry": "content/catalog/**/*.md",
    "interpretation": "content/interpretations/**/*.md",
    "consultation": "content/consultations/**/*.md",
    "page": "content/pages/*.md",
    "report": "content/reports/**/*.md",
    "agencies": "content/agencies.yml",
    "site_config": "site_config.yml",
}


def content_models() -> dict[str, type[BaseModel]]:
    models: dict[str, type[BaseModel]] = {"entry": Entry, "interpretation": Interpretation,
                                          "consultation": Consultation, "page": Page}
    try:  # the annual-report content type lives in its own package and may not exist in every build
        from ..reports.model import AnnualReportFrontMatter
    except ImportError:
        pass
    else:
        models["report"] = AnnualReportFrontMatter
    return models


def _label_titles(node) -> None:
    """Show the official Chinese label (e.g. 发布日期) as each property's title in the editor."""
    if isinstance(node, dict):
        if isinstance(node.get("label"), str):
            node["title"] = node["label"]
        for value in node.values():
            _label_titles(value)
    elif isinstance(node, list):
        for value in node:
            _label_titles(value)


def _with_enum(prop: dict, values: list[str]) -> dict:
    """Replace an optional string property's type by an enumeration (keeping null allowed)."""
    keep = {k: v for k, v in prop.items() if k not in ("anyOf", "type")}
    return {**keep, "anyOf": [{"type": "string", "enum": values}, {"type": "null"}]}


def model_schema(model: type[BaseModel], name: str, config: SiteConfig | None) -> dict:
    schema = model.model_json_schema()
    _label_titles(schema)
    props = schema.get("properties", {})
    if config is not None and name == "entry":
        props["topic"] = _with_enum(props["topic"], sorted(config.topic_paths()))
        props["genre"] = _with_enum(props["genre"], list(config.genres))
    return {"$schema": SCHEMA_DIALECT, "$id": f"{name}.schema.json", **schema}


def agencies_schema() -> dict:
    """agencies.yml is `agencies: [ … ]` (or a bare list, which the loader also accepts)."""
    agency = Agency.model_json_schema()
    _label_titles(agency)
    items = {"type": "array", "items": {"$ref": "#/$defs/Agency"}}
    defs = {"Agency": {k: v for k, v in agency.items() if k != "$defs"}, **agency.get("$defs", {})}
    return {"$schema": SCHEMA_DIALECT, "$id": "agencies.schema.json", "title": "机构列表",
            "description": "content/agencies.yml：发布机构列表", "$defs": defs,
            "anyOf": [{"type": "object", "properties": {"agencies": items}, "required": ["agencies"],
                       "additionalProperties": False}, items]}


def all_schemas(config: SiteConfig | None) -> dict[str, dict]:
    schemas = {name: model_schema(model, name, config) for name, model in content_models().items()}
    schemas["agencies"] = agencies_schema()
    schemas["site_config"] = model_schema(SiteConfig, "site_config", None)
    return schemas


def site_config_or_none(root: Path) -> SiteConfig | None:
    """The site's configuration when there is one; ConfigError when it exists but is invalid."""
    if not (root / CONFIG_FILE).is_file():
        return None
    return load_config(root, Findings())


def write_schemas(root: Path, out: Path) -> list[Path]:
    config = site_config_or_none(root)
    out = out if out.is_absolute() else root / out
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in all_schemas(config).items():
        path = out / f"{name}.schema.json"
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


