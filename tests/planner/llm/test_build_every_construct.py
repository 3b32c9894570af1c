"""A model's hand-off using every issue-10 construct, built into a valid commit (issue 10).

The real openai SDK talks to the fake server on 127.0.0.1; its scripted answer
(:mod:`tests.planner.llm.conduit`) plans filters, header parameters, three paging styles, four
envelopes, a wrapper, shapes, natural keys, an expanded reference, a string list, a map,
201/202/204 and a public login. The full revision runs in a real git repository; the test
reads what a person would read: ``spec/openapi.yaml`` and ``plan/handoff.yaml`` at HEAD, and
the commit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from intentd import __version__, yamlio
from intentd.revision import transaction as revision
from tests.helpers.fake_openai import FakeOpenAI, Reply, usage
from tests.helpers.gitrepo import GitRepo, isolate_git
from tests.helpers.llm_fixtures import FAKE_KEY, KEY_ENV
from tests.planner.llm import conduit

Doc = dict[str, Any]


Built = tuple[GitRepo, FakeOpenAI, revision.Outcome]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """A workspace after one build whose model answers :func:`conduit.answer` (once per
    module: every test reads the same commit)."""
    with pytest.MonkeyPatch.context() as mp, FakeOpenAI() as fake:
        isolate_git(mp)
        mp.setenv(KEY_ENV, FAKE_KEY)
        fake.add(Reply.json(conduit.answer(), usage=usage(4000, 9000)))
        repo = GitRepo(tmp_path_factory.mktemp("conduit"))
        repo.run("init", "-q", "-b", "main")
        repo.write("intent/app.md", conduit.APP_MD)
        repo.write(
            "intentd.yaml",
            "planner:\n"
            "  backend: openai\n"
            "  model: gpt-5-mini\n"
            f"  base_url: {fake.base_url}\n"
            f"  api_key_env: {KEY_ENV}\n"
            "  profile: openai\n"
            "  timeout: 30\n"
            "  retries: 0\n"
            "  repair_attempts: 0\n",
        )
        repo.write(".gitignore", ".intentd/\n")
        repo.commit("workspace")
        outcome = revision.build(repo.path)
        yield repo, fake, outcome
        assert FAKE_KEY not in repo.run("log", "--all", "-p", "--format=%B")


def _committed(built: Built) -> GitRepo:
    repo, _, outcome = built
    why = (
        [f"{f.location}: {f.message}" for f in outcome.failure.findings] if outcome.failure else []
    )
    assert outcome.status == "committed", (outcome.message, why[:30])
    return repo


def _contract(repo: GitRepo) -> Doc:
    doc: Doc = yamlio.loads(repo.show("HEAD:spec/openapi.yaml").decode("utf-8"))
    return doc


def _deref(doc: Doc, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _params(doc: Doc, op: Doc) -> dict[str, Doc]:
    """The query and header parameters of an operation, by name, in order."""
    found = (_deref(doc, p) for p in op.get("parameters", []))
    return {p["name"]: p for p in found if p["in"] != "path"}


def _body(doc: Doc, part: Doc) -> Doc:
    node: Doc = _deref(doc, _deref(doc, part)["content"]["application/json"]["schema"])
    return node


def _props(doc: Doc, schema: Doc) -> dict[str, Any]:
    props: dict[str, Any] = _deref(doc, schema).get("properties", {})
    return props


def test_the_model_planned_every_construct_and_it_is_committed(
    built: Built,
) -> None:
    repo = _committed(built)
    _, fake, outcome = built
    assert fake.count == 1
    system = fake.requests[0].body["messages"][0]["content"]
    assert "paginated" not in system and "`envelope`" in system  # the new prompt
    assert outcome.report is not None and outcome.report.planner.startswith(
        "openai/gpt-5-mini@planner-v2@"
    )
    subject = repo.run("log", "-1", "--format=%s").strip()
    assert subject == "intent r1: spec 0.1.0 (initial) — 15 operations"
    trailers = repo.run("log", "-1", "--format=%(trailers:only=true)")
    assert f"Compiler: intentd {__version__}\n" in trailers
    assert "Spec-Bump: initial\n" in trailers
    files = set(repo.run("ls-tree", "-r", "--name-only", "HEAD").split())
    assert {"plan/handoff.yaml", "spec/openapi.yaml", "spec/openapi.json"} <= files
    plan = yamlio.loads(repo.show("HEAD:plan/handoff.yaml").decode("utf-8"))
    ops = {ep["id"]: ep for ep in plan["api_surface"]}
    roles = [p["role"] for p in ops["list-articles"]["parameters"]]
    assert roles == ["equals", "equals", "from", "to", "search", "sort", "offset", "limit"]
    assert plan["trace_links"]["planner"]["backend"] == "openai"
    report = json.loads(repo.show("HEAD:spec/validation_report.json"))
    assert report["ok"] is True and report["counts"].get("error", 0) == 0
    assert revision.build(repo.path).status == "up-to-date" and fake.count == 1


def test_filters_and_offset_paging_on_a_named_list(
    built: Built,
) -> None:
    doc = _contract(_committed(built))
    op = doc["paths"]["/articles"]["get"]
    params = _params(doc, op)
    assert list(params) == [
        "tag",
        "author",
        "createdAtFrom",
        "createdAtTo",
        "q",
        "sort",
        "offset",
        "limit",
    ]
    assert all(p["in"] == "query" and not p.get("required") for p in params.values())
    assert params["tag"]["schema"]["type"] == "string"  # an item of tagList: string[]
    assert params["author"]["schema"]["type"] == "string"  # the Profile key: username
    assert params["createdAtFrom"]["schema"]["format"] == "date-time"
    assert params["createdAtTo"]["schema"]["format"] == "date-time"
    assert params["q"]["schema"]["type"] == "string"
    sort = params["sort"]["schema"]
    assert sort["enum"] == ["createdAt", "-createdAt", "title", "-title"]
    assert sort["default"] == "-createdAt"
    assert params["offset"]["schema"]["minimum"] == 0
    limit = params["limit"]["schema"]
    assert (limit["type"], limit["minimum"], limit["maximum"], limit["default"]) == (
        "integer",
        1,
        100,
        20,
    )
    assert op.get("security") == []  # public read
    page = _body(doc, op["responses"]["200"])
    assert set(_props(doc, page)) == {"articles", "articlesCount"}
    assert _props(doc, page)["articles"]["type"] == "array"


def test_cursor_paging_on_a_bare_list_and_page_paging_on_data_and_items(
    built: Built,
) -> None:
    doc = _contract(_committed(built))
    feed = doc["paths"]["/articles/feed"]["get"]
    assert list(_params(doc, feed)) == ["starting_after", "limit"]
    assert _params(doc, feed)["starting_after"]["schema"]["type"] == "string"
    assert _body(doc, feed["responses"]["200"])["type"] == "array"  # bare
    assert feed.get("security")  # the feed needs a caller
    comments = doc["paths"]["/articles/{slug}/comments"]["get"]
    assert list(_params(doc, comments)) == ["page", "pageSize"]
    data = _body(doc, comments["responses"]["200"])
    assert {"data", "links"} <= set(_props(doc, data))
    profiles = doc["paths"]["/profiles"]["get"]
    assert list(_params(doc, profiles)) == ["page", "per_page"]
    items = _body(doc, profiles["responses"]["200"])
    assert {"items", "page", "pageSize", "total"} <= set(_props(doc, items))


def _article_read(doc: Doc) -> Doc:
    """The Article as a reader gets it: inside the ``article`` wrapper of GET."""
    body = _body(doc, doc["paths"]["/articles/{slug}"]["get"]["responses"]["200"])
    assert set(_props(doc, body)) == {"article"}
    read: Doc = _deref(doc, _props(doc, body)["article"])
    return read


def test_natural_key_expanded_ref_list_and_map_fields(
    built: Built,
) -> None:
    doc = _contract(_committed(built))
    paths = doc["paths"]
    assert "/articles/{slug}" in paths and "/articles/{slug}/comments/{commentId}" in paths
    assert "/profiles/{username}" in paths
    article = _props(doc, _article_read(doc))
    assert "id" not in article and "slug" in article
    assert {"username", "bio", "image"} <= set(_props(doc, article["author"]))  # embedded
    assert article["tagList"]["type"] == "array"
    assert article["tagList"]["items"]["type"] == "string"
    assert article["metadata"]["type"] == "object"
    assert article["metadata"]["additionalProperties"]["type"] == "string"
    profile = _props(doc, article["author"])
    assert "createdAt" not in profile and "id" not in profile  # no timestamps, keyed by username
    write = _body(doc, paths["/articles"]["post"]["requestBody"])
    assert set(_props(doc, write)) == {"article"}  # the wrapper
    assert "author" not in _props(doc, _props(doc, write)["article"])  # server-set


def test_statuses_headers_and_error_sets(
    built: Built,
) -> None:
    doc = _contract(_committed(built))
    paths = doc["paths"]
    create = paths["/articles"]["post"]
    assert set(create["responses"]) == {"201", "400", "401", "409"}
    assert "Location" in _deref(doc, create["responses"]["201"])["headers"]
    key = _params(doc, create)["Idempotency-Key"]
    assert (key["in"], key["required"], key["schema"]["type"]) == ("header", True, "string")
    replace = paths["/articles/{slug}"]["put"]
    assert set(replace["responses"]) == {"200", "400", "401", "403", "404", "412"}
    assert _params(doc, replace)["If-Match"]["in"] == "header"
    assert "ETag" in _deref(doc, replace["responses"]["200"])["headers"]
    assert "ETag" in _deref(doc, paths["/articles/{slug}"]["get"]["responses"]["200"])["headers"]
    delete = _deref(doc, paths["/articles/{slug}"]["delete"]["responses"]["204"])
    assert "content" not in delete
    export = paths["/articles/{slug}/export"]["post"]
    assert set(export["responses"]) == {"202", "401", "404", "410"}  # as the intent wrote it
    signup = paths["/users"]["post"]
    assert signup.get("security") == [] and "201" in signup["responses"]


def test_public_login_and_shapes(built: Built) -> None:
    doc = _contract(_committed(built))
    login = doc["paths"]["/users/login"]["post"]
    assert login.get("security") == []
    assert set(login["responses"]) == {"200", "400", "401"}
    assert set(_props(doc, _body(doc, login["requestBody"]))) == {"email", "password"}
    assert set(_props(doc, _body(doc, login["responses"]["200"]))) == {"token"}
    schemas = doc["components"]["schemas"]
    for shape in ("Credentials", "Token", "Preferences"):
        assert shape in schemas
        assert not [n for n in schemas if n != shape and n.startswith(shape)], shape
    prefs = doc["paths"]["/preferences"]["put"]
    sent = prefs["requestBody"]["content"]["application/json"]["schema"]
    got = _deref(doc, prefs["responses"]["200"])["content"]["application/json"]["schema"]
    assert sent == got == {"$ref": "#/components/schemas/Preferences"}
    assert not any(p.startswith("/credentials") or p.startswith("/tokens") for p in doc["paths"])
