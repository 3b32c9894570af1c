"""The shell around the pure stages, shared by the one-shot commands and the transaction.

Reads the workspace, runs the stages, writes results atomically. ``intentd plan`` and
``intentd spec`` are these helpers; the revision transaction (``intentd build``) builds on
them and adds diff, bump and git.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import atomic, layout, yamlio
from .. import config as config_mod
from .. import handoff as handoff_mod
from .. import intent as intent_mod
from ..errors import Finding, IntentdError, PlanError
from ..handoff import readme as planreadme
from ..planner import Planner
from ..workspace import Workspace

if TYPE_CHECKING:
    from ..check.validate import Report
    from ..specgen import Assembly


def make_planner(
    cfg: config_mod.Config,
    cache_dir: Path | None = None,
    *,
    workspace: Path | None = None,
    progress: Callable[[float, int], None] | None = None,
) -> Planner:
    stage = cfg.planner
    if stage.backend == "offline":
        from ..planner.offline.planner import OfflinePlanner

        return OfflinePlanner()
    from ..planner.llm.planner import PROMPT_NAME, OpenAIPlanner

    override = workspace_prompt(workspace, f"{PROMPT_NAME}.md") if workspace else None
    planner: Planner = OpenAIPlanner(
        cfg, cache_dir=cache_dir, prompt_override=override, progress=progress
    )
    return planner


def workspace_prompt(root: Path, name: str) -> str | None:
    """A workspace's own prompt (``prompts/NAME``) overriding the packaged one, if any."""
    path = root / layout.PROMPTS_DIR / name
    try:
        return path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError):
        return None


def read_bundle(ws: Workspace) -> intent_mod.IntentBundle:
    return intent_mod.read_bundle(
        ws.root,
        max_text_bytes=ws.config.max_file_bytes,
        max_image_bytes=ws.config.max_image_bytes,
    )


def load_previous(ws: Workspace) -> handoff_mod.Handoff | None:
    """The hand-off on disk (one written by 0.1 upgraded), if it is valid; a broken one is
    ignored (it is regenerated)."""
    path = ws.root / layout.HANDOFF
    if not path.is_file():
        return None
    try:
        data = yamlio.loads(path.read_text(encoding="utf-8"), layout.HANDOFF)
        return handoff_mod.from_data(handoff_mod.upgrade(data))
    except (IntentdError, OSError, UnicodeDecodeError):
        return None


def plan(
    ws: Workspace,
    bundle: intent_mod.IntentBundle,
    planner: Planner,
    findings: Sequence[Finding] = (),
) -> handoff_mod.Handoff:
    # The offline planner is a pure function of the bundle; only a model needs the previous
    # hand-off (to keep ids stable), and parsing it costs more than planning.
    previous = load_previous(ws) if planner.backend != "offline" else None
    result = planner.plan(bundle, previous, findings)
    # A planner that already checked this very object (Planner.checked; both planners do) is
    # not asked twice: on a 1000-operation plan the check is a fifth of planning.
    checked = planner.checked
    if checked is not None and checked[0] is result:
        problems = list(checked[1])
    else:
        problems = handoff_mod.check(result)
    if problems:
        raise PlanError("the plan is invalid", tuple(problems))
    return result


def plan_files(h: handoff_mod.Handoff) -> dict[str, bytes]:
    """Generated plan files: workspace-relative path → bytes."""
    return {
        layout.HANDOFF: yamlio.dumps_fast(handoff_mod.to_data(h)).encode("utf-8"),
        layout.PLAN_README: planreadme.render(h).encode("utf-8"),
    }


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write the files whose bytes changed, atomically (temp file, fsync, rename)."""
    changed = {
        root / rel: data
        for rel, data in files.items()
        if not ((root / rel).is_file() and (root / rel).read_bytes() == data)
    }
    if changed:
        atomic.write_files(changed)


def load_handoff(ws: Workspace) -> handoff_mod.Handoff:
    """The hand-off on disk, strictly: shape and semantic problems are errors."""
    path = ws.root / layout.HANDOFF
    if not path.is_file():
        raise PlanError(
            f"{layout.HANDOFF}: missing",
            (Finding(layout.HANDOFF, "no plan yet; run `intentd plan` (or `intentd build`)"),),
        )
    text = path.read_text(encoding="utf-8")
    h = handoff_mod.from_data(yamlio.loads(text, layout.HANDOFF), layout.HANDOFF)
    problems = handoff_mod.check(h, layout.HANDOFF)
    if problems:
        raise PlanError("the plan is invalid", tuple(problems))
    return h


def current_version(ws: Workspace) -> str | None:
    """``info.version`` of the contract on disk, if any."""
    import json

    try:
        doc = json.loads((ws.root / layout.SPEC_JSON).read_bytes())
        version = doc["info"]["version"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return version if isinstance(version, str) else None


# --------------------------------------------------------------------------- the contract


@dataclass(frozen=True)
class Spec:
    """A compiled contract and its validation report: what spec/ is made from."""

    assembly: Assembly
    report: Report

    @property
    def handoff(self) -> handoff_mod.Handoff:
        return self.assembly.handoff

    @property
    def doc(self) -> dict[str, Any]:
        return self.assembly.doc

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.report.findings if f.severity == "error"]

    def with_version(self, version: str) -> Spec:
        """The same contract at ``version``: a revision learns it only from the diff."""
        return Spec(self.assembly.with_version(version), self.report)

    def files(self) -> dict[str, bytes]:
        """Every spec/ file but the changelog: workspace-relative path → bytes."""
        files = {rel: text.encode("utf-8") for rel, text in self.assembly.files.items()}
        files[layout.VALIDATION_REPORT] = self.report.to_json().encode("utf-8")
        return files


def build_spec(
    h: handoff_mod.Handoff, version: str | None, lap: Callable[[str], None] | None = None
) -> Spec:
    """Compile ``h`` at ``version`` (the first version when there is none yet) and validate
    it: what ``intentd spec`` writes and the revision's compile-and-validate step checks.
    ``lap`` is told when each of the two stages ends, for the revision's timings."""
    from .. import specgen
    from ..check import validate

    assembly = specgen.assemble(h, version)
    if lap is not None:
        lap("compile")
    report = validate.validate(assembly.doc, h)
    if lap is not None:
        lap("validate")
    return Spec(assembly, report)
