"""The refs check: every ``$ref`` resolves inside the document, and which components recurse.

prance's ``RefResolver`` (internal refs only) gives the verdict; a cycle-aware walk gives every
broken reference its pointer. prance recurses on schema cycles (prance #40): a
``RecursionError`` falls back to the walk, so a self- or mutually-referencing entity validates
instead of crashing.
"""

from __future__ import annotations

from typing import Any

from ..errors import Finding
from ..openapi.pointer import get_at, parse_pointer, pointer, resolve
from ..openapi.walk import Path, RefSite, ref_sites
from .report import CHECKS, Check

_PRANCE_URL = "file:///intentd/openapi.json"
_RULE = "no-unresolved-refs"


def check_refs(doc: dict[str, Any], refs: list[RefSite] | None = None) -> Check:
    """The broken references in ``doc``; ``refs`` (from :func:`ref_sites`) saves a walk."""
    refs = ref_sites(doc) if refs is None else refs
    findings, cyclic = _walk_refs(doc, refs)
    notes = [f"{len(cyclic)} component(s) on a $ref cycle: {', '.join(cyclic)}"] if cyclic else []
    note, stopped = _prance(doc, refs)
    notes.append(note)
    if stopped is not None and not findings:
        message = f"prance could not resolve the document: {stopped}".splitlines()[0]
        findings.append(Finding("#", message, "error", _RULE))
    return Check.of(CHECKS[1], findings, "; ".join(notes))


# --------------------------------------------------------------------------- prance


def _prance(doc: dict[str, Any], refs: list[RefSite]) -> tuple[str, Exception | None]:
    """How prance fared, as a note, and what stopped it (None when it resolved or recursed)."""
    try:
        _prance_resolve(doc, refs)
    except RecursionError:
        return "prance hit RecursionError (prance #40); used the cycle-aware walk", None
    except Exception as exc:  # prance raises ResolutionError, ValueError, KeyError …
        return "prance failed; the walk located the broken references", exc
    return "prance RefResolver resolved every internal $ref", None


def _prance_resolve(doc: dict[str, Any], refs: list[RefSite]) -> None:
    from prance.util.resolver import RESOLVE_INTERNAL, RefResolver  # type: ignore[import-untyped]

    resolver = RefResolver(
        _ref_targets(doc, refs),
        _PRANCE_URL,
        resolve_types=RESOLVE_INTERNAL,
        recursion_limit_handler=_recursion_limit,
    )
    resolver.resolve_references()


def _ref_targets(doc: dict[str, Any], refs: list[RefSite]) -> dict[str, Any]:
    """What prance needs to resolve every reference: the components, plus each distinct
    ``$ref`` used outside them once. Whether a reference resolves depends only on its target,
    so this is the same verdict as the whole document, without re-walking a thousand
    operations that share a few dozen refs. Refs into anything but components: the whole
    document."""
    outside = sorted({n["$ref"] for at, n in refs if not at or at[0] != "components"})
    if any(r.startswith("#") and not r.startswith("#/components/") for r in outside):
        return doc
    return {
        "openapi": doc.get("openapi"),
        "components": doc.get("components", {}),
        "x-refs": [{"$ref": r} for r in outside],
    }


def _recursion_limit(limit: int, parsed_url: Any, recursions: Any = ()) -> dict[str, Any]:
    # prance #40: a recursive schema is legal; stand in a permissive object at the limit.
    return {"type": "object", "x-recursive-ref": parsed_url.geturl()}


# --------------------------------------------------------------------------- the walk


def _walk_refs(doc: dict[str, Any], refs: list[RefSite]) -> tuple[list[Finding], list[str]]:
    """A finding per broken reference, and the components on a ``$ref`` cycle."""
    findings: list[Finding] = []
    edges: dict[str, set[str]] = {}
    for at, node in refs:
        ref: str = node["$ref"]
        problem, found = _problem(doc, ref)
        if problem:
            findings.append(Finding(pointer(at), problem, "error", _RULE))
        if found:
            _add_edge(edges, at, ref)
    return findings, _cyclic(edges)


def _problem(doc: dict[str, Any], ref: str) -> tuple[str, bool]:
    """What is wrong with ``ref`` ('' if nothing), and whether its target exists."""
    if not ref.startswith("#"):
        return f"external $ref '{ref}': the contract must be self-contained", False
    found, target = get_at(doc, parse_pointer(ref))
    if not found:
        return f"$ref '{ref}' does not resolve", False
    if isinstance(target, dict) and "$ref" in target and resolve(doc, target) is None:
        return f"$ref '{ref}' is a circular chain of $refs", True
    return "", True


def _add_edge(edges: dict[str, set[str]], at: Path, ref: str) -> None:
    # Component to component: the first four pointer parts name one (#/components/kind/name).
    if len(at) >= 3 and at[0] == "components":
        edges.setdefault(pointer(at[:3]), set()).add("/".join(ref.split("/")[:4]))


def _cyclic(edges: dict[str, set[str]]) -> list[str]:
    """Components that reach themselves through $refs (legal: recursive schemas)."""
    return [start.rsplit("/", 1)[-1] for start in sorted(edges) if _reaches(edges, start)]


def _reaches(edges: dict[str, set[str]], start: str) -> bool:
    stack, seen = list(edges[start]), set()
    while stack:
        node = stack.pop()
        if node == start:
            return True
        if node not in seen:
            seen.add(node)
            stack.extend(edges.get(node, ()))
    return False
