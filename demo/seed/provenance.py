"""Demo provenance: the label registry, claims in every state, splits, certificates, members' pay.

`seed_labels` runs before the orders (so the Tifawin cooperative's pieces sell under its
verified label and its 70/30 split); `seed` after them: every shipped piece has its
certificate, one Tifawin maker has confirmed her pay and another has disputed hers. The
certificate of demo order SK-DEMO-TFWN keeps a fixed code, DEMO_CERTIFICATE, so the README
can link it: /en/v/TFWN-AZ2R-UG7K/.
"""

from __future__ import annotations

import contextlib
import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from artisans.models import Shop
from marketplace.accounts.models import User
from marketplace.catalogue.models import Product
from marketplace.orders import services as orders
from marketplace.orders.models import Order
from marketplace.provenance import selectors, services
from marketplace.provenance.models import (
    Certificate,
    Label,
    LabelClaim,
    MemberPayment,
    MemberShare,
    SplitRule,
)
from marketplace.shipping.carriers import s10_number

DEMO_CERTIFICATE = "TFWN-AZ2R-UG7K"

LABELS = [
    # slug, kind, (ar, fr, en, es), issuing body, crafts
    ("morocco-handmade", "national",
     ("علامة صنع يدوي بالمغرب", "Label « Morocco Handmade »", "Morocco Handmade label",
      "Sello «Morocco Handmade»"),
     "Ministère du Tourisme, de l'Artisanat et de l'Économie sociale et solidaire",
     ["pottery", "carpets", "clothing", "leather", "woodwork", "metal", "jewellery", "zellige",
      "basketry", "argan"]),
    ("tapis-rbati", "collective",
     ("الزربية الرباطية", "Tapis Rbati", "Tapis Rbati (Rabat carpet)", "Alfombra Rbati"),
     "Association des maâlmates du tapis de Rabat (marque collective OMPIC)", ["carpets"]),
    ("tapis-de-boujaad", "collective",
     ("زربية بوجعد", "Tapis de Boujaad", "Boujaad carpet", "Alfombra de Boujaad"),
     "Coopératives de tissage de Boujaad (marque collective OMPIC)", ["carpets"]),
    ("madmoun", "collective",
     ("المضمون", "Madmoun", "Madmoun pottery", "Cerámica Madmoun"),
     "Potiers de Safi (marque collective OMPIC)", ["pottery"]),
    ("babouche-ziwani", "collective",
     ("البلغة الزيوانية", "Babouche Ziwani", "Ziwani babouche", "Babucha Ziwani"),
     "Artisans babouchiers de Marrakech (marque collective OMPIC)", ["leather"]),
    ("argane-igp", "origin",
     ("أركان — بيان جغرافي محمي", "Argane — IGP", "Argan — protected geographical indication",
      "Argán — IGP"),
     "Association marocaine de l'IGP Argane (AMIGHA)", ["argan"]),
]  # fmt: skip


def _document(text: str) -> SimpleUploadedFile:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, text)
    pdf.save()
    return SimpleUploadedFile("certificat.pdf", out.getvalue(), content_type="application/pdf")


def _claim(shop, label_slug, number, *, expires_days=730, product=None):
    label = Label.objects.get(slug=label_slug)
    existing = LabelClaim.objects.filter(shop=shop, label=label, product=product).first()
    if existing is not None:
        return existing, False
    manager = User.objects.filter(email="coop@souk.test").first()
    claim = services.label_claim_submit(
        shop=shop,
        actor=manager,
        label_id=label.pk,
        certificate_number=number,
        document=_document(f"{label.name_fr} — certificat {number}"),
        expires_on=timezone.localdate() + timedelta(days=expires_days),
        product_id=product.pk if product else None,
    )
    return claim, True


@contextlib.contextmanager
def _in_process():
    """Run queued tasks here (the demo's worker may not be running yet: `make seed`)."""
    from marketplace.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = previous


def seed_labels() -> None:
    """The label registry, claims (verified, pending, refused) and the Tifawin split."""
    with _in_process():
        _labels_and_claims()


def _labels_and_claims() -> None:
    for slug, kind, names, body, crafts in LABELS:
        Label.objects.update_or_create(
            slug=slug,
            defaults=dict(
                kind=kind, name_ar=names[0], name_fr=names[1], name_en=names[2],
                name_es=names[3], issuing_body=body, crafts=crafts,
            ),
        )  # fmt: skip
    moderator = User.objects.filter(email="moderator@souk.test").first()
    shops = {shop.slug: shop for shop in Shop.objects.filter(status=Shop.Status.VERIFIED)}
    if "tifawin-azilal" in shops:
        claim, new = _claim(shops["tifawin-azilal"], "morocco-handmade", "MH-2024-AZL-0142")
        if new:
            services.label_claim_verify(claim_id=claim.pk, actor=moderator)
        _split(shops["tifawin-azilal"])
    if "fakhar-safi" in shops:
        claim, new = _claim(shops["fakhar-safi"], "madmoun", "MDM-SAFI-2025-031")
        if new:
            services.label_claim_verify(claim_id=claim.pk, actor=moderator)
        _claim(shops["fakhar-safi"], "morocco-handmade", "MH-2025-SAF-0077")  # waits
    if "bleu-de-fes" in shops:
        claim, new = _claim(shops["bleu-de-fes"], "madmoun", "MDM-FES-0001")
        if new:
            services.label_claim_refuse(
                claim_id=claim.pk,
                actor=moderator,
                reason="Madmoun is the collective mark of Safi's potters; this workshop is in Fès.",
            )


