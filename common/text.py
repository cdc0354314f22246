"""Which characters stored text may hold, for every way text comes in.

Refused everywhere: NUL (PostgreSQL cannot store it, SQLite stores it
silently and it truncates text downstream), lone surrogates (not characters:
they cannot be encoded, so a page or an export would fail later), and the
bidirectional embeddings, overrides and isolates (U+202A to U+202E,
U+2066 to U+2069), which make text display in a different order from how it is
stored ("Trojan Source"). Other control characters are refused too, except
tab and line break (and carriage return before a line break) in text that
may have several lines."""

from __future__ import annotations

import re
import unicodedata

# What no database can store: a NUL (PostgreSQL refuses it in text and jsonb)
# or half of a UTF-16 surrogate pair (valid in a JSON "\ud800" escape, but no
# UTF-8 encoder accepts it alone). text_problem() says the same, with a reason.
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NAMES = {
    0x00: "NUL",
    0x09: "tab",
    0x0A: "line break",
    0x0D: "carriage return",
    0x1B: "escape",
    0x7F: "delete",
    0x2028: "line separator",
    0x2029: "paragraph separator",
}


def character_name(char: str) -> str:
    """``U+0009 (tab)``: a character people cannot see, named so they can find it."""
    code = ord(char)
    name = _NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def text_problem(value: str, *, multiline: bool) -> str | None:
    """What is wrong with the characters of ``value``, or None. ``multiline``
    allows tab and line breaks (descriptions, summaries), not in names."""
    for position, char in enumerate(value, start=1):
        code = ord(char)
        where = f"at character {position}"
        if 0xD800 <= code <= 0xDFFF:
            return (
                f"contains the lone surrogate U+{code:04X} {where}; it is not a character "
                "and cannot be stored"
            )
        if code == 0:
            return f"contains the control character U+0000 (NUL) {where}; it cannot be stored"
        if char in BIDI_CONTROLS:
            return (
                f"contains the bidirectional control {character_name(char)} {where}; "
                "it makes text display in a different order from how it is written"
            )
        if multiline and (
            char in "\t\n" or (char == "\r" and value[position : position + 1] == "\n")
        ):
            continue
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            expected = (
                "only tabs and line breaks are allowed here"
                if multiline
                else "expected one line of text without control characters"
            )
            return f"contains the control character {character_name(char)} {where}; {expected}"
    return None


def shown(value: str) -> str:
    """``value`` safe to print on any terminal: invisible and unencodable
    characters as escapes (``\\x00``, ``\\u202e``, ``\\ud800``)."""
    if value.isprintable():
        return value
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in value
    )
