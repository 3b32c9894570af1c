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
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from .. import __version__, atomic, git, layout, yamlio
from .. import diff as diff_mod
from .. import handoff as handoff_mod
from ..check import validate as validate_mod
from ..errors import Finding, GitError, IntentdError
from ..intent import IntentBundle
from ..planner import Planner
from ..specgen import compiler as specgen
from ..specgen.artifacts import spec_files
from ..workspace import Workspace
from . import journal
from . import stages as pipeline
from .report import Attempt, ChangeOut, FailureReport, FindingOut, RevisionReport, Stage, Usage

COMPILER_VERSION = f"intentd-specgen/{__version__}"
#: Held (flock) for the whole of a revision, so two runs in one workspace (a `build` while
#: `watch` works) take turns instead of racing on the files and the journal. Never deleted.
REVISION_LOCK = layout.REVISION_LOCK
INTENT_PREFIX = layout.INTENT_DIR + "/"
#: How long a revision waits for the person's ``index.lock`` before giving up, untouched
#: (daemon-reliability R7). Read at call time, so tests can shorten it.
LOCK_TIMEOUT = git.LOCK_TIMEOUT
_REMOVED_OP_RULES = ("api-removed", "api-path-removed")

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


class _Failed(Exception):
    """A revision that failed at ``stage`` with findings (rolled back, reported)."""

    def __init__(
        self, stage: Stage, message: str, findings: Sequence[Finding], attempts: list[Attempt]
    ):
        super().__init__(message)
        self.stage = stage
        self.message = message
        self.findings = list(findings)
        self.attempts = attempts


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


def generated_paths() -> list[str]:
    """Every file intentd owns (plan and spec), for hand-edit checks and rollback."""
    return list(layout.GENERATED)


# --------------------------------------------------------------------------- the transaction


def build(path: str | Path | None, options: Options | None = None) -> Outcome:
    """Run one revision in the workspace at ``path``; never raises for a user problem."""
    opts = options or Options()
    ws = Workspace.open(path)
    tx = _Transaction(ws, opts, _Timer())
    try:
        with git.session(), nullcontext() if opts.check else _one_at_a_time(tx):
            outcome = tx.run()
    except _Failed as failed:
        failure = _failure_report(ws, failed, tx.ihash)
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
    path = tx.root / REVISION_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        attempt = 0
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if attempt == 0:
                    tx.say("waiting for another intentd revision in this workspace")
                if time.monotonic() >= deadline:
                    raise tx.fail(
                        "state",
                        "another intentd revision is still running in this workspace",
                        [Finding(str(REVISION_LOCK), f"held for more than {LOCK_TIMEOUT:g}s")],
                    ) from None
                time.sleep(min(0.25, 0.01 * 1.6**attempt))
                attempt += 1
        yield
    finally:
        os.close(fd)  # releases the lock


