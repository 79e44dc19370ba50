"""Django's `{% url %}`, with a URL named by a literal and no arguments kept per language.

Listed in settings.TEMPLATES' OPTIONS["builtins"], after Django's own, so it replaces the
built-in tag everywhere. `{% url 'home' %}` always reverses to the same path for a given active
language (i18n_patterns' prefix), URLconf, script prefix and namespace instance, and each
reverse() cost ~100 Python calls: base.html alone has six. Any other use (arguments, `as`, a
view name in a variable) is Django's node, untouched.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.template import Library
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language

register = Library()

_reversed: dict[tuple, str] = {}


class ConstantURLNode(URLNode):
    """A `url` of a literal view name without arguments: reversed once per setting."""

    def render(self, context):
        request = getattr(context, "request", None)
        try:  # as URLNode.render finds it
            current_app = request.current_app
        except AttributeError:
            try:
                current_app = request.resolver_match.namespace
            except AttributeError:
                current_app = None
        key = (
            self.view_name.var,  # a quoted name compiles to the string itself
            get_language(),
            get_urlconf(),
            get_script_prefix(),
            current_app,
            context.autoescape,
        )
        url = _reversed.get(key)
        if url is None:
            url = _reversed[key] = super().render(context)  # raises if it does not reverse
        return url


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    view = node.view_name
    if (
        not node.args
        and not node.kwargs
        and node.asvar is None
        and not view.filters
        and isinstance(view.var, str)  # a literal: FilterExpression keeps the string
    ):
        node.__class__ = ConstantURLNode
    return node


def _forget(**kwargs):
    # Tests may swap the URLconf or the languages: reverse again.
    if kwargs.get("setting") in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed.clear()


setting_changed.connect(_forget)
