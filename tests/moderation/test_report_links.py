"""Buyers find the way to report a piece or a shop from the pages they are reading."""

import pytest

from tests.factories import VariantFactory

pytestmark = pytest.mark.django_db


def test_product_and_shop_pages_link_to_the_report_form(client):
    product = VariantFactory().product
    page = client.get(f"/en/p/{product.slug}/").content.decode()
    report_url = f"/en/moderation/report/product/{product.pk}/"
    assert report_url in page
    assert client.get(report_url).status_code == 200

    shop_page = client.get(f"/en/shops/{product.shop.slug}/").content.decode()
    assert f"/en/moderation/report/shop/{product.shop.pk}/" in shop_page
