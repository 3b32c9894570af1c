"""The revision transaction (issue 4) on real temp git repositories.

An edit → expected-bump table over the semantic diff's rules (0.x shifting, 1.x, pinned versions,
planner hints), what a revision commit carries (trailers, tag, note, changelog), the person's
index and mid-revision saves, rollback on an invalid revision, hand edits, git states, hooks and
the allowed on_commit/on_failure commands.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from intentd import cli
from intentd.errors import Finding
from intentd.handoff import Handoff
from intentd.intent import IntentBundle
from intentd.planner.offline.planner import OfflinePlanner
from intentd.revision import on_commit as trust
from intentd.revision import stages as pipeline
from intentd.revision import transaction as revision
from intentd.workspace import Workspace as Opened
from tests.helpers.gitrepo import isolate_git
from tests.helpers.revision_fixtures import (
    APP,
    GENERATED,
    Workspace,
    clone_workspace,
    make_workspace,
    petshop,
)

TRAILER_KEYS = ("Intent-Id", "Intent-Hash", "Revision", "Planner", "Spec-Version", "Spec-Bump")

ADOPT = "- POST /pets/{petId}/adopt — adopt a pet (Pet, no body)\n"
GROOM = "- POST /pets/{petId}/groom — groom a pet (Pet, no body, deprecated)\n"
API = "## API\n\n### Manage pets\n"
FEED = API + "- POST /pets/{petId}/feed — feed a pet (Pet, no body)\n"
Edit = tuple[str, str]

# Edits of intent/app.md, named for the contract change they cause.
REMOVE_OP: Edit = (ADOPT, "")
REMOVE_DEPRECATED_OP: Edit = (GROOM, "")
NEW_REQUIRED_FIELD: Edit = (
    "- nickname: string\n",
    "- nickname: string\n- color: string, required\n",
)
BECAME_REQUIRED: Edit = ("- age: integer\n", "- age: integer, required\n")
TYPE_CHANGE: Edit = ("- age: integer\n", "- age: string\n")
ENUM_NARROWED: Edit = ("enum(cat, dog, bird)", "enum(cat, dog)")
ENUM_WIDENED: Edit = ("enum(cat, dog, bird)", "enum(cat, dog, bird, fish)")
RESPONSE_PROP_REMOVED: Edit = ("- rating: number, server-set\n", "")  # read shape only
AUTH_ADDED: Edit = ("Access: public\n", "Access: authenticated\n")
MAX_LENGTH_SET: Edit = ("- nickname: string\n", "- nickname: string, max length 20\n")
NEW_OPTIONAL_FIELD: Edit = ("- nickname: string\n", "- nickname: string\n- color: string\n")
NEW_ENDPOINT: Edit = (API, FEED)
DEPRECATE_OP: Edit = ("adopt a pet (Pet, no body)", "adopt a pet (Pet, no body, deprecated)")
FIELD_DESCRIPTION: Edit = ("— the pet's name", "— what the pet is called")
FEATURE_DESCRIPTION: Edit = ("Shop staff keep the list of pets.", "Staff keep the pet list.")
WHITESPACE: Edit = ("A small pet shop.\n", "A small pet shop.\n\n")  # plan moves, contract not


def pin(version: str) -> Edit:
    return ("intent_id: petshop\n", f"intent_id: petshop\nversion: {version}\n")


REPIN = ("version: 1.0.0\n", "version: {}\n")


@dataclass(frozen=True)
class Case:
    name: str
    base: str  # "0.x": revision 1 is 0.1.0; "1.x": revision 1 pinned at 1.0.0
    edits: tuple[Edit, ...]
    version: str
    bump: str
    rule: str | None  # a rule id the revision's changes must include


CASES = [
    # 0.x: breaking → minor, everything else → patch
    Case("0x-remove-operation", "0.x", (REMOVE_OP,), "0.2.0", "minor", "api-path-removed-without-deprecation"),
    Case("0x-new-required-request-field", "0.x", (NEW_REQUIRED_FIELD,), "0.2.0", "minor", "new-required-request-property"),
    Case("0x-field-became-required", "0.x", (BECAME_REQUIRED,), "0.2.0", "minor", "request-property-became-required"),
    Case("0x-type-change", "0.x", (TYPE_CHANGE,), "0.2.0", "minor", "request-property-type-changed"),
    Case("0x-enum-narrowed", "0.x", (ENUM_NARROWED,), "0.2.0", "minor", "request-property-enum-value-removed"),
    Case("0x-enum-widened", "0.x", (ENUM_WIDENED,), "0.2.0", "minor", "response-property-enum-value-added"),
    Case("0x-response-property-removed", "0.x", (RESPONSE_PROP_REMOVED,), "0.2.0", "minor", "response-optional-property-removed"),
    Case("0x-auth-added", "0.x", (AUTH_ADDED,), "0.2.0", "minor", "api-security-added"),
    Case("0x-request-max-length-set", "0.x", (MAX_LENGTH_SET,), "0.2.0", "minor", "request-property-max-length-set"),
    Case("0x-new-optional-field", "0.x", (NEW_OPTIONAL_FIELD,), "0.1.1", "patch", "new-optional-request-property"),
    Case("0x-new-endpoint", "0.x", (NEW_ENDPOINT,), "0.1.1", "patch", "endpoint-added"),
    Case("0x-endpoint-deprecated", "0.x", (DEPRECATE_OP,), "0.1.1", "patch", "endpoint-deprecated"),
    Case("0x-deprecated-op-removed", "0.x", (REMOVE_DEPRECATED_OP,), "0.1.1", "patch", "api-path-removed-with-deprecation"),
    Case("0x-description-only", "0.x", (FIELD_DESCRIPTION,), "0.1.1", "patch", "intentd-description-changed"),
    Case("0x-feature-description", "0.x", (FEATURE_DESCRIPTION,), "0.1.1", "patch", None),
    Case("0x-no-contract-change", "0.x", (WHITESPACE,), "0.1.0", "none", None),
    Case("0x-pin-raises-patch", "0.x", (pin("0.5.0"), FIELD_DESCRIPTION), "0.5.0", "minor", None),
    Case("0x-pin-1.0.0", "0.x", (pin("1.0.0"), FIELD_DESCRIPTION), "1.0.0", "major", None),
    Case("0x-pin-never-lowers", "0.x", (pin("0.1.0"), REMOVE_OP), "0.2.0", "minor", None),
    Case("0x-pin-without-contract-change", "0.x", (pin("0.3.0"),), "0.3.0", "minor", None),
    # ≥ 1.0: breaking → major, non-breaking → minor, cosmetic → patch
    Case("1x-remove-operation", "1.x", (REMOVE_OP,), "2.0.0", "major", "api-path-removed-without-deprecation"),
    Case("1x-new-required-request-field", "1.x", (NEW_REQUIRED_FIELD,), "2.0.0", "major", "new-required-request-property"),
    Case("1x-field-became-required", "1.x", (BECAME_REQUIRED,), "2.0.0", "major", "request-property-became-required"),
    Case("1x-type-change", "1.x", (TYPE_CHANGE,), "2.0.0", "major", "response-property-type-changed"),
    Case("1x-enum-narrowed", "1.x", (ENUM_NARROWED,), "2.0.0", "major", "request-property-enum-value-removed"),
    Case("1x-enum-widened", "1.x", (ENUM_WIDENED,), "2.0.0", "major", "response-property-enum-value-added"),
    Case("1x-response-property-removed", "1.x", (RESPONSE_PROP_REMOVED,), "2.0.0", "major", "response-optional-property-removed"),
    Case("1x-auth-added", "1.x", (AUTH_ADDED,), "2.0.0", "major", "api-security-added"),
    Case("1x-new-optional-field", "1.x", (NEW_OPTIONAL_FIELD,), "1.1.0", "minor", "response-optional-property-added"),
    Case("1x-new-endpoint", "1.x", (NEW_ENDPOINT,), "1.1.0", "minor", "endpoint-added"),
    Case("1x-deprecated-op-removed", "1.x", (REMOVE_DEPRECATED_OP,), "1.1.0", "minor", "api-path-removed-with-deprecation"),
    Case("1x-description-only", "1.x", (FIELD_DESCRIPTION,), "1.0.1", "patch", "intentd-description-changed"),
    Case("1x-no-contract-change", "1.x", (WHITESPACE,), "1.0.0", "none", None),
    Case("1x-pin-raises-patch-to-major", "1.x", ((REPIN[0], REPIN[1].format("3.0.0")), FIELD_DESCRIPTION), "3.0.0", "major", None),
    Case("1x-breaking-beats-lower-pin", "1.x", ((REPIN[0], REPIN[1].format("1.2.0")), REMOVE_OP), "2.0.0", "major", None),
]  # fmt: skip


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def bases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Workspace]]:
    """Revision 1 of the Petshop, built once per module: at 0.1.0 and pinned at 1.0.0."""
    with pytest.MonkeyPatch.context() as mp:
        isolate_git(mp)
        root = tmp_path_factory.mktemp("bases")
        yield {
            "0.x": make_workspace(root / "zero"),
            "1.x": make_workspace(root / "one", petshop("1.0.0")),
        }


@pytest.fixture
def ws(bases: dict[str, Workspace], tmp_path: Path, git_env: None) -> Workspace:
    return clone_workspace(bases["0.x"], tmp_path / "ws")


@pytest.fixture
def ws1(bases: dict[str, Workspace], tmp_path: Path, git_env: None) -> Workspace:
    return clone_workspace(bases["1.x"], tmp_path / "ws")


def _untouched(ws: Workspace, head: str | None, generated: dict[str, bytes | None]) -> None:
    """Nothing committed, tagged or written: HEAD, and every generated file, byte for byte."""
    assert ws.head() == head
    assert ws.generated() == generated
    assert not (ws.path / ".intentd/journal.json").exists()
    leftovers = [p for p in ws.path.rglob("*intentd-tmp-*") if ".git" not in p.parts]
    assert leftovers == []


class HintPlanner(OfflinePlanner):
    """The offline planner plus a ``spec_suggested_version``, as a model planner may give."""

    def __init__(self, hint: str) -> None:
        super().__init__()
        self.hint = hint

    def plan(
        self, bundle: IntentBundle, previous: Handoff | None, findings: Sequence[Finding]
    ) -> Handoff:
        h = super().plan(bundle, previous, findings)
        links = h.trace_links.model_copy(update={"spec_suggested_version": self.hint})
        return h.model_copy(update={"trace_links": links})


class SaveDuringPlan(OfflinePlanner):
    """The offline planner, while which the person saves intent/app.md again."""

    def __init__(self, ws: Workspace, text: str) -> None:
        super().__init__()
        self.ws = ws
        self.text = text

    def plan(
        self, bundle: IntentBundle, previous: Handoff | None, findings: Sequence[Finding]
    ) -> Handoff:
        self.ws.write(APP, self.text)
        return super().plan(bundle, previous, findings)


# --------------------------------------------------------------------------- the bump table


def test_the_table_covers_the_rules() -> None:
    assert len(CASES) >= 25
    assert {c.bump for c in CASES} >= {"major", "minor", "patch", "none"}
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_edit_gives_expected_bump(
    case: Case, bases: dict[str, Workspace], tmp_path: Path, git_env: None
) -> None:
    ws = clone_workspace(bases[case.base], tmp_path / "ws")
    before_tags = ws.tags()
    for old, new in case.edits:
        ws.edit(old, new)

    outcome = ws.build()

    assert outcome.status == "committed", outcome.message
    trailers = ws.trailers()
    assert trailers["Spec-Version"] == case.version
    assert trailers["Spec-Bump"] == case.bump
    assert trailers["Revision"] == "2"
    assert ws.contract()["info"]["version"] == case.version  # type: ignore[index]
    assert outcome.report is not None
    if case.rule is not None:
        assert case.rule in {c.rule for c in outcome.report.changes}
        assert case.rule in ws.git("log", "-1", "--format=%b")  # the body lists the changes
    new_tags = set(ws.tags()) - set(before_tags)
    if case.bump == "none":
        assert new_tags == set() and outcome.report.tag is None
        assert "no contract change" in ws.git("log", "-1", "--format=%s")
    else:
        assert new_tags == {f"spec/v{case.version}"}
        assert ws.tags()[f"spec/v{case.version}"] == ws.head()
    assert ws.dirty("intent", "plan", "spec") == []


def test_first_revision_carries_trailers_tag_note_and_changelog(
    bases: dict[str, Workspace], git_env: None
) -> None:
    ws = bases["0.x"]
    raw = ws.git("log", "-1", "--format=%(trailers)")
    for key in TRAILER_KEYS:
        assert f"\n{key}: " in "\n" + raw
    t = ws.trailers()
    assert (t["Intent-Id"], t["Revision"], t["Planner"]) == ("petshop", "1", "offline")
    assert (t["Spec-Version"], t["Spec-Bump"]) == ("0.1.0", "initial")
    assert len(t["Intent-Hash"]) == 64
    head = ws.head()
    assert ws.tags() == {"spec/v0.1.0": head}
    note = ws.note()
    assert note is not None and note["commit"] == head
    assert note["spec_publish_uri"].endswith(f"spec/openapi.yaml@{head}")
    assert ws.git("log", "-1", "--format=%s").startswith("intent r1: spec 0.1.0 (initial)")
    # the commit holds the intent and every generated file, and nothing else
    assert sorted(ws.in_commit()) == sorted([APP, *GENERATED])
    assert "## 0.1.0 (initial)" in ws.read("spec/CHANGELOG.md")
    codegen = ws.read("spec/client_codegen_config.yaml")
    assert "0.1.0" in codegen
    assert ws.dirty() == []
    assert bases["1.x"].trailers()["Spec-Version"] == "1.0.0"  # a pinned first revision


def test_changelog_accumulates_and_subject_names_the_bump(ws: Workspace) -> None:
    ws.edit(*NEW_ENDPOINT)
    assert ws.build().status == "committed"
    ws.edit(*REMOVE_OP)
    assert ws.build().status == "committed"
    subject = ws.git("log", "-1", "--format=%s").strip()
    assert subject == "intent r3: spec 0.1.1 → 0.2.0 (minor) — remove POST /pets/{petId}/adopt"
    log = ws.read("spec/CHANGELOG.md")
    heads = [line for line in log.splitlines() if line.startswith("## ")]
    assert heads == ["## 0.2.0 (minor)", "## 0.1.1 (patch)", "## 0.1.0 (initial)"]
    assert "operation POST /pets/{petId}/adopt removed" in log
    assert set(ws.tags()) == {"spec/v0.1.0", "spec/v0.1.1", "spec/v0.2.0"}


@pytest.mark.parametrize(
    ("hint", "edit", "expected", "bump"),
    [
        ("0.9.0", FIELD_DESCRIPTION, "0.9.0", "minor"),  # raises a patch
        ("0.1.0", REMOVE_OP, "0.2.0", "minor"),  # never lowers
        ("2.0.0", WHITESPACE, "0.1.0", "none"),  # an unchanged contract keeps its version
    ],
)
def test_planner_hint_raises_never_lowers(
    ws: Workspace, hint: str, edit: Edit, expected: str, bump: str
) -> None:
    ws.edit(*edit)
    outcome = ws.build(planner=HintPlanner(hint))
    assert outcome.status == "committed", outcome.message
    assert (ws.trailers()["Spec-Version"], ws.trailers()["Spec-Bump"]) == (expected, bump)


def test_planner_hint_on_the_first_revision(tmp_path: Path, git_env: None) -> None:
    ws = make_workspace(tmp_path / "ws", build=False)
    assert ws.build(planner=HintPlanner("0.4.0")).status == "committed"
    assert (ws.trailers()["Spec-Version"], ws.trailers()["Spec-Bump"]) == ("0.4.0", "initial")


def test_existing_tag_fails_clearly_and_is_not_moved(ws: Workspace) -> None:
    elsewhere = ws.git("rev-parse", "HEAD~1").strip()
    ws.git("tag", "spec/v0.2.0", elsewhere)  # e.g. left over from another branch
    head, generated = ws.head(), ws.generated()
    ws.edit(*REMOVE_OP)

    outcome = ws.build()

    assert outcome.status == "failed" and outcome.exit_code == 1
    assert outcome.message == "tag spec/v0.2.0 already exists"
    assert "pin a higher version" in outcome.failure.findings[0].message  # type: ignore[union-attr]
    assert ws.tags()["spec/v0.2.0"] == elsewhere
    _untouched(ws, head, generated)
    assert ADOPT not in ws.read()  # the edit is intact


def test_json_report_and_a_removed_intent_file(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    ws.write("intent/extra.md", "## Notes\n\n- Pet.nickname: max length 30 — short names\n")
    assert cli.main(["build", "--json", str(ws.path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "revision" and report["commit"] == ws.head()
    assert report["changed_inputs"] == ["intent/extra.md"]
    assert (report["previous_version"], report["spec_version"]) == ("0.1.0", "0.2.0")
    assert "intent/extra.md" in ws.in_commit()

    (ws.path / "intent/extra.md").unlink()
    assert cli.main(["build", "--json", str(ws.path)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["changed_inputs"] == ["intent/extra.md"]
    assert ws.git("ls-tree", "-r", "--name-only", "HEAD", "intent").split() == [APP]
    assert ws.dirty("intent", "plan", "spec") == []


# --------------------------------------------------------------------------- up to date, --check


def test_up_to_date_makes_no_commit(ws: Workspace, capsys: pytest.CaptureFixture[str]) -> None:
    head = ws.head()
    outcome = ws.build()
    assert (outcome.status, outcome.message, outcome.exit_code) == ("up-to-date", "up to date", 0)
    assert ws.head() == head
    assert cli.main(["build", str(ws.path)]) == 0
    assert capsys.readouterr().out == "up to date\n"
    assert ws.head() == head


def test_check_exits_1_when_stale_0_when_fresh_and_changes_nothing(ws: Workspace) -> None:
    assert cli.main(["build", "--check", "-q", str(ws.path)]) == 0
    ws.edit(*NEW_ENDPOINT)
    ws.git("add", APP)  # the index must not move either
    head, generated, index = ws.head(), ws.generated(), ws.git("ls-files", "-s")

    assert cli.main(["build", "--check", "-q", str(ws.path)]) == 1
    outcome = ws.build(check=True)
    assert outcome.status == "stale" and "spec/openapi.yaml" in outcome.stale

    _untouched(ws, head, generated)
    assert ws.git("ls-files", "-s") == index
    assert not (ws.path / ".intentd/last_failure.json").exists()
    assert ws.build().status == "committed"
    assert cli.main(["build", "--check", "-q", str(ws.path)]) == 0


def test_check_reports_a_spec_hand_edit_as_stale(ws: Workspace) -> None:
    ws.write("spec/openapi.yaml", ws.read("spec/openapi.yaml") + "# mine\n")
    outcome = ws.build(check=True)
    assert outcome.status == "stale" and outcome.stale == ["spec/openapi.yaml"]


# --------------------------------------------------------------------------- the person's index


def test_staged_work_and_partial_staging_stay_as_they_were(ws: Workspace) -> None:
    ws.write("README.md", "# my notes\n")
    ws.git("add", "README.md")
    staged_text = ws.read().replace(*NEW_ENDPOINT)
    ws.write(APP, staged_text)
    ws.git("add", APP)  # the person stages one change of intent/app.md …
    saved_text = staged_text.replace(*FIELD_DESCRIPTION)
    ws.write(APP, saved_text)  # … and keeps editing without staging
    staged_blob = ws.git("rev-parse", f":{APP}").strip()

    outcome = ws.build()

    assert outcome.status == "committed", outcome.message
    assert "README.md" not in ws.in_commit()
    assert ws.show(f"HEAD:{APP}").decode() == saved_text  # the revision is the saved file
    assert sorted(ws.staged()) == ["README.md", APP]  # still staged, as before
    assert ws.git("rev-parse", f":{APP}").strip() == staged_blob
    assert ws.show(":README.md") == b"# my notes\n"
    # the generated paths in the index follow the commit
    assert ws.git("diff", "--cached", "--name-only", "--", "plan", "spec") == ""


def test_save_mid_revision_is_not_in_that_commit_and_triggers_the_next(ws: Workspace) -> None:
    ws.edit(*NEW_ENDPOINT)
    validated = ws.read()
    later = validated.replace(*FIELD_DESCRIPTION)

    outcome = ws.build(planner=SaveDuringPlan(ws, later))

    assert outcome.status == "committed"
    assert ws.show(f"HEAD:{APP}").decode() == validated  # exactly the bytes that were planned
    assert ws.read() == later  # the save is on disk, untouched
    assert ws.dirty("intent") == [f" M {APP}"]
    assert ws.trailers()["Spec-Version"] == "0.1.1"
    assert ws.build(check=True).status == "stale"

    nxt = ws.build()
    assert nxt.status == "committed" and ws.show(f"HEAD:{APP}").decode() == later
    assert ws.trailers()["Revision"] == "3" and ws.dirty("intent", "plan", "spec") == []


def test_a_snapshot_handed_in_is_what_gets_committed(ws: Workspace) -> None:
    ws.edit(*NEW_ENDPOINT)
    bundle = pipeline.read_bundle(Opened.open(ws.path))
    snapshot = ws.read()
    ws.edit(*FIELD_DESCRIPTION)  # saved after the watcher read its stable snapshot
    assert ws.build(bundle=bundle).status == "committed"
    assert ws.show(f"HEAD:{APP}").decode() == snapshot
    assert ws.build().status == "committed"
    assert ws.show(f"HEAD:{APP}").decode() == ws.read()


# --------------------------------------------------------------------------- invalid revisions


def _assert_rolled_back(ws: Workspace, outcome: revision.Outcome, stage: str) -> dict[str, object]:
    assert outcome.status == "failed" and outcome.exit_code == 1
    assert outcome.failure is not None and outcome.failure.stage == stage
    report = json.loads((ws.path / ".intentd/last_failure.json").read_text())
    assert report["kind"] == "failure" and report["stage"] == stage
    assert report["head"] == ws.head() and report["intent_hash"]
    return report


def test_invalid_contract_leaves_everything_and_explains(ws: Workspace) -> None:
    head, generated, tags = ws.head(), ws.generated(), ws.tags()
    ws.edit("- age: integer\n", "- age: integer, min 10, max 5\n")
    edited = ws.read()

    outcome = ws.build()

    report = _assert_rolled_back(ws, outcome, "validate")
    _untouched(ws, head, generated)
    assert ws.tags() == tags and ws.read() == edited
    line = edited.splitlines().index("- age: integer, min 10, max 5") + 1
    first = report["findings"][0]  # type: ignore[index]
    assert first["location"] == f"{APP}:{line}"
    assert "example does not match its schema" in first["message"]
    assert "#/components/schemas/" in first["message"]  # the pointer stays in the message


def test_invalid_plan_leaves_everything_and_explains(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    head, generated, tags = ws.head(), ws.generated(), ws.tags()
    ws.edit("- nickname: string\n", "- owner: ref(Owner)\n")
    edited = ws.read()
    line = edited.splitlines().index("- owner: ref(Owner)") + 1

    assert cli.main(["build", str(ws.path)]) == 1

    err = capsys.readouterr().err
    assert f"{APP}:{line}: Pet.owner: unknown entity 'Owner'" in err
    assert "nothing was committed" in err
    report = json.loads((ws.path / ".intentd/last_failure.json").read_text())
    assert report["stage"] == "plan"
    assert report["findings"][0]["location"] == f"{APP}:{line}"
    _untouched(ws, head, generated)
    assert ws.tags() == tags and ws.read() == edited
    ws.edit("- owner: ref(Owner)\n", "- nickname: string\n")  # fixed: the next build is clean
    assert ws.build().status == "up-to-date"
    assert not (ws.path / ".intentd/last_failure.json").exists()  # status shows no old failure


class RepairingPlanner:
    """A model planner's repair loop in miniature: the first plan compiles to an invalid
    contract; given the findings, the second drops the offending constraints."""

    backend = "stub"
    model: str | None = None
    prompt_version: str | None = None
    total_usage = None
    checked = None

    def __init__(self) -> None:
        self.calls: list[int] = []

    def plan(
        self, bundle: IntentBundle, previous: Handoff | None, findings: Sequence[Finding]
    ) -> Handoff:
        self.calls.append(len(findings))
        h = OfflinePlanner().plan(bundle, previous, findings)
        if not findings:
            return h
        kept = [n for n in h.notes_for_spec if n.target != "Pet.age"]
        return h.model_copy(update={"notes_for_spec": kept})


def test_validation_findings_go_back_to_the_planner_and_the_repaired_plan_is_committed(
    ws: Workspace,
) -> None:
    ws.edit("- age: integer\n", "- age: integer, min 10, max 5\n")
    planner = RepairingPlanner()

    outcome = ws.build(planner=planner)

    assert outcome.status == "committed", outcome.message
    assert planner.calls[0] == 0 and planner.calls[1] > 0
    # the plan committed is the one the contract was compiled from, not the first attempt
    assert "target: Pet.age" not in ws.show("HEAD:plan/handoff.yaml").decode()
    age = json.loads(ws.show("HEAD:spec/openapi.json"))["components"]["schemas"]["Pet"]
    assert "minimum" not in age["properties"]["age"]


class CommitDuringPlan(OfflinePlanner):
    """The offline planner, while which the person commits on the branch themselves."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws

    def plan(
        self, bundle: IntentBundle, previous: Handoff | None, findings: Sequence[Finding]
    ) -> Handoff:
        self.ws.write("README.md", "# committed meanwhile\n")
        self.ws.git("add", "README.md")
        self.ws.git("commit", "-q", "-m", "person's commit")
        return super().plan(bundle, previous, findings)


