"""Django's `{% url %}`, with a URL named by a literal kept per language (and arguments).

Listed in settings.TEMPLATES' OPTIONS["builtins"], after Django's own, so it replaces the
built-in tag everywhere. `{% url 'home' %}` always reverses to the same path for a given active
language (i18n_patterns' prefix), URLconf, script prefix and namespace instance, and each
reverse() cost ~100 Python calls: base.html alone has six. `{% url 'catalogue:shop' shop.slug %}`
(positional arguments that are text or whole numbers, `as` allowed) is kept per arguments too,
for the most recent 10,000: a product page reverses six. Any other use (keyword arguments, a
view name in a variable) is Django's node, untouched.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.template import Library
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as django_url
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
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


_KEPT_MAX = 10_000
_kept: dict[tuple, str] = {}


class KeptURLNode(URLNode):
    """A `url` of a literal view name with positional arguments: kept per arguments."""

    def render(self, context):
        args = tuple(arg.resolve(context) for arg in self.args)
        if not all(type(arg) in (str, int) for arg in args):
            return super().render(context)
        current_app = _current_app(context)
        key = (self.view_name.var, args, get_language(), get_urlconf(), get_script_prefix(),
               current_app)  # fmt: skip
        url = _kept.get(key)
        if url is None:
            try:
                url = reverse(self.view_name.var, args=args, current_app=current_app)
            except NoReverseMatch:
                if self.asvar is None:
                    raise
                url = ""  # as Django's tag: `as` swallows the error
            else:
                if len(_kept) >= _KEPT_MAX:
                    _kept.clear()
                _kept[key] = url
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


def _current_app(context):
    request = getattr(context, "request", None)
    try:  # as URLNode.render finds it
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


@register.tag
def url(parser, token):
    node = django_url(parser, token)
    view = node.view_name
    literal = not view.filters and isinstance(view.var, str)  # FilterExpression keeps it
    if literal and not node.args and not node.kwargs and node.asvar is None:
        node.__class__ = ConstantURLNode
    elif literal and node.args and not node.kwargs:
        node.__class__ = KeptURLNode
    return node


def _forget(**kwargs):
    # Tests may swap the URLconf or the languages: reverse again.
    if kwargs.get("setting") in ("ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE"):
        _reversed.clear()
        _kept.clear()


setting_changed.connect(_forget)
