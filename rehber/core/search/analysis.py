"""Text analysis for search: one pipeline for indexing and for queries (DESIGN §3 "Search").

Pure Python, no Django: it is tested and benchmarked alone.

``analyse(text, language)`` turns text into index terms:

1. Unicode NFKC, then invisible characters (zero-width space and joiner, soft
   hyphen, bidi marks) are dropped. The zero-width non-joiner (ZWNJ) stays inside
   a word: Persian writes ``می‌شود`` with it.
2. Words are runs of letters and digits (with combining marks and ZWNJ inside).
   Persian affixes typed as separate words (``می شود``, ``اجازه ی``) are joined to
   their word with a ZWNJ, so the three spellings of ``می‌شود`` meet.
3. Each word is normalised for its language before stemming: Arabic-Indic and
   Persian digits become ASCII digits; Arabic-script diacritics (harakat) and
   tatweel go; alef forms ``أ إ آ ٱ`` become ``ا``, ``ؤ`` ``و``, ``ئ`` ``ي``; Arabic
   text gets ``ي ك`` (``ى ی`` → ``ي``, ``ک`` → ``ك``), Persian text ``ی ک``. Casing is
   Turkish-aware for Turkish and Azerbaijani (``I`` → ``ı``, ``İ`` → ``i``),
   Unicode case folding otherwise.
4. A Snowball stemmer runs where one exists (``ar``, ``tr``, ``en``, ``fa``); other
   languages (``ku``, ``ps``, unknown codes) are not stemmed.
5. Every term is then *folded*: ``ı`` → ``i``, Latin diacritics dropped (``ç`` → ``c``,
   ``ğ`` → ``g``), ``ة`` → ``ه``, and the Persian ``ی ک`` become the Arabic ``ي ك``, so
   terms from every language live in one space. Folding comes after stemming
   because the Turkish stemmer needs Turkish letters; a query typed without them
   (``calisma izni``) meets the indexed form through the fold.

A word yields its folded stem and, when different, its folded surface form
(``izinleri`` → ``izin``, ``izinleri``): stemmers do not agree with themselves
on words typed without Turkish letters (``kimliği`` → ``kimlik`` but ``kimligi``
stays), and the surface form still meets. Persian words written with a ZWNJ
also yield their core (``اجازه‌ی`` → ``اجازه``).

Queries are analysed word by word with *each* query language's analyser
(``query_groups``): a query matches a document when every query word matches one
of its forms, whatever the document's language.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

import snowballstemmer

__all__ = [
    "MAX_TERM_LENGTH",
    "QUERY_LANGUAGES",
    "STEMMED_LANGUAGES",
    "analyse",
    "highlight",
    "query_groups",
    "snippet",
    "word_forms",
    "words",
]

#: Languages with a Snowball stemmer, by our language code.
STEMMED_LANGUAGES: dict[str, str] = {
    "ar": "arabic",
    "en": "english",
    "fa": "persian",
    "tr": "turkish",
}

#: Analysers a query runs through, so that it finds documents in any of them.
QUERY_LANGUAGES: tuple[str, ...] = ("ar", "tr", "en", "fa")

#: Terms are cut to this many characters (index and query alike).
MAX_TERM_LENGTH = 64

_TURKIC = frozenset({"tr", "az"})
_ZWNJ = "\u200c"

# Invisible characters removed before anything else (ZWNJ is kept, see above).
_INVISIBLE = dict.fromkeys(
    [
        *(0x00AD, 0x061C, 0x180E, 0x200B, 0x200D, 0x200E, 0x200F, 0x2060, 0xFEFF),
        *range(0x202A, 0x202F),  # bidi embeddings and overrides
        *range(0x2066, 0x206A),  # bidi isolates
    ]
)

# A word: letters and digits, with combining marks and ZWNJ inside it.
_WORD = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
    r"\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
    r"\u200c])+"
)


def _digit_table() -> dict[int, str]:
    """Every decimal digit of the Basic Multilingual Plane → its ASCII digit."""
    table = {}
    for code in range(0x80, 0x10000):
        char = chr(code)
        if char.isdecimal():
            table[code] = str(unicodedata.decimal(char))
    return table


_DIGITS = _digit_table()

# Before stemming (language-specific letters, so that each stemmer sees its alphabet).
_ARABIC_SCRIPT_COMMON = {
    "\u0640": "",  # tatweel
    "\u0623": "\u0627",  # أ → ا
    "\u0625": "\u0627",  # إ → ا
    "\u0622": "\u0627",  # آ → ا
    "\u0671": "\u0627",  # ٱ → ا
    "\u0672": "\u0627",
    "\u0673": "\u0627",
    "\u0624": "\u0648",  # ؤ → و
    "\u06c0": "\u0647",  # ۀ → ه
    "\u06c2": "\u0647",
    "\u06c1": "\u0647",
    "\u06d5": "\u0647",
}
_PRE_ARABIC = str.maketrans(
    {
        **_ARABIC_SCRIPT_COMMON,
        **_DIGITS,
        "\u0626": "\u064a",  # ئ → ي
        "\u0649": "\u064a",  # ى → ي
        "\u06cc": "\u064a",  # ی → ي
        "\u06a9": "\u0643",  # ک → ك
    }
)
_PRE_PERSIAN = str.maketrans(
    {
        **_ARABIC_SCRIPT_COMMON,
        **_DIGITS,
        "\u0626": "\u06cc",  # ئ → ی
        "\u0649": "\u06cc",  # ى → ی
        "\u064a": "\u06cc",  # ي → ی
        "\u0643": "\u06a9",  # ك → ک
        "\u0629": "\u0647",  # ة → ه
    }
)
_PRE_OTHER = str.maketrans({**_ARABIC_SCRIPT_COMMON, **_DIGITS, "\u0626": "\u064a"})

# After stemming: one space of terms for every language.
_FOLD = str.maketrans(
    {
        **_ARABIC_SCRIPT_COMMON,
        **_DIGITS,
        _ZWNJ: "",
        "\u0131": "i",  # ı → i
        "\u0626": "\u064a",
        "\u0649": "\u064a",
        "\u06cc": "\u064a",
        "\u06a9": "\u0643",
        "\u0629": "\u0647",
    }
)

# Persian affixes sometimes typed as words of their own.
_PERSIAN_PREFIXES = frozenset({"می", "نمی"})
_PERSIAN_SUFFIXES = frozenset({"ها", "های", "هایی", "ی", "ای", "تر", "ترین"})
# Affix parts stripped from ZWNJ-joined Persian words to find their core.
_PERSIAN_POSSESSIVES = frozenset({"ام", "ات", "اش", "مان", "تان", "شان"})
_PERSIAN_AFFIX_PARTS = _PERSIAN_PREFIXES | _PERSIAN_SUFFIXES | _PERSIAN_POSSESSIVES

_local = threading.local()  # Snowball stemmer objects keep state: one per thread


def _stemmer(language: str):
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    stemmer = stemmers.get(language)
    if stemmer is None:
        stemmer = stemmers[language] = snowballstemmer.stemmer(STEMMED_LANGUAGES[language])
    return stemmer


def _base_language(language: str) -> str:
    return (language or "").split("-")[0].split("_")[0].lower()


def _strip_marks(text: str) -> str:
    if text.isascii():
        return text
    return "".join(char for char in text if unicodedata.category(char) != "Mn")


def _clean(text: str) -> str:
    """NFKC without invisible characters: the text words are read from."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


