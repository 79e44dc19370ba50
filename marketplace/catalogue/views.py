"""Catalogue pages: home, listings (all, category, search), product, shop, artisan."""

import hashlib
from decimal import Decimal
from math import ceil

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from artisans.models import Cooperative
from marketplace import caching
from marketplace.caching import request as caching_request
from marketplace.caching.deps import EVERYTHING
from marketplace.caching.fragments import enabled as fragments_enabled
from marketplace.core.private_files import private_file_response
from marketplace.core.selectors import request_rates

from . import fragments, listing_cache, selectors
from .forms import PER_PAGE, SORTS, ListingForm
from .hooks import LazyChoices, listing_filters, product_badges
from .models import Material, Product, ProductImage, localized
from .search.query import suggest


@require_GET
def home(request):
    """Show the categories and featured pieces."""
    caching.depends_on("listings", "list:all")
    return render(
        request,
        "catalogue/home.html",
        {
            "categories": selectors.categories_top(),
            "featured": selectors.home_featured(),
        },
    )


def _listing_context(
    request, *, scope=None, base=None, category=None, tree=None, facet_regions=True
):
    """Build a listing page's context; `scope` names what it lists for the facet cache.

    A listing without a scope (a preview) is always counted afresh and never shared.
    """
    filters = ListingForm.filters_for(request.GET)
    currency = getattr(request, "currency", "MAD")
    params = request.GET.copy()
    params.pop("page", None)
    query_string = params.urlencode()
    key = facets = None
    rates = request_rates(request)
    markup_key = None
    if scope is not None:
        tags = listing_cache.scope_tags(scope, filters, currency)
        caching.depends_on(*tags)
        key = listing_cache.facets_key(
            scope=scope if facet_regions else f"{scope}:no-regions",
            filters=filters,
            language=get_language(),
            currency=currency,
        )
        where = f"{request.path}?{query_string}".encode()
        markup_key = f"{key}:html:{hashlib.sha1(where, usedforsecurity=False).hexdigest()}"
        if fragments_enabled(request):
            # The counts, the filters' markup (listing_body.html), the page's ids and, when
            # this process holds those ids, the page's cards: one round trip.
            keys, card_tags = listing_cache.page_prefetch(
                request, scope=scope if facet_regions else f"{scope}:no-regions",
                filters=filters, currency=currency,
            )  # fmt: skip
            caching.prefetch([key, markup_key, *keys], hint_tags=[*tags, *card_tags])
            facets = listing_cache.read(key)
    tree = tree or listing_cache.category_tree()
    stamp = caching_request.stamp(EVERYTHING)  # the tree's and materials' version
    listing = selectors.product_listing(
        filters=filters,
        currency=currency,
        rates=rates,
        tree=tree,
        base=base,
        category=category,
        page_number=request.GET.get("page", 1),
        facet_regions=facet_regions,
        facets=facets,
        # The page's SQL is compiled once per scope, filters, currency, rates and tree.
        compiled_key=(key, tuple(sorted(rates.items())), stamp)
        if key is not None and stamp is not None
        else None,
    )
    if key is not None and fragments_enabled(request):
        if facets is None:
            listing_cache.store(key, listing, tags)
        else:
            listing_cache.page_ids(
                listing.page.object_list,
                scope=scope if facet_regions else f"{scope}:no-regions",
                filters=filters,
                currency=currency,
                tags=tags,
            )
    active = any(
        filters.get(k)
        for k in ("category", "region", "material", "kind", "mto", "in_stock", *listing_filters)
    ) or (filters.get("min") is not None or filters.get("max") is not None)
    return {
        "listing": listing,
        "products": listing.page.object_list,
        "filters": filters,
        "query_string": query_string,
        # The filters' markup, kept with the counts' dependencies (None: rendered afresh).
        "facets_markup_key": markup_key,
        "facet_tags": tags if key is not None else (),
        "has_filters": active,
        "extra_filters": [
            {
                "name": name,
                "title": listing_filter.title,
                "choices": LazyChoices(listing_filter.choices),
                "value": filters.get(name) or "",
            }
            for name, listing_filter in listing_filters.items()
        ],
        "sorts": [s for s in SORTS if s[0] != "relevance" or filters.get("q")],
        "per_page_choices": PER_PAGE,
        "tree": tree,
        "category": category,
        "breadcrumbs": tree.ancestors(category) if category else [],
    }


