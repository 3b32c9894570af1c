"""The intent bundle as a value: its files, their decoding, and the one hash of ``intent/``.

Pure (no filesystem): the planners and the watcher's filter import it freely, while reading
from disk lives in :mod:`.reader` and the stable snapshot in :mod:`.snapshot`. Text files are
strict UTF-8 (a BOM and CRLF are accepted and normalised); images are carried as bytes with
their media type and hash for the model planner.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import Finding, IntentError

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
    sha256: str  # :func:`intent_hash` of (path, sha256) of every file

    @property
    def texts(self) -> tuple[IntentFile, ...]:
        return tuple(f for f in self.files if f.text is not None)

    @property
    def images(self) -> tuple[IntentFile, ...]:
        return tuple(f for f in self.files if f.text is None)


def intent_hash(entries: Iterable[tuple[str, str]]) -> str:
    """The hash of ``intent/``: over (workspace-relative path, sha256) pairs, sorted by path.

    The only implementation: the bundle's hash and the watcher's fingerprint both come from
    here, so a readable bundle and the snapshot the watcher acted on cannot disagree. A path
    holding undecodable bytes (a surrogate from ``os``) hashes as those bytes.
    """
    h = hashlib.sha256()
    for path, sha in sorted(entries):
        h.update(path.encode("utf-8", "surrogateescape") + b"\0" + sha.encode("ascii") + b"\n")
    return h.hexdigest()


def bundle_hash(files: Iterable[IntentFile]) -> str:
    return intent_hash((f.path, f.sha256) for f in files)


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
    suffix = _suffix(path)
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
    suffix = _suffix(name)
    return suffix in TEXT_SUFFIXES or suffix in IMAGE_SUFFIXES


def is_image_path(name: str) -> bool:
    return _suffix(name) in IMAGE_SUFFIXES


def is_decodable(name: str) -> bool:
    """False for a name holding bytes that are not UTF-8 (os gives them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _suffix(path: str) -> str:
    # posixpath, not os.path: the same on every OS, and no os import in a pure module.
    return posixpath.splitext(path)[1].lower()
