"""Demo catalogue: exchange rates, categories, materials, 160 products with drawn photos."""

from __future__ import annotations

import io
import random
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from artisans.models import Artisan, Shop
from marketplace.catalogue.images import build_renditions
from marketplace.catalogue.models import Category, Material, Product, ProductImage, Variant
from marketplace.catalogue.services import product_refresh_summary, product_search_index_update
from marketplace.core.services import exchange_rate_set
from marketplace.core.storage import public_storage

from .. import data as D
from ..images import SIZE, draw_product_image

CRAFT_OF_CATEGORY = {
    "tagines": "pottery", "plates-bowls": "pottery", "vases-jars": "pottery",
    "beni-ourain": "carpets", "azilal-rugs": "carpets", "kilims": "carpets",
    "kaftans": "clothing", "djellabas": "clothing", "leather": "leather",
    "woodwork": "woodwork", "metal-lanterns": "metal", "jewellery": "jewellery",
    "zellige": "zellige", "basketry": "basketry", "argan": "argan",
}  # fmt: skip
IMAGES_PER_PRODUCT = [1, 2, 1, 3, 2, 1, 4, 2]
# The rates the demo's orders were placed at (units of the currency per 1 MAD).
RATES = {"EUR": Decimal("0.0925"), "USD": Decimal("0.1085")}


