"""Signs that a listing needs a moderator's closer look. Pure functions, no Django.

* A rent far from the district's median (a bait price, or a price meant for
  people who do not know the market).
* Near-duplicate texts: the same words in the same order, measured by the
  Jaccard similarity of word shingles.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence

#: A district's median is trusted from this many published housing listings on.
MIN_LISTINGS_FOR_MEDIAN = 5
#: Rents below this share of the median, or above this multiple, are flagged.
LOW_RENT_RATIO = 0.5
HIGH_RENT_RATIO = 2.0
#: Words per shingle, and the similarity from which two texts count as near-duplicates.
SHINGLE_SIZE = 3
DUPLICATE_SIMILARITY = 0.6

_WORD = re.compile(r"\w+")


def rent_median(rents: Iterable[int]) -> float | None:
    """The median of ``rents``, or None with fewer than ``MIN_LISTINGS_FOR_MEDIAN``."""
    values = [rent for rent in rents if rent and rent > 0]
    if len(values) < MIN_LISTINGS_FOR_MEDIAN:
        return None
    return float(statistics.median(values))


def rent_outlier(rent: int | None, median: float | None) -> str:
    """ "low", "high", or "" when the rent is ordinary or cannot be judged."""
    if not rent or not median:
        return ""
    if rent < LOW_RENT_RATIO * median:
        return "low"
    if rent > HIGH_RENT_RATIO * median:
        return "high"
    return ""


def text_normalise(text: str) -> list[str]:
    """Lower-case words without diacritics, the same for every script."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(char for char in folded if not unicodedata.combining(char))
    return _WORD.findall(folded.replace("ı", "i"))


def shingles(text: str, size: int = SHINGLE_SIZE) -> frozenset[tuple[str, ...]]:
    words = text_normalise(text)
    if len(words) < size:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + size]) for i in range(len(words) - size + 1))


def similarity(first: frozenset, second: frozenset) -> float:
    """Jaccard similarity of two shingle sets (0 to 1)."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def near_duplicates(
    text: str, others: Sequence[tuple[int, str]], threshold: float = DUPLICATE_SIMILARITY
) -> list[int]:
    """The ids among ``others`` (id, text) whose text is a near-duplicate of ``text``."""
    mine = shingles(text)
    return [pk for pk, other in others if similarity(mine, shingles(other)) >= threshold]
