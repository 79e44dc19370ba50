"""Arabic on customs paper: shaped for print, and transliterated where the form needs Latin.

reportlab draws glyphs in the order it is given and does not join Arabic letters, so Arabic is
shaped (arabic-reshaper: each letter's joined form) and put in visual order (python-bidi)
before it is drawn. Customs officers abroad read Latin script: names and titles written in
Arabic are also given in a plain transliteration (no diacritics, as Moroccan names are
usually spelled in French: ou for و, ch for ش, kh for خ).
"""

from __future__ import annotations

import re

import arabic_reshaper
from bidi.algorithm import get_display

_ARABIC = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")

_LETTERS = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "ou", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "ch", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "a", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "ى": "a", "ڤ": "v", "گ": "g", "ڭ": "g", "پ": "p",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7",
    "٨": "8", "٩": "9", "،": ",", "؛": ";", "؟": "?",
}  # fmt: skip
_VOWELS = set("aeiou")


def has_arabic(text: str) -> bool:
    """Answer whether a text holds Arabic letters."""
    return bool(_ARABIC.search(text or ""))


def for_print(text: str) -> str:
    """Return text ready for a left-to-right drawing engine: Arabic joined and in visual order."""
    if not has_arabic(text):
        return text
    return get_display(arabic_reshaper.reshape(text))


def _word(word: str) -> str:
    out = ""
    for i, ch in enumerate(word):
        if ch == "و":  # a consonant at the start or after a vowel, else the vowel "ou"
            out += "w" if i == 0 or (out and out[-1] in _VOWELS) else "ou"
        elif ch == "ي":  # likewise "y" or "i"
            out += "y" if i == 0 or (out and out[-1] in _VOWELS) else "i"
        elif ch == "ل" and word.startswith("ال") and i == 1 and len(word) > 2:
            out += "l-"  # the article: al-
        elif "\u064b" <= ch <= "\u065f" or ch == "\u0640":
            continue  # short-vowel marks and tatweel
        else:
            out += _LETTERS.get(ch, ch)
    return out


def transliterate(text: str) -> str:
    """Return Arabic text in plain Latin letters (other text is returned as it is)."""
    if not has_arabic(text):
        return text
    words = [_word(w) for w in re.split(r"(\s+)", text)]
    return "".join(w[:1].upper() + w[1:] if w.strip() else w for w in words)
