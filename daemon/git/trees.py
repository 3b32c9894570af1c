"""Trees: what a commit holds (listings, snapshots, objects by name) and new trees written
from bytes in a scratch index.

A revision's tree is built from the validated bytes in a temporary index; the person's index
and working tree are never read for it (issue 4, item 4; daemon-reliability R6). Blobs go
through the path's clean filters as ``git add`` would, unless no attribute converts the path.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .memo import TreeEntries, _listing, _remember_index, _remember_listing, _scratch_index
from .repo import _repo_path, _Where, _where, _ws_path
from .run import _git, _lines, _out, _reaping, _Running, _start

_Entry = tuple[str, str]  # (mode, object id)
_Object = tuple[str, str, bytes]  # (object id, type, bytes)
_FULL_ID = re.compile(r"[0-9a-f]{40}([0-9a-f]{24})?")
# A scratch index must not leave a shared index file behind in the person's git dir.
_SCRATCH = ("-c", "core.splitIndex=false")
_CONVERTING = ("filter", "text", "eol", "crlf", "ident", "working-tree-encoding")


# ---------------------------------------------------------------- what a commit holds


def _tree_entries(where: _Where, commit: str, paths: Sequence[str]) -> TreeEntries:
    """Every entry ``ls-tree -r`` lists under ``paths`` at ``commit``."""
    out = _out(where.top, "ls-tree", "-r", "-z", commit, "--", *paths, read_only=True)
    entries: TreeEntries = {}
    for rec in filter(None, out.split("\0")):
        meta, path = rec.split("\t", 1)
        mode, kind, oid = meta.split()
        entries[path] = (mode, kind, oid)
    return entries


def _ls_tree(where: _Where, commit: str | None, paths: Sequence[str]) -> dict[str, _Entry]:
    """The blobs under ``paths`` at ``commit``; a :func:`snapshot` listing answers if it can."""
    if commit is None or not paths:
        return {}
    listed = _listing(where.top, commit)
    if listed is not None and all(_inside(p, listed[0]) for p in paths):
        entries = {path: entry for path, entry in listed[1].items() if _inside(path, paths)}
    else:
        entries = _tree_entries(where, commit, paths)
    return {path: (mode, oid) for path, (mode, kind, oid) in entries.items() if kind == "blob"}


def _inside(path: str, folders: Iterable[str]) -> bool:
    """Whether ``path`` is one of ``folders`` or below one (how ls-tree matches its paths)."""
    return any(path == f or path.startswith(f + "/") for f in folders)


def _cat(
    where: _Where, names: Sequence[str], env: Mapping[str, str] | None = None
) -> list[_Object | None]:
    """(object id, type, bytes) of each name, in one ``cat-file --batch``; None if missing."""
    if not names:
        return []
    out = _git(where.top, "cat-file", "--batch", stdin=_lines(names), env=env, read_only=True)
    data, pos = out.stdout, 0
    found: list[_Object | None] = []
    for _ in names:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] in (b"blob", b"tree", b"commit", b"tag"):
            size = int(header[2])
            found.append((header[0].decode(), header[1].decode(), data[pos : pos + size]))
            pos += size + 1
        else:  # "<name> missing" / "ambiguous"
            found.append(None)
    return found


def _blob(found: _Object | None) -> bytes | None:
    return found[2] if found and found[1] == "blob" else None


def _cat_blobs(
    where: _Where, names: Sequence[str], env: Mapping[str, str] | None = None
) -> list[bytes | None]:
    return [_blob(f) for f in _cat(where, names, env)]


@dataclass(frozen=True)
class Snapshot:
    """What one commit holds for a revision: its tree, the workspace paths under some
    folders, and the bytes of those paths and of any others asked for (None: absent)."""

    commit: str
    tree: str | None
    listed: tuple[str, ...]
    blobs: Mapping[str, bytes | None]

    def under(self, folder: str) -> list[str]:
        """Like :func:`list_paths` of the commit under ``folder`` (one of those listed)."""
        return [p for p in self.listed if _inside(p, [folder.strip("/")])]


def snapshot(
    ws: Path,
    commit: str,
    folders: Sequence[str],
    paths: Iterable[str] = (),
    *,
    read: Sequence[str] | None = None,
) -> Snapshot:
    """``commit``'s tree, the paths under ``folders``, and the bytes of ``paths`` and of the
    listed paths under ``read`` (default: all ``folders``), in two git commands (``ls-tree``
    and ``cat-file``). Within a :func:`session` the listing also answers later questions
    about those folders at ``commit``."""
    where = _where(ws)
    specs = [_repo_path(where, f) for f in folders]
    entries = _tree_entries(where, commit, specs)
    if _FULL_ID.fullmatch(commit):  # a name like HEAD may move; an id's tree never does
        _remember_listing(where.top, commit, tuple(specs), entries)
    listed = tuple(_ws_path(where, p) for p in entries)
    order = _to_read(listed, read, paths)
    names = [f"{commit}^{{tree}}", *(f"{commit}:{_repo_path(where, p)}" for p in order)]
    tree, *found = _cat(where, names)
    return Snapshot(
        commit,
        tree[0] if tree is not None and tree[1] == "tree" else None,
        listed,
        dict(zip(order, map(_blob, found), strict=True)),
    )


def _to_read(listed: Sequence[str], read: Sequence[str] | None, paths: Iterable[str]) -> list[str]:
    """The listed paths under ``read`` (all when None), then ``paths``, each once."""
    kept = [p for p in listed if read is None or _inside(p, [f.strip("/") for f in read])]
    return list(dict.fromkeys([*kept, *paths]))


# ---------------------------------------------------------------- writing a tree


@contextmanager
def _temp_index(where: _Where, tree: str | None) -> Iterator[tuple[Path, dict[str, str]]]:
    """A scratch GIT_INDEX_FILE holding ``tree``; the person's index is never touched."""
    tmp = Path(tempfile.mkdtemp(prefix="intentd-index-"))
    env = {"GIT_INDEX_FILE": str(tmp / "index")}
    ready = _scratch_index(where.top, tree)
    try:
        if ready is not None:  # the index write_tree_from_bytes built for this tree
            (tmp / "index").write_bytes(ready)
        else:
            _git(where.top, *_SCRATCH, "read-tree", *([tree] if tree else ["--empty"]), env=env)
        yield tmp, env
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_tree_from_bytes(
    ws: Path, files: Mapping[str, bytes | None], base: str | None, *, filters: bool = True
) -> str:
    """A tree equal to ``base``'s with ``files`` replaced (``None`` removes a path).

    Blobs are exactly the given bytes, passed through the path's clean filters (as ``git add``
    would, so LFS and eol attributes hold) unless ``filters`` is False. Modes of existing
    regular files are kept.
    """
    where = _where(ws)
    wanted = {_repo_path(where, p): data for p, data in files.items()}
    modes = _ls_tree(where, base, sorted(wanted))
    blobs = {p: d for p, d in wanted.items() if d is not None}
    unconverted = _Unconverted(where, sorted(blobs) if filters else [])
    # the attribute queries run while the scratch index is read
    with _reaping(*unconverted.asks), _temp_index(where, base) as (tmp, env):
        plain = sorted(blobs) if not filters else unconverted.paths()
        lines = _stage(where, tmp, wanted, plain, modes)
        if lines:
            _git(where.top, *_SCRATCH, "update-index", "--index-info", stdin=_lines(lines), env=env)
        tree = _out(where.top, "write-tree", env=env).strip()
        _remember_index(where.top, tree, tmp / "index")  # the hooks see this tree next
        return tree


