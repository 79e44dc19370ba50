"""Hide contact details (phone numbers, e-mail addresses, external links) in message text.

Before a first paid order between a buyer and a shop, taking the sale off the platform is the
main risk: the buyer loses the payment protection, the makers their reviews. So messages are
masked until then. What counts, after folding Arabic-Indic (٠–٩), Persian (۰–۹) and full-width
digits to 0–9:

- phone numbers: a run of digits and spelled-out numbers (Arabic, French, English, 0–99,
  "double five", "soixante-dix-huit", "خمسة و ستين") separated only by spaces, dots, dashes,
  slashes, commas or brackets, 8 digits or more, that `phonenumbers` accepts as a possible
  number in Morocco or a main market (France, Spain, the United States), or in international
  form (+…, 00…); any run of 10 digits or more;
- e-mail addresses, with "@", "(at)", "[at]", " at ", "arobase" and ".", " dot ", " point ";
  a mailbox at a well-known provider even without its ".com";
- links: anything with a scheme, "www.", a domain with a common ending (".com", ".ma", "wa.me",
  "bit.ly"…, also "dot com"), and @handles; links to Souk itself stay.

Masked text keeps a marker per hidden item (MARKS); pages and the API show it in the reader's
language. Pure functions, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import phonenumbers

PHONE, EMAIL, LINK = "phone", "email", "link"
MARKS = {PHONE: "⟦phone⟧", EMAIL: "⟦email⟧", LINK: "⟦link⟧"}
MARK_RE = re.compile("⟦(phone|email|link)⟧")

# Digits other scripts write, folded one character for one (positions stay the same).
_DIGITS = {}
for _base in (0x0660, 0x06F0, 0xFF10, 0x0966):
    for _i in range(10):
        _DIGITS[_base + _i] = str(_i)


def fold_digits(text: str) -> str:
    """Return the text with Arabic-Indic, Persian, Devanagari and full-width digits as 0–9."""
    return text.translate(_DIGITS)


# --- e-mail addresses ------------------------------------------------------------------------
_AT = (
    r"(?:\s*[@＠]\s*|\s*[\(\[\{<]\s*(?:at|arobase|arrobase|ات|آت)\s*[\)\]\}>]\s*"
    r"|\s+(?:at|arobase|arrobase)\s+)"
)
_DOT = r"(?:\s*\.\s*|\s*[\(\[\{<]\s*(?:dot|point|punto)\s*[\)\]\}>]\s*|\s+(?:dot|point|punto)\s+)"
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PROVIDERS = (
    r"(?:gmail|googlemail|hotmail|yahoo|outlook|live|icloud|me|menara|protonmail|proton|gmx"
    r"|orange|free|wanadoo|aol|msn|yandex|mail)"
)
_LOCAL = r"[a-z0-9](?:[a-z0-9._%+-]{0,63})"
EMAIL_RE = re.compile(
    rf"(?<![\w.%+-]){_LOCAL}{_AT}(?:{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[a-z]{{2,24}}\b"
    rf"|{_PROVIDERS}\b)",
    re.IGNORECASE,
)

# --- links -------------------------------------------------------------------------------------
_TLDS = (
    r"com|net|org|ma|fr|es|de|it|be|nl|uk|us|ca|io|me|ly|co|info|biz|shop|store|app|site"
    r"|online|link|gl|gg|to|tk|xyz|page|club|eu|ch|pt|ae|sa|tv|cc|ws"
)
LINK_RE = re.compile(
    r"(?:\b(?:https?|ftp)://[^\s<>\"]+"
    r"|\bwww\s*(?:\.|\s+dot\s+)\s*[^\s<>\"]+"
    rf"|(?<![@\w.-])(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"]*)?"
    rf"|(?<![@\w.-])[a-z0-9-]{{2,}}\s+(?:dot|point)\s+(?:{_TLDS})\b"
    r"|(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{1,29}[a-z0-9_])"
    r")",
    re.IGNORECASE,
)

# --- spelled-out numbers -----------------------------------------------------------------------
_UNITS = {
    # English
    "zero": 0,
    "oh": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    # French
    "zéro": 0,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    # Arabic (standard and Moroccan spellings)
    "صفر": 0,
    "زيرو": 0,
    "واحد": 1,
    "واحدة": 1,
    "اثنان": 2,
    "اثنين": 2,
    "إثنين": 2,
    "اتنين": 2,
    "جوج": 2,
    "زوج": 2,
    "ثلاثة": 3,
    "ثلاث": 3,
    "تلاتة": 3,
    "تلاثة": 3,
    "أربعة": 4,
    "اربعة": 4,
    "ربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثمنية": 8,
    "تمنية": 8,
    "ثمان": 8,
    "تسعة": 9,
    "تسع": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "عشرة": 10,
    "عشر": 10,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "عشرين": 20,
    "ثلاثين": 30,
    "تلاتين": 30,
    "أربعين": 40,
    "اربعين": 40,
    "ربعين": 40,
    "خمسين": 50,
    "ستين": 60,
    "سبعين": 70,
    "ثمانين": 80,
    "تمانين": 80,
    "تسعين": 90,
}
_AND = {"et", "and", "و"}
_REPEAT = {"double": 2, "triple": 3}
# Separators a phone number is written with; anything else ends the run.
_SEPARATOR_RE = re.compile(r"^[\s.\-/,()\[\]·•،+_]*$")
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)
_MARKETS = ("MA", "FR", "ES", "US")


@dataclass
class _Item:
    start: int
    end: int
    digits: str


def _number_items(text: str) -> list[_Item]:
    """Read digit runs and spelled-out numbers (0–99) from the folded text, in order."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text)]
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        start, end, token = tokens[i]
        if token.isdigit():
            items.append(_Item(start, end, token))
            i += 1
            continue
        parsed = _parse_words(tokens, i, text)
        if parsed is None:
            i += 1
            continue
        consumed, digits = parsed
        items.append(_Item(start, tokens[i + consumed - 1][1], digits))
        i += consumed
    return items


