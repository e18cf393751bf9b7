"""Parts of a page that many pages share, rendered once per build: `{% shared key, … %}`.

The header, the navigation and the footer are the same on thousands of pages except for
their links, which are written relative to each page (generator/render/pages.py, `url()`). A
template marks such a part

    {% shared page_section, nav_url %} … {% endshared %}

and the renderer renders it the first time it meets the key's values; every `url()` inside
is recorded as a hole instead of being written. A later page with the same key gets the
recorded text with the holes filled by its own links, which is byte for byte what rendering
the part again would give. See docs/themes.md.

What a template author must know:
- Every page variable the part reads must appear in its key (the check below refuses the
  template otherwise); globals (`site`, `t`, `url`, `asset`, `icon`, …) are the same on every
  page and need not. A key expression may narrow a variable to what the part depends on:
  `page_url if page_url in nav_urls else ""` when the part only compares page_url with the
  navigation's URLs.
- Inside the part, write links as `{{ url(…) }}` or `{{ asset(…) }}` and do not compute with
  their value (compare, slice, filter): until it is filled, the value is a placeholder.
- The recorded parts live as long as the renderer (one build, one worker process).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import nodes
from jinja2.exceptions import TemplateSyntaxError
from jinja2.ext import Extension
from jinja2.meta import find_undeclared_variables
from markupsafe import Markup, escape

from .markdown import folder_prefixes

# A hole: NUL, the link's number in its part, NUL. Nothing escapes NUL, and no page text holds it.
_HOLE = re.compile("\x00([0-9]+)\x00")


# A part's filled text is kept for its link scope once a second page of that scope asks for it:
# the pages of a listing (catalog/page-2/, page-3/, …) are each a scope of their own, met once,
# and at 10⁵ entries keeping their texts (about 10 KB each, up to 2,000 a part) held 25 MB in each
# render worker (docs/design.md#scale). Scopes that recur (an agency's entry pages) are few.
FILLED_KEPT = 2000  # filled texts kept per part: a bound on memory
SCOPES_SEEN = 50_000  # scopes remembered per part as met once: a bound on memory (small tuples)


class RecordedPart:
    """A shared part as text pieces around its links' targets: pieces[0] target[0] pieces[1] …
    `prefixes`: the runs of first folders its targets have (render/markdown.py folder_prefixes);
    `filled`: the text filled in, by link scope (see SharedParts); `seen`: the scopes met once so far."""

    __slots__ = ("pieces", "targets", "prefixes", "filled", "seen")

    def __init__(self, text: str, targets: list[str]):
        split = _HOLE.split(text)
        self.pieces = split[0::2]
        self.targets = [targets[int(n)] for n in split[1::2]]
        self.prefixes = folder_prefixes(self.targets)
        self.filled: dict = {}
        self.seen: set = set()

    def keep(self, scope: tuple, filled: Markup) -> None:
        """Keep the text filled for a scope that a page met before (see FILLED_KEPT)."""
        if scope in self.seen:
            if len(self.filled) < FILLED_KEPT:
                self.filled[scope] = filled
        elif len(self.seen) < SCOPES_SEEN:
            self.seen.add(scope)

    def fill(self, link: Callable[[str], str]) -> Markup:
        out = [self.pieces[0]]
        for target, piece in zip(self.targets, self.pieces[1:]):
            out.append(escape(link(target)))  # what `{{ url(target) }}` writes with autoescape
            out.append(piece)
        return Markup("".join(out))


class SharedParts(Extension):
    """The `{% shared %}` tag. The environment's `link(context, target)` (set by the renderer)
    writes a link for one page; `url()` asks `hole(target)` first and writes its answer when it
    is not None. The environment's `link_scope(context, prefixes)`, when set, names what a page's
    links to targets with those runs of first folders depend on (for relative links: the page's
    depth and its first folders as far as a target shares them, render/markdown.py
    relative_scope): pages of one scope get the same filled text, filled once."""

    tags = {"shared"}

    def __init__(self, environment):
        super().__init__(environment)
        self.parts: dict[tuple, RecordedPart] = {}
        self.recording: list[list[str]] = []  # the targets of the part being recorded (nested: the outer one)
        environment.extend(shared_parts=self)

    def hole(self, target: str) -> str | None:
        """While a part is recorded: a placeholder for the link to target; else None."""
        if not self.recording:
            return None
        targets = self.recording[-1]
        targets.append(target)
        return f"\x00{len(targets) - 1}\x00"

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        keys = []
        while parser.stream.current.type != "block_end":
            if keys:
                parser.stream.expect("comma")
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endshared",), drop_needle=True)
        self._check_key(parser, keys, body, lineno)
        part_id = nodes.Const(f"{parser.name}:{lineno}")
        call = self.call_method("_render", [part_id, nodes.Tuple(keys, "load"), nodes.ContextReference()])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _check_key(self, parser, keys, body, lineno) -> None:
        """Refuse a part that reads a page variable its key does not name: it would show one
        page's value on every page."""
        template = nodes.Template(body)
        template.set_environment(self.environment)
        read = find_undeclared_variables(template) - set(self.environment.globals)
        named = {n.name for key in keys for n in [key, *key.find_all(nodes.Name)] if isinstance(n, nodes.Name)}
        missing = sorted(read - named)
        if missing:
            raise TemplateSyntaxError(
                f"{{% shared %}} reads {', '.join(missing)}, which its key does not name: add them to the key",
                lineno, parser.name, parser.filename)

    def _render(self, part_id: str, key: tuple, context, caller) -> Markup:
        link = self.environment.link
        if self.recording:  # inside a part being recorded: its links belong to that part
            return caller()
        part = self.parts.get((part_id, key))
        if part is None:
            self.recording.append([])
            try:
                text = caller()
            finally:
                targets = self.recording.pop()
            part = self.parts[(part_id, key)] = RecordedPart(str(text), targets)
        link_scope = getattr(self.environment, "link_scope", None)
        scope = link_scope(context, part.prefixes) if link_scope is not None else None
        filled = part.filled.get(scope) if scope is not None else None
        if filled is None:
            filled = part.fill(lambda target: link(context, target))
            if scope is not None:
                part.keep(scope, filled)
        return filled
