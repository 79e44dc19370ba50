"""Carry the refunds made before orders kept their own refunded amount onto the shop orders."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Sum


def backfill(apps, schema_editor):
    Refund = apps.get_model("payments", "Refund")
    ShopOrder = apps.get_model("orders", "ShopOrder")
    sums = (
        Refund.objects.filter(status="succeeded")
        .values("shop_order_id")
        .annotate(amount=Sum("amount"))
    )
    for row in sums:
        shop_order = ShopOrder.objects.get(pk=row["shop_order_id"])
        shop_order.refunded = min(Decimal(row["amount"]).quantize(Decimal("0.01")), shop_order.total)
        shop_order.save(update_fields=["refunded"])


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0004_payout_bank_snapshot"),
        ("orders", "0004_shoporder_refunded"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