class _Transaction:
    def __init__(self, ws: Workspace, opts: Options, timer: _Timer) -> None:
        self.ws = ws
        self.root = ws.root
        self.opts = opts
        self.timer = timer
        self.attempts: list[Attempt] = []
        self.ihash: str | None = None
        self._rendered: tuple[handoff_mod.Handoff, dict[str, bytes]] | None = None
        self._head: git.Snapshot | None = None
        self._repo: git.RepoState | None = None

    def fail(self, stage: Stage, message: str, findings: Sequence[Finding] = ()) -> _Failed:
        return _Failed(stage, message, findings, self.attempts)

    def say(self, text: str) -> None:
        if self.opts.progress is not None:
            self.opts.progress(text)

    # ---------------------------------------------------------------- steps

    def run(self) -> Outcome:
        state = self._state()
        self._recover()
        head = state.head
        bundle = self._read()
        planner = self.opts.planner or pipeline.make_planner(
            self.ws.config,
            self.root / layout.LLM_CACHE,
            workspace=self.root,
            progress=lambda s, t: self.say(f"model: {s:.0f}s" + (f", {t} tokens" if t else "")),
        )
        self.ihash = intent_hash(bundle, self.ws, planner.prompt_version)
        last = git.last_revision(self.root, rev=head) if head else None
        committed = self._committed(head)
        on_disk = {p: _read_or_none(self.root / p) for p in generated_paths()}
        # differs from the last commit; a deleted file counts (it is put back), but only a
        # file with content can be a hand edit that must not be overwritten
        edited = sorted(p for p in generated_paths() if on_disk[p] != committed.get(p))
        intent_changed = self._intent_changed(bundle, head)
        self.timer.lap("read")

        if (
            last is not None
            and last[1].get("Intent-Hash") == self.ihash
            and not edited
            and not intent_changed
        ):
            return Outcome("up-to-date", "up to date")

        spec_edits = [
            p for p in edited if p.startswith(layout.SPEC_DIR + "/") and on_disk[p] is not None
        ]
        carried = last is not None and last[1].get("Plan") == "hand-edited"
        h, plan_edit = self._plan(bundle, planner, intent_changed, carried, committed, on_disk)
        prev_doc, prev_version = self._previous_contract(committed)
        # a repaired plan replaces the first one: it is the plan the contract comes from
        h, doc, report = self._compile_and_validate(bundle, planner, h, prev_version, plan_edit)
        try:
            changes = diff_mod.diff(prev_doc, doc) if prev_doc is not None else []
            version, bump = diff_mod.bump(
                prev_version,
                changes,
                suggested=h.trace_links.spec_suggested_version,
                pinned=h.api_info.version,
            )
        except IntentdError as exc:  # e.g. a last contract whose info.version is not semver
            raise self.fail(
                "diff", exc.message, [Finding(layout.SPEC_JSON, exc.render())]
            ) from None
        self.timer.lap("diff")
        _set_version(doc, version)
        files = self._generated(h, doc, report, committed, version, prev_version, bump, changes)
        self.timer.lap("compile")

        if self.opts.check:
            stale = sorted(p for p, data in files.items() if on_disk.get(p) != data)
            if stale or intent_changed:
                why = ", ".join(stale) if stale else "intent/ changed since the last revision"
                return Outcome("stale", f"generated files are stale: {why}", stale=stale)
            return Outcome("fresh", "generated files are up to date")

        if not self.opts.force:
            touched = [p for p in spec_edits if on_disk[p] != files.get(p)]
            if touched:
                raise self.fail(
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
        tag = self._tag_name(version) if version != prev_version else None
        if tag and git.rev_parse(self.root, f"refs/tags/{tag}") is not None:
            raise self.fail(
                "git",
                f"tag {tag} already exists",
                [
                    Finding(
                        layout.SPEC_YAML,
                        f"the computed version {version} is already tagged ({tag}), probably "
                        "after a reset or on another branch; intentd never moves a tag — pin a "
                        "higher version in the intent front matter (version: …) or delete the "
                        "stale tag",
                    )
                ],
            )
        revision_no = _next_revision(last)
        message, trailers = self._message(
            h, revision_no, prev_version, version, bump, changes, plan_edit, bundle, committed
        )
        commit = self._commit(state, bundle, files, on_disk, message, trailers, tag)
        if commit is None:
            restored = sorted(p for p in files if on_disk.get(p) != files[p])
            return Outcome(
                "up-to-date",
                "up to date"
                + (f"; restored {', '.join(restored)} from HEAD" if restored else "")
                + " (HEAD already holds this revision; no empty commit)",
            )
        report_out = self._report(
            h,
            revision_no,
            commit,
            state,
            prev_version,
            version,
            bump,
            changes,
            tag,
            report,
            plan_edit,
            bundle,
            committed,
            planner,
        )
        _write_json(self.root / layout.LAST_REVISION, report_out.model_dump(mode="json"))
        _run_command(self.ws, "on_commit", report_out.model_dump_json())
        where = " · on a detached HEAD (no branch moved)" if state.detached else ""
        return Outcome("committed", _one_line(report_out) + where, report=report_out)

    def _state(self) -> git.RepoState:
        try:
            state = git.state(self.root)
        except GitError as exc:
            raise self.fail(
                "state",
                "not a git repository",
                [Finding(str(self.root), f"{exc.message}; run `git init` or `intentd init`")],
            ) from None
        self._repo = state
        busy = state.busy()
        if busy:
            raise self.fail("state", busy, [Finding(str(state.toplevel), busy)])
        if state.detached and not self.opts.check:
            self.say("HEAD is detached: the revision is committed onto it")
        return state

    def _recover(self) -> None:
        """Clean up after an interrupted run: temp files go, and the journal's revision is
        finished (committed: index, tag, note) or rolled back to be redone (issue 4, item 5)."""
        if self.opts.check:
            return
        atomic.cleanup_temp_files(self.root / layout.PLAN_DIR)
        atomic.cleanup_temp_files(self.root / layout.SPEC_DIR)
        _cleanup_own_temp_files(self.root / layout.STATE_DIR)
        try:
            rec = journal.recover(self.root)
            if rec is None:
                return
            j = rec.journal
            if rec.committed:
                git.refresh_index(
                    self.root, None, j.base_commit, rec.committed, timeout=LOCK_TIMEOUT
                )
                if j.tag and not rec.tagged:
                    version = j.tag.removeprefix(self.ws.config.tagging.prefix)
                    git.tag(self.root, j.tag, rec.committed, f"spec {version}\n")
                if j.note and not rec.noted:
                    note = _publish_note(self._repo_state(), rec.committed)
                    git.add_note(self.root, rec.committed, note)
                self.say(f"finished an interrupted revision ({rec.committed[:7]})")
            else:
                restored = journal.roll_back(self.root, rec)
                self.say(f"rolled back an interrupted revision ({len(restored)} files); redoing it")
        except GitError as exc:
            raise self.fail(
                "git", f"cannot finish an interrupted revision: {exc.message}", [_git_finding(exc)]
            ) from None
        journal.clear(self.root)

    def _read(self) -> IntentBundle:
        if self.opts.bundle is not None:
            return self.opts.bundle
        try:
            return pipeline.read_bundle(self.ws)
        except IntentdError as exc:
            raise self.fail("read", exc.message, exc.findings) from None

    def _repo_state(self) -> git.RepoState:
        return self._repo or git.state(self.root)

    def _head_files(self, head: str) -> git.Snapshot:
        """HEAD's tree, intent/ listing and the bytes of intent/ and the generated files:
        read once per revision (two git commands), asked for at four steps."""
        if self._head is None or self._head.commit != head:
            self._head = git.snapshot(
                self.root,
                head,
                list(layout.TRACKED_DIRS),
                generated_paths(),
                read=[layout.INTENT_DIR],
            )
        return self._head

    def _head_intent(self, head: str) -> tuple[list[str], dict[str, bytes | None]]:
        snap = self._head_files(head)
        paths = snap.under("intent")
        return paths, {p: snap.blobs.get(p) for p in paths}

    def _committed(self, head: str | None) -> dict[str, bytes | None]:
        if head is None:
            return dict.fromkeys(generated_paths())
        blobs = self._head_files(head).blobs
        return {p: blobs.get(p) for p in generated_paths()}

    def _intent_changed(self, bundle: IntentBundle, head: str | None) -> bool:
        if head is None:
            return True
        paths, blobs = self._head_intent(head)
        if sorted(paths) != sorted(f.path for f in bundle.files):
            return True
        return any(blobs.get(f.path) != f.data for f in bundle.files)

    def _plan(
        self,
        bundle: IntentBundle,
        planner: Planner,
        intent_changed: bool,
        carried: bool,
        committed: dict[str, bytes | None],
        on_disk: dict[str, bytes | None],
    ) -> tuple[handoff_mod.Handoff, bool]:
        """The hand-off for this revision, and whether it is a hand-edited one.

        A hand edit of plan/handoff.yaml (it differs from the last commit and from what the
        planner makes) is respected while intent/ is unchanged: the spec is regenerated from
        it. Once intent/ changes, re-planning would lose the edit, so intentd refuses until
        ``--force`` (issue 4, item 7). A plan committed as hand-edited counts as carrying
        the edit.
        """
        disk = on_disk[layout.HANDOFF]
        old = committed.get(layout.HANDOFF)
        if not intent_changed and disk is not None and disk != old and not self.opts.force:
            return self._hand_plan(disk), True
        if not intent_changed and carried and not self.opts.force and old is not None:
            return self._hand_plan(old), True
        self.say(f"planning ({planner.backend})")
        try:
            h = pipeline.plan(self.ws, bundle, planner)
        except IntentdError as exc:
            raise self.fail("plan", exc.message, exc.findings) from None
        self.timer.lap("plan")
        fresh = self._plan_files(h)[layout.HANDOFF]
        edited_now = disk is not None and disk not in (old, fresh)
        if (edited_now or (carried and old != fresh)) and not self.opts.force:
            raise self.fail(
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
        return h, False

    def _hand_plan(self, data: bytes) -> handoff_mod.Handoff:
        try:
            text = data.decode("utf-8")
            h = handoff_mod.from_data(yamlio.loads(text, layout.HANDOFF))
        except UnicodeDecodeError:
            raise self.fail(
                "plan",
                "plan/handoff.yaml is not UTF-8",
                [Finding(layout.HANDOFF, "not UTF-8")],
            ) from None
        except IntentdError as exc:
            raise self.fail("plan", exc.message, exc.findings) from None
        problems = handoff_mod.check(h, layout.HANDOFF)
        if problems:
            raise self.fail("plan", "the hand-edited plan is invalid", problems)
        return h

    def _previous_contract(
        self, committed: dict[str, bytes | None]
    ) -> tuple[dict[str, Any] | None, str | None]:
        raw = committed.get(layout.SPEC_JSON)
        if raw is None:
            return None, None
        try:
            doc = json.loads(raw)
            version = doc["info"]["version"]
        except (ValueError, KeyError, TypeError):
            return None, None
        return doc, version if isinstance(version, str) else None

    def _compile_and_validate(
        self,
        bundle: IntentBundle,
        planner: Planner,
        h: handoff_mod.Handoff,
        prev_version: str | None,
        plan_edit: bool,
    ) -> tuple[handoff_mod.Handoff, dict[str, Any], validate_mod.Report]:
        attempts = 0
        max_repairs = self.ws.config.repair.repair_attempts if planner.backend != "offline" else 0
        while True:
            doc = specgen.compile_spec(h, api_version=prev_version or "0.1.0")
            self.timer.lap("compile")
            report = validate_mod.validate(doc, h)
            self.timer.lap("validate")
            errors = [f for f in report.findings if f.severity == "error"]
            if not errors:
                return h, doc, report
            self.attempts.append(
                Attempt(attempt=attempts + 1, findings=[FindingOut.of(f) for f in errors])
            )
            if plan_edit or attempts >= max_repairs:
                raise self.fail("validate", "the contract is invalid", _at_source(errors, h, doc))
            attempts += 1
            self.say(f"repairing the plan (attempt {attempts} of {max_repairs})")
            try:
                h = pipeline.plan(self.ws, bundle, planner, errors)
            except IntentdError as exc:
                raise self.fail("plan", exc.message, exc.findings) from None

    def _plan_files(self, h: handoff_mod.Handoff) -> dict[str, bytes]:
        """plan/ files for ``h``, rendered once (YAML of a large plan takes seconds)."""
        if self._rendered is None or self._rendered[0] is not h:
            self._rendered = (h, pipeline.plan_files(h))
        return dict(self._rendered[1])

    def _generated(
        self,
        h: handoff_mod.Handoff,
        doc: dict[str, Any],
        report: validate_mod.Report,
        committed: dict[str, bytes | None],
        version: str,
        prev_version: str | None,
        bump: str,
        changes: list[diff_mod.Change],
    ) -> dict[str, bytes]:
        files = self._plan_files(h)
        for rel, text in spec_files(h, doc).items():
            files[rel] = text.encode("utf-8")
        files[layout.VALIDATION_REPORT] = report.to_json().encode("utf-8")
        old_log = (committed.get(layout.CHANGELOG) or b"").decode("utf-8", "replace")
        files[layout.CHANGELOG] = _changelog(old_log, version, prev_version, bump, changes).encode()
        return files

    def _tag_name(self, version: str) -> str | None:
        t = self.ws.config.tagging
        return f"{t.prefix}{version}" if t.enabled else None

    def _message(
        self,
        h: handoff_mod.Handoff,
        revision_no: int,
        prev: str | None,
        version: str,
        bump: str,
        changes: list[diff_mod.Change],
        plan_edit: bool,
        bundle: IntentBundle,
        committed: dict[str, bytes | None],
    ) -> tuple[str, dict[str, str]]:
        summary = diff_mod.summarize(changes) if changes else ""
        if prev is None:
            head = f"spec {version} (initial) — {len(h.api_surface)} operations"
        elif version == prev:
            head = f"spec {version} (no contract change)"
        else:
            head = f"spec {prev} → {version} ({bump})"
        subject = f"intent r{revision_no}: {head}"
        if summary and prev is not None:
            subject += f" — {summary}"
        body = []
        if plan_edit:
            body.append("The plan was edited by hand; the contract was regenerated from it.\n")
        body.append(diff_mod.render(changes, "text") if changes else "No contract changes.")
        trailers = {
            "Intent-Id": h.intent_id,
            "Intent-Hash": self.ihash or "",
            "Revision": str(revision_no),
            "Planner": _planner_label(h),
            "Spec-Version": version,
            "Spec-Bump": "initial" if prev is None else bump,
        }
        if plan_edit:
            trailers["Plan"] = "hand-edited"
        return subject + "\n\n" + "\n".join(body).rstrip() + "\n", trailers

    def _commit(
        self,
        state: git.RepoState,
        bundle: IntentBundle,
        files: dict[str, bytes],
        on_disk: dict[str, bytes | None],
        message: str,
        trailers: dict[str, str],
        tag: str | None,
    ) -> str | None:
        """Write, commit, publish; None when HEAD already holds exactly these bytes (the files
        are then just put back, e.g. a spec hand edit discarded with ``--force``)."""
        head = state.head
        tree_files: dict[str, bytes | None] = {f.path: f.data for f in bundle.files}
        if head is not None:
            for gone in self._head_intent(head)[0]:
                tree_files.setdefault(gone, None)
        tree_files.update(files)
        writes: dict[str, bytes | None] = {p: d for p, d in files.items() if on_disk.get(p) != d}
        try:
            tree = git.write_tree_from_bytes(self.root, tree_files, head)
        except GitError as exc:
            raise self.fail("git", exc.message, [_git_finding(exc)]) from None
        if head is not None and tree == self._head_files(head).tree:
            atomic.write_files({self.root / p: d for p, d in writes.items()})
            return None
        self._wait_for_index(state)
        j = journal.Journal(
            revision_id=trailers["Intent-Id"],
            base_commit=head,
            target={p: journal.sha256(d) if d is not None else None for p, d in writes.items()},
            previous={p: _hash_or_none(on_disk.get(p)) for p in writes},
            tag=tag,
            note=True,
        )
        journal.write(self.root, j)
        journal.fault("after-journal")
        atomic.write_files({self.root / p: d for p, d in writes.items()}, step=journal.fault)
        j = journal.set_phase(self.root, j, "written")
        self.timer.lap("write")
        try:
            commit = self._commit_objects(head, tree, message, trailers)
        except GitError as exc:
            # Nothing was published: put back what the files held, where they still hold
            # what intentd wrote (issue 4, item 6); the person's own edits stay.
            restored = self._restore(writes, on_disk)
            journal.clear(self.root)
            raise self.fail(
                "hook" if "hook" in exc.message else "git",
                exc.message,
                [_git_finding(exc)]
                + [Finding(p, "restored to the last good revision") for p in restored],
            ) from None
        j = journal.set_phase(self.root, j, "committed", commit=commit)
        journal.fault("after-ref-update")
        refreshed = self._refresh_index(list(tree_files), head, commit)
        journal.fault("before-tag")
        if tag:
            git.tag(self.root, tag, commit, f"spec {trailers['Spec-Version']}\n")
        journal.fault("before-note")
        git.add_note(self.root, commit, _publish_note(self._repo_state(), commit))
        if refreshed:  # otherwise the journal stays, and the next run refreshes the index
            journal.clear(self.root)
        self.timer.lap("git")
        return commit

    def _wait_for_index(self, state: git.RepoState) -> None:
        """Wait for the person's ``index.lock`` before writing anything, never removing it:
        a lock held past the timeout fails the revision cleanly, with nothing written (R7)."""
        lock = state.index_lock
        if lock.exists():
            self.say(f"waiting for {lock} (another git command holds it)")
        try:
            git.wait_for_lock(lock, LOCK_TIMEOUT)
        except GitError as exc:
            raise self.fail(
                "git",
                "the git index is locked by another process",
                [Finding(str(lock), exc.message)],
            ) from None

    def _refresh_index(self, paths: list[str], head: str | None, commit: str) -> bool:
        try:
            git.refresh_index(self.root, paths, head, commit, timeout=LOCK_TIMEOUT)
        except GitError as exc:
            self.say(f"committed, but the index was not refreshed ({exc.message}); rerun build")
            return False
        return True

    def _restore(
        self, writes: dict[str, bytes | None], on_disk: dict[str, bytes | None]
    ) -> list[str]:
        """The previous bytes back in every written path that still holds what was written."""
        back: dict[str, bytes | None] = {}
        for rel, data in writes.items():
            wrote = journal.sha256(data) if data is not None else None
            if journal.file_sha256(self.root / rel) == wrote:
                back[rel] = on_disk.get(rel)
        atomic.write_files({self.root / p: d for p, d in back.items()})
        return sorted(back)

    def _commit_objects(
        self,
        head: str | None,
        tree: str,
        message: str,
        trailers: dict[str, str],
    ) -> str:
        full = git.add_trailers(self.root, message, trailers)
        full = git.run_hooks(self.root, tree, full)
        commit = git.commit_tree(self.root, tree, [head] if head else [], full)
        journal.fault("before-ref-update")
        git.update_branch(self.root, commit, head)
        return commit

    def _report(
        self,
        h: handoff_mod.Handoff,
        revision_no: int,
        commit: str,
        state: git.RepoState,
        prev: str | None,
        version: str,
        bump: str,
        changes: list[diff_mod.Change],
        tag: str | None,
        report: validate_mod.Report,
        plan_edit: bool,
        bundle: IntentBundle,
        committed: dict[str, bytes | None],
        planner: Planner,
    ) -> RevisionReport:
        added = sum(1 for c in changes if c.rule == "endpoint-added")
        removed = sum(1 for c in changes if c.rule.startswith(_REMOVED_OP_RULES))
        if prev is None:
            added = len(h.api_surface)
        usage = None if planner.total_usage is None else Usage.of(planner.total_usage)
        return RevisionReport(
            workspace=str(self.root),
            revision=revision_no,
            commit=commit,
            branch=state.branch,
            intent_id=h.intent_id,
            intent_hash=self.ihash or "",
            changed_inputs=self._changed_inputs(bundle, state.head),
            previous_version=prev,
            spec_version=version,
            bump="initial" if prev is None else bump,  # type: ignore[arg-type]
            tag=tag,
            summary=diff_mod.summarize(changes) if changes else "",
            changes=[
                ChangeOut(
                    rule=c.rule,
                    klass=c.klass,
                    operation=c.operation,
                    location=c.location,
                    message=c.message,
                )
                for c in changes
            ],
            operations_added=added,
            operations_removed=removed,
            plan_hand_edited=plan_edit,
            planner=_planner_label(h),
            usage=usage if isinstance(usage, Usage) else None,
            warnings=[FindingOut.of(f) for f in report.findings if f.severity == "warning"],
            stages_ms=dict(self.timer.stages),
            duration_ms=round(sum(self.timer.stages.values()), 2),
        )

    def _changed_inputs(self, bundle: IntentBundle, head: str | None) -> list[str]:
        if head is None:
            return [f.path for f in bundle.files]
        paths, old = self._head_intent(head)
        now = {f.path: f.data for f in bundle.files}
        return sorted(p for p in set(paths) | set(now) if old.get(p) != now.get(p))


# --------------------------------------------------------------------------- helpers


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _cleanup_own_temp_files(folder: Path) -> None:
    """Temp files a killed run left in ``.intentd/`` itself (journal, reports); the LLM
    cache below it manages its own."""
    try:
        names = [p for p in folder.iterdir() if atomic.is_temp_file(p.name)]
    except FileNotFoundError:
        return
    for tmp in names:
        tmp.unlink(missing_ok=True)


def _hash_or_none(data: bytes | None) -> str | None:
    return journal.sha256(data) if data is not None else None


def _set_version(doc: dict[str, Any], version: str) -> None:
    """The version is known only after the diff; it appears in exactly these two places."""
    doc["info"]["version"] = version
    meta = doc.get("x-intentd")
    if isinstance(meta, dict):
        meta["api_version"] = version


def _next_revision(last: tuple[str, dict[str, str]] | None) -> int:
    if last is None:
        return 1
    raw = last[1].get("Revision", "0").lstrip("r")
    return int(raw) + 1 if raw.isdigit() else 1


def _planner_label(h: handoff_mod.Handoff) -> str:
    p = h.trace_links.planner
    label: str = p.backend
    if p.model:
        label += f"/{p.model}"
    if p.prompt_version:
        label += f"@{p.prompt_version}"
    return label


def _changelog(
    old: str, version: str, prev: str | None, bump: str, changes: list[diff_mod.Change]
) -> str:
    """spec/layout.CHANGELOG.md: newest first; an entry only when the version moves."""
    title = "# Changelog\n\nContract changes, newest first. Generated by intentd.\n"
    entries = old.split("\n## ", 1)[1] if "\n## " in old else ""
    entries = ("## " + entries) if entries else ""
    if prev == version:
        return title + ("\n" + entries if entries else "")
    lines = [f"## {version} ({'initial' if prev is None else bump})", ""]
    if prev is None:
        lines.append("- First revision of the contract.")
    for klass in ("breaking", "non-breaking", "cosmetic"):
        group = [c for c in changes if c.klass == klass]
        if group:
            lines.append(f"### {klass}")
            lines.append("")
            lines += [f"- {c.message}" for c in group]
            lines.append("")
    entry = "\n".join(lines).rstrip() + "\n"
    return title + "\n" + entry + ("\n" + entries if entries else "")


def _publish_note(state: git.RepoState, commit: str) -> str:
    """spec_publish_uri: where this contract lives (repo path + commit); the commit cannot
    hold its own id, so it goes in a git note."""
    record = {
        "spec_publish_uri": f"file://{state.toplevel}/{state.prefix}spec/openapi.yaml@{commit}",
        "commit": commit,
        "path": f"{state.prefix}{layout.SPEC_YAML}",
    }
    return json.dumps(record, indent=2, sort_keys=True) + "\n"


def _one_line(r: RevisionReport) -> str:
    inputs = ", ".join(r.changed_inputs[:2]) + (" …" if len(r.changed_inputs) > 2 else "")
    if r.previous_version is None:
        ver = f"spec {r.spec_version} (initial)"
    elif r.previous_version == r.spec_version:
        ver = f"spec {r.spec_version} (no contract change)"
    else:
        ver = f"spec {r.spec_version} ({r.bump})"
    ops = ""
    if r.operations_added or r.operations_removed:
        ops = " " + " ".join(
            x
            for x in (
                f"+{r.operations_added} ops" if r.operations_added else "",
                f"-{r.operations_removed} ops" if r.operations_removed else "",
            )
            if x
        )
    return (
        f"r{r.revision} {inputs or 'plan'} → {ver}{ops} · {r.commit[:7]} · {r.duration_ms:.0f} ms"
    )


def _write_json(path: Path, data: Any) -> None:
    atomic.write_atomic(path, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())


def _at_source(
    findings: Sequence[Finding], h: handoff_mod.Handoff, doc: dict[str, Any]
) -> list[Finding]:
    """Contract findings at the intent line they come from (``intent/app.md:23``): the
    contract that failed is never written, so a line in spec/openapi.yaml would point at the
    last good one. The JSON pointer and rule move into the message (validate.with_lines)."""
    out = []
    for f in findings:
        where = _source_of(f.location, h, doc) if f.location.startswith("#/") else None
        detail = f"{f.message} [{f.rule or 'contract'} at {f.location}]"
        out.append(Finding(where or layout.SPEC_YAML, detail, f.severity, f.rule))
    return out


def _source_of(pointer: str, h: handoff_mod.Handoff, doc: dict[str, Any]) -> str | None:
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/")]
    if len(parts) >= 3 and parts[0] == "paths":
        op = (doc.get("paths") or {}).get(parts[1], {}).get(parts[2], {})
        meta = op.get("x-agent-meta") if isinstance(op, dict) else None
        source = meta.get("source") if isinstance(meta, dict) else None
        return source if isinstance(source, str) else None
    if len(parts) >= 3 and parts[:2] == ["components", "schemas"]:
        # Pet, PetCreate, PetPage…: the longest entity name the schema name starts with.
        owners = [e for e in h.entities if parts[2].startswith(e.name)]
        if not owners:
            return None
        entity = max(owners, key=lambda e: len(e.name))
        fields = {fld.name: fld.source for fld in entity.fields}
        return next((fields[p] for p in parts[3:] if p in fields), entity.source)
    return None


def _git_finding(exc: GitError) -> Finding:
    """A git or hook failure as a finding: where (the hook, or git) and its full output."""
    command = getattr(exc, "command", ())
    where = command[0] if command and "hook" in exc.message else "git"
    return Finding(where, exc.render())


def _failure_report(ws: Workspace, failed: _Failed, ihash: str | None = None) -> FailureReport:
    try:
        head = git.rev_parse(ws.root, "HEAD")
    except GitError:
        head = None
    return FailureReport(
        workspace=str(ws.root),
        stage=failed.stage,
        message=failed.message,
        intent_hash=ihash,
        findings=[FindingOut.of(f) for f in failed.findings],
        attempts=failed.attempts,
        head=head,
        usage=None,
        at=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _run_command(ws: Workspace, which: str, payload: str) -> None:
    from . import on_commit as trust

    trust.run_hook_command(ws, which, payload)
