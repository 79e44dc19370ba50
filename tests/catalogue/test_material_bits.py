"""Product.material_bits follows a product's materials whoever changes them, so the material
facet and filter (which read only the bits) always show the materials a piece is made of."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import translation

from marketplace.catalogue.models import MATERIALS_MAX, Material, Product
from marketplace.catalogue.services import product_create, product_duplicate, product_update
from tests.factories import MaterialFactory, ProductFactory, ShopFactory, VariantFactory

pytestmark = pytest.mark.django_db


def bits(product) -> int:
    return Product.objects.values_list("material_bits", flat=True).get(pk=product.pk)


def made_of(product) -> int:
    mask = 0
    for material in Product.objects.get(pk=product.pk).materials.all():
        mask |= 1 << material.bit
    return mask


def listed_materials(client, **params) -> dict[str, int]:
    cache.clear()  # the page cache only sees changes once a transaction commits
    response = client.get("/en/products/", params)
    assert response.status_code == 200
    return {f.value: f.count for f in response.context["listing"].materials}


def listed(client, **params) -> set[str]:
    cache.clear()
    response = client.get("/en/products/", {"per_page": 48, **params})
    return {p.slug for p in response.context["products"]}


@pytest.fixture
def clay():
    return MaterialFactory(slug="clay")


@pytest.fixture
def wool():
    return MaterialFactory(slug="wool")


def test_every_material_gets_its_own_bit():
    materials = [MaterialFactory() for _ in range(5)]
    assert sorted(m.bit for m in materials) == [0, 1, 2, 3, 4]


def test_the_services_keep_the_bits(clay, wool):
    shop = ShopFactory()
    product = product_create(
        shop_id=shop.pk,
        actor=None,
        category_id=ProductFactory().category_id,
        title_ar="طاجين",
        materials=[clay],
    )
    assert bits(product) == made_of(product) == clay.mask
    product = product_update(
        product_id=product.pk, actor=None, materials=[clay, wool], title_fr="x"
    )
    # The product row saved after its materials changed keeps the new bits.
    assert bits(product) == product.material_bits == clay.mask | wool.mask
    product = product_update(product_id=product.pk, actor=None, materials=[wool])
    assert bits(product) == wool.mask
    VariantFactory(product=product)
    copy = product_duplicate(product_id=product.pk, actor=None)
    assert bits(copy) == wool.mask


def test_direct_and_reverse_m2m_writes_keep_the_bits(clay, wool):
    """The admin's material picker, scripts and fixtures write the M2M table directly."""
    pot, rug = ProductFactory(), ProductFactory()
    pot.materials.add(clay, wool)
    assert bits(pot) == clay.mask | wool.mask
    pot.materials.remove(wool)
    assert bits(pot) == clay.mask
    wool.products.add(pot, rug)
    assert (bits(pot), bits(rug)) == (clay.mask | wool.mask, wool.mask)
    wool.products.remove(rug)
    assert bits(rug) == 0
    clay.products.clear()
    assert bits(pot) == wool.mask
    pot.materials.clear()
    assert bits(pot) == 0


def test_a_deleted_material_leaves_no_bit_behind(client, clay, wool):
    pot = ProductFactory(slug="pot", materials=[clay, wool])
    VariantFactory(product=pot)
    freed = wool.bit
    wool.delete()
    assert bits(pot) == clay.mask
    # Its bit goes to the next new material, which the old piece is not made of.
    linen = MaterialFactory(slug="linen")
    assert linen.bit == freed
    assert listed_materials(client) == {"clay": 1}
    assert listed(client, material="linen") == set()


def test_the_facet_and_the_filter_follow_a_change_of_materials(client, clay, wool):
    pot = ProductFactory(slug="pot", materials=[clay])
    VariantFactory(product=pot)
    assert listed_materials(client) == {"clay": 1}
    pot.materials.set([wool])
    assert listed_materials(client) == {"wool": 1}
    assert listed(client, material="clay") == set()
    assert listed(client, material="wool") == {"pot"}


def test_there_is_room_for_63_materials_and_a_clear_error_after(admin_client):
    for _ in range(MATERIALS_MAX):
        MaterialFactory()
    assert sorted(Material.objects.values_list("bit", flat=True)) == list(range(MATERIALS_MAX))
    with pytest.raises(ValidationError):
        MaterialFactory()
    with translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            Material(slug="one-too-many", title_ar="x", title_fr="x", title_en="x").full_clean()
        assert "Il ne peut y avoir plus de 63 matières" in str(refused.value)
    response = admin_client.post(
        "/admin/catalogue/material/add/",
        {"slug": "one-too-many", "title_ar": "x", "title_fr": "x", "title_en": "x"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1 and "63" in errors[0]
    assert not Material.objects.filter(slug="one-too-many").exists()


def test_the_admin_adds_a_material_with_a_bit(admin_client):
    MaterialFactory()
    response = admin_client.post(
        "/admin/catalogue/material/add/",
        {"slug": "cedar", "title_ar": "أرز", "title_fr": "Cèdre", "title_en": "Cedar"},
    )
    assert response.status_code == 302
    assert Material.objects.get(slug="cedar").bit == 1


def test_the_admin_material_picker_keeps_the_bits(admin_client, clay, wool):
    product = ProductFactory(materials=[clay])
    page = admin_client.get(f"/admin/catalogue/product/{product.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        data[name] = [m.pk for m in value] if name == "materials" else value
    data["materials"] = [wool.pk]
    for prefix in ("variants", "images"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = admin_client.post(f"/admin/catalogue/product/{product.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert bits(product) == wool.mask
