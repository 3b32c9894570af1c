"""Installing intentd's check as the workspace's pre-commit hook, for the person's commits.

``intentd hooks install|uninstall`` (issue 5, item 5). Not to be confused with :mod:`.hooks`,
which runs git's own hooks for intentd's commits.

Modelled on pre-commit's ``install_uninstall.py`` (daemon-reliability.md R12): the hook is a thin
bash shim (``hooks/pre-commit``, shipped with intentd) with the installing Python baked in and a
fallback to ``intentd`` on PATH; it runs ``intentd check --staged`` only when the commit touches
``plan/`` or ``spec/``, and steps aside for intentd's own commits (``INTENTD_COMMIT=1``). A hook
that was already there is renamed ``pre-commit.legacy`` and chained; intentd's own scripts are
recognised by their ``# ID: intentd-hook-…`` line; installing twice changes nothing.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile
from pathlib import Path

from ..errors import Finding, IntentdError
from ..resources import hooks_dir as shipped_hooks_dir
from .hooks import hooks_dir
from .repo import state

HOOK = "pre-commit"
LEGACY_SUFFIX = ".legacy"
ID_PREFIX = "# ID: intentd-hook-"
CURRENT_ID = "26ef1a230f45cf37ba863fc05e99f225"
# IDs of earlier shim formats, still recognised as ours (never remove one).
PRIOR_IDS: tuple[str, ...] = ()
_START, _END = "# start templated\n", "# end templated\n"


def template() -> str:
    return (shipped_hooks_dir() / HOOK).read_text(encoding="utf-8")


def render(tmpl: str, python: str, workspace: str) -> str:
    """The shim with the installing interpreter and the workspace (from the repo top) baked in."""
    head, rest = tmpl.split(_START, 1)
    _, tail = rest.split(_END, 1)
    body = f"INSTALL_PYTHON={shlex.quote(python)}\nWORKSPACE={shlex.quote(workspace)}\n"
    return head + _START + body + _END + tail


def is_ours(path: Path) -> bool:
    """True if ``path`` is a hook intentd wrote (any format)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(f"{ID_PREFIX}{i}\n" in text for i in (CURRENT_ID, *PRIOR_IDS))


def hook_path(workspace: Path) -> Path:
    """Where the pre-commit hook goes: ``<git-common-dir>/hooks`` (shared by linked worktrees).

    Refuses when ``core.hooksPath`` sends git elsewhere (pre-commit#718): those hooks belong
    to another tool or to the person.
    """
    repo = state(workspace)
    default = repo.common_dir / "hooks"
    actual = hooks_dir(workspace)
    if os.path.realpath(actual) != os.path.realpath(default):
        raise IntentdError(
            "core.hooksPath is set; not installing",
            (
                Finding(
                    "core.hooksPath",
                    f"git runs hooks from {actual} (core.hooksPath), which intentd does not "
                    "manage; add `intentd check --staged` to your pre-commit hook there, or "
                    "`git config --unset core.hooksPath` and run `intentd hooks install` again",
                    rule="hooks",
                ),
            ),
        )
    return default / HOOK


def install(workspace: Path, *, python: str | None = None) -> Path:
    """Install (or refresh) the hook; returns its path. Idempotent."""
    ws = Path(workspace)
    target = hook_path(ws)
    prefix = state(ws).prefix.rstrip("/")
    content = render(template(), python or sys.executable, prefix or ".")
    legacy = target.with_name(HOOK + LEGACY_SUFFIX)
    if os.path.lexists(target) and not is_ours(target):
        if os.path.lexists(legacy):
            raise IntentdError(
                f"{target}: a hook and a {legacy.name} both exist",
                (
                    Finding(
                        str(target),
                        f"both {HOOK} and {legacy.name} exist and neither is intentd's; merge "
                        f"them into one {HOOK} and run `intentd hooks install` again",
                        rule="hooks",
                    ),
                ),
            )
        os.replace(target, legacy)  # the person's hook keeps running, chained from ours
    if target.is_file() and not target.is_symlink() and target.read_text("utf-8") == content:
        return target
    _write_executable(target, content)
    return target


def uninstall(workspace: Path) -> bool:
    """Remove intentd's hook and put back the one it replaced. False if none was installed."""
    target = hook_path(Path(workspace))
    if not os.path.lexists(target) or not is_ours(target):
        return False
    target.unlink()
    legacy = target.with_name(HOOK + LEGACY_SUFFIX)
    if os.path.lexists(legacy):
        os.replace(legacy, target)
    return True


def _write_executable(target: Path, content: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.intentd-tmp-", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
        os.chmod(tmp, 0o755)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
