"""The paths (issue #3 item 1): complete operations, status codes, parameters, operationIds."""

from __future__ import annotations

import re

import pytest

from intentd.specgen import operation_ids
from tests.helpers.specgen_fixtures import bookshop
from tests.specgen.support import CASES, compiled, operations


@pytest.mark.parametrize("case", CASES)
def test_every_operation_is_complete(case: str) -> None:
    doc = compiled(case)
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
        assert ("404" in codes) == bool(declared), where
        assert ("401" in codes) == ("403" in codes) == bool(op["security"]), where


def test_status_codes_follow_the_rules() -> None:
    doc = compiled("bookshop")
    paths = doc["paths"]
    assert set(paths["/books"]["post"]["responses"]) == {
        "201",
        "400",
        "401",
        "403",
        "409",
        "422",
        "429",
    }
    assert set(paths["/books/{bookId}"]["delete"]["responses"]) == {
        "204",
        "400",
        "401",
        "403",
        "404",
        "429",
    }
    assert set(paths["/auth/login"]["post"]["responses"]) == {"200", "400", "422", "429"}
    # Orders need auth by policy (features_requiring_auth) even though the endpoint says no.
    assert paths["/orders/{id}"]["get"]["security"] == [{"bearerAuth": []}]
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
