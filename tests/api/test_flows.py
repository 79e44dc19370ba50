"""Seller, moderator and review flows through the API, calling the same services as the pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from marketplace.catalogue.models import Product, ProductImage
from marketplace.moderation.models import AuditEntry, Flag
from marketplace.orders.models import ShopOrder
from marketplace.reviews.models import Review
from tests.factories import ProductFactory, VariantFactory

from .conftest import client_for
from .test_authorization import _order
from .test_conventions import _rates

pytestmark = pytest.mark.django_db


def _jpeg(name="p.jpg"):
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), "teal").save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def test_seller_lists_a_product_and_a_moderator_publishes_it(world):
    seller = client_for(world.seller)
    created = seller.post(
        reverse("api:seller_products"),
        {
            "title_ar": "طاجين مزخرف",
            "title_en": "Painted tagine",
            "description_ar": "طاجين مصنوع يدويا",
            "category": world.product.category.slug,
        },
        format="json",
    )
    assert created.status_code == 201
    pid = created.json()["id"]
    variant = seller.post(
        reverse("api:seller_variants", args=[pid]),
        {"options": {"size": "30 cm"}, "price": "320.00", "stock": 4},
        format="json",
    )
    assert variant.json()["price"] == {"amount": "320.00", "currency": "MAD"}
    photos = seller.post(
        reverse("api:seller_photos", args=[pid]),
        {"images": [_jpeg(), _jpeg("b.jpg")], "alt_text": "Painted tagine"},
        format="multipart",
    )
    assert photos.status_code == 201 and len(photos.json()) == 2
    submitted = seller.post(reverse("api:seller_product_submit", args=[pid]))
    assert submitted.json()["status"] == "pending_review"
    slug = submitted.json()["slug"]
    assert client_for().get(reverse("api:product_detail", args=[slug])).status_code == 404

    moderator = client_for(world.moderator)
    queue = moderator.get(reverse("api:mod_products")).json()
    assert pid in [p["id"] for p in queue["results"]]
    assert moderator.get(reverse("api:mod_queues")).json()["products"] == 1
    approved = moderator.post(reverse("api:mod_product_approve", args=[pid]))
    assert approved.status_code == 200 and approved.json()["status"] == "published"
    assert AuditEntry.objects.filter(action="product.approve", object_id=str(pid)).count() == 1
    public = client_for().get(reverse("api:product_detail", args=[slug]))
    assert public.status_code == 200
    assert public.json()["variants"][0]["price"] == {"amount": "320.00", "currency": "MAD"}
    again = moderator.post(reverse("api:mod_product_approve", args=[pid]))
    assert again.status_code == 409


def test_a_rejected_product_carries_the_reason_for_its_seller(world):
    product = ProductFactory(shop=world.shop, status=Product.Status.PENDING_REVIEW)
    response = client_for(world.moderator).post(
        reverse("api:mod_product_reject", args=[product.pk]),
        {"reason_code": "photos", "reason": "Too dark"},
        format="json",
    )
    assert response.status_code == 200
    mine = client_for(world.seller).get(reverse("api:seller_product", args=[product.pk])).json()
    assert mine["status"] == "rejected"
    assert "Too dark" in mine["status_reason"]
    empty = client_for(world.moderator).post(
        reverse("api:mod_product_reject", args=[ProductFactory(shop=world.shop,
                status=Product.Status.PENDING_REVIEW).pk]),
        {},
        format="json",
    )  # fmt: skip
    assert empty.status_code == 400 and empty.json()["code"] == "moderation_reason_required"


def test_upload_of_a_non_image_is_refused_and_stores_nothing(world):
    fake = SimpleUploadedFile("x.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = client_for(world.seller).post(
        reverse("api:seller_photos", args=[world.product.pk]),
        {"images": [_jpeg(), fake]},
        format="multipart",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}
    assert not ProductImage.objects.exists()


def test_seller_accepts_and_ships_its_part(world):
    order = _order(world, "paid")
    seller = client_for(world.seller)
    listed = seller.get(reverse("api:seller_orders")).json()
    assert [o["number"] for o in listed["results"]] == [order.number]
    too_early = seller.post(
        reverse("api:seller_order_ship", args=[order.number]),
        {"carrier": "Amana", "tracking_number": "AM123456785MA"},
        format="json",
    )
    assert too_early.status_code == 409 and too_early.json()["code"] == "forbidden_transition"
    assert seller.post(reverse("api:seller_order_accept", args=[order.number])).status_code == 200
    shipped = seller.post(
        reverse("api:seller_order_ship", args=[order.number]),
        {"carrier": "Amana", "tracking_number": "AM123456785MA"},
        format="json",
    )
    assert shipped.json()["status"] == "shipped"
    assert shipped.json()["tracking_number"] == "AM123456785MA"
    buyer_view = client_for(world.buyer).get(reverse("api:order_detail", args=[order.number]))
    assert buyer_view.json()["shop_orders"][0]["tracking_number"] == "AM123456785MA"
    balance = seller.get(reverse("api:seller_balance")).json()
    assert balance["available"] == {"amount": "0.00", "currency": "MAD"}


def test_reviews_only_for_delivered_lines_once(world):
    paid = _order(world, "paid")
    buyer = client_for(world.buyer)
    line = paid.shop_orders.get().lines.get()
    refused = buyer.post(
        reverse("api:reviews"), {"order_line": line.pk, "rating": 5}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "review_not_delivered"

    delivered = _order(world, "delivered")
    ShopOrder.objects.filter(order=delivered).update(delivered_at=timezone.now())
    line = delivered.shop_orders.get().lines.get()
    assert buyer.get(reverse("api:reviewable")).json()["count"] == 1
    other = client_for(world.other_buyer).post(
        reverse("api:reviews"), {"order_line": line.pk, "rating": 5}, format="json"
    )
    assert other.status_code == 404
    ok = buyer.post(
        reverse("api:reviews"),
        {"order_line": line.pk, "rating": 4, "text": "Lovely"},
        format="json",
    )
    assert ok.status_code == 201 and ok.json()["rating"] == 4
    twice = buyer.post(reverse("api:reviews"), {"order_line": line.pk, "rating": 1}, format="json")
    assert twice.status_code == 409
    assert Review.objects.count() == 1
    listed = client_for().get(reverse("api:product_reviews", args=[world.product.slug])).json()
    assert [r["text"] for r in listed["results"]] == ["Lovely"]
    assert (
        client_for().get(reverse("api:shop_reviews", args=[world.shop.slug])).json()["count"] == 1
    )
    reply = client_for(world.seller).post(
        reverse("api:review_reply", args=[ok.json()["id"]]), {"text": "Thank you"}, format="json"
    )
    assert reply.json()["reply"] == "Thank you"


def test_reports_are_throttled(world, settings):
    _rates(settings, report="2/hour")
    client = client_for()
    body = {"kind": "product", "id": world.product.pk, "reason": "misleading", "note": "x"}
    codes = [client.post(reverse("api:reports"), body, format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Flag.objects.count() == 2
    queue = client_for(world.moderator).get(reverse("api:mod_reports")).json()
    assert queue["results"] == [{"kind": "product", "id": world.product.pk, "count": 2}]
    resolved = client_for(world.moderator).post(
        reverse("api:mod_reports_resolve"),
        {"kind": "product", "id": world.product.pk, "resolution": "hidden", "note": "Fake"},
        format="json",
    )
    assert resolved.json() == {"resolved": 2}
    assert (
        client_for().get(reverse("api:product_detail", args=[world.product.slug])).status_code
        == 404
    )


def test_variant_stock_and_price_rules_come_from_the_service(world):
    seller = client_for(world.seller)
    url = reverse("api:seller_variant", args=[world.product.pk, world.variant.pk])
    assert seller.patch(url, {"price": "0"}, format="json").status_code == 400
    assert seller.patch(url, {"stock": -1}, format="json").status_code == 400
    taken = VariantFactory(product=world.product)
    clash = seller.patch(url, {"sku": taken.sku}, format="json")
    assert clash.status_code == 409 and clash.json()["code"] == "sku_taken"
    world.variant.refresh_from_db()
    assert world.variant.stock == 5
