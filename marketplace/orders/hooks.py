"""Signals the orders app sends, so higher apps can follow an order without being imported.

`shop_order_changed` is sent inside the transaction of every status change of a shop order
(sender: ShopOrder; arguments: shop_order, from_status, to_status, actor). Receivers must not
lock rows of their own here (the order and shop order are locked): queue work after commit.
"""

from django.dispatch import Signal

shop_order_changed = Signal()
