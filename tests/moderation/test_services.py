"""Moderation decisions: what buyers see afterwards, what the seller is told, what is audited."""

import pytest

from artisans.models import Shop
from marketplace.catalogue.models import Product
from marketplace.catalogue.selectors import products_public
from marketplace.core.errors import DomainError
from marketplace.core.models import OutboxEmail
from marketplace.moderation import services
from marketplace.moderation.models import AuditEntry
from tests.factories import ProductFactory

from .helpers import make_moderator, make_pending_product, make_seller_shop

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return list(AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)))


def test_approved_product_becomes_visible_and_is_audited_once():
    mod = make_moderator()
    _seller, shop = make_seller_shop()
    product = make_pending_product(shop)
    assert product not in products_public()

    services.product_approve(product_id=product.pk, actor=mod)

    assert product in products_public()
    product.refresh_from_db()
    assert product.published_at is not None
    [entry] = entries_for(product)
    assert entry.action == "product.approve" and entry.actor == mod
    assert entry.changes == {"status": ["pending_review", "published"]}


def test_rejected_product_never_shows_and_seller_gets_reason_in_their_language():
    mod = make_moderator()
    seller, shop = make_seller_shop(language="fr")
    product = make_pending_product(shop)

    services.product_reject(
        product_id=product.pk, actor=mod, reason="Fond trop sombre.", reason_code="photos"
    )

    assert product not in products_public()
    product.refresh_from_db()
    assert product.status == Product.Status.REJECTED
    # The chosen reason's label is in the seller's language (French), with the free text.
    assert "Fond trop sombre." in product.status_reason
    [mail] = OutboxEmail.objects.filter(to_email=seller.email)
    assert mail.language == "fr"
    assert "Fond trop sombre." in mail.body_text
    [entry] = entries_for(product)
    assert entry.action == "product.reject"
    assert entry.changes["status"] == ["pending_review", "rejected"]
    assert "Fond trop sombre." in entry.reason
    # Approving it afterwards is refused (409) and writes nothing more.
    with pytest.raises(DomainError) as exc:
        services.product_approve(product_id=product.pk, actor=mod)
    assert exc.value.status == 409
    assert len(entries_for(product)) == 1
    assert product not in products_public()


def test_reject_without_reason_is_refused_and_changes_nothing():
    mod = make_moderator()
    _seller, shop = make_seller_shop()
    product = make_pending_product(shop)
    with pytest.raises(DomainError):
        services.product_reject(product_id=product.pk, actor=mod, reason="  ")
    product.refresh_from_db()
    assert product.status == "pending_review"
    assert not AuditEntry.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_suspension_hides_every_product_pauses_payouts_and_lifting_restores():
    mod = make_moderator()
    seller, shop = make_seller_shop(language="es")
    products = [ProductFactory(shop=shop) for _ in range(3)]
    assert set(products_public()) == set(products)

    services.shop_suspend(shop_id=shop.pk, actor=mod, reason="", reason_code="fraud")
    shop.refresh_from_db()
    assert shop.status == Shop.Status.SUSPENDED and shop.payouts_paused
    assert not products_public().exists()
    [entry] = entries_for(shop)
    assert entry.action == "shop.suspend"
    assert entry.changes == {
        "status": ["verified", "suspended"],
        "status_reason": ["", shop.status_reason],
        "payouts_paused": ["False", "True"],
    }
    assert OutboxEmail.objects.filter(to_email=seller.email, language="es").count() == 1

    services.shop_reinstate(shop_id=shop.pk, actor=mod)
    shop.refresh_from_db()
    assert shop.status == Shop.Status.VERIFIED and not shop.payouts_paused
    assert set(products_public()) == set(products)
    assert entries_for(shop)[0].changes["payouts_paused"] == ["True", "False"]
    assert len(entries_for(shop)) == 2


def test_shop_verify_and_reject():
    mod = make_moderator()
    _seller, pending = make_seller_shop(status="pending")
    services.shop_verify(shop_id=pending.pk, actor=mod)
    pending.refresh_from_db()
    assert pending.status == "verified" and pending.verified_at
    assert [e.changes["status"] for e in entries_for(pending)] == [["pending", "verified"]]

    _s2, other = make_seller_shop(status="pending", language="en")
    services.shop_reject(shop_id=other.pk, actor=mod, reason="Blurry scan", reason_code="documents")
    other.refresh_from_db()
    assert other.status == "rejected"
    assert other.status_reason == "Documents missing or unreadable — Blurry scan"
    # A verified shop cannot be "verified" again: 409, no second entry.
    with pytest.raises(DomainError):
        services.shop_verify(shop_id=pending.pk, actor=mod)
    assert len(entries_for(pending)) == 1


def test_bulk_actions_write_one_entry_per_product_and_skip_decided_ones():
    mod = make_moderator()
    _seller, shop = make_seller_shop()
    pending = [make_pending_product(shop) for _ in range(3)]
    published = ProductFactory(shop=shop)
    done, skipped = services.product_bulk_approve(
        product_ids=[p.pk for p in pending] + [published.pk], actor=mod
    )
    assert (done, skipped) == (3, 1)
    assert AuditEntry.objects.filter(action="product.approve").count() == 3
    assert not entries_for(published)

    more = [make_pending_product(shop) for _ in range(2)]
    done, _ = services.product_bulk_reject(
        product_ids=[p.pk for p in more], actor=mod, reason="dup", reason_code="duplicate"
    )
    assert done == 2
    assert Product.objects.filter(pk__in=[p.pk for p in more], status="rejected").count() == 2
    assert AuditEntry.objects.filter(action="product.reject").count() == 2


def test_audit_entries_cannot_be_changed_or_deleted():
    mod = make_moderator()
    _seller, shop = make_seller_shop()
    product = make_pending_product(shop)
    services.product_approve(product_id=product.pk, actor=mod)
    entry = AuditEntry.objects.get()
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().reason == ""
