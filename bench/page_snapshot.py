"""Snapshot rendered pages and API answers, CSRF tokens masked, to compare two commits.

A refactoring must not change what a visitor, a seller or a moderator receives. Run this on the
old commit and on the new one against the same seeded database, then compare the two files:

    .venv/bin/python bench/page_snapshot.py --out /tmp/before.json      # on the old checkout
    .venv/bin/python bench/page_snapshot.py --out /tmp/after.json       # on the new checkout
    .venv/bin/python bench/page_snapshot.py --compare /tmp/before.json /tmp/after.json

It only reads models and reverses URL names (both stay put across a refactoring), renders
through Django's test client (the whole middleware stack) in Arabic and French, and stores each
answer's status, content type and body with every CSRF token replaced by a fixed mask.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from pathlib import Path

# 64-character masked CSRF tokens (forms, meta tags, cookies), whatever attribute carries them.
CSRF = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
CSRF_JSON = re.compile(rb'("csrf[a-z_]*"\s*:\s*")[^"]+(")', re.I)


def _mask(body: bytes) -> bytes:
    body = CSRF.sub(b"<csrf>", body)
    return CSRF_JSON.sub(rb"\1<csrf>\2", body)


def _setup() -> None:
    sys.path.insert(0, str(Path.cwd()))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    import django

    django.setup()


def _targets():
    """Return (name, user email or None, url) for every page and API answer compared."""
    from django.urls import reverse

    from artisans.models import Shop
    from marketplace.catalogue.models import Product
    from marketplace.orders.models import Order, ShopOrder

    shop = Shop.objects.get(slug="fakhar-safi")
    coop = Shop.objects.get(slug="tifawin-azilal")
    product = Product.objects.filter(shop=shop, status="published").order_by("pk").first()
    own_product = Product.objects.filter(shop=shop).order_by("pk").first()
    shop_order = ShopOrder.objects.filter(shop=shop).order_by("pk").first()
    buyer_order = Order.objects.exclude(buyer=None).order_by("pk").first()
    variant = own_product.variants.order_by("pk").first()
    image = own_product.images.order_by("pk").first()
    pages = []
    for lang in ("ar", "fr"):

        def url(name, *args, lang=lang, **kwargs):
            from django.utils import translation

            with translation.override(lang):
                return reverse(name, args=args, kwargs=kwargs or None)

        pages += [
            (f"{lang} home", None, url("home")),
            (f"{lang} category", None, url("catalogue:category", "pottery")),
            (f"{lang} listing facets", None, url("catalogue:product_list") + "?region=safi"),
            (f"{lang} search", None, url("catalogue:search") + "?q=tajine"),
            (f"{lang} product", None, url("catalogue:product", product.slug)),
            (f"{lang} shop", None, url("catalogue:shop", shop.slug)),
            (f"{lang} cooperative shop", None, url("catalogue:shop", coop.slug)),
            (f"{lang} artisan", None, url("catalogue:artisan", shop.artisan.slug)),
            (f"{lang} cart", None, url("orders:cart")),
            (f"{lang} sell landing", None, url("artisans:home")),
            (f"{lang} seller dashboard", "artisan@souk.test", url("artisans:dashboard")),
            (f"{lang} seller products", "artisan@souk.test", url("artisans:products")),
            (f"{lang} seller product", "artisan@souk.test", url("artisans:product", own_product.pk)),
            (f"{lang} seller text", "artisan@souk.test", url("artisans:product_text", own_product.pk)),
            (f"{lang} seller details", "artisan@souk.test", url("artisans:product_details", own_product.pk)),
            (f"{lang} seller variants", "artisan@souk.test", url("artisans:variants", own_product.pk)),
            (f"{lang} seller variant", "artisan@souk.test", url("artisans:variant_edit", own_product.pk, variant.pk)),
            (f"{lang} seller photos", "artisan@souk.test", url("artisans:photos", own_product.pk)),
            (f"{lang} seller photo", "artisan@souk.test", url("artisans:photo_edit", own_product.pk, image.pk)),
            (f"{lang} seller orders", "artisan@souk.test", url("artisans:orders")),
            (f"{lang} seller order", "artisan@souk.test", url("artisans:order", shop_order.order.number)),
            (f"{lang} seller slip", "artisan@souk.test", url("artisans:packing_slip", shop_order.order.number)),
            (f"{lang} seller settings", "artisan@souk.test", url("artisans:settings")),
            (f"{lang} seller shipping", "artisan@souk.test", url("artisans:shipping")),
            (f"{lang} seller payout", "artisan@souk.test", url("artisans:payout")),
            (f"{lang} seller new product", "artisan@souk.test", url("artisans:product_new")),
            (f"{lang} coop members", "coop@souk.test", url("artisans:members")),
            (f"{lang} application", "applicant@souk.test", url("artisans:application")),
            (f"{lang} application identity", "applicant@souk.test", url("artisans:identity")),
            (f"{lang} application documents", "applicant@souk.test", url("artisans:documents")),
            (f"{lang} moderation", "moderator@souk.test", url("moderation:dashboard")),
            (f"{lang} moderation shops", "moderator@souk.test", url("moderation:shop_queue")),
            (f"{lang} moderation products", "moderator@souk.test", url("moderation:product_queue")),
            (f"{lang} moderation product", "moderator@souk.test", url("moderation:product_detail", own_product.pk)),
            (f"{lang} moderation reviews", "moderator@souk.test", url("moderation:review_queue")),
            (f"{lang} moderation reports", "moderator@souk.test", url("moderation:report_queue")),
            (f"{lang} moderation audit", "moderator@souk.test", url("moderation:audit_log")),
            (f"{lang} moderation analytics", "moderator@souk.test", url("moderation:analytics")),
            (f"{lang} buyer orders", buyer_order.buyer.email, url("orders:order_list")),
            (f"{lang} buyer order", buyer_order.buyer.email, url("orders:order_detail", buyer_order.number)),
            (f"{lang} buyer reviews", buyer_order.buyer.email, url("reviews:mine")),
            (f"{lang} login", None, url("accounts:login")),
        ]  # fmt: skip
    api = [
        ("api products", None, "/api/v1/products/?ordering=price&page_size=5"),
        ("api product", None, f"/api/v1/products/{product.slug}/"),
        ("api shops", None, "/api/v1/shops/"),
        ("api shop", None, f"/api/v1/shops/{shop.slug}/"),
        ("api me", "artisan@souk.test", "/api/v1/me/"),
        ("api orders", buyer_order.buyer.email, "/api/v1/orders/"),
        ("api order", buyer_order.buyer.email, f"/api/v1/orders/{buyer_order.number}/"),
        ("api cart", buyer_order.buyer.email, "/api/v1/cart/"),
        ("api seller products", "artisan@souk.test", "/api/v1/seller/products/"),
        ("api seller product", "artisan@souk.test", f"/api/v1/seller/products/{own_product.pk}/"),
        ("api seller orders", "artisan@souk.test", "/api/v1/seller/orders/"),
        ("api seller order", "artisan@souk.test", f"/api/v1/seller/orders/{shop_order.order.number}/"),
        ("api seller balance", "artisan@souk.test", "/api/v1/seller/balance/"),
        ("api seller payouts", "artisan@souk.test", "/api/v1/seller/payouts/"),
        ("api mod queues", "moderator@souk.test", "/api/v1/moderation/queues/"),
        ("api mod shops", "moderator@souk.test", "/api/v1/moderation/shops/"),
        ("api mod products", "moderator@souk.test", "/api/v1/moderation/products/"),
        ("api mod reviews", "moderator@souk.test", "/api/v1/moderation/reviews/"),
        ("api mod reports", "moderator@souk.test", "/api/v1/moderation/reports/"),
        ("api reviewable", buyer_order.buyer.email, "/api/v1/reviews/reviewable/"),
        ("api schema", None, "/api/v1/schema/?format=json"),
    ]  # fmt: skip
    return pages + api


def snapshot() -> dict:
    """Render every target twice (the second may come from the page cache) and mask CSRF."""
    from django.core.cache import cache
    from django.test import Client

    from marketplace.accounts.models import User

    cache.clear()
    out = {}
    clients: dict[str | None, Client] = {}
    for name, email, url in _targets():
        if email not in clients:
            clients[email] = Client()
            if email:
                clients[email].force_login(User.objects.get(email=email))
        for attempt in ("first", "again"):
            response = clients[email].get(url)
            body = _mask(response.content)
            out[f"{name} [{attempt}]"] = {
                "url": url,
                "status": response.status_code,
                "type": response.get("Content-Type", ""),
                "sha256": hashlib.sha256(body).hexdigest(),
                "body": body.decode("utf-8", "replace"),
            }
    return out


def compare(before: Path, after: Path) -> int:
    """Print every target whose answer differs; answer the number of differences."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    differ = 0
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            print(f"MISSING {key}: only in {'after' if a is None else 'before'}")
            differ += 1
        elif (a["status"], a["type"], a["sha256"]) != (b["status"], b["type"], b["sha256"]):
            differ += 1
            print(f"DIFFERS {key} {a['url']}: {a['status']} → {b['status']}")
            import difflib

            diff = difflib.unified_diff(
                a["body"].splitlines(), b["body"].splitlines(), "before", "after", lineterm="", n=1
            )
            for line in list(diff)[:30]:
                print("   ", line)
    same = len(set(old) & set(new)) - differ
    print(f"{same} answers identical, {differ} different ({len(old)} before, {len(new)} after)")
    return differ


def main() -> None:
    """Snapshot into --out, or --compare two snapshots (exit 1 when they differ)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path)
    args = parser.parse_args()
    if args.compare:
        sys.exit(1 if compare(*args.compare) else 0)
    _setup()
    data = snapshot()
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1))
    statuses = {}
    for value in data.values():
        statuses[value["status"]] = statuses.get(value["status"], 0) + 1
    print(f"{len(data)} answers written to {args.out}; statuses {statuses}")


if __name__ == "__main__":
    main()
