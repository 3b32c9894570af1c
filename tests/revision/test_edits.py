"""The hand-edit rules (issue 4, item 7), as plain functions of bytes."""

from __future__ import annotations

import pytest

from intentd import layout
from intentd.revision import edits
from intentd.revision.failure import Failed

OLD, DISK, FRESH = b"committed plan\n", b"edited plan\n", b"fresh plan\n"


@pytest.mark.parametrize(
    ("disk", "intent_changed", "carried", "force", "kept"),
    [
        (DISK, False, False, False, DISK),  # an edit on disk is respected
        (OLD, False, False, False, None),  # no edit: plan from intent/
        (None, False, False, False, None),  # deleted: it is put back
        (OLD, False, True, False, OLD),  # a committed hand edit is carried on
        (DISK, False, True, False, DISK),  # the newer edit wins
        (DISK, True, False, False, None),  # intent/ changed: re-plan (then guarded)
        (DISK, False, False, True, None),  # --force re-plans
        (OLD, False, True, True, None),
    ],
)
def test_kept_plan(
    disk: bytes | None, intent_changed: bool, carried: bool, force: bool, kept: bytes | None
) -> None:
    got = edits.kept_plan(disk, OLD, intent_changed=intent_changed, carried=carried, force=force)
    assert got == kept


def test_carried_reads_the_plan_trailer() -> None:
    assert edits.carried(("c0ffee", {"Plan": "hand-edited"}))
    assert not edits.carried(("c0ffee", {}))
    assert not edits.carried(None)


@pytest.mark.parametrize(
    ("disk", "carried", "force", "refused"),
    [
        (DISK, False, False, True),  # an edit the new plan would lose
        (FRESH, False, False, False),  # the edit is what the planner now makes
        (OLD, False, False, False),
        (None, False, False, False),
        (OLD, True, False, True),  # a carried edit the new plan drops
        (DISK, False, True, False),  # --force discards it
    ],
)
def test_refuse_lost_plan_edit(
    disk: bytes | None, carried: bool, force: bool, refused: bool
) -> None:
    if not refused:
        edits.refuse_lost_plan_edit(disk, OLD, FRESH, carried=carried, force=force)
        return
    with pytest.raises(Failed) as err:
        edits.refuse_lost_plan_edit(disk, OLD, FRESH, carried=carried, force=force)
    assert err.value.stage == "plan"
    assert err.value.findings[0].location == layout.HANDOFF


def test_only_spec_files_with_content_that_would_change_are_refused() -> None:
    on_disk: dict[str, bytes | None] = dict.fromkeys(edits.generated_paths(), b"same")
    on_disk[layout.SPEC_YAML] = b"by hand"
    on_disk[layout.SPEC_JSON] = None  # deleted: put back, not an edit
    on_disk[layout.HANDOFF] = b"by hand"  # plan/ has its own rule
    files = dict.fromkeys(edits.generated_paths(), b"same")
    edited = [layout.HANDOFF, layout.SPEC_JSON, layout.SPEC_YAML]
    with pytest.raises(Failed) as err:
        edits.refuse_spec_overwrite(edited, on_disk, files, force=False)
    assert err.value.stage == "write"
    assert [f.location for f in err.value.findings] == [layout.SPEC_YAML]
    edits.refuse_spec_overwrite(edited, on_disk, files, force=True)
    files[layout.SPEC_YAML] = b"by hand"  # the revision makes the same bytes
    edits.refuse_spec_overwrite(edited, on_disk, files, force=False)


def test_an_invalid_hand_plan_fails_the_plan_stage() -> None:
    with pytest.raises(Failed) as err:
        edits.hand_plan(b"\xff\xfe")
    assert (err.value.stage, err.value.message) == ("plan", "plan/handoff.yaml is not UTF-8")
    with pytest.raises(Failed) as err:
        edits.hand_plan(b"intent_id: [unclosed\n")
    assert err.value.stage == "plan"
