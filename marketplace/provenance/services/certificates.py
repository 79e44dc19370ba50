"""Provenance certificates: one per piece shipped, its content signed by the platform.

The payload is everything the public page shows, in a language-neutral form (codes, dates,
amounts as strings); the page is rendered from the signed payload, so what a buyer reads is
what the signature covers. A confirmed payment to a maker re-signs the certificates of the
pieces it paid (a new revision, with the key active then).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from artisans.models import Region
from marketplace.catalogue.models import Product
from marketplace.orders.models import OrderLine, ShopOrder
from marketplace.orders.status import ShopOrderStatus

from ..errors import ProvenanceError, ProvenanceErrorCode
from ..hooks import shop_trail
from ..models import Certificate, LabelClaim, LineSplit, MemberPayment, MemberShare
from .keys import payload_sign

PAYLOAD_VERSION = 1
# Statuses in which a shop order's pieces have left the workshop.
_SHIPPED = {ShopOrderStatus.SHIPPED, ShopOrderStatus.DELIVERED}


def certificate_url(code: str, language: str = "en") -> str:
    """Return the public address of a certificate (what its QR code holds)."""
    lang = language if language in dict(settings.LANGUAGES) else "en"
    return f"{settings.SITE_URL}/{lang}/v/{code}/"


def _product_url(product: Product) -> str:
    with translation.override("en"):
        return settings.SITE_URL + reverse("catalogue:product", kwargs={"slug": product.slug})


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


def _day(value) -> str | None:
    return timezone.localtime(value).date().isoformat() if value else None


def _labels(shop_id: int, product_id: int | None) -> list[dict]:
    from django.db.models import Q

    claims = (
        LabelClaim.objects.shown()
        .filter(Q(shop_id=shop_id, product__isnull=True) | Q(product_id=product_id))
        .select_related("label")
        .order_by("label__slug", "pk")
    )
    return [
        {
            "slug": claim.label.slug,
            "name": claim.label.names(),
            "kind": claim.label.kind,
            "issuing_body": claim.label.issuing_body,
            "certificate_number": claim.certificate_number,
            "verified_on": _day(claim.verified_at),
            "expires_on": claim.expires_on.isoformat() if claim.expires_on else None,
        }
        for claim in claims
    ]


def _maker_pay(line: OrderLine, piece: int) -> list[dict]:
    shares = (
        MemberShare.objects.filter(
            line=line,
            piece=piece,
            kind=MemberShare.Kind.MAKER,
            payment__status=MemberPayment.Status.CONFIRMED,
        )
        .select_related("artisan", "payment")
        .order_by("pk")
    )
    return [
        {
            "maker": share.artisan.name,
            "received_mad": str(share.amount_mad),
            "of_price_mad": str(share.price_mad),
            "percent": str(share.percent),
            "paid_on": share.payment.paid_on.isoformat(),
            "method": share.payment.method,
            "confirmed_on": _day(share.payment.answered_at),
        }
        for share in shares
    ]


def _makers(line: OrderLine, product: Product | None) -> list[dict]:
    split = LineSplit.objects.filter(line=line).first()
    found = []
    if split is not None:
        found = [{"name": row["name"]} for row in split.makers]
    if not found and product is not None and product.maker is not None:
        found = [{"name": product.maker.name}]
    return found


def certificate_payload(*, line: OrderLine, piece: int, code: str, revision: int) -> dict:
    """Return the content of a piece's certificate (unsigned, without its key id)."""
    shop_order = line.shop_order
    shop = shop_order.shop
    order = shop_order.order
    product = (
        Product.objects.filter(pk=line.product_id)
        .select_related("maker")
        .prefetch_related("images", "materials")
        .first()
        if line.product_id
        else None
    )
    image = next(iter(product.images.all()), None) if product else None
    cooperative = shop.cooperative
    region = (product.region if product else "") or shop.region
    steps = (shop_trail(shop.pk) if shop_trail.registered else []) or (
        [{"action": "shop.verify", "on": _day(shop.verified_at)}] if shop.verified_at else []
    )
    return {
        "v": PAYLOAD_VERSION,
        "issuer": "Souk",
        "code": code,
        "revision": revision,
        "url": certificate_url(code, "en"),
        "piece": {
            "title": line.title,
            "sku": line.sku,
            "number": piece,
            "of": line.quantity,
            "photo": (settings.SITE_URL + image.url("card")) if image else None,
            "technique": product.technique if product else "",
            "materials": [m.title_en or m.slug for m in product.materials.all()] if product else [],
            "page": _product_url(product) if product else None,
        },
        "makers": _makers(line, product),
        "shop": {
            "name": shop.name,
            "kind": "cooperative" if cooperative else "artisan",
            "cooperative": {
                "name": cooperative.name,
                "registration_number": cooperative.registration_number,
                "women_led": cooperative.women_led,
            }
            if cooperative
            else None,
            "city": shop.city,
            "trail": steps,
        },
        "region": {"code": region, "name": _english(dict(Region.choices).get(region, region))},
        "labels": _labels(shop.pk, line.product_id),
        "sale": {
            "order": order.number[:7] + "…",  # enough to recognise it, not to look it up
            "sold_on": _day(shop_order.paid_at or order.paid_at or order.created_at),
            "shipped_on": _day(shop_order.shipped_at),
            "price_mad": str(line.unit_price_mad),
        },
        "maker_pay": _maker_pay(line, piece),
    }


