"""Print what a phone downloads for a page: bytes on the wire per kind, compressed or not.

    python bench/page_weight.py http://127.0.0.1:8000 /ar/c/pottery/ /ar/ /ar/p/<slug>/

Headless Chromium (Debian's) at 360 × 780 loads each page once, cold, and counts the bytes each
response really took on the wire (the protocol's encoded length), split into HTML, CSS, JS and
images; images count only when they show in the first screen, the others are listed as
"below the fold" with how many loaded anyway. It also says which text responses came without
compression. Point it at a server running the production settings (DJANGO_DEBUG=0, collected
static files through WhiteNoise) to read the figure the issue asks for (≤ 60 KB).
"""

from __future__ import annotations

import shutil
import sys

VIEWPORT = {"width": 360, "height": 780}


def weigh(page, url: str) -> dict:
    """Load `url` and return the bytes per kind and the uncompressed text responses."""
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    urls: dict[str, str] = {}
    plain: list[str] = []
    client = page.context.new_cdp_session(page)
    client.send("Network.enable")
    client.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def on_response(event):
        response = event["response"]
        kind = event.get("type", "Other")
        kinds[event["requestId"]] = kind
        urls[event["requestId"]] = response["url"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        if kind in ("Document", "Stylesheet", "Script") and not headers.get("content-encoding"):
            plain.append(response["url"])

    def on_finished(event):
        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))

    client.on("Network.responseReceived", on_response)
    client.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="networkidle")
    visible = set(
        page.evaluate(
            """() => Array.from(document.images).filter(img => {
                   const r = img.getBoundingClientRect();
                   return r.bottom > 0 && r.top < innerHeight && r.width > 0;
               }).map(img => img.currentSrc || img.src)"""
        )
    )
    totals = {"html": 0, "css": 0, "js": 0, "images, first screen": 0, "images, below": 0}
    below = 0
    for rid, size in sizes.items():
        kind = kinds.get(rid, "Other")
        if kind == "Document":
            totals["html"] += size
        elif kind == "Stylesheet":
            totals["css"] += size
        elif kind == "Script":
            totals["js"] += size
        elif kind == "Image":
            if urls.get(rid) in visible:
                totals["images, first screen"] += size
            else:
                totals["images, below"] += size
                below += 1
    totals["counted"] = sum(totals[k] for k in ("html", "css", "js", "images, first screen"))
    return {"totals": totals, "below_images": below, "uncompressed": plain}


def main(argv: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    base, paths = argv[0].rstrip("/"), argv[1:] or ["/ar/"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), headless=True)
        for path in paths:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            result = weigh(page, base + path)
            t = result["totals"]
            print(f"{path}")
            for key in ("html", "css", "js", "images, first screen", "images, below"):
                print(f"  {key:<22} {t[key] / 1024:7.1f} KB")
            print(f"  {'counted (issue: ≤ 60)':<22} {t['counted'] / 1024:7.1f} KB")
            print(f"  lazy images loaded below the first screen: {result['below_images']}")
            for url in result["uncompressed"]:
                print(f"  sent uncompressed: {url}")
            page.context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1:])
