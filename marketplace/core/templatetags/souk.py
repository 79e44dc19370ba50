"""Template helpers: prices in the visitor's currency, per-language text, URL switches."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from marketplace.core.icons import icon_svg
from marketplace.core.localized import localized
from marketplace.core.money import convert_from_mad, format_money
from marketplace.core.selectors import request_rates

register = template.Library()


def _currency(context) -> str:
    request = context.get("request")
    return getattr(request, "currency", settings.BASE_CURRENCY)


def _rates(context) -> dict:
    """Return the exchange rates, read once per request (a page shows many prices)."""
    return request_rates(context.get("request"))


@register.simple_tag
def icon(name, label="", css_class=""):
    """Render one of the site's SVG icons (core/icons.py): hidden, or named by `label`."""
    return icon_svg(name, label=label, css_class=css_class)


@register.simple_tag(takes_context=True)
def price(context, amount_mad, currency=None, with_mad=True):
    """Render a MAD amount in the visitor's currency, with the MAD figure beside it."""
    if amount_mad is None or amount_mad == "":
        return ""
    amount_mad = Decimal(amount_mad)
    currency = currency or _currency(context)
    if currency == settings.BASE_CURRENCY:
        return format_html('<span class="price">{}</span>', format_money(amount_mad, currency))
    converted = convert_from_mad(amount_mad, currency, _rates(context)[currency])
    if not with_mad:
        return format_html('<span class="price">{}</span>', format_money(converted, currency))
    return format_html(
        '<span class="price">{}</span> <span class="price-mad">({})</span>',
        format_money(converted, currency),
        format_money(amount_mad, settings.BASE_CURRENCY),
    )


@register.filter
def lang_attr(text):
    """Return ` lang="xx" dir="auto"` for text in another language than the page's (or `dir` only).

    For what sellers and buyers write (taglines, stories, techniques, photo descriptions):
    a screen reader then reads it with its own language's rules. See core/textlang.py.
    """
    from marketplace.core.textlang import guess_language

    lang = guess_language(str(text or ""))
    if lang and lang != get_language():
        return format_html(' lang="{}" dir="auto"', lang)
    return format_html(' dir="{}"', "auto")


@register.filter
def isolate(value):
    """Show a name or free text in either direction isolated from its sentence: <bdi>."""
    if value is None or value == "":
        return ""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def ltr(value):
    """Show left-to-right data (phone, e-mail, SKU, card or bank number) isolated: <bdi dir=ltr>."""
    if value is None or value == "":
        return ""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


@register.simple_tag
def money(amount, currency, whole=False):
    """Render an amount already in `currency` (`whole`: no minor units on round figures)."""
    if amount is None or amount == "":
        return ""
    return format_money(Decimal(amount), currency, whole=whole)


@register.simple_tag(takes_context=True)
def url_in_language(context, lang_code):
    """Return the current page's URL in another interface language."""
    request = context.get("request")
    if request is None:
        return f"/{lang_code}/"
    # base.html asks several times per language (switcher, hreflang): translate once each.
    path = request.get_full_path()
    memo = getattr(request, "_souk_translated_urls", None)
    if memo is None:
        memo = request._souk_translated_urls = {}
    key = (path, lang_code, get_language())
    if key not in memo:
        memo[key] = _translated(*key)
    return memo[key]


@lru_cache(maxsize=4096)
def _translated(path: str, lang_code: str, current: str) -> str:
    """translate_url() is a pure function of the URL and the languages: keep recent answers."""
    return translate_url(path, lang_code)


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """Return the page's `<link rel="alternate" hreflang>` for every language and x-default."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return _alternate_links(path, get_language(), context.get("site_url", ""))


@register.simple_tag(takes_context=True)
def language_switch(context):
    """Return the header's links to this page in every language, the current one marked."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    return _language_switch(path, get_language())


# Every page shows both on every answer (the shell renders them per request): a pure function
# of the path and the language, kept for recent paths like _translated().
@lru_cache(maxsize=4096)
def _alternate_links(path: str, current: str, site_url: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    links = [(code, site_url + _translated(path, code, current)) for code in codes]
    links.append(("x-default", site_url + _translated(path, "fr", current)))
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@lru_cache(maxsize=4096)
def _language_switch(path: str, current: str) -> str:
    return format_html_join(
        "",
        '<a href="{}" hreflang="{}" lang="{}" {}>{}</a>',
        (
            (
                _translated(path, code, current),
                code,
                code,
                mark_safe('aria-current="true"') if code == current else "",
                name,
            )
            for code, name in settings.LANGUAGES
        ),
    )


@register.filter
def localized_field(obj, field):
    """Return obj.<field>_<active language>, falling back through the content languages."""
    return localized(obj, field)[0]


def _forget(**kwargs):
    # Tests change SITE_URL and the languages: start again.
    _alternate_links.cache_clear()
    _language_switch.cache_clear()


setting_changed.connect(_forget)
