"""[cod] Cash on delivery in the demo: shops that take it, a buyer in Casablanca, and one COD
order at each stage, all made through the services (checkout, the code read from the text
messages like the buyer would, accept, ship, the courier's remittance file, a refusal).

Stages, by order number (admin → Cash-on-delivery parcels, or log in as casa@souk.test):
SK-DEMO-C001 waiting for the buyer's code · C002 confirmed, for the shops to accept ·
C003 shipped, cash with the courier · C004 delivered, cash collected, not yet remitted ·
C005 remitted through demo/samples/cod-remittance-demo.csv (credited) · C006 refused.
Idempotent: each order has a fixed key and is skipped when it exists.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from artisans.models import Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Variant
from marketplace.notify.models import OutboundMessage
from marketplace.orders import services as orders
from marketplace.orders.models import Order
from marketplace.shipping.carriers import s10_number
from payments.models import CodRemittance
from payments.services import (
    cod_code_verify,
    cod_delivered_mark,
    cod_refusal_record,
    cod_remittance_import,
    cod_terms_set,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BUYER = "casa@souk.test"
ADDRESS = {
    "name": "Salma Bennani",
    "line1": "14 rue Tiznit, Maârif",
    "city": "Casablanca",
    "postal_code": "20330",
    "country": "MA",
    "phone": "0612345678",
}
# shop slug: (takes COD, fee MAD, return cost MAD or None, who bears it)
TERMS = {
    "fakhar-safi": (True, "15.00", None, ""),
    "bleu-de-fes": (True, "0.00", None, ""),
    "tifawin-azilal": (True, "10.00", "30.00", "shop"),
}
STAGES = ["waiting", "confirmed", "shipped", "collected", "remitted", "refused"]


def seed() -> None:
    """Opt the demo shops in, then place the COD orders (idempotent)."""
    shops = {s.slug: s for s in Shop.objects.filter(slug__in=TERMS)}
    for slug, (enabled, fee, cost, payer) in TERMS.items():
        if slug in shops:
            cod_terms_set(
                shop_id=shops[slug].pk, enabled=enabled, fee_mad=fee, return_cost_mad=cost,
                return_cost_payer=payer,
            )  # fmt: skip
    buyer = User.objects.filter(email=BUYER).first()
    if buyer is None or len(shops) < 2:
        return
    pair = [shops["fakhar-safi"], shops["bleu-de-fes"]]
    for n, stage in enumerate(STAGES, start=1):
        number = f"SK-DEMO-C{n:03d}"
        if Order.objects.filter(number=number).exists():
            continue
        order = _place(buyer, pair if n in (1, 2, 3) else pair[n % 2 : n % 2 + 1], n)
        if order is None:
            continue
        code = _code(order)  # sent under the number checkout gave, before the demo's own
        Order.objects.filter(pk=order.pk).update(number=number)
        order.number = number
        _advance(order, stage, n, code)
    _remit()


def _place(buyer, shops, n):
    variants = [
        Variant.objects.filter(product__shop=shop, product__status="published", stock__gte=3)
        .order_by("pk")
        .first()
        for shop in shops
    ]
    if not all(variants):
        return None
    cart = orders.cart_get_or_create(user=buyer)
    cart.lines.all().delete()
    for variant in variants:
        orders.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    with transaction.atomic():
        return orders.order_place(
            cart=cart, email=buyer.email, address=ADDRESS, currency="MAD", buyer=buyer,
            language=buyer.language, idempotency_key=f"demo-cod-{n}", start_payment=False,
            payment_method="cod",
        )  # fmt: skip


def _code(order) -> str:
    """Read the code from the text message, as the buyer reads it on the phone."""
    body = (
        OutboundMessage.objects.filter(key=f"cod:{order.number}:code:1")
        .values_list("body", flat=True)
        .first()
    )
    found = re.search(r"\b(\d{6})\b", body or "")
    return found.group(1) if found else ""


def _advance(order, stage: str, n: int, code: str) -> None:
    if stage == "waiting":
        return
    cod_code_verify(order_id=order.pk, code=code, actor=order.buyer)
    if stage == "confirmed":
        return
    for i, part in enumerate(order.shop_orders.order_by("pk")):
        owner = part.shop.artisan.user if part.shop.artisan_id else None
        orders.shop_order_accept(shop_order_id=part.pk, actor=owner)
        orders.shop_order_ship(
            shop_order_id=part.pk, actor=owner, carrier="amana",
            tracking_number=s10_number("EE", 77_000_000 + n * 10 + i),
        )  # fmt: skip
        if stage in ("collected", "remitted"):
            cod_delivered_mark(shop_order_id=part.pk)
        elif stage == "refused":
            cod_refusal_record(shop_order_id=part.pk, reason="buyer not at home, refused on call")


def _remit() -> None:
    """Import the courier's demo remittance once (credits C005, refuses its bad row)."""
    if CodRemittance.objects.filter(file_name="cod-remittance-demo.csv").exists():
        return
    part = Order.objects.filter(number="SK-DEMO-C005").first()
    if part is None:
        return
    so = part.shop_orders.get()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    data = (
        "tracking_number;amount;date\n"
        f"{so.tracking_number};{so.total_mad:.2f};2026-12-01\n"
        f"{s10_number('EE', 77_999_999)};{Decimal('120.00'):.2f};2026-12-01\n"  # unknown: refused
    ).encode()
    cod_remittance_import(
        data=data, courier="Amana", actor=admin, file_name="cod-remittance-demo.csv"
    )
