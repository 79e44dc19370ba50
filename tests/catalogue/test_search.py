"""Search finds the same pieces whatever Arabic spelling or French accents the buyer uses.

Run on SQLite (prefix matching on the normalised text) and on PostgreSQL (full-text search with
the simple, French and Arabic configurations); the tests are the same.
"""

import pytest

from marketplace.catalogue.search.normalize import query_tokens, tokens
from tests.factories import ProductFactory, ShopFactory, VariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    shop = ShopFactory(name="Atelier Safi")

    def make(slug, **kw):
        return VariantFactory(
            product__slug=slug,
            product__shop=shop,
            **{f"product__{k}": v for k, v in kw.items()},
        ).product

    return {
        "pottery": make(
            "pottery",
            title_ar="طاجين من الفخار المطلي",
            title_fr="Tajine en terre cuite",
            title_en="Glazed clay tagine",
        ),
        "teapot": make(
            "teapot",
            title_ar="إبريق شاي نحاسي",
            title_fr="Théière berbère en laiton",
            title_en="Berber brass teapot",
        ),
        "jar": make("jar", title_ar="جرة للماء", title_fr="Jarre à eau", title_en="Water jar"),
        "rug": make(
            "rug",
            title_ar="زرابي بني وراين",
            title_fr="Tapis Beni Ouarain",
            title_en="Beni Ourain rug",
        ),
        "kaftan": make(
            "kaftan",
            title_ar="قفطان مطرز بالحرير",
            title_fr="Caftan brodé à la soie",
            title_en="Silk embroidered kaftan",
            description_ar="خياطة المعلمة سلمى",
        ),
    }


def _found(client, q, lang="ar"):
    response = client.get(f"/{lang}/search/", {"q": q})
    assert response.status_code == 200
    return {p.slug for p in response.context["products"]}


@pytest.mark.parametrize(
    "query",
    ["فخار", "الفخار", "فَخّار", "فخـــار", "للفخار", "الفَخّار"],
    ids=["plain", "article", "tashkeel", "tatweel", "li-article", "article+tashkeel"],
)
def test_arabic_pottery_spellings_find_the_same_piece(client, catalogue, query):
    assert _found(client, query) == {"pottery"}


@pytest.mark.parametrize("query", ["ابريق", "أبريق", "إبريق", "الإبريق", "آبريق"])
def test_alef_and_hamza_forms_are_one_letter(client, catalogue, query):
    assert _found(client, query) == {"teapot"}


@pytest.mark.parametrize("query", ["جرة", "جره", "الجرة"])
def test_taa_marbuta_and_haa_match(client, catalogue, query):
    assert _found(client, query) == {"jar"}


@pytest.mark.parametrize("query", ["زرابي", "زرابى", "الزرابى"])
def test_yaa_and_alef_maqsura_match(client, catalogue, query):
    assert _found(client, query) == {"rug"}


def test_alef_maqsura_in_the_text_is_found_with_yaa(client, catalogue):
    assert _found(client, "سلمي") == {"kaftan"}
    assert _found(client, "سلمى") == {"kaftan"}


@pytest.mark.parametrize("query", ["theiere", "THEIERE", "théière", "theiere berbere", "Théière"])
def test_french_without_accents_finds_accented_titles(client, catalogue, query):
    assert _found(client, query, lang="fr") == {"teapot"}


def test_accented_query_finds_text_written_without_accents(client, catalogue):
    assert _found(client, "Béni Ouaraïn", lang="fr") == {"rug"}


def test_every_word_must_match(client, catalogue):
    assert _found(client, "tajine laiton", lang="fr") == set()
    assert _found(client, "tajine terre", lang="fr") == {"pottery"}


def test_search_covers_shop_and_category_names(client, catalogue):
    assert _found(client, "Atelier Safi", lang="fr") == set(catalogue_slugs(catalogue))
    pottery = catalogue["pottery"]
    assert pottery.slug in _found(client, pottery.category.title_fr, lang="fr")


def catalogue_slugs(catalogue):
    return [p.slug for p in catalogue.values()]


def test_search_in_any_language_from_any_interface(client, catalogue):
    assert _found(client, "teapot", lang="ar") == {"teapot"}
    assert _found(client, "إبريق", lang="en") == {"teapot"}


def test_unpublished_products_are_never_found(client, catalogue):
    ProductFactory(slug="draft-pot", title_ar="فخار مسودة", status="draft")
    ProductFactory(slug="hidden-pot", title_ar="فخار مخفي", shop__status="suspended")
    assert _found(client, "فخار") == {"pottery"}


def test_empty_result_suggests_a_spelling_and_crafts(client, catalogue):
    response = client.get("/en/search/", {"q": "terre cuitte zzzq"})
    body = response.content.decode()
    assert response.status_code == 200
    assert response.context["listing"].total == 0
    assert "No piece matches yet" in body
    # Categories to browse instead, and a few pieces loved by others.
    assert response.context["top_categories"]
    assert response.context["fallback_products"]


def test_close_misspelling_gets_a_did_you_mean(client, catalogue):
    from marketplace.catalogue.models import Category

    Category.objects.create(slug="poterie", title_ar="فخار", title_fr="Poterie", title_en="Pottery")
    response = client.get("/fr/search/", {"q": "poterei"})
    assert response.context["suggestion"] == "poterie"


def test_normaliser_folds_every_variant_to_one_form():
    assert tokens("الفَخّـار") == tokens("فخار") == ["فخار"]
    assert tokens("أإآٱا") == ["ااااا"]
    assert tokens("مكتبة") == tokens("مكتبه")
    assert tokens("مستشفى") == tokens("مستشفي")
    assert tokens("Théière À L'ÉTÉ") == ["theiere", "a", "l", "ete"]
    assert tokens("٢٠٢٥") == ["2025"]
    assert query_tokens("tapis de la vallée") == ["tapis", "vallee"]


@pytest.mark.postgres
def test_typo_finds_near_matches_with_trigrams_on_postgres(client, catalogue):
    response = client.get("/fr/search/", {"q": "theire"})
    assert [p.slug for p in response.context["products"]] == ["teapot"]
    assert response.context["listing"].fuzzy
    # The page is in French: it says these are the closest pieces, not exact matches.
    assert "les plus proches" in response.content.decode()


def test_a_title_match_ranks_above_a_newer_mention_in_a_description(client):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ProductFactory(slug="titled", title_en="Tagine of Safi", published_at=now - timedelta(days=9))
    ProductFactory(
        slug="mention",
        title_en="Cup",
        description_en="Goes well with a tagine.",
        published_at=now,
    )
    ProductFactory(slug="other", title_en="Teapot", published_at=now)
    response = client.get("/en/search/", {"q": "tagine"})
    assert [p.slug for p in response.context["products"]] == ["titled", "mention"]
