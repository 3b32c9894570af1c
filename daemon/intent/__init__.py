"""Reading ``intent/`` into one :class:`IntentBundle` with a content hash.

The face of the subpackage: :mod:`.bundle` holds the pure values (pure stages import from
there directly), :mod:`.reader` reads them from disk, :mod:`.snapshot` is the stable snapshot
the watcher acts on and its fingerprint.
"""

from __future__ import annotations

from .bundle import (
    IMAGE_SUFFIXES,
    TEXT_SUFFIXES,
    IntentBundle,
    IntentFile,
    bundle_hash,
    decode_text,
    intent_hash,
    is_decodable,
    is_intent_path,
    make_bundle,
    make_file,
)
from .reader import read_bundle

__all__ = [
    "IMAGE_SUFFIXES",
    "TEXT_SUFFIXES",
    "IntentBundle",
    "IntentFile",
    "bundle_hash",
    "decode_text",
    "intent_hash",
    "is_decodable",
    "is_intent_path",
    "make_bundle",
    "make_file",
    "read_bundle",
]
