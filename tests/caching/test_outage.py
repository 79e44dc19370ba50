"""A Redis outage: every cache read is a miss and the page is rendered; a write still commits."""

import shutil
import socket
import subprocess
import time
from decimal import Decimal

import pytest
from django.test import Client

from marketplace.catalogue.models import Product
from tests.factories.catalogue import VariantFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def own_redis(tmp_path, settings):
    """A redis-server of this test's own on a free port, as the only cache; stopped by it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    settings.CACHES = {
        "default": {
            "BACKEND": "marketplace.core.redis_cache.SoukRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_CACHE_LOCAL_SECONDS = 0  # every hit asks Redis
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    yield proc
    if proc.poll() is None:
        proc.terminate()
        proc.wait(timeout=10)


def test_pages_are_rendered_while_redis_is_down_and_a_change_still_commits(own_redis, caplog):
    variant = VariantFactory(product__title_fr="Plat de Safi", price=Decimal("90.00"), stock=4)
    product = Product.objects.get(pk=variant.product_id)
    urls = [f"/fr/p/{product.slug}/", "/fr/products/", "/fr/", "/fr/search/?q=plat"]
    visitor, euros = Client(), Client()
    euros.cookies["souk_currency"] = "EUR"
    for url in urls:
        visitor.get(url)
        assert visitor.get(url)["X-Page-Cache"] == "hit"
    own_redis.terminate()
    own_redis.wait(timeout=10)

    for client in (visitor, euros):
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "Plat de Safi" in response.content.decode()
            assert response.get("X-Page-Cache") != "hit"  # rendered, not served stale
    product.title_fr = "Plat bleu de Safi"
    product.save()  # committed; the stamp fails and is logged
    assert Product.objects.get(pk=product.pk).title_fr == "Plat bleu de Safi"
    assert "Plat bleu de Safi" in visitor.get(urls[0]).content.decode()
    assert any("could not stamp" in r.getMessage() for r in caplog.records)
