"""The page cache: anonymous catalogue pages come from the cache, and every kind of catalogue
change shows at once; personal bits and CSRF tokens never pass from one visitor to another."""

import re
import time
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.middleware.csrf import CSRF_ALLOWED_CHARS, _unmask_cipher_token
from django.test import Client

from artisans.models import Shop
from marketplace.caching.deps import CLOCK_KEY, read_clock
from marketplace.caching.pages import _random_chars
from marketplace.catalogue.models import Product, ProductImage, Variant
from marketplace.catalogue.services import product_refresh_summary
from marketplace.core.models import ExchangeRate
from marketplace.core.services import exchange_rate_set
from tests.factories.accounts import UserFactory
from tests.factories.artisans import ShippingRateFactory
from tests.factories.catalogue import VariantFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True
    settings.ORDERS_START_PAYMENT = False  # no payment provider in these tests


@pytest.fixture
def piece():
    variant = VariantFactory(
        product__title_fr="Tajine bleu de Fès",
        product__title_en="Fes blue tagine",
        price=Decimal("400.00"),
        stock=1,
    )
    return Product.objects.get(pk=variant.product_id)


def product_url(product, lang="fr"):
    return f"/{lang}/p/{product.slug}/"


def get(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.content.decode()


def primed(client, url):
    """GET twice; the second answer must come from the cache."""
    first, _ = get(client, url)
    assert first.status_code == 200
    second, body = get(client, url)
    assert second["X-Page-Cache"] == "hit"
    return body


def test_second_anonymous_visit_is_served_from_the_cache_without_sql(
    piece, client, django_assert_num_queries
):
    first, _ = get(client, product_url(piece))
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second, body = get(client, product_url(piece))
    assert second["X-Page-Cache"] == "hit"
    assert "Tajine bleu de Fès" in body


def test_language_and_currency_have_their_own_entries(piece, client):
    assert "Tajine bleu de Fès" in primed(client, product_url(piece, "fr"))
    assert "Fes blue tagine" in primed(client, product_url(piece, "en"))
    mad = primed(client, product_url(piece))
    assert client.post("/fr/currency/", {"currency": "EUR", "next": "/fr/"}).status_code == 302
    _, eur = get(client, product_url(piece))
    assert "€" in eur and "€" not in mad.split("currency-switch")[0]


def test_each_facet_query_is_its_own_entry(piece, client):
    other = VariantFactory(product__title_fr="Plat de Safi", price=Decimal("90.00"))
    cheap = primed(client, "/fr/products/?max=100")
    dear = primed(client, "/fr/products/?min=300")
    assert other.product.title_fr in cheap and "Tajine bleu de Fès" not in cheap
    assert "Tajine bleu de Fès" in dear and other.product.title_fr not in dear


# --- every kind of change shows at once -----------------------------------------------------


def test_product_text_change_shows(piece, client):
    primed(client, product_url(piece))
    primed(client, "/fr/products/")
    piece.title_fr = "Tajine vert de Tamegroute"
    piece.save()
    assert "Tajine vert de Tamegroute" in get(client, product_url(piece))[1]
    assert "Tajine vert de Tamegroute" in get(client, "/fr/products/")[1]


def test_price_change_shows(piece, client):
    assert "400,00" in primed(client, product_url(piece))
    assert "400,00" in primed(client, "/fr/products/")
    Variant.objects.filter(product=piece).update(price=Decimal("515.00"))
    product_refresh_summary(product_id=piece.pk)
    for url in (product_url(piece), "/fr/products/"):
        body = get(client, url)[1]
        assert "515,00" in body and "400,00" not in body


def test_stock_change_through_checkout_shows(piece, client):
    from marketplace.orders.services import cart_add, cart_get_or_create, order_place

    ShippingRateFactory(shop=piece.shop, zone="NA")
    before = primed(client, product_url(piece))
    buyer = UserFactory()
    cart = cart_get_or_create(user=buyer)
    cart_add(cart=cart, variant_id=piece.variants.get().pk, quantity=1)
    order_place(
        cart=cart,
        email="buyer@example.com",
        address={
            "name": "Emily Carter",
            "line1": "12 Main Street",
            "city": "Boston",
            "postal_code": "02110",
            "country": "US",
            "phone": "+1 617 555 0100",
        },
        currency="MAD",
        buyer=buyer,
    )
    assert Variant.objects.get(product=piece).stock == 0
    after = get(client, product_url(piece))[1]
    assert after != before
    assert 'class="stock out"' in after and 'class="stock out"' not in before


def test_stock_change_by_a_bulk_update_shows(piece, client):
    from django.db import transaction
    from django.db.models import F

    before = primed(client, product_url(piece))
    with transaction.atomic():
        Variant.objects.filter(product=piece).update(stock=F("stock") + 19)
    after = get(client, product_url(piece))[1]
    assert 'class="stock low"' in before and 'class="stock low"' not in after


def test_new_image_shows(piece, client):
    assert "/photos/" not in primed(client, product_url(piece))
    image = ProductImage(product=piece, alt_text="Le tajine vu de haut", position=0)
    image.original.save("bench-photo.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
    body = get(client, product_url(piece))[1]
    assert image.url() in body  # the original (private storage) through the checked view
    ProductImage.objects.filter(pk=image.pk).update(
        renditions={"card": {"jpeg": "products/r/rendered-card.jpg", "w": 480, "h": 480}},
        public=True,  # renditions of a published product are public media
    )
    assert "rendered-card.jpg" in get(client, product_url(piece))[1]


def test_review_summary_change_shows(piece, client):
    from marketplace.reviews.models import Review
    from marketplace.reviews.services import product_rating_refresh
    from tests.factories.orders import OrderLineFactory

    assert "(3)" not in primed(client, "/fr/products/")
    for rating in (5, 4, 5):
        line = OrderLineFactory(variant=piece.variants.get(), shop_order__shop=piece.shop)
        Review.objects.create(
            order_line=line, product=piece, shop=piece.shop, author_name="Emily", rating=rating
        )
    product_rating_refresh(product_id=piece.pk)
    assert "(3)" in get(client, "/fr/products/")[1]


def test_shop_status_change_shows(piece, client):
    assert "Tajine bleu de Fès" in primed(client, "/fr/products/")
    primed(client, product_url(piece))
    Shop.objects.filter(pk=piece.shop_id).update(status=Shop.Status.SUSPENDED)
    assert "Tajine bleu de Fès" not in get(client, "/fr/products/")[1]
    assert get(client, product_url(piece))[0].status_code == 404


def test_exchange_rate_change_shows(piece, client):
    client.post("/fr/currency/", {"currency": "EUR", "next": "/fr/"})
    exchange_rate_set(currency="EUR", rate=Decimal("0.1"))
    assert "40,00" in primed(client, product_url(piece))
    exchange_rate_set(currency="EUR", rate=Decimal("0.2"))
    assert "80,00" in get(client, product_url(piece))[1]
    # The admin path: a plain model save, no service.
    rate = ExchangeRate.objects.get(currency="EUR")
    rate.rate = Decimal("0.3")
    rate.save()
    assert "120,00" in get(client, product_url(piece))[1]


def test_rolled_back_write_stamps_nothing(piece):
    from django.db import transaction

    clock = read_clock()
    with pytest.raises(RuntimeError), transaction.atomic():
        piece.title_fr = "never"
        piece.save()
        raise RuntimeError
    assert read_clock() == clock
    piece.title_fr = "committed"
    piece.save()
    assert read_clock() == clock + 1


# --- personal bits and tokens ------------------------------------------------------------------


def test_signed_in_buyers_get_the_cached_page_with_their_own_header(piece):
    alice = UserFactory(display_name="Alice Martin")
    bruno = UserFactory(display_name="Bruno Diaz")
    anon = Client()
    primed(anon, product_url(piece))
    a, b = Client(), Client()
    a.force_login(alice)
    b.force_login(bruno)
    from marketplace.orders.services import cart_add, cart_get_or_create

    cart_add(cart=cart_get_or_create(user=alice), variant_id=piece.variants.get().pk, quantity=1)
    ra, body_a = get(a, product_url(piece))
    rb, body_b = get(b, product_url(piece))
    _, body_anon = get(anon, product_url(piece))
    assert ra["X-Page-Cache"] == "hit" and rb["X-Page-Cache"] == "hit"
    assert "Alice" in body_a and "Bruno" not in body_a
    assert "Bruno" in body_b and "Alice" not in body_b
    assert "Alice" not in body_anon and "Bruno" not in body_anon
    assert 'class="badge">1<' in body_a and 'class="badge"' not in body_b
    assert "Tajine bleu de Fès" in body_a


def test_a_page_rendered_for_a_signed_in_buyer_is_never_stored(piece):
    alice = UserFactory(display_name="Alice Martin")
    a = Client()
    a.force_login(alice)
    first, body = get(a, product_url(piece))
    assert "Alice" in body and "X-Page-Cache" not in first
    anon, anon_body = get(Client(), product_url(piece))
    assert anon["X-Page-Cache"] == "miss"
    assert "Alice" not in anon_body


def test_staff_bypass_the_cache(piece):
    primed(Client(), product_url(piece))
    staff = Client()
    staff.force_login(UserFactory(is_staff=True))
    assert "X-Page-Cache" not in get(staff, product_url(piece))[0]


def test_each_visitor_gets_a_csrf_token_of_their_own_that_works(piece):
    first = Client(enforce_csrf_checks=True)
    _, body1 = get(first, product_url(piece))
    second = Client(enforce_csrf_checks=True)
    r2, body2 = get(second, product_url(piece))
    assert r2["X-Page-Cache"] == "hit"
    token1 = TOKEN_RE.findall(body1)[0]
    tokens2 = set(TOKEN_RE.findall(body2))
    assert tokens2 and token1 not in tokens2
    assert first.cookies["csrftoken"].value not in body2
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value
    token2 = tokens2.pop()
    # The second visitor's own token works; the first visitor's is refused.
    bad = second.post("/fr/currency/", {"currency": "USD", "csrfmiddlewaretoken": token1})
    assert bad.status_code == 403
    ok = second.post("/fr/currency/", {"currency": "USD", "csrfmiddlewaretoken": token2})
    assert ok.status_code == 302


def test_only_get_and_head_200_answers_are_cached(piece, client):
    missing = "/fr/p/no-such-piece/"
    assert get(client, missing)[0].status_code == 404
    again = get(client, missing)[0]
    assert again.status_code == 404 and again.get("X-Page-Cache") != "hit"
    primed(client, product_url(piece))
    head = client.head(product_url(piece))
    assert head.status_code == 200 and head["X-Page-Cache"] == "hit"
    assert client.post(product_url(piece)).status_code == 405


def test_a_visitor_with_a_flash_message_is_not_served_a_shared_page(piece):
    visitor = Client()
    primed(Client(), product_url(piece))
    response = visitor.post(
        "/fr/cart/add/",
        {"variant": piece.variants.get().pk, "quantity": 1, "next": product_url(piece)},
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert response.get("X-Page-Cache") != "hit"
    assert 'class="message' in body
    # …and that page (with the message and the visitor's cart) was not stored for others.
    _, other = get(Client(), product_url(piece))
    assert 'class="message' not in other and 'class="badge"' not in other


# --- the fast path for visitors with no session ---------------------------------------------


def test_a_new_visitor_is_served_before_the_stack_with_a_working_csrf_cookie(piece):
    primed(Client(), product_url(piece))
    visitor = Client(enforce_csrf_checks=True)
    response, body = get(visitor, product_url(piece, "fr"))
    assert response["X-Page-Cache"] == "hit"
    # What the skipped middleware would have set on such an answer.
    assert response["Content-Language"] == "fr"
    assert response["X-Frame-Options"] == "DENY"
    assert "Cookie" in response["Vary"]
    secret = visitor.cookies["csrftoken"].value
    assert len(secret) == 32 and secret not in body
    token = TOKEN_RE.findall(body)[0]
    assert _unmask_cipher_token(token) == secret
    ok = visitor.post("/fr/currency/", {"currency": "USD", "csrfmiddlewaretoken": token})
    assert ok.status_code == 302


def test_a_returning_visitor_keeps_their_csrf_secret(piece):
    visitor = Client(enforce_csrf_checks=True)
    primed(visitor, product_url(piece))
    secret = visitor.cookies["csrftoken"].value
    response, body = get(visitor, product_url(piece))
    assert response["X-Page-Cache"] == "hit"
    assert "csrftoken" not in response.cookies  # nothing new to set
    assert {_unmask_cipher_token(t) for t in TOKEN_RE.findall(body)} == {secret}


def test_a_broken_csrf_cookie_is_left_to_django_and_still_gets_a_working_token(piece):
    primed(Client(), product_url(piece))
    visitor = Client(enforce_csrf_checks=True)
    visitor.cookies["csrftoken"] = "not-a-secret"
    response, body = get(visitor, product_url(piece))
    assert response.status_code == 200
    token = TOKEN_RE.findall(body)[0]
    ok = visitor.post("/fr/currency/", {"currency": "EUR", "csrfmiddlewaretoken": token})
    assert ok.status_code == 302


def test_a_visitor_with_a_cart_gets_their_own_header_not_the_anonymous_one(piece):
    primed(Client(), product_url(piece))
    buyer = Client()
    # Following the redirect shows (and uses up) the "added to your cart" message.
    buyer.post("/fr/cart/add/", {"variant": piece.variants.get().pk, "quantity": 1}, follow=True)
    response, body = get(buyer, product_url(piece))
    assert response["X-Page-Cache"] == "hit"
    assert 'class="badge"' in body  # the cart count, filled in for this visitor


def test_the_bypass_header_and_post_go_down_the_stack(piece, settings):
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_BYPASS"
    primed(Client(), product_url(piece))
    response, _ = get(Client(), product_url(piece), HTTP_X_BENCH_BYPASS="1")
    assert response.status_code == 200 and response.get("X-Page-Cache") != "hit"
    assert Client().post(product_url(piece)).status_code == 405


def test_random_csrf_characters_cover_the_alphabet_evenly():
    drawn = _random_chars(62 * 2000)
    counts = {c: drawn.count(c) for c in CSRF_ALLOWED_CHARS}
    assert set(drawn) <= set(CSRF_ALLOWED_CHARS)
    # 2,000 expected per character (standard deviation ~44); a biased draw (b % 62 over all
    # 256 bytes) would give the first eight characters ~2,420.
    assert min(counts.values()) > 1800 and max(counts.values()) < 2200


# --- each web process's own copy ----------------------------------------------------------------


def stamp_elsewhere(*tags):
    """Stamp dependencies as another web worker or the Celery worker does (this process's
    own copy of pages is not told)."""
    from django.core.cache import cache

    from marketplace.caching.deps import _STAMP, stamp_key

    keys = [cache.make_key(CLOCK_KEY), *(cache.make_key(stamp_key(t)) for t in tags)]
    cache._cache.get_client(write=True).eval(_STAMP, len(keys), *keys, 1)


def _retitle_from_another_process(product, title):
    """Change a title on a connection of its own and stamp the product as another process."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute(
            "UPDATE catalogue_product SET title_fr = %s WHERE id = %s", (title, product.pk)
        )
    stamp_elsewhere(f"product:{product.pk}", f"card:{product.pk}")


@pytest.mark.postgres
@pytest.mark.redis
def test_a_change_made_by_another_process_shows_within_the_local_window(piece, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 1.0
    visitor = Client()
    primed(visitor, product_url(piece))
    _retitle_from_another_process(piece, "Tajine vert de Tamegroute")
    # This process has not checked the page since: a visitor with no session may still get
    # its copy of the old page, for at most PAGE_CACHE_LOCAL_SECONDS…
    response, body = get(visitor, product_url(piece))
    assert response["X-Page-Cache"] == "hit" and "Tajine bleu de Fès" in body
    time.sleep(1.05)
    # …then its dependencies are checked again and the page is the new one.
    assert "Tajine vert de Tamegroute" in get(visitor, product_url(piece))[1]


@pytest.mark.postgres
@pytest.mark.redis
def test_a_visitor_with_a_session_always_checks_in_redis(piece, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    buyer = Client()
    buyer.post("/fr/cart/add/", {"variant": piece.variants.get().pk, "quantity": 1}, follow=True)
    primed(Client(), product_url(piece))
    _retitle_from_another_process(piece, "Tajine vert de Tamegroute")
    assert "Tajine vert de Tamegroute" in get(buyer, product_url(piece))[1]


def test_a_change_in_this_process_shows_at_once_despite_the_local_window(piece, settings):
    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    visitor = Client()
    primed(visitor, product_url(piece))
    piece.title_fr = "Tajine vert de Tamegroute"
    piece.save()  # commits: this process stamps the product and trusts its copy no more
    assert "Tajine vert de Tamegroute" in get(visitor, product_url(piece))[1]


def test_the_local_copy_serves_without_redis_within_its_window(piece, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    primed(Client(), product_url(piece))
    cache.clear()  # the stored pages and the stamps: Redis has nothing for this page now
    response, body = get(Client(), product_url(piece))
    assert response["X-Page-Cache"] == "hit" and "Tajine bleu de Fès" in body


def test_the_local_copy_keeps_to_its_byte_budget(settings):
    from marketplace.caching.pages import LocalPages

    settings.PAGE_CACHE_LOCAL_BYTES = 10_000
    pages = LocalPages()
    for n in range(20):
        pages.put(f"page:{n}", [(1, ("catalogue",))], "text/html", [b"x" * 1000])
    assert pages.size <= 10_000
    assert pages.get("page:19") is not None  # the most recent stay
    assert pages.get("page:0") is None  # the oldest went first
    assert pages.get("page:19")[3] is True  # trusted within its window…
    pages.forget()
    assert pages.get("page:19")[3] is False  # …and no more once this process changed something


def test_a_change_in_this_process_distrusts_only_the_pages_showing_it(settings):
    from marketplace.caching.pages import LocalPages

    settings.PAGE_CACHE_LOCAL_SECONDS = 60
    pages = LocalPages()
    sold = [(1, ("catalogue", "product:1")), (1, ("catalogue", "stock:1"))]  # page, buy box
    pages.put("page:sold", sold, "text/html", [b"a"])
    pages.put("page:other", [(1, ("catalogue", "product:2"))], "text/html", [b"b"])
    pages.forget({"stock:1"})  # a sale that left the piece in stock
    assert pages.get("page:sold")[3] is False  # checked again on its next hit…
    assert pages.get("page:other")[3] is True  # …the others stay trusted
    pages.forget({"catalogue"})  # what every page shows
    assert pages.get("page:other")[3] is False


def test_a_memo_computes_once_per_stamp():
    from marketplace.caching import Memo

    reads = []
    memo = Memo(lambda: reads.append(1) or len(reads))
    assert [memo.get(7), memo.get(7)] == [1, 1]
    assert memo.get(8) == 2  # its dependency was stamped: computed again
    assert [memo.get(None), memo.get(None)] == [3, 4]  # no stamp read: never kept
