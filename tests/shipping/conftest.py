"""An export world: a carpet cooperative priced by weight, a potter priced per piece, a buyer.

Shop A (carpets) prices by weight band in three zones; shop B (pottery) per piece, free in
Morocco from 1,000 MAD, and serves no country outside Morocco, the EU and North America.
"""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from artisans.services import shop_shipping_rates_set
from marketplace.shipping.services import product_customs_set, shipping_profile_set
from tests.factories import (
    CategoryFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)

D = Decimal


@dataclass
class Export:
    carpets: object
    pottery: object
    carpet: object  # the variant: 4,500 MAD, 6 kg packed
    tajine: object  # the variant: 350 MAD, 1.5 kg packed
    buyer: object


def export_world() -> Export:
    carpets_cat = CategoryFactory(slug="carpets", title_en="Carpets")
    pottery_cat = CategoryFactory(slug="pottery", title_en="Pottery")
    tagines_cat = CategoryFactory(slug="tagines", title_en="Tagines", parent=pottery_cat)
    carpets = ShopFactory(name="Tifawin Carpets", artisan__user=UserFactory())
    pottery = ShopFactory(name="Fakhar Safi", artisan__user=UserFactory())
    shop_shipping_rates_set(
        shop_id=carpets.pk,
        actor=None,
        rates={"MA": (40, 0, 1, 3), "EU": (0, 0, 4, 8), "NA": (0, 0, 6, 12)},
    )
    shipping_profile_set(
        shop_id=carpets.pk,
        actor=None,
        processing_days_min=2,
        processing_days_max=5,
        zones={
            "MA": {"pricing": "weight", "bands": [(2000, "40"), (10000, "90")]},
            "EU": {
                "pricing": "weight",
                "bands": [(2000, "250"), (5000, "420"), (10000, "690")],
                "carriers": ["amana", "dhl"],
            },
            "NA": {
                "pricing": "weight",
                "bands": [(2000, "320"), (5000, "560"), (10000, "900")],
                "carriers": ["dhl"],
            },
        },
    )
    shop_shipping_rates_set(
        shop_id=pottery.pk,
        actor=None,
        rates={"MA": (30, 10, 1, 2), "EU": (150, 60, 5, 9), "NA": (220, 90, 7, 14)},
    )
    shipping_profile_set(
        shop_id=pottery.pk,
        actor=None,
        processing_days_min=1,
        processing_days_max=2,
        zones={"MA": {"pricing": "piece", "free_over_mad": "1000"}},
    )
    carpet = VariantFactory(
        product=ProductFactory(
            shop=carpets,
            category=carpets_cat,
            title_en="Beni Ourain carpet",
            title_fr="Tapis Beni Ouarain",
            title_ar="زربية بني وراين",
            weight_grams=6000,
        ),
        price=D("4500.00"),
        stock=3,
    )
    tajine = VariantFactory(
        product=ProductFactory(
            shop=pottery,
            category=tagines_cat,
            title_en="Safi tagine",
            title_fr="Tajine de Safi",
            title_ar="طاجين آسفي",
            weight_grams=1500,
        ),
        price=D("350.00"),
        stock=10,
    )
    product_customs_set(
        product_id=carpet.product_id,
        actor=None,
        hs_code="5701.10",
        composition="100% wool",
        net_weight_grams=5200,
    )
    # The tajine has no customs row: its HS code comes from its category (tagines → pottery).
    return Export(carpets, pottery, carpet, tajine, UserFactory(email="emily@example.com"))


@pytest.fixture
def world(db):
    return export_world()


US = {"name": "Emily Carter", "line1": "12 Main Street", "city": "Columbus",
      "postal_code": "43215", "country": "US"}  # fmt: skip
FR = {"name": "Claire Martin", "line1": "8 rue des Tanneurs", "city": "Lyon",
      "postal_code": "69001", "country": "FR"}  # fmt: skip
ES = {"name": "Lucía García", "line1": "Calle Mayor 5", "city": "Madrid",
      "postal_code": "28013", "country": "ES"}  # fmt: skip
MA = {"name": "Salma Idrissi", "line1": "12 rue Oued Sebou", "city": "Rabat",
      "postal_code": "10000", "country": "MA"}  # fmt: skip
JP = {"name": "Yuki Sato", "line1": "1-2-3 Ginza", "city": "Tokyo",
      "postal_code": "104-0061", "country": "JP"}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_payment_network(settings):
    settings.ORDERS_START_PAYMENT = False
