"""Draw the demo catalogue's product photos with Pillow: one motif per craft, varied colours."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFilter

SIZE = 800
PALETTES = {
    "fakhar-safi": [(32, 66, 140), (212, 160, 48), (170, 60, 40), (40, 110, 90)],
    "bleu-de-fes": [(24, 58, 150), (50, 90, 190), (20, 40, 100)],
    "tamegroute-vert": [(38, 110, 62), (70, 140, 60), (20, 80, 50)],
    "tifawin-azilal": [(196, 62, 54), (232, 150, 40), (110, 60, 140), (40, 120, 160)],
    "nissae-zemmour": [(160, 30, 40), (40, 30, 30), (230, 200, 160)],
    "brodeuses-sale": [(30, 90, 80), (120, 20, 60), (20, 40, 90), (200, 170, 70)],
    "caftan-marrakech": [(150, 20, 50), (230, 190, 80), (60, 30, 100)],
    "dabagh-fes": [(150, 90, 40), (110, 60, 30), (190, 140, 60), (40, 30, 25)],
    "thuya-essaouira": [(140, 80, 40), (190, 130, 70), (90, 50, 25)],
    "fanous-marrakech": [(190, 150, 60), (170, 90, 40), (120, 90, 40)],
    "fedda-tiznit": [(190, 190, 200), (30, 110, 60), (200, 60, 50), (230, 180, 40)],
    "zellige-sidi-moussa": [(20, 100, 80), (30, 60, 140), (240, 240, 230), (180, 60, 40)],
    "doum-sale": [(210, 170, 110), (180, 130, 70), (120, 80, 40)],
    "tiwizi-argan": [(200, 150, 40), (160, 110, 30), (90, 60, 20)],
}
BACKGROUNDS = [(246, 238, 226), (236, 226, 212), (225, 214, 200), (242, 232, 220), (214, 200, 186)]


def _backdrop(rng: random.Random) -> Image.Image:
    top = rng.choice(BACKGROUNDS)
    img = Image.new("RGB", (SIZE, SIZE), top)
    d = ImageDraw.Draw(img)
    # A soft shadowed "table" in the lower part, like a studio shot.
    d.rectangle([0, int(SIZE * 0.72), SIZE, SIZE], fill=tuple(max(0, c - 28) for c in top))
    return img


def _star(cx, cy, r_out, r_in, points=8, rot=0.0):
    pts = []
    for i in range(points * 2):
        r = r_out if i % 2 == 0 else r_in
        a = rot + math.pi * i / points
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def _pottery(d, rng, pal):
    cx, cy, r = SIZE // 2, int(SIZE * 0.48), rng.randint(300, 360)
    d.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(245, 240, 228), outline=pal[0], width=10)
    for k, rr in enumerate(range(r - 30, 40, -rng.randint(45, 70))):
        d.ellipse(
            [cx - rr, cy - rr, cx + rr, cy + rr], outline=pal[k % len(pal)], width=rng.randint(4, 9)
        )
    petals = rng.choice([6, 8, 10, 12])
    for i in range(petals):
        a = 2 * math.pi * i / petals
        px, py = cx + (r * 0.55) * math.cos(a), cy + (r * 0.55) * math.sin(a)
        d.polygon(_star(px, py, 38, 16, 4, a), fill=pal[(i + 1) % len(pal)])
    d.polygon(_star(cx, cy, 70, 30, 8), fill=pal[0])


def _carpet(d, rng, pal):
    x0, y0, x1, y1 = 150, 80, SIZE - 150, SIZE - 80
    base = (240, 232, 214) if rng.random() < 0.5 else pal[0]
    line = pal[1] if base != pal[0] else (245, 235, 215)
    d.rectangle([x0, y0, x1, y1], fill=base)
    step = rng.choice([70, 90, 110])
    for y in range(y0, y1, step):
        for x in range(x0, x1, step):
            cx, cy = x + step / 2, y + step / 2
            d.polygon([(cx, y), (x + step, cy), (cx, y + step), (x, cy)], outline=line, width=5)
            if rng.random() < 0.35:
                d.polygon(_star(cx, cy, 14, 6, 4), fill=pal[-1])
    for x in range(x0, x1, 14):  # fringes
        d.line([(x, y1), (x, y1 + 40)], fill=(230, 220, 200), width=4)


def _clothing(d, rng, pal):
    c = rng.choice(pal)
    trim = pal[-1] if c != pal[-1] else pal[0]
    cx = SIZE // 2
    body = [
        (cx - 120, 140),
        (cx + 120, 140),
        (cx + 300, 330),
        (cx + 240, 380),
        (cx + 170, 300),
        (cx + 210, 820),
        (cx - 210, 820),
        (cx - 170, 300),
        (cx - 240, 380),
        (cx - 300, 330),
    ]
    d.polygon(body, fill=c)
    d.line([(cx, 170), (cx, 820)], fill=trim, width=14)
    for y in range(190, 800, 38):
        d.ellipse([cx - 9, y, cx + 9, y + 18], fill=trim)
    d.line([(cx - 210, 800), (cx + 210, 800)], fill=trim, width=16)


def _lantern(d, rng, pal):
    cx = SIZE // 2
    c = pal[0]
    d.line([(cx, 40), (cx, 150)], fill=(80, 60, 40), width=6)
    d.polygon([(cx - 60, 150), (cx + 60, 150), (cx + 30, 210), (cx - 30, 210)], fill=c)
    d.polygon(
        [
            (cx - 170, 210),
            (cx + 170, 210),
            (cx + 210, 520),
            (cx + 120, 700),
            (cx - 120, 700),
            (cx - 210, 520),
        ],
        fill=c,
    )
    for y in range(260, 660, 60):
        for x in range(cx - 150, cx + 160, 60):
            d.polygon(_star(x, y, 18, 8, 8), fill=(255, 236, 170))
    d.polygon([(cx - 120, 700), (cx + 120, 700), (cx + 40, 770), (cx - 40, 770)], fill=pal[1])


def _zellige(d, rng, pal):
    step = rng.choice([110, 130, 150])
    for y in range(0, SIZE, step):
        for x in range(0, SIZE, step):
            d.rectangle([x, y, x + step, y + step], fill=pal[2])
            d.polygon(
                _star(x + step / 2, y + step / 2, step * 0.48, step * 0.28, 8, math.pi / 8),
                fill=pal[(x // step + y // step) % 2],
            )
            d.polygon(_star(x + step / 2, y + step / 2, step * 0.18, step * 0.1, 8), fill=pal[3])


def _jewel(d, rng, pal):
    cx, cy = SIZE // 2, int(SIZE * 0.46)
    d.ellipse([cx - 260, cy - 260, cx + 260, cy + 260], outline=pal[0], width=26)
    for i in range(10):
        a = 2 * math.pi * i / 10
        x, y = cx + 260 * math.cos(a), cy + 260 * math.sin(a)
        d.polygon(
            [(x, y - 34), (x + 30, y), (x, y + 34), (x - 30, y)], fill=pal[1 + i % (len(pal) - 1)]
        )
    d.polygon(
        [(cx, cy - 120), (cx + 100, cy + 80), (cx - 100, cy + 80)],
        fill=pal[0],
        outline=pal[2],
        width=8,
    )
    d.ellipse([cx - 30, cy - 5, cx + 30, cy + 55], fill=pal[3])


def _basket(d, rng, pal):
    cx, cy = SIZE // 2, int(SIZE * 0.5)
    for k, r in enumerate(range(340, 10, -18)):
        d.ellipse(
            [cx - r, cy - r * 0.85, cx + r, cy + r * 0.85], outline=pal[k % len(pal)], width=14
        )


def _bottle(d, rng, pal):
    cx = SIZE // 2
    d.rectangle([cx - 40, 120, cx + 40, 230], fill=(60, 40, 25))
    d.rounded_rectangle(
        [cx - 170, 230, cx + 170, 760], radius=60, fill=pal[0], outline=pal[2], width=6
    )
    d.rectangle([cx - 130, 420, cx + 130, 600], fill=(245, 238, 220))
    d.polygon(_star(cx, 510, 60, 26, 8), fill=pal[1])


def _leather(d, rng, pal):
    c = rng.choice(pal)
    cx = SIZE // 2
    d.rounded_rectangle([cx - 280, 300, cx + 280, 740], radius=70, fill=c)
    d.arc([cx - 170, 120, cx + 170, 460], 180, 360, fill=tuple(max(0, v - 40) for v in c), width=26)
    for x in range(cx - 240, cx + 250, 30):
        d.line([(x, 330), (x + 10, 330)], fill=(240, 220, 190), width=4)
    d.polygon(_star(cx, 520, 80, 34, 8), fill=(235, 210, 160))


def _wood(d, rng, pal):
    cx, cy = SIZE // 2, int(SIZE * 0.5)
    d.rounded_rectangle([cx - 300, cy - 220, cx + 300, cy + 220], radius=24, fill=pal[0])
    for i in range(-260, 270, 40):
        d.line([(cx + i, cy - 220), (cx + i + 30, cy + 220)], fill=pal[2], width=3)
    d.rectangle([cx - 200, cy - 130, cx + 200, cy + 130], fill=pal[1])
    d.polygon(_star(cx, cy, 110, 50, 8), fill=(240, 230, 210))


DRAW = {
    "pottery": _pottery,
    "carpets": _carpet,
    "clothing": _clothing,
    "metal": _lantern,
    "zellige": _zellige,
    "jewellery": _jewel,
    "basketry": _basket,
    "argan": _bottle,
    "leather": _leather,
    "woodwork": _wood,
}


def draw_product_image(craft: str, shop_slug: str, seed: int) -> bytes:
    """Return a JPEG of a craft motif, distinct for each seed."""
    rng = random.Random(seed)
    pal = list(PALETTES.get(shop_slug, PALETTES["fakhar-safi"]))
    rng.shuffle(pal)
    img = _backdrop(rng)
    d = ImageDraw.Draw(img)
    DRAW[craft](d, rng, pal)
    # A slight blur and grain take the vector edge off: it reads more like a photo.
    img = img.filter(ImageFilter.GaussianBlur(0.8))
    if rng.random() < 0.5:
        img = img.rotate(
            rng.uniform(-6, 6), resample=Image.Resampling.BICUBIC, fillcolor=BACKGROUNDS[0]
        )
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=85)
    return buf.getvalue()
