"""What an endpoint is for, read from its path, summary and id: signing up, logging in and
refreshing a token are public (nobody is signed in yet), and a login can fail with 401.

Only a POST is read this way (``GET /tokens`` lists tokens and needs auth as usual); an
endpoint marked ``auth`` keeps it.
"""

from __future__ import annotations

import re

from .common import Item, words

_LOGIN = re.compile(
    r"\b(log ?in|sign ?in|signin|login|authenticate|token|tokens|session|sessions)\b"
)
_SIGNUP = re.compile(r"\b(sign ?up|signup|register|registration)\b")
_REFRESH = re.compile(r"\b(refresh)\b")


def _text(ep: Item) -> str:
    parts = [*ep["path"].split("/"), ep.get("id") or "", ep.get("summary") or ""]
    return " ".join(" ".join(words(p)).lower() for p in parts if not p.startswith("{"))


def purpose(ep: Item) -> str | None:
    """``login``, ``signup``, ``refresh`` or None, for a POST."""
    if ep["method"] != "POST":
        return None
    text = _text(ep)
    if _REFRESH.search(text):
        return "refresh"
    if _SIGNUP.search(text):
        return "signup"
    if _LOGIN.search(text):
        return "login"
    return None


def signs_up(feature: Item, entity: str) -> bool:
    """Whether creating ``entity`` in ``feature`` is signing up: a ``Sign-up: Member`` line,
    or the feature's own words say members sign up or register."""
    if any(s["entity"] == entity for s in feature.get("_signup", [])):
        return True
    texts = [feature.get("name") or "", feature.get("description") or ""]
    texts += [c["text"] for c in feature.get("acceptance_criteria", [])]
    said = any(
        re.search(r"\b(signs? ?up|sign-up|signup|registers?|registration)\b", t.lower())
        for t in texts
    )
    creates = [
        m["entity"] for m in feature.get("_manages", []) if "create" in (m["ops"] or ["create"])
    ]
    return said and creates == [entity]
