"""Listing helpers: facet links that keep the rest of the query string."""

from decimal import Decimal

from django import template
from django.template.base import render_value_in_context
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from marketplace.caching.fragments import enabled as fragments_enabled
from marketplace.core.money import format_money
from marketplace.core.templatetags.souk import _currency, lang_attr, price

from ..fragments import cached_cards

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


# The width a card's photo shows at: below 720 px, half the screen less the page's margins and
# the gap (two columns; 156 px on a 360-px phone, so a 1x screen takes the 160-px rendition).
_SIZES = "(max-width: 720px) calc(50vw - 24px), 280px"
# A card is shared by every visitor (the card cache): its heart's form carries no token; the
# page that shows it fills in the visitor's (product_cards), which the page cache then keeps
# as a hole, and a page from a shared cache gets it from static/core/personal.js. Whether the
# heart is on is never in a card: favourites.js sets it from /_personal/.
EMPTY_TOKEN = '<input type="hidden" name="csrfmiddlewaretoken" value="">'  # noqa: S105


def _card(context, product, language_code: str) -> str:
    """Return the markup of templates/includes/product_card.html for one product."""
    title = None
    images = product.images.all()
    image = images[0] if images else None
    if image is not None:
        ready = image.ready
        webp = (
            f'<source type="image/webp" srcset="{conditional_escape(image.srcset("webp"))}" '
            f'sizes="{_SIZES}">'
            if ready
            else ""
        )
        jpeg = f'srcset="{conditional_escape(image.srcset())}" sizes="{_SIZES}"' if ready else ""
        alt = image.alt_text
        alt_lang = lang_attr(alt) if alt else ""
        if not alt:
            title = product.title
            alt = title
        media = (
            f"\n      <picture>\n        {webp}\n"
            f'        <img src="{conditional_escape(image.url())}" {jpeg} '
            f'alt="{conditional_escape(alt)}"{alt_lang} loading="lazy" width="480" height="480">\n'
            "      </picture>\n      "
        )
    else:
        media = '<div class="placeholder" aria-hidden="true"></div>'
    if product.made_to_order:
        flag = f'<span class="card-flag">{conditional_escape(_("Made to order"))}</span>'
    elif not product.in_stock:
        flag = f'<span class="card-flag muted">{conditional_escape(_("Sold out"))}</span>'
    else:
        flag = ""
    if title is None:
        title = product.title
    title_lang = product.title_language
    title_attr = f' lang="{title_lang}"' if title_lang != language_code else ""
    rating = ""
    if product.rating_count:
        avg = render_value_in_context(floatformat(product.rating_avg, 1), context)
        label = _("Rated %(avg)s out of 5") % {"avg": avg}
        count = render_value_in_context(product.rating_count, context)
        rating = f'<p class="card-rating" aria-label="{label}">★ {avg} <span>({count})</span></p>'
    return (
        '<article class="card product-card">\n'
        f'  <a href="/{language_code}/p/{conditional_escape(product.slug)}/" class="card-link">\n'
        "    \n"
        '    <div class="card-media">\n'
        f"      {media}\n"
        f"      {flag}\n"
        "    </div>\n"
        "    \n"
        '    <div class="card-body">\n'
        f'      <h3 class="card-title"{title_attr} dir="auto">{conditional_escape(title)}</h3>\n'
        f'      <p class="card-shop"><bdi>{conditional_escape(product.shop.name)}</bdi></p>\n'
        f'      <p class="card-price">{price(context, product.price)}</p>\n'
        f"      {rating}\n"
        "    </div>\n"
        "  </a>\n"
        f'  <form method="post" action="/{language_code}/favourites/add/" class="heart">'
        f"{EMPTY_TOKEN}"
        f'<button name="product" value="{product.pk}" aria-pressed="false" '
        f'aria-label="{conditional_escape(_("Save to favourites"))}">♡</button></form>\n'
        "</article>\n"
    )


LAZY = ' loading="lazy"'


def _eager(cards: list[str], eager: int) -> list[str]:
    """Load the first `eager` cards' photos at once, the first one first; the rest stay lazy.

    A card is cached without its place on the page, so the page says which cards are in the
    first screen: lazy photos there would wait for layout and hold back the largest paint.
    """
    cards = list(cards)
    for i in range(min(eager, len(cards))):
        priority = ' fetchpriority="high"' if i == 0 else ""
        cards[i] = cards[i].replace(LAZY, priority, 1)
    return cards


@register.simple_tag(takes_context=True)
def product_cards(context, products, eager=0):
    """Render product cards in one pass (same markup as includes/product_card.html).

    `products` is a list of products, or a query (a listing's page) whose rows are only
    fetched for the cards the card cache does not hold. `eager`: how many of the first cards
    show in the first screen of a phone (their photos are not lazy).
    """
    language_code = conditional_escape(context.get("LANGUAGE_CODE", ""))
    currency = _currency(context)
    request = context.get("request")
    # Every value in _card is escaped (or is already-safe markup from {% price %}).
    cards = cached_cards(
        products,
        language=language_code,
        currency=currency,
        render=lambda product: _card(context, product, language_code),
        enabled=fragments_enabled(request),
    )
    html = "".join(_eager(cards, eager) if eager else cards)
    token = context.get("csrf_token")
    if token and str(token) != "NOTPROVIDED":
        filled = (
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{conditional_escape(token)}">'
        )
        html = html.replace(EMPTY_TOKEN, filled)
    return mark_safe(html)  # noqa: S308
