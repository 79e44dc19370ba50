"""Hand out a private file through an authorised view: the one way private files leave Souk.

Usage, in a view that has already decided the reader may see the file (the owner, or staff)::

    from marketplace.core.private_files import private_file_response

    @login_required
    def document_file(request, pk):
        doc = ShopDocument.objects.filter(pk=pk).first()
        if doc is None or not can_read(request.user, doc):
            raise Http404            # never 403: do not confirm that the file exists
        return private_file_response(request, doc.file, obj=doc)

- `file`: a FieldFile on the private storage (``storage=private_storage``), or a storage name
  with ``storage=`` given.
- `obj`: the model instance the file belongs to. A read by staff (``is_staff`` or a
  moderator) sends `core.signals.private_file_read`, which the moderation app writes to the
  audit log (who read which object's file, when).
- `audit`: False for files that are not personal (unpublished product photos shown to
  moderators): no audit row for those reads.
- `content_type`: guessed from the name when omitted. `download_name`: send as an attachment
  with this file name (PDF invoices, customs documents); otherwise shown inline.

The answer is never stored by a shared or browser cache (``Cache-Control: private,
no-store``), carries ``X-Content-Type-Options: nosniff``, and is a 404
when the file is missing from storage. The helper checks nothing about who asks: the caller
does, before calling it.
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import Storage
from django.http import FileResponse, Http404

from .signals import private_file_read
from .storage import private_storage


def private_file_response(
    request,
    file,
    *,
    obj=None,
    storage: Storage | None = None,
    content_type: str = "",
    download_name: str = "",
    audit: bool = True,
) -> FileResponse:
    """Answer one private file to a reader the caller has authorised (404 if it is missing)."""
    name = getattr(file, "name", file)
    if not name:
        raise Http404
    store = storage or getattr(file, "storage", None) or private_storage()
    try:
        handle = store.open(name, "rb")
    except (OSError, ValueError):
        raise Http404 from None
    guessed = mimetypes.guess_type(name)[0]
    response = FileResponse(
        handle,
        content_type=content_type or guessed or "application/octet-stream",
        as_attachment=bool(download_name),
        filename=download_name or "",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    user = getattr(request, "user", None)
    if audit and user is not None and (user.is_staff or getattr(user, "is_moderator", False)):
        private_file_read.send(sender=private_file_response, user=user, obj=obj, name=name)
    return response
