"""The offline planner: golden cases, the workspace template, stable ids, lenient reading."""

from __future__ import annotations

import jsonschema
import pytest

from intentd import handoff, yamlio
from intentd.errors import IntentError
from intentd.handoff import Handoff
from intentd.intent import IntentBundle, make_bundle, make_file, read_bundle
from intentd.planner import Planner
from intentd.planner.offline.intentschema import intent_schema
from intentd.planner.offline.planner import IMAGE_NOTE, OfflinePlanner, read_lenient
from tests.golden import CASES, EXPECTED, case_names, render
from tests.helpers import ROOT

TEMPLATE = ROOT / "workspace-template"
PLANNER_DIR = ROOT / "daemon" / "planner"


def plan(bundle: IntentBundle) -> Handoff:
    planner: Planner = OfflinePlanner()
    return planner.plan(bundle, None, ())


def bundle_of(files: dict[str, str]) -> IntentBundle:
    return make_bundle([make_file(p, t.encode("utf-8")) for p, t in files.items()])


def dump(h: Handoff) -> str:
    return yamlio.dumps(handoff.to_data(h))


# --------------------------------------------------------------------------- golden cases


def test_there_are_enough_golden_cases() -> None:
    assert len(case_names()) >= 8


@pytest.mark.parametrize("name", case_names())
def test_golden_case_matches_exactly(name: str) -> None:
    expected = (CASES / name / EXPECTED).read_text(encoding="utf-8")
    assert render(CASES / name) == expected, "run `make regen-golden` and review the diff"


@pytest.mark.parametrize("name", case_names())
def test_golden_case_round_trips_and_checks(name: str) -> None:
    text = (CASES / name / EXPECTED).read_text(encoding="utf-8")
    h = handoff.from_data(yamlio.loads(text))
    assert handoff.check(h) == []
    assert dump(h) == text


# --------------------------------------------------------------------------- the template


def test_template_plans_byte_identically_twice() -> None:
    first = dump(plan(read_bundle(TEMPLATE)))
    second = dump(plan(read_bundle(TEMPLATE)))
    assert first == second


def test_template_fills_every_key_it_talks_about() -> None:
    bundle = read_bundle(TEMPLATE)
    data = handoff.to_data(plan(bundle))
    for key in (
        "business_goals",
        "features",
        "entities",
        "api_surface",
        "nonfunctional_requirements",
        "environment_vars",
        "deliverables",
        "milestones",
        "notes_for_spec",
    ):
        assert data[key], key
    assert data["project_name"] == "Shelfwise" and data["description"]
    assert all(data["api_info"][k] for k in ("version", "servers", "contact", "license"))
    auth = data["auth_policy"]
    assert auth["scheme"] == "jwt_with_refresh"
    assert auth["description"] and auth["roles"] and auth["features_requiring_auth"]
    assert data["tech_stack"]["other"]
    assert len(data["entities"]) >= 5
    assert any(e["relationships"] for e in data["entities"])
    assert any(e["business_rules"] for e in data["entities"])
    assert any(e["unique_constraints"] for e in data["entities"])
    assert any(f["type"] == "enum" for e in data["entities"] for f in e["fields"])
    assert any(n["category"] == "rate_limit" for n in data["nonfunctional_requirements"])
    assert any(f["no_endpoint_reason"] for f in data["features"])
    assert data["trace_links"]["intent_hash"] == bundle.sha256
    images = [i for i in data["trace_links"]["inputs"] if i["media_type"] == "image/png"]
    assert images and all(not i["read"] and i["note"] == IMAGE_NOTE for i in images)
    assert {i["path"] for i in data["trace_links"]["inputs"]} == {f.path for f in bundle.files}


def test_template_covers_yaml_intent_and_every_section() -> None:
    text = (TEMPLATE / "intent" / "app.md").read_text(encoding="utf-8")
    for heading in (
        "## Goals",
        "## Features",
        "## Entities",
        "## API",
        "## Auth",
        "## Non-functional",
        "## Environment",
        "## Deliverables",
        "## Milestones",
        "## Notes",
    ):
        assert f"\n{heading}\n" in text, heading
    assert list((TEMPLATE / "intent").glob("*.yaml"))


