"""Template helpers for the review partials the product and shop pages include."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def product_reviews(product, limit=10):
    """Return the latest visible reviews of a product."""
    if not getattr(product, "rating_count", 0):
        return []  # the summary fields say there is nothing: spare the query
    return selectors.product_reviews(product_id=product.pk, limit=limit)


@register.simple_tag
def shop_reviews(shop, limit=6):
    """Return a shop's rating summary and latest visible reviews."""
    return selectors.shop_reviews(shop_id=shop.pk, limit=limit)
