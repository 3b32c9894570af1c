"""What each endpoint answers: its success status, the headers on it, and its error set.

Inferred from the endpoint and the entities, as a careful planner would (issue 10, item 6);
the compiler obeys what the hand-off says. The rules:

- 201 for a create (a body of the entity posted to its collection), 204 when nothing comes
  back, else 200;
- 400 when the request has parameters or a body (and at least one 4xx, which linters want);
  401 and 403 when the caller must authenticate; 404 when the path identifies something; 409
  when a write can collide with a unique value; 422 with a body; 429 under a rate limit.
"""

from __future__ import annotations

from .common import Item

_WRITES = ("POST", "PUT", "PATCH")


def answer(ep: Item, entities: dict[str, Item], rate_limited: bool) -> None:
    """Fill ``status``, ``headers`` and ``errors`` of ``ep`` (a hand-off endpoint as data)."""
    ep["status"] = _status(ep, entities)
    ep["headers"] = []
    ep["errors"] = _errors(ep, entities, rate_limited)


def _status(ep: Item, entities: dict[str, Item]) -> int:
    target = ep["response"] if ep["method"] == "DELETE" else (ep["response"] or ep["entity"])
    if target is None or target not in entities:
        return 204
    return 201 if _creates(ep, target) else 200


def _creates(ep: Item, target: str) -> bool:
    """201 only for a real create: a body of the entity posted to a collection.

    An action (POST /loans/{loanId}/return, no body) answers 200 with the changed record.
    """
    to_collection = ep["request"] == ep["entity"] and not ep["path"].rstrip("/").endswith("}")
    return ep["method"] == "POST" and target == ep["entity"] and not ep["list"] and to_collection


def _errors(ep: Item, entities: dict[str, Item], rate_limited: bool) -> list[int]:
    path = "{" in ep["path"]
    body = ep["request"] is not None and ep["method"] not in ("GET", "DELETE")
    params = path or ep["paging"] is not None or bool(ep["parameters"])
    rules = (
        (params or body, (400,)),
        (ep["auth"], (401, 403)),
        (path, (404,)),
        (_may_conflict(ep, entities), (409,)),
        (body, (422,)),
        (rate_limited, (429,)),
    )
    errors = [status for applies, statuses in rules if applies for status in statuses]
    return errors or [400]


def _may_conflict(ep: Item, entities: dict[str, Item]) -> bool:
    written = entities.get(ep["request"] or "")  # only a body can collide with a unique value
    if ep["method"] not in _WRITES or written is None:
        return False
    return bool(written["unique_constraints"]) or any(f["unique"] for f in written["fields"])
