"""Icons are inline SVG from one set, never emoji (which need a colour-emoji font to show)."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from marketplace.core.icons import ICONS, icon_svg

ROOT = Path(__file__).resolve().parents[2]
# Pictographs drawn only by a colour-emoji font: U+1F000 onwards, and the older symbols that
# are emoji by default (hourglass, alarm clock, check and cross marks, warning, envelope…).
EMOJI = re.compile(
    "[\U0001f000-\U0001ffff\u231a\u231b\u23e9-\u23fa\u2600-\u26ff\u2705\u2708-\u270d"
    "\u2728\u274c\u274e\u2753-\u2757\u2763\u2764\u2795-\u2797\u27a1\u27b0\u27bf\u2b05-\u2b07"
    "\u2b1b\u2b1c\u2b50\u2b55]\ufe0f?|\ufe0f"
)
# Text symbols every font with Latin coverage has (DejaVu, Roboto, Noto Sans): kept as text.
TEXT_SYMBOLS = set("★☆♡♥⚑☐")


def _pictographs(text: str) -> list[str]:
    return [m for m in EMOJI.findall(text) if m.rstrip("\ufe0f") not in TEXT_SYMBOLS]


def test_no_template_and_no_menu_or_page_icon_is_an_emoji():
    found = {}
    sources = [*(ROOT / "templates").rglob("*.html"), *(ROOT / "static").rglob("*.js")]
    sources += [p for p in (ROOT / "marketplace").rglob("*.py") if "views" in p.parts]
    sources += list((ROOT / "marketplace").glob("*/navigation.py"))
    for path in sources:
        if hits := _pictographs(path.read_text(encoding="utf-8")):
            found[str(path.relative_to(ROOT))] = hits
    assert not found


def test_every_icon_named_in_templates_and_code_exists():
    named = set()
    for path in (ROOT / "templates").rglob("*.html"):
        named |= set(re.findall(r'{% icon "([\w-]+)"', path.read_text(encoding="utf-8")))
    for path in (ROOT / "marketplace").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r'"icon": "([\w-]+)"', text))
        if path.name == "navigation.py":
            named |= set(re.findall(r'\), "([\w-]+)",? ?(?:[A-Z]+|\))', text))
            named |= set(re.findall(r'"artisans:\w+", "([\w-]+)"\)', text))
    assert named and not named - set(ICONS), sorted(named - set(ICONS))
    assert {"chat", "shop", "pot", "box", "settings", "people"} <= named


def test_an_icon_is_hidden_beside_its_text_or_named_when_alone():
    hidden = icon_svg("chat")
    assert hidden.startswith('<svg class="icon icon-chat" aria-hidden="true"')
    assert 'focusable="false"' in hidden and "style" not in hidden and "<title>" not in hidden
    named = icon_svg("cash", label='Cash <on> "delivery"', css_class="stat-icon")
    assert 'class="icon icon-cash stat-icon" role="img"' in named
    assert 'aria-label="Cash &lt;on&gt; &quot;delivery&quot;"' in named
    assert "<title>Cash &lt;on&gt; &quot;delivery&quot;</title>" in named
    with pytest.raises(ValueError, match="no icon named 'nope'"):
        icon_svg("nope")


def test_the_template_tag_renders_the_set():
    html = Template('{% load souk %}<a>{% icon "truck" %} Shipping</a>').render(Context())
    assert (
        html.startswith('<a><svg class="icon icon-truck" aria-hidden="true"')
        and "</svg> Shipping</a>" in html
    )
