"""Views of the buyer API: cart, checkout (idempotent), orders, cancelling and paying them."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.accounts.errors import AddressError, AddressErrorCode
from marketplace.core.api import ErrorSerializer, error_responses, request_currency
from marketplace.notify.phones import phone_masked

from .. import hooks, selectors, services
from ..errors import OrderError, OrderErrorCode
from ..models import Order
from ..status import BUYER_CANCELLABLE, PaymentMethodCode
from .serializers import (
    CancelSerializer,
    CartLineCreateSerializer,
    CartLineUpdateSerializer,
    CartSerializer,
    CheckoutConflictSerializer,
    CheckoutResponseSerializer,
    CheckoutSerializer,
    OrderSerializer,
    _buyer_order,
    _country,
    _zone,
    cart_data,
    failing_lines,
    order_data,
    payment_data,
)

# --- Views ---------------------------------------------------------------------------------------

CART_PARAMS = [
    OpenApiParameter("currency", str, enum=["MAD", "EUR", "USD"], required=False),
    OpenApiParameter(
        "country", str, required=False, description="Destination (ISO alpha-2) for shipping."
    ),
]


class CartView(APIView):
    """The signed-in buyer's cart, priced from the database, grouped by shop."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["cart"],
        operation_id="cart_retrieve",
        parameters=CART_PARAMS,
        responses=CartSerializer,
    )
    def get(self, request):
        cart = selectors.cart_for(user=request.user)
        priced = selectors.cart_priced(
            cart=cart,
            zone=_zone(request),
            currency=request_currency(request),
            country=_country(request),
            photos=False,
        )
        return Response(cart_data(priced))


class CartLines(APIView):
    """Add pieces of a variant to the cart."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["cart"],
        operation_id="cart_lines_create",
        parameters=CART_PARAMS,
        request=CartLineCreateSerializer,
        responses={201: CartSerializer, **error_responses(409)},
    )
    def post(self, request):
        data = CartLineCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # Most buyers adding a line have a cart: read it, create it only when missing.
        cart = selectors.cart_for(user=request.user) or services.cart_get_or_create(
            user=request.user
        )
        services.cart_add(
            cart=cart,
            variant_id=data.validated_data["variant"],
            quantity=data.validated_data["quantity"],
        )
        priced = selectors.cart_priced(
            cart=cart,
            zone=_zone(request),
            currency=request_currency(request),
            country=_country(request),
            photos=False,
        )
        return Response(cart_data(priced), status=status.HTTP_201_CREATED)


class CartLineDetail(APIView):
    """Change the quantity of a cart line, or remove it."""

    permission_classes = [permissions.IsAuthenticated]

    def _cart(self, request):
        cart = selectors.cart_for(user=request.user)
        if cart is None:
            raise NotFound("No such cart line.")
        return cart

    @extend_schema(
        tags=["cart"],
        operation_id="cart_lines_partial_update",
        parameters=CART_PARAMS,
        request=CartLineUpdateSerializer,
        responses={200: CartSerializer, **error_responses(409)},
    )
    def patch(self, request, line_id: int):
        data = CartLineUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cart = self._cart(request)
        services.cart_update(cart=cart, line_id=line_id, quantity=data.validated_data["quantity"])
        priced = selectors.cart_priced(
            cart=cart,
            zone=_zone(request),
            currency=request_currency(request),
            country=_country(request),
            photos=False,
        )
        return Response(cart_data(priced))

    @extend_schema(tags=["cart"], operation_id="cart_lines_destroy", responses={204: None})
    def delete(self, request, line_id: int):
        services.cart_remove(cart=self._cart(request), line_id=line_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CheckoutView(APIView):
    """Turn the cart into one order split per shop, and answer what the client needs to pay."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["checkout"],
        operation_id="checkout_create",
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                required=False,
                description="The same key (per cart) always answers the same single order.",
            )
        ],
        request=CheckoutSerializer,
        responses={
            201: CheckoutResponseSerializer,
            404: OpenApiResponse(
                ErrorSerializer, description="`address` is not one of your saved addresses."
            ),
            409: OpenApiResponse(
                CheckoutConflictSerializer,
                description="Nothing was ordered: out of stock, withdrawn or repriced lines "
                "(listed in `lines`), an empty cart, a destination a shop does not ship to or "
                "a parcel too heavy for it, a payment method not offered for this order, or an "
                "Idempotency-Key already used for a different request body "
                "(`idempotency_key_reused`).",
            ),
            503: OpenApiResponse(
                ErrorSerializer,
                description="The pieces are locked by other checkouts; retry after Retry-After.",
            ),
        },
    )
    def post(self, request):
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if "shipping_address" in values:
            address = dict(values["shipping_address"])
        else:
            saved = request.user.addresses.filter(pk=values["address"]).first()
            if saved is None:
                raise AddressError(AddressErrorCode.NOT_FOUND, fields={"address": ["not_found"]})
            address = saved.as_checkout()
        cart = selectors.cart_for(user=request.user)
        if cart is None:
            cart = services.cart_get_or_create(user=request.user)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:80] or None
        try:
            # The order comes back with its parts loaded and, paid by card, its Payment (the
            # PaymentIntent follows from a task: the buyer's pay step fetches it).
            order = services.order_place(
                cart=cart,
                email=values.get("email") or request.user.email,
                address=address,
                currency=values.get("currency") or request_currency(request),
                buyer=request.user,
                language=request.user.language,
                idempotency_key=key,
                payment_method=values["payment_method"],
            )
        except OrderError as exc:
            if exc.status != 409:
                raise
            # The checkout read the failing lines under its locks: no second look at the cart.
            if exc.code == OrderErrorCode.IDEMPOTENCY_KEY_REUSED:
                lines = []  # about the key, not the cart
            else:
                lines = exc.lines if hasattr(exc, "lines") else failing_lines(cart)
            body = {**exc.as_dict(), "lines": lines}
            body["fields"] = {k: [str(v) for v in vs] for k, vs in exc.fields.items()}
            return Response(body, status=status.HTTP_409_CONFLICT)
        if order.payment_method == PaymentMethodCode.COD:
            body = {"order": order_data(order), "payment": None, "confirmation": _cod(order)}
        else:
            body = {"order": order_data(order), "payment": _payment_or_none(order)}
        return Response(body, status=status.HTTP_201_CREATED)


