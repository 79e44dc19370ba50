"""Migration 0005 gives existing materials their bits and existing products theirs."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("catalogue", "0004_facet_index_with_id")]
AFTER = [("catalogue", "0005_material_bits")]


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_fills_the_bits_of_existing_products(back_to_latest):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Material = apps.get_model("catalogue", "Material")
    Product = apps.get_model("catalogue", "Product")
    Category = apps.get_model("catalogue", "Category")
    Shop = apps.get_model("artisans", "Shop")
    Artisan = apps.get_model("artisans", "Artisan")
    artisan = Artisan.objects.create(name="A", slug="a", craft="pottery", region="oriental")
    shop = Shop.objects.create(name="S", slug="s", artisan=artisan, region="oriental")
    category = Category.objects.create(slug="c", title_ar="c", title_fr="c", title_en="c")
    clay, glaze, wool = (
        Material.objects.create(slug=s, title_ar=s, title_fr=s, title_en=s)
        for s in ("clay", "glaze", "wool")
    )

    def product(slug, *materials):
        p = Product.objects.create(shop=shop, category=category, slug=slug, region="oriental")
        p.materials.set(materials)
        return p.pk

    pots = product("pot", clay, glaze)
    rug = product("rug", wool)
    bare = product("bare")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Material = apps.get_model("catalogue", "Material")
    Product = apps.get_model("catalogue", "Product")
    bit = dict(Material.objects.values_list("slug", "bit"))
    assert sorted(bit.values()) == [0, 1, 2]
    got = dict(Product.objects.values_list("pk", "material_bits"))
    assert got == {
        pots: (1 << bit["clay"]) | (1 << bit["glaze"]),
        rug: 1 << bit["wool"],
        bare: 0,
    }
