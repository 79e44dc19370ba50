"""Precise invalidation, as a visitor sees it: a sale that leaves stock keeps the listings and
the page; the last piece sold, a price change or a write by the Celery worker shows everywhere
within a second, in every language and currency, through another web process too."""

import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.catalogue.models import Product, Variant
from marketplace.catalogue.services import variant_update
from marketplace.orders.models import Order
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ShippingRateFactory
from tests.factories.catalogue import CategoryFactory, VariantFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

LANGUAGES = ("fr", "ar", "en", "es")
CURRENCIES = ("MAD", "EUR", "USD")
ADDRESS = {
    "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
    "postal_code": "02110", "country": "US", "phone": "+1 617 555 0100",
}  # fmt: skip


@pytest.fixture(autouse=True)
def _caches_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.ORDERS_START_PAYMENT = False  # no payment provider in these tests


@pytest.fixture
def shelf():
    """A category with two pieces: the one that sells, and a neighbour."""
    category = CategoryFactory(slug="lanterns")
    piece = VariantFactory(
        product__category=category,
        product__title_fr="Lanterne en laiton",
        product__title_en="Brass lantern",
        product__title_ar="فانوس نحاسي",
        product__title_es="Farol de latón",
        price=Decimal("400.00"),
        stock=3,
    )
    other = VariantFactory(
        product__category=category, product__title_fr="Lanterne en fer", price=Decimal("150.00")
    )
    ShippingRateFactory(shop=piece.product.shop, zone="NA")
    return Product.objects.get(pk=piece.product_id), Product.objects.get(pk=other.product_id)


def sell(product, quantity=1, *, buyer=None):
    """Check out `quantity` pieces of the product's variant, as a buyer does."""
    from marketplace.orders.services import cart_add, cart_get_or_create, order_place

    buyer = buyer or UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_add(cart=cart, variant_id=product.variants.get().pk, quantity=quantity)
    return order_place(
        cart=cart, email="buyer@example.com", address=ADDRESS, currency="MAD", buyer=buyer
    )


def card(body: str, product) -> str:
    found = re.search(
        r'<article class="card product-card">(?:(?!</article>).)*?/p/'
        + re.escape(product.slug)
        + r"/.*?</article>",
        body,
        re.DOTALL,
    )
    return found.group(0) if found else ""


def in_stock_count(body: str) -> int:
    label = body.index('name="in_stock"')
    return int(body[label : body.index("</label>", label)].rsplit('"facet-count">', 1)[1][:-7])


# --- In this process -------------------------------------------------------------------------


def test_a_sale_that_leaves_stock_keeps_the_listing_and_the_page(shelf):
    piece, _other = shelf
    visitor = Client()
    listing_url, product_url = "/fr/c/lanterns/", f"/fr/p/{piece.slug}/"
    for url in (listing_url, product_url):
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    assert 'max="3"' in visitor.get(product_url).content.decode()

    sell(piece)  # 3 → 2: no zero crossed

    listing = visitor.get(listing_url)
    assert listing["X-Page-Cache"] == "hit"  # the listing, its cards and counts are kept
    page = visitor.get(product_url)
    assert page["X-Page-Cache"] == "hit"  # the page is kept; only its buy box is new
    body = page.content.decode()
    assert 'max="2"' in body and 'max="3"' not in body  # the quantity limit follows the stock
    assert re.search(r'class="stock low">[^<]*2', body)  # "only 2 left"


def test_the_buy_box_alone_is_rendered_again_after_a_sale(shelf, django_assert_max_num_queries):
    piece, _other = shelf
    visitor = Client()
    url = f"/en/p/{piece.slug}/"
    visitor.get(url)
    sell(piece)
    # The stored page and its related cards are reused: only the variants are read again.
    with django_assert_max_num_queries(2):
        response = visitor.get(url)
    assert response["X-Page-Cache"] == "hit" and 'max="2"' in response.content.decode()


def test_a_price_change_shows_everywhere(shelf):
    piece, _other = shelf
    visitor = Client()
    urls = [f"/{lang}/p/{piece.slug}/" for lang in LANGUAGES] + [
        f"/{lang}/c/lanterns/" for lang in LANGUAGES
    ]
    for url in urls:
        visitor.get(url)
    variant = piece.variants.get()
    variant_update(
        variant_id=variant.pk,
        actor=None,
        options=variant.options,
        price=Decimal("515.00"),
        stock=variant.stock,
        sku=variant.sku,
    )
    for url in urls:
        body = visitor.get(url).content.decode()
        shown = body if "/p/" in url else card(body, piece)
        assert re.search(r"515[,.]00", shown) and not re.search(r"400[,.]00", shown), url
    for currency in CURRENCIES:
        euros = Client()
        euros.post("/fr/currency/", {"currency": currency, "next": "/fr/"})
        listing = euros.get("/fr/c/lanterns/?min=40").content.decode()
        assert card(listing, piece), currency  # and the price filter counts it at its new price