def _lower(word: str, language: str) -> str:
    if language in _TURKIC:
        return word.replace("I", "\u0131").replace("\u0130", "i").lower()
    return word.casefold()


def _prepare(word: str, language: str) -> str:
    """A word as its language's stemmer wants it: normalised letters, lower case."""
    table = _PRE_ARABIC if language == "ar" else _PRE_PERSIAN if language == "fa" else _PRE_OTHER
    word = _strip_marks(word.translate(table))
    if language != "fa":
        word = word.replace(_ZWNJ, "")
    return _lower(word, language).strip(_ZWNJ)


def _fold(term: str) -> str:
    """The language-independent form every term is stored and searched in."""
    term = term.casefold().translate(_FOLD)
    if not term.isascii():
        decomposed = unicodedata.normalize("NFD", term)
        term = unicodedata.normalize("NFC", _strip_marks(decomposed))
    return term[:MAX_TERM_LENGTH]


def _persian_core(word: str) -> str:
    """The word without its affixes, when they can be told apart; else "".

    ``اجازه‌ی`` → ``اجازه``, ``می‌شوند`` → ``شوند`` (affixes after a ZWNJ), and
    ``اجازهی`` → ``اجازه`` (the ezafe after a final ه, often typed without ZWNJ).
    """
    if _ZWNJ in word:
        parts = [part for part in word.split(_ZWNJ) if part]
        kept = [part for part in parts if part not in _PERSIAN_AFFIX_PARTS]
        return "".join(kept)
    if len(word) > 3 and word.endswith("\u0647\u06cc"):
        return word[:-1]
    return ""


