"""Django's `i18n` template library, with `{% translate "constant" %}` kept per language.

Installed under the name `i18n` (settings.TEMPLATES: OPTIONS["libraries"]), so every
`{% load i18n %}` gets it. Every tag and filter is Django's own; only `translate` (and its old
name `trans`) of a quoted string without filters or context is answered from a per-process
table keyed by the string, the active language and autoescaping. Its output is a pure function
of those and of the compiled catalogues, which are read once per process: a rendered page
showed 36 such tags, each costing ~90 Python calls (a third of base.html's header) to give the
same answer every time (bench/README.md, "Uncached listing pages").
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.template import Library
from django.templatetags import i18n as django_i18n
from django.utils.translation import get_language

register = Library()
register.tags.update(django_i18n.register.tags)
register.filters.update(django_i18n.register.filters)

_rendered: dict[tuple[str, str | None, bool], str] = {}


class ConstantTranslateNode(django_i18n.TranslateNode):
    """A `translate` of a literal string: rendered once per language and escaping mode."""

    def render(self, context):
        key = (self.filter_expression.var.literal, get_language(), context.autoescape)
        value = _rendered.get(key)
        if value is None:
            # Django's own rendering, once; asvar is set below from the kept value.
            asvar, self.asvar = self.asvar, None
            try:
                value = _rendered[key] = super().render(context)
            finally:
                self.asvar = asvar
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


def _constant(node) -> bool:
    expression = node.filter_expression
    return (
        not node.noop
        and node.message_context is None
        and not expression.filters
        and getattr(expression.var, "literal", None) is not None
        and isinstance(expression.var.literal, str)
    )


@register.tag("translate")
@register.tag("trans")
def do_translate(parser, token):
    node = django_i18n.do_translate(parser, token)
    if _constant(node):
        node.__class__ = ConstantTranslateNode
    return node


def _forget(**kwargs):
    # Tests may change the languages or the catalogues' folders: start again.
    if kwargs.get("setting") in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS"):
        _rendered.clear()


setting_changed.connect(_forget)
