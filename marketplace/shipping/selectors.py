"""Reads for shipping: quotes per shop and zone, a piece's customs data, a shop order's papers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from artisans.models import ShippingRate
from marketplace.catalogue.models import Variant

from .hs import suggest_hs
from .models import ShipmentDocument, ShippingProfile, VariantCustoms, WeightBand, ZoneService

ZERO = Decimal("0.00")
DEFAULT_PROCESSING = (1, 3)


@dataclass(frozen=True)
class QuoteLine:
    """A piece to ship: how many, at what price each, and its packed weight each."""

    quantity: int
    unit_price_mad: Decimal
    weight_grams: int


@dataclass
class ShopQuote:
    """What one shop charges to send its part of a cart to a zone, and when it arrives."""

    shop_id: int
    zone: str
    amount_mad: Decimal | None = None
    refused: str = ""  # "", "not_served" or "too_heavy"
    pricing: str = ZoneService.Pricing.PIECE
    pieces: int = 0
    weight_grams: int = 0
    max_grams: int = 0
    free: bool = False
    days_min: int = 0
    days_max: int = 0
    carriers: list[str] = field(default_factory=list)
    rate: ShippingRate | None = None

    @property
    def ships(self) -> bool:
        return self.amount_mad is not None


def _price(rate: ShippingRate, quote: ShopQuote, subtotal: Decimal) -> None:
    service = getattr(rate, "service", None)
    bands = list(rate.weight_bands.all())
    quote.pricing = service.pricing if service else ZoneService.Pricing.PIECE
    quote.carriers = list(service.carriers) if service else []
    if quote.pricing == ZoneService.Pricing.WEIGHT:
        band = next((b for b in bands if b.up_to_grams >= quote.weight_grams), None)
        quote.max_grams = bands[-1].up_to_grams if bands else 0
        if band is None:
            quote.refused = "too_heavy"
            return
        amount = band.price_mad
    else:
        amount = rate.cost(quote.pieces)
    if service and service.free_over_mad is not None and subtotal >= service.free_over_mad:
        amount, quote.free = ZERO, True
    quote.amount_mad = amount


def shipping_quotes(*, zone: str, parcels: dict[int, list[QuoteLine]]) -> dict[int, ShopQuote]:
    """Quote each shop's parcel to a zone from its rate, weight bands and profile (2 queries)."""
    rates = {
        r.shop_id: r
        for r in ShippingRate.objects.filter(shop_id__in=list(parcels), zone=zone)
        .select_related("service", "shop__shipping_profile")
        .prefetch_related(
            Prefetch("weight_bands", queryset=WeightBand.objects.order_by("up_to_grams"))
        )
    }
    quotes = {}
    for shop_id, lines in parcels.items():
        quote = ShopQuote(shop_id=shop_id, zone=zone)
        quote.pieces = sum(line.quantity for line in lines)
        quote.weight_grams = sum(line.weight_grams * line.quantity for line in lines)
        rate = quote.rate = rates.get(shop_id)
        if rate is None:
            quote.refused = "not_served"
        else:
            subtotal = sum((ln.unit_price_mad * ln.quantity for ln in lines), ZERO)
            _price(rate, quote, subtotal)
            profile = _profile(rate.shop)
            quote.days_min = profile[0] + rate.days_min
            quote.days_max = profile[1] + rate.days_max
        quotes[shop_id] = quote
    return quotes


def _profile(shop) -> tuple[int, int]:
    try:
        profile = shop.shipping_profile
    except ShippingProfile.DoesNotExist:
        return DEFAULT_PROCESSING
    return profile.processing_days_min, profile.processing_days_max


@dataclass(frozen=True)
class Customs:
    """A variant's customs data with the product's values filled in where it has none."""

    hs_code: str
    hs_suggested: bool
    origin_country: str
    composition: str
    net_weight_grams: int
    length_cm: int | None
    width_cm: int | None
    height_cm: int | None


