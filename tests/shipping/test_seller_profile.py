"""The seller prices a zone by weight, sets free shipping and carriers on the shipping page."""

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from marketplace.orders import selectors, services
from marketplace.shipping.models import ShippingProfile, WeightBand, ZoneService


def _form(**zones):
    data = {"processing_days_min": "2", "processing_days_max": "4"}
    for zone in ("MA", "EU", "NA"):
        data[f"{zone}_pricing"] = "piece"
    for key, value in zones.items():
        data[key] = value
    return data


def test_the_potter_prices_europe_by_weight(world):
    client = Client()
    client.force_login(world.pottery.artisan.user)
    page = client.get(reverse("artisans:shipping"))
    assert page.status_code == 200 and 'name="EU_kg_0"' in page.content.decode()
    refused = client.post(reverse("artisans:shipping_profile"), _form(EU_pricing="weight"))
    assert refused.status_code == 400
    assert not ZoneService.objects.filter(rate__shop=world.pottery, rate__zone="EU").exists()
    saved = client.post(
        reverse("artisans:shipping_profile"),
        _form(EU_pricing="weight", EU_kg_0="2", EU_price_0="180", EU_kg_1="5", EU_price_1="300",
              EU_carriers=["amana", "dhl"], MA_free="800"),
    )  # fmt: skip
    assert saved.status_code == 302
    profile = ShippingProfile.objects.get(shop=world.pottery)
    assert (profile.processing_days_min, profile.processing_days_max) == (2, 4)
    bands = WeightBand.objects.filter(rate__shop=world.pottery, rate__zone="EU")
    assert [(b.up_to_grams, b.price_mad) for b in bands] == [
        (2000, Decimal("180.00")),
        (5000, Decimal("300.00")),
    ]
    service = ZoneService.objects.get(rate__shop=world.pottery, rate__zone="EU")
    assert service.carriers == ["amana", "dhl"]
    cart = services.cart_get_or_create(session_key="profile")
    services.cart_add(cart=cart, variant_id=world.tajine.pk, quantity=2)  # 3 kg
    eu = selectors.cart_priced(cart=cart, zone="EU", currency="MAD").groups[0]
    assert eu.shipping_mad == Decimal("300.00") and eu.quote.days_min == 2 + 5
    ma = selectors.cart_priced(cart=cart, zone="MA", currency="MAD").groups[0]
    assert ma.shipping_mad == Decimal("40.00")  # 700 MAD < 800 free
