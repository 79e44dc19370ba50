"""Template helpers for the review partials the product and shop pages include."""

from django import template

from marketplace.caching import fragments

from .. import selectors

register = template.Library()


def reviews_key(product_id: int, limit: int = 10) -> str:
    return f"reviews:product:{product_id}:{limit}"


def page_prefetch(product) -> tuple[list[str], list[str]]:
    """What the product page's reviews read, for the page to fetch in its own round trip."""
    if not getattr(product, "rating_count", 0):
        return [], []
    return [reviews_key(product.pk)], [f"product:{product.pk}"]


@register.simple_tag(takes_context=True)
def product_reviews(context, product, limit=10):
    """Return the latest visible reviews of a product (kept with the product's page data)."""
    if not getattr(product, "rating_count", 0):
        return []  # the summary fields say there is nothing: spare the query
    if not fragments.enabled(context.get("request")):
        return selectors.product_reviews(product_id=product.pk, limit=limit)
    # A review's save stamps its product (reviews/apps.py): the list is kept until then.
    key = reviews_key(product.pk, limit)
    found = fragments.get_many([key])
    if key in found:
        return found[key]
    reviews = selectors.product_reviews(product_id=product.pk, limit=limit)
    fragments.set_many({key: (reviews, (f"product:{product.pk}",))})
    return reviews


@register.simple_tag
def shop_reviews(shop, limit=6):
    """Return a shop's rating summary and latest visible reviews."""
    return selectors.shop_reviews(shop_id=shop.pk, limit=limit)
