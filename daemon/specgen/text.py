"""Prose and names in the compiled document: clean descriptions, free component names.

Part of the SpecGenerator. Descriptions come from hand-written intent text, so they are
cleaned of tabs and control characters; component and member names must be unique and stable.
"""

from __future__ import annotations

import re
import unicodedata


def clean_text(text: str | None) -> str:
    """Prose for a description: no tabs or control characters, no trailing spaces."""
    if not text:
        return ""
    text = text.replace("\t", "  ").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c == "\n" or c >= " ")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def free_name(base: str, taken: set[str]) -> str:
    """``base`` or the first of ``baseShape``, ``baseShape2``… not yet taken; takes it."""
    name = base
    n = 1
    while name in taken:
        name = f"{base}Shape" if n == 1 else f"{base}Shape{n}"
        n += 1
    taken.add(name)
    return name


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 1:
        return word[:-1]
    return word


def enum_varnames(values: list[str]) -> list[str]:
    """Member names for code generators (openapi-generator's ``x-enum-varnames``).

    ASCII PascalCase of each value, ``Value<n>`` where nothing is left, unique.
    """
    names: list[str] = []
    for i, value in enumerate(values):
        name = _pascal(value) or f"Value{i + 1}"
        if name[0].isdigit():
            name = f"Value{name}"
        while name in names:
            name = f"{name}{i + 1}"
        names.append(name)
    return names


def _pascal(value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    words = re.findall(r"[A-Za-z0-9]+", ascii_text)
    return "".join(w[:1].upper() + w[1:] for w in words)
