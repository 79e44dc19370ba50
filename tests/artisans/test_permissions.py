"""Authorisation matrix: every seller page and action, for owner / other seller / buyer / anonymous.

The owner succeeds; a seller of another shop gets 404; a buyer gets 404; an anonymous visitor
is sent to log in. Sellers cannot change staff-only fields, even by posting them.
"""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from artisans.models import CooperativeInvite, Membership, Shop, ShopDocument
from marketplace.catalogue.models import Product, ProductImage
from tests.factories import ArtisanFactory, ShopFactory, UserFactory
from tests.factories.orders import OrderLineFactory, ShopOrderFactory

from . import imagegen

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(owner, product, coop_manager):
    """Objects of the owner's shop (and a cooperative) that every route points at."""
    variant = product.variants.first()
    image = ProductImage(product=product, width=10, height=10)
    image.original.save("x.jpg", ContentFile(imagegen.jpeg_with_gps()), save=False)
    image.save()
    doc = ShopDocument.objects.create(
        shop=owner.shop,
        kind="register",
        file="shop-documents/x.pdf",
        content_type="application/pdf",
    )
    shop_order = ShopOrderFactory(shop=owner.shop, status="paid")
    OrderLineFactory(shop_order=shop_order, variant=variant, product=product)
    coop = coop_manager.shop.cooperative
    member = Membership.objects.create(cooperative=coop, artisan=ArtisanFactory(), role="member")
    invite = CooperativeInvite.objects.create(
        cooperative=coop, email="x@example.com", token="tok-1", invited_by=coop_manager
    )
    return {
        "product": product.pk,
        "variant": variant.pk,
        "image": image.pk,
        "doc": doc.pk,
        "number": shop_order.order.number,
        "member": member.pk,
        "invite": invite.pk,
    }


P = "product"
# (url name, args from the world, method, data, whose: "artisan" or "coop")
ROUTES = [
    ("application", [], "get", None, "artisan"),
    ("identity", [], "get", None, "artisan"),
    ("documents", [], "get", None, "artisan"),
    ("document_delete", ["doc"], "post", {}, "artisan"),
    ("application_submit", [], "post", {}, "artisan"),
    ("dashboard", [], "get", None, "artisan"),
    ("settings", [], "get", None, "artisan"),
    ("settings", [], "post", {"story": "Hacked", "tagline": "x"}, "artisan"),
    ("shipping", [], "get", None, "artisan"),
    ("cash_on_delivery", [], "get", None, "artisan"),
    ("cash_on_delivery", [], "post", {"enabled": "on", "fee_mad": "10"}, "artisan"),
    ("payout", [], "get", None, "artisan"),
    ("payout", [], "post", {"holder": "X", "rib": "011780000001234567890187"}, "artisan"),
    ("products", [], "get", None, "artisan"),
    ("product_new", [], "get", None, "artisan"),
    ("product", [P], "get", None, "artisan"),
    ("product_text", [P], "get", None, "artisan"),
    ("product_text", [P], "post", {"title_ar": "مخترق"}, "artisan"),
    ("product_details", [P], "get", None, "artisan"),
    ("variants", [P], "get", None, "artisan"),
    ("variants", [P], "post", {"price": "10", "stock": "1"}, "artisan"),
    ("variant_edit", [P, "variant"], "get", None, "artisan"),
    ("variant_edit", [P, "variant"], "post", {"price": "1", "stock": "0"}, "artisan"),
    ("variant_delete", [P, "variant"], "post", {}, "artisan"),
    ("photos", [P], "get", None, "artisan"),
    ("photo_edit", [P, "image"], "post", {"alt_text": "x"}, "artisan"),
    ("photo_move", [P, "image"], "post", {"direction": "up"}, "artisan"),
    ("photos_order", [P], "post", {"order": "@image"}, "artisan"),
    ("photo_delete", [P, "image"], "post", {}, "artisan"),
    ("product_submit", [P], "post", {}, "artisan"),
    ("product_duplicate", [P], "post", {}, "artisan"),
    ("product_archive", [P], "post", {}, "artisan"),
    ("orders", [], "get", None, "artisan"),
    ("order", ["number"], "get", None, "artisan"),
    ("order_accept", ["number"], "post", {}, "artisan"),
    (
        "order_ship",
        ["number"],
        "post",
        {"carrier": "amana", "tracking_number": "RR123456785MA"},
        "artisan",
    ),
    ("order_cancel", ["number"], "post", {"reason": "Broken"}, "artisan"),
    ("packing_slip", ["number"], "get", None, "artisan"),
    ("members", [], "get", None, "coop"),
    ("members", [], "post", {"email": "new@example.com", "role": "member"}, "coop"),
    ("member_role", ["member"], "post", {"role": "manager"}, "coop"),
    ("member_remove", ["member"], "post", {}, "coop"),
    ("invite_cancel", ["invite"], "post", {}, "coop"),
]
IDS = [f"{r[0]}-{r[2]}" for r in ROUTES]


