"""Keep each product's search text up to date."""

from artisans.models import Region

from ..models import Product
from ..search.normalize import index_text


def _labels(value: str, choices) -> list[str]:
    return [str(label) for code, label in choices if code == value]


def product_search_index_update(*, product_id: int) -> None:
    """Rebuild a product's normalised search text from its text, materials, shop and category."""
    product = (
        Product.objects.select_related("shop", "category__parent", "maker")
        .prefetch_related("materials")
        .filter(pk=product_id)
        .first()
    )
    if product is None:
        return
    langs = ("ar", "fr", "en", "es")
    titles = [getattr(product, f"title_{code}") for code in langs]
    category_titles = []
    for category in (product.category, product.category.parent):
        if category is not None:
            category_titles += [getattr(category, f"title_{code}") for code in langs]
    material_titles = [
        getattr(material, f"title_{code}") for material in product.materials.all() for code in langs
    ]
    descriptions = [getattr(product, f"description_{code}") for code in langs]
    # Titles first: the SQLite ranking prefers matches near the start.
    text = index_text(
        *titles,
        *category_titles,
        *material_titles,
        product.technique,
        product.shop.name,
        product.maker.name if product.maker else "",
        *_labels(product.region, Region.choices),
        *descriptions,
    )
    Product.objects.filter(pk=product_id).update(search_text=text)
