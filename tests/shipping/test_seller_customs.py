"""The seller sets customs data on a page (suggested HS code, fields explained) and by API."""

from django.test import Client
from django.urls import reverse

from marketplace.shipping.models import ProductCustoms
from tests.api.conftest import client_for


def test_the_seller_page_suggests_the_code_and_refuses_a_bad_one(world):
    client = Client()
    client.force_login(world.pottery.artisan.user)
    url = reverse("artisans:product_customs", args=[world.tajine.product_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="691200"' in html and "Suggested from the category: 691200" in html
    assert "6 digits that tell customs what the piece is" in html
    refused = client.post(url, {"hs_code": "69120", "origin_country": "MA"})
    assert "An HS code has exactly 6 digits" in refused.content.decode()
    assert (
        refused.status_code == 400
        and not ProductCustoms.objects.filter(product_id=world.tajine.product_id).exists()
    )
    client.post(
        url, {"hs_code": "6912.00", "origin_country": "ma", "composition": "glazed clay",
              "net_weight_grams": "1300"},
    )  # fmt: skip
    saved = ProductCustoms.objects.get(product_id=world.tajine.product_id)
    assert (saved.hs_code, saved.origin_country, saved.net_weight_grams) == ("691200", "MA", 1300)
    # Another shop's product is not reachable.
    assert (
        client.get(reverse("artisans:product_customs", args=[world.carpet.product_id])).status_code
        == 404
    )


def test_the_seller_api_reads_and_sets_customs_fields(world):
    api = client_for(world.carpets.artisan.user)
    product = reverse("api:seller_product", args=[world.carpet.product_id])
    assert api.get(product).json()["customs"]["hs_code"] == "570110"
    url = reverse("api:seller_product_customs", args=[world.carpet.product_id])
    changed = api.patch(url, {"hs_code": "570210", "length_cm": 60}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["hs_code"], changed.json()["length_cm"]) == ("570210", 60)
    assert changed.json()["hs_suggested"] == "570110"
    bad = api.patch(url, {"hs_code": "ABCDEF"}, format="json")
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_hs_code"
    assert api.get(url).json()["hs_code"] == "570210"
    other = reverse("api:seller_product_customs", args=[world.tajine.product_id])
    assert api.patch(other, {"hs_code": "691200"}, format="json").status_code == 404


def test_a_variant_overrides_the_products_customs_by_api(world):
    from marketplace.shipping.selectors import customs_for_variants

    api = client_for(world.carpets.artisan.user)
    url = reverse("api:seller_variant_customs", args=[world.carpet.product_id, world.carpet.pk])
    answer = api.patch(url, {"hs_code": "570210", "net_weight_grams": 4800}, format="json")
    assert answer.status_code == 200 and answer.json()["hs_code"] == "570210"
    customs = customs_for_variants([world.carpet.pk])[world.carpet.pk]
    assert (customs.hs_code, customs.net_weight_grams, customs.composition) == (
        "570210",
        4800,
        "100% wool",
    )
    assert api.patch(url, {"hs_code": "57"}, format="json").status_code == 422
    stranger = reverse(
        "api:seller_variant_customs", args=[world.tajine.product_id, world.tajine.pk]
    )
    assert api.patch(stranger, {"hs_code": "691200"}, format="json").status_code == 404
