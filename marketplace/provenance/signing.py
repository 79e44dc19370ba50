"""Ed25519 signatures over canonical JSON: what a certificate's signature covers, exactly.

Canonical form: the payload (which carries its key id, `kid`) as JSON with keys sorted, no
spaces (separators "," and ":"), non-ASCII characters kept as UTF-8, then encoded in UTF-8.
Keys and signatures are unpadded base64url. scripts/verify_certificate.py repeats these few
lines with nothing but `cryptography`, so anyone can check a certificate offline.
"""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def canonical(payload: dict) -> bytes:
    """Return the bytes a signature covers."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_generate() -> tuple[bytes, str]:
    """Return a new private key (PKCS#8 PEM) and its public half (raw, base64url)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    return pem, b64(public)


def sign(pem: bytes, payload: dict) -> str:
    """Sign the payload's canonical form with a PEM private key; answer the signature."""
    private = serialization.load_pem_private_key(pem, password=None)
    return b64(private.sign(canonical(payload)))


def verify(public_key: str, payload: dict, signature: str) -> bool:
    """Whether `signature` is the key's signature of the payload's canonical form."""
    try:
        key = Ed25519PublicKey.from_public_bytes(unb64(public_key))
        key.verify(unb64(signature), canonical(payload))
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True
