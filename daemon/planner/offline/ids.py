"""Endpoint ids from the method and path only: ``list-books``, ``get-book``,
``list-author-books``, ``return-loan`` (an action: a singular word after an id), so they stay
stable across unrelated edits."""

from __future__ import annotations

from .common import singular, slug

_VERBS = {"POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}


def _singular(word: str) -> str:
    """``book-loans`` → ``book-loan`` (the last word, through :mod:`.inflection`)."""
    head, dash, last = word.rpartition("-")
    return f"{head}{dash}{singular(last)}"


def _is_param(segment: str) -> bool:
    return segment.startswith("{")


def endpoint_id(method: str, path: str, is_list: bool) -> str:
    """``GET /authors/{authorId}/books`` (list) → ``list-author-books``."""
    segs = [s for s in path.split("/") if s]
    action = _action(method, segs)
    if action is not None:  # POST /loans/{loanId}/return → return-loan
        target = endpoint_id("GET", "/" + "/".join(segs[:-1]), False)
        return "-".join([action, *target.split("-")[1:]])
    if method == "POST" and len(segs) >= 2 and slug(segs[-1]) in _ACCOUNT_VERBS:
        # POST /users/login → login-user
        target = endpoint_id("GET", "/" + "/".join(segs[:-1]), False)
        return "-".join([slug(segs[-1]), *(_singular(w) for w in target.split("-")[1:])])
    nouns = _nouns(segs, singular_last=not is_list and method != "GET")
    verb = _VERBS.get(method, "list" if is_list else "get")
    return "-".join([verb, *[n for n in nouns if n]]) if any(nouns) else f"{verb}-root"


_ACCOUNT_VERBS = frozenset(
    {"login", "logout", "signin", "signout", "signup", "register", "refresh"}
)


def _action(method: str, segs: list[str]) -> str | None:
    """The verb of an action route: a POST whose last segment (a singular word) follows an
    id; None for any other route."""
    if method != "POST" or len(segs) < 3 or not _is_param(segs[-2]) or _is_param(segs[-1]):
        return None
    action = slug(segs[-1])
    return action if action and _singular(action) == action else None


def _nouns(segs: list[str], singular_last: bool) -> list[str]:
    """The path's words: singular before an id (and last, for one item), else as written."""
    nouns: list[str] = []
    for i, seg in enumerate(segs):
        if _is_param(seg):
            continue
        rest = segs[i + 1 :]
        followed = bool(rest) and _is_param(rest[0])
        last = all(_is_param(s) for s in rest)
        single = followed or (last and singular_last)
        nouns.append(_singular(slug(seg)) if single else slug(seg))
    return nouns