@require_GET
def product_list(request):
    """List every public piece with facets and sorting."""
    context = _listing_context(request, scope="all")
    return render(request, "catalogue/listing.html", context)


@require_GET
def category_detail(request, slug):
    """List the pieces of a category and its sub-categories."""
    tree = listing_cache.category_tree()
    category = tree.by_slug.get(slug)
    if category is None:
        raise Http404
    context = _listing_context(
        request, scope=f"category:{category.pk}", category=category, tree=tree
    )
    return render(request, "catalogue/listing.html", context)


@require_GET
def search(request):
    """Search pieces in any language; suggest something when nothing matches."""
    context = _listing_context(request, scope="all")
    context["searching"] = True
    query = context["filters"].get("q", "")
    if query and context["listing"].total == 0:
        tree = context["tree"]
        vocabulary = [
            getattr(c, f"title_{code}")
            for c in tree.by_pk.values()
            for code in ("ar", "fr", "en", "es")
        ]
        vocabulary += [
            getattr(m, f"title_{code}")
            for m in Material.objects.all()
            for code in ("ar", "fr", "en", "es")
        ]
        context["suggestion"] = suggest(query, vocabulary)
        context["top_categories"] = tree.children.get(None, [])
        context["fallback_products"] = selectors.home_featured(limit=4)
    return render(request, "catalogue/listing.html", context)


def _lead_time(days: int) -> tuple[int, str]:
    if days >= 14:
        return ceil(days / 7), "weeks"
    return days, "days"


@require_GET
def product_detail(request, slug):
    """Show a piece: photos, variants, price, stock, maker, shop and related pieces."""
    product = fragments.product_page(
        slug=slug, user=request.user, enabled=fragments_enabled(request)
    )
    if product is None:
        raise Http404
    if product.is_public and fragments_enabled(request):
        fragments.prefetch_page_parts(
            product, language=get_language(), currency=getattr(request, "currency", "MAD")
        )
    lang = (get_language() or "fr")[:2]
    title, title_lang = localized(product, "title", lang)
    description, description_lang = localized(product, "description", lang)
    variants = list(product.variants.all())
    chosen = next((v for v in variants if v.stock > 0), variants[0] if variants else None)
    tree_path = (
        [product.category.parent, product.category]
        if product.category.parent
        else [product.category]
    )
    return render(
        request,
        "catalogue/product_detail.html",
        {
            "product": product,
            "title": title,
            "title_lang": title_lang,
            "description": description,
            "description_lang": description_lang,
            "lang": lang,
            "variants": variants,
            "chosen": chosen,  # the price shown above the buy box
            "images": list(product.images.all()),
            "badges": product_badges(product, cached=fragments_enabled(request)),
            "materials": list(product.materials.all()),
            "shop": product.shop,
            "breadcrumbs": tree_path,
            "is_preview": not product.is_public,
            "weight_kg": Decimal(product.weight_grams) / 1000
            if product.weight_grams >= 1000
            else None,
        },
    )


@require_GET
def shop_detail(request, slug):
    """Show a shop: its story, region, makers and its pieces with the listing's facets."""
    shop = selectors.shop_for_page(slug=slug, user=request.user)
    if shop is None:
        raise Http404
    caching.depends_on(f"shop:{shop.pk}", "makers")
    base = selectors.products_public().filter(shop=shop)
    scope = f"shop:{shop.pk}"
    if shop.status != shop.Status.VERIFIED:
        base, scope = Product.objects.filter(shop=shop), None  # a preview: never shared
    context = _listing_context(request, scope=scope, base=base, facet_regions=False)
    context.update(
        shop=shop,
        members=selectors.cooperative_members(cooperative_id=shop.cooperative_id)
        if shop.cooperative_id
        else [],
        is_preview=shop.status != shop.Status.VERIFIED,
    )
    return render(request, "catalogue/shop_detail.html", context)


