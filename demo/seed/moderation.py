"""Demo moderation queues: a shop application and new products waiting for a moderator."""

from __future__ import annotations

import io
import zlib
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from artisans.models import Artisan, Shop
from marketplace.accounts.models import User
from marketplace.catalogue.images import build_renditions
from marketplace.catalogue.models import Category, Product, ProductImage, Variant
from marketplace.catalogue.services import product_refresh_summary
from marketplace.core.storage import private_storage

from ..data import DEMO_PASSWORD
from ..images import SIZE, draw_product_image

PENDING_PRODUCTS = [
    # slug, shop slug, category slug, titles (ar, fr, en), price
    ("demo-pending-tagine-safi", "fakhar-safi", "tagines",
     ("طاجين للطبخ مزخرف", "Tajine de cuisson peint à la main", "Hand-painted cooking tagine"),
     "420.00"),
    ("demo-pending-azilal-rug", "tifawin-azilal", "azilal-rugs",
     ("زربية أزيلال ملونة", "Tapis d'Azilal multicolore", "Colourful Azilal rug"), "3200.00"),
    ("demo-pending-fes-bowl", "bleu-de-fes", "plates-bowls",
     ("زلافة فاسية زرقاء", "Bol bleu de Fès", "Blue Fez bowl"), "180.00"),
]  # fmt: skip


def seed() -> None:
    """Create the waiting shop application and products (idempotent)."""
    with transaction.atomic():
        _pending_shop()
        _pending_products()


def _pending_shop() -> None:
    """One shop application waiting for verification."""
    user, created = User.objects.get_or_create(
        email="applicant@souk.test",
        defaults={"display_name": "Hassan Ait Lahcen", "language": "ar", "country": "MA"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    artisan, _ = Artisan.objects.get_or_create(
        slug="hassan-ait-lahcen",
        defaults={
            "name": "Hassan Ait Lahcen",
            "craft": "leather",
            "region": "fes-meknes",
            "city": "Fès",
            "user": user,
            "registry_number": "RNA-20250417",
            "story": "Tanneur à Chouara depuis trente ans, je fabrique babouches et sacs.",
        },
    )
    Shop.objects.get_or_create(
        slug="dar-jeld-fes",
        defaults={
            "name": "Dar Jeld Fès",
            "artisan": artisan,
            "tagline": "Babouches et sacs de la tannerie Chouara",
            "story": "Cuir tanné à la chaux et aux pigments naturels, cousu main.",
            "region": "fes-meknes",
            "city": "Fès",
            "status": Shop.Status.PENDING,
        },
    )


def _pending_products() -> None:
    """A few products waiting for review, with a photo each."""
    for slug, shop_slug, category_slug, (ar, fr, en), price in PENDING_PRODUCTS:
        shop = Shop.objects.filter(slug=shop_slug).first()
        category = Category.objects.filter(slug=category_slug).first()
        if shop is None or category is None:
            continue
        product, created = Product.objects.get_or_create(
            slug=slug,
            defaults={
                "shop": shop,
                "category": category,
                "title_ar": ar,
                "title_fr": fr,
                "title_en": en,
                "description_fr": f"{fr}. Pièce faite main, nouvelle dans la boutique.",
                "description_en": f"{en}. Handmade, new in the shop.",
                "region": shop.region,
                "status": Product.Status.PENDING_REVIEW,
            },
        )
        if not created:
            continue
        Variant.objects.create(
            product=product,
            shop=shop,
            sku=f"NEW-{slug[-12:].upper()}",
            price=Decimal(price),
            stock=3,
        )
        product_refresh_summary(product_id=product.pk)
        craft = "carpets" if "rug" in slug else "pottery"
        data = draw_product_image(craft, shop_slug, seed=zlib_seed(slug))
        image = ProductImage(
            product=product,
            position=0,
            width=SIZE,
            height=SIZE,
            # Waiting for review: the photos stay private until the product is published.
            renditions=build_renditions(io.BytesIO(data), storage=private_storage()),
            alt_text=en,
        )
        image.original.save(f"{slug}-0.jpg", ContentFile(data), save=False)
        image.save()


def zlib_seed(text: str) -> int:
    """Return a stable drawing seed for a text."""
    return zlib.crc32(text.encode()) % 100000
