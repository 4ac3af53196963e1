"""Find and hide phone numbers and e-mail addresses typed into free text.

Pure functions, no Django. Listings and relay messages pass through
``contact_mask`` so that contact details cannot reach a reader before both
sides of the contact relay agree to share them. Digits may be ASCII,
Arabic-Indic (٠-٩) or Persian (۰-۹); numbers may be spaced, dotted, dashed or
bracketed (``0532 123 45 67``, ``+90 (532) 123.45.67``); addresses may be
written out (``amal at example dot com``, ``amal [at] example [dot] com``).
"""

from __future__ import annotations

import re

#: What replaces a hidden phone number and a hidden e-mail address.
PHONE_MASK = "☎ ···"
EMAIL_MASK = "✉ ···"

#: A run with this many digits or more is taken for a phone number
#: (Turkish numbers have 10 without the leading 0; dates and prices have fewer).
MIN_PHONE_DIGITS = 10

_DIGIT = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_SEPARATOR = r"[\s.\-/()\u00a0\u200c\u066b\u066c]"
_PHONE = re.compile(
    rf"(?:(?:\+|00)\s*)?\(?{_DIGIT}(?:{_SEPARATOR}{{0,3}}{_DIGIT})+",
)
_OPEN = r"[\[\(\{<]?"
_CLOSE = r"[\]\)\}>]?"
_AT = rf"(?:\s*@\s*|\s*{_OPEN}\s*(?:at|et)\s*{_CLOSE}\s*|\s+(?:at|et)\s+)"
_DOT = rf"(?:\s*\.\s*|\s*{_OPEN}\s*(?:dot|nokta)\s*{_CLOSE}\s*|\s+(?:dot|nokta)\s+)"
_WORD = r"[\w\-+]+"
_EMAIL = re.compile(
    rf"{_WORD}(?:\.{_WORD})*{_AT}{_WORD}(?:{_DOT}{_WORD})*{_DOT}[a-zA-Z]{{2,10}}\b",
    re.IGNORECASE,
)
_PLAIN_AT = re.compile(r"\s(?:at|et)\s", re.IGNORECASE)
_BRACKETED = re.compile(r"[\[\(\{<]\s*(?:at|et|dot|nokta)\s*[\]\)\}>]", re.IGNORECASE)
_DIGIT_RE = re.compile(_DIGIT)


def _is_email(match: str) -> bool:
    """An address with a real ``@``, a bracketed ``[at]``, or a spelled-out ``dot``.

    "meet at home. com..." is prose; "amal at example dot com" is an address.
    """
    if "@" in match or _BRACKETED.search(match):
        return True
    return bool(_PLAIN_AT.search(match)) and bool(re.search(r"\b(?:dot|nokta)\b", match, re.I))


def _mask_emails(text: str) -> tuple[str, int]:
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        if not _is_email(match.group(0)):
            return match.group(0)
        count += 1
        return EMAIL_MASK

    return _EMAIL.sub(replace, text), count


def _mask_phones(text: str) -> tuple[str, int]:
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        found = match.group(0)
        if len(_DIGIT_RE.findall(found)) < MIN_PHONE_DIGITS:
            return found
        count += 1
        trailing = found[len(found.rstrip(" .-/(\u00a0")) :]
        return PHONE_MASK + trailing

    return _PHONE.sub(replace, text), count


def contact_mask(text: str) -> tuple[str, int]:
    """``text`` with every phone number and e-mail address hidden, and how many were hidden."""
    masked, emails = _mask_emails(text)
    masked, phones = _mask_phones(masked)
    return masked, emails + phones


def contact_found(text: str) -> bool:
    return contact_mask(text)[1] > 0
