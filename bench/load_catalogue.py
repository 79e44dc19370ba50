"""Load a benchmark catalogue fast: bulk inserts, photos drawn once and reused.

    DJANGO_SETTINGS_MODULE=bench.settings DATABASE_URL=postgres://.../souk_bench \
        .venv/bin/python bench/load_catalogue.py --products 1000 --shops 500

The load is additive and deterministic: asking for 50,000 products after 1,000 keeps the first
1,000 (same slugs, so the same benchmark URLs) and appends the rest. It refuses to run against a
database whose name does not look like a benchmark or test database.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

BATCH = 2000
IMAGE_SET = 24  # distinct photos drawn once, shared by every product
SAFE_DB_PREFIXES = ("souk_bench", "souk_perf", "souk_scale", "test_")


def _setup_django() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _check_database() -> None:
    from django.conf import settings
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    base = Path(name).name
    if not base.startswith(SAFE_DB_PREFIXES) and not settings.TESTING and name != ":memory:":
        raise SystemExit(f"Refusing to load a benchmark catalogue into database {name!r}.")


def _image_set(media_root: Path) -> list[dict]:
    """Draw IMAGE_SET photos and their renditions once; reuse them from a manifest later."""
    from django.core.files.base import ContentFile

    from demo.images import SIZE, draw_product_image
    from marketplace.catalogue.images import build_renditions
    from marketplace.core.storage import private_storage, public_storage

    manifest = media_root / "bench" / "images.json"
    if manifest.exists():
        images = json.loads(manifest.read_text())
        if len(images) == IMAGE_SET and all(
            private_storage().exists(img["original"]) for img in images
        ):
            return images
    crafts = ["pottery", "carpets", "clothing", "leather", "woodwork", "metal", "zellige"]
    images = []
    for n in range(IMAGE_SET):
        data = draw_product_image(crafts[n % len(crafts)], "fakhar-safi", seed=1000 + n)
        original = private_storage().save(f"bench/originals/photo-{n}.jpg", ContentFile(data))
        renditions = build_renditions(io.BytesIO(data), prefix="bench/r", storage=public_storage())
        images.append({"original": original, "renditions": renditions, "w": SIZE, "h": SIZE})
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text(json.dumps(images))
    return images


def _categories_materials():
    from demo import data as D
    from marketplace.catalogue.models import Category, Material

    for slug, parent, ar, fr, en, es in D.CATEGORIES:
        Category.objects.get_or_create(
            slug=slug,
            defaults=dict(
                parent=Category.objects.get(slug=parent) if parent else None,
                title_ar=ar,
                title_fr=fr,
                title_en=en,
                title_es=es,
            ),
        )
    for slug, ar, fr, en, es in D.MATERIALS:
        Material.objects.get_or_create(
            slug=slug, defaults=dict(title_ar=ar, title_fr=fr, title_en=en, title_es=es)
        )
    return (
        {c.slug: c for c in Category.objects.select_related("parent")},
        {m.slug: m for m in Material.objects.all()},
    )


def _shops(count: int, rng: random.Random):
    """Create shops bench-shop-0001 … (4 in 5 owned by an artisan, 1 in 5 by a cooperative)."""
    from artisans.models import (
        Artisan,
        Cooperative,
        Membership,
        Region,
        ShippingRate,
        ShippingZone,
        Shop,
    )
    from demo import data as D
    from demo.seed.catalogue import CRAFT_OF_CATEGORY

    existing = set(
        Shop.objects.filter(slug__startswith="bench-shop-").values_list("slug", flat=True)
    )
    regions = [r.value for r in Region]
    lines = D.LINES
    todo = [i for i in range(1, count + 1) if f"bench-shop-{i:04d}" not in existing]
    if todo:
        artisans, coops, members = [], [], []
        for i in todo:
            line = lines[i % len(lines)]
            craft = CRAFT_OF_CATEGORY[line["category"]]
            region = regions[i % len(regions)]
            if i % 5 == 0:
                coops.append(
                    Cooperative(
                        name=f"Coopérative Bench {i}",
                        slug=f"bench-coop-{i:04d}",
                        registration_number=f"BENCH-{i:05d}",
                        region=region,
                        city="Azilal",
                        founded_year=1990 + i % 30,
                        women_led=i % 2 == 0,
                        story="Une coopérative de femmes artisanes. " * 4,
                    )
                )
                for m in range(3):
                    members.append(
                        Artisan(
                            name=f"Membre {i}-{m}",
                            slug=f"bench-member-{i:04d}-{m}",
                            craft=craft,
                            region=region,
                        )
                    )
            else:
                artisans.append(
                    Artisan(
                        name=f"Artisan Bench {i}",
                        slug=f"bench-artisan-{i:04d}",
                        craft=craft,
                        region=region,
                        city="Safi",
                        story="Troisième génération de potiers. " * 4,
                    )
                )
        Artisan.objects.bulk_create(artisans + members, batch_size=BATCH)
        Cooperative.objects.bulk_create(coops, batch_size=BATCH)
        by_slug = {
            a.slug: a for a in Artisan.objects.filter(slug__startswith="bench-").only("pk", "slug")
        }
        coop_by_slug = {
            c.slug: c
            for c in Cooperative.objects.filter(slug__startswith="bench-").only("pk", "slug")
        }
        Membership.objects.bulk_create(
            [
                Membership(
                    cooperative=coop_by_slug[f"bench-coop-{a.slug.split('-')[2]}"],
                    artisan=a,
                    role=Membership.Role.MANAGER
                    if a.slug.endswith("-0")
                    else Membership.Role.MEMBER,
                )
                for a in by_slug.values()
                if a.slug.startswith("bench-member-")
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        shops = []
        for i in todo:
            is_coop = i % 5 == 0
            shops.append(
                Shop(
                    name=f"Bench Shop {i}",
                    slug=f"bench-shop-{i:04d}",
                    artisan=None if is_coop else by_slug[f"bench-artisan-{i:04d}"],
                    cooperative=coop_by_slug[f"bench-coop-{i:04d}"] if is_coop else None,
                    tagline="Handmade in Morocco",
                    story="Every piece is made by hand in our workshop. " * 5,
                    region=regions[i % len(regions)],
                    city="Safi",
                    status=Shop.Status.VERIFIED,
                    verified_at=_now(),
                )
            )
        Shop.objects.bulk_create(shops, batch_size=BATCH)
        new = Shop.objects.filter(slug__in=[s.slug for s in shops])
        ShippingRate.objects.bulk_create(
            [
                ShippingRate(
                    shop=s,
                    zone=zone,
                    first_item=Decimal("40.00")
                    if zone == ShippingZone.MOROCCO
                    else Decimal("180.00"),
                    additional_item=Decimal("10.00"),
                )
                for s in new
                for zone in ShippingZone.values
            ],
            batch_size=BATCH,
        )
    shops = list(
        Shop.objects.filter(slug__startswith="bench-shop-")
        .select_related("cooperative")
        .order_by("slug")
    )
    makers: dict[int, list[int]] = {}
    for m in Membership.objects.filter(cooperative__slug__startswith="bench-coop-").order_by("pk"):
        makers.setdefault(m.cooperative_id, []).append(m.artisan_id)
    return shops, makers


def _now():
    from django.utils import timezone

    return timezone.now()


def load_catalogue(*, products: int, shops: int = 500, seed: int = 2025, quiet: bool = False):
    """Ensure the benchmark catalogue holds `products` published products across `shops` shops."""
    from django.conf import settings
    from django.db import connection, transaction
    from django.utils.text import slugify

    from demo import data as D
    from marketplace import caching
    from marketplace.caching.deps import EVERYTHING
    from marketplace.catalogue.models import Product, ProductImage, Variant

    _check_database()
    started = time.monotonic()
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    rng = random.Random(seed)
    images = _image_set(Path(settings.MEDIA_ROOT))
    categories, materials = _categories_materials()
    shop_list, coop_makers = _shops(shops, rng)
    have = Product.objects.filter(slug__startswith="bench-p-").count()
    if have >= products:
        say(f"catalogue: {have} products already loaded")
        return have
    from artisans.models import Artisan
    from marketplace.catalogue.services.search import product_search_text
    from marketplace.catalogue.services.summary import material_bits_of

    makers = {a.pk: a for a in Artisan.objects.filter(slug__startswith="bench-").only("pk", "name")}
    lines = D.LINES
    shops_by_line: dict[int, list] = {}
    for n, shop in enumerate(shop_list, start=1):
        shops_by_line.setdefault(n % len(lines), []).append(shop)
    now = _now()
    Through = Product.materials.through
    for start in range(have + 1, products + 1, BATCH):
        stop = min(products, start + BATCH - 1)
        batch, variants_spec = [], {}
        for serial in range(start, stop + 1):
            r = random.Random(seed * 1_000_003 + serial)
            li = serial % len(lines)
            line = lines[li]
            shop = shops_by_line[li][serial % len(shops_by_line[li])]
            noun = line["nouns"][serial % len(line["nouns"])]
            motif = D.MOTIFS[(serial * 7) % len(D.MOTIFS)]
            style = list(D.STYLES.values())[serial % len(D.STYLES)][0]
            title = {
                "ar": f"{noun[0]} {style[0]}، زخرفة {motif[0]}",
                "fr": f"{noun[1]} {style[1]}, motif {motif[1]}",
                "en": f"{noun[2]} {style[2]}, {motif[2]} motif",
                "es": f"{noun[3]} {style[3]}, motivo {motif[3]}",
            }
            mto = bool(line.get("mto")) and serial % 3 == 0
            if shop.cooperative_id:
                pool = coop_makers.get(shop.cooperative_id) or [None]
                maker_id = pool[serial % len(pool)]
            else:
                maker_id = shop.artisan_id
            low, high = line["price"]
            base = Decimal(r.randint(low, high)).quantize(Decimal("1.00"))
            options = line["options"] or [{}]
            stocks = [
                0 if serial % 17 == 0 and k == 0 else r.choice([1, 2, 5, 8, 20])
                for k in range(len(options))
            ]
            prices = [
                (base * (1 + Decimal("0.35") * k)).quantize(Decimal("1.00"))
                for k in range(len(options))
            ]
            slug = f"bench-p-{serial:06d}-{slugify(title['en'])[:80]}"
            variants_spec[slug] = (shop, options, prices, stocks, line["materials"])
            rating_count = r.choice([0, 0, 1, 3, 8, 20])
            product = Product(
                shop=shop,
                category=categories[line["category"]],
                maker_id=maker_id,
                slug=slug,
                title_ar=title["ar"],
                title_fr=title["fr"],
                title_en=title["en"],
                title_es=title["es"] if serial % 3 else "",
                description_ar=f"{title['ar']}. قطعة مصنوعة يدويا في المغرب.",
                description_fr=(
                    f"{title['fr']}. Pièce faite main au Maroc — {line['technique'].lower()}."
                ),
                description_en=f"{title['en']}. Handmade in Morocco.",
                technique=line["technique"],
                region=shop.region,
                made_to_order=mto,
                lead_time_days=21 if mto else 0,
                weight_grams=r.randint(200, 9000),
                status=Product.Status.PUBLISHED,
                published_at=now - timedelta(minutes=serial),
                featured=serial % 97 == 0,
                price=min(prices),
                in_stock=mto or any(s > 0 for s in stocks),
                rating_avg=Decimal(r.choice(["0", "3.50", "4.00", "4.50", "5.00"]))
                if rating_count
                else Decimal("0"),
                rating_count=rating_count,
            )
            if maker_id in makers:
                product.maker = makers[maker_id]
            # The M2M rows below are bulk inserted (no signal): set the bits the services keep.
            product.material_bits = material_bits_of(materials[m] for m in line["materials"])
            # The same text the search index service writes; PostgreSQL derives the stored
            # search vector from it on INSERT (generated column), so no second pass is needed.
            product.search_text = product_search_text(
                product, materials=[materials[m] for m in line["materials"]]
            )
            batch.append(product)
        tables = ("catalogue_product", "catalogue_product_materials", "catalogue_productimage",
                  "catalogue_variant")  # fmt: skip
        # A bulk load changes every listing: declared as such (the whole catalogue's stamp),
        # so the write watch has nothing to warn about.
        with transaction.atomic(), caching.changing(*tables) as change:
            change.touch(EVERYTHING)
            Product.objects.bulk_create(batch, batch_size=BATCH)
            ids = dict(
                Product.objects.filter(slug__in=list(variants_spec)).values_list("slug", "pk")
            )
            variants, m2m, photos = [], [], []
            for n, (slug, (shop, options, prices, stocks, mats)) in enumerate(
                variants_spec.items()
            ):
                pid = ids[slug]
                for k, opt in enumerate(options):
                    variants.append(
                        Variant(
                            product_id=pid,
                            shop=shop,
                            sku=f"B{pid}-{k + 1}",
                            options=opt,
                            price=prices[k],
                            stock=stocks[k],
                            position=k,
                        )
                    )
                m2m += [Through(product_id=pid, material_id=materials[m].pk) for m in mats]
                for p in range(1 + (start + n) % 2):
                    img = images[(start + n + p) % len(images)]
                    photos.append(
                        ProductImage(
                            product_id=pid,
                            original=img["original"],
                            width=img["w"],
                            height=img["h"],
                            renditions=img["renditions"],
                            public=True,
                            alt_text=f"{slug[18:60]} — photo {p + 1}",
                            position=p,
                        )
                    )
            Variant.objects.bulk_create(variants, batch_size=BATCH)
            Through.objects.bulk_create(m2m, batch_size=BATCH, ignore_conflicts=True)
            ProductImage.objects.bulk_create(photos, batch_size=BATCH)
        say(f"catalogue: {stop} products ({time.monotonic() - started:.1f}s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM too: it sets the visibility map the index-only facet counts rely on.
            cursor.execute("VACUUM ANALYZE")
    say(f"catalogue: {products} products in {time.monotonic() - started:.1f}s")
    return products


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--shops", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    _setup_django()
    load_catalogue(products=args.products, shops=args.shops, seed=args.seed, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
