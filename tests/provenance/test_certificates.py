"""Certificates: made at shipping, signed, verifiable offline with the public key alone."""

import copy
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from marketplace.orders import services as order_services
from marketplace.provenance import services, signing
from marketplace.provenance.errors import ProvenanceError
from marketplace.provenance.models import (
    CODE_ALPHABET,
    CODE_ENTROPY_BITS,
    CODE_LENGTH,
    Certificate,
    SigningKey,
)
from marketplace.provenance.throttle import MISSES_PER_WINDOW

from .conftest import shipped, sold, verified_claim

pytestmark = pytest.mark.django_db

SCRIPT = Path(settings.BASE_DIR) / "scripts" / "verify_certificate.py"


def _leaves(value, path=()):
    """Every (path, leaf) of a JSON value."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _leaves(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _leaves(inner, (*path, index))
    else:
        yield path, value


def _set(document, path, value):
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _tampered(value):
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if value is None:
        return "x"
    return str(value) + "x" if str(value) else "x"


def _verify_offline(tmp_path, document: dict, client) -> subprocess.CompletedProcess:
    """Run scripts/verify_certificate.py in a fresh interpreter: no Django, only cryptography."""
    cert = tmp_path / "certificate.json"
    keys = tmp_path / "keys.json"
    cert.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    keys.write_text(client.get("/.well-known/souk-provenance-keys.json").content.decode())
    runner = (
        "import runpy, sys\n"
        f"sys.argv = ['verify', {str(cert)!r}, {str(keys)!r}]\n"
        "try:\n"
        f"    runpy.run_path({str(SCRIPT)!r}, run_name='__main__')\n"
        "except SystemExit as done:\n"
        "    assert not any(m.split('.')[0] == 'django' for m in sys.modules), 'django imported'\n"
        "    raise\n"
    )
    # -I: isolated (no PYTHONPATH, no user site, no current directory on the path).
    return subprocess.run(
        [sys.executable, "-I", "-c", runner], capture_output=True, text=True, timeout=60
    )


@pytest.fixture
def certificate(cast):
    verified_claim(cast)
    shop_order = shipped(cast, sold(cast))
    return Certificate.objects.get(line__shop_order=shop_order)


def test_shipping_makes_one_certificate_per_piece_after_commit(
    cast, django_capture_on_commit_callbacks
):
    shop_order = sold(cast, quantity=2)
    order_services.shop_order_accept(shop_order_id=shop_order.pk, actor=cast.manager)
    assert not Certificate.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        order_services.shop_order_ship(
            shop_order_id=shop_order.pk,
            actor=cast.manager,
            carrier="amana",
            tracking_number="EE123456785MA",
        )
    certificates = list(Certificate.objects.filter(line__shop_order=shop_order))
    assert [c.piece for c in certificates] == [1, 2]
    assert certificates[0].code != certificates[1].code
    payload = certificates[0].payload
    assert payload["makers"] == [{"name": "Itto Ouhammou"}]
    assert payload["shop"]["cooperative"]["name"] == "Tifawin"
    assert payload["region"]["code"] == "beni-mellal-khenifra"
    assert payload["piece"]["technique"] == "Hand-knotted, Berber knot"
    assert payload["sale"]["shipped_on"] and payload["sale"]["sold_on"]
    # Issued again (a redelivered task): nothing new.
    assert services.certificates_issue(shop_order_id=shop_order.pk) == []


def test_a_certificate_verifies_offline_with_the_public_key_alone(certificate, client, tmp_path):
    document = client.get(f"/en/v/{certificate.code}/certificate.json").json()
    done = _verify_offline(tmp_path, document, client)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID:")


def test_changing_any_field_breaks_the_signature(certificate, client, tmp_path):
    document = client.get(f"/en/v/{certificate.code}/certificate.json").json()
    keys = {k["kid"]: k["public_key"] for k in client.get("/api/v1/provenance/keys/").json()}
    public = keys[document["kid"]]
    leaves = [path for path, _value in _leaves(document["payload"]) if path != ("kid",)]
    assert len(leaves) > 25  # every field of the content, down to the label's dates
    for path in leaves:
        changed = copy.deepcopy(document["payload"])
        value = changed
        for key in path:
            value = value[key]
        _set(changed, path, _tampered(value))
        assert not signing.verify(public, changed, document["signature"]), path
    # The same through the offline script, for a field a forger would want: the maker.
    forged = copy.deepcopy(document)
    forged["payload"]["makers"][0]["name"] = "Someone Else"
    done = _verify_offline(tmp_path, forged, client)
    assert done.returncode == 1 and done.stdout.startswith("INVALID")


def test_changing_the_signature_or_the_key_id_fails(certificate, client, tmp_path):
    document = client.get(f"/en/v/{certificate.code}/certificate.json").json()
    signature = signing.unb64(document["signature"])
    bad = copy.deepcopy(document)
    bad["signature"] = signing.b64(bytes([signature[0] ^ 1]) + signature[1:])
    assert _verify_offline(tmp_path, bad, client).returncode == 1
    # Another published key id (after a rotation): the signature is not that key's.
    services.signing_key_rotate()
    new_kid = SigningKey.objects.get(retired_at__isnull=True).kid
    for where in ("payload", "document"):
        bad = copy.deepcopy(document)
        if where == "payload":
            bad["payload"]["kid"] = new_kid
        bad["kid"] = new_kid
        assert _verify_offline(tmp_path, bad, client).returncode == 1, where
    # An unknown key id.
    bad = copy.deepcopy(document)
    bad["payload"]["kid"] = bad["kid"] = "20990101-ffffff"
    assert _verify_offline(tmp_path, bad, client).returncode == 1


def test_key_rotation_keeps_old_certificates_valid_and_signs_new_ones_with_the_new_key(
    cast, certificate, client, tmp_path
):
    old_kid = certificate.kid
    services.signing_key_rotate(actor=cast.moderator)
    keys = client.get("/.well-known/souk-provenance-keys.json").json()["keys"]
    assert keys[0]["kid"] == old_kid and keys[0]["retired"] is not None
    assert keys[-1]["retired"] is None and len(keys) == 2
    old = client.get(f"/en/v/{certificate.code}/certificate.json").json()
    assert _verify_offline(tmp_path, old, client).returncode == 0
    newer = Certificate.objects.get(line__shop_order=shipped(cast, sold(cast)))
    assert newer.kid != old_kid and newer.payload["kid"] == newer.kid
    document = client.get(f"/en/v/{newer.code}/certificate.json").json()
    assert _verify_offline(tmp_path, document, client).returncode == 0


def test_a_seller_cannot_make_certificates_for_another_shops_piece(cast, client):
    shop_order = sold(cast)
    order_services.shop_order_accept(shop_order_id=shop_order.pk, actor=cast.manager)
    order_services.shop_order_ship(
        shop_order_id=shop_order.pk,
        actor=cast.manager,
        carrier="amana",
        tracking_number="EE123456785MA",
    )
    Certificate.objects.all().delete()
    number = shop_order.order.number
    client.force_login(cast.other_seller)
    response = client.post(f"/api/v1/seller/orders/{number}/certificates/")
    assert response.status_code == 404
    assert client.get(f"/api/v1/seller/orders/{number}/certificates/").status_code == 404
    # Through the service itself, naming the other shop: refused the same way.
    with pytest.raises(ProvenanceError) as refused:
        services.certificates_issue(shop_order_id=shop_order.pk, shop=cast.other_shop)
    assert refused.value.status == 404
    assert not Certificate.objects.exists()
    # The shop's own manager can.
    client.force_login(cast.manager)
    response = client.post(f"/api/v1/seller/orders/{number}/certificates/")
    assert response.status_code == 200 and len(response.json()) == 1


def test_a_piece_not_yet_shipped_gets_no_certificate(cast):
    shop_order = sold(cast)
    with pytest.raises(ProvenanceError) as refused:
        services.certificates_issue(shop_order_id=shop_order.pk)
    assert refused.value.status == 409
    assert not Certificate.objects.exists()


def test_codes_are_short_unguessable_and_typed_forgivingly(certificate, client):
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", certificate.code)
    assert not set(certificate.code.replace("-", "")) & set("01OIL")
    # The entropy stated is the alphabet's: 12 symbols of 31, drawn by secrets.
    assert len(CODE_ALPHABET) == 31 and CODE_LENGTH == 12
    assert math.isclose(
        CODE_LENGTH * math.log2(len(CODE_ALPHABET)), CODE_ENTROPY_BITS, abs_tol=0.05
    )
    typed = certificate.code.lower().replace("-", " ")
    assert client.get("/en/v/", {"code": typed}).url == f"/en/v/{certificate.code}/"


def test_enumerating_v_is_rate_limited(certificate, client):
    assert client.get(f"/en/v/{certificate.code}/").status_code == 200
    for i in range(MISSES_PER_WINDOW):
        assert client.get(f"/en/v/ABCD-EFGH-{i:04d}/").status_code == 404
    # Budget spent: even a real code is refused to this address for the rest of the window.
    refused = client.get(f"/en/v/{certificate.code}/")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert client.get(f"/api/v1/certificates/{certificate.code}/").status_code == 429
    # Another address is not affected.
    other = client.get(f"/en/v/{certificate.code}/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200


def test_the_page_shows_the_piece_the_maker_the_label_and_the_check(certificate, client):
    page = client.get(f"/en/v/{certificate.code}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Azilal rug, madder red" in text and "Itto Ouhammou" in text and "Tifawin" in text
    assert "Morocco Handmade label" in text and "MH-2025-0042" in text
    assert "Béni Mellal-Khénifra" in text
    assert "Signed by Souk" in text
    assert "verify_certificate.py certificate.json keys.json" in text
    assert certificate.signature in text  # the signed content is on the page
    arabic = client.get(f"/ar/v/{certificate.code}/").content.decode()
    assert 'dir="rtl"' in arabic and "صنع يدوي مغربي" in arabic


def test_the_packing_slip_carries_a_qr_per_piece_and_the_cards_are_a_pdf(cast, client):
    shop_order = shipped(cast, sold(cast, quantity=2))
    client.force_login(cast.manager)
    slip = client.get(f"/en/sell/orders/{shop_order.order.number}/slip/").content.decode()
    codes = list(
        Certificate.objects.filter(line__shop_order=shop_order).values_list("code", flat=True)
    )
    # One QR code per piece (the page's icons are SVG too: count the figures' codes only).
    assert slip.count("<figure><svg") == 2 and all(code in slip for code in codes)
    assert f"/en/v/{codes[0]}/" in slip
    cards = client.get(f"/en/sell/orders/{shop_order.order.number}/cards.pdf")
    assert cards.status_code == 200 and cards["Content-Type"] == "application/pdf"
    assert cards.content.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page[^s]", cards.content)) == 2  # one card per piece
    # Another seller: 404 for the slip and the cards.
    client.force_login(cast.other_seller)
    assert client.get(f"/en/sell/orders/{shop_order.order.number}/cards.pdf").status_code == 404


def test_unknown_and_malformed_codes_are_404_never_500(client, db):
    for code in ("x", "ABCD-EFGH-JKMN", "%00", "A" * 200, "ABCD-EFGH-JKM0"):
        # NUL in a page path is refused (400) before any view runs; the API says no such path.
        page = 400 if code == "%00" else 404
        assert client.get(f"/en/v/{code}/").status_code == page
        assert client.get(f"/api/v1/certificates/{code}/").status_code == 404
