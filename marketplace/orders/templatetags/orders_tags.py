"""Order amounts in the order's own currency, with the rate stored at checkout."""

from django import template

from marketplace.core.money import convert_from_mad, format_money

register = template.Library()


@register.simple_tag
def order_money(amount_mad, order):
    """Render a MAD amount of an order in the order's currency at the order's rate."""
    if amount_mad is None or amount_mad == "":
        return ""
    return format_money(
        convert_from_mad(amount_mad, order.currency, order.exchange_rate), order.currency
    )
