"""How long the renditions of a 12-megapixel photo take (thumb, card, large; WebP + JPEG).

    .venv/bin/python bench/bench_renditions.py [--runs 3]

Prints the time to clean the upload (full decode, orientation, metadata stripped) and to make
the renditions, with JPEG draft mode (decode at 1/2 – 1/8 scale) and without it, so the gain is
visible. Files go to a temporary MEDIA_ROOT that is removed afterwards.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup(media_root: str) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ["MEDIA_ROOT"] = media_root
    import django

    django.setup()


def _photo_12mp() -> bytes:
    """A 4000 × 3000 photo-like JPEG (noise over a gradient, so it compresses like a photo)."""
    from PIL import Image

    w, h = 4000, 3000
    gradient = Image.linear_gradient("L").resize((w, h))
    noise = Image.effect_noise((w, h), 40)
    img = Image.merge("RGB", (gradient, noise, Image.eval(gradient, lambda v: 255 - v)))
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=88)
    return buf.getvalue()


def _time(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as media:
        _setup(media)
        from marketplace.catalogue import images

        data = _photo_12mp()
        print(f"source: 4000×3000 JPEG (12.0 MP), {len(data) / 1e6:.1f} MB")

        clean = _time(lambda: images.image_clean(io.BytesIO(data)), args.runs)
        cleaned = images.image_clean(io.BytesIO(data)).data
        with_draft = _time(lambda: images.build_renditions(io.BytesIO(cleaned)), args.runs)

        from PIL import JpegImagePlugin

        original_draft = JpegImagePlugin.JpegImageFile.draft
        JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None  # full-size decode
        try:
            without_draft = _time(lambda: images.build_renditions(io.BytesIO(cleaned)), args.runs)
        finally:
            JpegImagePlugin.JpegImageFile.draft = original_draft

        def line(label, values):
            print(
                f"{label:<44} median {statistics.median(values) * 1000:7.0f} ms"
                f"   (best {min(values) * 1000:.0f} ms, {len(values)} runs)"
            )

        line("clean upload (decode, orient, strip)", clean)
        line("renditions, JPEG draft mode", with_draft)
        line("renditions, full decode (no draft)", without_draft)
        gain = statistics.median(without_draft) / statistics.median(with_draft)
        print(f"draft mode speed-up: ×{gain:.1f}")


if __name__ == "__main__":
    main()
