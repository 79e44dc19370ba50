"""Generated test files: real photos with GPS EXIF, bombs, disguised HTML, truncated data."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def jpeg_with_gps(size=(400, 200), orientation=6) -> bytes:
    """A JPEG wider than tall, with GPS coordinates and an orientation tag (6 = rotate 90°)."""
    img = Image.new("RGB", size, (200, 90, 40))
    for x in range(0, size[0] // 2):  # a mark in the left half, to check the rotation
        for y in range(0, 20):
            img.putpixel((x, y), (10, 10, 200))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Souk Test Camera"
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (33.0, 35.0, 0.0)
    gps[3] = "W"
    gps[4] = (7.0, 36.0, 0.0)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", exif=exif.tobytes(), quality=90)
    return buf.getvalue()


def png(size=(300, 300), mode="RGBA") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, size, (30, 120, 90, 200) if mode == "RGBA" else (30, 120, 90)).save(
        buf, format="PNG"
    )
    return buf.getvalue()


def webp(size=(320, 240)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (240, 200, 120)).save(buf, format="WEBP", quality=80)
    return buf.getvalue()


def bomb_png(side=9000) -> bytes:
    """A real, fully decodable 1-bit PNG of 81 megapixels in a few kilobytes."""
    buf = io.BytesIO()
    Image.new("1", (side, side), 0).save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def huge_header_png(width=50_000, height=50_000) -> bytes:
    """A tiny PNG whose header claims 50,000 × 50,000 pixels (2.5 gigapixels)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(document.cookie)</script><rect width="100" height="100"/></svg>'
)

HTML_AS_JPG = b"<!doctype html><html><body><script>alert(1)</script>hello</body></html>"


def truncated_jpeg() -> bytes:
    buf = io.BytesIO()
    img = Image.effect_noise((800, 600), 64).convert("RGB")
    img.save(buf, format="JPEG", quality=90)
    data = buf.getvalue()
    return data[: len(data) // 2]


def twenty_mb_file() -> bytes:
    """A valid JPEG start padded to 20 MB (refused by size before any decoding)."""
    return jpeg_with_gps() + b"\x00" * (20 * 1024 * 1024)