def test_branch_moved_mid_revision_rolls_back_and_the_next_build_redoes_it(
    ws: Workspace,
) -> None:
    generated = ws.generated()
    ws.edit(*NEW_ENDPOINT)

    outcome = ws.build(planner=CommitDuringPlan(ws))

    assert outcome.status == "failed" and outcome.failure is not None
    assert "moved while intentd was working" in outcome.message
    assert ws.git("log", "-1", "--format=%s").strip() == "person's commit"  # not overwritten
    assert ws.generated() == generated  # the written files went back
    assert "spec/v0.1.1" not in ws.tags()
    assert ws.build().status == "committed"
    assert ws.git("log", "-1", "--format=%P").strip() == ws.git("rev-parse", "HEAD~1").strip()
    assert ws.git("log", "-2", "--format=%s").splitlines()[1] == "person's commit"


# --------------------------------------------------------------------------- hand edits


def test_spec_hand_edit_is_refused_unless_forced(ws: Workspace) -> None:
    head, generated = ws.head(), ws.generated()
    edited = ws.read("spec/openapi.yaml").replace("adopt a pet", "adopt a pet, by hand")
    ws.write("spec/openapi.yaml", edited)
    ws.edit(*NEW_ENDPOINT)

    refused = ws.build()
    assert refused.status == "failed" and refused.failure is not None
    assert refused.failure.stage == "write"
    assert refused.failure.findings[0].location == "spec/openapi.yaml"
    assert "--force" in refused.failure.findings[0].message
    assert ws.head() == head and ws.read("spec/openapi.yaml") == edited

    forced = ws.build(force=True)
    assert forced.status == "committed"
    assert "by hand" not in ws.read("spec/openapi.yaml")
    assert ws.generated() != generated and ws.dirty("plan", "spec") == []


