"""Where label-claim documents are kept: private storage, never reachable by URL alone.

They are read only through views.claim_document, which lets in the claiming shop's people and
staff, and answers with core's private_file_response.
"""

from __future__ import annotations

from django.core.files.storage import Storage


def document_storage() -> Storage:
    """Return the private storage that holds label-claim documents."""
    from marketplace.core.storage import private_storage

    return private_storage()
