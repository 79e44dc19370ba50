"""The site's icons: small inline SVG line drawings, instead of emoji.

Emoji need a colour-emoji font; a browser without one (a headless Chromium, some desktops)
draws empty boxes. These are plain SVG drawn in the text colour (`currentColor`), sized to the
text (1.25em, see `.icon` in souk.css). They read the same in Arabic and Latin pages, except
the few that point forward or back (send, return): souk.css mirrors those in right-to-left. The `icon` template tag (`souk`) renders them, hidden from
screen readers beside the text that says the same thing, or named with `label=` when an icon
stands alone.

Each drawing is on a 24 × 24 grid, stroked 2 px with round ends; only elements and
presentation attributes, no `style`, so the Content-Security-Policy has nothing to refuse.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

ICONS: dict[str, str] = {
    "alert": '<path d="M12 3 22 20H2z"/><path d="M12 10v4.5M12 17.5v.01"/>',
    "archive": '<rect x="3" y="4" width="18" height="5" rx="1"/><path d="M5 9v11h14V9M10 13h4"/>',
    "arrow-down": '<path d="M12 5v14M6 13l6 6 6-6"/>',
    "arrow-up": '<path d="M12 19V5M6 11l6-6 6 6"/>',
    "bank": '<path d="M3 9l9-5 9 5zM5 9v9M9.7 9v9M14.3 9v9M19 9v9M3 20.5h18"/>',
    "bell": '<path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l2 2H4z"/><path d="M10 21h4"/>',
    "block": '<circle cx="12" cy="12" r="9"/><path d="m5.6 5.6 12.8 12.8"/>',
    "book": '<path d="M12 6.5C10 5 7 4.5 3 5v14c4-.5 7 0 9 1.5 2-1.5 5-2 9-1.5V5c-4-.5-7 0-9 1.5zM12 6.5v14"/>',
    "box": '<path d="m3 7.5 9-4.5 9 4.5v9L12 21l-9-4.5z"/><path d="m3 7.5 9 4.5 9-4.5M12 12v9"/>',
    "calendar": '<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4M16 3v4"/>',
    "camera": '<path d="M3 8h4l2-3h6l2 3h4v12H3z"/><circle cx="12" cy="13.5" r="3.5"/>',
    "card": '<rect x="2.5" y="5" width="19" height="14" rx="2"/><path d="M2.5 10h19M6 15h5"/>',
    "cash": '<rect x="2" y="6" width="20" height="12" rx="2"/><circle cx="12" cy="12" r="2.8"/><path d="M5.5 9.5v.01M18.5 14.5v.01"/>',
    "chart": '<path d="M4 20h16M7 20v-6M12 20V7M17 20v-9"/>',
    "chart-up": '<path d="M4 20h16M4 16l5-5 4 3 7-8M15 6h5v5"/>',
    "chat": '<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9.5h8M8 12.5h5"/>',
    "check": '<circle cx="12" cy="12" r="9"/><path d="m7.5 12.5 3 3 6-6.5"/>',
    "clock": '<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3.5 2"/>',
    "coins": '<ellipse cx="12" cy="6" rx="7" ry="3"/><path d="M5 6v6c0 1.7 3.1 3 7 3s7-1.3 7-3V6M5 12v6c0 1.7 3.1 3 7 3s7-1.3 7-3v-6"/>',
    "cross": '<circle cx="12" cy="12" r="9"/><path d="m8.5 8.5 7 7M15.5 8.5l-7 7"/>',
    "copy": '<rect x="8" y="8" width="12" height="13" rx="2"/><path d="M16 8V5a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h2"/>',
    "document": '<path d="M6 3h8l4 4v14H6z"/><path d="M14 3v4h4M9 12h6M9 16h6"/>',
    "edit": '<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="m13 7 4 4"/>',
    "globe": '<circle cx="12" cy="12" r="9"/><path d="M3 12h18M12 3c2.5 2.5 3.8 5.5 3.8 9s-1.3 6.5-3.8 9c-2.5-2.5-3.8-5.5-3.8-9S9.5 5.5 12 3z"/>',
    "heart": '<path d="M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z"/>',
    "home": '<path d="m3 11 9-7 9 7M5.5 9.5V20h13V9.5"/><path d="M10 20v-6h4v6"/>',
    "hourglass": '<path d="M6 3h12M6 21h12M7.5 3c0 4 4.5 6 4.5 9s-4.5 5-4.5 9M16.5 3c0 4-4.5 6-4.5 9s4.5 5 4.5 9"/>',
    "id-card": '<rect x="3" y="5" width="18" height="14" rx="2"/><circle cx="9" cy="11" r="2"/><path d="M6 16c.5-1.3 1.6-2 3-2s2.5.7 3 2M14.5 10h4M14.5 14h4"/>',
    "idea": '<path d="M9 18h6M10 21h4M12 3a6 6 0 0 0-3.5 10.9c.6.5 1 1.2 1 2V16h5v-.1c0-.8.4-1.5 1-2A6 6 0 0 0 12 3z"/>',
    "image": '<rect x="3" y="4" width="18" height="16" rx="2"/><circle cx="9" cy="10" r="2"/><path d="m21 16-5-5-9 9"/>',
    "lock": '<rect x="5" y="11" width="14" height="10" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3M12 15v2"/>',
    "mail": '<rect x="3" y="5" width="18" height="14" rx="2"/><path d="m3 7 9 6 9-6"/>',
    "medal": '<circle cx="12" cy="15" r="6"/><path d="M8 3l2.5 6.5M16 3l-2.5 6.5M7 3h10M12 12.5v5"/>',
    "people": '<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.8-3.5 3.3-5.5 6.5-5.5s5.7 2 6.5 5.5M15.5 4.7a3.5 3.5 0 0 1 0 6.6M17.5 14.8c2 .7 3.4 2.5 4 5.2"/>',
    "palette": '<path d="M12 3a9 9 0 1 0 0 18c1.4 0 2-.9 2-1.9 0-1.1-1-1.4-1-2.5 0-1 .8-1.6 1.8-1.6H17a4 4 0 0 0 4-4c0-4.4-4-8-9-8z"/><circle cx="7.5" cy="11.5" r="1"/><circle cx="10" cy="7.5" r="1"/><circle cx="15" cy="7.5" r="1"/>',
    "person": '<circle cx="12" cy="8" r="4"/><path d="M4 20.5c1-4 4-6.5 8-6.5s7 2.5 8 6.5"/>',
    "phone": '<rect x="7" y="2.5" width="10" height="19" rx="2"/><path d="M11 18h2"/>',
    "pin": '<path d="M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12z"/><circle cx="12" cy="9" r="2.5"/>',
    "plane": '<path d="M3 13.5 21 6l-4.5 14-4-5.5zM12.5 14.5 21 6"/>',
    "play": '<path d="M7 4.5v15L19.5 12z"/>',
    "plus": '<path d="M12 5v14M5 12h14"/>',
    "pot": '<path d="M8.5 3h7M10 3v3.2C7 7.7 5 10 5 13.5 5 17.7 8.1 21 12 21s7-3.3 7-7.5c0-3.5-2-5.8-5-7.3V3"/><path d="M5.5 12h13"/>',
    "printer": '<path d="M7 9V3h10v6M7 17H4V9h16v8h-3"/><rect x="7" y="14" width="10" height="7"/>',
    "receipt": '<path d="M6 3h12v18l-2-1.5-2 1.5-2-1.5-2 1.5-2-1.5L6 21z"/><path d="M9 8h6M9 12h6M9 16h3"/>',
    "refresh": '<path d="M20 12a8 8 0 0 1-14 5.3M4 12a8 8 0 0 1 14-5.3"/><path d="M18 3v4h-4M6 21v-4h4"/>',
    "return": '<path d="M9 14 4 9l5-5M4 9h11a5 5 0 0 1 0 10h-3"/>',
    "ruler": '<path d="M3 17 17 3l4 4L7 21z"/><path d="m7.5 12.5 2 2M10.5 9.5l2 2M13.5 6.5l2 2"/>',
    "save": '<path d="M5 3h11l3 3v15H5z"/><path d="M8 3v5h7V3M8 21v-7h8v7"/>',
    "search": '<circle cx="10.5" cy="10.5" r="6.5"/><path d="m15.5 15.5 5 5"/>',
    "send": '<path d="M3 11 21 3l-8 18-2-8z"/><path d="M11 13 21 3"/>',
    "settings": '<path d="M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1"/><circle cx="15" cy="6" r="2"/><circle cx="9" cy="12" r="2"/><circle cx="17" cy="18" r="2"/>',
    "shield": '<path d="M12 3 20 6v6c0 4.5-3.4 8-8 9-4.6-1-8-4.5-8-9V6z"/><path d="m8.5 12 2.5 2.5 4.5-5"/>',
    "shop": '<path d="M4 9l1.5-5h13L20 9M4 9c0 1.7 1.3 3 3 3s2.5-1.3 2.5-3c0 1.7 1.1 3 2.5 3s2.5-1.3 2.5-3c0 1.7 .8 3 2.5 3s3-1.3 3-3M5 12v8h14v-8M10 20v-5h4v5"/>',
    "share": '<circle cx="12" cy="12" r="9"/><path d="M12 3v9l6.4 6.4M12 12l-6.4 6.4"/>',
    "star": '<path d="m12 3 2.8 5.8 6.2.9-4.5 4.4 1 6.2-5.5-3-5.5 3 1-6.2L3 9.7l6.2-.9z"/>',
    "stamp": '<path d="M9 13V9.5a3 3 0 1 1 6 0V13M4 13h16v4H4zM6 20.5h12"/>',
    "tools": '<path d="M14.5 4a4.5 4.5 0 0 0 5.5 5.5L10 19.5a2.1 2.1 0 0 1-3-3L17 6.5A4.5 4.5 0 0 0 14.5 4z"/>',
    "trash": '<path d="M4 7h16M9.5 7V4h5v3M6 7l1 14h10l1-14M10 11v6M14 11v6"/>',
    "truck": '<path d="M2 6h12v10H2zM14 9.5h4l3 3.5v3h-7"/><circle cx="6" cy="18" r="2"/><circle cx="17" cy="18" r="2"/>',
    "yarn": '<circle cx="12" cy="12" r="8"/><path d="M5.5 7.5c4.5 0 9.5 4 11 11.5M4.5 12.5c4 0 7.5 3 8.5 7.3M8.5 4.8c4 1.5 8 6 10.2 11"/>',
}


def icon_svg(name: str, *, label: str = "", css_class: str = "") -> SafeString:
    """Return the inline SVG of one icon: hidden from screen readers, or named by `label`."""
    try:
        drawing = ICONS[name]
    except KeyError:
        raise ValueError(f"no icon named {name!r}") from None
    classes = f"icon icon-{name} {css_class}".strip()
    if label:
        head = format_html('<svg class="{}" role="img" aria-label="{}"', classes, label)
        title = format_html("<title>{}</title>", label)
    else:
        head = format_html('<svg class="{}" aria-hidden="true"', classes)
        title = ""
    return mark_safe(  # noqa: S308 - the drawings are our constants; label/class are escaped
        f'{head} width="20" height="20" viewBox="0 0 24 24" focusable="false" fill="none"'
        ' stroke="currentColor" stroke-width="2" stroke-linecap="round"'
        f' stroke-linejoin="round">{title}{drawing}</svg>'
    )