def test_spec_hand_edit_discarded_without_an_empty_commit(ws: Workspace) -> None:
    head, generated = ws.head(), ws.generated()
    ws.write("spec/openapi.yaml", "# scribbled over\n")
    assert ws.build().status == "failed"
    outcome = ws.build(force=True)
    assert outcome.status == "up-to-date" and "restored spec/openapi.yaml" in outcome.message
    assert ws.head() == head and ws.generated() == generated


def test_a_deleted_generated_file_is_stale_and_put_back(ws: Workspace) -> None:
    head, generated = ws.head(), ws.generated()
    (ws.path / "spec/openapi.yaml").unlink()
    outcome = ws.build(check=True)
    assert outcome.status == "stale" and outcome.stale == ["spec/openapi.yaml"]
    outcome = ws.build()
    assert outcome.status == "up-to-date" and "restored spec/openapi.yaml" in outcome.message
    assert ws.head() == head and ws.generated() == generated


def test_plan_hand_edit_is_respected_then_guarded(ws: Workspace) -> None:
    plan = ws.read("plan/handoff.yaml")
    ws.write(
        "plan/handoff.yaml", plan.replace("summary: adopt a pet", "summary: adopt a pet today")
    )

    outcome = ws.build()

    assert outcome.status == "committed", outcome.message
    assert ws.trailers()["Plan"] == "hand-edited"
    assert "edited by hand" in ws.git("log", "-1", "--format=%b")
    assert "adopt a pet today" in ws.read("spec/openapi.yaml")
    assert ws.trailers()["Spec-Bump"] == "patch"  # a summary is documentation
    assert outcome.report is not None and outcome.report.plan_hand_edited
    assert ws.build().status == "up-to-date"

    head, generated = ws.head(), ws.generated()
    ws.edit(*NEW_ENDPOINT)
    refused = ws.build()
    assert refused.status == "failed" and refused.failure is not None
    assert refused.failure.stage == "plan"
    assert "carries hand edits" in refused.message
    assert "Carry the edit into intent/" in refused.failure.findings[0].message
    _untouched(ws, head, generated)
    assert FEED in ws.read()

    forced = ws.build(force=True)
    assert forced.status == "committed"
    assert "Plan" not in ws.trailers()
    assert "adopt a pet today" not in ws.read("spec/openapi.yaml")