def _split(shop) -> None:
    """Each Tifawin piece: 70 % to the woman who wove it, 30 % to the cooperative's fund."""
    manager = User.objects.filter(email="coop@souk.test").first()
    products = Product.objects.filter(shop=shop, maker__isnull=False).order_by("pk")
    for product in products:
        if SplitRule.objects.filter(shop=shop, product=product).exists():
            continue
        services.split_rule_set(
            shop=shop, actor=manager, fund_percent="30", makers=[(product.maker_id, "70")],
            product_id=product.pk,
        )  # fmt: skip


def seed() -> None:
    """Certificates for every shipped piece, a certificate with a fixed code, members' pay."""
    with _in_process():
        _certificates_and_pay()


def _certificates_and_pay() -> None:
    for shop_order_id in selectors.shop_orders_uncertified(limit=10_000):
        services.certificates_issue(shop_order_id=shop_order_id)
    shop = Shop.objects.filter(slug="tifawin-azilal").first()
    if shop is None:
        return
    _showcase_order(shop)
    _member_payments(shop)


def _sold_and_delivered(shop, product, number: str, serial: int):
    """A piece bought from the US by the demo buyer, shipped and delivered; its shop order."""
    variant = product.variants.filter(is_active=True, stock__gte=1).order_by("pk").first()
    buyer = User.objects.filter(email="buyer@souk.test").first()
    if variant is None or buyer is None:
        return None
    cart = orders.cart_get_or_create(user=buyer)
    orders.cart_add(cart=cart, variant_id=variant.pk, quantity=1)
    order = orders.order_place(
        cart=cart,
        email=buyer.email,
        address={
            "name": "Emily Carter", "line1": "12 Main Street", "city": "Boston",
            "postal_code": "02110", "country": "US", "phone": "+1 617 555 0100",
        },
        currency="USD",
        buyer=buyer,
        language="en",
        start_payment=False,
    )  # fmt: skip
    Order.objects.filter(pk=order.pk).update(number=number)
    shop_order = order.shop_orders.get()
    manager = User.objects.filter(email="coop@souk.test").first()
    orders.order_mark_paid(order_id=order.pk)
    orders.shop_order_accept(shop_order_id=shop_order.pk, actor=manager)
    orders.shop_order_ship(
        shop_order_id=shop_order.pk, actor=manager, carrier="amana",
        tracking_number=s10_number("CP", serial),
    )  # fmt: skip
    services.certificates_issue(shop_order_id=shop_order.pk)
    orders.shop_order_deliver(shop_order_id=shop_order.pk)
    return shop_order


def _woven(shop):
    return Product.objects.filter(
        shop=shop, status=Product.Status.PUBLISHED, maker__isnull=False
    ).order_by("pk")


def _pay(shop, share, *, confirm: bool, method: str, phone: str, days_ago: int = 0) -> None:
    manager = User.objects.filter(email="coop@souk.test").first()
    payment = services.member_payment_record(
        shop=shop, actor=manager, artisan_id=share.artisan_id, share_ids=[share.pk],
        paid_on=timezone.localdate() - timedelta(days=days_ago), method=method, phone=phone,
        language="ar",
    )  # fmt: skip
    services.member_payment_answer(
        token=payment.token,
        confirm=confirm,
        note="" if confirm else "لم أتوصل إلا بجزء من المبلغ",
    )


def _showcase_order(shop) -> None:
    """A delivered Tifawin rug bought from the US, its maker paid and confirmed."""
    if Certificate.objects.filter(code=DEMO_CERTIFICATE).exists():
        return
    product = _woven(shop).first()
    shop_order = _sold_and_delivered(shop, product, "SK-DEMO-TFWN", 142) if product else None
    if shop_order is None:
        return
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(line__shop_order=shop_order)
        certificate.code = DEMO_CERTIFICATE  # a fixed code for the README; signed below
        certificate.save(update_fields=["code"])
    services.certificates_resign(line_ids=[certificate.line_id])
    share = MemberShare.objects.get(line=certificate.line, kind=MemberShare.Kind.MAKER)
    _pay(shop, share, confirm=True, method="wallet", phone="+212 661 234 567")


def _member_payments(shop) -> None:
    """Another weaver's rug: she disputes what the cooperative says it paid (moderators see it)."""
    if MemberPayment.objects.filter(shop=shop, status=MemberPayment.Status.DISPUTED).exists():
        return
    showcase = Certificate.objects.filter(code=DEMO_CERTIFICATE).values("line__product__maker")
    product = _woven(shop).exclude(maker__in=showcase).first() or _woven(shop).first()
    shop_order = _sold_and_delivered(shop, product, "SK-DEMO-TFW2", 143) if product else None
    if shop_order is None:
        return
    share = MemberShare.objects.get(line__shop_order=shop_order, kind=MemberShare.Kind.MAKER)
    _pay(shop, share, confirm=False, method="cash", phone="+212 662 000 143", days_ago=2)
