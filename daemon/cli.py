"""The ``intentd`` command line: argument parsing and the one place errors map to exit codes.

Exit codes (DESIGN.md): 0 done or up to date, 1 the person's input or state needs attention
(findings printed as ``path:line: message``), 3 a bug (traceback written to a log), 130 ^C.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, layout
from .commands import schema as schemas
from .errors import Finding, IntentdError
from .revision import stages as pipeline
from .workspace import Workspace

Handler = Callable[[argparse.Namespace], int]


def _cmd_schema(args: argparse.Namespace) -> int:
    which = {
        "handoff": schemas.handoff_schema,
        "intent": schemas.intent_schema,
        "events": schemas.events_schema,
    }
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, fn in which.items():
            path = out / f"{name}.schema.json"
            path.write_text(json.dumps(fn(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(path)
        return 0
    print(json.dumps(which[args.kind](), indent=2, ensure_ascii=False))
    return 0


def _cmd_plan(args: argparse.Namespace) -> int:
    ws = Workspace.open(args.workspace)
    bundle = pipeline.read_bundle(ws)
    planner = pipeline.make_planner(ws.config, ws.root / layout.LLM_CACHE, workspace=ws.root)
    result = pipeline.plan(ws, bundle, planner)
    files = pipeline.plan_files(result)
    if args.stdout:
        sys.stdout.write(files[layout.HANDOFF].decode("utf-8"))
        return 0
    pipeline.write_files(ws.root, files)
    if not args.quiet:
        print(
            f"{layout.HANDOFF}: {len(result.features)} features, "
            f"{len(result.entities)} entities, {len(result.api_surface)} endpoints"
        )
    return 0


def _cmd_spec(args: argparse.Namespace) -> int:
    from .check import validate
    from .specgen import compiler as specgen
    from .specgen.artifacts import spec_files

    ws = Workspace.open(args.workspace)
    h = pipeline.load_handoff(ws)
    doc = specgen.compile_spec(h, api_version=pipeline.current_version(ws) or "0.1.0")
    report = validate.validate(doc, h)
    files = {k: v.encode() for k, v in spec_files(h, doc).items()}
    files[layout.VALIDATION_REPORT] = report.to_json().encode()
    yaml_text = files[layout.SPEC_YAML].decode()
    shown = validate.with_lines(report.findings, yaml_text)
    for f in shown:
        print(f.render(), file=sys.stderr)
    if report.errors:
        print(f"spec/: not written — {len(report.errors)} error(s)", file=sys.stderr)
        return 1
    pipeline.write_files(ws.root, files)
    if not args.quiet:
        print(
            f"spec/openapi.yaml: {len(h.api_surface)} operations, {len(report.warnings)} warnings"
        )
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .commands import check as checkfiles

    ws = Workspace.open(args.workspace)
    findings = checkfiles.check(ws, staged=args.staged)
    for f in findings:
        print(f.render(), file=sys.stderr)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        print(f"intentd check: {len(errors)} error(s)", file=sys.stderr)
        return 1
    if not args.quiet:
        print("intentd check: plan/ and spec/ are valid")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .revision import transaction as revision

    opts = revision.Options(
        force=args.force,
        check=args.check,
        progress=None if args.quiet else (lambda text: print(f"… {text}", file=sys.stderr)),
    )
    outcome = revision.build(args.workspace, opts)
    if args.json:
        payload = outcome.report or outcome.failure
        print(payload.model_dump_json() if payload else json.dumps({"status": outcome.status}))
    elif outcome.failure is not None:
        for f in outcome.failure.findings:
            print(Finding(f.location, f.message, f.severity).render(), file=sys.stderr)
        print(
            f"intentd: revision failed ({outcome.failure.stage}): {outcome.message}; "
            "nothing was committed",
            file=sys.stderr,
        )
    elif outcome.status == "stale":
        for p in outcome.stale:
            print(f"{p}: stale; run `intentd build`", file=sys.stderr)
        print(outcome.message, file=sys.stderr)
    elif not args.quiet:
        print(outcome.message)
    return outcome.exit_code


def _cmd_diff(args: argparse.Namespace) -> int:
    from . import diff
    from .commands import history

    ws_root = Path(args.workspace).resolve()
    old = history.load_contract(ws_root, args.a or "HEAD")
    new = history.load_contract(ws_root, args.b or layout.SPEC_YAML)
    changes = diff.diff(old, new)
    print(diff.render(changes, args.format), end="")
    if args.fail_on and diff.fails(changes, args.fail_on):
        return 1
    return 0


def _cmd_log(args: argparse.Namespace) -> int:
    from .commands import history

    for line in history.log_lines(Path(args.workspace).resolve(), limit=args.max_count):
        print(line)
    return 0


def _cmd_trace(args: argparse.Namespace) -> int:
    from .commands import history

    for line in history.trace(Path(args.workspace).resolve(), args.id):
        print(line)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from .commands import history

    ws = Workspace.open(args.workspace)
    for line in history.status_lines(ws):
        print(line)
    return 0


def _cmd_allow(args: argparse.Namespace) -> int:
    from .revision import on_commit as trust

    ws = Workspace.open(args.workspace)
    if args.revoke:
        print("revoked" if trust.revoke(ws) else "was not allowed")
        return 0
    cfg = ws.config
    if not (cfg.on_commit or cfg.on_failure):
        print("intentd.yaml has no on_commit/on_failure commands; nothing to allow")
        return 0
    for which, cmds in (("on_commit", cfg.on_commit), ("on_failure", cfg.on_failure)):
        for c in cmds or []:
            print(f"{which}: {c}")
    trust.allow(ws)
    print(f"allowed these commands for {ws.root}")
    return 0


def _cmd_init(args: argparse.Namespace) -> int:
    from .commands import init as scaffold

    result = scaffold.init(Path(args.dir), install_hooks=not args.no_hooks)
    print(f"{result.root}: new intentd workspace ({len(result.files)} files)")
    if result.created_repo:
        print("  git: initialised a new repository")
    if result.hook is not None:
        print(f"  hook: {result.hook}")
    print(f"  {result.outcome.message}")
    if result.outcome.failure is not None:
        for f in result.outcome.failure.findings:
            print(Finding(f.location, f.message, f.severity).render(), file=sys.stderr)
        return 1
    print(
        f"next: edit {result.root / layout.INTENT_DIR / 'app.md'} and run `intentd watch {result.root}`"
    )
    return 0


def _cmd_watch(args: argparse.Namespace) -> int:
    from .watch import daemon as service

    return service.watch(args.workspace, quiet=args.quiet, as_json=args.json)


def _cmd_enhance(args: argparse.Namespace) -> int:
    from .planner.llm.enhance import enhance, offline_validate
    from .resources import docs_file

    ws = Workspace.open(args.workspace)
    if ws.config.enhancer.backend != "openai":
        raise IntentdError(
            "intentd enhance needs a model",
            (
                Finding(
                    layout.CONFIG,
                    "enhancer.backend is offline; set `enhancer: {backend: openai, model: …}` "
                    "(and the key's variable) to let a model write the intent",
                ),
            ),
        )
    out = (ws.root / args.out) if args.out else None
    if out is not None and out.exists():
        raise IntentdError(
            f"{args.out}: exists", (Finding(args.out, "exists; choose a new file name"),)
        )
    text = enhance(
        args.idea,
        ws.config,
        validate=offline_validate,
        cache_dir=ws.root / layout.LLM_CACHE,
        prompt_override=pipeline.workspace_prompt(ws.root, "enhance-v1.md"),
        convention=docs_file("intent-format.md"),
    )
    if out is None:
        sys.stdout.write(text)
        return 0
    pipeline.write_files(ws.root, {args.out: text.encode("utf-8")})
    print(f"{args.out}: written; it parses with the offline planner")
    return 0


def _cmd_eval(args: argparse.Namespace) -> int:
    from .planner.llm.eval import load_cases, render_markdown, run_eval
    from .planner.llm.planner import OpenAIPlanner

    ws = Workspace.open(args.workspace)
    cfg = ws.config
    stages = [cfg.planner.model_copy(update={"model": m}) for m in args.model] or [cfg.planner]
    results = run_eval(
        stages,
        load_cases(Path(args.cases)),
        lambda stage: OpenAIPlanner(stage, cache_dir=None, prices=cfg.prices),
    )
    print(render_markdown(results), end="")
    return 0


def _cmd_hooks(args: argparse.Namespace) -> int:
    from .git import precommit as hooks

    ws = Path(args.workspace).resolve()
    if args.action == "install":
        print(f"installed {hooks.install(ws)}")
    elif hooks.uninstall(ws):
        print("uninstalled intentd's pre-commit hook")
    else:
        print("no intentd hook was installed")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intentd",
        description="Turn intent/ into a plan, a validated OpenAPI 3.1 contract and a git revision.",
    )
    parser.add_argument("--version", action="version", version=f"intentd {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("init", help="new workspace from the template, first revision committed")
    p.add_argument("dir")
    p.add_argument("--no-hooks", action="store_true", help="do not install the git hooks")
    p.set_defaults(handler=_cmd_init)

    p = sub.add_parser("hooks", help="install or uninstall the workspace's pre-commit hook")
    p.add_argument("action", choices=("install", "uninstall"))
    p.add_argument("workspace", nargs="?", default=".")
    p.set_defaults(handler=_cmd_hooks)

    p = sub.add_parser("plan", help="intent/ → plan/handoff.yaml and plan/README.md")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("--stdout", action="store_true", help="print the hand-off instead of writing")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(handler=_cmd_plan)

    p = sub.add_parser("spec", help="plan/handoff.yaml → spec/ (contract + artifacts)")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(handler=_cmd_spec)

    p = sub.add_parser("check", help="validate plan/ and spec/ as they are on disk")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("--staged", action="store_true", help="check what is staged (pre-commit)")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(handler=_cmd_check)

    p = sub.add_parser("build", help="one revision: plan, spec, validate, diff, bump, commit")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    p.add_argument("--force", action="store_true", help="discard hand edits under plan/ spec/")
    p.add_argument("--json", action="store_true", help="print the revision or failure report")
    p.add_argument("-q", "--quiet", action="store_true")
    p.set_defaults(handler=_cmd_build)

    p = sub.add_parser("watch", help="the daemon: a revision on every settled save")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures only")
    p.add_argument("--json", action="store_true", help="one JSON event per line")
    p.set_defaults(handler=_cmd_watch)

    p = sub.add_parser("diff", help="semantic contract diff (git revisions or files)")
    p.add_argument("a", nargs="?", help="old: a git revision or a file (default HEAD)")
    p.add_argument("b", nargs="?", help="new: a git revision or a file (default spec/openapi.yaml)")
    p.add_argument("-C", "--workspace", default=".", help="the workspace (default .)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--fail-on", choices=("breaking", "non-breaking"))
    p.set_defaults(handler=_cmd_diff)

    p = sub.add_parser("log", help="revisions with version, bump and changes")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("-n", "--max-count", type=int, default=None)
    p.set_defaults(handler=_cmd_log)

    p = sub.add_parser("trace", help="intent line → feature → operations → revisions")
    p.add_argument("id", help="an operationId or a feature id")
    p.add_argument("workspace", nargs="?", default=".")
    p.set_defaults(handler=_cmd_trace)

    p = sub.add_parser("status", help="last revision, anything pending, last failure")
    p.add_argument("workspace", nargs="?", default=".")
    p.set_defaults(handler=_cmd_status)

    p = sub.add_parser("allow", help="trust this workspace's on_commit/on_failure commands")
    p.add_argument("workspace", nargs="?", default=".")
    p.add_argument("--revoke", action="store_true")
    p.set_defaults(handler=_cmd_allow)

    p = sub.add_parser("enhance", help="a model writes a full intent document from an idea")
    p.add_argument("idea", help='a one-line idea, e.g. "a dog-walking marketplace"')
    p.add_argument(
        "--out", metavar="FILE", help="write it (e.g. intent/app.md) instead of printing"
    )
    p.add_argument("-C", "--workspace", default=".")
    p.set_defaults(handler=_cmd_enhance)

    p = sub.add_parser("eval", help="models × intent cases → validity, coverage, tokens, cost")
    p.add_argument("--cases", default="evals", help="folder of intent cases (default evals/)")
    p.add_argument("--model", action="append", default=[], help="a model to compare (repeat)")
    p.add_argument("-C", "--workspace", default=".")
    p.set_defaults(handler=_cmd_eval)

    p = sub.add_parser("schema", help="JSON Schema of the hand-off or of YAML intent files")
    p.add_argument("kind", nargs="?", choices=("handoff", "intent", "events"), default="handoff")
    p.add_argument("--out", metavar="DIR", help="write handoff.schema.json and intent.schema.json")
    p.set_defaults(handler=_cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 1
    try:
        return handler(args)
    except IntentdError as exc:
        print(exc.render(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception:
        return _crash(args)


def _crash(args: argparse.Namespace) -> int:
    """A bug: keep the traceback in a log and tell the person where it is."""
    text = traceback.format_exc()
    ws = Path(getattr(args, "workspace", None) or ".")
    in_ws = (ws / layout.INTENT_DIR).is_dir()
    log = ws / layout.CRASH_LOG if in_ws else Path(tempfile.gettempdir()) / "crash.log"
    log_dir = log.parent
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"intentd {__version__}: {' '.join(sys.argv)}\n{text}\n")
        where = str(log)
    except OSError:
        where = "(could not write the log)"
        print(text, file=sys.stderr)
    last = text.strip().splitlines()[-1]
    print(
        f"intentd: internal error: {last}\nthe traceback is in {where}; please report it",
        file=sys.stderr,
    )
    return 3