def test_invalid_plan_hand_edit_is_refused(ws: Workspace) -> None:
    head, plan = ws.head(), ws.read("plan/handoff.yaml")
    ws.write("plan/handoff.yaml", plan.replace("entity: Pet", "entity: Owner", 1))
    outcome = ws.build()
    assert outcome.status == "failed" and outcome.failure is not None
    assert outcome.failure.stage == "plan"
    assert any("Owner" in f.message for f in outcome.failure.findings)
    assert ws.head() == head


# --------------------------------------------------------------------------- git states


def _conflict(ws: Workspace) -> None:
    """Two branches that change notes.txt differently."""
    ws.write("notes.txt", "base\n")
    ws.git("add", "notes.txt")
    ws.git("commit", "-q", "-m", "notes")
    ws.git("branch", "other")
    ws.write("notes.txt", "main\n")
    ws.git("commit", "-q", "-am", "main notes")
    ws.git("checkout", "-q", "other")
    ws.write("notes.txt", "other\n")
    ws.git("commit", "-q", "-am", "other notes")
    ws.git("checkout", "-q", "main")


@pytest.mark.parametrize("operation", ["merge", "rebase"])
def test_no_commit_during_a_conflicted_merge_or_rebase(ws: Workspace, operation: str) -> None:
    _conflict(ws)
    if operation == "merge":
        ws.git("merge", "other", check=False)
        marker = ws.path / ".git/MERGE_HEAD"
    else:
        ws.git("rebase", "other", check=False)
        marker = ws.path / ".git/rebase-merge"
    assert marker.exists()
    ws.edit(*NEW_ENDPOINT)
    head, generated = ws.head(), ws.generated()

    outcome = ws.build()

    assert outcome.status == "failed" and outcome.failure is not None
    assert outcome.failure.stage == "state"
    assert f"a {operation} is in progress" in outcome.message
    _untouched(ws, head, generated)
    assert marker.exists()


