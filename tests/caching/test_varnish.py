"""Varnish in front of Souk with the shipped VCL: it keeps anonymous pages, and a sale purges them.

Starts Debian's varnishd on a free loopback port, with deploy/varnish/souk.vcl pointed at the
test server, and the application's purger pointed at it.
"""

import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from decimal import Decimal
from pathlib import Path

import pytest

from marketplace.caching import edge
from marketplace.catalogue.models import Product
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ShippingRateFactory
from tests.factories.catalogue import VariantFactory

VARNISHD = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)
VCL = Path(__file__).resolve().parents[2] / "deploy" / "varnish" / "souk.vcl"

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.redis,
    pytest.mark.skipif(VARNISHD is None, reason="needs varnishd: apt-get install varnish"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, headers: dict | None = None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (127.0.0.1)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode()


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """Varnish on a free port in front of the live server; the purger pointed at it."""
    backend = live_server.url.rsplit(":", 1)[1]
    vcl = tmp_path / "souk.vcl"
    vcl.write_text(VCL.read_text().replace('.port = "8000";', f'.port = "{backend}";'))
    port = free_port()
    proc = subprocess.Popen(
        [VARNISHD, "-F", "-j", "none", "-n", str(tmp_path / "varnish"), "-a",
         f"127.0.0.1:{port}", "-f", str(vcl), "-s", "malloc,32m", "-p", "ban_lurker_sleep=0.01"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"varnishd stopped: {proc.stdout.read().decode()}")
            time.sleep(0.1)
    settings.PAGE_CACHE_ENABLED = True
    settings.ORDERS_START_PAYMENT = False
    settings.EDGE_PURGER = "marketplace.caching.edge.VarnishPurger"
    settings.EDGE_PURGE_URLS = [url + "/"]
    settings.ALLOWED_HOSTS = ["*"]
    edge.purger.cache_clear()
    yield url
    edge.purger.cache_clear()
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)


ADDRESS = {
    "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
    "postal_code": "02110", "country": "US", "phone": "+1 617 555 0100",
}  # fmt: skip


def sell(variant, quantity=1):
    from marketplace.orders.services import cart_add, cart_get_or_create, order_place

    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    order_place(
        cart=cart,
        email="buyer@example.com",
        address=ADDRESS,
        currency="MAD",
        buyer=buyer,
    )


def test_varnish_keeps_an_anonymous_page_and_a_sale_of_its_last_piece_purges_it(varnish):
    variant = VariantFactory(
        product__title_fr="Lanterne de Marrakech", price=Decimal("300.00"), stock=1
    )
    product = Product.objects.get(pk=variant.product_id)
    ShippingRateFactory(shop=product.shop, zone="NA")
    url = f"{varnish}/fr/p/{product.slug}/"

    status, first, body = fetch(url)
    assert status == 200 and first["X-Cache"] == "MISS"
    assert 'name="csrfmiddlewaretoken" value=""' in body  # nothing personal in a shared page
    assert "Set-Cookie" not in first and "Surrogate-Key" not in first
    status, second, again = fetch(url)
    assert status == 200 and second["X-Cache"] == "HIT"  # served by Varnish
    assert again == body

    sell(variant)  # the last piece: the purger bans every page showing the product

    deadline = time.monotonic() + 1.0
    while True:
        status, third, after = fetch(url)
        if third["X-Cache"] == "MISS" or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert status == 200 and third["X-Cache"] == "MISS"
    assert 'class="stock out"' in after and 'class="stock out"' not in body


def test_varnish_passes_visitors_with_a_session_to_the_application(varnish):
    variant = VariantFactory(product__title_fr="Tapis Azilal", price=Decimal("900.00"), stock=3)
    url = f"{varnish}/fr/p/{Product.objects.get(pk=variant.product_id).slug}/"
    fetch(url)
    assert fetch(url)[1]["X-Cache"] == "HIT"
    status, headers, body = fetch(url, {"Cookie": "sessionid=whatever"})
    assert status == 200 and headers["X-Cache"] == "MISS"
    assert 'name="csrfmiddlewaretoken" value=""' not in body  # the application's own answer


def test_the_currency_cookie_has_its_own_entry_in_varnish(varnish):
    variant = VariantFactory(product__title_fr="Babouches", price=Decimal("200.00"), stock=5)
    url = f"{varnish}/fr/p/{Product.objects.get(pk=variant.product_id).slug}/"
    mad = fetch(url)[2]
    euros = fetch(url, {"Cookie": "souk_currency=EUR; csrftoken=x"})
    assert euros[1]["X-Cache"] == "MISS" and "€" in euros[2] and "€" not in mad.split("currency")[0]
    assert fetch(url, {"Cookie": "souk_currency=EUR"})[1]["X-Cache"] == "HIT"