def test_planner_identity() -> None:
    p = OfflinePlanner()
    assert (p.backend, p.model, p.prompt_version) == ("offline", None, None)
    h = plan(read_bundle(CASES / "minimal"))
    assert h.trace_links.planner.backend == "offline"
    assert h.trace_links.planner.model is None


def test_checked_is_the_last_plan_with_what_check_found() -> None:
    """The protocol's ``checked``: the caller reuses it instead of checking the plan again."""
    p: Planner = OfflinePlanner()
    assert p.checked is None
    h = p.plan(read_bundle(CASES / "minimal"), None, ())
    assert p.checked is not None
    assert p.checked[0] is h and p.checked[1] == handoff.check(h)
    with pytest.raises(IntentError):
        p.plan(bundle_of({"intent/app.md": "# Empty\n"}), None, ())
    assert p.checked[0] is h  # a failed plan leaves the last one in place


# --------------------------------------------------------------------------- stable ids


def _ids(h: Handoff) -> dict[str, str]:
    out = {f"feature {f.name}": f.id for f in h.features}
    out.update({f"crit {c.text}": c.id for f in h.features for c in f.acceptance_criteria})
    out.update({f"ep {e.method} {e.path}": e.id for e in h.api_surface})
    return out


def test_ids_survive_unrelated_edits() -> None:
    text = (TEMPLATE / "intent" / "app.md").read_text(encoding="utf-8")
    files = {"intent/app.md": text}
    before = _ids(plan(bundle_of(files)))
    edited = (
        text.replace(
            "## Features\n",
            "## Features\n\n### Gift cards (could, S)\nManages: GiftCard\n- A card has a balance\n",
        )
        .replace("## Entities\n", "## Entities\n\n### GiftCard\n- balance: number, required\n")
        .replace("- shelf: string — e.g. 'B2-04'\n", "- shelf: string\n- floor: integer\n")
        .replace("- Members find and borrow", "- Members quickly find and borrow")
    )
    after = _ids(plan(bundle_of({"intent/app.md": edited})))
    assert {k: after.get(k) for k in before} == before
    assert after["feature Gift cards"] == "gift-cards"
    assert after["ep GET /gift-cards"] == "list-gift-cards"


def test_ids_follow_the_documented_forms() -> None:
    h = plan(read_bundle(TEMPLATE))
    ids = {e.id: (e.method, e.path) for e in h.api_surface}
    assert ids["list-books"] == ("GET", "/books")
    assert ids["get-book"] == ("GET", "/books/{bookId}")
    assert ids["create-copy"] == ("POST", "/copies")
    assert ids["update-loan"] == ("PATCH", "/loans/{loanId}")
    assert ids["delete-reservation"] == ("DELETE", "/reservations/{reservationId}")
    assert ids["list-author-books"] == ("GET", "/authors/{authorId}/books")
    assert ids["return-loan"] == ("POST", "/loans/{loanId}/return")
    borrow = next(f for f in h.features if f.id == "borrow")
    assert [c.id for c in borrow.acceptance_criteria] == ["borrow.ac1", "borrow.ac2", "borrow.ac3"]


# --------------------------------------------------------------------------- inference


def test_inferred_items_carry_their_source_line() -> None:
    h = plan(read_bundle(TEMPLATE))
    lines = (TEMPLATE / "intent" / "app.md").read_text(encoding="utf-8").split("\n")

    def line_of(source: str) -> str:
        path, n = source.rsplit(":", 1)
        assert path == "intent/app.md"
        return lines[int(n) - 1]

    ep = {e.id: e for e in h.api_surface}
    assert line_of(ep["create-loan"].source) == "Manages: Loan"
    assert line_of(ep["list-author-books"].source) == "- has many Book"
    book = next(e for e in h.entities if e.name == "Book")
    created = next(f for f in book.fields if f.name == "createdAt")
    assert created.server_set and line_of(created.source) == "### Book"


