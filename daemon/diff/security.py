"""Security: the schemes a document defines, and the requirements each operation has.

A requirement change is breaking when some client that satisfied an old alternative (one
OR branch of ``security``) satisfies no new one; oasdiff reports these as INFO, so intentd
gives them an explicit class (see :mod:`.rules`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .comparison import Comparison
from .document import as_dict, as_list, canon, change_text, strip_ext, tok

_SCHEME_KEYS = ("type", "scheme", "in", "name", "bearerFormat", "openIdConnectUrl")
_FLOW_URLS = (
    ("tokenUrl", "api-security-component-oauth-token-url-changed"),
    ("authorizationUrl", "api-security-component-oauth-url-changed"),
    ("refreshUrl", "api-security-component-oauth-url-changed"),
)
Requirement = dict[str, frozenset[str]]
"""One alternative of a ``security`` list: scheme name → the scopes it needs."""
_Edit = tuple[str, str]  # (rule, message)


# --------------------------------------------------------------------------- schemes
def schemes(c: Comparison) -> None:
    """``components.securitySchemes``: added, removed, or changed in type, flows, docs."""
    old = as_dict(as_dict(c.old.doc.get("components")).get("securitySchemes"))
    new = as_dict(as_dict(c.new.doc.get("components")).get("securitySchemes"))
    for name in sorted(set(old) | set(new)):
        loc = f"/components/securitySchemes/{tok(name)}"
        if name not in new:
            c.emit("api-security-component-removed", loc, f"security scheme '{name}' removed")
        elif name not in old:
            c.emit("api-security-component-added", loc, f"security scheme '{name}' added")
        else:
            _scheme(c, name, c.old.resolved(old[name]), c.new.resolved(new[name]), loc)


def _scheme(c: Comparison, name: str, o: dict[str, Any], n: dict[str, Any], loc: str) -> None:
    for key in _SCHEME_KEYS:
        if o.get(key) != n.get(key):
            c.emit(
                "api-security-component-type-changed",
                f"{loc}/{key}",
                f"security scheme '{name}': {key} {change_text(o.get(key), n.get(key))}",
            )
    _flows(c, name, loc, as_dict(o.get("flows")), as_dict(n.get("flows")))
    c.docs(o, n, loc, f"security scheme '{name}'")


def _flows(c: Comparison, name: str, loc: str, old: dict[str, Any], new: dict[str, Any]) -> None:
    for flow in sorted(set(old) | set(new)):
        if strip_ext(old.get(flow)) == strip_ext(new.get(flow)):
            continue
        floc = f"{loc}/flows/{flow}"
        if flow not in old or flow not in new:
            what = "added" if flow not in old else "removed"
            c.emit("api-security-component-type-changed", floc, f"'{name}': flow {flow} {what}")
        else:
            _flow(c, f"'{name}'", flow, as_dict(old[flow]), as_dict(new[flow]), floc)


def _flow(
    c: Comparison, scheme: str, flow: str, o: dict[str, Any], n: dict[str, Any], loc: str
) -> None:
    for key, rule in _FLOW_URLS:
        if o.get(key) != n.get(key):
            c.emit(rule, f"{loc}/{key}", f"{scheme}: {flow} {key} changed")
    so, sn = as_dict(o.get("scopes")), as_dict(n.get("scopes"))
    for scope in sorted(set(so) - set(sn)):
        msg = f"{scheme}: scope '{scope}' removed"
        c.emit("api-security-component-oauth-scope-removed", f"{loc}/scopes", msg)
    for scope in sorted(set(sn) - set(so)):
        msg = f"{scheme}: scope '{scope}' added"
        c.emit("api-security-component-oauth-scope-added", f"{loc}/scopes", msg)


# --------------------------------------------------------------------------- requirements
def requirements(c: Comparison, op_o: dict[str, Any], op_n: dict[str, Any], loc: str) -> None:
    """The security an operation effectively has (its own, else the document's)."""
    old = _effective(c.old.doc, op_o)
    new = _effective(c.new.doc, op_n)
    if sorted(map(_canon_req, old)) == sorted(map(_canon_req, new)):
        return
    # Breaking when some client that satisfied an old alternative satisfies no new one.
    broken = not all(_satisfies(alt, new) for alt in old)
    scopes_o, scopes_n = _union_scopes(old), _union_scopes(new)
    added, removed = _gained(scopes_o, scopes_n), _lost(scopes_o, scopes_n)
    if broken and not added:
        # An alternative (OR branch) was dropped: its removal is what breaks clients.
        added, removed = removed, []
    elif not added and not removed:
        added = [("api-security-changed", "security requirements regrouped")]
    for rule, msg in added:
        c.emit(rule, loc, msg, klass="breaking" if broken else "non-breaking")
    for rule, msg in removed:
        c.emit(rule, loc, msg, klass="non-breaking")


def _effective(doc: Mapping[str, Any], op: dict[str, Any]) -> list[Requirement]:
    reqs = op["security"] if "security" in op else doc.get("security")
    alternatives = [
        {str(k): frozenset(map(canon, as_list(v))) for k, v in r.items()}
        for r in as_list(reqs)
        if isinstance(r, dict)
    ]
    return alternatives or [{}]  # no requirement = anonymous access


def _canon_req(req: Requirement) -> str:
    return canon({k: sorted(v) for k, v in req.items()})


def _satisfies(client: Requirement, alternatives: list[Requirement]) -> bool:
    """Whether credentials for ``client`` meet one of ``alternatives``."""
    return any(
        all(s in client and sc <= client[s] for s, sc in alt.items()) for alt in alternatives
    )


def _union_scopes(alternatives: Iterable[Requirement]) -> Requirement:
    out: Requirement = {}
    for alt in alternatives:
        for name, scopes in alt.items():
            out[name] = out.get(name, frozenset()) | scopes
    return out


def _gained(so: Requirement, sn: Requirement) -> list[_Edit]:
    """Schemes and scopes the new alternatives ask for that no old one did."""
    out = [
        ("api-security-added", f"security requirement '{name}' added")
        for name in sorted(set(sn) - set(so))
    ]
    for name in sorted(set(so) & set(sn)):
        out += [
            ("api-security-scope-added", f"'{name}' now needs scope '{scope}'")
            for scope in sorted(sn[name] - so[name])
        ]
    return out


def _lost(so: Requirement, sn: Requirement) -> list[_Edit]:
    """Schemes and scopes some old alternative asked for that no new one does."""
    out = [
        ("api-security-removed", f"security requirement '{name}' removed")
        for name in sorted(set(so) - set(sn))
    ]
    for name in sorted(set(so) & set(sn)):
        out += [
            ("api-security-scope-removed", f"'{name}' no longer needs scope '{scope}'")
            for scope in sorted(so[name] - sn[name])
        ]
    return out
