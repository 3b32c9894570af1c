"""One revision, as one transaction (issue 4): the shell the watcher and ``intentd build`` call.

read a snapshot → plan → compile → validate (→ repair) → diff against the last good contract →
bump → journal → atomic write → tree from the validated bytes → hooks → commit-tree →
compare-and-swap update-ref → refresh the person's index → tag → note.

Nothing is written before the revision has validated, so a failure leaves every generated file
as it was; a failure after the write (a hook, a moved branch) rolls the files that still hold
what intentd wrote back to the last good commit. The journal lets the next run finish or undo
an interrupted revision. One revision runs at a time per workspace (``.intentd/revision.lock``),
the person's ``index.lock`` is waited on before anything is written, and a revision whose tree
HEAD already holds makes no (empty) commit.

The steps hand one :class:`~intentd.revision.draft.Draft` forward; what they say lives in
:mod:`.message`, the hand-edit rules in :mod:`.edits`, publishing in :mod:`.commit`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .. import __version__, atomic, git, layout
from .. import diff as diff_mod
from ..errors import Finding, GitError, IntentdError
from ..handoff import Handoff
from ..intent import IntentBundle
from ..planner import Planner
from ..workspace import Workspace
from . import commit as publishing
from . import edits, message, recovery, stages
from . import head as head_mod
from . import lock as filelock
from .draft import Draft
from .edits import generated_paths
from .failure import Failed, at_source, failure_report
from .report import Attempt, FailureReport, FindingOut, RevisionReport

__all__ = [
    "COMPILER_VERSION",
    "LOCK_TIMEOUT",
    "REVISION_LOCK",
    "Options",
    "Outcome",
    "build",
    "generated_paths",
    "intent_hash",
]

COMPILER_VERSION = f"intentd-specgen/{__version__}"
#: Held (flock) for the whole of a revision, so two runs in one workspace (a `build` while
#: `watch` works) take turns instead of racing on the files and the journal. Never deleted.
REVISION_LOCK = layout.REVISION_LOCK
#: How long a revision waits for the person's ``index.lock`` (and for another revision's
#: lock) before giving up, untouched (daemon-reliability R7). Read at call time, so tests can
#: shorten it.
LOCK_TIMEOUT = git.LOCK_TIMEOUT

Status = Literal["committed", "up-to-date", "failed", "stale", "fresh"]


@dataclass
class Options:
    force: bool = False
    check: bool = False
    planner: Planner | None = None
    progress: Callable[[str], None] | None = None
    bundle: IntentBundle | None = None  # a snapshot the watcher already read stably


@dataclass
class Outcome:
    status: Status
    message: str
    report: RevisionReport | None = None
    failure: FailureReport | None = None
    stale: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 0 if self.status in ("committed", "up-to-date", "fresh") else 1


@dataclass
class _Timer:
    stages: dict[str, float] = field(default_factory=dict)
    _t: float = field(default_factory=time.perf_counter)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.stages[name] = round(self.stages.get(name, 0.0) + (now - self._t) * 1000, 2)
        self._t = now


def intent_hash(bundle: IntentBundle, ws: Workspace, prompt_version: str | None) -> str:
    """What makes a revision up to date: intent bytes, planner config, prompt, compiler."""
    from ..config import fingerprint

    payload = {
        "intent": bundle.sha256,
        "planner": fingerprint(ws.config),
        "prompt": prompt_version,
        "compiler": COMPILER_VERSION,
    }
    raw = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(raw).hexdigest()


# --------------------------------------------------------------------------- the transaction


def build(path: str | Path | None, options: Options | None = None) -> Outcome:
    """Run one revision in the workspace at ``path``; never raises for a user problem."""
    opts = options or Options()
    ws = Workspace.open(path)
    tx = _Transaction(ws, opts, _Timer())
    try:
        with git.session(), nullcontext() if opts.check else _one_at_a_time(tx):
            outcome = tx.run()
    except Failed as failed:
        failure = failure_report(ws.root, failed, tx.ihash, tx.attempts)
        if not opts.check:
            _write_json(ws.root / layout.LAST_FAILURE, failure.model_dump(mode="json"))
            _run_command(ws, "on_failure", failure.model_dump_json())
        return Outcome("failed", failed.message, failure=failure)
    if not opts.check:  # fixed: `intentd status` no longer shows the old failure
        (ws.root / layout.LAST_FAILURE).unlink(missing_ok=True)
    return outcome


@contextmanager
def _one_at_a_time(tx: _Transaction) -> Iterator[None]:
    """Hold :data:`REVISION_LOCK`, waiting (with backoff, up to :data:`LOCK_TIMEOUT`) while
    another revision in this workspace holds it; the kernel releases it if that one dies."""
    try:
        held = filelock.acquire(
            tx.root / REVISION_LOCK,
            timeout=LOCK_TIMEOUT,
            on_wait=lambda: tx.say("waiting for another intentd revision in this workspace"),
        )
    except filelock.Held:
        raise Failed(
            "state",
            "another intentd revision is still running in this workspace",
            [Finding(str(REVISION_LOCK), f"held for more than {LOCK_TIMEOUT:g}s")],
        ) from None
    with held:
        yield


class _Transaction:
    def __init__(self, ws: Workspace, opts: Options, timer: _Timer) -> None:
        self.ws = ws
        self.root = ws.root
        self.opts = opts
        self.timer = timer
        self.attempts: list[Attempt] = []  # the failed validations, for the failure report
        self.ihash: str | None = None
        self._rendered: tuple[Handoff, dict[str, bytes]] | None = None

    def say(self, text: str) -> None:
        if self.opts.progress is not None:
            self.opts.progress(text)

    def run(self) -> Outcome:
        d = self._read()
        if self._up_to_date(d):
            return Outcome("up-to-date", "up to date")
        self._plan(d)
        self._compile_and_validate(d)
        self._diff(d)
        self._generate(d)
        if self.opts.check:
            return _freshness(d)
        edits.refuse_spec_overwrite(d.edited, d.on_disk, d.files, force=self.opts.force)
        self._tag(d)
        self._compose(d)
        oid = self._commit(d)
        if oid is None:
            return _already_held(d)
        return self._publish(d, oid)

    # ---------------------------------------------------------------- read

    def _read(self) -> Draft:
        """Git's state, the intent, HEAD and the generated files on disk."""
        state = self._state()
        if not self.opts.check:
            recovery.recover(
                self.root,
                state,
                tag_prefix=self.ws.config.tagging.prefix,
                timeout=LOCK_TIMEOUT,
                say=self.say,
            )
        bundle = self._bundle()
        planner = self.opts.planner or self._make_planner()
        self.ihash = intent_hash(bundle, self.ws, planner.prompt_version)
        last = git.last_revision(self.root, rev=state.head) if state.head else None
        at_head = head_mod.read(self.root, state.head)
        committed = head_mod.generated(at_head)
        on_disk = edits.read_generated(self.root)
        d = Draft(
            state=state,
            bundle=bundle,
            planner=planner,
            ihash=self.ihash,
            last=last,
            at_head=at_head,
            committed=committed,
            on_disk=on_disk,
            edited=edits.edited(on_disk, committed),
            intent_changed=head_mod.intent_changed(bundle, at_head),
        )
        self.timer.lap("read")
        return d

    def _state(self) -> git.RepoState:
        try:
            state = git.state(self.root)
        except GitError as exc:
            raise Failed(
                "state",
                "not a git repository",
                [Finding(str(self.root), f"{exc.message}; run `git init` or `intentd init`")],
            ) from None
        busy = state.busy()
        if busy:
            raise Failed("state", busy, [Finding(str(state.toplevel), busy)])
        if state.detached and not self.opts.check:
            self.say("HEAD is detached: the revision is committed onto it")
        return state

    def _bundle(self) -> IntentBundle:
        if self.opts.bundle is not None:
            return self.opts.bundle
        try:
            return stages.read_bundle(self.ws)
        except IntentdError as exc:
            raise Failed("read", exc.message, exc.findings) from None

    def _make_planner(self) -> Planner:
        return stages.make_planner(
            self.ws.config,
            self.root / layout.LLM_CACHE,
            workspace=self.root,
            progress=lambda s, t: self.say(f"model: {s:.0f}s" + (f", {t} tokens" if t else "")),
        )

    def _up_to_date(self, d: Draft) -> bool:
        """The last revision came from these very inputs, and nothing generated was touched."""
        return (
            d.last is not None
            and d.last[1].get("Intent-Hash") == d.ihash
            and not d.edited
            and not d.intent_changed
        )

    # ---------------------------------------------------------------- plan, compile, validate

    def _plan(self, d: Draft) -> None:
        """The hand-off for this revision, and whether it is a hand-edited one (the rules:
        :mod:`.edits`)."""
        disk, old = d.on_disk[layout.HANDOFF], d.committed.get(layout.HANDOFF)
        carried = edits.carried(d.last)
        force = self.opts.force
        kept = edits.kept_plan(
            disk, old, intent_changed=d.intent_changed, carried=carried, force=force
        )
        if kept is not None:
            d.handoff, d.plan_edit = edits.hand_plan(kept), True
            return
        self.say(f"planning ({d.planner.backend})")
        d.handoff, d.plan_edit = self._planned(d), False
        self.timer.lap("plan")
        fresh = self._plan_files(d.handoff)[layout.HANDOFF]
        edits.refuse_lost_plan_edit(disk, old, fresh, carried=carried, force=force)

    def _planned(self, d: Draft, findings: list[Finding] | None = None) -> Handoff:
        try:
            return stages.plan(self.ws, d.bundle, d.planner, findings or ())
        except IntentdError as exc:
            raise Failed("plan", exc.message, exc.findings) from None

    def _compile_and_validate(self, d: Draft) -> None:
        """Compile and validate; a model planner gets the errors back to repair its plan, and
        the repaired plan replaces the first one: it is the plan the contract comes from."""
        d.prev_doc, d.prev_version = head_mod.previous_contract(d.committed)
        repairs = 0
        most = self.ws.config.repair.repair_attempts if d.planner.backend != "offline" else 0
        while True:
            d.spec = stages.build_spec(d.handoff, d.prev_version, self.timer.lap)
            errors = d.spec.errors
            if not errors:
                return
            self.attempts.append(
                Attempt(attempt=repairs + 1, findings=[FindingOut.of(f) for f in errors])
            )
            if d.plan_edit or repairs >= most:
                raise Failed(
                    "validate", "the contract is invalid", at_source(errors, d.handoff, d.spec.doc)
                )
            repairs += 1
            self.say(f"repairing the plan (attempt {repairs} of {most})")
            d.handoff = self._planned(d, errors)

    def _plan_files(self, h: Handoff) -> dict[str, bytes]:
        """plan/ files for ``h``, rendered once (YAML of a large plan takes seconds)."""
        if self._rendered is None or self._rendered[0] is not h:
            self._rendered = (h, stages.plan_files(h))
        return dict(self._rendered[1])

    # ---------------------------------------------------------------- diff, files

    def _diff(self, d: Draft) -> None:
        """The changes against the last good contract, and the version they bump to."""
        try:
            d.changes = diff_mod.diff(d.prev_doc, d.spec.doc) if d.prev_doc is not None else []
            d.version, d.bump = diff_mod.bump(
                d.prev_version,
                d.changes,
                suggested=d.handoff.trace_links.spec_suggested_version,
                pinned=d.handoff.api_info.version,
            )
        except IntentdError as exc:  # e.g. a last contract whose info.version is not semver
            raise Failed("diff", exc.message, [Finding(layout.SPEC_JSON, exc.render())]) from None
        self.timer.lap("diff")
        d.spec = d.spec.with_version(d.version)

    def _generate(self, d: Draft) -> None:
        """Every generated file's bytes: plan/, spec/ and the changelog."""
        files = self._plan_files(d.handoff)
        files.update(d.spec.files())
        old_log = (d.committed.get(layout.CHANGELOG) or b"").decode("utf-8", "replace")
        log = message.changelog(old_log, d.version, d.prev_version, d.bump, d.changes)
        files[layout.CHANGELOG] = log.encode()
        d.files = files
        self.timer.lap("compile")

    # ---------------------------------------------------------------- commit

    def _tag(self, d: Draft) -> None:
        """The tag a new version gets (none when tagging is off or the version stays)."""
        t = self.ws.config.tagging
        d.tag = f"{t.prefix}{d.version}" if t.enabled and d.version != d.prev_version else None
        if d.tag:
            publishing.refuse_existing_tag(self.root, d.tag, d.version)

    def _compose(self, d: Draft) -> None:
        d.number = message.next_revision(d.last)
        d.message, d.trailers = message.commit_message(d)

    def _commit(self, d: Draft) -> str | None:
        """Write, commit, publish; None when HEAD already holds exactly these bytes (the files
        are then just put back, e.g. a spec hand edit discarded with ``--force``)."""
        paths = publishing.tree_files(d)
        changed = publishing.writes(d)
        tree = publishing.write_tree(self.root, paths, d.head)
        if d.at_head is not None and tree == d.at_head.tree:
            publishing.put(self.root, changed)
            return None
        publishing.wait_for_index(d.state.index_lock, LOCK_TIMEOUT, self.say)
        j = publishing.write_journaled(self.root, d, changed)
        self.timer.lap("write")
        oid = publishing.make_commit(self.root, d, tree, changed)
        publishing.publish(self.root, j, oid, d, list(paths), timeout=LOCK_TIMEOUT, say=self.say)
        self.timer.lap("git")
        return oid

    def _publish(self, d: Draft, oid: str) -> Outcome:
        """The report: to ``.intentd/last_revision.json``, ``on_commit`` and the caller."""
        report = message.revision_report(
            d,
            oid,
            workspace=str(self.root),
            changed_inputs=head_mod.changed_inputs(d.bundle, d.at_head),
            stages_ms=dict(self.timer.stages),
        )
        _write_json(self.root / layout.LAST_REVISION, report.model_dump(mode="json"))
        _run_command(self.ws, "on_commit", report.model_dump_json())
        where = " · on a detached HEAD (no branch moved)" if d.state.detached else ""
        return Outcome("committed", message.one_line(report) + where, report=report)


# --------------------------------------------------------------------------- helpers


def _freshness(d: Draft) -> Outcome:
    """``--check``: whether the generated files on disk are the ones this revision makes."""
    stale = sorted(p for p, data in d.files.items() if d.on_disk.get(p) != data)
    if stale or d.intent_changed:
        why = ", ".join(stale) if stale else "intent/ changed since the last revision"
        return Outcome("stale", f"generated files are stale: {why}", stale=stale)
    return Outcome("fresh", "generated files are up to date")


def _already_held(d: Draft) -> Outcome:
    restored = sorted(p for p in d.files if d.on_disk.get(p) != d.files[p])
    return Outcome(
        "up-to-date",
        "up to date"
        + (f"; restored {', '.join(restored)} from HEAD" if restored else "")
        + " (HEAD already holds this revision; no empty commit)",
    )


def _write_json(path: Path, data: Any) -> None:
    atomic.write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _run_command(ws: Workspace, which: str, payload: str) -> None:
    from . import on_commit as trust

    trust.run_hook_command(ws, which, payload)
