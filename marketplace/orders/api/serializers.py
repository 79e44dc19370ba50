"""API: the buyer's cart, checkout (idempotent), orders, cancelling and paying them."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from marketplace.core.api import ErrorSerializer, MoneySerializer, error_responses
from marketplace.core.money import Money, convert_from_mad

from . import selectors, services
from .countries import zone_for_country
from .errors import OrderError, OrderErrorCode
from .models import Order, ShopOrder
from .status import ShopOrderStatus

# A buyer may cancel their part of an order until the shop accepts it.
BUYER_CANCELLABLE = {ShopOrderStatus.PENDING_PAYMENT, ShopOrderStatus.PAID}


def _currency(request, value: str | None = None) -> str:
    chosen = (value or request.query_params.get("currency") or "").upper()
    if chosen in settings.CURRENCIES:
        return chosen
    if request.user.is_authenticated and request.user.currency in settings.CURRENCIES:
        return request.user.currency
    return settings.BASE_CURRENCY


def _zone(request) -> str:
    country = (request.query_params.get("country") or request.user.country or "MA").upper()
    return zone_for_country(country) or zone_for_country("MA")


def _money(amount, currency: str) -> dict:
    return Money(Decimal(amount), currency).as_dict()


# --- Serializers ---------------------------------------------------------------------------------


class RefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class CartVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())


class CartProductSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = CartVariantSerializer()
    product = CartProductSerializer()
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer()
    line_total = MoneySerializer()
    unavailable = serializers.BooleanField(help_text="No longer for sale: remove it.")
    short_of_stock = serializers.BooleanField(help_text="More than what is left.")
    price_changed = serializers.BooleanField(help_text="The price changed since it was added.")


class CartShopSerializer(serializers.Serializer):
    shop = RefSerializer()
    lines = CartLineSerializer(many=True)
    subtotal = MoneySerializer()
    shipping = MoneySerializer(allow_null=True, help_text="null: no shipping to this zone.")
    total = MoneySerializer()


class CartSerializer(serializers.Serializer):
    currency = serializers.CharField()
    zone = serializers.CharField()
    count = serializers.IntegerField()
    shops = CartShopSerializer(many=True)
    subtotal = MoneySerializer()
    shipping = MoneySerializer()
    total = MoneySerializer()
    has_problems = serializers.BooleanField()
    price_changed = serializers.BooleanField()


def cart_data(priced) -> dict:
    """Serialise a priced cart: prices from the database, in the buyer's currency."""
    cur, rate = priced.currency, priced.rate

    def shown(amount_mad):
        return _money(convert_from_mad(amount_mad, cur, rate), cur)

    shops = []
    for group in priced.groups:
        lines = []
        for pl in group.lines:
            variant = pl.line.variant
            lines.append(
                {
                    "id": pl.line.pk,
                    "variant": {
                        "id": variant.pk,
                        "sku": variant.sku,
                        "options": {k: str(v) for k, v in (variant.options or {}).items()},
                    },
                    "product": {"slug": variant.product.slug, "title": variant.product.title},
                    "quantity": pl.line.quantity,
                    "unit_price": shown(pl.unit_price_mad),
                    "line_total": shown(pl.line_total_mad),
                    "unavailable": pl.unavailable,
                    "short_of_stock": pl.short_of_stock,
                    "price_changed": pl.price_changed,
                }
            )
        shops.append(
            {
                "shop": {"slug": group.shop.slug, "name": group.shop.name},
                "lines": lines,
                "subtotal": shown(group.subtotal_mad),
                "shipping": shown(group.shipping_mad) if group.ships else None,
                "total": shown(group.total_mad),
            }
        )
    return {
        "currency": cur,
        "zone": priced.zone,
        "count": priced.count,
        "shops": shops,
        "subtotal": shown(priced.subtotal_mad),
        "shipping": shown(priced.shipping_mad),
        "total": _money(priced.total, cur),
        "has_problems": priced.has_problems,
        "price_changed": priced.price_changed,
    }


class CartLineCreateSerializer(serializers.Serializer):
    variant = serializers.IntegerField(min_value=1, help_text="A variant id.")
    quantity = serializers.IntegerField(min_value=1, max_value=99, default=1)


class CartLineUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1, max_value=99)


class AddressSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    line1 = serializers.CharField(max_length=200)
    line2 = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100)
    postal_code = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    country = serializers.CharField(
        min_length=2, max_length=2, help_text="ISO 3166-1 alpha-2, e.g. US, FR, MA."
    )
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class CheckoutSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, help_text="Defaults to the account's e-mail.")
    currency = serializers.ChoiceField(choices=["MAD", "EUR", "USD"], required=False)
    shipping_address = AddressSerializer()


class OrderLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    sku = serializers.CharField()
    options = serializers.DictField(child=serializers.CharField())
    quantity = serializers.IntegerField()
    unit_price = MoneySerializer(help_text="In MAD, as copied at checkout.")
    line_total = MoneySerializer(help_text="In MAD.")


class ShopOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    shop = RefSerializer()
    status = serializers.ChoiceField(choices=ShopOrderStatus.choices)
    subtotal = MoneySerializer(help_text="In MAD.")
    shipping = MoneySerializer(help_text="In MAD.")
    total = MoneySerializer(help_text="In the order's currency.")
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    cancel_reason = serializers.CharField()
    can_cancel = serializers.BooleanField()
    lines = OrderLineSerializer(many=True)


class ShippingAddressOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    line1 = serializers.CharField()
    line2 = serializers.CharField()
    city = serializers.CharField()
    postal_code = serializers.CharField()
    country = serializers.CharField()
    phone = serializers.CharField()


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    email = serializers.EmailField()
    currency = serializers.CharField()
    total = MoneySerializer(help_text="What the buyer pays, in the order's currency.")
    total_mad = MoneySerializer()
    held_for_review = serializers.BooleanField()
    shipping_address = ShippingAddressOutSerializer()
    shop_orders = ShopOrderSerializer(many=True)


def order_data(order: Order) -> dict:
    """Serialise an order with its shop parts and lines."""
    parts = []
    for so in order.shop_orders.all():
        parts.append(
            {
                "id": so.pk,
                "shop": {"slug": so.shop.slug, "name": so.shop.name},
                "status": so.status,
                "subtotal": _money(so.subtotal_mad, "MAD"),
                "shipping": _money(so.shipping_mad, "MAD"),
                "total": _money(so.total, order.currency),
                "carrier": so.carrier,
                "tracking_number": so.tracking_number,
                "cancel_reason": so.cancel_reason,
                "can_cancel": so.status in BUYER_CANCELLABLE,
                "lines": [
                    {
                        "id": line.pk,
                        "title": line.title,
                        "sku": line.sku,
                        "options": {k: str(v) for k, v in (line.options or {}).items()},
                        "quantity": line.quantity,
                        "unit_price": _money(line.unit_price_mad, "MAD"),
                        "line_total": _money(line.line_total_mad, "MAD"),
                    }
                    for line in so.lines.all()
                ],
            }
        )
    return {
        "number": order.number,
        "status": order.status,
        "created_at": serializers.DateTimeField().to_representation(order.created_at),
        "paid_at": serializers.DateTimeField().to_representation(order.paid_at)
        if order.paid_at
        else None,
        "email": order.email,
        "currency": order.currency,
        "total": _money(order.total, order.currency),
        "total_mad": _money(order.total_mad, "MAD"),
        "held_for_review": order.held_for_review,
        "shipping_address": {
            "name": order.ship_name,
            "line1": order.ship_line1,
            "line2": order.ship_line2,
            "city": order.ship_city,
            "postal_code": order.ship_postal_code,
            "country": order.ship_country,
            "phone": order.ship_phone,
        },
        "shop_orders": parts,
    }


class PaymentSerializer(serializers.Serializer):
    client_secret = serializers.CharField(help_text="For Stripe.js confirmCardPayment/3-D Secure.")
    publishable_key = serializers.CharField()
    amount = serializers.CharField(help_text="Decimal string in `currency`.")
    currency = serializers.CharField()
    status = serializers.CharField()
    last_error = serializers.CharField()


class CheckoutResponseSerializer(serializers.Serializer):
    order = OrderSerializer()
    payment = PaymentSerializer(
        allow_null=True,
        help_text="null when the payment service did not answer; GET orders/{number}/payment/.",
    )


class FailingLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = serializers.IntegerField()
    title = serializers.CharField()
    quantity = serializers.IntegerField()
    available = serializers.IntegerField()
    problem = serializers.ChoiceField(choices=["out_of_stock", "not_available", "price_changed"])


class CheckoutConflictSerializer(ErrorSerializer):
    lines = FailingLineSerializer(many=True)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    shop_order = serializers.IntegerField(
        required=False, min_value=1, help_text="Only this shop's part (default: every part)."
    )


class PayRequestSerializer(serializers.Serializer):
    payment_method = serializers.RegexField(
        r"^pm_[A-Za-z0-9_]{1,200}$",
        max_length=220,
        help_text="A Stripe PaymentMethod id (pm_…) created with the publishable key.",
    )


def payment_data(payment) -> dict:
    """Serialise what a client needs to pay."""
    return {
        "client_secret": payment.client_secret,
        "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        "amount": f"{payment.amount:.2f}",
        "currency": payment.currency,
        "status": payment.status,
        "last_error": payment.last_error,
    }


