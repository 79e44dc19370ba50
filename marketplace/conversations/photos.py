"""Hand out a conversation photo to a reader the caller has authorised (page and API alike)."""

from __future__ import annotations

from django.http import FileResponse

from .errors import ConversationError, ConversationErrorCode


def photo_response(photo, size: str) -> FileResponse:
    """Answer a private photo: never cached by shared caches, never guessed from a URL."""
    thumb = size == "thumb"
    field = photo.thumb if thumb else photo.image
    try:
        handle = field.storage.open(field.name, "rb")
    except OSError:
        raise ConversationError(ConversationErrorCode.NOT_FOUND) from None
    response = FileResponse(handle, content_type="image/jpeg" if thumb else photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
