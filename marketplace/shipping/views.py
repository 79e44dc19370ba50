"""Customs documents handed out to the shop's people and staff only (private files)."""

from __future__ import annotations

import posixpath

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from marketplace.core.private_files import private_file_response

from . import selectors


@login_required
@require_GET
def document_download(request, pk: int):
    """Send one customs document to someone of its shop who handles orders, or to staff."""
    document = selectors.document_for_reader(user=request.user, document_id=pk)
    if document is None:
        raise Http404  # never 403: do not confirm the document exists
    return private_file_response(
        request,
        document.file,
        obj=document,
        content_type="application/pdf",
        download_name=posixpath.basename(document.file.name),
    )