def failing_lines(cart) -> list[dict]:
    """Return the cart lines that stop a checkout (out of stock, withdrawn, repriced)."""
    if cart is None:
        return []
    priced = selectors.cart_priced(cart=cart, zone="MA", currency="MAD")
    out = []
    for pl in priced.lines:
        problem = (
            "not_available"
            if pl.unavailable
            else "out_of_stock"
            if pl.short_of_stock
            else "price_changed"
            if pl.price_changed
            else None
        )
        if problem:
            variant = pl.line.variant
            out.append(
                {
                    "id": pl.line.pk,
                    "variant": variant.pk,
                    "title": variant.product.title,
                    "quantity": pl.line.quantity,
                    "available": max(variant.stock, 0),
                    "problem": problem,
                }
            )
    return out


def _buyer_order(user, number: str) -> Order:
    order = selectors.order_by_number(number=number)
    if order is None or order.buyer_id != user.pk:
        raise NotFound("No such order.")
    return order


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
        priced = selectors.cart_priced(cart=cart, zone=_zone(request), currency=_currency(request))
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
        cart = services.cart_get_or_create(user=request.user)
        services.cart_add(
            cart=cart,
            variant_id=data.validated_data["variant"],
            quantity=data.validated_data["quantity"],
        )
        priced = selectors.cart_priced(cart=cart, zone=_zone(request), currency=_currency(request))
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
        priced = selectors.cart_priced(cart=cart, zone=_zone(request), currency=_currency(request))
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
            409: OpenApiResponse(
                CheckoutConflictSerializer,
                description="Out of stock, withdrawn or repriced lines; nothing was ordered.",
            ),
        },
    )
    def post(self, request):
        data = CheckoutSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        cart = selectors.cart_for(user=request.user)
        if cart is None:
            cart = services.cart_get_or_create(user=request.user)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:80] or None
        try:
            order = services.order_place(
                cart=cart,
                email=values.get("email") or request.user.email,
                address=dict(values["shipping_address"]),
                currency=values.get("currency") or _currency(request),
                buyer=request.user,
                language=request.user.language,
                idempotency_key=key,
            )
        except OrderError as exc:
            if exc.status != 409:
                raise
            body = {**exc.as_dict(), "lines": failing_lines(cart)}
            body["fields"] = {k: [str(v) for v in vs] for k, vs in exc.fields.items()}
            return Response(body, status=status.HTTP_409_CONFLICT)
        order = selectors.order_by_number(number=order.number)
        return Response(
            {"order": order_data(order), "payment": _payment_or_none(order)},
            status=status.HTTP_201_CREATED,
        )


def _payment_or_none(order: Order) -> dict | None:
    """Start (or reuse) the order's payment; None when the payment service is unreachable."""
    from payments.errors import PaymentError
    from payments.services import payment_start

    try:
        payment = payment_start(order_id=order.pk)
    except PaymentError:
        return None
    return payment_data(payment)


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
            )
        return Response(order_data(_buyer_order(request.user, number)))


class OrderPayment(APIView):
    """What the client needs to pay an order, and the server-side card confirmation."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_retrieve",
        responses={
            200: PaymentSerializer,
            409: OpenApiResponse(ErrorSerializer, description="The order is not payable."),
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def get(self, request, number: str):
        from payments.services import payment_start

        order = _buyer_order(request.user, number)
        return Response(payment_data(payment_start(order_id=order.pk)))

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_confirm",
        request=PayRequestSerializer,
        responses={
            200: PaymentSerializer,
            402: OpenApiResponse(ErrorSerializer, description="The card was declined."),
            409: OpenApiResponse(ErrorSerializer, description="The order is not payable."),
            502: OpenApiResponse(ErrorSerializer, description="The payment service refused."),
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def post(self, request, number: str):
        from payments.services import payment_confirm

        data = PayRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        order = _buyer_order(request.user, number)
        payment = payment_confirm(
            order_id=order.pk, payment_method_id=data.validated_data["payment_method"]
        )
        return Response(payment_data(payment))


class CardSetupSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The SetupIntent id (seti_…).")
    client_secret = serializers.CharField()
    publishable_key = serializers.CharField()


class OrderPaymentSetup(APIView):
    """A SetupIntent for collecting a card with the publishable key (Stripe.js confirmCardSetup).

    Its payment method is then sent to `orders/{number}/payment/` (POST), which confirms the
    order's PaymentIntent on the server; the order is marked paid by Stripe's webhook only.
    """

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        tags=["orders"],
        operation_id="orders_payment_setup",
        request=None,
        responses={
            201: CardSetupSerializer,
            503: OpenApiResponse(ErrorSerializer, description="The payment service is down."),
        },
    )
    def post(self, request, number: str):
        from payments import stripe_client

        _buyer_order(request.user, number)
        setup = stripe_client.setup_intent_create()
        return Response(
            {**setup, "publishable_key": settings.STRIPE_PUBLISHABLE_KEY},
            status=status.HTTP_201_CREATED,
        )


__all__ = [
    "CartLineDetail",
    "CartLines",
    "CartView",
    "CheckoutView",
    "OrderCancel",
    "OrderDetail",
    "OrderList",
    "OrderPayment",
    "OrderPaymentSetup",
    "ShopOrder",
]
