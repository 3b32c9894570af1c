"""Reading ``intent/`` into one :class:`IntentBundle` with a content hash.

Text files are strict UTF-8 (a BOM and CRLF are accepted and normalised); images are
carried as bytes with their media type and hash for the model planner. Every problem is a
finding naming the path: an oversized file, a binary where text belongs, a symlink leaving
the workspace, an unreadable file.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import Finding, IntentError
from ..layout import INTENT_DIR

TEXT_SUFFIXES: dict[str, str] = {
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".yaml": "application/yaml",
    ".yml": "application/yaml",
}
IMAGE_SUFFIXES: dict[str, str] = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".gif": "image/gif",
}
_IMAGE_MAGIC: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "image/webp": (b"RIFF",),
}


@dataclass(frozen=True)
class IntentFile:
    """One file of the bundle. ``path`` is workspace-relative with forward slashes."""

    path: str
    media_type: str
    data: bytes
    sha256: str
    text: str | None  # decoded, BOM stripped, CRLF → LF; None for images

    @property
    def is_image(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class IntentBundle:
    files: tuple[IntentFile, ...]
    sha256: str  # over (path, bytes) of every file, in order

    @property
    def texts(self) -> tuple[IntentFile, ...]:
        return tuple(f for f in self.files if f.text is not None)

    @property
    def images(self) -> tuple[IntentFile, ...]:
        return tuple(f for f in self.files if f.text is None)


def bundle_hash(files: tuple[IntentFile, ...]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.path.encode("utf-8") + b"\0" + f.sha256.encode("ascii") + b"\n")
    return h.hexdigest()


def decode_text(data: bytes, path: str) -> str:
    """Strict UTF-8 with an optional BOM; CRLF and lone CR become LF."""
    if b"\0" in data:
        raise IntentError(
            f"{path}: binary data",
            (Finding(path, "binary data (NUL bytes) in a text file; save it as UTF-8 text"),),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise IntentError(
            f"{path}:{line}: not UTF-8",
            (
                Finding(
                    f"{path}:{line}",
                    f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
                ),
            ),
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def make_file(path: str, data: bytes) -> IntentFile:
    """Build an :class:`IntentFile` from bytes (no filesystem access)."""
    suffix = os.path.splitext(path)[1].lower()
    digest = hashlib.sha256(data).hexdigest()
    if suffix in IMAGE_SUFFIXES:
        media = IMAGE_SUFFIXES[suffix]
        if not data.startswith(_IMAGE_MAGIC[media]):
            raise IntentError(
                f"{path}: not a {media} image",
                (Finding(path, f"the file is not a valid {media} image; re-export it"),),
            )
        return IntentFile(path, media, data, digest, None)
    return IntentFile(path, TEXT_SUFFIXES[suffix], data, digest, decode_text(data, path))


def make_bundle(files: list[IntentFile]) -> IntentBundle:
    ordered = tuple(sorted(files, key=lambda f: f.path))
    return IntentBundle(ordered, bundle_hash(ordered))


def is_intent_path(name: str) -> bool:
    suffix = os.path.splitext(name)[1].lower()
    return suffix in TEXT_SUFFIXES or suffix in IMAGE_SUFFIXES


def read_bundle(
    workspace: Path, *, max_text_bytes: int = 1_000_000, max_image_bytes: int = 5_000_000
) -> IntentBundle:
    """Read every intent file under ``workspace/intent`` in a stable order.

    Hidden files and editor temp files are skipped (their names never match the
    allowlisted suffixes or start with a dot). All problems are reported together.
    """
    root = workspace.resolve()
    base = root / INTENT_DIR
    if not base.is_dir():
        raise IntentError(
            f"{INTENT_DIR}/: missing",
            (Finding(f"{INTENT_DIR}/", "no intent/ folder; create it and write intent/app.md"),),
        )
    findings: list[Finding] = []
    files: list[IntentFile] = []
    for dirpath, dirnames, filenames in os.walk(base, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for d in list(dirnames):
            full = Path(dirpath) / d
            if full.is_symlink():
                dirnames.remove(d)
                _check_link(full, root, findings)
        for name in sorted(filenames):
            if name.startswith(".") or not is_intent_path(name):
                continue
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            if not is_decodable(rel):
                shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                findings.append(Finding(shown, "the file name is not valid UTF-8; rename the file"))
                continue
            if full.is_symlink() and not _check_link(full, root, findings):
                continue
            f = _read_one(full, rel, max_text_bytes, max_image_bytes, findings)
            if f is not None:
                files.append(f)
    if findings:
        raise IntentError("intent/ cannot be read", tuple(findings))
    if not files:
        raise IntentError(
            f"{INTENT_DIR}/: empty",
            (
                Finding(
                    f"{INTENT_DIR}/",
                    "no intent files (*.md, *.yaml, images); write intent/app.md to start",
                ),
            ),
        )
    return make_bundle(files)


def is_decodable(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (os gives them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_link(full: Path, root: Path, findings: list[Finding]) -> bool:
    rel = full.relative_to(root).as_posix()
    try:
        target = full.resolve(strict=True)
    except (OSError, RuntimeError):
        findings.append(Finding(rel, "broken symlink; point it at a file inside the workspace"))
        return False
    if not target.is_relative_to(root):
        findings.append(
            Finding(rel, f"symlink leaves the workspace (→ {target}); copy the file in instead")
        )
        return False
    return True


def _read_one(
    full: Path, rel: str, max_text: int, max_image: int, findings: list[Finding]
) -> IntentFile | None:
    limit = max_image if os.path.splitext(rel)[1].lower() in IMAGE_SUFFIXES else max_text
    try:
        size = full.stat().st_size
        if size > limit:
            findings.append(
                Finding(rel, f"file is {size} bytes, over the {limit}-byte limit; split it up")
            )
            return None
        data = full.read_bytes()
    except OSError as exc:
        findings.append(Finding(rel, f"cannot read: {exc.strerror or exc}; check permissions"))
        return None
    try:
        return make_file(rel, data)
    except IntentError as exc:
        findings.extend(exc.findings)
        return None
