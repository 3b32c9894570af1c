"""Lint rules on security: every operation declares it, requirements name defined schemes and
scopes, and every scheme is used."""

from __future__ import annotations

from typing import Any

from ...openapi.pointer import resolve
from ...openapi.walk import Path, iter_operations, list_items
from .rules import Out


def check_security(doc: dict[str, Any], out: Out) -> None:
    schemes = _schemes(doc)
    used: set[str] = set()
    for at, req in _requirements(doc, out):
        if isinstance(req, dict):
            used.update(req)
            _requirement(doc, schemes, req, at, out)
    for name in schemes:
        if name not in used:
            out(
                "oas3-unused-component",
                ("components", "securitySchemes", name),
                f"security scheme '{name}' is never used",
            )


def _schemes(doc: dict[str, Any]) -> dict[str, Any]:
    comps = doc.get("components")
    schemes = comps.get("securitySchemes") if isinstance(comps, dict) else None
    return schemes if isinstance(schemes, dict) else {}


def _requirements(doc: dict[str, Any], out: Out) -> list[tuple[Path, Any]]:
    """Every security requirement (the root's, then each operation's); an operation that
    declares none without a root default is a finding."""
    requirements: list[tuple[Path, Any]] = list(list_items(doc.get("security"), ("security",)))
    root_has = isinstance(doc.get("security"), list)
    for _key, _method, op, at in iter_operations(doc):
        if "security" in op:
            requirements.extend(list_items(op.get("security"), (*at, "security")))
        elif not root_has:
            out("security-defined", at, "the operation must declare security ([] if public)")
    return requirements


def _requirement(
    doc: dict[str, Any], schemes: dict[str, Any], req: dict[str, Any], at: Path, out: Out
) -> None:
    for name, scopes in req.items():
        scheme = resolve(doc, schemes.get(name))
        if name not in schemes:
            out("oas3-operation-security-defined", (*at, name), f"no security scheme '{name}'")
        elif isinstance(scheme, dict) and scheme.get("type") == "oauth2":
            _scopes(name, scopes, _oauth_scopes(scheme), (*at, name), out)


def _scopes(name: str, scopes: Any, defined: set[str], at: Path, out: Out) -> None:
    for i, scope in enumerate(scopes if isinstance(scopes, list) else []):
        if scope not in defined:
            out("security-scopes-defined", (*at, i), f"scope '{scope}' is not defined in '{name}'")


def _oauth_scopes(scheme: dict[str, Any]) -> set[str]:
    flows = scheme.get("flows")
    scopes: set[str] = set()
    if isinstance(flows, dict):
        for flow in flows.values():
            if isinstance(flow, dict) and isinstance(flow.get("scopes"), dict):
                scopes.update(flow["scopes"])
    return scopes
