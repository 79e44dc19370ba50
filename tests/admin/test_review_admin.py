"""Reviews in the admin: nothing is typed in; hiding and marking checked are actions calling
the reviews services (audit row, the product's rating recomputed)."""

from decimal import Decimal

import pytest

from marketplace.catalogue.models import Product
from marketplace.moderation.models import AuditEntry
from marketplace.reviews import services
from tests.factories import UserFactory
from tests.moderation.helpers import make_line

from .conftest import change_form_data, post_action

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/reviews/review/"


def _review(rating=2):
    buyer = UserFactory()
    line = make_line(buyer=buyer)
    return services.review_create(order_line_id=line.pk, buyer=buyer, rating=rating, text="Meh")


def test_posting_a_status_through_the_change_form_changes_nothing(client, staff):
    review = _review()
    url = f"{CHANGELIST}{review.pk}/change/"
    assert 'name="status"' not in client.get(url).content.decode()
    data = change_form_data(client, url)
    data.update({"status": "hidden", "hidden_reason": "typed in"})
    assert client.post(url, data).status_code == 302
    review.refresh_from_db()
    assert (review.status, review.hidden_reason) == ("visible", "")
    assert not AuditEntry.objects.exists()


def test_hide_and_mark_checked_actions_go_through_the_services(client, staff):
    hidden, kept = _review(rating=1), _review(rating=5)
    product = Product.objects.get(pk=hidden.product_id)
    assert hidden.product_id != kept.product_id
    assert (product.rating_avg, product.rating_count) == (Decimal("1.00"), 1)
    post_action(client, CHANGELIST, "hide", [hidden.pk], apply="1", reason="Insults the maker")
    hidden.refresh_from_db()
    assert (hidden.status, hidden.hidden_reason) == ("hidden", "Insults the maker")
    product.refresh_from_db()
    assert (product.rating_avg, product.rating_count) == (Decimal("0.00"), 0)  # recomputed
    post_action(client, CHANGELIST, "mark_checked", [kept.pk])
    kept.refresh_from_db()
    assert kept.checked_at is not None and kept.status == "visible"
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "actor", "object_id"))
    assert actions == [
        ("review.hide", staff.pk, str(hidden.pk)),
        ("review.check", staff.pk, str(kept.pk)),
    ]
