"""Fixtures for provenance: a women's cooperative with two makers, a label, a sold piece."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from artisans.models import Membership
from marketplace.accounts.models import MODERATORS_GROUP
from marketplace.orders import services as order_services
from marketplace.provenance import services
from marketplace.provenance.models import Label
from tests.factories import (
    ArtisanFactory,
    CooperativeFactory,
    ProductFactory,
    ShopFactory,
    UserFactory,
    VariantFactory,
)
from tests.factories.orders import OrderFactory, OrderLineFactory, ShopOrderFactory


def pdf_upload(name="certificate.pdf") -> SimpleUploadedFile:
    """A small real PDF (a scan of a label certificate)."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    pdf.drawString(72, 720, "Certificat Label Maroc Handmade n. MH-2025-0042")
    pdf.save()
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


@dataclass
class Cast:
    shop: object
    coop: object
    manager: object
    maker: object  # the artisan credited for the piece
    maker_user: object
    second_maker: object
    product: object
    label: object
    other_label: object
    other_seller: object
    other_shop: object
    moderator: object
    buyer: object


@pytest.fixture
def cast(db) -> Cast:
    coop = CooperativeFactory(name="Tifawin", registration_number="COOP-AZ-0917")
    manager = UserFactory(email="manager@tifawin.ma", language="ar")
    Membership.objects.create(
        cooperative=coop,
        artisan=ArtisanFactory(user=manager, name="Fatima Ait Ali"),
        role=Membership.Role.MANAGER,
    )
    maker_user = UserFactory(email="itto@tifawin.ma", language="ar")
    maker = ArtisanFactory(user=maker_user, name="Itto Ouhammou", craft="carpets")
    Membership.objects.create(cooperative=coop, artisan=maker, role=Membership.Role.MEMBER)
    second = ArtisanFactory(name="Aicha Bouzid", craft="carpets")
    Membership.objects.create(cooperative=coop, artisan=second, role=Membership.Role.MEMBER)
    shop = ShopFactory(
        coop=True, cooperative=coop, name="Tifawin", region="beni-mellal-khenifra", city="Azilal"
    )
    product = ProductFactory(
        shop=shop,
        status="published",
        maker=maker,
        title_en="Azilal rug, madder red",
        technique="Hand-knotted, Berber knot",
        region="beni-mellal-khenifra",
    )
    VariantFactory(product=product, price=Decimal("1000.00"), stock=5)
    label = Label.objects.create(
        slug="morocco-handmade",
        kind=Label.Kind.NATIONAL,
        name_ar="صنع يدوي مغربي",
        name_fr="Label Maroc Handmade",
        name_en="Morocco Handmade label",
        name_es="Sello Marruecos Hecho a Mano",
        issuing_body="Ministère de l'Artisanat",
        crafts=["carpets", "pottery"],
    )
    other_label = Label.objects.create(
        slug="tapis-rbati",
        kind=Label.Kind.COLLECTIVE,
        name_ar="الزربية الرباطية",
        name_fr="Tapis Rbati",
        name_en="Tapis Rbati",
        name_es="Alfombra Rbati",
        issuing_body="Association des tisseuses de Rabat",
        crafts=["carpets"],
    )
    other_seller = UserFactory(email="other@souk.test")
    other_shop = ShopFactory(artisan=ArtisanFactory(user=other_seller, name="Someone Else"))
    moderator = UserFactory(email="mod@souk.test", is_staff=True)
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS_GROUP)[0])
    buyer = UserFactory(email="emily@example.com")
    return Cast(
        shop=shop, coop=coop, manager=manager, maker=maker, maker_user=maker_user,
        second_maker=second, product=product, label=label, other_label=other_label,
        other_seller=other_seller, other_shop=other_shop, moderator=moderator, buyer=buyer,
    )  # fmt: skip


def verified_claim(cast, *, label=None, product=None, expires_in_days=365):
    """A claim of the cast's shop, verified by the moderator."""
    claim = services.label_claim_submit(
        shop=cast.shop,
        actor=cast.manager,
        label_id=(label or cast.label).pk,
        certificate_number="MH-2025-0042",
        document=pdf_upload(),
        expires_on=timezone.localdate() + timedelta(days=expires_in_days),
        product_id=product.pk if product else None,
    )
    return services.label_claim_verify(claim_id=claim.pk, actor=cast.moderator)


def sold(cast, *, price="1000.00", quantity=1, language="en"):
    """An order of the cast's piece, placed and paid (the split freezes at payment)."""
    order = OrderFactory(email=cast.buyer.email, buyer=cast.buyer, language=language)
    total = Decimal(price) * quantity
    shop_order = ShopOrderFactory(
        order=order, shop=cast.shop, subtotal_mad=total, shipping_mad=Decimal("0"),
        total_mad=total, total=total, commission_rate=Decimal("0.1000"),
    )  # fmt: skip
    variant = cast.product.variants.first()
    OrderLineFactory(
        shop_order=shop_order, variant=variant, product=cast.product,
        title=cast.product.title_en, unit_price_mad=Decimal(price), quantity=quantity,
        line_total_mad=total,
    )  # fmt: skip
    order.total = total
    order.save(update_fields=["total"])
    order_services.order_mark_paid(order_id=order.pk)
    shop_order.refresh_from_db()
    return shop_order


def shipped(cast, shop_order):
    """Accept and ship the part (certificates are made after commit: run them here)."""
    order_services.shop_order_accept(shop_order_id=shop_order.pk, actor=cast.manager)
    order_services.shop_order_ship(
        shop_order_id=shop_order.pk,
        actor=cast.manager,
        carrier="amana",
        tracking_number="EE123456785MA",
    )
    services.certificates_issue(shop_order_id=shop_order.pk)
    shop_order.refresh_from_db()
    return shop_order


def delivered(cast, shop_order):
    order_services.shop_order_deliver(shop_order_id=shop_order.pk)
    shop_order.refresh_from_db()
    return shop_order
