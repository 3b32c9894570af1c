"""Who may call what: each feature's access, the auth scheme and the hand-off's policy.

A feature is ``auth`` unless it says ``Access: public`` (or public read) or the policy's
``public`` list names it; ``features_requiring_auth``, when given, names every feature that
is. With no scheme set, a feature that asks for auth (``Access: authenticated`` or public
read) brings ``jwt_with_refresh``; else the scheme is ``none`` and nothing needs auth.
"""

from __future__ import annotations

import re
from typing import Any

from .common import Findings, Item, feature_ref, known
from .draft import Draft

_SCHEMES = {
    "jwt_with_refresh": "jwt_with_refresh",
    "jwt": "jwt",
    "jwt_with_refresh_tokens": "jwt_with_refresh",
    "bearer": "jwt",
    "oauth2": "oauth2",
    "oauth": "oauth2",
    "api_key": "api_key",
    "apikey": "api_key",
    "none": "none",
    "no_auth": "none",
}


def access_map(draft: Draft, features: list[Item], out: Findings) -> dict[str, str]:
    """Feature id → public | public-read | auth."""
    access = {f["id"]: f["_access"] or "auth" for f in features}
    _make_public(draft, features, access, out)
    explicit = draft.auth.get("features_requiring_auth")
    if explicit is not None:
        listed = {feature_ref(r, features) for r in explicit.value}
        for fid in access:
            access[fid] = _listed_access(access[fid], fid in listed)
    return access


def _make_public(draft: Draft, features: list[Item], access: dict[str, str], out: Findings) -> None:
    """The policy's ``public`` list opens those features to everyone."""
    public = draft.auth.get("public")
    if public is None:
        return
    for ref in public.value:
        fid = feature_ref(ref, features)
        if fid is None:
            out.error(
                public.source,
                f"public: unknown feature '{ref}'; known features: {known(list(access))}",
            )
        else:
            access[fid] = "public"


def _listed_access(access: str, listed: bool) -> str:
    """With ``features_requiring_auth``, a listed feature needs auth and an unlisted one
    that only defaulted to auth is public; a feature's own public-read stays."""
    if listed:
        return "auth"
    return access if access != "auth" else "public"


def scheme_of(draft: Draft, features: list[Item], out: Findings) -> tuple[str, str | None]:
    s = draft.auth.get("scheme")
    if s is None:
        wants = next((f for f in features if f["_access"] in ("auth", "public-read")), None)
        return ("jwt_with_refresh", wants["source"]) if wants else ("none", None)
    key = re.sub(r"[\s-]+", "_", str(s.value).strip().lower())
    scheme = _SCHEMES.get(key)
    if scheme is None:
        out.error(
            s.source,
            f"unknown auth scheme '{s.value}'; expected jwt, jwt_with_refresh, oauth2, api_key or none",
        )
        return "none", s.source
    return scheme, s.source


def needs_auth(method: str, access: str, scheme: str) -> bool:
    if scheme == "none" or access == "public":
        return False
    return not (access == "public-read" and method == "GET")


def auth_policy(
    draft: Draft,
    features: list[Item],
    endpoints: list[Item],
    access: dict[str, str],
    scheme: str,
    source: str | None,
) -> Item:
    a = draft.auth

    def get(key: str, default: Any) -> Any:
        return a[key].value if key in a else default

    requiring = [] if scheme == "none" else _requiring(features, endpoints, access)
    return {
        "scheme": scheme,
        "description": get("description", None),
        "features_requiring_auth": requiring,
        "roles": get("roles", []),
        "oauth2_authorization_url": get("oauth2_authorization_url", None),
        "oauth2_token_url": get("oauth2_token_url", None),
        "oauth2_scopes": get("oauth2_scopes", []),
        "api_key_header": get("api_key_header", "X-API-Key" if scheme == "api_key" else None),
        "source": source,
    }


def _requiring(features: list[Item], endpoints: list[Item], access: dict[str, str]) -> list[str]:
    """Features with an endpoint that needs auth, or with none and not public."""
    requiring = []
    for f in features:
        eps = [e for e in endpoints if e["feature"] == f["id"]]
        if any(e["auth"] for e in eps) or (not eps and access[f["id"]] != "public"):
            requiring.append(f["id"])
    return requiring
