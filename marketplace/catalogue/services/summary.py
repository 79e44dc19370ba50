"""Writes for the catalogue."""

from decimal import Decimal

from django.db.models import Min, Q

from ..models import Product, Variant


def product_refresh_summary(*, product_id: int) -> None:
    """Recompute a product's lowest price and in-stock flag from its active variants."""
    agg = Variant.objects.filter(product_id=product_id, is_active=True).aggregate(
        price=Min("price"),
        in_stock=Min("pk", filter=Q(stock__gt=0)),
    )
    made_to_order = (
        Product.objects.filter(pk=product_id).values_list("made_to_order", flat=True).first()
    )
    Product.objects.filter(pk=product_id).update(
        price=agg["price"] or Decimal("0"),
        in_stock=bool(agg["in_stock"]) or bool(made_to_order),
    )
