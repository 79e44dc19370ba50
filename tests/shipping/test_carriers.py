"""Tracking numbers checked per carrier, and a working tracking link per carrier."""

import pytest
from django.test import Client
from django.urls import reverse

from marketplace.core.models import OutboxEmail
from marketplace.orders import services
from marketplace.shipping.carriers import CARRIERS, s10_number, tracking_link
from marketplace.shipping.errors import ShippingError
from marketplace.shipping.services import tracking_number_check
from tests.api.conftest import client_for

from .conftest import US


@pytest.mark.parametrize(
    ("carrier", "good", "bad"),
    [
        ("amana", "EE123456785MA", ["EE123456789MA", "EE123456785FR", "EE12345678MA", "1Z"]),
        ("dhl", "1234567890", ["123456789", "12345678901", "EE123456785MA"]),
        ("chronopost", "XA123456785FR", ["XA123456789FR", "123456785FR"]),
        ("aramex", "12345678901", ["123456789", "1234567890123", "AB12345678"]),
        ("ups", "1Z999AA10123456784", ["1Z999AA10123456785", "1Z999AA1012345678", "999AA10"]),
        ("other", "AB12345", ["AB1", "***"]),
    ],
)
def test_a_number_of_the_wrong_format_for_its_carrier_is_refused(carrier, good, bad):
    assert tracking_number_check(carrier=carrier, number=good) == (carrier, good)
    for number in bad:
        with pytest.raises(ShippingError) as refused:
            tracking_number_check(carrier=carrier, number=number)
        assert refused.value.status == 422 and refused.value.code == "invalid_tracking"
        assert refused.value.fields == {"tracking_number": ["format"]}


def test_numbers_are_read_as_carriers_print_them():
    assert tracking_number_check(carrier="amana", number=" ee 1234 5678 5ma ") == (
        "amana",
        "EE123456785MA",
    )
    assert tracking_number_check(carrier="DHL", number="12345-67890") == ("dhl", "1234567890")
    with pytest.raises(ShippingError) as refused:
        tracking_number_check(carrier="pigeon", number="1234567890")
    assert refused.value.code == "invalid_carrier"


@pytest.mark.parametrize(
    ("carrier", "number", "link"),
    [
        ("amana", "EE123456785MA",
         "https://bam-tracking.barid.ma/Tracking/Search?trackingCode=EE123456785MA"),
        ("dhl", "1234567890", "https://www.dhl.com/global-en/home/tracking/tracking-express.html"
         "?submit=1&tracking-id=1234567890"),
        ("chronopost", "XA123456785FR",
         "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT=XA123456785FR"),
        ("aramex", "12345678901", "https://www.aramex.com/track/results?ShipmentNumber=12345678901"),
        ("ups", "1Z999AA10123456784", "https://www.ups.com/track?tracknum=1Z999AA10123456784"),
        ("other", "AB12345", ""),
        # Orders shipped before the registry stored the carrier's name.
        ("Amana", "EE123456785MA",
         "https://bam-tracking.barid.ma/Tracking/Search?trackingCode=EE123456785MA"),
        ("Poste Maroc EMS", "EE123456785MA", ""),
    ],
)  # fmt: skip
def test_tracking_links_per_carrier(carrier, number, link):
    assert tracking_link(carrier, number) == link


def test_every_carriers_example_passes_its_own_check():
    for carrier in CARRIERS.values():
        assert carrier.accepts(carrier.normalise(carrier.example)), carrier.code
    assert CARRIERS["amana"].accepts(s10_number("CP", 4107))


def _accepted_order(world):
    cart = services.cart_get_or_create(user=world.buyer)
    services.cart_add(cart=cart, variant_id=world.tajine.pk, quantity=1)
    order = services.order_place(
        cart=cart, email=world.buyer.email, address=US, currency="USD", buyer=world.buyer,
        language="en",
    )  # fmt: skip
    services.order_mark_paid(order_id=order.pk)
    part = order.shop_orders.get()
    services.shop_order_accept(shop_order_id=part.pk, actor=None)
    return order, part


def test_a_wrong_number_leaves_the_order_unshipped(world):
    _order, part = _accepted_order(world)
    with pytest.raises(ShippingError):
        services.shop_order_ship(
            shop_order_id=part.pk, actor=None, carrier="ups", tracking_number="1Z999AA10123456785"
        )
    part.refresh_from_db()
    assert (part.status, part.tracking_number) == ("accepted", "")


def test_the_buyer_gets_the_tracking_link_by_email_and_on_the_order_page(world, settings):
    order, part = _accepted_order(world)
    services.shop_order_ship(
        shop_order_id=part.pk, actor=None, carrier="dhl", tracking_number="12345 67890"
    )
    link = (
        "https://www.dhl.com/global-en/home/tracking/tracking-express.html"
        "?submit=1&tracking-id=1234567890"
    )
    shipped = OutboxEmail.objects.get(kind="order_shipped_buyer").body_text
    assert link in shipped  # plain text: the & is not escaped
    assert "DHL Express" in shipped
    client = client_for(world.buyer)
    api = client.get(reverse("api:order_detail", args=[order.number])).json()
    assert api["shop_orders"][0]["tracking_url"] == link
    web = Client()
    web.force_login(world.buyer)
    page = web.get(reverse("orders:order_detail", args=[order.number])).content.decode()
    assert (
        'href="https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&amp;tracking-id=1234567890"'
        in page
    )
