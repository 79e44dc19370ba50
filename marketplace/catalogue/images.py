"""Product photo renditions: WebP + JPEG at thumbnail, card and large sizes."""

from __future__ import annotations

import io
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

RENDITION_WIDTHS = {"thumb": 160, "card": 480, "large": 1200}


def _open_rgb(fileobj) -> Image.Image:
    img = Image.open(fileobj)
    # JPEG draft mode decodes at a reduced scale: much faster for big photos.
    if img.format == "JPEG":
        img.draft("RGB", (RENDITION_WIDTHS["large"], RENDITION_WIDTHS["large"]))
    img = ImageOps.exif_transpose(img)
    if img.mode not in ("RGB", "L"):
        background = Image.new("RGB", img.size, (255, 255, 255))
        if img.mode in ("RGBA", "LA", "P"):
            img = img.convert("RGBA")
            background.paste(img, mask=img.split()[-1])
            img = background
        else:
            img = img.convert("RGB")
    return img.convert("RGB")


def build_renditions(fileobj, prefix: str = "products/r") -> dict:
    """Write every rendition of an image to storage and return their paths and sizes."""
    base = _open_rgb(fileobj)
    stem = uuid.uuid4().hex
    result = {}
    for name, width in RENDITION_WIDTHS.items():
        img = base
        if img.width > width:
            height = round(img.height * width / img.width)
            img = img.resize((width, height), Image.Resampling.LANCZOS)
        entry = {"w": img.width, "h": img.height}
        for fmt, ext, kwargs in (
            ("webp", "webp", {"quality": 80, "method": 3}),
            ("jpeg", "jpg", {"quality": 82, "optimize": True, "progressive": True}),
        ):
            buf = io.BytesIO()
            img.save(buf, format=fmt.upper(), **kwargs)
            path = default_storage.save(
                f"{prefix}/{stem}-{name}.{ext}", ContentFile(buf.getvalue())
            )
            entry[fmt] = path
        result[name] = entry
    return result


def product_image_render(image) -> None:
    """Make the renditions of a ProductImage and save them on it."""
    with image.original.open("rb") as fh:
        image.renditions = build_renditions(fh)
    image.save(update_fields=["renditions"])
