"""Uploaded photos (products, identity documents, reviews, messages): check and clean them.

Uploads are trusted by nothing but what Pillow decodes: the size and pixel count are checked
from the header before any decoding (so decompression bombs are refused in milliseconds), the
whole image is then decoded, EXIF orientation applied and every piece of metadata (GPS, camera,
comments, ICC) dropped by re-encoding the pixels into a fresh file with a generated name.
"""

from __future__ import annotations

import io
import uuid
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import DomainError, ErrorCode

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; we refuse at our own cap
# before that, and turn the warning into an error as a second line of defence.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


class ImageErrorCode(ErrorCode):
    TOO_LARGE = "image_too_large"
    TOO_MANY_PIXELS = "image_too_many_pixels"
    NOT_AN_IMAGE = "image_not_accepted"
    BROKEN = "image_broken"
    EMPTY = "image_empty"


class ImageRejected(DomainError):
    """An uploaded file is not a photo we accept."""

    status = 400
    messages = {
        ImageErrorCode.TOO_LARGE: _("This file is larger than 15 MB. Please send a smaller photo."),
        ImageErrorCode.TOO_MANY_PIXELS: _(
            "This photo has too many pixels (over 40 megapixels). Please send a smaller photo."
        ),
        ImageErrorCode.NOT_AN_IMAGE: _(
            "This file is not a JPEG, PNG or WebP photo. Please choose a photo."
        ),
        ImageErrorCode.BROKEN: _("This photo is damaged or incomplete. Please send it again."),
        ImageErrorCode.EMPTY: _("This file is empty."),
    }


@dataclass(frozen=True, slots=True)
class CleanImage:
    """A decoded, oriented, metadata-free image ready to store."""

    data: bytes
    extension: str
    width: int
    height: int
    format: str


def _file_size(fileobj) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return int(size)
    pos = fileobj.tell()
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(pos)
    return size


def image_check_header(fileobj) -> tuple[str, int, int]:
    """Refuse a file by size, type or pixel count from its header alone; return (fmt, w, h)."""
    size = _file_size(fileobj)
    if size == 0:
        raise ImageRejected(ImageErrorCode.EMPTY)
    if size > MAX_UPLOAD_BYTES:
        raise ImageRejected(ImageErrorCode.TOO_LARGE)
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=list(ALLOWED_FORMATS)) as img:
                fmt, (width, height) = img.format, img.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(ImageErrorCode.TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, SyntaxError, ValueError):
        raise ImageRejected(ImageErrorCode.NOT_AN_IMAGE) from None
    except (OSError, EOFError):
        raise ImageRejected(ImageErrorCode.BROKEN) from None
    if fmt not in ALLOWED_FORMATS:
        raise ImageRejected(ImageErrorCode.NOT_AN_IMAGE)
    if width * height > MAX_PIXELS or width < 1 or height < 1:
        raise ImageRejected(ImageErrorCode.TOO_MANY_PIXELS)
    return fmt, width, height


def image_clean(fileobj) -> CleanImage:
    """Check an upload by content, decode it fully, apply orientation and strip all metadata."""
    fmt, _w, _h = image_check_header(fileobj)
    fileobj.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(fileobj, formats=[fmt]) as img:
                img.load()  # full decode: truncated or corrupt data fails here
                oriented = ImageOps.exif_transpose(img)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageRejected(ImageErrorCode.TOO_MANY_PIXELS) from None
    except (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError):
        raise ImageRejected(ImageErrorCode.BROKEN) from None

    # Copy the pixels into a brand-new image: nothing of the original's info/EXIF survives.
    if fmt == "JPEG":
        pixels = oriented.convert("RGB") if oriented.mode not in ("RGB", "L") else oriented
    elif oriented.mode in ("RGB", "RGBA", "L", "LA"):
        pixels = oriented
    else:
        pixels = oriented.convert("RGBA")
    fresh = Image.new(pixels.mode, pixels.size)
    fresh.paste(pixels)
    buf = io.BytesIO()
    if fmt == "JPEG":
        fresh.save(buf, format="JPEG", quality=90)
    elif fmt == "PNG":
        fresh.save(buf, format="PNG", optimize=False)
    else:
        fresh.save(buf, format="WEBP", quality=90, method=4)
    return CleanImage(
        data=buf.getvalue(),
        extension=ALLOWED_FORMATS[fmt],
        width=fresh.width,
        height=fresh.height,
        format=fmt,
    )


def generated_name(extension: str) -> str:
    """Return a random file name with the extension (never the uploader's name)."""
    return f"{uuid.uuid4().hex}.{extension}"
