"""Serializers and shapes of the buyer API: cart, checkout, orders, payment."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from marketplace.core.api import ErrorSerializer, MoneySerializer
from marketplace.core.money import Money, convert_from_mad
from marketplace.shipping.api import ImportEstimateSerializer, estimate_data
from marketplace.shipping.carriers import tracking_link

from .. import selectors
from ..countries import zone_for_country
from ..models import Order
from ..status import BUYER_CANCELLABLE, PaymentMethodCode, ShopOrderStatus


def _country(request) -> str:
    """Return the destination asked for (?country=), else the buyer's country, else Morocco."""
    country = (request.query_params.get("country") or request.user.country or "MA").upper()
    return country if zone_for_country(country) else "MA"


def _zone(request) -> str:
    return zone_for_country(_country(request))


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
    shipping_refused = serializers.ChoiceField(
        choices=["", "not_served", "too_heavy"], help_text="Why shipping is null."
    )
    days_min = serializers.IntegerField(help_text="Preparation plus transit, in days.")
    days_max = serializers.IntegerField()
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
    import_estimate = ImportEstimateSerializer(
        allow_null=True, help_text="With ?country= in the US, the EU or the UK."
    )


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
                "shipping_refused": group.quote.refused if group.quote else "",
                "days_min": group.quote.days_min if group.quote else 0,
                "days_max": group.quote.days_max if group.quote else 0,
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
        "import_estimate": estimate_data(priced.estimate.as_dict() if priced.estimate else {}),
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
    shipping_address = AddressSerializer(
        required=False, help_text="Required unless `address` names a saved address."
    )
    address = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The id of one of your saved addresses (GET me/addresses/), instead of "
        "`shipping_address`. The order keeps a copy: changing the saved one later never "
        "changes it.",
    )
    payment_method = serializers.ChoiceField(
        choices=PaymentMethodCode.choices,
        required=False,
        default=PaymentMethodCode.CARD,
        help_text="`cod` (cash on delivery): Moroccan address and phone, MAD, every shop opted "
        "in; a code is then sent to the phone (POST orders/{number}/cod/confirm/).",
    )

    def validate(self, attrs):
        if "shipping_address" not in attrs and "address" not in attrs:
            raise serializers.ValidationError(
                {"shipping_address": ["Send shipping_address or a saved address id."]}
            )
        return attrs


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
    cod_fee = MoneySerializer(help_text="Cash-on-delivery fee, in MAD (0 for cards).")
    carrier = serializers.CharField()
    tracking_number = serializers.CharField()
    tracking_url = serializers.CharField(help_text="The carrier's tracking page; '' if none.")
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


def shipping_address_data(order) -> dict:
    """Serialise an order's shipping address (the shape of ShippingAddressOutSerializer)."""
    return {
        "name": order.ship_name,
        "line1": order.ship_line1,
        "line2": order.ship_line2,
        "city": order.ship_city,
        "postal_code": order.ship_postal_code,
        "country": order.ship_country,
        "phone": order.ship_phone,
    }


class OrderSerializer(serializers.Serializer):
    number = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    paid_at = serializers.DateTimeField(allow_null=True)
    email = serializers.EmailField()
    currency = serializers.CharField()
    payment_method = serializers.ChoiceField(choices=PaymentMethodCode.choices)
    total = MoneySerializer(help_text="What the buyer pays, in the order's currency.")
    total_mad = MoneySerializer()
    held_for_review = serializers.BooleanField()
    shipping_address = ShippingAddressOutSerializer()
    shop_orders = ShopOrderSerializer(many=True)
    import_estimate = ImportEstimateSerializer(
        allow_null=True, help_text="Import charges shown before paying, as they were shown."
    )


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
                "cod_fee": _money(so.cod_fee_mad, "MAD"),
                "total": _money(so.total, order.currency),
                "carrier": so.carrier,
                "tracking_number": so.tracking_number,
                "tracking_url": tracking_link(so.carrier, so.tracking_number),
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
        "payment_method": order.payment_method,
        "total": _money(order.total, order.currency),
        "total_mad": _money(order.total_mad, "MAD"),
        "held_for_review": order.held_for_review,
        "shipping_address": shipping_address_data(order),
        "shop_orders": parts,
        "import_estimate": estimate_data(order.import_estimate),
    }


class PaymentSerializer(serializers.Serializer):
    client_secret = serializers.CharField(help_text="For Stripe.js confirmCardPayment/3-D Secure.")
    publishable_key = serializers.CharField()
    amount = serializers.CharField(help_text="Decimal string in `currency`.")
    currency = serializers.CharField()
    status = serializers.CharField()
    last_error = serializers.CharField()


class CodConfirmationSerializer(serializers.Serializer):
    phone = serializers.CharField(help_text="Where the code went, mostly masked.")
    confirm_url = serializers.CharField()
    resend_url = serializers.CharField()


class CheckoutResponseSerializer(serializers.Serializer):
    order = OrderSerializer()
    payment = PaymentSerializer(
        allow_null=True,
        help_text="Card: null when the payment service did not answer (GET "
        "orders/{number}/payment/). Cash on delivery: always null.",
    )
    confirmation = CodConfirmationSerializer(
        required=False, help_text="Cash on delivery only: where to send the code received."
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


class CardSetupSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The SetupIntent id (seti_…).")
    client_secret = serializers.CharField()
    publishable_key = serializers.CharField()
