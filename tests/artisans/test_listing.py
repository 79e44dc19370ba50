"""Listing products: create, per-language text, variants, submit, duplicate, published edits."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from artisans.models import Shop
from marketplace.catalogue.models import Product, ProductImage, Variant
from tests.factories import ArtisanFactory, CategoryFactory, MaterialFactory

from . import imagegen

pytestmark = pytest.mark.django_db


def test_create_product_needs_arabic_title(login, owner):
    client = login(owner)
    category = CategoryFactory()
    r = client.post(reverse("artisans:product_new"), {"category": category.pk, "title_ar": ""})
    assert r.status_code == 400
    assert not Product.objects.exists()
    r = client.post(
        reverse("artisans:product_new"),
        {"category": category.pk, "title_ar": "زربية", "description_ar": "صوف طبيعي"},
    )
    product = Product.objects.get()
    assert r.url == reverse("artisans:product", args=[product.pk])
    assert (product.status, product.shop_id, product.maker_id) == (
        "draft",
        owner.shop.pk,
        owner.shop.artisan_id,
    )


def test_full_listing_then_submit(login, owner, django_capture_on_commit_callbacks):
    client = login(owner)
    category = CategoryFactory()
    clay = MaterialFactory()
    client.post(reverse("artisans:product_new"), {"category": category.pk, "title_ar": "طاجين"})
    product = Product.objects.get()
    r = client.post(reverse("artisans:product_submit", args=[product.pk]), follow=True)
    assert "Before sending for review" in r.content.decode()
    client.post(
        reverse("artisans:product_text", args=[product.pk]),
        {"title_ar": "طاجين", "description_ar": "طين آسفي", "title_fr": "Tajine", "title_en": ""},
    )
    client.post(
        reverse("artisans:product_details", args=[product.pk]),
        {
            "category": category.pk,
            "materials": [clay.pk],
            "technique": "Tournage",
            "region": "marrakech-safi",
            "dimensions": "30 × 20 cm",
            "weight_grams": "1800",
            "made_to_order": "on",
            "lead_time_days": "14",
        },
    )
    for size, price, stock in (("S", "180", "3"), ("L", "260.50", "0")):
        client.post(
            reverse("artisans:variants", args=[product.pk]),
            {"size": size, "price": price, "stock": stock},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("artisans:photos", args=[product.pk]),
            {"photos": [SimpleUploadedFile("a.jpg", imagegen.jpeg_with_gps(), "image/jpeg")]},
        )
    product.refresh_from_db()
    assert product.title_fr == "Tajine" and product.lead_time_days == 14
    assert list(product.materials.all()) == [clay]
    assert product.price == Decimal("180.00") and product.in_stock
    assert product.search_text  # the search index was refreshed
    assert [v.options for v in product.variants.all()] == [{"size": "S"}, {"size": "L"}]
    client.post(reverse("artisans:product_submit", args=[product.pk]))
    product.refresh_from_db()
    assert product.status == "pending_review"


def test_variant_changes_refresh_the_summary(login, owner, product):
    client = login(owner)
    variant = product.variants.get()
    client.post(
        reverse("artisans:variant_edit", args=[product.pk, variant.pk]),
        {"price": "99.90", "stock": "0", "colour": "Bleu"},
    )
    product.refresh_from_db()
    assert product.price == Decimal("99.90") and not product.in_stock
    assert product.status == "published"  # price/stock changes need no new review
    r = client.post(
        reverse("artisans:variant_edit", args=[product.pk, variant.pk]),
        {"price": "-1", "stock": "-3"},
    )
    assert r.status_code == 400
    variant.refresh_from_db()
    assert variant.price == Decimal("99.90")


def test_sku_must_be_unique_in_the_shop(login, owner, product):
    client = login(owner)
    taken = product.variants.get().sku
    r = client.post(
        reverse("artisans:variants", args=[product.pk]),
        {"price": "10", "stock": "1", "sku": taken},
    )
    assert r.status_code == 400 and "already uses this SKU" in r.content.decode()
    assert product.variants.count() == 1


def test_text_change_on_published_product_hides_it_until_reviewed(login, owner, product):
    client = login(owner)
    client.post(
        reverse("artisans:product_text", args=[product.pk]),
        {"title_ar": "طاجين جديد", "description_ar": "وصف"},
    )
    product.refresh_from_db()
    assert product.status == "pending_review"
    assert not Product.objects.filter(pk=product.pk, status="published").exists()


def test_duplicate_copies_text_variants_and_photos(
    login, owner, product, django_capture_on_commit_callbacks
):
    client = login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("artisans:photos", args=[product.pk]),
            {"photos": [SimpleUploadedFile("a.png", imagegen.png(), "image/png")]},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("artisans:product_duplicate", args=[product.pk]))
    copy = Product.objects.exclude(pk=product.pk).get()
    assert copy.status == "draft" and copy.title_ar == product.title_ar
    assert copy.variants.count() == 1 and copy.variants.get().sku != product.variants.get().sku
    original, clone = ProductImage.objects.order_by("pk")
    assert clone.product == copy and clone.original.name != original.original.name
    assert clone.ready


def test_cooperative_product_names_a_member_as_maker(login, coop_member, coop_manager):
    client = login(coop_manager)
    outsider = ArtisanFactory()
    client.post(
        reverse("artisans:product_new"), {"category": CategoryFactory().pk, "title_ar": "زربية"}
    )
    product = Product.objects.get()
    member = coop_manager.artisan
    r = client.post(
        reverse("artisans:product_details", args=[product.pk]),
        {
            "category": product.category_id,
            "maker": outsider.pk,
            "region": "fes-meknes",
            "weight_grams": "1",
        },
    )
    assert r.status_code == 400
    product.refresh_from_db()
    assert product.maker_id == member.pk
    client.post(
        reverse("artisans:product_details", args=[product.pk]),
        {
            "category": product.category_id,
            "maker": coop_member.artisan.pk,
            "region": "fes-meknes",
            "weight_grams": "1",
        },
    )
    product.refresh_from_db()
    assert product.maker_id == coop_member.artisan.pk


def test_suspended_shop_cannot_list(login, owner):
    Shop.objects.filter(pk=owner.shop.pk).update(status=Shop.Status.SUSPENDED)
    client = login(owner)
    client.post(
        reverse("artisans:product_new"), {"category": CategoryFactory().pk, "title_ar": "طاجين"}
    )
    assert not Product.objects.exists()
    assert not Variant.objects.exists()
