"""Model answers kept by content hash in ``.intentd/llm-cache/`` (issue #6, item 4).

The key is the sha256 of canonical JSON of everything that decides an answer: provider
profile, base-URL host, model, messages (images by the hash of their bytes), schema, prompt
version and parameters. Never the key, never a header. Only completed answers are stored;
refusals, length cuts and errors are not.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

_DATA_URL = re.compile(r"^data:([^;,]+);base64,(.*)$", re.DOTALL)


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _images_by_hash(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _images_by_hash(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_images_by_hash(v) for v in value]
    if isinstance(value, str):
        m = _DATA_URL.match(value)
        if m:
            return f"{m.group(1)};sha256={hashlib.sha256(m.group(2).encode()).hexdigest()}"
    return value


def cache_key(request: dict[str, Any]) -> str:
    """sha256 of the canonical request, with inline images replaced by their hashes."""
    return hashlib.sha256(canonical(_images_by_hash(request)).encode("utf-8")).hexdigest()


class AnswerCache:
    """One JSON file per answer, written atomically. ``directory=None`` disables caching."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path | None:
        return None if self.directory is None else self.directory / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        if path is None or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # a torn or foreign file is a miss, never an error
        return data if isinstance(data, dict) and isinstance(data.get("content"), str) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(canonical(entry) + "\n")
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def drop(self, key: str) -> None:
        path = self._path(key)
        if path is not None:
            path.unlink(missing_ok=True)
