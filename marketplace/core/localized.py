"""Text per language on a model (`title_ar`, `title_fr`...): pick the visitor's, or fall back."""

from django.conf import settings
from django.utils.translation import get_language


def localized(obj, field: str, lang: str | None = None) -> tuple[str, str]:
    """Return (text, language used) for `field`, falling back through the content languages."""
    lang = (lang or get_language() or settings.LANGUAGE_CODE)[:2]
    for code in [lang, *settings.CONTENT_LANGUAGE_FALLBACK]:
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value, code
    return "", lang
