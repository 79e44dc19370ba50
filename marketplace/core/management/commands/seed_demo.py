"""Load the demo marketplace: accounts, shops, cooperatives, 160 products with photos."""

import io
import random
import zlib
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from artisans.models import (
    Artisan,
    Cooperative,
    Membership,
    ShippingRate,
    ShippingZone,
    Shop,
)
from artisans.rib import rib_key
from marketplace.accounts.models import User
from marketplace.accounts.services import user_make_moderator
from marketplace.catalogue.images import build_renditions
from marketplace.catalogue.models import Category, Material, Product, ProductImage, Variant
from marketplace.catalogue.services import product_refresh_summary, product_search_index_update
from marketplace.core import demo_data as D
from marketplace.core.demo_images import SIZE, draw_product_image
from marketplace.core.demo_orders import seed_demo_orders
from marketplace.core.services import exchange_rate_set

CRAFT_OF_CATEGORY = {
    "tagines": "pottery", "plates-bowls": "pottery", "vases-jars": "pottery",
    "beni-ourain": "carpets", "azilal-rugs": "carpets", "kilims": "carpets",
    "kaftans": "clothing", "djellabas": "clothing", "leather": "leather",
    "woodwork": "woodwork", "metal-lanterns": "metal", "jewellery": "jewellery",
    "zellige": "zellige", "basketry": "basketry", "argan": "argan",
}  # fmt: skip

SHIPPING = {  # zone: (first piece, each further piece, days min, days max), MAD
    ShippingZone.MOROCCO: ("35.00", "10.00", 2, 5),
    ShippingZone.EUROPE: ("180.00", "60.00", 6, 12),
    ShippingZone.NORTH_AMERICA: ("260.00", "90.00", 8, 16),
    ShippingZone.WORLD: ("320.00", "110.00", 10, 21),
}


IMAGES_PER_PRODUCT = [1, 2, 1, 3, 2, 1, 4, 2]


def _draw_and_render(job) -> tuple[bytes, dict]:
    craft, shop_slug, seed = job
    data = draw_product_image(craft, shop_slug, seed=seed)
    return data, build_renditions(io.BytesIO(data))


def _demo_rib(slug: str, serial: int) -> str:
    """Return a well-formed demo RIB (bank, city, account, then the mod-97 key)."""
    first22 = f"{190:03d}{780:03d}{zlib.crc32(slug.encode()) % 10**10:010d}{serial:06d}"
    return first22 + rib_key(first22)


