"""One normaliser for indexed text and queries, so both sides always agree.

It folds what a buyer may or may not type: Latin accents ("théière" = "theiere"), Arabic
tashkeel, tatweel, the alef/hamza forms, taa marbuta/haa, alef maqsura/yaa, Arabic-Indic digits,
and the article "ال" (with its attached و/ب/ل/ف/ك). The same code runs on every database.
"""

from __future__ import annotations

import re
import unicodedata

TATWEEL = "\u0640"
# Letters folded after accents and tashkeel are gone (NFKD already turns أ إ آ ؤ ئ into their
# base letter plus a combining hamza/madda, which is dropped with the other marks).
FOLD = str.maketrans(
    {
        "\u0671": "\u0627",  # ٱ alef wasla → ا
        "\u0629": "\u0647",  # ة taa marbuta → ه
        "\u0649": "\u064a",  # ى alef maqsura → ي
        "\u06cc": "\u064a",  # ی farsi yeh → ي
        "\u06a9": "\u0643",  # ک keheh → ك
        "\u0621": "",  # ء lone hamza
        TATWEEL: "",
        "\u00df": "ss",
        "\u0153": "oe",  # œ
        "\u00e6": "ae",  # æ
        "\u2019": "'",
    }
)
ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
TOKEN_RE = re.compile(r"\w+", re.UNICODE)
# Words that carry no meaning for matching; dropped from queries (never from the index).
_STOP = {
    "en": "a an and of the for with in on to by",
    "fr": "de du des la le les l d un une et en au aux pour par sur avec",
    "es": "el los las y con para del al una unos unas",
    "ar": "في من على عن مع او",
}
STOP_WORDS = frozenset(" ".join(_STOP.values()).split())


def _bmp_table() -> dict[int, str | None]:
    # Indexing rebuilds tens of thousands of texts: one str.translate over the Basic
    # Multilingual Plane replaces a unicodedata call per character. It drops combining marks
    # (accents, tashkeel, and the hamza/madda/dagger alef NFKD splits off), turns other digits
    # into ASCII and folds the letter variants; characters beyond the BMP take the slow path.
    table: dict[int, str | None] = {}
    for cp in range(0x80, 0x10000):
        ch = chr(cp)
        if unicodedata.category(ch) == "Mn":
            table[cp] = None
        elif ch.isdigit():
            table[cp] = str(unicodedata.digit(ch))
    table.update(FOLD)
    return table


_TRANSLATE = _bmp_table()
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Lower-case a text and strip accents, tashkeel, tatweel and letter variants."""
    text = unicodedata.normalize("NFKD", text or "")
    if text.isascii():
        return text.casefold()
    if _ASTRAL.search(text):
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
        text = "".join(
            str(unicodedata.digit(ch)) if ch.isdigit() and not ch.isascii() else ch for ch in text
        )
    return text.translate(_TRANSLATE).casefold()


def strip_article(token: str) -> str:
    """Drop the Arabic article (and an attached conjunction or preposition) from a word."""
    for prefix in ARTICLE_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix) :]
    return token


def tokens(text: str) -> list[str]:
    """Split a text into folded words without the Arabic article."""
    return [strip_article(t) for t in TOKEN_RE.findall(fold(text)) if t != "_"]


def query_tokens(query: str, limit: int = 8) -> list[str]:
    """Return the words of a buyer's query that should all match, without stop words."""
    words = list(dict.fromkeys(tokens(query)))
    meaningful = [w for w in words if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]
    return (meaningful or words)[:limit]


def index_text(*parts: str) -> str:
    """Return the stored search text: folded words between spaces, ready for prefix matching."""
    words = []
    for part in parts:
        words.extend(tokens(part))
    return " " + " ".join(words) + " " if words else ""