@require_GET
def artisan_detail(request, slug):
    """Show an artisan's story, craft, region, cooperatives and pieces."""
    artisan = selectors.artisan_for_page(slug=slug)
    if artisan is None:
        raise Http404
    caching.depends_on("makers", "listings", "list:all")
    return render(
        request,
        "catalogue/artisan_detail.html",
        {
            "artisan": artisan,
            "memberships": selectors.artisan_cooperatives(artisan=artisan),
            "products": selectors.artisan_products(artisan=artisan),
        },
    )


@require_GET
def cooperative_detail(request, slug):
    """Send a cooperative's address to its shop page."""
    caching.depends_on("makers")
    coop = Cooperative.objects.filter(slug=slug).select_related("shop").first()
    shop = getattr(coop, "shop", None) if coop else None
    if shop is None or selectors.shop_for_page(slug=shop.slug, user=request.user) is None:
        raise Http404
    return redirect("catalogue:shop", slug=shop.slug, permanent=True)


def buy_box(request, product_id, context=None) -> str:
    """Render a product's buy box: variants, stock, quantity limit (a hole of its page).

    Inside its page it reuses the page's product, variants and template context; alone (a
    stored page whose stock moved) it reads them, and depends on the product and its stock.
    """
    if context is not None and "product" in context:
        product, variants = context["product"], context["variants"]
    else:
        product = Product.objects.only("pk", "slug", "made_to_order", "lead_time_days").get(
            pk=product_id
        )
        variants = list(product.variants.filter(is_active=True))
    caching.depends_on(f"stock:{product.pk}", f"product:{product.pk}")
    chosen = next((v for v in variants if v.stock > 0), variants[0] if variants else None)
    lead_amount, lead_unit = _lead_time(product.lead_time_days)
    values = {
        "product": product,
        "variants": variants,
        "chosen": chosen,
        "lead_amount": lead_amount,
        "lead_unit": lead_unit,
    }
    if context is not None:
        # The page's own context: its context processors have run already.
        with context.push(values):
            return get_template("catalogue/_buy_box.html").template.render(context)
    return render_to_string("catalogue/_buy_box.html", values, request=request)


def related_box(request, product_id, context=None) -> str:
    """Render a product's related pieces (a hole of its page: they change with other pieces)."""
    if context is not None and "product" in context:
        product = context["product"]
        category_id, shop_id = product.category_id, product.shop_id
    else:
        row = Product.objects.filter(pk=product_id).values_list("category_id", "shop_id").first()
        if row is None:
            return ""
        category_id, shop_id = row
    ids = fragments.related_ids(
        product_id=int(product_id),
        category_id=category_id,
        shop_id=shop_id,
        enabled=fragments_enabled(request),
    )
    values = {"related": selectors.ProductPage(lambda: ids)}
    if context is not None:
        with context.push(values):
            return get_template("catalogue/_related.html").template.render(context)
    return render_to_string("catalogue/_related.html", values, request=request)


_PHOTO_TYPES = {"jpeg": "image/jpeg", "webp": "image/webp"}


@require_GET
def photo(request, image_id: int, variant: str):
    """Hand out a product photo not on public media: to anyone once its product is public,
    before that only to the shop's people and staff (a 404 to everyone else).

    `variant` is "original" (kept on the private storage; shown while renditions are not
    made yet) or "<size>.<format>" of a rendition.
    """
    image = get_object_or_404(ProductImage.objects.select_related("product__shop"), pk=image_id)
    product = image.product
    insider = selectors.can_preview(request.user, product.shop) or getattr(
        request.user, "is_moderator", False
    )
    if not (product.is_public or insider):
        raise Http404
    if variant == "original":
        return private_file_response(request, image.original, obj=image, audit=False)
    size, _dot, fmt = variant.partition(".")
    path = image.renditions.get(size, {}).get(fmt) if fmt in _PHOTO_TYPES else None
    if not path:
        raise Http404
    if image.public:
        return redirect(image.url(size, fmt))
    return private_file_response(
        request,
        path,
        obj=image,
        storage=image.rendition_storage,
        content_type=_PHOTO_TYPES[fmt],
        audit=False,
    )
