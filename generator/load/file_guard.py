"""Which content files may leave the repository as files: attachments, media, and the files and
images that bodies link to (docs/security.md).

A file is published only when all of these hold, decided without opening it (lstat/stat and
realpath read only the directory tree) except for an SVG, which is then read and parsed:

- its name is safe in a URL (no `?`, `#`, `%`, control characters) and each part of its path fits
  the file system with room for the build's temporary names (240 bytes);
- by real path it is inside content/ (a symbolic link out of the tree is refused, and so is a
  loop) and it is a regular file: never a FIFO, device or folder, which would hang or flood the
  build when read;
- it is not a Markdown file (a content file is published as its page, never as a file: a link
  onto a withheld entry's source would publish what the entry withholds);
- it is not larger than `max_file_mb` (site_config.yml);
- it cannot run script on the site's origin: HTML, XHTML, XML, XSLT and JavaScript files are
  refused; an SVG is published only when it holds drawing elements alone (checked with
  defusedxml against an allow-list: no script, event handlers, foreignObject, animation,
  external references or DTD);
- it does not land on a URL the site generates (a page's index.html, catalog.json, 404.html,
  a feed, an asset, anything under pagefind/).

The same `FileGuard` decides for `gongkai check` (checks/references.py for front matter,
checks/published_files.py for bodies), for the loader (load/parallel.py: content files are
stat()-ed before they are read) and for the build (plan/site.py, render/pages.py,
render/cache.py), so a file the check would refuse is never copied, whatever path the build
takes. The generated URLs come from the planner (plan/outputs.py), handed down by the commands.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_MAX_FILE_MB = 50
# A file system holds 255 bytes a name; the build writes each file beside its place first under a
# temporary name (".name.PID", generator/placing.py), which needs a few more.
MAX_NAME_BYTES = 240
SITE_MARKER = ".gongkai-site"  # written into every output folder (generator/output/build.py)

# Files a browser runs as a document with script when they are opened from the site.
EXECUTABLE_SUFFIXES = frozenset({
    ".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt",
    ".js", ".mjs", ".cjs", ".svgz", ".swf", ".wasm",
})
_UNSAFE_NAME = re.compile(r"[?#%\x00-\x1f\x7f]")
# Folders of the output that the build fills itself after the content files are placed: the
# Pagefind bundle and the lookup index (generator/search/lookup.py, LOOKUP_DIR).
RESERVED_PREFIXES = ("pagefind/", "lookup/")


@dataclass(frozen=True)
class Problem:
    """Why a file is not published: a finding code and its message arguments."""

    code: str
    args: dict = field(default_factory=dict, hash=False)


def name_problem(rel: str) -> Problem | None:
    """A path that would make a broken or misleading URL, or that the file system cannot hold."""
    if _UNSAFE_NAME.search(rel) is None and len(rel) * 4 <= MAX_NAME_BYTES:
        return None  # the usual path: no part of it can be too long (4 bytes a character at most)
    bad = sorted(set(_UNSAFE_NAME.findall(rel)))
    if bad:
        shown = " ".join(repr(c)[1:-1] if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        return Problem("PUB006", {"chars": shown})
    if any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES for part in rel.split("/")):
        return Problem("PUB007", {"limit": MAX_NAME_BYTES})
    return None


def regular_file_problem(path: str, content_real: str, max_bytes: int,
                         real_dirs: dict[str, str] | None = None) -> tuple[Problem | None, os.stat_result | None]:
    """Is `path` (following links) a regular file inside content/ and not too large? Reads no bytes.
    `real_dirs`: {folder: its real path}, kept by a caller that asks for many files of few folders
    (the loader): realpath looks at every part of the path, one lstat each."""
    try:
        real, info = _real_path(path, real_dirs)
    except OSError as exc:
        if not os.path.lexists(path):
            return Problem("missing"), None
        return Problem("PUB001", {"kind": exc.strerror or type(exc).__name__}), None
    if real != content_real and not real.startswith(content_real.rstrip(os.sep) + os.sep):
        return Problem("PUB002"), None  # by real path outside content/ (both paths are real: no `..`)
    if not stat.S_ISREG(info.st_mode):
        return Problem("PUB001", {"kind": file_kind(info.st_mode)}), None
    if info.st_size > max_bytes:
        return Problem("PUB004", {"size": f"{info.st_size / 1048576:.1f}", "limit": max_bytes // 1048576}), None
    return None, info


def _real_path(path: str, real_dirs: dict[str, str] | None) -> tuple[str, os.stat_result]:
    """(realpath(path, strict=True), os.stat of it). A file that is not itself a link lies where its
    folder really is, and its lstat is its stat: one system call instead of one per part."""
    if real_dirs is not None:
        folder, name = os.path.split(path)
        if name not in ("", ".", ".."):
            real_folder = real_dirs.get(folder)
            if real_folder is None:
                real_folder = real_dirs[folder] = os.path.realpath(folder, strict=True)
            info = os.lstat(os.path.join(real_folder, name))
            if not stat.S_ISLNK(info.st_mode):
                return os.path.join(real_folder, name), info
    real = os.path.realpath(path, strict=True)
    return real, os.stat(real)


def file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


class FileGuard:
    """Decides for one site whether a content file (site-relative path) may be published."""

    def __init__(self, root: Path, max_bytes: int, reserved: Reserved | None = None,
                 withheld: dict[str, str] | None = None):
        self.root = str(root)
        self.content_real = os.path.realpath(os.path.join(self.root, "content"))
        self.max_bytes = max_bytes
        self.reserved = reserved
        self.withheld = withheld or {}  # file only a withheld record declares → that record (Site.withheld_files)
        self._withheld_inodes: dict[tuple[int, int], str] | None = None
        self._seen: dict[str, Problem | None] = {}

    @classmethod
    def of(cls, root: Path, config, reserved: Reserved | None = None,
           withheld: dict[str, str] | None = None) -> FileGuard:
        return cls(root, max_file_bytes(config), reserved, withheld)

    def publishable(self, rel: str) -> bool:
        return self.problem(rel) is None

    def problem(self, rel: str) -> Problem | None:
        """None when `rel` (site-relative, inside content/ by its text) may be published."""
        if rel not in self._seen:
            self._seen[rel] = self._problem(rel)
        return self._seen[rel]

    def _problem(self, rel: str) -> Problem | None:
        found = name_problem(rel)
        if found is not None:
            return found
        found, info = regular_file_problem(os.path.join(self.root, rel), self.content_real, self.max_bytes)
        if found is not None:
            return found
        owner = self.withheld_owner(info)
        if owner is not None:
            return Problem("PUB010", {"source": owner})
        real = os.path.realpath(os.path.join(self.root, rel))
        if real.lower().endswith(".md"):
            return Problem("PUB003")
        suffix = os.path.splitext(rel)[1].lower()
        if suffix in EXECUTABLE_SUFFIXES:
            return Problem("PUB005", {"kind": suffix})
        if suffix == ".svg" or real.lower().endswith(".svg"):
            active = svg_problem(real)
            if active:
                return Problem("PUB008", {"what": active})
        if self.reserved is not None:
            url = self.reserved.clash(rel.removeprefix("content/"))
            if url is not None:
                return Problem("PUB009", {"url": url})
        return None


    def withheld_owner(self, info: os.stat_result) -> str | None:
        """The withheld record whose file this is, by inode: another name, a symbolic link or a
        hard link onto a withheld attachment is the same file."""
        if not self.withheld:
            return None
        if self._withheld_inodes is None:
            self._withheld_inodes = {}
            for rel, owner in self.withheld.items():
                try:
                    found = os.stat(os.path.join(self.root, rel))
                except (OSError, ValueError):
                    continue
                self._withheld_inodes.setdefault((found.st_dev, found.st_ino), owner)
        return self._withheld_inodes.get((info.st_dev, info.st_ino))


def max_file_bytes(config) -> int:
    return int(getattr(config, "max_file_mb", DEFAULT_MAX_FILE_MB)) * 1048576


# --- SVG ---------------------------------------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
# Drawing, text, paint servers and filters: nothing here can run script or load another document.
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern", "marker", "style", "switch",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix",
    "feDiffuseLighting", "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA",
    "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur", "feMerge", "feMergeNode", "feMorphology",
    "feOffset", "fePointLight", "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
})
_EXTERNAL_CSS = re.compile(r"@import|url\(\s*['\"]?(?!#)", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\r\n\f]?|(.))", re.S)


def css_plain(text: str) -> str:
    """CSS as the browser reads it: comments dropped and escapes decoded, so that `@\\69mport`,
    `u\\72l(` and `@im/**/port` are seen as what they are."""
    def decode(m: re.Match) -> str:
        if m.group(1) is None:
            return m.group(2)
        code = int(m.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return _CSS_ESCAPE.sub(decode, _CSS_COMMENT.sub("", text))


def svg_problem(path: str) -> str | None:
    """What in an SVG file could run script or load something else; None for a plain drawing."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as safe_xml
    from defusedxml import DefusedXmlException

    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return exc.strerror or "unreadable"
    if b"<?xml-stylesheet" in data:
        return "<?xml-stylesheet?>"
    try:
        tree = safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        return "DTD/ENTITY"
    except ParseError as exc:
        return f"XML: {exc}"
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else "?"
        local = tag[len(SVG_NS):] if tag.startswith(SVG_NS) else None
        if local not in SVG_ELEMENTS:
            return f"<{tag.rsplit('}', 1)[-1]}>"
        if local == "style" and _EXTERNAL_CSS.search(css_plain(element.text or "")):
            return "<style> @import/url()"
        for name, value in element.attrib.items():
            plain = name.rsplit("}", 1)[-1]
            if plain.lower().startswith("on"):
                return f"{plain}="
            if plain == "href" or name == XLINK_HREF:
                if not value.strip().startswith("#"):
                    return f"{plain}=\"{value[:40]}\""
            elif _EXTERNAL_CSS.search(css_plain(value)) or "javascript:" in value.lower():
                return f"{plain}=\"{value[:40]}\""
    return None


# --- generated URLs -------------------------------------------------------------------------------

@dataclass
class Reserved:
    """Every output path the build generates, and the folders that hold them."""

    files: set[str]
    folders: set[str]

    @classmethod
    def of_paths(cls, paths) -> Reserved:
        # Compared case-folded: a site copied to a host whose file system ignores case (Windows,
        # macOS) would let Catalog.json or catalog/INDEX.pdf replace what the build generated.
        files = {path.casefold() for path in paths} | {SITE_MARKER}
        folders = set()
        for path in files:
            parts = path.split("/")[:-1]
            for n in range(1, len(parts) + 1):
                folders.add("/".join(parts[:n]))
        return cls(files, folders)

    def clash(self, output: str) -> str | None:
        """The generated URL a content file copied to `output` would replace or break, if any."""
        output = output.casefold()
        if output in self.files or output in self.folders:
            return output
        if output.startswith(RESERVED_PREFIXES):
            return output.split("/", 1)[0] + "/"
        return None


def content_link(url: str, source: str) -> str | None:
    """The site-relative file a relative link in `source` points at (".." resolved, %-escapes
    decoded); None for URLs, anchors and absolute paths. May lie outside content/."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "/")) or not parts.path:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
