"""Listing helpers: facet links that keep the rest of the query string."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from marketplace.core.money import format_money

register = template.Library()


@register.simple_tag(takes_context=True)
def toggle_param(context, name, value):
    """Return '?…' with `value` added to or removed from the multi-valued parameter `name`."""
    request = context["request"]
    params = request.GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    value = str(value)
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    params.setlist(name, values)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else request.path


@register.simple_tag
def lang_name(code):
    """Return the name of a content language in the interface language."""
    names = {"ar": _("Arabic"), "fr": _("French"), "en": _("English"), "es": _("Spanish")}
    return names.get(code, code)


@register.filter
def srcset_webp(image):
    """Return the WebP srcset of a product image."""
    return image.srcset("webp") if image else ""


@register.simple_tag
def money_bdi(amount, currency):
    """Render a round amount in `currency`, isolated so it reads right inside Arabic text."""
    if amount is None:
        return ""
    return format_html("<bdi>{}</bdi>", format_money(Decimal(amount), currency, whole=True))