def test_unmerged_paths_alone_block_the_revision(ws: Workspace) -> None:
    _conflict(ws)
    ws.git("merge", "other", check=False)
    ws.git("merge", "--quit")  # the conflict stays in the index, MERGE_HEAD goes
    ws.edit(*NEW_ENDPOINT)
    outcome = ws.build()
    assert outcome.status == "failed" and "unmerged paths (notes.txt)" in outcome.message


def test_held_index_lock_is_waited_on_then_committed(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(revision, "LOCK_TIMEOUT", 30.0)
    lock = ws.path / ".git/index.lock"
    lock.write_bytes(b"")
    said: list[str] = []
    timers: list[threading.Timer] = []

    def progress(text: str) -> None:
        said.append(text)
        if "waiting for" in text:  # the person's git command finishes a little later
            timers.append(threading.Timer(0.3, lock.unlink))
            timers[-1].start()

    ws.edit(*NEW_ENDPOINT)
    outcome = ws.build(progress=progress)

    assert [s for s in said if "waiting for" in s] == [
        f"waiting for {lock} (another git command holds it)"
    ]
    assert outcome.status == "committed", outcome.message
    assert not lock.exists()
    assert ws.dirty("intent", "plan", "spec") == []


def test_index_lock_held_past_the_timeout_fails_cleanly_and_stays(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(revision, "LOCK_TIMEOUT", 0.3)
    lock = ws.path / ".git/index.lock"
    lock.write_bytes(b"someone else's\n")
    ws.edit(*NEW_ENDPOINT)
    head, generated = ws.head(), ws.generated()

    outcome = ws.build()

    assert outcome.status == "failed" and outcome.failure is not None
    assert outcome.failure.stage == "git"
    assert outcome.failure.findings[0].location == str(lock)
    assert "is held by another git process" in outcome.failure.findings[0].message
    assert lock.read_bytes() == b"someone else's\n"  # never deleted
    _untouched(ws, head, generated)
    lock.unlink()
    assert ws.build().status == "committed"


def test_two_builds_at_once_take_turns(ws: Workspace) -> None:
    ws.edit(*NEW_ENDPOINT)
    count = ws.count()
    cmd = [sys.executable, "-m", "intentd", "build", str(ws.path)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"]
    results = [(p.wait(timeout=120), p.stdout.read().decode()) for p in procs]  # type: ignore[union-attr]
    assert [code for code, _ in results] == [0, 0], results
    assert sorted(out.startswith("up to date") for _, out in results) == [False, True]
    assert ws.count() == count + 1
    assert ws.dirty("intent", "plan", "spec") == []


def test_a_revision_lock_held_too_long_fails_cleanly(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(revision, "LOCK_TIMEOUT", 0.3)
    ws.edit(*NEW_ENDPOINT)
    head, generated = ws.head(), ws.generated()
    fd = os.open(ws.path / revision.REVISION_LOCK, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another revision at work
        outcome = ws.build()
    finally:
        os.close(fd)
    assert outcome.status == "failed" and outcome.failure is not None
    assert outcome.failure.stage == "state"
    assert "another intentd revision is still running" in outcome.message
    _untouched(ws, head, generated)
    assert ws.build().status == "committed"


def test_detached_head_builds_and_says_so(ws: Workspace) -> None:
    main = ws.git("rev-parse", "main").strip()
    ws.git("checkout", "-q", "--detach")
    ws.edit(*NEW_ENDPOINT)
    said: list[str] = []

    outcome = ws.build(progress=said.append)

    assert outcome.status == "committed"
    assert "detached HEAD" in outcome.message
    assert any("HEAD is detached" in s for s in said)
    assert outcome.report is not None and outcome.report.branch is None
    assert ws.git("rev-parse", "main").strip() == main  # no branch moved
    assert ws.git("rev-parse", "HEAD~1").strip() == main
    assert ws.tags()["spec/v0.1.1"] == ws.head()


# --------------------------------------------------------------------------- hooks and commands


def _hook(ws: Workspace, name: str, body: str) -> None:
    path = ws.path / ".git/hooks" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)


def test_rejecting_pre_commit_hook_rolls_back_and_shows_its_output(
    ws: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    _hook(ws, "pre-commit", 'echo "house rule: no commits on Fridays" >&2\nexit 1\n')
    ws.edit(*NEW_ENDPOINT)
    edited = ws.read()
    head, generated, tags = ws.head(), ws.generated(), ws.tags()

    assert cli.main(["build", str(ws.path)]) == 1

    err = capsys.readouterr().err
    assert "the pre-commit hook rejected the commit" in err
    assert "house rule: no commits on Fridays" in err
    assert "spec/openapi.yaml: restored to the last good revision" in err
    _untouched(ws, head, generated)  # the written files went back
    assert ws.tags() == tags and ws.read() == edited
    report = json.loads((ws.path / ".intentd/last_failure.json").read_text())
    assert report["stage"] == "hook"


def test_commit_msg_hook_sees_the_trailers_and_may_add_to_the_message(
    ws: Workspace, tmp_path: Path
) -> None:
    seen = tmp_path / "seen.txt"
    _hook(
        ws,
        "commit-msg",
        f'cp "$1" {seen}\necho "commit=$INTENTD_COMMIT" >> {seen}\n'
        'printf "\\nReviewed-by: hook\\n" >> "$1"\n',
    )
    _hook(ws, "pre-commit", f'echo "pre-commit ran" >> {seen}.pre\n')
    ws.edit(*NEW_ENDPOINT)
    assert ws.build().status == "committed"
    text = seen.read_text()
    for key in TRAILER_KEYS:
        assert f"\n{key}: " in text
    assert "commit=1" in text  # intentd's own check hook steps aside on this
    assert (tmp_path / "seen.txt.pre").read_text() == "pre-commit ran\n"
    assert "Reviewed-by: hook" in ws.git("log", "-1", "--format=%B")


def test_intentds_own_check_hook_steps_aside_for_its_commits(ws: Workspace) -> None:
    assert cli.main(["hooks", "install", str(ws.path)]) == 0
    assert (ws.path / ".git/hooks/pre-commit").is_file()
    ws.edit(*NEW_ENDPOINT)
    assert ws.build().status == "committed"
    # and it still guards the person's own commits of a broken spec
    ws.write("spec/openapi.yaml", "openapi: 3.1.0\n")
    ws.git("add", "spec/openapi.yaml")
    rejected = ws.git("commit", "-q", "-m", "by hand", check=False)
    assert ws.git("log", "-1", "--format=%s").strip() != "by hand", rejected


def test_on_commit_and_on_failure_run_only_once_allowed(
    ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    out = tmp_path / "out"
    out.mkdir()
    ws.write(
        "intentd.yaml",
        f"on_commit: [\"cat > '{out}/commit.json'\"]\non_failure: [\"cat > '{out}/failure.json'\"]\n",
    )
    ws.edit(*NEW_ENDPOINT)
    assert ws.build().status == "committed"
    assert not (out / "commit.json").exists()  # not allowed yet
    assert "not allowed yet" in capsys.readouterr().err

    assert cli.main(["allow", str(ws.path)]) == 0
    assert "on_commit: cat >" in capsys.readouterr().out
    assert trust.is_allowed(Opened.open(ws.path))
    ws.edit(*FIELD_DESCRIPTION)
    outcome = ws.build()
    assert outcome.status == "committed"
    report = json.loads((out / "commit.json").read_text())
    assert report["kind"] == "revision" and report["commit"] == ws.head()
    assert report["spec_version"] == "0.1.2" and report["bump"] == "patch"

    ws.edit("- age: integer\n", "- age: integer, min 10, max 5\n")
    assert ws.build().status == "failed"
    failure = json.loads((out / "failure.json").read_text())
    assert failure["kind"] == "failure" and failure["stage"] == "validate"

    # another command set is another configuration: allowed again only by the person
    ws.write("intentd.yaml", f"on_commit: [\"touch '{out}/other'\"]\n")
    ws.edit("- age: integer, min 10, max 5\n", "- age: integer\n")
    ws.edit(*NEW_OPTIONAL_FIELD)
    assert ws.build().status == "committed"
    assert not (out / "other").exists()


def test_a_hanging_on_commit_command_is_stopped_at_its_timeout(
    ws: Workspace,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    pidfile = tmp_path / "child.pid"
    command = f"sleep 60 & echo $! > '{pidfile}'; wait"
    ws.write("intentd.yaml", f'hook_timeout_s: 0.5\non_commit: ["{command}"]\n')
    trust.allow(Opened.open(ws.path))
    ws.edit(*NEW_ENDPOINT)

    assert ws.build().status == "committed"

    assert f"on_commit: `{command}` timed out after 0.5s" in capsys.readouterr().err
    pid = int(pidfile.read_text())
    deadline = time.monotonic() + 10
    while _alive(pid):
        assert time.monotonic() < deadline, "the command's child outlived its timeout"
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie is dead, waiting to be reaped
