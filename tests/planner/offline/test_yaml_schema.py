"""The editors' schema of YAML intent (``intentd schema intent``) and the issue-10 keys: it
accepts a file using every one of them, describes each, and rejects what the reader rejects."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from intentd import yamlio
from intentd.planner.offline.intentschema import intent_schema
from tests.helpers import ROOT
from tests.planner.offline.test_yaml_constructs import YAML

EVERY_KEY = (
    YAML
    + """\
paging: cursor
paging_params: {cursor: starting_after, limit: per_page}
envelope: named
wrap: true
naming: snake_case
update_method: POST
"""
).replace(
    "project_name: Conduit\napi_info:\n  paging: offset\n", "project_name: Conduit\napi_info:\n"
)


def validator() -> jsonschema.Draft202012Validator:
    schema = intent_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(doc: Any) -> list[str]:
    return [e.message for e in validator().iter_errors(doc)]


def props(schema: dict[str, Any], *path: str) -> dict[str, Any]:
    """The ``properties`` of the object at ``path`` (list items and one-liner unions walked)."""
    node = schema
    for key in path:
        node = _object(node)["properties"][key]
    return dict(_object(node)["properties"])


def _object(node: dict[str, Any]) -> dict[str, Any]:
    if node.get("type") == "object":
        return node
    for sub in [node.get("items"), *node.get("anyOf", [])]:
        if isinstance(sub, dict):
            found = _object(sub)
            if found:
                return found
    return {}


def test_the_schema_accepts_a_file_using_every_new_key() -> None:
    doc = yamlio.loads(EVERY_KEY)
    assert {"paging", "paging_params", "envelope", "wrap", "naming", "update_method"} <= set(doc)
    assert errors(doc) == []


NEW_KEYS = {
    (): ("paging", "paging_params", "envelope", "wrap", "naming", "update_method"),
    ("api_info",): ("paging", "paging_params", "envelope", "wrap", "naming", "update_method"),
    ("features",): (
        "manages",
        "current",
        "toggles",
        "actions",
        "sign_up",
        "filters",
        "sort",
        "paging",
        "envelope",
        "wrap",
    ),
    ("features", "manages"): ("entity", "under", "ops"),
    ("features", "toggles"): ("verb", "entity"),
    ("features", "filters"): ("field", "name", "as", "range", "type", "required", "default"),
    ("entities",): ("kind", "key", "timestamps"),
    ("entities", "fields"): ("key", "expand", "type", "of"),
    ("api_surface",): (
        "parameters",
        "paging",
        "envelope",
        "wrap",
        "status",
        "headers",
        "errors",
        "paginated",
    ),
    ("api_surface", "parameters"): (
        "name",
        "in",
        "type",
        "of",
        "enum_values",
        "required",
        "default",
        "description",
    ),
    ("api_surface", "headers"): ("name", "type", "description"),
}


@pytest.mark.parametrize("path", list(NEW_KEYS), ids=lambda p: ".".join(p) or "top")
def test_every_new_key_is_in_the_schema_with_a_description(path: tuple[str, ...]) -> None:
    found = props(intent_schema(), *path)
    for key in NEW_KEYS[path]:
        assert key in found, key
        assert len(found[key].get("description", "")) >= 10, key


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    sort: [-createdAt, title]\n", "    sorting: [-createdAt, title]\n"),
        ("{field: tagList, as: tag}", "{field: tagList, alias: tag}"),
        ("{entity: Comment, under: Article,", "{entity: Comment, below: Article,"),
        ("{verb: favorite, entity: Article}", "{action: favorite, entity: Article}"),
        ("    key: slug\n", "    natural_key: slug\n"),
        ("{name: slug, type: string}", "{name: slug, type: string, primary: true}"),
        ("{name: tag, type: string,", "{name: tag, location: query, type: string,"),
        (
            "{name: X-RateLimit-Remaining, type: integer,",
            "{name: X-RateLimit-Remaining, kind: integer,",
        ),
        ("  paging_params: {limit: per_page}\n", "  paging_params: {size: per_page}\n"),
        ("    errors: [401, 404, 422]\n", "    errors: [401, 404, 418]\n"),
        ("    status: 200\n", "    status: 203\n"),
        ("    kind: shape\n", "    kind: value\n"),
        ("    paging: cursor\n", "    paging: sideways\n"),
        ("  envelope: data\n", "  envelope: named articles\n"),  # a wrapper name is per list
        ("    wrap: user\n", "    wrap: User Wrapper\n"),
        ("  - method: GET\n", "  - method: GET\n    query: {tag: string}\n"),
    ],
)
def test_the_schema_rejects_unknown_keys_and_values(old: str, new: str) -> None:
    assert old in YAML
    assert errors(yamlio.loads(YAML.replace(old, new)))


def test_the_schema_accepts_the_documented_yaml_example() -> None:
    doc = (ROOT / "docs" / "intent-format.md").read_text(encoding="utf-8")
    section = doc.split("## YAML intent files\n", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert errors(yamlio.loads(example)) == []
