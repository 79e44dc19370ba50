"""How a cooperative's piece divides between its makers and its fund, frozen at sale.

Per piece: the shop's net is the price less the platform's commission on it (rounded to the
cent as the ledger rounds it); each maker gets her percentage of that net, rounded once to
the cent; the fund gets the rest, so the parts always add up to the net exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q

from artisans.models import Membership
from marketplace.catalogue.models import Product
from marketplace.core.money import quantize
from marketplace.orders.models import OrderLine, ShopOrder

from ..errors import ProvenanceError, ProvenanceErrorCode
from ..models import LineSplit, MemberShare, SplitMaker, SplitRule
from .common import audit

HUNDRED = Decimal("100")
CENT = Decimal("0.01")


def _percent(value) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(CENT)
    except (ArithmeticError, ValueError, TypeError):
        raise ProvenanceError(ProvenanceErrorCode.SPLIT_NOT_100) from None
    if not number.is_finite() or number < 0 or number > HUNDRED:
        raise ProvenanceError(ProvenanceErrorCode.SPLIT_NOT_100)
    return number


def split_rule_set(*, shop, actor, fund_percent, makers, product_id=None) -> SplitRule:
    """Set a cooperative's split (per product, or its default): makers' % + fund % = 100.

    `makers`: [(artisan_id, percent)], each a member of the cooperative, named once.
    """
    if not shop.cooperative_id:
        raise ProvenanceError(ProvenanceErrorCode.NOT_A_COOPERATIVE)
    product = None
    if product_id not in (None, ""):
        product = (
            Product.objects.filter(pk=product_id, shop_id=shop.pk).first()
            if str(product_id).isdigit()
            else None
        )
        if product is None:
            raise ProvenanceError(ProvenanceErrorCode.NOT_YOUR_PRODUCT)
    fund = _percent(fund_percent)
    rows = []
    for artisan_id, percent in makers:
        share = _percent(percent)
        if share <= 0:
            raise ProvenanceError(ProvenanceErrorCode.SPLIT_NOT_100)
        rows.append((str(artisan_id), share))
    ids = [artisan_id for artisan_id, _share in rows]
    if len(set(ids)) != len(ids) or not all(i.isdigit() for i in ids):
        raise ProvenanceError(ProvenanceErrorCode.SPLIT_BAD_MAKER)
    members = set(
        Membership.objects.filter(
            cooperative_id=shop.cooperative_id, artisan_id__in=[int(i) for i in ids]
        ).values_list("artisan_id", flat=True)
    )
    if len(members) != len(ids):
        raise ProvenanceError(ProvenanceErrorCode.SPLIT_BAD_MAKER)
    if fund + sum((share for _i, share in rows), Decimal("0")) != HUNDRED:
        raise ProvenanceError(ProvenanceErrorCode.SPLIT_NOT_100)
    with transaction.atomic():
        rule, _created = SplitRule.objects.select_for_update().get_or_create(
            shop=shop, product=product, defaults={"fund_percent": fund, "updated_by": actor}
        )
        before = {
            "fund": str(rule.fund_percent),
            "makers": [[m.artisan_id, str(m.percent)] for m in rule.makers.all()],
        }
        rule.fund_percent = fund
        rule.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        rule.save()
        rule.makers.all().delete()
        SplitMaker.objects.bulk_create(
            SplitMaker(rule=rule, artisan_id=int(i), percent=share) for i, share in rows
        )
        audit(
            actor=actor,
            action="split_rule_set",
            obj=rule,
            changes={
                "split": [
                    before,
                    {"fund": str(fund), "makers": [[int(i), str(s)] for i, s in rows]},
                ]
            },
        )
    return rule


def piece_split(
    *, price_mad: Decimal, commission_rate: Decimal, fund_percent: Decimal, makers: list
) -> tuple[Decimal, list[tuple[int, Decimal, Decimal]], Decimal]:
    """Divide one piece's net: answer (net, [(artisan_id, percent, amount)], fund's amount)."""
    price = Decimal(price_mad)
    net = price - quantize(price * Decimal(commission_rate), "MAD")
    shares = []
    for row in makers:
        percent = Decimal(str(row["percent"]))
        amount = (net * percent / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
        shares.append((int(row["artisan"]), percent, amount))
    fund = net - sum((amount for _a, _p, amount in shares), Decimal("0"))
    return net, shares, fund


def _rule_for(shop_id: int, product_id: int | None) -> SplitRule | None:
    wanted = (
        Q(product__isnull=True) | Q(product_id=product_id)
        if product_id
        else Q(product__isnull=True)
    )
    rules = {
        rule.product_id: rule
        for rule in SplitRule.objects.filter(wanted, shop_id=shop_id).prefetch_related(
            "makers__artisan"
        )
    }
    return rules.get(product_id) or rules.get(None)


def _freeze(line: OrderLine, shop_order: ShopOrder) -> LineSplit:
    rule = _rule_for(shop_order.shop_id, line.product_id)
    if rule is not None:
        fund = rule.fund_percent
        makers = [
            {"artisan": m.artisan_id, "name": m.artisan.name, "percent": str(m.percent)}
            for m in rule.makers.all()
        ]
    else:
        # No split set: the piece's maker (the shop's artisan, or the credited member) has all.
        shop = shop_order.shop
        maker = None
        if line.product_id:
            maker = Product.objects.filter(pk=line.product_id).select_related("maker").first()
            maker = maker.maker if maker else None
        if maker is None and shop.artisan_id:
            maker = shop.artisan
        fund = Decimal("0.00") if maker else HUNDRED
        makers = [{"artisan": maker.pk, "name": maker.name, "percent": "100.00"}] if maker else []
    return LineSplit.objects.create(
        line=line, fund_percent=fund, makers=makers, commission_rate=shop_order.commission_rate
    )


def line_splits_freeze(*, shop_order_id: int) -> int:
    """Freeze the split in force on each line of a shop order just paid; answer how many."""
    shop_order = ShopOrder.objects.select_related("shop__artisan").get(pk=shop_order_id)
    made = 0
    for line in OrderLine.objects.filter(shop_order=shop_order, split__isnull=True).order_by("pk"):
        _freeze(line, shop_order)
        made += 1
    return made


def member_shares_record(*, shop_order_id: int) -> list[MemberShare]:
    """Record each piece's shares when the shop is credited for it (idempotent)."""
    shop_order = ShopOrder.objects.select_related("shop__artisan").get(pk=shop_order_id)
    lines = list(OrderLine.objects.filter(shop_order=shop_order).order_by("pk"))
    done = set(
        MemberShare.objects.filter(line__in=lines).values_list("line_id", flat=True).distinct()
    )
    shares = []
    for line in lines:
        if line.pk in done:
            continue
        split = LineSplit.objects.filter(line=line).first() or _freeze(line, shop_order)
        for piece in range(1, line.quantity + 1):
            _net, makers, fund = piece_split(
                price_mad=line.unit_price_mad,
                commission_rate=split.commission_rate,
                fund_percent=split.fund_percent,
                makers=split.makers,
            )
            for artisan_id, percent, amount in makers:
                shares.append(
                    MemberShare(
                        line=line, piece=piece, shop_id=shop_order.shop_id,
                        kind=MemberShare.Kind.MAKER, artisan_id=artisan_id, percent=percent,
                        price_mad=line.unit_price_mad, amount_mad=amount,
                    )
                )  # fmt: skip
            if fund or split.fund_percent:
                shares.append(
                    MemberShare(
                        line=line, piece=piece, shop_id=shop_order.shop_id,
                        kind=MemberShare.Kind.FUND, percent=split.fund_percent,
                        price_mad=line.unit_price_mad, amount_mad=fund,
                    )
                )  # fmt: skip
    return MemberShare.objects.bulk_create(shares)
