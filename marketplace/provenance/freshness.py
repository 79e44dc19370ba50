"""What provenance changes in the catalogue's cached pages (see marketplace/caching).

A claim shown or hidden changes the product's page (a product's claim: product:<id>; a shop's
claim: every page and card of the shop, shop:<id>), the listings filtered on its label
(label:<slug>) and the list of labels offered in every listing's filters (labels).
"""

from __future__ import annotations

from marketplace import caching

from .models import Label, LabelClaim


def claim_tags(*, label_slug: str, shop_id: int, product_id: int | None) -> set[str]:
    """Return the dependencies a claim's visibility touches."""
    tags = {f"label:{label_slug}", "labels"}
    tags.add(f"product:{product_id}" if product_id else f"shop:{shop_id}")
    return tags


def _claim_before(instance):
    row = LabelClaim.objects.filter(pk=instance.pk).values("label__slug", "shop_id", "product_id")
    return row.first()


def _claim_tags(instance, old, deleted):
    tags = claim_tags(
        label_slug=instance.label.slug, shop_id=instance.shop_id, product_id=instance.product_id
    )
    if old:
        tags |= claim_tags(
            label_slug=old["label__slug"], shop_id=old["shop_id"], product_id=old["product_id"]
        )
    return tags


def _label_tags(instance, old, deleted):
    tags = {"labels", f"label:{instance.slug}"}
    claims = LabelClaim.objects.filter(label_id=instance.pk).values_list("shop_id", "product_id")
    for shop_id, product_id in claims.distinct():
        tags.add(f"product:{product_id}" if product_id else f"shop:{shop_id}")
    return tags


def connect() -> None:
    """Register provenance's models with the caching package (ProvenanceConfig.ready)."""
    caching.register(LabelClaim, _claim_tags, before=_claim_before)
    caching.register(Label, _label_tags)
