"""The ``intentd`` command line: the parser, dispatch, and the one place errors map to exit codes.

Each subcommand lives in ``intentd.commands.<name>`` (its ``run(args) -> int``), imported only
when that command runs. Exit codes (DESIGN.md): 0 done or up to date, 1 the person's input or
state needs attention (findings printed as ``path:line: message``), 2 a usage error (argparse),
3 a bug (traceback written to a log), 130 ^C.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__, layout
from .errors import IntentdError

Configure = Callable[[argparse.ArgumentParser], None]


def _workspace(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", nargs="?", default=".")


def _quiet(p: argparse.ArgumentParser, text: str | None = None) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help=text)


def _init(p: argparse.ArgumentParser) -> None:
    p.add_argument("dir")
    p.add_argument("--no-hooks", action="store_true", help="do not install the git hooks")


def _hooks(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("install", "uninstall"))
    _workspace(p)


def _plan(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    p.add_argument("--stdout", action="store_true", help="print the hand-off instead of writing")
    _quiet(p)


def _spec(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    _quiet(p)


def _check(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    p.add_argument("--staged", action="store_true", help="check what is staged (pre-commit)")
    _quiet(p)


def _build(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    p.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    p.add_argument("--force", action="store_true", help="discard hand edits under plan/ spec/")
    p.add_argument("--json", action="store_true", help="print the revision or failure report")
    _quiet(p)


def _watch(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    _quiet(p, "print failures only")
    p.add_argument("--json", action="store_true", help="one JSON event per line")


def _diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", nargs="?", help="old: a git revision or a file (default HEAD)")
    p.add_argument("b", nargs="?", help="new: a git revision or a file (default spec/openapi.yaml)")
    p.add_argument("-C", "--workspace", default=".", help="the workspace (default .)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.add_argument("--fail-on", choices=("breaking", "non-breaking"))


def _log(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    p.add_argument("-n", "--max-count", type=int, default=None)


def _trace(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", help="an operationId or a feature id")
    _workspace(p)


def _allow(p: argparse.ArgumentParser) -> None:
    _workspace(p)
    p.add_argument("--revoke", action="store_true")


def _enhance(p: argparse.ArgumentParser) -> None:
    p.add_argument("idea", help='a one-line idea, e.g. "a dog-walking marketplace"')
    p.add_argument(
        "--out", metavar="FILE", help="write it (e.g. intent/app.md) instead of printing"
    )
    p.add_argument("-C", "--workspace", default=".")


def _eval(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", default="evals", help="folder of intent cases (default evals/)")
    p.add_argument("--model", action="append", default=[], help="a model to compare (repeat)")
    p.add_argument("-C", "--workspace", default=".")


def _schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("kind", nargs="?", choices=("handoff", "intent", "events"), default="handoff")
    p.add_argument("--out", metavar="DIR", help="write handoff.schema.json and intent.schema.json")


COMMANDS: dict[str, tuple[str, Configure]] = {
    "init": ("new workspace from the template, first revision committed", _init),
    "hooks": ("install or uninstall the workspace's pre-commit hook", _hooks),
    "plan": ("intent/ → plan/handoff.yaml and plan/README.md", _plan),
    "spec": ("plan/handoff.yaml → spec/ (contract + artifacts)", _spec),
    "check": ("validate plan/ and spec/ as they are on disk", _check),
    "build": ("one revision: plan, spec, validate, diff, bump, commit", _build),
    "watch": ("the daemon: a revision on every settled save", _watch),
    "diff": ("semantic contract diff (git revisions or files)", _diff),
    "log": ("revisions with version, bump and changes", _log),
    "trace": ("intent line → feature → operations → revisions", _trace),
    "status": ("last revision, anything pending, last failure", _workspace),
    "allow": ("trust this workspace's on_commit/on_failure commands", _allow),
    "enhance": ("a model writes a full intent document from an idea", _enhance),
    "eval": ("models × intent cases → validity, coverage, tokens, cost", _eval),
    "schema": ("JSON Schema of the hand-off or of YAML intent files", _schema),
}
"""Every subcommand: its help line and its arguments; ``intentd.commands.<name>`` runs it."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="intentd",
        description="Turn intent/ into a plan, a validated OpenAPI 3.1 contract and a git revision.",
    )
    parser.add_argument("--version", action="version", version=f"intentd {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, configure) in COMMANDS.items():
        configure(sub.add_parser(name, help=help_text))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 1
    try:
        return _run(args)
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


def _run(args: argparse.Namespace) -> int:
    command = importlib.import_module(f"{__package__}.commands.{args.command}")
    result: int = command.run(args)
    return result


def _crash(args: argparse.Namespace) -> int:
    """A bug: keep the traceback in a log and tell the person where it is."""
    text = traceback.format_exc()
    ws = Path(getattr(args, "workspace", None) or ".")
    in_ws = (ws / layout.INTENT_DIR).is_dir()
    log = ws / layout.CRASH_LOG if in_ws else Path(tempfile.gettempdir()) / "crash.log"
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
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
