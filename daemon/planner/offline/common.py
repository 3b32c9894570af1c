"""Shared vocabulary of the offline planner: names, ids, priorities, field types, notes.

Everything here is pure and small; the Markdown and YAML readers both use it so the two
forms of intent mean exactly the same thing (docs/intent-format.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, get_args

from ...errors import Finding
from ...handoff import SCALAR_TYPES, VALUED_CONSTRAINTS, Constraint
from . import inflection

Item = dict[str, Any]

PRIORITIES: dict[str, str] = {
    "must": "must",
    "should": "should",
    "could": "could",
    "high": "must",
    "medium": "should",
    "low": "could",
    "p0": "must",
    "p1": "should",
    "p2": "could",
}
COMPLEXITIES: dict[str, str] = {
    "xs": "S",
    "s": "S",
    "small": "S",
    "m": "M",
    "medium": "M",
    "l": "L",
    "large": "L",
    "xl": "L",
    "1": "S",
    "2": "S",
    "3": "M",
    "4": "L",
    "5": "L",
}
TYPE_ALIASES: dict[str, str] = {
    "string": "string",
    "str": "string",
    "text": "string",
    "number": "number",
    "float": "number",
    "decimal": "number",
    "double": "number",
    "integer": "integer",
    "int": "integer",
    "boolean": "boolean",
    "bool": "boolean",
    "date": "date",
    "datetime": "datetime",
    "date-time": "datetime",
    "timestamp": "datetime",
    "object": "object",
    "enum": "enum",
    "array": "array",
    "list": "array",
    "ref": "ref",
    "map": "map",
    "dict": "map",
}
# Type sugar: a string with a format constraint the compiler obeys (a notes_for_spec entry).
TYPE_SUGAR: dict[str, str] = {
    "email": "email",
    "uuid": "uuid",
    "url": "uri",
    "uri": "uri",
    "phone": "phone",
}
TYPE_WORDS = (
    "string, text, number, integer, boolean, date, datetime, email, uuid, url, phone, "
    "enum(a, b), array(type), ref(Entity), object"
)
CONSTRAINTS: tuple[str, ...] = get_args(Constraint)
_DASH = re.compile(r"\s+(?:—|–|--)\s+")


@dataclass
class Findings:
    """Problems found while reading: errors (never silently dropped) and unread spans."""

    errors: list[Finding] = field(default_factory=list)
    unread: list[Finding] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(Finding(where, message, rule="intent"))

    def skip(self, where: str, message: str) -> None:
        self.unread.append(Finding(where, message, severity="info", rule="unread"))


# --------------------------------------------------------------------------- names


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def slug(text: str) -> str:
    """``'Browse the Catalog!'`` → ``'browse-the-catalog'``; ``''`` when nothing is left."""
    s = re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")
    s = re.sub(r"^[0-9-]+", "", s)
    return s


def words(text: str) -> list[str]:
    """Split on spaces, punctuation and camelCase humps."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", _ascii(text))
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced) if w]


def pascal(text: str) -> str:
    """``'book loan'`` / ``'book_loan'`` / ``'BookLoan'`` → ``'BookLoan'``."""
    out = "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", _ascii(text)) if w)
    return out if out[:1].isalpha() else ""


def camel(text: str) -> str:
    """``'created at'`` / ``'created_at'`` / ``'Author'`` → ``'createdAt'`` / ``'author'``."""
    parts = [w for w in re.split(r"[^A-Za-z0-9]+", _ascii(text)) if w]
    if not parts:
        return ""
    first = parts[0]
    head = first.lower() if first.isupper() else first[:1].lower() + first[1:]
    out = head + "".join(w[:1].upper() + w[1:] for w in parts[1:])
    return out if out[:1].isalpha() else ""


def plural(word: str) -> str:
    """``book`` → ``books``, ``hours`` → ``hours`` (through :mod:`.inflection`)."""
    return inflection.plural(word)


def singular(word: str) -> str:
    """``books`` → ``book``, ``status`` → ``status`` (through :mod:`.inflection`)."""
    return inflection.singular(word)


def snake(text: str) -> str:
    """``createdAt`` / ``created at`` → ``created_at``."""
    return "_".join(w.lower() for w in words(text))


def wire(name: str, naming: str) -> str:
    """A camelCase name as the API writes it: unchanged, or snake_case."""
    return snake(name) if naming == "snake_case" else name


def kebab(entity: str) -> str:
    return "-".join(w.lower() for w in words(entity))


def collection(entity: str) -> str:
    """Path segment of an entity's collection: ``BookLoan`` → ``book-loans``."""
    parts = kebab(entity).split("-")
    return "-".join([*parts[:-1], plural(parts[-1])])


def param(entity: str, key: str = "id", naming: str = "camelCase") -> str:
    """The path parameter of one ``entity``: ``bookId`` (``book_id``), or its natural key."""
    if key != "id":
        return key
    return wire(camel(entity) + "Id", naming)