def _sign(certificate: Certificate, payload: dict) -> None:
    signed, signature, kid = payload_sign(payload)
    certificate.payload = signed
    certificate.signature = signature
    certificate.kid = kid
    certificate.signed_at = timezone.now()


def certificates_issue(*, shop_order_id: int, actor=None, shop=None) -> list[Certificate]:
    """Make the certificates of a shipped shop order's pieces (idempotent).

    `shop`: when a seller asks, the shop they act for; another shop's order is a 404 and
    nothing is made.
    """
    shop_order = (
        ShopOrder.objects.select_related("shop__cooperative", "order")
        .filter(pk=shop_order_id)
        .first()
    )
    if shop_order is None or (shop is not None and shop_order.shop_id != shop.pk):
        raise ProvenanceError(ProvenanceErrorCode.NOT_FOUND)
    if shop_order.status not in _SHIPPED:
        raise ProvenanceError(ProvenanceErrorCode.NOT_SHIPPED)
    made = []
    with transaction.atomic():
        lines = list(OrderLine.objects.filter(shop_order=shop_order).order_by("pk"))
        have = set(Certificate.objects.filter(line__in=lines).values_list("line_id", "piece"))
        for line in lines:
            line.shop_order = shop_order
            for piece in range(1, line.quantity + 1):
                if (line.pk, piece) in have:
                    continue
                certificate = Certificate(line=line, piece=piece, shop_id=shop_order.shop_id)
                payload = certificate_payload(
                    line=line, piece=piece, code=certificate.code, revision=1
                )
                _sign(certificate, payload)
                certificate.save()
                made.append(certificate)
    return made


def certificates_resign(*, line_ids: list[int]) -> int:
    """Sign again, as a new revision, the certificates of these lines (pay confirmed)."""
    count = 0
    with transaction.atomic():
        certificates = (
            Certificate.objects.select_for_update(of=("self",))
            .filter(line_id__in=line_ids)
            .select_related("line__shop_order__shop__cooperative", "line__shop_order__order")
            .order_by("pk")
        )
        for certificate in certificates:
            revision = certificate.revision + 1
            payload = certificate_payload(
                line=certificate.line,
                piece=certificate.piece,
                code=certificate.code,
                revision=revision,
            )
            certificate.revision = revision
            _sign(certificate, payload)
            certificate.save(update_fields=["payload", "signature", "kid", "revision", "signed_at"])
            count += 1
    return count
