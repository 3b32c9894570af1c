"""Request bodies and success responses: which shape, which envelope, which headers.

Part of the SpecGenerator (issue 10, items 2, 5, 6, 7). A POST sends the create shape (a POST
to an addressed resource, Stripe's update, the partial one), a PUT the full create shape, a
PATCH the partial update shape; a shape (``kind: shape``) is sent as it is. The success
response has the endpoint's ``status`` (204: no body), its envelope or wrapper, and its headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..handoff import Endpoint, Handoff, ResponseHeader
from .envelopes import ListForm, WrapForm, list_example, wrap_schema
from .examples import example_for
from .parameters import path_entity, path_names
from .properties import SCALARS
from .shapes import REF_PREFIX, EntityShapes
from .text import clean_text, free_name

JSON = "application/json"
_HEADER_TEXT = {
    "location": "Where the created resource is.",
    "etag": "The entity tag of this representation (for If-Match / If-None-Match).",
    "retry-after": "Seconds to wait before retrying.",
    "x-ratelimit-limit": "Requests allowed in the current window.",
    "x-ratelimit-remaining": "Requests left in the current window.",
    "x-ratelimit-reset": "Seconds until the current window resets.",
}
_HEADER_EXAMPLES: dict[str, Any] = {"etag": '"33a64df551425fcc"'}


@dataclass
class Forms:
    """Envelope and wrapper components: their names (reserved up front) and which are used."""

    lists: dict[ListForm, str]
    wraps: dict[WrapForm, str]
    snake: bool
    used_lists: set[ListForm] = field(default_factory=set)
    used_wraps: set[WrapForm] = field(default_factory=set)


def plan_forms(handoff: Handoff, shapes: dict[str, EntityShapes], taken: set[str]) -> Forms:
    """Reserve the envelope names of every entity's page, then of the forms endpoints use."""
    lists: dict[ListForm, str] = {}
    for name in sorted(shapes):
        page = ListForm(name, "items", "page", "")
        lists[page] = free_name(page.base_name(), taken)
    wanted_lists: set[ListForm] = set()
    wanted_wraps: set[WrapForm] = set()
    for ep in handoff.api_surface:
        wanted_lists.update(_list_forms(ep, shapes))
        wanted_wraps.update(_wrap_forms(ep, shapes))
    for form in sorted(wanted_lists - set(lists)):
        lists[form] = free_name(form.base_name(), taken)
    wraps = {form: free_name(form.base_name(), taken) for form in sorted(wanted_wraps)}
    return Forms(lists, wraps, handoff.api_info.naming == "snake_case")


def _list_forms(ep: Endpoint, shapes: dict[str, EntityShapes]) -> list[ListForm]:
    target = response_target(ep)
    if not ep.list or target not in shapes:
        return []
    form = ListForm.of(ep, target or "")
    return [form] if form is not None else []


def _wrap_forms(ep: Endpoint, shapes: dict[str, EntityShapes]) -> list[WrapForm]:
    if ep.wrapper is None or ep.list:
        return []
    out = []
    request = request_shape(ep, shapes)
    if request is not None:
        out.append(WrapForm(request[0], ep.wrapper, request[1].entity.name))
    target = response_target(ep)
    if target in shapes and ep.status != 204:
        out.append(WrapForm(shapes[target or ""].read, ep.wrapper, target or ""))
    return out


def response_target(ep: Endpoint) -> str | None:
    return ep.response if ep.method == "DELETE" else (ep.response or ep.entity)


# --------------------------------------------------------------------------- requests


def request_shape(
    ep: Endpoint, shapes: dict[str, EntityShapes]
) -> tuple[str, EntityShapes, Any, str] | None:
    """(component, shapes, example, verb) of the request body, or None without one."""
    if ep.request is None or ep.method in ("GET", "DELETE") or ep.request not in shapes:
        return None
    s = shapes[ep.request]
    partial = ep.method == "PATCH" or (ep.method == "POST" and ep.path.rstrip("/").endswith("}"))
    if s.is_shape:
        return s.read, s, s.read_example, "send"
    if partial:
        return s.update, s, s.update_example, "change"
    verb = "replace it with" if ep.method == "PUT" else "create"
    return s.create, s, s.create_example, verb