def _cod(order: Order) -> dict:
    """Where a cash-on-delivery order's code went, and where to send it back."""
    kwargs = {"number": order.number}
    return {
        "phone": phone_masked(order.ship_phone.replace(" ", "")),
        "confirm_url": reverse("api:order_cod_confirm", kwargs=kwargs),
        "resend_url": reverse("api:order_cod_resend", kwargs=kwargs),
    }


def _payment_or_none(order: Order) -> dict | None:
    """The order's payment as the checkout left it: no call to the provider.

    Its `client_secret` is empty until the `payments.start_intent` task has created the
    PaymentIntent (moments after the commit); GET orders/{number}/payment/ answers it then,
    creating the intent itself if need be. None when the order is not paid by card.
    """
    payment = hooks.payment_start_for_checkout(order=order)
    return payment_data(payment) if payment is not None else None


class OrderList(ListAPIView):
    """The signed-in buyer's orders, newest first."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = OrderSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.orders_for_buyer(user=self.request.user).prefetch_related(
            "shop_orders__lines"
        )

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([order_data(o) for o in page])

    @extend_schema(tags=["orders"], operation_id="orders_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class OrderDetail(APIView):
    """One of the buyer's orders (another buyer's is a 404)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(tags=["orders"], operation_id="orders_retrieve", responses=OrderSerializer)
    def get(self, request, number: str):
        return Response(order_data(_buyer_order(request.user, number)))


class OrderCancel(APIView):
    """Cancel the order (or one shop's part) before the shop accepts it; stock returns."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_cancel",
        request=CancelSerializer,
        responses={200: OrderSerializer, **error_responses(409)},
    )
    def post(self, request, number: str):
        data = CancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = _buyer_order(request.user, number)
        parts = list(order.shop_orders.all())
        wanted = data.validated_data.get("shop_order")
        if wanted is not None:
            parts = [so for so in parts if so.pk == wanted]
            if not parts:
                raise NotFound("No such part of this order.")
        cancellable = [so for so in parts if so.status in BUYER_CANCELLABLE]
        if not cancellable:
            raise OrderError(OrderErrorCode.NOT_CANCELLABLE)
        for so in cancellable:
            services.shop_order_cancel(
                shop_order_id=so.pk,
                actor=request.user,
                reason=data.validated_data["reason"] or "Cancelled by the buyer",
                by_buyer=True,
            )
        return Response(order_data(_buyer_order(request.user, number)))
