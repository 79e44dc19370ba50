from decimal import Decimal

import factory

from artisans.models import Artisan, Cooperative, ShippingRate, ShippingZone, Shop


class ArtisanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Artisan

    name = factory.Sequence(lambda n: f"Artisan {n}")
    slug = factory.Sequence(lambda n: f"artisan-{n}")
    craft = "pottery"
    region = "marrakech-safi"
    city = "Safi"


class CooperativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cooperative

    name = factory.Sequence(lambda n: f"Cooperative {n}")
    slug = factory.Sequence(lambda n: f"coop-{n}")
    registration_number = factory.Sequence(lambda n: f"COOP-{n:05d}")
    region = "beni-mellal-khenifra"
    city = "Azilal"
    founded_year = 2010
    women_led = True


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    artisan = factory.SubFactory(ArtisanFactory)
    region = "marrakech-safi"
    city = "Safi"
    status = Shop.Status.VERIFIED
    commission_rate = Decimal("0.1000")

    class Params:
        coop = factory.Trait(artisan=None, cooperative=factory.SubFactory(CooperativeFactory))


class ShippingRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingRate

    shop = factory.SubFactory(ShopFactory)
    zone = ShippingZone.MOROCCO
    first_item = Decimal("30.00")
    additional_item = Decimal("10.00")
