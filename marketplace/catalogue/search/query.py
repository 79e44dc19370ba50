"""Apply a buyer's query to a product queryset: full-text on PostgreSQL, prefix match elsewhere."""

from __future__ import annotations

import difflib
from functools import cache

from django.contrib.postgres.search import SearchQuery, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, NullIf, StrIndex

from .fields import CONFIGS
from .normalize import query_tokens, tokens

TRIGRAM_MIN_SIMILARITY = 0.5


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


@cache
def _has_trigram() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


def _pg_query(words: list[str]) -> SearchQuery:
    combined = None
    for word in words:
        # A prefix on the plain words ("thei" finds "theiere") or a stem in either language.
        one = SearchQuery(f"{word}:*", config="simple", search_type="raw")
        for config in CONFIGS[1:]:
            one = one | SearchQuery(word, config=config, search_type="plain")
        combined = one if combined is None else combined & one
    return combined


def search_rank(words: list[str]):
    """Return a relevance score: the nearer the start of the search text, the better.

    Titles come first in the search text, then categories, materials, maker and shop, then
    descriptions, so a word in the title scores higher than one in a description; each word
    of the query adds its own score. It reads the row's plain search text only: on PostgreSQL
    the stored vector (several kB, kept out of line) is never fetched to rank, so ranking ten
    thousand matches costs about as much as reading their rows. A word found only through a
    stem (a plural, an Arabic affix) scores nothing and falls back to newest first.
    """
    rank = None
    one, zero = Cast(Value(1), FloatField()), Cast(Value(0), FloatField())
    for word in words:
        # Floating point (PostgreSQL would divide numerics, several times slower).
        position = Cast(NullIf(StrIndex(F("search_text"), Value(f" {word}")), 0), FloatField())
        score = Coalesce(one / position, zero)
        rank = score if rank is None else rank + score
    return rank


def search_rank_for(query: str):
    """Return the relevance score of a buyer's query (see search_rank), or None."""
    words = query_tokens(query)
    return search_rank(words) if words else None


def apply_search(qs: QuerySet, query: str) -> tuple[QuerySet, bool]:
    """Narrow `qs` to products matching every word of `query`; alias `rank` when searching.

    `rank` is an alias, computed only by a query that sorts on it (never by facet counts).
    """
    words = query_tokens(query)
    if not words:
        return qs, False
    if is_postgres():
        # The stored, GIN-indexed vector: every word (as a prefix, or a French/Arabic stem).
        qs = qs.filter(search_vector=_pg_query(words))
    else:
        condition = Q()
        for word in words:
            condition &= Q(search_text__contains=f" {word}")
        qs = qs.filter(condition)
    return qs.alias(rank=search_rank(words)), True


def apply_fuzzy(qs: QuerySet, query: str) -> QuerySet | None:
    """Return near matches for a misspelt query (PostgreSQL with pg_trgm only), else None.

    Every word must be close to some word of the piece's text; the closest come first.
    """
    words = query_tokens(query)
    if not words or not is_postgres() or not _has_trigram():
        return None
    rank = None
    for i, word in enumerate(words):
        name = f"_sim{i}"
        qs = qs.annotate(**{name: TrigramWordSimilarity(word, "search_text")}).filter(
            **{f"{name}__gte": TRIGRAM_MIN_SIMILARITY}
        )
        rank = F(name) if rank is None else rank + F(name)
    return qs.annotate(rank=rank).order_by("-rank", "-pk")


def suggest(query: str, vocabulary: list[str]) -> str:
    """Return the query with each unknown word replaced by the closest known word, or ''."""
    known = {}
    for phrase in vocabulary:
        for word in tokens(phrase):
            known.setdefault(word, word)
    changed = False
    out = []
    for word in query_tokens(query):
        if word in known:
            out.append(word)
            continue
        close = difflib.get_close_matches(word, known.keys(), n=1, cutoff=0.75)
        if close:
            out.append(close[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else ""