def _draw_and_render(job) -> tuple[bytes, dict]:
    craft, shop_slug, seed = job
    data = draw_product_image(craft, shop_slug, seed=seed)
    # Published pieces: their renditions are public media.
    return data, build_renditions(io.BytesIO(data), storage=public_storage())


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    # Prices end in 0 or 5 like a real price list.
    return Decimal(rng.randrange(low, high) // 5 * 5).quantize(Decimal("0.01"))


def seed() -> None:
    """Create or refresh the rates, categories, materials and products; draw missing photos."""
    with transaction.atomic():
        for currency, rate in RATES.items():
            exchange_rate_set(currency=currency, rate=rate)
        categories = _categories()
        materials = _materials()
        shops = {shop.slug: shop for shop in Shop.objects.filter(slug__in=D.STYLES)}
        created_images = _products(shops, categories, materials)
    _render(created_images)


def _categories() -> dict[str, Category]:
    out = {}
    for position, (slug, parent, ar, fr, en, es) in enumerate(D.CATEGORIES):
        out[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults=dict(
                parent=out.get(parent),
                title_ar=ar,
                title_fr=fr,
                title_en=en,
                title_es=es,
                position=position,
            ),
        )
    return out


def _materials() -> dict[str, Material]:
    out = {}
    for slug, ar, fr, en, es in D.MATERIALS:
        out[slug], _ = Material.objects.update_or_create(
            slug=slug, defaults=dict(title_ar=ar, title_fr=fr, title_en=en, title_es=es)
        )
    return out


def _products(shops, categories, materials) -> list[ProductImage]:
    rng = random.Random(2025)
    new_images = []
    now = timezone.now()
    serial = 0
    for line in D.LINES:
        category = categories[line["category"]]
        craft = CRAFT_OF_CATEGORY[line["category"]]
        for i in range(line["count"]):
            serial += 1
            shop_slug = line["shops"][i % len(line["shops"])]
            shop = shops[shop_slug]
            noun = line["nouns"][i % len(line["nouns"])]
            style = D.STYLES[shop_slug][i % len(D.STYLES[shop_slug])]
            motif = D.MOTIFS[(serial * 7) % len(D.MOTIFS)]
            title = {
                "ar": f"{noun[0]} {style[0]}، زخرفة {motif[0]}",
                "fr": f"{noun[1]} {style[1]}, motif {motif[1]}",
                "en": f"{noun[2]} {style[2]}, {motif[2]} motif",
                "es": f"{noun[3]} {style[3]}, motivo {motif[3]}",
            }
            slug = f"{slugify(title['en'])[:120]}-{serial}"
            mto = bool(line.get("mto")) and i % 3 == 0
            desc = _description(shop, title, line, mto)
            maker = None
            if shop.cooperative_id:
                members = list(
                    Artisan.objects.filter(memberships__cooperative=shop.cooperative_id).order_by(
                        "pk"
                    )
                )
                maker = members[i % len(members)]
            else:
                maker = shop.artisan
            product, _ = Product.objects.update_or_create(
                slug=slug,
                defaults=dict(
                    shop=shop,
                    category=category,
                    maker=maker,
                    title_ar=title["ar"],
                    title_fr=title["fr"],
                    title_en=title["en"],
                    title_es=title["es"] if serial % 3 else "",
                    description_ar=desc["ar"],
                    description_fr=desc["fr"],
                    description_en=desc["en"],
                    technique=line["technique"],
                    region=shop.region,
                    made_to_order=mto,
                    lead_time_days=21 if mto else 0,
                    weight_grams=rng.randint(200, 9000),
                    status=Product.Status.PUBLISHED,
                    featured=i in (0, 4),
                ),
            )
            if product.published_at is None:
                product.published_at = now - timezone.timedelta(hours=(serial * 37) % 163 * 5)
                product.save(update_fields=["published_at"])
            product.materials.set([materials[m] for m in line["materials"]])
            _variants(rng, product, line, serial)
            product_refresh_summary(product_id=product.pk)
            product_search_index_update(product_id=product.pk)
            if not product.images.exists():
                photos = IMAGES_PER_PRODUCT[serial % len(IMAGES_PER_PRODUCT)]
                for n in range(photos):
                    new_images.append((product, slug, craft, shop_slug, serial * 10 + n, n))
    return new_images


def _render(pending) -> None:
    """Draw the photos and their renditions on every core, then record them."""
    if not pending:
        return
    jobs = [(craft, shop_slug, seed) for _p, _s, craft, shop_slug, seed, _n in pending]
    with ProcessPoolExecutor() as pool:
        results = list(pool.map(_draw_and_render, jobs, chunksize=8))
    for (product, slug, *_rest, n), (data, renditions) in zip(pending, results, strict=True):
        image = ProductImage(
            product=product,
            position=n,
            width=SIZE,
            height=SIZE,
            renditions=renditions,
            public=True,
            alt_text=f"{product.title_en} — {'detail' if n else 'main view'}",
        )
        image.original.save(f"{slug}-{n}.jpg", ContentFile(data), save=False)
        image.save()


def _variants(rng, product, line, serial):
    low, high = line["price"]
    base = _price(rng, low, high)
    options = line["options"] or [{}]
    for k, opt in enumerate(options):
        sku = f"{product.shop.slug[:6].upper()}-{serial:03d}-{k + 1}"
        # Larger sizes cost about a third more each, rounded to 5 MAD like a price list.
        price = (base * (Decimal("1") + Decimal("0.35") * k) / 5).quantize(Decimal("1")) * 5
        price = price.quantize(Decimal("1.00"))
        stock = 0 if (serial % 17 == 0 and k == 0) else rng.choice([1, 2, 3, 5, 8, 12, 20])
        Variant.objects.update_or_create(
            shop=product.shop,
            sku=sku,
            defaults=dict(product=product, options=opt, price=price, position=k),
            # Stock only when the variant is new: the demo's orders have sold some since.
            create_defaults=dict(
                product=product, options=opt, price=price, position=k, stock=stock
            ),
        )


def _description(shop, title, line, mto) -> dict[str, str]:
    lead = {
        "ar": "يصنع حسب الطلب ويشحن خلال ثلاثة أسابيع." if mto else "جاهز للشحن.",
        "fr": "Fabriqué sur commande, expédié sous trois semaines." if mto else "Prêt à expédier.",
        "en": "Made to order, ships within three weeks." if mto else "Ready to ship.",
    }
    where = shop.city
    return {
        "ar": f"{title['ar']}. قطعة مصنوعة يدويا في {where} من طرف {shop.name}. {lead['ar']}",
        "fr": f"{title['fr']}. Pièce faite main à {where} par {shop.name} — "
        f"{line['technique'].lower()}. {lead['fr']}",
        "en": f"{title['en']}. Handmade in {where} by {shop.name}. {lead['en']}",
    }