def customs_for_variants(variant_ids) -> dict[int, Customs]:
    """Resolve the customs data of variants: variant, then product, then the category's HS."""
    variants = (
        Variant.objects.filter(pk__in=list(variant_ids))
        .select_related("product__customs", "product__category__parent", "customs")
        .only(
            "pk",
            "product__weight_grams",
            "product__category__slug",
            "product__category__parent__slug",
            *(f"product__customs__{f}" for f in VariantCustoms.FIELDS),
            "product__customs__product_id",
            *(f"customs__{f}" for f in VariantCustoms.FIELDS),
            "customs__variant_id",
        )
    )
    return {v.pk: _resolve(v) for v in variants}


def _resolve(variant) -> Customs:
    own = getattr(variant, "customs", None)
    product = variant.product
    base = getattr(product, "customs", None)

    def pick(name, default):
        for source in (own, base):
            value = getattr(source, name, None) if source else None
            if value not in (None, ""):
                return value
        return default

    hs_code = pick("hs_code", "")
    suggested = False
    if not hs_code and (found := suggest_hs(product.category)):
        hs_code, suggested = found[0], True
    return Customs(
        hs_code=hs_code,
        hs_suggested=suggested,
        origin_country=pick("origin_country", "MA"),
        composition=pick("composition", ""),
        net_weight_grams=pick("net_weight_grams", product.weight_grams or 0),
        length_cm=pick("length_cm", None),
        width_cm=pick("width_cm", None),
        height_cm=pick("height_cm", None),
    )


def product_customs(product):
    """Return a product's own customs row, or None."""
    from .models import ProductCustoms

    return ProductCustoms.objects.filter(product=product).first()


def shop_order_documents(*, shop_order_id: int) -> list[ShipmentDocument]:
    """Return the documents made for a shop order, CN22/CN23 first."""
    return list(ShipmentDocument.objects.filter(shop_order_id=shop_order_id).order_by("kind"))


def document_for_reader(*, user, document_id: int) -> ShipmentDocument | None:
    """Return a document the user may read (the shop's people, staff), or None."""
    from artisans.selectors import seller_access

    document = ShipmentDocument.objects.select_related("shop").filter(pk=document_id).first()
    if document is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_staff:
        return document
    access = seller_access(user)
    if access is not None and access.shop.pk == document.shop_id and access.can("orders"):
        return document
    return None


@dataclass(frozen=True)
class ParcelForEstimate:
    """One shop's parcel for the import-charges estimate: (variant id, line value) pairs."""

    lines: list[tuple[int, Decimal]]
    shipping_mad: Decimal
    carriers: list[str] = field(default_factory=list)


def import_estimate(*, country: str, currency: str, rate: Decimal, parcels: list):
    """Estimate import charges for parcels to a country (None outside the US, EU and UK)."""
    from marketplace.core.selectors import exchange_rate

    from .import_charges import EstimateItem, EstimateParcel, import_charges_estimate
    from .import_rates import EU_VAT

    country = (country or "").upper()
    if country not in ("US", "GB", *EU_VAT) or not parcels:
        return None
    customs = customs_for_variants({vid for p in parcels for vid, _value in p.lines})
    fallback = Customs("", False, "MA", "", 0, None, None, None)
    return import_charges_estimate(
        country=country,
        currency=currency,
        rate=rate,
        eur_rate=exchange_rate("EUR"),
        parcels=[
            EstimateParcel(
                items=[
                    EstimateItem(
                        hs_code=customs.get(vid, fallback).hs_code,
                        origin=customs.get(vid, fallback).origin_country,
                        value_mad=value,
                    )
                    for vid, value in p.lines
                ],
                shipping_mad=p.shipping_mad,
                carrier=p.carriers[0] if p.carriers else "",
            )
            for p in parcels
        ],
    )


def documents_by_shop_order(shop_order_ids) -> dict[int, list[ShipmentDocument]]:
    """Return the documents of several shop orders in one query, keyed by shop order id."""
    found: dict[int, list[ShipmentDocument]] = {}
    for document in ShipmentDocument.objects.filter(shop_order_id__in=list(shop_order_ids)):
        found.setdefault(document.shop_order_id, []).append(document)
    return found
