"""Endpoint ids come from the method and path alone (planner.offline.routes)."""

from __future__ import annotations

import pytest

from intentd.planner.offline.routes import endpoint_id


@pytest.mark.parametrize(
    ("method", "path", "is_list", "expected"),
    [
        ("GET", "/books", True, "list-books"),
        ("GET", "/books/{bookId}", False, "get-book"),
        ("POST", "/books", False, "create-book"),
        ("PATCH", "/books/{bookId}", False, "update-book"),
        ("PUT", "/books/{bookId}", False, "replace-book"),
        ("DELETE", "/books/{bookId}", False, "delete-book"),
        ("GET", "/authors/{authorId}/books", True, "list-author-books"),
        ("POST", "/loans/{loanId}/return", False, "return-loan"),
        ("POST", "/loans/{loanId}/returns", False, "create-loan-return"),
        ("GET", "/boxes/{boxId}/categories", True, "list-box-categories"),
        ("GET", "/", False, "get-root"),
        ("GET", "/status", False, "get-status"),
    ],
)
def test_endpoint_id(method: str, path: str, is_list: bool, expected: str) -> None:
    assert endpoint_id(method, path, is_list) == expected
