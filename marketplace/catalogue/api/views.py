"""Catalogue API views: categories, the product list with facets, a product's page."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from artisans.models import Shop
from marketplace.core.api import request_currency
from marketplace.core.selectors import exchange_rates

from .. import selectors
from ..hooks import listing_filters
from ..models import Category
from .serializers import (
    ORDERINGS,
    CategorySerializer,
    ProductCardSerializer,
    ProductDetailSerializer,
    ProductPageSerializer,
    ProductQuerySerializer,
    can_see_stock,
)


def _facet_values(values) -> list[dict]:
    return [
        {"value": f.value, "label": f.label or f.value, "count": f.count, "selected": f.selected}
        for f in values
    ]


def _amount(value) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def _page_url(request, page: int | None) -> str | None:
    if page is None:
        return None
    query = request.query_params.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(request.path) + "?" + query.urlencode()


class CategoryList(ListAPIView):
    """The category tree, parents first."""

    permission_classes = [permissions.AllowAny]
    serializer_class = CategorySerializer
    filter_backends = []

    def get_queryset(self):
        return Category.objects.select_related("parent").order_by("parent_id", "position", "slug")

    @extend_schema(tags=["catalogue"], operation_id="categories_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ProductList(APIView):
    """Search and browse published products of verified shops, with facets."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["catalogue"],
        operation_id="products_list",
        parameters=[ProductQuerySerializer],
        responses={200: ProductPageSerializer},
    )
    def get(self, request):
        params = ProductQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = params.validated_data
        currency = values.get("currency") or request_currency(request)
        rates = exchange_rates()
        tree = selectors.category_tree()
        base = None
        if values.get("shop"):
            base = selectors.products_public().filter(shop__slug=values["shop"])
        if values.get("category") and values["category"] not in tree.by_slug:
            raise NotFound("No such category.")
        ordering = values.get("ordering") or ("relevance" if values.get("q") else "newest")
        filters = {
            "q": values.get("q", ""),
            "category": values.get("category", ""),
            "region": values.get("region") or [],
            "material": values.get("material") or [],
            "kind": values.get("kind", ""),
            "mto": values.get("made_to_order", False),
            "in_stock": values.get("in_stock", False),
            "min": values.get("min_price"),
            "max": values.get("max_price"),
            "per_page": values["page_size"],
            "sort": ORDERINGS[ordering],
        }
        for name in listing_filters:  # filters of the apps above (hooks.py)
            filters[name] = values.get(name, "")
        listing = selectors.product_listing(
            filters=filters,
            currency=currency,
            rates=rates,
            tree=tree,
            base=base,
            page_number=values["page"],
        )
        page = listing.page
        if values["page"] > max(page.paginator.num_pages, 1):
            raise NotFound("Invalid page.")
        context = {"request": request, "currency": currency, "rates": rates}
        return Response(
            {
                "count": listing.total,
                "next": _page_url(request, page.next_page_number() if page.has_next() else None),
                "previous": _page_url(
                    request, page.previous_page_number() if page.has_previous() else None
                ),
                "results": ProductCardSerializer(page.object_list, many=True, context=context).data,
                "facets": {
                    "category": _facet_values(listing.categories),
                    "region": _facet_values(listing.regions),
                    "material": _facet_values(listing.materials),
                    "kind": _facet_values(listing.kinds),
                    "made_to_order": listing.made_to_order,
                    "in_stock": listing.in_stock,
                    "price": [
                        {"min": _amount(b["min"]), "max": _amount(b["max"]), "count": b["count"]}
                        for b in listing.price_buckets
                    ],
                    "currency": currency,
                },
            }
        )


class ProductDetail(APIView):
    """One product with variants, photos, maker and shop (404 unless public, or yours)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        tags=["catalogue"],
        operation_id="products_retrieve",
        parameters=[
            OpenApiParameter("currency", str, enum=["MAD", "EUR", "USD"], required=False),
        ],
        responses={200: ProductDetailSerializer},
    )
    def get(self, request, slug: str):
        product = selectors.product_for_page(slug=slug, user=request.user)
        if product is None:
            raise NotFound("No such product.")
        context = {
            "request": request,
            "currency": request_currency(request),
            "rates": exchange_rates(),
            "show_stock": can_see_stock(request.user, product.shop),
        }
        return Response(ProductDetailSerializer(product, context=context).data)


def shop_product_count(shop: Shop) -> int:
    """Return how many public products a shop has."""
    return selectors.products_public().filter(shop=shop).count()
