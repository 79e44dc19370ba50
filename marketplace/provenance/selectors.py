"""Reads: shown label claims, certificates, members' shares and payments, staff figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from marketplace import caching

from .models import Certificate, Label, LabelClaim, MemberPayment, MemberShare, normalize_code


def _claims_covering(product) -> QuerySet[LabelClaim]:
    """The claims covering a product (its own and its shop's), with their labels, in order."""
    return (
        LabelClaim.objects.filter(
            Q(product_id=product.pk) | Q(shop_id=product.shop_id, product__isnull=True)
        )
        .select_related("label")
        .order_by("label__name_fr", "pk")
    )


def claims_shown_for_product(product) -> list[LabelClaim]:
    """Return the verified, unexpired claims covering a product (its own and its shop's)."""
    return list(_claims_covering(product).shown())


def badges_key(product_id: int) -> str:
    return f"labels:product:{product_id}"


def badges_tags(product) -> tuple[str, str]:
    """What a product's labels show: a claim or label saved stamps one of these (freshness.py)."""
    return (f"product:{product.pk}", f"shop:{product.shop_id}")


def page_prefetch(product) -> tuple[list[str], list[str]]:
    """What the product page's labels read, fetched with the page's other fragments."""
    return [badges_key(product.pk)], list(badges_tags(product))


def _verified_claims(product, *, cached: bool) -> list[LabelClaim]:
    """Return the verified claims covering a product, kept as a fragment when `cached`.

    The fragment holds every verified claim, expired or not: the expiry is checked on each
    read, so a claim lapsing at midnight leaves the page without a write. A claim or label
    saved stamps the product (or the whole shop), which is what the fragment depends on.
    """
    if not cached:
        return claims_shown_for_product(product)
    key = badges_key(product.pk)
    found = caching.get_many([key])
    if key in found:
        return found[key]
    claims = list(_claims_covering(product).filter(status=LabelClaim.Status.VERIFIED))
    caching.set_many({key: (claims, badges_tags(product))})
    return claims


def label_badges(product, *, cached: bool = True) -> list[dict]:
    """Return the product page's verified labels (catalogue hooks: product_badges)."""
    today = timezone.localdate()
    return [
        {
            "name": claim.label.name,
            "detail": claim.label.issuing_body,
            "since": claim.verified_at,
        }
        for claim in _verified_claims(product, cached=cached)
        if claim.is_shown(today)
    ]


def label_choices() -> list[tuple[str, str]]:
    """Return the labels at least one shown claim carries, as (slug, name) for the filter."""
    slugs = LabelClaim.objects.shown().values("label_id")
    return [(label.slug, label.name) for label in Label.objects.filter(pk__in=slugs)]


def label_products_q(slug: str) -> Q:
    """Return the products carrying a verified, unexpired claim to the label `slug`."""
    shown = LabelClaim.objects.shown().filter(label__slug=slug)
    return Q(pk__in=shown.filter(product__isnull=False).values("product_id")) | Q(
        shop_id__in=shown.filter(product__isnull=True).values("shop_id")
    )


def certificate_by_code(code: str) -> Certificate | None:
    """Return the certificate with this code (as typed: any case, with or without dashes)."""
    code = normalize_code(code)
    if not code:
        return None
    return Certificate.objects.filter(code=code).first()


def shop_claims(shop) -> QuerySet[LabelClaim]:
    return LabelClaim.objects.filter(shop=shop).select_related("label", "product")


def claims_pending() -> QuerySet[LabelClaim]:
    """Return claims waiting for a moderator, oldest first."""
    return (
        LabelClaim.objects.filter(status=LabelClaim.Status.PENDING)
        .select_related("label", "shop", "product")
        .order_by("created_at", "pk")
    )


def payments_disputed() -> QuerySet[MemberPayment]:
    """Return members' payments a maker disputed that no moderator has closed yet."""
    return (
        MemberPayment.objects.filter(status=MemberPayment.Status.DISPUTED, resolved_at__isnull=True)
        .select_related("shop", "artisan")
        .order_by("answered_at", "pk")
    )


def shares_unpaid(*, shop, artisan=None) -> QuerySet[MemberShare]:
    """Return makers' shares of a shop not yet covered by a payment."""
    qs = MemberShare.objects.filter(
        shop=shop, kind=MemberShare.Kind.MAKER, payment__isnull=True
    ).select_related("artisan", "line")
    if artisan is not None:
        qs = qs.filter(artisan=artisan)
    return qs.order_by("created_at", "pk")


def payout_statement(*, shop) -> list[dict]:
    """Return, per member, what the shares owe, what was paid and confirmed, and what remains."""
    rows: dict[int, dict] = defaultdict(
        lambda: {"owed": Decimal("0"), "paid": Decimal("0"), "confirmed": Decimal("0")}
    )
    names = {}
    shares = MemberShare.objects.filter(shop=shop, kind=MemberShare.Kind.MAKER).values(
        "artisan_id", "artisan__name"
    )
    for row in shares.annotate(total=Sum("amount_mad")):
        rows[row["artisan_id"]]["owed"] += row["total"] or 0
        names[row["artisan_id"]] = row["artisan__name"]
    paid = MemberPayment.objects.filter(shop=shop).values("artisan_id", "artisan__name", "status")
    for row in paid.annotate(total=Sum("amount_mad")):
        rows[row["artisan_id"]]["paid"] += row["total"] or 0
        if row["status"] == MemberPayment.Status.CONFIRMED:
            rows[row["artisan_id"]]["confirmed"] += row["total"] or 0
        names[row["artisan_id"]] = row["artisan__name"]
    fund = MemberShare.objects.filter(shop=shop, kind=MemberShare.Kind.FUND).aggregate(
        s=Sum("amount_mad")
    )["s"]
    out = []
    for artisan_id, row in sorted(rows.items(), key=lambda kv: names[kv[0]]):
        owed = Decimal(row["owed"]).quantize(Decimal("0.01"))
        paid_total = Decimal(row["paid"]).quantize(Decimal("0.01"))
        out.append(
            {
                "artisan_id": artisan_id,
                "name": names[artisan_id],
                "owed": owed,
                "paid": paid_total,
                "confirmed": Decimal(row["confirmed"]).quantize(Decimal("0.01")),
                "due": max(owed - paid_total, Decimal("0.00")),
            }
        )
    return [*out, {"fund": Decimal(fund or 0).quantize(Decimal("0.01"))}] if out else []


def payment_figures(*, now=None) -> list[dict]:
    """Return, per cooperative shop, members' payments: confirmation rate, days to pay, disputes.

    Days to pay: from the shop's credit for the sale (the shares' creation) to the day the
    cooperative recorded paying them, averaged over the shares paid.
    """
    now = now or timezone.now()
    by_shop = (
        MemberPayment.objects.values("shop_id", "shop__name")
        .annotate(
            total=Count("pk"),
            confirmed=Count("pk", filter=Q(status=MemberPayment.Status.CONFIRMED)),
            disputed=Count("pk", filter=Q(status=MemberPayment.Status.DISPUTED)),
            pending=Count("pk", filter=Q(status=MemberPayment.Status.PENDING)),
        )
        .order_by("shop__name")
    )
    delays: dict[int, list[int]] = defaultdict(list)
    paid_shares = MemberShare.objects.filter(payment__isnull=False).values_list(
        "shop_id", "created_at", "payment__paid_on"
    )
    for shop_id, created_at, paid_on in paid_shares:
        delays[shop_id].append(max((paid_on - timezone.localtime(created_at).date()).days, 0))
    unpaid = dict(
        MemberShare.objects.filter(kind=MemberShare.Kind.MAKER, payment__isnull=True)
        .values("shop_id")
        .annotate(s=Sum("amount_mad"))
        .values_list("shop_id", "s")
    )
    out = []
    for row in by_shop:
        days = delays.get(row["shop_id"]) or []
        out.append(
            {
                "shop_id": row["shop_id"],
                "shop": row["shop__name"],
                "payments": row["total"],
                "confirmed": row["confirmed"],
                "disputed": row["disputed"],
                "pending": row["pending"],
                "confirmation_rate": round(100 * row["confirmed"] / row["total"])
                if row["total"]
                else None,
                "days_to_pay": round(sum(days) / len(days), 1) if days else None,
                "unpaid_mad": Decimal(unpaid.get(row["shop_id"]) or 0).quantize(Decimal("0.01")),
            }
        )
    return out


def shop_orders_uncertified(limit: int = 200) -> list[int]:
    """Return shipped or delivered shop orders with a line still lacking its certificates."""
    from marketplace.orders.models import ShopOrder
    from marketplace.orders.status import ShopOrderStatus

    return list(
        ShopOrder.objects.filter(
            status__in=[ShopOrderStatus.SHIPPED, ShopOrderStatus.DELIVERED],
            lines__certificates__isnull=True,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )


def certificates_of(shop_order) -> list[Certificate]:
    """Return a shop order's certificates, line by line, piece by piece."""
    return list(
        Certificate.objects.filter(line__shop_order=shop_order).order_by("line_id", "piece")
    )
