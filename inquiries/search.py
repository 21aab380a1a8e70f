"""Searching the learning library in Dutch.

Dutch glues words together (leesmotivatie, rekenonderwijs) and a verb's stem differs from
its infinitive (lezen → lees). So each search word is widened to its likely stems, and a
stem matches the start of a word: "lezen" finds "leesmotivatie" as well as "lezen".
On PostgreSQL this is full-text search (a prefix tsquery on a 'simple' vector, or the
'dutch' stemmer); on SQLite it falls back to substring matches of the same stems.
"""

import re

from django.db import connection
from django.db.models import Q, QuerySet

VOWELS = set("aeiou")
SEARCHED_FIELDS = [
    "initiative__title",
    "initiative__question",
    "initiative__why",
    "initiative__children",
    "tried",
    "saw_in_children",
    "learned",
    "advice",
]


def dutch_stems(word: str) -> set[str]:
    """The word and the stems a Dutch reader would also look for.

    Derived stems need four letters: a shorter prefix ("les" from lezen) finds too much.
    """
    word = word.lower()
    stems = {word}
    for suffix in ("en", "e", "s", "ing", "er"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            stems.add(stem)
            if suffix == "en":
                stems |= verb_stems(stem)
    return {word} | {stem for stem in stems if len(stem) >= 4}


def verb_stems(stem: str) -> set[str]:
    """Spelling rules from infinitive to the 'ik' form: zitt→zit, lez→lees, schrijv→schrijf."""
    if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] not in VOWELS:
        return {stem[:-1]}
    stem = stem[:-1] + {"z": "s", "v": "f"}.get(stem[-1], stem[-1])
    candidates = {stem}
    # An open syllable gets its vowel doubled (lezen → lees, spelen → speel); an
    # unstressed e does not (rekenen → reken), so both spellings are tried.
    if len(stem) >= 3 and stem[-1] not in VOWELS and stem[-2] in VOWELS and stem[-3] not in VOWELS:
        candidates.add(stem[:-1] + stem[-2] + stem[-1])
    return candidates


def search_words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query.lower()) if len(w) >= 2][:8]


def search_cards(queryset: QuerySet, query: str) -> QuerySet:
    """Learning cards that match every word of the query, through any of its stems."""
    terms = search_words(query)
    if not terms:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgres(queryset, terms)
    for term in terms:
        condition = Q()
        for stem in dutch_stems(term):
            for field in SEARCHED_FIELDS:
                condition |= Q(**{f"{field}__icontains": stem})
        queryset = queryset.filter(condition)
    return queryset


def _search_postgres(queryset: QuerySet, terms: list[str]) -> QuerySet:
    # The stored, GIN-indexed vectors (migration 0004) hold the same words as SEARCHED_FIELDS.
    from django.contrib.postgres.search import SearchQuery

    for term in terms:
        prefixes = " | ".join(f"{stem}:*" for stem in sorted(dutch_stems(term)))
        queryset = queryset.filter(
            Q(search_simple=SearchQuery(prefixes, config="simple", search_type="raw"))
            | Q(search_dutch=SearchQuery(term, config="dutch"))
        )
    return queryset
