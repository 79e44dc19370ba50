"""The demo command loads a believable marketplace, and running it again changes nothing."""

import pytest
from django.core.management import call_command

from artisans.models import Cooperative, Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product, ProductImage, Variant
from marketplace.conversations.models import Commission, Message, Quote

pytestmark = pytest.mark.django_db


def _counts():
    return {
        "users": User.objects.count(),
        "shops": Shop.objects.count(),
        "coops": Cooperative.objects.count(),
        "products": Product.objects.count(),
        "variants": Variant.objects.count(),
        "images": ProductImage.objects.count(),
        "messages": Message.objects.count(),
    }


def test_seed_demo_is_idempotent_and_believable():
    call_command("seed_demo", quiet=True)
    first = _counts()
    call_command("seed_demo", quiet=True)
    assert _counts() == first

    assert first["shops"] >= 12
    assert first["coops"] >= 4
    assert Cooperative.objects.filter(women_led=True).count() >= 3
    published = Product.objects.filter(status=Product.Status.PUBLISHED)
    assert published.count() >= 150
    # Weighted like the export mix: pottery first, then carpets, then clothing.
    pottery = published.filter(category__parent__slug="pottery").count()
    carpets = published.filter(category__parent__slug="carpets").count()
    clothing = published.filter(category__parent__slug="clothing").count()
    assert pottery > carpets > clothing > published.filter(category__slug="jewellery").count()
    # Every product has 1–4 photos with renditions, and text in three languages.
    for product in published.prefetch_related("images"):
        assert 1 <= len(product.images.all()) <= 4
        assert product.title_ar and product.title_fr and product.title_en
        assert all(image.renditions.get("card") for image in product.images.all())
    assert not Variant.objects.filter(price__lte=0).exists()
    for email in ["admin@souk.test", "moderator@souk.test", "artisan@souk.test",
                  "artisan2@souk.test", "coop@souk.test", "buyer@souk.test"]:  # fmt: skip
        assert User.objects.get(email=email).check_password("souk-demo")
    assert User.objects.get(email="artisan@souk.test").artisan.shop.status == "verified"
    assert User.objects.get(email="moderator@souk.test").is_moderator
    # The drawn photos differ from one another (not one picture repeated).
    originals = [img.original.read() for img in ProductImage.objects.order_by("pk")[:40]]
    assert len({hash(data) for data in originals}) == len(originals)
    # A conversation, an open quote and a carpet being made with two progress photos.
    commission = Commission.objects.get(buyer__email="buyer@souk.test")
    assert commission.status == "in_progress" and commission.due_at is not None
    assert commission.messages.filter(kind="progress", photos__isnull=False).count() == 2
    assert Quote.objects.filter(status="open").exists()
    assert Message.objects.filter(masked=True, shown__contains="⟦phone⟧").exists()
    # Provenance: the label registry, claims in every state, a certificate that verifies and
    # shows a maker's confirmed pay, a disputed payment for the moderators.
    from marketplace.provenance import signing
    from marketplace.provenance.models import Certificate, Label, LabelClaim, SigningKey

    assert Label.objects.count() >= 6
    statuses = set(LabelClaim.objects.values_list("status", flat=True))
    assert {"verified", "pending", "refused"} <= statuses
    certificate = Certificate.objects.get(code="TFWN-AZ2R-UG7K")
    key = SigningKey.objects.get(kid=certificate.kid)
    assert signing.verify(key.public_key, certificate.payload, certificate.signature)
    assert certificate.payload["maker_pay"] and certificate.payload["labels"]
    assert Certificate.objects.count() > 10  # every shipped demo piece has one
    from marketplace.provenance.models import MemberPayment

    assert set(MemberPayment.objects.values_list("status", flat=True)) == {
        "confirmed",
        "disputed",
    }
    # buyer@souk.test comes back to favourites, a followed shop, an alert and two addresses.
    buyer = User.objects.get(email="buyer@souk.test")
    assert buyer.favourites.count() == 3
    assert buyer.follows.filter(shop__slug="tifawin-azilal", digest=True).exists()
    assert buyer.stock_alerts.filter(notified_at__isnull=True, variant__stock=0).count() == 1
    assert buyer.addresses.count() == 2 and buyer.addresses.filter(is_default=True).count() == 1
    assert buyer.alert_settings.cart_reminder
