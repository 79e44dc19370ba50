"""Cart writes: add, change quantity, remove, merge at log-in.

A cart line is the one row whose loss in a server crash costs the buyer only a retry: these
writes commit without waiting for the disk (core.transactions.commit_without_waiting_for_disk).
Checkout, which turns the lines into an order and takes the stock, waits for it as every other
write does.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from marketplace.catalogue.models import Variant
from marketplace.core.transactions import commit_without_waiting_for_disk

from ..errors import OrderError, OrderErrorCode
from ..models import Cart, CartLine
from ..selectors import variant_is_sellable

MAX_QUANTITY = 99
_WHOLE = re.compile(r"\s*\+?\d{1,6}\s*")


def parse_quantity(value) -> int:
    """Return a quantity from user input, or refuse anything but a whole number from 1 to 99."""
    if isinstance(value, bool):
        quantity = None
    elif isinstance(value, int):
        quantity = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value):
        quantity = int(value)
    else:
        quantity = None
    if quantity is None or not 1 <= quantity <= MAX_QUANTITY:
        raise OrderError(
            OrderErrorCode.INVALID_QUANTITY, max=MAX_QUANTITY, fields={"quantity": ["invalid"]}
        )
    return quantity


def _sellable_variant(variant_id) -> Variant:
    try:
        pk = int(variant_id)
    except (TypeError, ValueError):
        raise OrderError(OrderErrorCode.NOT_AVAILABLE) from None
    variant = Variant.objects.select_related("product__shop").filter(pk=pk).first()
    if variant is None or not variant_is_sellable(variant):
        raise OrderError(OrderErrorCode.NOT_AVAILABLE)
    return variant


def _check_stock(variant: Variant, quantity: int) -> None:
    if quantity > variant.stock:
        raise OrderError(
            OrderErrorCode.OUT_OF_STOCK,
            available=variant.stock,
            title=variant.product.title,
            fields={"quantity": ["out_of_stock"]},
        )


def cart_get_or_create(*, user=None, session_key: str | None = None) -> Cart:
    """Return the signed-in buyer's cart or the session's cart, creating it when missing."""
    lookup = {"user": user} if user is not None else {"session_key": session_key}
    try:
        with transaction.atomic():
            commit_without_waiting_for_disk()
            cart, _created = Cart.objects.get_or_create(**lookup)
    except IntegrityError:  # created by a parallel request
        cart = Cart.objects.get(**lookup)
    return cart


def cart_add(*, cart: Cart, variant_id, quantity) -> CartLine:
    """Add pieces of a variant to a cart, within the stock and 99 per line."""
    quantity = parse_quantity(quantity)
    variant = _sellable_variant(variant_id)
    with transaction.atomic():
        commit_without_waiting_for_disk()
        Cart.objects.select_for_update().filter(pk=cart.pk).first()  # one writer per cart
        line = CartLine.objects.filter(cart=cart, variant=variant).first()
        total = quantity + (line.quantity if line else 0)
        if total > MAX_QUANTITY:  # a valid quantity, too many with what the line holds
            raise OrderError(
                OrderErrorCode.INVALID_QUANTITY,
                max=MAX_QUANTITY,
                fields={"quantity": ["invalid"]},
                status=409,
            )
        _check_stock(variant, total)
        if line is None:
            line = CartLine.objects.create(
                cart=cart, variant=variant, quantity=total, price_seen=variant.price
            )
        else:
            line.quantity = total
            line.price_seen = variant.price
            line.save(update_fields=["quantity", "price_seen", "updated_at"])
        cart.save(update_fields=["updated_at"])
    return line


def _own_line(cart: Cart, line_id) -> CartLine:
    try:
        pk = int(line_id)
    except (TypeError, ValueError):
        raise OrderError(OrderErrorCode.NOT_FOUND, status=404) from None
    line = CartLine.objects.select_related("variant__product__shop").filter(pk=pk, cart=cart)
    line = line.first()
    if line is None:
        raise OrderError(OrderErrorCode.NOT_FOUND, status=404)
    return line


def cart_update(*, cart: Cart, line_id, quantity) -> CartLine:
    """Set a cart line's quantity (1 to the stock, at most 99)."""
    quantity = parse_quantity(quantity)
    with transaction.atomic():
        commit_without_waiting_for_disk()
        line = _own_line(cart, line_id)
        if not variant_is_sellable(line.variant):
            raise OrderError(OrderErrorCode.NOT_AVAILABLE)
        _check_stock(line.variant, quantity)
        line.quantity = quantity
        line.save(update_fields=["quantity", "updated_at"])
    return line


def cart_remove(*, cart: Cart, line_id) -> None:
    """Take a line out of a cart."""
    with transaction.atomic():
        commit_without_waiting_for_disk()
        _own_line(cart, line_id).delete()


def cart_merge(*, source: Cart, target: Cart) -> Cart:
    """Move a session cart's lines into the buyer's cart at log-in, then drop the session cart."""
    if source.pk == target.pk:
        return target
    with transaction.atomic():
        commit_without_waiting_for_disk()
        carts = Cart.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
        list(carts.order_by("pk"))
        existing = {line.variant_id: line for line in target.lines.select_related("variant")}
        for line in source.lines.select_related("variant"):
            mine = existing.get(line.variant_id)
            if mine is None:
                line.cart = target
                line.save(update_fields=["cart", "updated_at"])
                continue
            merged = min(mine.quantity + line.quantity, MAX_QUANTITY, max(line.variant.stock, 1))
            mine.quantity = max(merged, mine.quantity)
            mine.save(update_fields=["quantity", "updated_at"])
        source.delete()
    return target
