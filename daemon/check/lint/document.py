"""Lint rules on the document's front matter: info, servers, tags, and the markdown in
descriptions and titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ...openapi.walk import Path, iter_operations
from .rules import Out

_EXAMPLE_HOST = re.compile(r"^(.*[/.])?(example\.com|localhost)([/:?].*|$)")
_UNSAFE_MD = (
    (re.compile(r"<script\b", re.I), "must not contain '<script>' tags"),
    (re.compile(r"<[a-z][^>]*\bon[a-z]+\s*=", re.I), "must not contain HTML event handlers"),
    (
        re.compile(r"(?:\]\(\s*|\b(?:href|src)\s*=\s*[\"']?\s*)javascript:", re.I),
        "must not contain 'javascript:' URLs",
    ),
)
# Values, not prose: an example or enum may hold any text without it being markdown.
_VALUE_KEYS = frozenset({"example", "examples", "default", "const", "enum"})


# --------------------------------------------------------------------------- info


def check_info(doc: dict[str, Any], out: Out) -> None:
    info = doc.get("info")
    if not isinstance(info, dict):
        return
    if not info.get("contact"):
        out("info-contact", ("info",), "info must have a contact object")
    if not info.get("description"):
        out("info-description", ("info",), "info must have a non-empty description")
    lic = info.get("license")
    if not lic:
        out("info-license", ("info",), "info must have a license object")
    elif isinstance(lic, dict) and not (lic.get("url") or lic.get("identifier")):
        out("info-license-strict", ("info", "license"), "the license needs a url or identifier")


# --------------------------------------------------------------------------- servers


def check_servers(doc: dict[str, Any], out: Out) -> None:
    servers = doc.get("servers")
    if not isinstance(servers, list) or not servers:
        out("oas3-api-servers", (), "servers must be present and non-empty")
        return
    for i, server in enumerate(servers):
        if isinstance(server, dict) and isinstance(server.get("url"), str):
            _server(server, server["url"], ("servers", i), out)


def _server(server: dict[str, Any], url: str, at: Path, out: Out) -> None:
    if url.endswith("/") and url != "/":
        out("oas3-server-trailing-slash", (*at, "url"), f"server url '{url}' must not end with '/'")
    if _EXAMPLE_HOST.match(url):
        out(
            "no-server-example.com",
            (*at, "url"),
            f"server url '{url}' points at example.com/localhost",
        )
    _server_variables(server, url, at, out)


def _server_variables(server: dict[str, Any], url: str, at: Path, out: Out) -> None:
    used = re.findall(r"\{([^}]*)\}", url)
    variables = server.get("variables")
    defined = variables if isinstance(variables, dict) else {}
    for name in used:
        if name not in defined:
            out("oas3-server-variables", (*at, "url"), f"server variable '{name}' is undefined")
    for name, var in defined.items():
        _server_variable(name, var, used, (*at, "variables", name), out)


def _server_variable(name: Any, var: Any, used: list[str], at: Path, out: Out) -> None:
    if name not in used:
        out("oas3-server-variables", at, f"server variable '{name}' is not used in the url")
    if isinstance(var, dict):
        _variable_values(name, var, at, out)


def _variable_values(name: Any, var: dict[str, Any], at: Path, out: Out) -> None:
    if "default" not in var:
        out("oas3-server-variables", at, f"server variable '{name}' needs a default")
    enum = var.get("enum")
    if not isinstance(enum, list):
        return
    if not enum:
        out("oas3-server-variables", (*at, "enum"), "a variable enum must not be empty")
    elif "default" in var and var["default"] not in enum:
        out("oas3-server-variables", at, f"the default of '{name}' is not in its enum")


# --------------------------------------------------------------------------- tags


def check_tags(doc: dict[str, Any], out: Out) -> None:
    declared = _declared_tags(doc.get("tags"), out)
    for _key, _method, op, at in iter_operations(doc):
        _operation_tags(op.get("tags"), declared, at, out)


def _declared_tags(tags: Any, out: Out) -> set[str]:
    declared: set[str] = set()
    if not isinstance(tags, list):
        return declared
    for i, tag in enumerate(tags):
        if isinstance(tag, dict):
            _declared_tag(tag, ("tags", i), declared, out)
    return declared


def _declared_tag(tag: dict[str, Any], at: Path, declared: set[str], out: Out) -> None:
    name = tag.get("name")
    if isinstance(name, str):
        if name in declared:
            out("openapi-tags-uniqueness", at, f"tag '{name}' is declared twice")
        declared.add(name)
    if not tag.get("description"):
        out("tag-description", at, f"tag '{name}' needs a description")


def _operation_tags(op_tags: Any, declared: set[str], at: Path, out: Out) -> None:
    if not isinstance(op_tags, list) or not op_tags:
        out("operation-tags", at, "the operation must have a non-empty tags array")
        return
    for i, name in enumerate(op_tags):
        if name not in declared:
            out("operation-tag-defined", (*at, "tags", i), f"tag '{name}' is not declared")


# --------------------------------------------------------------------------- markdown


def check_markdown(doc: dict[str, Any], out: Out) -> None:
    for at, text in _text_nodes(doc, ()):
        if "eval(" in text:
            out("no-eval-in-markdown", at, "markdown must not contain 'eval('")
        if "<script" in text:
            out("no-script-tags-in-markdown", at, "markdown must not contain '<script'")
        if at[-1] == "description":
            _unsafe_markdown(text, at, out)


def _unsafe_markdown(text: str, at: Path, out: Out) -> None:
    # <script> has a rule of its own (no-script-tags-in-markdown) above.
    for pattern, what in _UNSAFE_MD[1:]:
        if pattern.search(text):
            out("no-unsafe-markdown", at, f"markdown {what}")


def _text_nodes(node: Any, at: Path) -> Iterator[tuple[Path, str]]:
    """Every description and title string, outside example values and extensions."""
    stack: list[tuple[Path, Any]] = [(at, node)]
    while stack:
        path, cur = stack.pop()
        if isinstance(cur, dict):
            texts, nested = _dict_texts(cur, path)
            yield from texts
            stack.extend(nested)
        elif isinstance(cur, list):
            stack.extend(((*path, i), v) for i, v in enumerate(cur) if isinstance(v, dict | list))


def _dict_texts(
    node: dict[Any, Any], at: Path
) -> tuple[list[tuple[Path, str]], list[tuple[Path, Any]]]:
    """The texts of one mapping, and the containers below it still to walk."""
    texts: list[tuple[Path, str]] = []
    nested: list[tuple[Path, Any]] = []
    for k, v in node.items():
        if k in ("description", "title") and isinstance(v, str):
            texts.append(((*at, k), v))
        elif isinstance(v, dict | list) and k not in _VALUE_KEYS and not k.startswith("x-"):
            nested.append(((*at, k), v))
    return texts, nested
