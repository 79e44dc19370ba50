"""Which of Souk's languages a short text written by a seller or buyer is in (a best guess).

Sellers write taglines, stories, techniques and photo descriptions in one language, whatever
page shows them. A screen reader reads a text with the rules of its `lang`: a French tagline on
an Arabic page must say `lang="fr"`. Arabic script decides Arabic; otherwise the commonest
short words decide among French, English and Spanish. Too little to go on: None (the text is
then only isolated, with no claim about its language).
"""

from __future__ import annotations

import re
from functools import lru_cache

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORD = re.compile(r"[a-zà-ÿ']+")
_MARKS = {
    "fr": {"le", "la", "les", "des", "du", "de", "et", "en", "un", "une", "au", "aux", "à",
           "est", "pour", "avec", "sur", "dans", "par", "qui", "émaillage", "tournage", "main"},
    "en": {"the", "and", "of", "with", "for", "in", "by", "from", "is", "a", "an", "to",
           "on", "hand", "made", "our", "every"},
    "es": {"el", "los", "las", "y", "con", "por", "para", "una", "del", "al", "es", "mano",
           "hecho", "hecha", "cada", "nuestro"},
}  # fmt: skip
_FRENCH_LETTERS = re.compile(r"[éèêàçùœ]")


@lru_cache(maxsize=4096)
def guess_language(text: str) -> str | None:
    """Return "ar", "fr", "en" or "es" for a text, or None when it cannot tell.

    Kept per text (a pure function): a product page asks for its photos' descriptions, the
    technique, the shop's tagline and story on every render.
    """
    if not text:
        return None
    arabic, latin = len(_ARABIC.findall(text)), len(_LATIN.findall(text))
    if arabic > latin:
        return "ar"
    if not latin:
        return None
    words = _WORD.findall(text.lower())
    scores = {lang: sum(w in marks for w in words) for lang, marks in _MARKS.items()}
    if _FRENCH_LETTERS.search(text.lower()):
        scores["fr"] += 1
    best = max(scores, key=scores.get)
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1:
        return None
    return best
