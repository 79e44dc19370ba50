"""The page shell: markup every anonymous visitor of a language and currency gets alike.

base.html's head, header and footer were a fifth of an uncached catalogue page (bench/README.md),
and for an anonymous visitor nearly all of it is the same on every page of a language and
currency: the logo, the search form, the menu's entries, the footer. `{% shell %}…{% endshell %}`
keeps that markup per process, keyed by language, currency and escaping, and renders again
on every answer only:

- its `{% per_request %}…{% endper_request %}` parts (what depends on the path, the query or
  the visitor's session: the search box's text, the language links, `next=`, CSRF tokens);
- its `{% block %}`s (a page fills them; they are never kept).

What may stay outside `per_request`: what depends only on the language, the currency, the
settings and the visitor being anonymous (the account menu's providers answer alike for every
anonymous visitor: core/navigation.py). A signed-in visitor gets the whole shell rendered.
Both must be top-level children of the shell: one nested in an `{% if %}` or `{% for %}` would
be kept with its surroundings, so the template is refused instead. A kept part must not set a
variable (`as x`) that a later part reads.

Cache model (caching/__init__.py): kept per process — keyed by language, currency, escaping —
constant for a running process (templates and translations change with a deploy; a setting
changed in tests empties it) — never stale. `SHELL_CACHE = False` turns it off
(tests/caching/test_shell.py compares both).
"""

from __future__ import annotations

import threading

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader_tags import BlockNode
from django.utils.translation import get_language

_generation = [0]
_MAX_KEYS = 64  # 4 languages × 3 currencies × 2 escaping modes fit many times over


class PerRequestNode(template.Node):
    """A part of a shell rendered on every answer (alone, outside a shell, just itself)."""

    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return self.nodelist.render(context)


def _per_request(node) -> bool:
    return isinstance(node, (PerRequestNode, BlockNode))


class ShellNode(template.Node):
    child_nodelists = ("nodelist",)  # blocks inside are found by {% extends %}

    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.parts: list[tuple[bool, template.NodeList]] = []
        for node in nodelist:
            if not _per_request(node):
                nested = node.get_nodes_by_type(PerRequestNode) + node.get_nodes_by_type(BlockNode)
                if nested:
                    raise template.TemplateSyntaxError(
                        "{% shell %}: a {% per_request %} or {% block %} must be a direct part "
                        f"of the shell, not inside {node.token.contents!r}"
                    )
            kept = not _per_request(node)
            if self.parts and self.parts[-1][0] == kept and kept:
                self.parts[-1][1].append(node)
            else:
                self.parts.append((kept, template.NodeList([node])))
        self._kept: dict[tuple, list[str | None]] = {}
        self._lock = threading.Lock()

    def render(self, context):
        user = context.get("user")
        if (
            user is None
            or getattr(user, "is_authenticated", True)
            or not getattr(settings, "SHELL_CACHE", True)
        ):
            return self.nodelist.render(context)
        key = (_generation[0], get_language(), context.get("currency"), context.autoescape)
        kept = self._kept.get(key)
        if kept is not None:
            return "".join(
                html if html is not None else nodes.render(context)
                for html, (_kept, nodes) in zip(kept, self.parts, strict=True)
            )
        out, kept = [], []
        for is_kept, nodes in self.parts:
            html = nodes.render(context)
            out.append(html)
            kept.append(html if is_kept else None)
        with self._lock:
            if len(self._kept) >= _MAX_KEYS:
                self._kept.clear()
            self._kept[key] = kept
        return "".join(out)


def _forget(**kwargs):
    # A setting changed (tests: languages, SITE_URL, static storage…): start again.
    _generation[0] += 1


setting_changed.connect(_forget)
