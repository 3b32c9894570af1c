"""What each endpoint answers: its success status, the headers on it, and its error set.

Inferred from the endpoint and the entities, as a careful planner would (issue 10, item 6);
an endpoint's own ``status``/``headers``/``errors`` lines win. The rules:

- status: a create (a body of the entity posted to its collection) 201 with ``Location``;
  a DELETE or an answer without a body 204; an action, a login and anything else 200;
- 400 on anything with a body or parameters (path or query);
- 401 when the caller must authenticate, and on a login (bad credentials);
- 403 only when the policy has roles, or a rule of the entity speaks of its owner, of
  "only …" or of admins;
- 404 only when the path identifies something (it has a path parameter);
- 409 only for a write (POST/PUT/PATCH) of an entity with a unique field the client sets
  or a unique constraint, or a DELETE the entity's rules say may be refused ("cannot be
  deleted", "conflict");
- 429 under a rate-limit requirement (the compiler adds ``Retry-After``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import Item
from .purpose import purpose

_WRITES = ("POST", "PUT", "PATCH")
_FORBIDS = re.compile(r"\b(owner|owners|own|only|admin|admins|administrators?)\b", re.IGNORECASE)
_REFUSES = re.compile(r"cannot be deleted|can't be deleted|conflict", re.IGNORECASE)


@dataclass
class Context:
    """What the answers depend on beyond the endpoint itself."""

    entities: dict[str, Item]
    nfrs: list[Item]
    roles: list[str]
    naming: str

    @property
    def rate_limited(self) -> bool:
        return any(n["category"] == "rate_limit" for n in self.nfrs)


def answer(ep: Item, ctx: Context) -> None:
    """Fill ``status``, ``headers`` and ``errors`` of ``ep`` (a hand-off endpoint as data)."""
    status = ep.get("_status") or _status(ep, ctx.entities)
    ep["status"] = status
    headers = ep.get("_headers")
    if headers is None:
        headers = [_location()] if status == 201 else []
    ep["headers"] = headers
    errors = ep.get("_errors")
    ep["errors"] = errors if errors is not None else _errors(ep, ctx)


def _location() -> Item:
    return {"name": "Location", "type": "string", "description": "Where the new one is."}


def _status(ep: Item, entities: dict[str, Item]) -> int:
    target = ep["response"] if ep["method"] == "DELETE" else (ep["response"] or ep["entity"])
    if target is None or target not in entities:
        return 204
    if purpose(ep) in ("login", "refresh"):
        return 200
    return 201 if _creates(ep, target) else 200


def _creates(ep: Item, target: str) -> bool:
    """201 only for a real create: a body of the entity posted to a collection.

    An action (POST /loans/{loanId}/return, no body) answers 200 with the changed record.
    """
    to_collection = ep["request"] == ep["entity"] and not ep["path"].rstrip("/").endswith("}")
    creating = ep.get("_op", "explicit") in ("create", "explicit")  # not an update by POST
    post = ep["method"] == "POST" and creating
    return post and target == ep["entity"] and not ep["list"] and to_collection


def _errors(ep: Item, ctx: Context) -> list[int]:
    path = "{" in ep["path"]
    body = ep["request"] is not None and ep["method"] not in ("GET", "DELETE")
    params = path or bool(ep["parameters"])
    login = purpose(ep) == "login"
    rules = (
        (params or body, 400),
        (ep["auth"] or login, 401),
        (ep["auth"] and _forbids(ep, ctx), 403),
        (path, 404),
        (_may_conflict(ep, ctx.entities), 409),
        (ctx.rate_limited, 429),
    )
    errors = [status for applies, status in rules if applies]
    return errors or [400]


def _forbids(ep: Item, ctx: Context) -> bool:
    if ctx.roles:
        return True
    entity = ctx.entities.get(ep["entity"] or "")
    rules = entity["business_rules"] if entity is not None else []
    return any(_FORBIDS.search(r["text"]) for r in rules)


def _may_conflict(ep: Item, entities: dict[str, Item]) -> bool:
    if ep["method"] == "DELETE":
        entity = entities.get(ep["entity"] or "")
        rules = entity["business_rules"] if entity is not None else []
        return any(_REFUSES.search(r["text"]) for r in rules)
    written = entities.get(ep["request"] or "")  # only a body can collide with a unique value
    if ep["method"] not in _WRITES or written is None:
        return False
    client_unique = any(f["unique"] and not f["server_set"] for f in written["fields"])
    return bool(written["unique_constraints"]) or client_unique
