#!/usr/bin/env python3
"""Verify a Souk provenance certificate offline, with nothing but the `cryptography` package.

    python3 verify_certificate.py certificate.json keys.json

certificate.json: {"alg", "kid", "payload", "signature"} from /<lang>/v/<code>/certificate.json
keys.json: the published keys, /.well-known/souk-provenance-keys.json
Exit status 0 when the signature is valid for the payload and the key named in it.
"""

import base64
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main(certificate_path: str, keys_path: str) -> int:
    with open(certificate_path, encoding="utf-8") as fh:
        document = json.load(fh)
    with open(keys_path, encoding="utf-8") as fh:
        keys = {key["kid"]: key for key in json.load(fh)["keys"]}
    payload = document["payload"]
    kid = payload.get("kid")
    if kid not in keys or document.get("kid") != kid or keys[kid]["alg"] != "Ed25519":
        print(f"INVALID: no published Ed25519 key {kid!r}")
        return 1
    # The signed bytes: the payload as JSON, keys sorted, no spaces, UTF-8.
    signed = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    try:
        key = Ed25519PublicKey.from_public_bytes(unb64(keys[kid]["public_key"]))
        key.verify(unb64(document["signature"]), signed.encode("utf-8"))
    except (InvalidSignature, ValueError):
        print("INVALID: the signature does not match this content")
        return 1
    piece = payload["piece"]["title"]
    makers = ", ".join(m["name"] for m in payload.get("makers", []))
    print(f"VALID: {payload['code']} ({piece}, made by {makers}), signed with key {kid}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