def request_body(ep: Endpoint, shapes: dict[str, EntityShapes], forms: Forms) -> Any:
    found = request_shape(ep, shapes)
    if found is None:
        return None
    component, _s, example, verb = found
    schema: dict[str, Any] = {"$ref": REF_PREFIX + component}
    if ep.wrapper and not ep.list:
        wrap = WrapForm(component, ep.wrapper, _s.entity.name)
        forms.used_wraps.add(wrap)
        schema = {"$ref": REF_PREFIX + forms.wraps[wrap]}
        example = {ep.wrapper: example}
    text = f"The {ep.request} fields to {verb}." if verb != "send" else f"The {ep.request}."
    return {
        "description": text,
        "required": True,
        "content": {
            JSON: {
                "schema": schema,
                "examples": {"default": {"summary": f"A valid {ep.request}.", "value": example}},
            }
        },
    }


# --------------------------------------------------------------------------- responses


def success(ep: Endpoint, shapes: dict[str, EntityShapes], forms: Forms) -> dict[str, Any]:
    target = response_target(ep)
    headers = _headers(ep, shapes)
    if ep.status == 204 or target is None or target not in shapes:
        out: dict[str, Any] = {"description": _empty_text(ep)}
        if headers:
            out["headers"] = headers
        return out
    schema, example, text = _body(ep, shapes[target], forms)
    if ep.status == 201:
        text = f"The {target} was created."
    elif ep.status == 202:
        text = f"Accepted for processing: {text[:1].lower()}{text[1:]}"
    response: dict[str, Any] = {"description": text}
    if headers:
        response["headers"] = headers
    response["content"] = {
        JSON: {"schema": schema, "examples": {"default": {"summary": text, "value": example}}}
    }
    return response


def _empty_text(ep: Endpoint) -> str:
    return "Accepted for processing; no content." if ep.status == 202 else "Done; no content."


def _body(ep: Endpoint, s: EntityShapes, forms: Forms) -> tuple[dict[str, Any], Any, str]:
    """(schema, example, description) of a 2xx body: an envelope, a list or one record."""
    name = s.entity.name
    read_ref = {"$ref": REF_PREFIX + s.read}
    if ep.list:
        form = ListForm.of(ep, name)
        if form is None:
            return {"type": "array", "items": read_ref}, [s.read_example], f"The {name} records."
        forms.used_lists.add(form)
        text = f"A page of {name} records." if form.paging else f"The {name} records."
        ref = {"$ref": REF_PREFIX + forms.lists[form]}
        return ref, list_example(form, s, forms.snake), text
    if ep.wrapper:
        wrap = WrapForm(s.read, ep.wrapper, name)
        forms.used_wraps.add(wrap)
        wrapped = {"$ref": REF_PREFIX + forms.wraps[wrap]}
        return wrapped, {ep.wrapper: s.read_example}, f"The {name}."
    return read_ref, s.read_example, f"The {name}."


def wrap_component(form: WrapForm, shapes: dict[str, EntityShapes]) -> dict[str, Any]:
    """The component of a wrapped object, its example the wrapped component's own."""
    s = shapes[form.entity]
    example = s.read_example
    if form.component == s.create and form.component != s.read:
        example = s.create_example
    elif form.component == s.update and form.component != s.read:
        example = s.update_example
    return wrap_schema(form, example)


def _headers(ep: Endpoint, shapes: dict[str, EntityShapes]) -> dict[str, Any]:
    return {h.name: _header(ep, h, shapes) for h in ep.headers}


def _header(ep: Endpoint, h: ResponseHeader, shapes: dict[str, EntityShapes]) -> dict[str, Any]:
    low = h.name.lower()
    schema = dict(SCALARS[h.type])
    if low == "location" and h.type == "string":
        schema["format"] = "uri-reference"
    if schema.get("type") == "integer":
        schema["minimum"] = 0
    example = _HEADER_EXAMPLES.get(low)
    if low == "location":
        example = _location(ep, shapes)
    if example is None:
        example = example_for(schema, f"header.{h.name}", lambda ref: None)
    text = clean_text(h.description) or _HEADER_TEXT.get(low) or f"The {h.name} header."
    return {"description": text, "schema": schema, "example": example}


def _location(ep: Endpoint, shapes: dict[str, EntityShapes]) -> str:
    """``/articles/sample-article``: the collection path and the created one's key."""
    target = shapes.get(response_target(ep) or "")
    base = ep.path.rstrip("/")
    for name in path_names(ep.path):
        found = path_entity(shapes, ep, name)
        value = found.id_example if found is not None else "example"
        base = base.replace("{" + name + "}", quote(str(value), safe=""))
    if target is not None and not ep.path.rstrip("/").endswith("}"):
        base = f"{base}/{quote(str(target.id_example), safe='')}"
    return quote(base, safe="/%") or "/"