def _price(rng: random.Random, low: int, high: int) -> Decimal:
    # Prices end in 0 or 5 like a real price list.
    return Decimal(rng.randrange(low, high) // 5 * 5).quantize(Decimal("0.01"))


class Command(BaseCommand):
    help = "Load the demo data (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args, quiet=False, **options):
        with transaction.atomic():
            users = self._accounts()
            self._rates()
            categories = self._categories()
            materials = self._materials()
            shops = self._shops(users)
            created_images = self._products(shops, categories, materials)
        self._render(created_images)
        # Orders, deliveries, reviews and moderation queue items ([trust]).
        seed_demo_orders()
        counts = {
            "shops": Shop.objects.count(),
            "products": Product.objects.filter(status=Product.Status.PUBLISHED).count(),
            "images": ProductImage.objects.count(),
        }
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {counts['shops']} shops, {counts['products']} published "
                f"products, {counts['images']} photos."
            )
        )
        if not quiet:
            self.stdout.write(f"Demo logins (password: {D.DEMO_PASSWORD}):")
            for email, _name, role in D.DEMO_ACCOUNTS:
                self.stdout.write(f"  {email:<22} {role}")

    # --- pieces -------------------------------------------------------------------------------
    def _accounts(self) -> dict[str, User]:
        users = {}
        for email, name, role in D.DEMO_ACCOUNTS:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User(email=email, display_name=name)
                user.set_password(D.DEMO_PASSWORD)
            user.display_name = name
            user.country = "US" if email.startswith("buyer") else "MA"
            user.language = {"buyer": "en", "applicant": "ar"}.get(email.split("@")[0], "fr")
            user.currency = "USD" if email.startswith("buyer") else "MAD"
            if role == "administrator":
                user.is_staff = user.is_superuser = True
            user.save()
            if role == "moderator":
                user_make_moderator(user=user)
            users[email] = user
        return users

    def _rates(self):
        exchange_rate_set(currency="EUR", rate=Decimal("0.0925"))
        exchange_rate_set(currency="USD", rate=Decimal("0.1085"))

    def _categories(self) -> dict[str, Category]:
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

    def _materials(self) -> dict[str, Material]:
        out = {}
        for slug, ar, fr, en, es in D.MATERIALS:
            out[slug], _ = Material.objects.update_or_create(
                slug=slug, defaults=dict(title_ar=ar, title_fr=fr, title_en=en, title_es=es)
            )
        return out

    def _shops(self, users) -> dict[str, Shop]:
        shops = {}
        now = timezone.now()
        for serial_rib, spec in enumerate(D.SHOPS, start=1):
            user = users.get(spec["user"]) if spec["user"] else None
            maker, _ = Artisan.objects.update_or_create(
                slug=slugify(spec["maker"]),
                defaults=dict(
                    name=spec["maker"],
                    craft=spec["craft"],
                    region=spec["region"],
                    city=spec["city"],
                    story=spec["story"],
                    user=user,
                    registry_number=f"RNA-{zlib.crc32(spec['maker'].encode()) % 10**8:08d}"
                    if spec["kind"] == "artisan"
                    else "",
                ),
            )
            owner = {"artisan": maker, "cooperative": None}
            if spec["kind"] == "coop":
                coop, _ = Cooperative.objects.update_or_create(
                    slug=spec["slug"],
                    defaults=dict(
                        name=spec["name"],
                        registration_number=spec["registration"],
                        region=spec["region"],
                        city=spec["city"],
                        founded_year=spec["founded"],
                        women_led=spec["women_led"],
                        story=spec["story"],
                    ),
                )
                Membership.objects.update_or_create(
                    cooperative=coop, artisan=maker, defaults={"role": Membership.Role.MANAGER}
                )
                for member_name in spec["members"]:
                    member, _ = Artisan.objects.update_or_create(
                        slug=slugify(member_name),
                        defaults=dict(
                            name=member_name,
                            craft=spec["craft"],
                            region=spec["region"],
                            city=spec["city"],
                        ),
                    )
                    Membership.objects.get_or_create(
                        cooperative=coop,
                        artisan=member,
                        defaults={"role": Membership.Role.MEMBER},
                    )
                owner = {"artisan": None, "cooperative": coop}
            shop, created = Shop.objects.update_or_create(
                slug=spec["slug"],
                defaults=dict(
                    name=spec["name"],
                    tagline=spec["tagline"],
                    story=spec["story"],
                    region=spec["region"],
                    city=spec["city"],
                    status=Shop.Status.VERIFIED,
                    payout_holder=spec["maker"],
                    payout_rib=_demo_rib(spec["slug"], serial_rib),
                    **owner,
                ),
            )
            if created or shop.verified_at is None:
                shop.verified_at = now
                shop.save(update_fields=["verified_at"])
            for zone, (first, extra, dmin, dmax) in SHIPPING.items():
                ShippingRate.objects.update_or_create(
                    shop=shop,
                    zone=zone,
                    defaults=dict(
                        first_item=Decimal(first),
                        additional_item=Decimal(extra),
                        days_min=dmin,
                        days_max=dmax,
                    ),
                )
            shops[spec["slug"]] = shop
        return shops

    def _products(self, shops, categories, materials) -> list[ProductImage]:
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
                desc = self._description(shop, title, line, mto)
                maker = None
                if shop.cooperative_id:
                    members = list(
                        Artisan.objects.filter(
                            memberships__cooperative=shop.cooperative_id
                        ).order_by("pk")
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
                self._variants(rng, product, line, serial)
                product_refresh_summary(product_id=product.pk)
                product_search_index_update(product_id=product.pk)
                if not product.images.exists():
                    photos = IMAGES_PER_PRODUCT[serial % len(IMAGES_PER_PRODUCT)]
                    for n in range(photos):
                        new_images.append((product, slug, craft, shop_slug, serial * 10 + n, n))
        return new_images

    def _render(self, pending) -> None:
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
                alt_text=f"{product.title_en} — {'detail' if n else 'main view'}",
            )
            image.original.save(f"{slug}-{n}.jpg", ContentFile(data), save=False)
            image.save()

    def _variants(self, rng, product, line, serial):
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
                defaults=dict(product=product, options=opt, price=price, stock=stock, position=k),
            )

    def _description(self, shop, title, line, mto) -> dict[str, str]:
        lead = {
            "ar": "يصنع حسب الطلب ويشحن خلال ثلاثة أسابيع." if mto else "جاهز للشحن.",
            "fr": "Fabriqué sur commande, expédié sous trois semaines."
            if mto
            else "Prêt à expédier.",
            "en": "Made to order, ships within three weeks." if mto else "Ready to ship.",
        }
        where = shop.city
        return {
            "ar": f"{title['ar']}. قطعة مصنوعة يدويا في {where} من طرف {shop.name}. {lead['ar']}",
            "fr": f"{title['fr']}. Pièce faite main à {where} par {shop.name} — "
            f"{line['technique'].lower()}. {lead['fr']}",
            "en": f"{title['en']}. Handmade in {where} by {shop.name}. {lead['en']}",
        }