def _stage(
    where: _Where,
    tmp: Path,
    wanted: Mapping[str, bytes | None],
    plain: Sequence[str],
    modes: Mapping[str, _Entry],
) -> list[str]:
    """Write the blobs ``base`` lacks; the ``--index-info`` lines that put ``wanted`` in the
    scratch index (``plain``: the paths stored byte for byte)."""
    blobs = {p: d for p, d in wanted.items() if d is not None}
    # A path stored byte for byte whose bytes are already its blob in ``base`` (a regular
    # file, whose mode is kept) is in the scratch index as it must be: nothing to do.
    same = {p for p in plain if _same_blob(where, modes.get(p), blobs[p])}
    changed = {p: d for p, d in blobs.items() if p not in same}
    oids = _hash_blobs(where, changed, [p for p in plain if p not in same], tmp)
    return _index_info(where, [p for p in sorted(wanted) if p not in same], oids, modes)


def _index_info(
    where: _Where, paths: Iterable[str], oids: Mapping[str, str], modes: Mapping[str, _Entry]
) -> list[str]:
    """``update-index --index-info`` lines: each path's new blob, or its removal where it
    has none. An executable file stays executable; any other entry becomes a regular file."""
    lines = []
    for path in paths:
        if path not in oids:
            lines.append(f"0 {where.zero}\t{path}")
            continue
        mode = modes.get(path, ("100644", ""))[0]
        lines.append(f"{mode if mode == '100755' else '100644'} {oids[path]}\t{path}")
    return lines