def _joined(text: str, a: tuple, b: tuple) -> bool:
    """Tell whether two word tokens are only separated by spaces or hyphens."""
    return re.fullmatch(r"[\s\-]*", text[a[1] : b[0]]) is not None


def _arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def _parse_words(tokens, i, text) -> tuple[int, str] | None:
    """Parse number words from token i: answer (tokens used, digits) or None."""

    def word(k):
        if k >= len(tokens) or tokens[k][2].isdigit():
            return None
        w = tokens[k][2].lower()
        if w.startswith("و") and len(w) > 2 and (w[1:] in _UNITS or w[1:] in _TENS):
            return w[1:]  # an Arabic "and" written joined to the number
        return w

    def near(k):
        return k < len(tokens) and _joined(text, tokens[k - 1], tokens[k])

    w = word(i)
    if w is None:
        return None
    if w in _REPEAT and near(i + 1) and (unit := word(i + 1)) in _UNITS:
        return 2, str(_UNITS[unit]) * _REPEAT[w]
    # French 80–99: quatre-vingt(s), then -dix… or a unit
    if w == "quatre" and near(i + 1) and word(i + 1) in ("vingt", "vingts"):
        return _tail(i, i + 2, 80, word, near, allow_teen=True)
    if w in _TENS:
        if _arabic(w):
            return 1, str(_TENS[w])
        return _tail(i, i + 1, _TENS[w], word, near, allow_teen=w == "soixante")
    if w in _TEENS:
        if w == "dix" and near(i + 1) and (unit := word(i + 1)) in ("sept", "huit", "neuf"):
            return 2, str(10 + _UNITS[unit])
        return 1, str(_TEENS[w])
    if w in _UNITS:
        # Arabic says the unit before its tens: "خمسة و ستين", "خمسة وستين" are 65.
        if _arabic(w) and near(i + 1):
            after = word(i + 1)
            if after == "و" and near(i + 2) and (tens := word(i + 2)) in _TENS:
                return 3, str(_TENS[tens] + _UNITS[w])
            if after in _TENS and tokens[i + 1][2].startswith("و"):
                return 2, str(_TENS[after] + _UNITS[w])
        return 1, str(_UNITS[w])
    return None


def _tail(first, k, value, word, near, *, allow_teen: bool) -> tuple[int, str]:
    """After a (Latin) tens word at `first`..k-1: an optional "and" then a unit, or a teen."""
    j = k
    if near(j) and word(j) in _AND and near(j + 1):
        j += 1
    after = word(j) if near(j) else None
    if allow_teen and after in _TEENS:
        teen, step = _TEENS[after], 1
        if after == "dix" and near(j + 1) and (unit := word(j + 1)) in ("sept", "huit", "neuf"):
            teen, step = 10 + _UNITS[unit], 2
        return j + step - first, str(value + teen)
    if after in _UNITS and _UNITS[after] > 0 and after != "oh" and not _arabic(after):
        return j + 1 - first, str(value + _UNITS[after])
    return k - first, str(value)


def _is_phone(digits: str, international: bool) -> bool:
    if len(digits) >= 10:
        return True
    if len(digits) < 8:
        return False
    candidates = [("+" + digits, None)] if international else []
    if digits.startswith("00"):
        candidates.append(("+" + digits[2:], None))
    candidates += [(digits, region) for region in _MARKETS]
    for number, region in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_possible_number(parsed):
            return True
    return False


def _phone_spans(text: str) -> list[tuple[int, int]]:
    items = _number_items(text)
    spans = []
    run: list[_Item] = []

    def close():
        if not run:
            return
        digits = "".join(item.digits for item in run)
        start = run[0].start
        before = text[max(0, start - 3) : start]
        international = "+" in before
        if international:
            start = text.rfind("+", 0, start)
        while start > 0 and text[start - 1] in "(+[":
            start -= 1  # an opening bracket belongs to the number it opens
        if _is_phone(digits, international):
            spans.append((start, run[-1].end))

    for item in items:
        if run and not _SEPARATOR_RE.match(text[run[-1].end : item.start]):
            close()
            run = []
        run.append(item)
    close()
    return spans


def _internal(url: str, own_hosts: set[str]) -> bool:
    candidate = url if "://" in url else f"http://{url}"
    try:
        host = (urlsplit(candidate).hostname or "").lower()
    except ValueError:
        return False
    return host in own_hosts


def mask_contacts(text: str, *, own_hosts: frozenset[str] = frozenset()) -> tuple[str, set[str]]:
    """Replace contact details in `text` by markers; answer (masked text, kinds masked)."""
    folded = fold_digits(text or "")
    spans: list[tuple[int, int, str]] = []

    def free(start, end):
        return all(end <= s or start >= e for s, e, _k in spans)

    for match in EMAIL_RE.finditer(folded):
        spans.append((match.start(), match.end(), EMAIL))
    for match in LINK_RE.finditer(folded):
        if free(match.start(), match.end()) and not _internal(match.group(0), set(own_hosts)):
            spans.append((match.start(), match.end(), LINK))
    for start, end in _phone_spans(folded):
        if free(start, end):
            spans.append((start, end, PHONE))
    if not spans:
        return text, set()
    out, last = [], 0
    for start, end, kind in sorted(spans):
        out.append(text[last:start])
        out.append(MARKS[kind])
        last = end
    out.append(text[last:])
    return "".join(out), {kind for _s, _e, kind in spans}