@lru_cache(maxsize=65536)
def word_forms(word: str, language: str) -> tuple[str, ...]:
    """The index terms of one word (already NFKC): folded stem first, then other forms.

    >>> word_forms("izinleri", "tr")
    ('izin', 'izinleri')
    """
    language = _base_language(language)
    prepared = _prepare(word, language)
    if not prepared:
        return ()
    forms = []
    if language in STEMMED_LANGUAGES:
        stemmer = _stemmer(language)
        if language == "ar" and prepared[-1] in "\u0629\u0647":
            # A final ة is often typed ه: stem both spellings, so that both give the same terms.
            forms.extend(stemmer.stemWord(prepared[:-1] + ending) for ending in "\u0629\u0647")
        else:
            forms.append(stemmer.stemWord(prepared))
        if language == "fa":
            core = _persian_core(prepared)
            if core:
                forms.extend((core, stemmer.stemWord(core)))
            # The parts of a compound (ثبت‌نام: ثبت, نام) meet the parts typed apart.
            for part in prepared.split(_ZWNJ):
                if len(part) > 1 and part not in _PERSIAN_AFFIX_PARTS and part != prepared:
                    forms.extend((part, stemmer.stemWord(part)))
    forms.append(prepared)
    folded = []
    for form in forms:
        term = _fold(form)
        if term and term not in folded:
            folded.append(term)
    return tuple(folded)


