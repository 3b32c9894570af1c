"""Issue 10's constructs compiled: shapes, natural keys, expanded refs, maps, PUT/PATCH,
envelopes, wrappers, filters by role, statuses, headers, exact errors, the jwt scheme."""

from __future__ import annotations

from typing import Any

from intentd import yamlio
from intentd.layout import CONTRACT_TESTS
from intentd.specgen import build_artifacts
from tests.helpers.specgen_fixtures import conduit
from tests.specgen.support import compiled

REF = "#/components/schemas/"


def _params(op: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["name"]: p for p in op.get("parameters", [])}


def _json(resp: dict[str, Any]) -> dict[str, Any]:
    body: dict[str, Any] = resp["content"]["application/json"]
    return body


def test_a_shape_is_one_schema_with_no_id() -> None:
    schemas = compiled("conduit")["components"]["schemas"]
    assert "CredentialsCreate" not in schemas and "SessionCreate" not in schemas
    cred = schemas["Credentials"]
    assert set(cred["properties"]) == {"email", "password"}
    assert cred["properties"]["password"]["writeOnly"] is True
    assert cred["examples"][0]["password"]  # a request shape's example carries what is sent


def test_a_natural_key_names_the_path_and_no_id_is_invented() -> None:
    doc = compiled("conduit")
    assert "id" not in doc["components"]["schemas"]["Profile"]["properties"]
    slug = _params(doc["paths"]["/articles/{slug}"]["get"])["slug"]
    assert slug["schema"] == {"type": "string"} and slug["example"] == "sample-article"
    nested = doc["paths"]["/articles/{slug}/comments/{id}"]["delete"]["parameters"]
    assert [p["name"] for p in nested] == ["slug", "id"]
    assert nested[0]["description"] == "The slug of the Article."
    assert nested[1]["schema"]["format"] == "uuid"


def test_an_expanded_ref_embeds_on_read_and_takes_the_key_on_write() -> None:
    schemas = compiled("conduit")["components"]["schemas"]
    assert schemas["Article"]["properties"]["author"] == {"$ref": REF + "Profile"}
    assert "author" in schemas["Article"]["required"]
    assert schemas["ArticleCreate"]["properties"]["author"] == {"type": "string"}
    example = schemas["Article"]["examples"][0]["author"]
    assert example["username"] == "sample-profile"
    # A shape referred to is embedded on both sides: it has no key to send.
    assert schemas["Profile"]["properties"]["address"] == {"$ref": REF + "Address"}


def test_scalar_lists_and_maps() -> None:
    props = compiled("conduit")["components"]["schemas"]["Article"]["properties"]
    assert props["tagList"] == {"type": "array", "items": {"type": "string"}}
    assert props["metadata"] == {"type": "object", "additionalProperties": {"type": "string"}}


def test_put_takes_the_full_shape_and_patch_the_partial_one() -> None:
    doc = compiled("conduit")
    item = doc["paths"]["/articles/{slug}"]
    wrapped = doc["components"]["schemas"]
    put = _json(item["put"]["requestBody"])["schema"]["$ref"].removeprefix(REF)
    patch = _json(item["patch"]["requestBody"])["schema"]["$ref"].removeprefix(REF)
    assert wrapped[put]["properties"]["article"] == {"$ref": REF + "ArticleCreate"}
    assert wrapped[patch]["properties"]["article"] == {"$ref": REF + "ArticleUpdate"}
    assert "required" in wrapped["ArticleCreate"] and "required" not in wrapped["ArticleUpdate"]
    # Stripe's update: a POST to an addressed resource sends the partial shape.
    ledger = compiled("ledger")["paths"]["/customers/{id}"]["post"]["requestBody"]
    assert _json(ledger)["schema"] == {"$ref": REF + "CustomerUpdate"}


