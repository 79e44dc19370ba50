from decimal import Decimal

import factory

from artisans.models import Artisan, Cooperative, ShippingRate, ShippingZone, Shop, ShopDocument

RIB = "011780000001234567890187"  # a RIB whose key checks


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
        skip_postgeneration_save = True  # the document hook changes no field

    name = factory.Sequence(lambda n: f"Shop {n}")
    slug = factory.Sequence(lambda n: f"shop-{n}")
    artisan = factory.SubFactory(ArtisanFactory)
    region = "marrakech-safi"
    city = "Safi"
    status = Shop.Status.VERIFIED
    commission_rate = Decimal("0.1000")
    payout_holder = factory.LazyAttribute(lambda shop: shop.name)
    payout_rib = RIB

    @factory.post_generation
    def document(shop, create, extracted, **kwargs):
        """A pending shop sent its application with a document (pass document=False: none)."""
        if not create or extracted is False or shop.status != Shop.Status.PENDING:
            return
        from django.core.files.base import ContentFile

        doc = ShopDocument(shop=shop, kind=ShopDocument.Kind.OTHER, content_type="application/pdf")
        doc.file.save("register.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        doc.size = doc.file.size
        doc.save()

    class Params:
        coop = factory.Trait(artisan=None, cooperative=factory.SubFactory(CooperativeFactory))


class ShippingRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingRate

    shop = factory.SubFactory(ShopFactory)
    zone = ShippingZone.MOROCCO
    first_item = Decimal("30.00")
    additional_item = Decimal("10.00")
