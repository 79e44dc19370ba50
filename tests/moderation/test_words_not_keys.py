"""Moderators read words in their language, never stored keys; incomplete shops are not verified."""

import pytest

from artisans.models import Shop
from marketplace.core.errors import DomainError
from marketplace.moderation import services
from marketplace.moderation.services import audit_record
from tests.factories import CategoryFactory, ProductFactory

from .helpers import make_moderator, make_seller_shop

pytestmark = pytest.mark.django_db


def test_the_french_audit_log_shows_actions_and_objects_in_words(client):
    mod = make_moderator(language="fr")
    _seller, shop = make_seller_shop()
    audit_record(actor=mod, action="report.dismiss", obj=shop, reason="rien à signaler")
    audit_record(actor=mod, action="payout_settle", obj=shop)
    client.force_login(mod)
    page = client.get("/fr/moderation/audit/").content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Signalement classé sans suite" in table
    assert "Virement réglé" in table
    assert "boutique #" in table  # artisans.shop, named by its model in French
    assert ">report.dismiss<" not in table and "artisans.shop" not in table
    # The filter offers the same words.
    options = page.split('name="action"')[1].split("</select>")[0]
    assert "Signalement classé sans suite" in options


def test_the_french_shop_page_names_product_statuses_and_categories(client):
    mod = make_moderator(language="fr")
    _seller, shop = make_seller_shop()
    pottery = CategoryFactory(title_fr="Poterie", title_en="Pottery", title_ar="فخار")
    ProductFactory(shop=shop, category=pottery, status="pending_review")
    ProductFactory(shop=shop, category=pottery, status="published")
    client.force_login(mod)
    page = client.get(f"/fr/moderation/shops/{shop.pk}/").content.decode()
    assert "pending_review" not in page and "published:" not in page
    assert "En attente de relecture" in page or "En attente" in page
    product_page = client.get("/fr/moderation/products/").content.decode()
    assert "Poterie" in product_page and "Pottery" not in product_page


def test_a_shop_without_document_or_payout_account_cannot_be_verified(client):
    mod = make_moderator(language="en")
    _seller, shop = make_seller_shop(status="pending")
    shop.documents.all().delete()
    Shop.objects.filter(pk=shop.pk).update(payout_rib="")
    client.force_login(mod)
    page = client.get(f"/en/moderation/shops/{shop.pk}/").content.decode()
    assert 'data-testid="verify-missing"' in page
    assert "no supporting document" in page and "no payout account" in page
    assert f"/moderation/shops/{shop.pk}/verify/" not in page
    with pytest.raises(DomainError) as err:
        services.shop_verify(shop_id=shop.pk, actor=mod)
    assert err.value.code == "moderation_shop_incomplete" and err.value.status == 409
    response = client.post(f"/en/moderation/shops/{shop.pk}/verify/")
    assert response.status_code == 409
    shop.refresh_from_db()
    assert shop.status == Shop.Status.PENDING


def test_a_complete_application_is_offered_verification(client):
    mod = make_moderator(language="en")
    _seller, shop = make_seller_shop(status="pending")
    client.force_login(mod)
    page = client.get(f"/en/moderation/shops/{shop.pk}/").content.decode()
    assert f"/moderation/shops/{shop.pk}/verify/" in page