def split_list(text: str) -> list[str]:
    """``'a, b (c, d), e'`` → ``['a', 'b (c, d)', 'e']`` (commas inside brackets stay)."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return [x for x in out if x]


def split_prose(text: str) -> tuple[str, str | None]:
    """``'head — prose'`` → ``('head', 'prose')``; also ``--`` and ``–``."""
    parts = _DASH.split(text, maxsplit=1)
    if len(parts) == 2:
        return parts[0].strip(), parts[1].strip()
    return text.strip(), None


def unquote(text: str) -> str:
    t = text.strip()
    if len(t) >= 2 and t[0] == t[-1] and t[0] in "`'\"":
        return t[1:-1]
    return t


def strip_marks(text: str) -> str:
    """Drop emphasis around a label: ``**Rules:**`` → ``Rules:``."""
    return text.strip().strip("*_").strip()


def feature_ref(ref: str, features: list[Item]) -> str | None:
    """A feature named by id or by name (case-insensitive)."""
    for f in features:
        if ref == f["id"] or ref.strip().casefold() == f["name"].casefold() or slug(ref) == f["id"]:
            return str(f["id"])
    return None


def known(names: list[str]) -> str:
    return ", ".join(names) if names else "none"


# --------------------------------------------------------------------------- markers


def priority_of(token: str) -> str | None:
    return PRIORITIES.get(token.strip().lower())


def complexity_of(token: str) -> str | None:
    t = re.sub(r"\s*(points?|pts?|sp)$", "", token.strip().lower())
    return COMPLEXITIES.get(t)


# --------------------------------------------------------------------------- field types


@dataclass
class FieldType:
    type: str
    of: str | None = None
    ref: str | None = None
    enum_values: list[str] | None = None
    constraint: str | None = None  # from type sugar


_PARAM_TYPE = re.compile(r"^([A-Za-z-]+)\s*\((.*)\)$")


def parse_type(text: str) -> FieldType | str:
    """A field type word → :class:`FieldType`, or the error message."""
    t = unquote(text).strip()
    if t.endswith("[]"):
        t = f"array({t[:-2]})"
    m = _PARAM_TYPE.match(t)
    if m is not None:
        return _with_argument(t, m.group(1).lower(), m.group(2).strip())
    low = t.lower()
    if low in ("map", "dict"):
        return "a map needs its value type, e.g. 'map(string)'"
    if low in TYPE_SUGAR:
        return FieldType("string", constraint=TYPE_SUGAR[low])
    if low in TYPE_ALIASES:
        return FieldType(TYPE_ALIASES[low])
    if re.fullmatch(r"[A-Z][A-Za-z0-9]*", t):
        return FieldType("ref", ref=t)
    return f"unknown field type '{t}'; expected one of {TYPE_WORDS}"


def _with_argument(t: str, head: str, arg: str) -> FieldType | str:
    """``enum(a, b)``, ``array(Book)``, ``ref(Author)``."""
    kind = TYPE_ALIASES.get(head)
    if kind == "enum":
        values = [unquote(v) for v in split_list(arg)]
        return FieldType("enum", enum_values=values) if values else "enum() needs values"
    if kind == "array":
        return _array_of(arg)
    if kind == "map":
        got = _array_of(arg)
        return got if isinstance(got, str) else FieldType("map", of=got.of)
    if kind == "ref":
        target = pascal(arg)
        return FieldType("ref", ref=target) if target else f"ref({arg}) needs an entity name"
    return f"unknown field type '{t}'; expected one of {TYPE_WORDS}"


def _array_of(arg: str) -> FieldType | str:
    low = arg.lower()
    if low in TYPE_SUGAR:
        return FieldType("array", of="string")
    if low in TYPE_ALIASES and TYPE_ALIASES[low] in (*SCALAR_TYPES, "object"):
        return FieldType("array", of=TYPE_ALIASES[low])
    target = pascal(arg)
    if arg[:1].isupper() and target:
        return FieldType("array", of=target)
    return f"unknown array item type '{arg}'; expected a scalar type or an entity name"


# --------------------------------------------------------------------------- notes


def constraint_of(text: str) -> tuple[str, str | None] | None:
    """``'max length 40'`` → ``('max_length', '40')``; None when no constraint matches."""
    t = unquote(text).strip()
    for name in sorted(CONSTRAINTS, key=len, reverse=True):
        pat = name.replace("_", r"[\s_-]?")
        if name == "uri":
            pat = r"(?:uri|url)"
        m = re.match(rf"(?i){pat}(?![A-Za-z0-9_])\s*[:=]?\s*(.*)$", t)
        if m is not None:
            value = unquote(m.group(1)) if m.group(1) else None
            return name, value or None
    return None


def constraint_problem(name: str, value: str | None) -> str | None:
    if name in VALUED_CONSTRAINTS and value is None:
        return f"constraint '{name}' needs a value, e.g. '{name} 3'"
    if name not in VALUED_CONSTRAINTS and value is not None:
        return f"constraint '{name}' takes no value (got '{value}')"
    return None


def note(target: str, constraint: str, value: str | None, prose: str, source: str) -> Item:
    return {
        "target": target,
        "constraint": constraint,
        "value": value,
        "prose": prose,
        "source": source,
    }
