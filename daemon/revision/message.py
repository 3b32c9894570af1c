"""What a revision says: its commit message and trailers, changelog entry, report and the
one line ``intentd build`` prints.

Pure: a :class:`~intentd.revision.draft.Draft` in, text and models out. The trailers are
what the next revision reads back (``Intent-Hash``, ``Revision``, ``Plan``, ``Compiler``), so
their names and values are part of the repository's history and never change lightly. The
first revision by a new intentd says which contract changes its compiler makes (issue 10).
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from .. import diff as diff_mod
from ..handoff import Handoff
from ..planner.usage import Usage as PlannerUsage
from .draft import Draft
from .report import ChangeOut, FindingOut, RevisionReport, Usage

_REMOVED_OP_RULES = ("api-removed", "api-path-removed")
_CLASSES = ("breaking", "non-breaking", "cosmetic")
#: The trailer naming the intentd that compiled a revision; a revision made by a different
#: one (or by a release before this trailer) says which of its changes that explains.
COMPILER_TRAILER = "Compiler"
COMPILER = f"intentd {__version__}"


def next_revision(last: tuple[str, dict[str, str]] | None) -> int:
    if last is None:
        return 1
    raw = last[1].get("Revision", "0").lstrip("r")
    return int(raw) + 1 if raw.isdigit() else 1


def planner_label(h: Handoff) -> str:
    p = h.trace_links.planner
    label: str = p.backend
    if p.model:
        label += f"/{p.model}"
    if p.prompt_version:
        label += f"@{p.prompt_version}"
    return label


def commit_message(d: Draft) -> tuple[str, dict[str, str]]:
    """The commit message (subject, body) and the trailers git adds to it."""
    body = []
    if d.plan_edit:
        body.append("The plan was edited by hand; the contract was regenerated from it.\n")
    note = compiler_note(d)
    if note:
        body.append(note + "\n")
    body.append(diff_mod.render(d.changes, "text") if d.changes else "No contract changes.")
    return _subject(d) + "\n\n" + "\n".join(body).rstrip() + "\n", _trailers(d)


def previous_compiler(d: Draft) -> str | None:
    """The intentd that made the last revision: its ``Compiler`` trailer, else (a release
    before that trailer) the version its contract records; None without a last revision."""
    if d.last is None:
        return None
    written = d.last[1].get(COMPILER_TRAILER)
    if written:
        return written
    meta = _mapping(_mapping(d.prev_doc).get("x-intentd")).get("generated_by")
    version = _mapping(meta).get("version")
    return f"intentd {version}" if isinstance(version, str) else "an earlier intentd"


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def compiler_note(d: Draft) -> str | None:
    """What the commit says when a new compiler made this revision: its contract changes
    come from the compiler, not from the intent (or which come from which, when the intent
    changed too). None when the same compiler made the last revision, or there is none."""
    old = previous_compiler(d)
    if old is None or old == COMPILER or d.prev_version is None:
        return None
    span = f"{old} → {__version__}" if old.startswith("intentd ") else f"{old} → {COMPILER}"
    if d.plan_edit:
        return (
            f"This revision also moves to a new compiler ({span}): its contract changes "
            "come from the plan's hand edit and from the new compiler together."
        )
    if d.intent_changed:
        return _mixed_note(d, span)
    if not d.changes:
        return f"The compiler changed ({span}); the contract did not."
    return (
        f"Contract changes in this revision come from the new compiler ({span}), "
        "not from the intent."
    )


def _mixed_note(d: Draft, span: str) -> str:
    """A new compiler and an edited intent: which changes the compiler makes on its own."""
    share = compiler_share(d)
    head = f"This revision also moves to a new compiler ({span})"
    if share is None:
        return (
            f"{head}: its contract changes come from the intent's edits and from the new "
            "compiler together."
        )
    if not share:
        return f"{head}; the compiler alone changes nothing: the changes below are the intent's."
    listed = "\n".join(f"- {c.message} ({c.operation or c.location})" for c in share)
    rest = (
        "The others come from the intent's edits."
        if len(share) < len(d.changes)
        else "The intent's edits change nothing more."
    )
    return (
        f"{head}. Of the changes below, these come from the new compiler, not from the "
        f"intent:\n{listed}\n{rest}"
    )


def compiler_share(d: Draft) -> list[diff_mod.Change] | None:
    """Of this revision's changes, those the new compiler makes from HEAD's own intent.

    HEAD's intent is planned and compiled again and diffed against the last contract. Only
    for the offline planner, a pure function of the intent (a model would have to be asked
    again); None when that cannot be told (e.g. HEAD's intent no longer reads)."""
    if d.planner.backend != "offline" or d.at_head is None or d.prev_doc is None:
        return None
    from .. import specgen
    from ..errors import IntentdError
    from ..intent import is_intent_path, make_bundle, make_file
    from ..planner.offline.planner import plan
    from .head import intent

    paths, blobs = intent(d.at_head)
    try:
        files = [
            make_file(p, b) for p in paths if is_intent_path(p) and (b := blobs.get(p)) is not None
        ]
        doc = specgen.assemble(plan(make_bundle(files)), d.prev_version).doc
        found = diff_mod.diff(d.prev_doc, doc)
    except IntentdError:
        return None
    ours = {_identity(c) for c in d.changes}
    return [c for c in found if _identity(c) in ours]


def _identity(c: diff_mod.Change) -> tuple[str, str, str, str]:
    return (c.rule, c.operation, c.location, c.message)


def _subject(d: Draft) -> str:
    prev, version = d.prev_version, d.version
    summary = diff_mod.summarize(d.changes) if d.changes else ""
    if prev is None:
        head = f"spec {version} (initial) — {len(d.handoff.api_surface)} operations"
    elif version == prev:
        head = f"spec {version} (no contract change)"
    else:
        head = f"spec {prev} → {version} ({d.bump})"
    subject = f"intent r{d.number}: {head}"
    if summary and prev is not None:
        subject += f" — {summary}"
    return subject


def _trailers(d: Draft) -> dict[str, str]:
    trailers = {
        "Intent-Id": d.handoff.intent_id,
        "Intent-Hash": d.ihash,
        "Revision": str(d.number),
        "Planner": planner_label(d.handoff),
        "Spec-Version": d.version,
        "Spec-Bump": "initial" if d.prev_version is None else d.bump,
        COMPILER_TRAILER: COMPILER,
    }
    if d.plan_edit:
        trailers["Plan"] = "hand-edited"
    return trailers


def changelog(
    old: str, version: str, prev: str | None, bump: str, changes: list[diff_mod.Change]
) -> str:
    """spec/CHANGELOG.md: newest first; an entry only when the version moves."""
    title = "# Changelog\n\nContract changes, newest first. Generated by intentd.\n"
    entries = old.split("\n## ", 1)[1] if "\n## " in old else ""
    entries = ("## " + entries) if entries else ""
    if prev == version:
        return title + ("\n" + entries if entries else "")
    entry = _changelog_entry(version, prev, bump, changes)
    return title + "\n" + entry + ("\n" + entries if entries else "")


def _changelog_entry(
    version: str, prev: str | None, bump: str, changes: list[diff_mod.Change]
) -> str:
    lines = [f"## {version} ({'initial' if prev is None else bump})", ""]
    if prev is None:
        lines.append("- First revision of the contract.")
    for klass in _CLASSES:
        group = [c for c in changes if c.klass == klass]
        if group:
            lines.append(f"### {klass}")
            lines.append("")
            lines += [f"- {c.message}" for c in group]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def revision_report(
    d: Draft,
    commit: str,
    *,
    workspace: str,
    changed_inputs: list[str],
    stages_ms: dict[str, float],
) -> RevisionReport:
    """The committed revision, as ``on_commit`` and ``--json`` receive it."""
    added, removed = _operations_moved(d)
    return RevisionReport(
        workspace=workspace,
        revision=d.number,
        commit=commit,
        branch=d.state.branch,
        intent_id=d.handoff.intent_id,
        intent_hash=d.ihash,
        changed_inputs=changed_inputs,
        previous_version=d.prev_version,
        spec_version=d.version,
        bump="initial" if d.prev_version is None else d.bump,  # type: ignore[arg-type]
        tag=d.tag,
        summary=diff_mod.summarize(d.changes) if d.changes else "",
        changes=[_change_out(c) for c in d.changes],
        operations_added=added,
        operations_removed=removed,
        plan_hand_edited=d.plan_edit,
        planner=planner_label(d.handoff),
        usage=_usage(d.planner.total_usage),
        warnings=[FindingOut.of(f) for f in d.spec.report.findings if f.severity == "warning"],
        stages_ms=stages_ms,
        duration_ms=round(sum(stages_ms.values()), 2),
    )


def _operations_moved(d: Draft) -> tuple[int, int]:
    """Operations added and removed by this revision (all of them are new in the first)."""
    added = sum(1 for c in d.changes if c.rule == "endpoint-added")
    removed = sum(1 for c in d.changes if c.rule.startswith(_REMOVED_OP_RULES))
    if d.prev_version is None:
        added = len(d.handoff.api_surface)
    return added, removed


def _change_out(c: diff_mod.Change) -> ChangeOut:
    return ChangeOut(
        rule=c.rule, klass=c.klass, operation=c.operation, location=c.location, message=c.message
    )


def _usage(total: PlannerUsage | None) -> Usage | None:
    return None if total is None else Usage.of(total)


def one_line(r: RevisionReport) -> str:
    """What ``intentd build`` prints for a committed revision."""
    inputs = ", ".join(r.changed_inputs[:2]) + (" …" if len(r.changed_inputs) > 2 else "")
    return (
        f"r{r.revision} {inputs or 'plan'} → {_version_line(r)}{_ops_line(r)} · "
        f"{r.commit[:7]} · {r.duration_ms:.0f} ms"
    )


def _version_line(r: RevisionReport) -> str:
    if r.previous_version is None:
        return f"spec {r.spec_version} (initial)"
    if r.previous_version == r.spec_version:
        return f"spec {r.spec_version} (no contract change)"
    return f"spec {r.spec_version} ({r.bump})"


def _ops_line(r: RevisionReport) -> str:
    if not (r.operations_added or r.operations_removed):
        return ""
    parts = (
        f"+{r.operations_added} ops" if r.operations_added else "",
        f"-{r.operations_removed} ops" if r.operations_removed else "",
    )
    return " " + " ".join(x for x in parts if x)