def test_auth_follows_the_policy() -> None:
    h = plan(read_bundle(TEMPLATE))
    ep = {e.id: e for e in h.api_surface}
    assert not ep["list-books"].auth  # browse-catalog is public
    assert ep["create-book"].auth  # managed by an authenticated feature
    assert not ep["list-reviews"].auth and ep["create-review"].auth  # public read
    assert "browse-catalog" not in h.auth_policy.features_requiring_auth
    assert "review-books" in h.auth_policy.features_requiring_auth


def test_lazy_continuation_lines_stay_separate() -> None:
    text = "# S\n\n## Features\n### A\n- crit one\nNo endpoint: later\n"
    h = plan(bundle_of({"intent/app.md": text}))
    assert h.features[0].no_endpoint_reason == "later"
    assert [c.text for c in h.features[0].acceptance_criteria] == ["crit one"]


def test_crlf_and_bom_read_like_plain_text() -> None:
    text = "# S\n\n## Features\n### A\nNo endpoint: later\n- crit\n"
    plain = plan(bundle_of({"intent/app.md": text}))
    weird = make_file("intent/app.md", b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    other = plan(make_bundle([weird]))
    assert handoff.to_data(plain)["features"] == handoff.to_data(other)["features"]


# --------------------------------------------------------------------------- lenient mode


def test_read_lenient_returns_what_it_could_read_and_the_rest() -> None:
    text = (
        "# Shop\n\nIntro.\n\n## Features\n### Sell (must, M)\nNo endpoint: later\n- sells\n\n"
        "## Entities\n### Book\n- title: strnig\n- isbn: string\n\n## Pricing\nCheap.\n"
    )
    data, unread = read_lenient(bundle_of({"intent/app.md": text}))
    assert [f["id"] for f in data["features"]] == ["sell"]
    fields = [f["name"] for f in data["entities"][0]["fields"]]
    assert "isbn" in fields and "title" not in fields
    rendered = [f.render() for f in unread]
    assert rendered[0].startswith("intent/app.md:12: unknown field type 'strnig'")
    assert rendered[1].startswith("intent/app.md:15: unknown section 'Pricing'")
    assert "intent/app.md:16: info: inside an unknown section; not read" in rendered


def test_read_lenient_still_refuses_secrets() -> None:
    text = "# S\n\nkey: sk-proj-AbCdEfGhIjKlMnOpQrStUv123456\n"
    with pytest.raises(IntentError) as caught:
        read_lenient(bundle_of({"intent/app.md": text}))
    assert str(caught.value).startswith("intent/app.md:3: this looks like an OpenAI-style API key")


def test_the_documented_example_plans() -> None:
    doc = (ROOT / "docs" / "intent-format.md").read_text(encoding="utf-8")
    example = doc.split("## A complete small example", 1)[1]
    text = example.split("```markdown\n", 1)[1].rsplit("```", 1)[0]
    h = plan(bundle_of({"intent/app.md": text}))
    assert [f.id for f in h.features] == ["publish", "book-seats", "event-poster"]
    ids = {e.id for e in h.api_surface}
    assert {"publish-event", "list-events", "list-event-bookings", "delete-booking"} <= ids
    assert h.api_info.version == "1.0.0"


def test_yaml_intent_schema_accepts_what_the_reader_reads() -> None:
    schema = intent_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    good = [*TEMPLATE.glob("intent/*.yaml"), *CASES.glob("*/intent/*.yaml")]
    for path in good:
        assert not list(validator.iter_errors(yamlio.loads(path.read_text("utf-8")))), path
    bad = ROOT / "tests" / "bad" / "yaml-unknown-key" / "intent" / "plan.yaml"
    assert list(validator.iter_errors(yamlio.loads(bad.read_text("utf-8"))))
