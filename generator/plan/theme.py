"""The theme adapter: the only module that knows where MkDocs-Material keeps its files.

MkDocs-Material is in maintenance and ends in 2027 (docs/design.md#theme); replacing it
must touch only this module and the templates. We take from it:

- its main stylesheet (assets/stylesheets/main.<hash>.min.css), copied into the site under
  the same hashed name, so browsers can cache it for ever;
- SVG icons from templates/.icons, inlined into pages (no icon font, no request).

We do not take its JavaScript bundle (≈ 50 KB gzipped, mostly MkDocs' own search and
instant loading, which we do not use), its palette stylesheet (our colours are set as CSS
variables in gongkai.css) or its Google Fonts link (no request may leave the site: the
font stacks in gongkai.css name the system fonts that phones and PCs in China have).
Our own assets in themes/default/assets/ are copied with a content hash in their names.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .types import PlannedFile

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def themes_root() -> Path:
    """Gongkai's own themes: inside the installed package (a wheel carries themes/ as
    generator/themes/, see pyproject.toml), else at the top of the source checkout."""
    packaged = PACKAGE_ROOT / "themes"
    return packaged if packaged.is_dir() else PACKAGE_ROOT.parent / "themes"


def theme_dir(name: str = "default") -> Path:
    return themes_root() / name


def theme_dirs(site_root: Path | None, name: str = "default") -> list[Path]:
    """Where templates and assets are looked up, first match wins: the site's own
    themes/<name>/ (an office may override one template or the stylesheet), then Gongkai's."""
    dirs = []
    if site_root is not None and (Path(site_root) / "themes" / name).is_dir():
        dirs.append((Path(site_root) / "themes" / name).resolve())
    if theme_dir(name).resolve() not in dirs:
        dirs.append(theme_dir(name).resolve())
    return dirs


def templates_dirs(site_root: Path | None, name: str = "default") -> list[Path]:
    return [d / "templates" for d in theme_dirs(site_root, name) if (d / "templates").is_dir()]


@functools.lru_cache(maxsize=1)
def material_dir() -> Path:
    import material  # the mkdocs-material package

    return Path(material.__file__).resolve().parent / "templates"


@functools.lru_cache(maxsize=1)
def material_stylesheet() -> Path:
    found = sorted((material_dir() / "assets" / "stylesheets").glob("main.*.min.css"))
    if not found:
        raise FileNotFoundError("mkdocs-material's main stylesheet was not found (is mkdocs-material installed?)")
    return found[-1]


@functools.cache
def icon(name: str) -> str:
    """An icon such as "material/magnify" as inline SVG, hidden from screen readers
    (every icon in our templates sits next to a visible or aria label)."""
    path = material_dir() / ".icons" / f"{name}.svg"
    svg = path.read_text(encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg class="gk-icon" aria-hidden="true" focusable="false" ', 1)


@dataclass(frozen=True)
class Assets:
    """Where the theme's files land in the site (site-relative paths).

    `files` maps a path under themes/<name>/assets/ (e.g. "gongkai.css", "search.js") to its
    hashed output path; templates ask for it with `asset("search.js")`. Only the stylesheets
    and scripts listed here are linked from every page; other assets (a search script, an
    image) are linked by the templates that need them.
    """

    files: dict
    stylesheets: tuple[str, ...]
    scripts: tuple[str, ...]


EVERY_PAGE_CSS = ("gongkai.css",)
EVERY_PAGE_JS = ("gongkai.js",)


def _hashed_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
    return f"{path.stem}.{digest}{path.suffix}"


def _reader(path: Path):
    return lambda: path.read_bytes()


def plan_assets(site_root: Path | None = None, name: str = "default") -> tuple[Assets, list[PlannedFile]]:
    """What every page links, and the files that copy the theme's assets into site/assets/."""
    material_css = material_stylesheet()
    material_target = f"assets/stylesheets/{material_css.name}"
    planned = [PlannedFile(material_target, _reader(material_css))]

    files: dict[str, str] = {}
    for folder in theme_dirs(site_root, name):
        own = folder / "assets"
        for path in sorted(p for p in own.rglob("*") if p.is_file() and not p.name.startswith(".")):
            rel = path.relative_to(own).as_posix()
            if rel in files:
                continue  # overridden by the site's own theme folder
            target = "assets/" + Path(rel).with_name(_hashed_name(path)).as_posix()
            files[rel] = target
            planned.append(PlannedFile(target, _reader(path)))
    stylesheets = (material_target,) + tuple(files[n] for n in EVERY_PAGE_CSS if n in files)
    scripts = tuple(files[n] for n in EVERY_PAGE_JS if n in files)
    return Assets(files, stylesheets, scripts), planned
