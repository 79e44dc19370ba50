"""HS codes: format and chapter validated, suggested from the category, fixed per category."""

import pytest

from marketplace.catalogue.models import Category
from marketplace.moderation.models import AuditEntry
from marketplace.shipping.errors import ShippingError
from marketplace.shipping.hs import hs_problem, normalise_hs, suggest_hs
from marketplace.shipping.models import ProductCustoms
from marketplace.shipping.selectors import customs_for_variants
from marketplace.shipping.services import (
    customs_bulk_set_hs,
    product_customs_set,
    variant_customs_set,
)
from tests.factories import ProductFactory


@pytest.mark.parametrize("code", ["570110", "5701.10", " 6912 00 ", "151590", "940550"])
def test_valid_hs_codes(code):
    assert hs_problem(normalise_hs(code)) is None


@pytest.mark.parametrize(
    "code", ["57011", "5701100", "57O110", "", "000000", "770000", "980000", "57-01-10"]
)
def test_invalid_hs_codes(code):
    assert hs_problem(normalise_hs(code)) is not None


def test_a_bad_code_is_refused_and_the_old_one_kept(world):
    product = world.carpet.product
    with pytest.raises(ShippingError) as refused:
        product_customs_set(product_id=product.pk, actor=None, hs_code="5701")
    assert refused.value.status == 422 and "hs_code" in refused.value.fields
    with pytest.raises(ShippingError):
        product_customs_set(product_id=product.pk, actor=None, origin_country="Morocco")
    assert ProductCustoms.objects.get(product=product).hs_code == "570110"


def test_suggestions_come_from_the_category_or_its_parent(world):
    tagines = Category.objects.get(slug="tagines")
    assert suggest_hs(tagines)[0] == "691200"
    assert suggest_hs(Category.objects.get(slug="carpets"))[0] == "570110"
    customs = customs_for_variants([world.tajine.pk, world.carpet.pk])
    assert (customs[world.tajine.pk].hs_code, customs[world.tajine.pk].hs_suggested) == (
        "691200",
        True,
    )
    assert customs[world.tajine.pk].origin_country == "MA"
    assert customs[world.tajine.pk].net_weight_grams == 1500  # the product's weight
    assert (customs[world.carpet.pk].hs_code, customs[world.carpet.pk].net_weight_grams) == (
        "570110",
        5200,
    )


def test_a_variant_overrides_only_what_it_sets(world):
    variant_customs_set(variant_id=world.carpet.pk, actor=None, hs_code="570210")
    customs = customs_for_variants([world.carpet.pk])[world.carpet.pk]
    assert (customs.hs_code, customs.composition, customs.net_weight_grams) == (
        "570210",
        "100% wool",
        5200,
    )
    assert variant_customs_set(variant_id=world.carpet.pk, actor=None, hs_code="") is None
    assert customs_for_variants([world.carpet.pk])[world.carpet.pk].hs_code == "570110"


def test_staff_fix_a_categorys_code_keeping_sellers_choices_unless_told(world):
    pottery = Category.objects.get(slug="pottery")
    other = ProductFactory(shop=world.pottery, category=pottery)
    product_customs_set(product_id=other.pk, actor=None, hs_code="691390")
    assert customs_bulk_set_hs(category_id=pottery.pk, hs_code="6912.00", actor=None) == 1
    assert ProductCustoms.objects.get(product=world.tajine.product).hs_code == "691200"
    assert ProductCustoms.objects.get(product=other).hs_code == "691390"
    assert (
        customs_bulk_set_hs(category_id=pottery.pk, hs_code="691200", actor=None, overwrite=True)
        == 1
    )
    assert ProductCustoms.objects.get(product=other).hs_code == "691200"
    entry = AuditEntry.objects.filter(action="customs.hs_code_set_for_category").last()
    assert entry.object_id == str(pottery.pk) and entry.changes["hs_code"] == ["", "691200"]
    with pytest.raises(ShippingError):
        customs_bulk_set_hs(category_id=pottery.pk, hs_code="12", actor=None)
