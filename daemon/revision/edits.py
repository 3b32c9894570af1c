"""Hand edits of the files intentd owns: how they are found, and the rules they follow.

A generated file differs from HEAD when someone edited it since the last revision. A hand
edit of ``plan/handoff.yaml`` is respected while intent/ is unchanged (the spec is
regenerated from it) and guarded once intent/ changes; a hand edit of spec/ is never
overwritten without ``--force`` (issue 4, item 7).
"""

from __future__ import annotations

from pathlib import Path

from .. import handoff as handoff_mod
from .. import layout, yamlio
from ..errors import Finding, IntentdError
from .failure import Failed

_SPEC_PREFIX = layout.SPEC_DIR + "/"


def generated_paths() -> list[str]:
    """Every file intentd owns (plan and spec), for hand-edit checks and rollback."""
    return list(layout.GENERATED)


def read_generated(root: Path) -> dict[str, bytes | None]:
    """Every generated file's bytes in the work tree (None: absent)."""
    return {p: _read_or_none(root / p) for p in generated_paths()}


def edited(on_disk: dict[str, bytes | None], committed: dict[str, bytes | None]) -> list[str]:
    """Generated files that differ from the last commit; a deleted file counts (it is put
    back), but only a file with content can be a hand edit that must not be overwritten."""
    return sorted(p for p in generated_paths() if on_disk[p] != committed.get(p))


def carried(last: tuple[str, dict[str, str]] | None) -> bool:
    """The last revision committed a hand-edited plan: it carries the edit on."""
    return last is not None and last[1].get("Plan") == "hand-edited"


def kept_plan(
    disk: bytes | None, old: bytes | None, *, intent_changed: bool, carried: bool, force: bool
) -> bytes | None:
    """The hand-edited plan to regenerate the spec from, None to plan from intent/.

    A plan on disk that differs from the last commit is a hand edit; so is a plan committed
    as hand-edited. Either holds while intent/ is unchanged, unless ``--force``.
    """
    if intent_changed or force:
        return None
    if disk is not None and disk != old:
        return disk
    if carried and old is not None:
        return old
    return None


def hand_plan(data: bytes) -> handoff_mod.Handoff:
    """The hand-edited plan, parsed and checked."""
    try:
        text = data.decode("utf-8")
        h = handoff_mod.from_data(yamlio.loads(text, layout.HANDOFF))
    except UnicodeDecodeError:
        raise Failed(
            "plan",
            "plan/handoff.yaml is not UTF-8",
            [Finding(layout.HANDOFF, "not UTF-8")],
        ) from None
    except IntentdError as exc:
        raise Failed("plan", exc.message, exc.findings) from None
    problems = handoff_mod.check(h, layout.HANDOFF)
    if problems:
        raise Failed("plan", "the hand-edited plan is invalid", problems)
    return h


def refuse_lost_plan_edit(
    disk: bytes | None, old: bytes | None, fresh: bytes, *, carried: bool, force: bool
) -> None:
    """Re-planning from a changed intent/ would lose a plan hand edit: refuse, unless
    ``--force``. ``fresh`` is the plan just made."""
    edited_now = disk is not None and disk not in (old, fresh)
    if force or not (edited_now or (carried and old != fresh)):
        return
    raise Failed(
        "plan",
        "plan/handoff.yaml carries hand edits and intent/ changed",
        [
            Finding(
                layout.HANDOFF,
                "carries hand edits, and intent/ changed since: re-planning would lose "
                "them. Carry the edit into intent/ (the feature, field or endpoint in "
                "intent/*.md), then run `intentd build --force`, which re-plans from "
                "intent/ and discards the hand edit",
            )
        ],
    )


def refuse_spec_overwrite(
    edited: list[str],
    on_disk: dict[str, bytes | None],
    files: dict[str, bytes],
    *,
    force: bool,
) -> None:
    """spec/ files edited by hand that this revision would change: refuse, unless ``--force``."""
    if force:
        return
    spec_edits = [p for p in edited if p.startswith(_SPEC_PREFIX) and on_disk[p] is not None]
    touched = [p for p in spec_edits if on_disk[p] != files.get(p)]
    if touched:
        raise Failed(
            "write",
            "spec/ has hand edits intentd would overwrite",
            [
                Finding(
                    p,
                    "hand-edited since the last revision; intentd owns spec/ — move the "
                    "change into intent/ (or plan/handoff.yaml), or run "
                    "`intentd build --force` to discard it",
                )
                for p in touched
            ],
        )


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
