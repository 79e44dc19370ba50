"""Product photos: their renditions (WebP + JPEG at four widths), made by a task.

Checking and cleaning an upload is shared by every app that takes photos: core/images.py.
"""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from marketplace.core.images import (  # noqa: F401  (the catalogue's photo services use them)
    ALLOWED_FORMATS,
    MAX_PIXELS,
    MAX_UPLOAD_BYTES,
    CleanImage,
    ImageErrorCode,
    ImageRejected,
    generated_name,
    image_check_header,
    image_clean,
)

# "small": a card on a 2x phone (two columns of 156-182 px) would otherwise take the 480-px
# rendition, about twice the bytes (the category page's first screen: issue #23's 60 KB).
RENDITION_WIDTHS = {"thumb": 160, "small": 320, "card": 480, "large": 1200}


def _flatten(img: Image.Image) -> Image.Image:
    """Return an RGB image, compositing transparency on white."""
    if img.mode in ("RGBA", "LA", "P", "PA"):
        rgba = img.convert("RGBA")
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.split()[-1])
        return background
    return img.convert("RGB")


def _open_rgb(fileobj) -> Image.Image:
    img = Image.open(fileobj)
    # JPEG draft mode decodes at a reduced scale (1/2, 1/4, 1/8): much faster for big photos.
    if img.format == "JPEG":
        img.draft("RGB", (RENDITION_WIDTHS["large"], RENDITION_WIDTHS["large"]))
    img = ImageOps.exif_transpose(img)
    return _flatten(img)


def build_renditions(fileobj, prefix: str = "products/r", *, storage) -> dict:
    """Write every rendition of an image to `storage` and return their paths and sizes.

    Only files go through the storage (no local path), so the worker that runs this may sit
    on another machine than the web nodes when the storages are object storage.
    """
    base = _open_rgb(fileobj)
    stem = uuid.uuid4().hex
    result = {}
    # Largest first, each one resized from the previous: less work for the small sizes.
    source = base
    for name, width in sorted(RENDITION_WIDTHS.items(), key=lambda kv: -kv[1]):
        img = source
        if img.width > width:
            height = max(1, round(img.height * width / img.width))
            img = img.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        source = img
        entry = {"w": img.width, "h": img.height}
        for fmt, ext, kwargs in (
            ("webp", "webp", {"quality": 80, "method": 3}),
            ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            buf = io.BytesIO()
            img.save(buf, format=fmt.upper(), **kwargs)
            path = storage.save(f"{prefix}/{stem}-{name}.{ext}", ContentFile(buf.getvalue()))
            entry[fmt] = path
        result[name] = entry
    return dict(sorted(result.items(), key=lambda kv: kv[1]["w"]))
