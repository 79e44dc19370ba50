"""A seller handles its own part of orders: new first, accept, ship, cancel, packing slip."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from marketplace.orders.models import ShopOrder
from payments.models import Payment
from tests.factories import ShopFactory, VariantFactory
from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_order(owner, product):
    so = ShopOrderFactory(shop=owner.shop, status="paid", paid_at=timezone.now())
    OrderLineFactory(shop_order=so, variant=product.variants.first(), product=product, quantity=2)
    return so


def test_new_orders_come_first_and_other_shops_parts_are_hidden(login, owner, paid_order):
    old = ShopOrderFactory(shop=owner.shop, status="shipped")
    ShopOrder.objects.filter(pk=old.pk).update(created_at=timezone.now() + timedelta(hours=1))
    ShopOrderFactory(shop=owner.shop, status="pending_payment")  # not paid: not shown
    # The same order also has a part from another shop, with its own lines.
    Payment.objects.create(
        order=paid_order.order,
        intent_id="pi_secret_intent",
        client_secret="pi_secret_intent_secret_x",
        charge_id="ch_secret_charge",
        amount=Decimal("300.00"),
        currency="MAD",
    )
    other = ShopOrderFactory(order=paid_order.order, shop=ShopFactory(), status="paid")
    OrderLineFactory(shop_order=other, title="Other shop's carpet")
    page = login(owner).get(reverse("artisans:orders")).content.decode()
    assert page.index(paid_order.order.number) < page.index(old.order.number)
    assert page.count('<a class="order-row') == 2
    detail = login(owner).get(reverse("artisans:order", args=[paid_order.order.number]))
    body = detail.content.decode()
    assert "Other shop&#x27;s carpet" not in body and "Other shop's carpet" not in body
    assert "pi_secret_intent" not in body and "ch_secret_charge" not in body
    assert "Visa" not in body


def test_accept_then_ship_with_tracking(login, owner, paid_order):
    client = login(owner)
    number = paid_order.order.number
    client.post(reverse("artisans:order_accept", args=[number]))
    paid_order.refresh_from_db()
    assert paid_order.status == "accepted"
    r = client.post(
        reverse("artisans:order_ship", args=[number]), {"carrier": "", "tracking_number": ""}
    )
    paid_order.refresh_from_db()
    assert paid_order.status == "accepted"  # refused without tracking
    client.post(
        reverse("artisans:order_ship", args=[number]),
        {"carrier": "amana", "tracking_number": "RR123456785MA"},
    )
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.carrier, paid_order.tracking_number) == (
        "shipped",
        "amana",
        "RR123456785MA",
    )
    assert r.status_code == 302


def test_cancel_needs_a_reason_and_returns_stock(login, owner, paid_order, product):
    client = login(owner)
    variant = product.variants.first()
    stock = variant.stock
    number = paid_order.order.number
    client.post(reverse("artisans:order_cancel", args=[number]), {"reason": ""})
    paid_order.refresh_from_db()
    assert paid_order.status == "paid"
    client.post(reverse("artisans:order_cancel", args=[number]), {"reason": "Le pot s'est fendu"})
    paid_order.refresh_from_db()
    assert paid_order.status in ("cancelled", "refunded")
    assert paid_order.cancel_reason == "Le pot s'est fendu"
    variant.refresh_from_db()
    assert variant.stock == stock + 2


def test_shipping_a_delivered_order_is_refused_with_a_message(login, owner, paid_order):
    ShopOrder.objects.filter(pk=paid_order.pk).update(status="delivered")
    client = login(owner)
    r = client.post(
        reverse("artisans:order_ship", args=[paid_order.order.number]),
        {"carrier": "amana", "tracking_number": "RR123456785MA"},
        follow=True,
    )
    assert r.status_code == 200
    paid_order.refresh_from_db()
    assert paid_order.status == "delivered"
    assert list(r.context["messages"])


def test_packing_slip_lists_lines_and_address(login, owner, paid_order):
    r = login(owner).get(reverse("artisans:packing_slip", args=[paid_order.order.number]))
    body = r.content.decode()
    assert r.status_code == 200
    assert paid_order.order.ship_name in body and paid_order.order.number in body
    assert paid_order.lines.first().sku in body


def test_dashboard_figures(login, owner, paid_order, product):
    VariantFactory(product=product, stock=1, sku="LOW-1")
    product.status = "rejected"
    product.status_reason = "Photo floue"
    product.save()
    ShopOrderFactory(
        order=OrderFactory(), shop=owner.shop, status="delivered", subtotal_mad=Decimal("100.00")
    )
    r = login(owner).get(reverse("artisans:dashboard"))
    figures = r.context["figures"]
    assert figures["sales_30d"] == Decimal("350.00")
    assert figures["orders_30d"] == 2
    assert figures["new_orders"] == 1
    assert figures["best_sellers"][0]["pieces"] == 2
    assert "Photo floue" in r.content.decode()
    assert r.context["money"]["balance"]["available"] == Decimal("0.00")
