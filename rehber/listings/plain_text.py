"""Free text of listings and messages: plain text only. Pure functions, no Django.

``nh3`` removes every tag (scripts and styles with their content); what is left
is unescaped back to the characters the person typed, so the page templates
escape it once. Line breaks stay; other control characters go.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MANY_BLANK_LINES = re.compile(r"\n{3,}")


def plain_text_clean(text: str) -> str:
    """``text`` as plain text: no HTML, normalised line breaks, trimmed."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    cleaned = html.unescape(nh3.clean(text, tags=set(), attributes={}))
    cleaned = "\n".join(line.rstrip() for line in cleaned.split("\n"))
    return _MANY_BLANK_LINES.sub("\n\n", cleaned).strip()


def plain_text_has_markup(text: str) -> bool:
    """Whether cleaning ``text`` removes anything besides spaces: HTML tags, scripts, comments."""
    normalised = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    normalised = "\n".join(line.rstrip() for line in _CONTROL.sub("", normalised).split("\n"))
    normalised = _MANY_BLANK_LINES.sub("\n\n", normalised).strip()
    return plain_text_clean(text) != normalised
