"""Only verified, delivered purchases can be reviewed, once; ratings stay up to date."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from marketplace.catalogue.models import Product
from marketplace.core.errors import DomainError
from marketplace.moderation.models import AuditEntry
from marketplace.orders.status import ShopOrderStatus
from marketplace.reviews import services
from marketplace.reviews.models import Review
from tests.factories import ProductFactory, UserFactory
from tests.factories.accounts import PASSWORD
from tests.moderation.helpers import make_line, make_moderator, make_seller_shop

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "status", [ShopOrderStatus.PAID, ShopOrderStatus.SHIPPED, ShopOrderStatus.CANCELLED]
)
def test_buyer_who_did_not_receive_cannot_review(status):
    buyer = UserFactory()
    line = make_line(buyer=buyer, status=status)
    with pytest.raises(DomainError) as exc:
        services.review_create(order_line_id=line.pk, buyer=buyer, rating=5, text="?")
    assert exc.value.status == 409
    assert not Review.objects.exists()


def test_buyer_who_received_reviews_once_and_rating_updates():
    buyer = UserFactory(display_name="Emily Carter")
    line = make_line(buyer=buyer)
    review = services.review_create(order_line_id=line.pk, buyer=buyer, rating=4, text="Lovely")
    assert review.author_name == "Emily, US"
    product = Product.objects.get(pk=line.product_id)
    assert (product.rating_avg, product.rating_count) == (Decimal("4.00"), 1)
    with pytest.raises(DomainError) as exc:
        services.review_create(order_line_id=line.pk, buyer=buyer, rating=1)
    assert exc.value.status == 409
    assert Review.objects.count() == 1


def test_someone_else_cannot_review_my_line_and_ratings_are_1_to_5():
    buyer = UserFactory()
    line = make_line(buyer=buyer)
    with pytest.raises(DomainError) as exc:
        services.review_create(order_line_id=line.pk, buyer=UserFactory(), rating=5)
    assert exc.value.status == 404
    for bad in (0, 6):
        with pytest.raises(DomainError):
            services.review_create(order_line_id=line.pk, buyer=buyer, rating=bad)
    assert not Review.objects.exists()


def test_review_window_closes(settings):
    settings.REVIEW_WINDOW = timedelta(days=30)
    buyer = UserFactory()
    line = make_line(buyer=buyer, delivered_at=timezone.now() - timedelta(days=31))
    with pytest.raises(DomainError) as exc:
        services.review_create(order_line_id=line.pk, buyer=buyer, rating=5)
    assert exc.value.code == "review_window_closed"


def test_review_pages(client):
    buyer = UserFactory()
    line = make_line(buyer=buyer)
    undelivered = make_line(buyer=buyer, status=ShopOrderStatus.SHIPPED)
    client.login(username=buyer.email, password=PASSWORD)
    mine = client.get(reverse("reviews:mine"))
    assert reverse("reviews:write", args=[line.pk]) in mine.content.decode()
    assert reverse("reviews:write", args=[undelivered.pk]) not in mine.content.decode()
    response = client.post(reverse("reviews:write", args=[undelivered.pk]), {"rating": 5})
    assert response.status_code == 409
    response = client.post(
        reverse("reviews:write", args=[line.pk]), {"rating": "5", "text": "Beautiful"}
    )
    assert response.status_code == 302
    assert Review.objects.get().rating == 5
    # Another buyer's line is a 404.
    client.login(username=UserFactory().email, password=PASSWORD)
    assert client.get(reverse("reviews:write", args=[line.pk])).status_code == 404


def test_shop_replies_once_and_others_cannot():
    seller, shop = make_seller_shop()
    buyer = UserFactory()
    line = make_line(buyer=buyer, shop=shop)
    review = services.review_create(order_line_id=line.pk, buyer=buyer, rating=3)
    with pytest.raises(DomainError) as exc:
        services.review_reply(review_id=review.pk, user=buyer, text="me")
    assert exc.value.status == 404
    services.review_reply(review_id=review.pk, user=seller, text="Thank you")
    with pytest.raises(DomainError):
        services.review_reply(review_id=review.pk, user=seller, text="Again")
    review.refresh_from_db()
    assert review.reply == "Thank you"


def test_moderator_hides_review_with_reason_rating_recomputed_and_audited():
    mod = make_moderator()
    product = ProductFactory()
    buyers = [UserFactory(), UserFactory()]
    lines = [make_line(buyer=b, product=product) for b in buyers]
    first = services.review_create(order_line_id=lines[0].pk, buyer=buyers[0], rating=5)
    services.review_create(order_line_id=lines[1].pk, buyer=buyers[1], rating=1, text="insult")
    product.refresh_from_db()
    assert (product.rating_avg, product.rating_count) == (Decimal("3.00"), 2)
    bad = Review.objects.get(rating=1)
    with pytest.raises(DomainError):
        services.review_hide(review_id=bad.pk, actor=mod, reason="")
    services.review_hide(review_id=bad.pk, actor=mod, reason="Insulting")
    product.refresh_from_db()
    assert (product.rating_avg, product.rating_count) == (Decimal("5.00"), 1)
    [entry] = AuditEntry.objects.all()
    assert entry.action == "review.hide" and entry.reason == "Insulting"
    assert entry.changes == {"status": ["visible", "hidden"], "hidden_reason": ["", "Insulting"]}
    html = render_to_string("reviews/_product_reviews.html", {"product": product})
    assert "insult" not in html
    assert first.author_name in html


def test_review_partials_cost_at_most_two_queries(django_assert_max_num_queries):
    _seller, shop = make_seller_shop()
    product = ProductFactory(shop=shop)
    for _ in range(5):
        buyer = UserFactory()
        line = make_line(buyer=buyer, product=product)
        services.review_create(order_line_id=line.pk, buyer=buyer, rating=5, text="Great")
    product = Product.objects.select_related("shop").get(pk=product.pk)
    with django_assert_max_num_queries(2):
        html = render_to_string("reviews/_product_reviews.html", {"product": product})
    assert html.count('class="review"') == 5
    with django_assert_max_num_queries(2):
        html = render_to_string("reviews/_shop_reviews.html", {"shop": shop})
    assert html.count('class="review"') == 5
