"""CN23/CN22 and commercial invoice: made by a task on the heavy queue, parsed back with pypdf,
Arabic titles readable, served to the shop's people and staff only."""

import unicodedata
from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from marketplace.celery import app
from marketplace.orders import services
from marketplace.orders.tasks import shop_order_documents_task
from marketplace.shipping.documents.pdf import font_covers
from marketplace.shipping.documents.script import for_print
from marketplace.shipping.models import ShipmentDocument
from marketplace.shipping.services import product_customs_set
from tests.api.conftest import client_for
from tests.factories import CategoryFactory, ProductFactory, UserFactory, VariantFactory

from .conftest import US

D = Decimal


def _text(document) -> str:
    with document.file.open("rb") as fh:
        reader = PdfReader(BytesIO(fh.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def _row(text: str, cells: list[str]) -> bool:
    """Answer whether the cells come one after the other among the text's lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return any(lines[i : i + len(cells)] == cells for i in range(len(lines)))


def _paid_part(world, lines, language="en", address=US, currency="USD"):
    cart = services.cart_get_or_create(session_key=f"docs-{language}")
    for variant, quantity in lines:
        services.cart_add(cart=cart, variant_id=variant.pk, quantity=quantity)
    order = services.order_place(
        cart=cart, email="emily@example.com", address=address, currency=currency,
        language=language,
    )  # fmt: skip
    services.order_mark_paid(order_id=order.pk)
    return order, order.shop_orders.get()


@pytest.fixture
def three_lines(world):
    """The carpet shop's parcel of three lines: a carpet, two kilims, three cushions."""
    kilim = VariantFactory(
        product=ProductFactory(
            shop=world.carpets, category=CategoryFactory(slug="kilims"),
            title_en="Kilim", title_fr="Kilim", weight_grams=1200,
        ),
        price=D("1200.00"), stock=5,
    )  # fmt: skip
    cushion = VariantFactory(
        product=ProductFactory(
            shop=world.carpets, category=CategoryFactory(slug="cushions"),
            title_en="Cushion cover", title_fr="Housse de coussin", weight_grams=300,
        ),
        price=D("180.00"), stock=9,
    )  # fmt: skip
    product_customs_set(
        product_id=cushion.product_id, actor=None, hs_code="630492", origin_country="MA",
        net_weight_grams=250,
    )  # fmt: skip
    world.carpet.product.weight_grams = 2000  # keep the parcel in the 5 kg... 10 kg bands
    world.carpet.product.save(update_fields=["weight_grams"])
    return _paid_part(world, [(world.carpet, 1), (kilim, 2), (cushion, 3)])


def test_the_task_runs_on_the_heavy_queue():
    route = app.amqp.router.route({}, "orders.document_customs")
    assert route["queue"].name == "heavy"


def test_cn23_and_invoice_carry_every_line_and_the_totals(three_lines):
    order, part = three_lines
    assert shop_order_documents_task(part.pk) == 2
    documents = {d.kind: d for d in ShipmentDocument.objects.filter(shop_order_id=part.pk)}
    assert set(documents) == {"cn23", "invoice"}  # 7,440 MAD = $744: over 300 SDR
    cn23, invoice = _text(documents["cn23"]), _text(documents["invoice"])
    # (HS code, quantity, net weight kg, unit value, line value in USD at 0.1) per line.
    expected = [
        ("570110", "1", "5.200", "450.00", "450.00"),  # carpet: 5,200 g net (customs data)
        ("570210", "2", "2.400", "120.00", "240.00"),  # kilims: HS of the category
        ("630492", "3", "0.750", "18.00", "54.00"),  # cushions: 250 g net each
    ]
    for hs, quantity, kg, unit, value in expected:
        # A table row comes out of the PDF cell by cell, in the order of the form's columns.
        assert _row(cn23, [quantity, kg, value, hs, "MA"]), hs
        assert _row(invoice, [hs, "MA", quantity, kg, unit, value]), hs
    assert _row(cn23, ["Total", "6", "8.350", "744.00"])
    for text in (cn23, invoice):
        assert "Beni Ourain" in text and "Housse de coussin" in text
    assert "CUSTOMS\nDECLARATION CN 23" in cn23
    assert "Sale of goods" in cn23 and "[X] Vente de marchandises" in cn23
    assert "COMMERCIAL INVOICE" in invoice and "DAP US" in invoice
    assert f"{order.number}-{part.pk}" in invoice  # invoice number
    # Invoice total: what the buyer paid this shop (goods + freight, 900 MAD → $90).
    assert part.total == D("834.00") and "834.00" in invoice and "90.00" in invoice
    assert "Emily Carter" in invoice and "Columbus" in invoice


def test_a_small_light_parcel_gets_a_cn22(world):
    _order, part = _paid_part(world, [(world.tajine, 1)])  # $35, 1.5 kg
    shop_order_documents_task(part.pk)
    kinds = set(ShipmentDocument.objects.filter(shop_order_id=part.pk).values_list("kind", flat=1))
    assert kinds == {"cn22", "invoice"}
    cn22 = _text(ShipmentDocument.objects.get(shop_order_id=part.pk, kind="cn22"))
    assert "CN 22" in cn22 and "691200" in cn22 and "35.00" in cn22


def _nfkc(text):
    return unicodedata.normalize("NFKC", text).replace(" ", "")


def test_arabic_titles_are_printed_shaped_and_transliterated(world):
    arabic_only = VariantFactory(
        product=ProductFactory(
            shop=world.pottery, category=world.tajine.product.category,
            title_ar="طاجين آسفي مزخرف", title_fr="", title_en="", title_es="",
            weight_grams=1600,
        ),
        price=D("2400.00"), stock=2,
    )  # fmt: skip
    _order, part = _paid_part(world, [(arabic_only, 1), (world.tajine, 1)], language="ar")
    shop_order_documents_task(part.pk)
    for document in ShipmentDocument.objects.filter(shop_order_id=part.pk):
        text = _text(document)
        assert "Tajin Asfi Mzkhrf" in text  # Latin script where the form needs it
        printed = for_print("طاجين آسفي مزخرف")
        assert font_covers(printed)  # every joined form has a glyph: no empty boxes
        # The Arabic comes back out of the PDF as joined letter forms in reading order:
        # normalised, they are the title as the buyer saw it.
        assert _nfkc("طاجين آسفي مزخرف") in _nfkc(text)


def test_documents_are_remade_when_the_order_changes_and_kept_otherwise(three_lines, world):
    _order, part = three_lines
    shop_order_documents_task(part.pk)
    before = {d.kind: (d.file.name, d.fingerprint) for d in ShipmentDocument.objects.all()}
    shop_order_documents_task(part.pk)  # nothing changed: the same files
    assert {d.kind: (d.file.name, d.fingerprint) for d in ShipmentDocument.objects.all()} == before
    product_customs_set(product_id=world.carpet.product_id, actor=None, hs_code="570190")
    shop_order_documents_task(part.pk)
    after = {d.kind: d for d in ShipmentDocument.objects.all()}
    assert after["cn23"].fingerprint != before["cn23"][1]
    assert "570190" in _text(after["cn23"]) and "570110" not in _text(after["cn23"])
    services.shop_order_accept(shop_order_id=part.pk, actor=None)
    services.shop_order_ship(
        shop_order_id=part.pk, actor=None, carrier="dhl", tracking_number="1234567890"
    )
    product_customs_set(product_id=world.carpet.product_id, actor=None, hs_code="570110")
    assert shop_order_documents_task(part.pk) == 0  # shipped: the papers stay as they left


def test_only_the_shops_people_and_staff_download_them(three_lines, world):
    order, part = three_lines
    shop_order_documents_task(part.pk)
    cn23 = ShipmentDocument.objects.get(shop_order_id=part.pk, kind="cn23")
    url = reverse("shipping:document", args=[cn23.pk])
    anonymous = Client().get(url)
    assert anonymous.status_code == 302  # to the log-in page
    stranger, other_seller = Client(), Client()
    stranger.force_login(UserFactory())
    other_seller.force_login(world.pottery.artisan.user)
    assert stranger.get(url).status_code == 404
    assert other_seller.get(url).status_code == 404
    owner, staff = Client(), Client()
    owner.force_login(world.carpets.artisan.user)
    staff.force_login(UserFactory(is_staff=True))
    for client in (owner, staff):
        answer = client.get(url)
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
        assert answer["Cache-Control"] == "private, no-store"
        assert b"".join(answer.streaming_content).startswith(b"%PDF")
    with pytest.raises(ValueError):
        cn23.file.url  # noqa: B018  (private storage: no URL at all)
    # The seller API lists the documents' URLs and serves them with the same token.
    api = client_for(world.carpets.artisan.user)
    detail = api.get(reverse("api:seller_order", args=[order.number])).json()
    urls = {d["kind"]: d["url"] for d in detail["documents"]}
    assert set(urls) == {"cn23", "invoice"}
    pdf = api.get(urls["invoice"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client_for(world.pottery.artisan.user).get(urls["invoice"]).status_code == 404
