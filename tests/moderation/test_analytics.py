"""Analytics on a known fixture: every figure equals the hand-computed value."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from marketplace.moderation import analytics
from marketplace.orders.status import ShopOrderStatus as S
from marketplace.reviews.models import Review
from tests.factories import CategoryFactory, ProductFactory, ShopFactory, UserFactory
from tests.factories.accounts import PASSWORD

from .helpers import make_line, make_moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture():
    now = timezone.now()
    pottery = CategoryFactory(slug="pottery", title_en="Pottery")
    tagines = CategoryFactory(slug="tagines", parent=pottery)
    carpets = CategoryFactory(slug="carpets", title_en="Carpets")
    azilal = CategoryFactory(slug="azilal", parent=carpets)
    clothing = CategoryFactory(slug="clothing", title_en="Clothing")
    shop = ShopFactory()
    ShopFactory(coop=True, cooperative__women_led=True)
    ShopFactory(coop=True, cooperative__women_led=False)
    ShopFactory(coop=True, cooperative__women_led=True, status="suspended")
    tagine = ProductFactory(shop=shop, category=tagines)
    vase = ProductFactory(shop=shop, category=pottery)
    rug = ProductFactory(shop=shop, category=azilal)
    kaftan = ProductFactory(shop=shop, category=clothing)
    day = timedelta(days=1)
    lines = [
        # Counted: 600 + 200 + 1000 + 200 = 2000 MAD.
        make_line(product=tagine, amount="300.00", quantity=2, country="US",
                  paid_at=now - 5 * day, shipped_at=now - 4 * day),  # 24 h
        make_line(product=vase, amount="200.00", country="FR", status=S.SHIPPED,
                  paid_at=now - 5 * day, shipped_at=now - 3 * day),  # 48 h
        make_line(product=rug, amount="1000.00", country="US",
                  paid_at=now - 6 * day, shipped_at=now - 2 * day),  # 96 h
        make_line(product=kaftan, amount="200.00", country="ES", status=S.PAID),
        # Not counted: cancelled, refunded, unpaid.
        make_line(product=tagine, amount="5000.00", country="US", status=S.CANCELLED),
        make_line(product=rug, amount="700.00", country="FR", status=S.REFUNDED),
        make_line(product=kaftan, amount="900.00", country="MA", status=S.PENDING_PAYMENT),
    ]  # fmt: skip
    # Reviews: visible 5,5,4,3,1,5,4 (5 of 7 are 4–5 → 71.4 %); one hidden 5 is not counted.
    ratings = [(5, "visible"), (5, "visible"), (4, "visible"), (3, "visible"),
               (1, "visible"), (5, "visible"), (4, "visible"), (5, "hidden")]  # fmt: skip
    for rating, status in ratings:
        line = make_line(product=vase, amount="10.00", status=S.REFUNDED)
        Review.objects.create(
            order_line=line, product=vase, shop=shop, author_name="x", rating=rating, status=status
        )
    return lines


def test_category_shares(fixture):
    rows = analytics.category_shares()
    assert [(r["key"], r["sales"], r["share"]) for r in rows] == [
        ("carpets", Decimal("1000.00"), Decimal("50.0")),
        ("pottery", Decimal("800.00"), Decimal("40.0")),
        ("clothing", Decimal("200.00"), Decimal("10.0")),
    ]
    assert analytics.sales_totals()["sales"] == Decimal("2000.00")


def test_country_shares(fixture):
    rows = analytics.country_shares()
    assert [(r["key"], r["sales"], r["share"], r["orders"]) for r in rows] == [
        ("US", Decimal("1600.00"), Decimal("80.0"), 2),
        ("ES", Decimal("200.00"), Decimal("10.0"), 1),
        ("FR", Decimal("200.00"), Decimal("10.0"), 1),
    ]


def test_satisfaction(fixture):
    sat = analytics.satisfaction()
    assert (sat["reviews"], sat["good"], sat["share"]) == (7, 5, Decimal("71.4"))
    assert [d["count"] for d in sat["distribution"]] == [3, 2, 1, 0, 1]


def test_shops_median_shipping_and_months(fixture):
    shops = analytics.shop_figures()
    assert (shops["shops"], shops["coops"], shops["women"], shops["women_share"]) == (
        3, 2, 1, Decimal("50.0"),
    )  # fmt: skip
    assert analytics.median_paid_to_shipped()["hours"] == Decimal("48.0")
    assert analytics.median_paid_to_shipped()["days"] == Decimal("2.0")
    months = analytics.sales_by_month()
    assert len(months) == 12
    assert sum(m["sales"] for m in months) == Decimal("2000.00")


def test_page_and_csv(client, fixture):
    mod = make_moderator()
    client.login(username=mod.email, password=PASSWORD)
    with translation.override("en"):
        page = client.get(reverse("moderation:analytics"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "71.4 %" in html and "50.0 %" in html
    with translation.override("fr"):  # French writes the decimal comma
        assert "71,4 %" in client.get(reverse("moderation:analytics")).content.decode()
    csv = client.get(reverse("moderation:analytics_csv", args=["countries"]))
    assert csv["Content-Type"].startswith("text/csv")
    body = csv.content.decode("utf-8-sig").splitlines()
    assert body[0] == "country,name,sales_mad,orders,share_percent"
    assert body[1] == "US,United States,1600.00,2,80.0"


def test_buyer_cannot_download_csv(client, fixture):
    buyer = UserFactory()
    client.login(username=buyer.email, password=PASSWORD)
    assert client.get(reverse("moderation:analytics_csv", args=["countries"])).status_code == 404


def test_charts_are_mirrored_on_right_to_left_pages(client, fixture):
    from marketplace.moderation.charts import bar_chart, column_chart

    rows = [("Pottery", Decimal("80"), "80 %"), ("Carpets", Decimal("20"), "20 %")]
    ltr, rtl = bar_chart(rows, title="t"), bar_chart(rows, title="t", rtl=True)
    # Left to right: labels end at the left margin, bars start there; mirrored on the right.
    assert '<text x="142" y="23" text-anchor="end"' in ltr and '<rect x="150.0"' in ltr
    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl
    assert '<text x="378" y="23" text-anchor="end"' in rtl and '<rect x="70.0"' in rtl
    months = [("01/26", Decimal("5"), "5"), ("02/26", Decimal("9"), "9")]
    assert column_chart(months, title="t").index("01/26") < column_chart(months, title="t").index(
        "02/26"
    )
    mirrored = column_chart(months, title="t", rtl=True)
    assert mirrored.index("02/26") < mirrored.index("01/26")
    mod = make_moderator()
    client.login(username=mod.email, password=PASSWORD)
    english = client.get(reverse("moderation:analytics")).content.decode()
    arabic = client.get("/ar" + reverse("moderation:analytics")[3:]).content.decode()
    assert '<html lang="en" dir="ltr">' in english and '<html lang="ar" dir="rtl">' in arabic
    assert 'direction="rtl"' in arabic and 'direction="rtl"' not in english
