"""The platform's signing keys: the active one signs, retired ones stay published.

The private half of each key is a PEM file named after its key id in
settings.PROVENANCE_KEY_DIR (default PRIVATE_MEDIA_ROOT/signing-keys; mode 0600, never in
the database or a URL); the public half is in SigningKey and published at
/.well-known/souk-provenance-keys.json.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .. import signing
from ..models import SigningKey


def _key_dir() -> Path:
    configured = getattr(settings, "PROVENANCE_KEY_DIR", "")
    return Path(configured) if configured else Path(settings.PRIVATE_MEDIA_ROOT) / "signing-keys"


def _key_path(kid: str) -> Path:
    return _key_dir() / f"{kid}.pem"


def _write_private(kid: str, pem: bytes) -> None:
    folder = _key_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(_key_path(kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def private_key_pem(kid: str) -> bytes:
    """Return the private key of `kid` (from its file)."""
    return _key_path(kid).read_bytes()


def signing_key_rotate(*, actor=None) -> SigningKey:
    """Make a new signing key the active one; the previous one is retired, still published."""
    kid = timezone.now().strftime("%Y%m%d") + "-" + secrets.token_hex(3)
    pem, public = signing.key_generate()
    _write_private(kid, pem)
    with transaction.atomic():
        current = (
            SigningKey.objects.select_for_update().filter(retired_at__isnull=True).order_by("pk")
        )
        for key in current:
            key.retired_at = timezone.now()
            key.save(update_fields=["retired_at"])
        key = SigningKey.objects.create(kid=kid, public_key=public)
        if actor is not None:
            from .common import audit

            audit(actor=actor, action="signing_key_rotate", obj=key, changes={"kid": ["", kid]})
    return key


def signing_key_active() -> SigningKey:
    """Return the active signing key, making the first one when there is none."""
    key = SigningKey.objects.filter(retired_at__isnull=True).first()
    if key is not None and _key_path(key.kid).exists():
        return key
    try:
        return signing_key_rotate()
    except IntegrityError:  # another process made it first
        return SigningKey.objects.get(retired_at__isnull=True)


def payload_sign(payload: dict) -> tuple[dict, str, str]:
    """Sign a payload with the active key; answer (payload with its kid, signature, kid)."""
    key = signing_key_active()
    payload = {**payload, "kid": key.kid}
    return payload, signing.sign(private_key_pem(key.kid), payload), key.kid