def test_envelopes_follow_the_endpoint_and_the_naming() -> None:
    conduit_schemas = compiled("conduit")["components"]["schemas"]
    named = conduit_schemas["ArticlesList"]
    assert named["required"] == ["articles", "articlesCount"]
    data = conduit_schemas["CommentDataPage"]
    assert list(data["properties"]) == ["data", "links"]
    feed = compiled("conduit")["paths"]["/articles/feed"]["get"]["responses"]["200"]
    assert _json(feed)["schema"] == {"type": "array", "items": {"$ref": REF + "Article"}}
    ledger = compiled("ledger")["components"]["schemas"]
    assert ledger["CustomerDataCursorPage"]["required"] == ["data", "links", "has_more"]
    assert ledger["InvoiceOffsetPage"]["required"] == ["items", "offset", "limit", "total"]
    assert ledger["ChargesList"]["required"] == ["charges", "charges_count"]


def test_a_wrapper_wraps_request_and_response_and_their_examples() -> None:
    login = compiled("conduit")["paths"]["/users/login"]["post"]
    request = _json(login["requestBody"])
    assert set(request["examples"]["default"]["value"]) == {"user"}
    response = _json(login["responses"]["200"])
    assert set(response["examples"]["default"]["value"]) == {"user"}


def test_filters_compile_by_role() -> None:
    params = _params(compiled("conduit")["paths"]["/articles"]["get"])
    assert params["tag"]["schema"] == {"type": "string"}  # an array field: its item type
    assert params["author"]["schema"] == {"type": "string"}  # Profile's key, the username
    assert params["status"]["schema"]["enum"] == ["draft", "published"]
    assert params["createdFrom"]["schema"] == {"type": "string", "format": "date-time"}
    assert params["sort"]["schema"]["default"] == "-createdAt"
    assert params["sort"]["schema"]["x-enum-varnames"][1] == "CreatedAtDesc"
    assert params["offset"]["schema"]["minimum"] == 0
    assert params["limit"]["schema"]["maximum"] == 100
    assert all("example" in p for p in params.values())
    invoices = _params(compiled("ledger")["paths"]["/invoices"]["get"])
    assert invoices["customer"]["schema"] == {"type": "string", "format": "uuid"}
    customers = _params(compiled("ledger")["paths"]["/customers"]["get"])
    assert customers["limit"]["schema"]["default"] == 10


def test_status_headers_errors_and_security_are_the_plans() -> None:
    paths = compiled("conduit")["paths"]
    publish = paths["/articles/{slug}/publish"]["post"]["responses"]
    assert "202" in publish and "content" in publish["202"]
    delete = paths["/articles/{slug}"]["delete"]["responses"]
    assert set(delete) == {"204", "401", "403", "404"} and "content" not in delete["204"]
    created = paths["/articles"]["post"]["responses"]["201"]["headers"]["Location"]
    assert created["schema"]["format"] == "uri-reference"
    assert created["example"] == "/articles/sample-article"
    assert "ETag" in paths["/articles/{slug}"]["get"]["responses"]["200"]["headers"]
    assert set(paths["/profiles/{username}"]["get"]["responses"]) == {"200", "404", "410"}
    assert paths["/articles"]["get"]["security"] == []
    scheme = compiled("conduit")["components"]["securitySchemes"]["bearerAuth"]
    assert "refresh" not in scheme["description"]


def test_vectors_send_required_headers_and_expect_no_body_on_204() -> None:
    h = conduit()
    doc = compiled("conduit")
    vectors = yamlio.loads(build_artifacts(h, doc)[CONTRACT_TESTS])["vectors"]
    by_id = {v["id"]: v for v in vectors}
    assert by_id["createArticle-201"]["request"]["headers"]["Idempotency-Key"]
    assert {"body_empty": True} in by_id["deleteArticle-204"]["expect"]["assertions"]
    assert "sort=-createdAt" in by_id["listArticles-200"]["request"]["path"]
    assert by_id["getArticle-404"]["request"]["path"] == "/articles/no-such-key"