def words(text: str, language: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word of ``text``, which must already be ``_clean``.

    In Persian, an affix typed as a word of its own (``می شود``, ``کار ها``) is
    joined to its neighbour with a ZWNJ and the span covers both.
    """
    spans = [(match.start(), match.end(), match.group()) for match in _WORD.finditer(text)]
    if _base_language(language) != "fa" or len(spans) < 2:
        return spans
    joined: list[tuple[int, int, str]] = []
    pending_prefix: tuple[int, int, str] | None = None
    for start, end, word in spans:
        key = word.translate(_PRE_PERSIAN) if len(word) <= 4 else ""  # affixes are short
        if pending_prefix is not None:
            start, word = pending_prefix[0], pending_prefix[2] + _ZWNJ + word
            pending_prefix = None
        elif key in _PERSIAN_SUFFIXES and joined:
            previous = joined.pop()
            joined.append((previous[0], end, previous[2] + _ZWNJ + word))
            continue
        if key in _PERSIAN_PREFIXES:
            pending_prefix = (start, end, word)
            continue
        joined.append((start, end, word))
    if pending_prefix is not None:
        joined.append(pending_prefix)
    return joined


def analyse(text: str, language: str) -> list[str]:
    """The index terms of ``text`` written in ``language``, in order of appearance.

    >>> analyse("Çalışma İzni", "tr")
    ['calisma', 'izni']
    """
    terms: list[str] = []
    for _start, _end, word in words(_clean(text), language):
        terms.extend(word_forms(word, language))
    return terms


def query_groups(query: str, languages: Iterable[str] = QUERY_LANGUAGES) -> list[tuple[str, ...]]:
    """One group of alternative terms per query word, from every language's analyser.

    A document matches the query when it holds a term of every group. Groups
    come in query order, without repeats; terms in a group are sorted.

    >>> query_groups("calisma izni", ["tr"])
    [('calisma',), ('izni',)]
    """
    text = _clean(query)
    languages = list(dict.fromkeys(_base_language(code) for code in languages if code))
    plain = list(_WORD.finditer(text))
    groups: list[set[str]] = [set() for _match in plain]
    starts = {match.start(): index for index, match in enumerate(plain)}
    ends = {match.end(): index for index, match in enumerate(plain)}
    for language in languages:
        for start, end, word in words(text, language):
            forms = word_forms(word, language)
            # A joined Persian affix gives its forms to each word it covers.
            for index in range(starts[start], ends[end] + 1):
                groups[index].update(forms)
    result: list[tuple[str, ...]] = []
    for group in groups:
        terms = tuple(sorted(group))
        if terms and terms not in result:
            result.append(terms)
    return result


def snippet(
    text: str,
    terms: Iterable[str] | Iterable[Sequence[str]],
    language: str,
    *,
    width: int = 160,
) -> str:
    """HTML-escaped extract of ``text`` around its best match, matched words in ``<mark>``.

    ``terms`` are query groups (or single terms); a word is marked when one of its
    forms is in a group. The extract is the first ``width``-character window that
    holds the most groups; without a match it is the start of the text.
    """
    groups = [frozenset([item] if isinstance(item, str) else item) for item in terms]
    every = frozenset().union(*groups)
    text = " ".join(_clean(text).split())  # one line: the snippet is a run of text
    spans = words(text, language) if every else []
    lead = width // 4  # context shown before the first match
    found: list[tuple[int, int, frozenset[int]]] = []
    best_count, anchor, left, scanned = 0, 0, 0, 0
    for scanned, (start, end, word) in enumerate(spans, start=1):  # noqa: B007
        forms = word_forms(word, language)
        if every.isdisjoint(forms):
            continue
        hit = frozenset(n for n, group in enumerate(groups) if not group.isdisjoint(forms))
        found.append((start, end, hit))
        while end - found[left][0] > width - lead:
            left += 1
        covered = frozenset().union(*(match[2] for match in found[left:]))
        if len(covered) > best_count:
            best_count, anchor = len(covered), found[left][0]
            if best_count == len(groups):
                break  # no window can hold more
    window_start = 0
    if found:
        window_start = max(0, anchor - lead)
        if window_start > 0:
            space = text.find(" ", window_start, anchor)
            window_start = space + 1 if space != -1 else anchor
    window_end = min(len(text), window_start + width)
    if window_end < len(text):
        space = text.rfind(" ", window_start, window_end)
        if space > window_start:
            window_end = space
    marks = [(start, end) for start, end, _hit in found]
    for start, end, word in spans[scanned:]:  # matches after the scan stopped
        if start >= window_end:
            break
        if not every.isdisjoint(word_forms(word, language)):
            marks.append((start, end))
    parts = ["…" if window_start > 0 else ""]
    cursor = window_start
    for start, end in marks:
        if start < window_start or end > window_end:
            continue
        parts.append(html.escape(text[cursor:start], quote=False))
        parts.append(f"<mark>{html.escape(text[start:end], quote=False)}</mark>")
        cursor = end
    parts.append(html.escape(text[cursor:window_end], quote=False))
    parts.append("…" if window_end < len(text) else "")
    return "".join(parts).strip()


def highlight(text: str, query: str, language: str, *, width: int = 160) -> str:
    """``snippet`` of ``text`` (written in ``language``) for the words of ``query``.

    Matching is done on analysed forms, so ``calisma`` marks ``çalışma``.

    >>> highlight("Çalışma izni başvurusu", "calisma", "tr")
    '<mark>Çalışma</mark> izni başvurusu'
    """
    languages = [language, *QUERY_LANGUAGES]
    return snippet(text, query_groups(query, languages), language, width=width)