def _request(client, world, name, args, method, data):
    # Object-less pages (dashboard, settings …) act on "your shop": the other seller reaches
    # their own; the matrix for those checks buyer and anonymous, and the object pages below.
    url = reverse(f"artisans:{name}", args=[world[a] for a in args])
    # "@name" in the data stands for an object of the world (e.g. a photo's id).
    data = {
        k: world[v[1:]] if isinstance(v, str) and v.startswith("@") else v
        for k, v in (data or {}).items()
    }
    return url, getattr(client, method)(url, data)


@pytest.mark.parametrize("name,args,method,data,whose", ROUTES, ids=IDS)
def test_owner_succeeds(client, login, world, owner, coop_manager, name, args, method, data, whose):
    login(owner if whose == "artisan" else coop_manager)
    _url, response = _request(client, world, name, args, method, data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "/account/login/" not in response["Location"]


OBJECT_ROUTES = [r for r in ROUTES if r[1]]


@pytest.mark.parametrize(
    "name,args,method,data,whose", OBJECT_ROUTES, ids=[f"{r[0]}-{r[2]}" for r in OBJECT_ROUTES]
)
def test_seller_of_another_shop_gets_404_and_changes_nothing(
    client, login, world, owner, other_seller, coop_manager, name, args, method, data, whose
):
    intruder = other_seller
    if whose == "coop":  # another cooperative's manager
        intruder = UserFactory()
        from tests.factories import CooperativeFactory

        coop = CooperativeFactory()
        Membership.objects.create(
            cooperative=coop, artisan=ArtisanFactory(user=intruder), role="manager"
        )
        ShopFactory(coop=True, cooperative=coop)
    before = _snapshot()
    login(intruder)
    _url, response = _request(client, world, name, args, method, data)
    assert response.status_code == 404
    assert _snapshot() == before


def _snapshot():
    from marketplace.catalogue.models import Variant
    from marketplace.orders.models import ShopOrder

    return (
        list(Product.objects.order_by("pk").values_list("pk", "status", "title_ar")),
        list(Variant.objects.order_by("pk").values_list("pk", "price", "stock")),
        list(ProductImage.objects.order_by("pk").values_list("pk", "position", "alt_text")),
        list(ShopDocument.objects.values_list("pk", flat=True)),
        list(ShopOrder.objects.values_list("pk", "status")),
        list(Membership.objects.order_by("pk").values_list("pk", "role")),
        list(CooperativeInvite.objects.values_list("pk", "cancelled_at")),
    )


@pytest.mark.parametrize("name,args,method,data,whose", ROUTES, ids=IDS)
def test_buyer_gets_404(client, login, world, buyer, name, args, method, data, whose):
    before = _snapshot()
    login(buyer)
    _url, response = _request(client, world, name, args, method, data)
    assert response.status_code in (403, 404)
    assert _snapshot() == before


@pytest.mark.parametrize("name,args,method,data,whose", ROUTES, ids=IDS)
def test_anonymous_is_sent_to_log_in(client, world, name, args, method, data, whose):
    before = _snapshot()
    _url, response = _request(client, world, name, args, method, data)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert _snapshot() == before


MANAGER_ONLY = ["orders", "settings", "payout", "shipping", "members"]


@pytest.mark.parametrize("name", MANAGER_ONLY)
def test_cooperative_member_role_cannot_reach_manager_pages(client, login, coop_member, name):
    login(coop_member)
    assert client.get(reverse(f"artisans:{name}")).status_code == 404


def test_cooperative_member_can_list_products(client, login, coop_member):
    login(coop_member)
    assert client.get(reverse("artisans:products")).status_code == 200
    assert client.get(reverse("artisans:product_new")).status_code == 200


def test_staff_fields_are_ignored_when_posted(client, login, owner, other_seller, product):
    login(owner)
    shop = owner.shop
    shop.status = Shop.Status.PENDING
    shop.save()
    staff = {
        "status": "published",
        "shop": other_seller.shop.pk,
        "shop_id": other_seller.shop.pk,
        "featured": "on",
        "commission_rate": "0",
        "payouts_paused": "on",
        "rating_avg": "5",
        "price": "1",
    }
    Product.objects.filter(pk=product.pk).update(status=Product.Status.DRAFT)
    client.post(reverse("artisans:product_text", args=[product.pk]), {"title_ar": "جديد", **staff})
    client.post(
        reverse("artisans:product_details", args=[product.pk]),
        {"category": product.category_id, "region": "fes-meknes", "weight_grams": "10", **staff},
    )
    client.post(
        reverse("artisans:payout"),
        {"holder": "Owner", "rib": "011780000001234567890187", **staff},
    )
    client.post(reverse("artisans:settings"), {"story": "Clay from Safi", **staff})
    product.refresh_from_db()
    shop.refresh_from_db()
    assert product.title_ar == "جديد" and product.region == "fes-meknes"
    assert product.status == Product.Status.DRAFT
    assert product.shop_id == shop.pk
    assert product.featured is False
    assert product.rating_avg == Decimal("0")
    assert shop.status == Shop.Status.PENDING
    assert shop.commission_rate == Decimal("0.1000")
    assert shop.payouts_paused is False
    assert shop.story == "Clay from Safi" and shop.payout_rib == "011780000001234567890187"
