"""The paths (issue #3 item 1): complete operations, status codes, parameters, operationIds."""

from __future__ import annotations

import re

import pytest

from intentd.specgen import operation_ids
from tests.helpers.specgen_fixtures import ALL_CASES, bookshop, synthetic_handoff
from tests.specgen.support import CASES, compiled, operations


def _endpoints(case: str) -> dict[str, object]:
    factory = ALL_CASES.get(case)
    handoff = factory() if factory else synthetic_handoff(300)
    return {ep.id: ep for ep in handoff.api_surface}


@pytest.mark.parametrize("case", CASES)
def test_every_operation_is_complete(case: str) -> None:
    doc = compiled(case)
    endpoints = _endpoints(case)
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert len(ids) == len(set(ids))
    tags = {t["name"] for t in doc["tags"]}
    for path, method, op in operations(doc):
        where = f"{method} {path}"
        assert re.fullmatch(r"[A-Za-z0-9_]+", op["operationId"]), where
        assert op["summary"] and op["description"] and set(op["tags"]) <= tags, where
        codes = set(op["responses"])
        assert any(c.startswith("2") for c in codes), where
        assert any(c.startswith("4") for c in codes), where
        assert "security" in op, where
        assert set(op["x-agent-meta"]) == {"intent_id", "feature", "api_surface_id", "source"}
        declared = {p["name"] for p in op.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{([^}]+)\}", path)), where
        ep = endpoints[op["x-agent-meta"]["api_surface_id"]]
        # Exactly the hand-off's success status and error set; security only from its auth.
        assert codes == {str(ep.status), *(str(e) for e in ep.errors)}, where  # type: ignore[attr-defined]
        assert bool(op["security"]) == ep.auth, where  # type: ignore[attr-defined]


def test_status_codes_follow_the_rules() -> None:
    doc = compiled("bookshop")
    paths = doc["paths"]
    eps = _endpoints("bookshop")
    create, delete = eps["create-book"], eps["delete-book"]
    assert set(paths["/books"]["post"]["responses"]) == {"201", *map(str, create.errors)}  # type: ignore[attr-defined]
    assert set(paths["/books/{bookId}"]["delete"]["responses"]) == {"204", *map(str, delete.errors)}  # type: ignore[attr-defined]
    login = set(paths["/auth/login"]["post"]["responses"])
    assert {"200", "401"} <= login and "403" not in login
    # The endpoint's own auth decides: the plan says get-order is public, so it is.
    assert bool(paths["/orders/{id}"]["get"]["security"]) == eps["get-order"].auth  # type: ignore[attr-defined]
    assert paths["/books"]["get"]["security"] == []
    assert paths["/search"]["get"]["deprecated"] is True
    problem = doc["components"]["responses"]["NotFound"]["content"]
    assert problem["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    retry = doc["components"]["responses"]["TooManyRequests"]["headers"]
    assert "Retry-After" in retry


def test_request_and_query_parameters() -> None:
    doc = compiled("bookshop")
    get = doc["paths"]["/books"]["get"]
    page, size = get["parameters"]
    assert (page["name"], size["name"]) == ("page", "pageSize")
    assert size["schema"]["maximum"] == 100 and page["schema"]["minimum"] == 1
    nested = doc["paths"]["/authors/{authorId}/books"]["get"]["parameters"][0]
    author_id = doc["components"]["schemas"]["Author"]["examples"][0]["id"]
    assert nested["schema"]["format"] == "uuid" and nested["example"] == author_id
    patch = doc["paths"]["/books/{bookId}"]["patch"]["requestBody"]["content"]
    assert patch["application/json"]["schema"]["$ref"].endswith("/BookUpdate")
    post = doc["paths"]["/books"]["post"]["requestBody"]["content"]
    assert post["application/json"]["schema"]["$ref"].endswith("/BookCreate")


def test_operation_ids_are_stable_across_unrelated_edits() -> None:
    h = bookshop()
    before = operation_ids(h.api_surface)
    after = operation_ids(h.api_surface[1:])
    assert all(before[k] == v for k, v in after.items())
    assert before["list-author-books"] == "listAuthorBooks"