def _same_blob(where: _Where, entry: _Entry | None, data: bytes) -> bool:
    if entry is None or entry[0] not in ("100644", "100755"):
        return False
    digest = hashlib.sha256() if len(where.zero) == 64 else hashlib.sha1()  # git object ids
    digest.update(b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest() == entry[1]


def _hash_blobs(
    where: _Where, blobs: Mapping[str, bytes], plain: Sequence[str], tmp: Path
) -> dict[str, str]:
    """Write blobs; paths git stores byte for byte (``plain``) go in one ``hash-object`` call,
    the others one by one through their clean filters (``--path``)."""
    oids: dict[str, str] = {}
    if plain:
        names = []
        for n, path in enumerate(plain):
            names.append(str(tmp / f"blob-{n}"))
            Path(names[-1]).write_bytes(blobs[path])
        out = _out(
            where.top, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin=_lines(names)
        )
        oids.update(zip(plain, out.split(), strict=True))
    for path in sorted(blobs.keys() - set(plain)):
        out = _out(where.top, "hash-object", "-w", "--stdin", f"--path={path}", stdin=blobs[path])
        oids[path] = out.strip()
    return oids


class _Unconverted:
    """The paths no attribute or eol setting converts on the way into git: asked when made
    (``core.autocrlf`` and the attributes side by side), answered by :meth:`paths`."""

    def __init__(self, where: _Where, paths: Sequence[str]) -> None:
        self.paths_asked = list(paths)
        self.asks: list[_Running] = []
        if paths:
            query = b"".join(p.encode("utf-8", "surrogateescape") + b"\0" for p in paths)
            self.asks.append(
                _start(where.top, "config", "--get", "core.autocrlf", read_only=True, ok=(0, 1))
            )
            try:
                self.asks.append(
                    _start(
                        where.top,
                        "check-attr",
                        "-z",
                        "--stdin",
                        *_CONVERTING,
                        stdin=query,
                        read_only=True,
                    )
                )
            except BaseException:
                self.reap()
                raise

    def reap(self) -> None:
        for ask in self.asks:
            ask.reap()

    def paths(self) -> list[str]:
        if not self.asks:
            return []
        with _reaping(*self.asks):
            return self._answer(self.asks[0].text(), self.asks[1])

    def _answer(self, autocrlf: str, attributes: _Running) -> list[str]:
        if autocrlf.strip().lower() not in ("", "false", "no", "off", "0"):  # true or input
            return []
        fields = attributes.text().split("\0")
        converted = {
            fields[i]
            for i in range(0, len(fields) - 2, 3)
            if fields[i + 2] not in ("unspecified", "unset")
        }
        return [p for p in self.paths_asked if p not in converted]