def test_nothing_personal_is_kept_for_another_visitor(shelf):
    piece, _other = shelf
    buyer = UserFactory(display_name="Nadia")
    signed_in = Client()
    signed_in.force_login(buyer)
    signed_in.post("/fr/cart/add/", {"variant": piece.variants.get().pk, "quantity": 1})
    mine = signed_in.get(f"/fr/p/{piece.slug}/").content.decode()
    assert "Nadia" in mine
    for url in (f"/fr/p/{piece.slug}/", "/fr/c/lanterns/", "/fr/"):
        signed_in.get(url)
        stranger = Client()
        first, second = stranger.get(url), stranger.get(url)
        for response in (first, second):
            body = response.content.decode()
            assert "Nadia" not in body and 'class="badge">1<' not in body, url
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', second.content.decode())
        mine_tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', mine)
        assert tokens and not set(tokens) & set(mine_tokens)
    personal = Client().get("/_personal/")
    assert (
        personal["Cache-Control"].startswith("no-store") or "no-store" in personal["Cache-Control"]
    )
    assert "Cookie" in personal["Vary"]


def test_a_form_sent_from_a_shared_page_without_a_token_asks_to_confirm(shelf):
    piece, _other = shelf
    visitor = Client(enforce_csrf_checks=True)
    variant = piece.variants.get()
    response = visitor.post("/fr/cart/add/", {"variant": variant.pk, "quantity": 1, "next": "/fr/"})
    assert response.status_code == 403
    body = response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert f'name="variant" value="{variant.pk}"' in body
    assert not Order.objects.exists()
    from marketplace.orders.models import CartLine

    assert not CartLine.objects.exists()  # nothing done before the visitor confirms
    confirmed = visitor.post(
        "/fr/cart/add/",
        {"variant": variant.pk, "quantity": 1, "next": "/fr/", "csrfmiddlewaretoken": token},
    )
    assert confirmed.status_code == 302 and CartLine.objects.count() == 1


# --- Through another web process, and after the Celery worker's write -----------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, cookie: str = ""):
    headers = {"Cookie": cookie} if cookie else {}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (127.0.0.1)
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (127.0.0.1)
        return response.headers, response.read().decode()


@pytest.fixture
def second_web(run_env):
    """Another web process (gunicorn, one worker) on the same database and Redis."""
    port = free_port()
    env = dict(run_env, DJANGO_DEBUG="1", PAGE_CACHE="1", PAGE_CACHE_LOCAL_SECONDS="0.5")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "marketplace.wsgi:application", "-w", "1",
         "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(base + "/healthz")
            break
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=20)


def everywhere(base, piece):
    """Every (url, cookie, kind) showing the piece: its page, its card, the in-stock count."""
    out = []
    for lang in LANGUAGES:
        for currency in CURRENCIES:
            cookie = f"souk_currency={currency}"
            out.append((f"{base}/{lang}/p/{piece.slug}/", cookie, "page"))
            out.append((f"{base}/{lang}/c/lanterns/", cookie, "card"))
    return out


def sold_out(kind: str, body: str, piece) -> bool:
    if kind == "page":
        return 'class="stock out"' in body and 'name="quantity"' not in body
    return "card-flag muted" in card(body, piece) and in_stock_count(body) == 1


def wait_everywhere(pages, piece, changed_at, expected: bool):
    """Ask every page until it shows `expected`; return the latest start of a stale answer."""
    latest_stale = changed_at
    pending = list(pages)
    deadline = time.monotonic() + 20
    while pending and time.monotonic() < deadline:
        url, cookie, kind = pending.pop(0)
        asked = time.monotonic()
        _headers, body = fetch(url, cookie)
        if sold_out(kind, body, piece) == expected:
            continue
        latest_stale = max(latest_stale, asked)
        pending.append((url, cookie, kind))
    assert not pending, pending
    return latest_stale - changed_at


@pytest.mark.postgres
@pytest.mark.redis
def test_the_last_piece_sold_shows_within_a_second_through_another_web_process(shelf, second_web):
    piece, _other = shelf
    pages = everywhere(second_web, piece)
    for url, cookie, kind in pages * 2:  # rendered, then kept by that process
        _headers, body = fetch(url, cookie)
        assert not sold_out(kind, body, piece)
    assert fetch(*pages[0][:2])[0]["X-Page-Cache"] == "hit"
    sell(piece, 3)  # the last pieces, sold in this process
    changed_at = time.monotonic()
    assert wait_everywhere(pages, piece, changed_at, expected=True) < 1.0


@pytest.mark.postgres
@pytest.mark.redis
def test_a_write_by_the_celery_worker_shows_within_a_second(
    shelf, second_web, celery_process, settings
):
    from marketplace.celery import app
    from marketplace.orders.tasks import orders_release_unpaid_task

    piece, _other = shelf
    order = sell(piece, 3)  # sold out, unpaid
    pages = everywhere(second_web, piece)
    for url, cookie, kind in pages * 2:
        assert sold_out(kind, fetch(url, cookie)[1], piece)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=1))
    app.conf.task_always_eager = False
    orders_release_unpaid_task.delay()  # the worker cancels it and puts the pieces back
    deadline = time.monotonic() + 30
    while Variant.objects.get(product=piece).stock != 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    changed_at = time.monotonic()
    assert Variant.objects.get(product=piece).stock == 3
    assert wait_everywhere(pages, piece, changed_at, expected=False) < 1.0
