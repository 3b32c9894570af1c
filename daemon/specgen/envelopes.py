"""How lists and wrapped objects come back: the envelope components and their examples.

Part of the SpecGenerator (issue 10, item 2). A list answers in its endpoint's envelope:

- ``items``: ``{items, page, pageSize, total}`` (page paging), ``{items, offset, limit, total}``
  (offset), ``{items, nextCursor}`` (cursor), ``{items}`` (not paged);
- ``data``: ``{data, links: {next, prev}}``, with ``hasMore`` under cursor paging;
- ``named``: ``{<wrapper>: […], <wrapper>Count}``;
- ``bare``: the array itself (no component).

Field names follow ``api_info.naming`` (``page_size``, ``next_cursor``, ``has_more``,
``articles_count``). One object with a ``wrapper`` is ``{<wrapper>: {…}}`` in the request and the
response. Envelope components are named by entity and form (``BookPage``, ``BookCursorPage``,
``BookDataPage``, ``ArticlesList``; a wrapped one ``ArticleWrapped``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..handoff import Endpoint
from .parameters import PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX
from .shapes import REF_PREFIX, EntityShapes

_INT32 = {"type": "integer", "format": "int32"}


@dataclass(frozen=True, order=True)
class ListForm:
    """One list envelope of one entity."""

    entity: str
    envelope: str
    paging: str
    wrapper: str

    @classmethod
    def of(cls, ep: Endpoint, entity: str) -> ListForm | None:
        """The form of ``ep``'s list; None for a bare array."""
        envelope = ep.envelope or ("items" if ep.paging else "bare")
        if envelope == "bare":
            return None
        wrapper = (ep.wrapper or "items") if envelope == "named" else ""
        return cls(entity, envelope, ep.paging or "", wrapper)

    def base_name(self) -> str:
        if self.envelope == "named":
            return _cap(self.wrapper) + "List"
        stem = self.entity + ("Data" if self.envelope == "data" else "")
        return stem + _PAGED.get(self.paging, "List")


_PAGED = {"page": "Page", "offset": "OffsetPage", "cursor": "CursorPage"}


@dataclass(frozen=True, order=True)
class WrapForm:
    """One object of component ``component`` wrapped as ``{wrapper: …}``."""

    component: str
    wrapper: str
    entity: str

    def base_name(self) -> str:
        if self.wrapper.replace("_", "").lower() == self.entity.lower():
            return f"{self.component}Wrapped"
        return f"{self.component}As{_cap(self.wrapper)}"


def _cap(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in name.replace("-", "_").split("_"))


def _name(snake: bool, camel: str) -> str:
    """A field name as ``api_info.naming`` writes it: ``pageSize`` or ``page_size``."""
    if not snake:
        return camel
    return "".join("_" + c.lower() if c.isupper() else c for c in camel)


def count_field(wrapper: str, snake: bool) -> str:
    """``articles`` → ``articlesCount`` (``articles_count`` in snake_case)."""
    return f"{wrapper}_count" if snake else f"{wrapper}Count"


# --------------------------------------------------------------------------- lists


def list_schema(form: ListForm, shapes: EntityShapes, snake: bool) -> dict[str, Any]:
    items = {"type": "array", "items": {"$ref": REF_PREFIX + shapes.read}}
    props, required = _list_props(form, items, snake)
    return {
        "type": "object",
        "description": _list_text(form),
        "properties": props,
        "required": required,
        "examples": [list_example(form, shapes, snake)],
    }


def _list_text(form: ListForm) -> str:
    if form.paging:
        return f"One page of {form.entity} records."
    return f"The {form.entity} records."


def _list_props(
    form: ListForm, items: dict[str, Any], snake: bool
) -> tuple[dict[str, Any], list[str]]:
    if form.envelope == "named":
        count_name = count_field(form.wrapper, snake)
        props = {form.wrapper: items, count_name: _count("Items on all pages.")}
        return props, [form.wrapper, count_name]
    if form.envelope == "data":
        return _data_props(form, items, snake)
    return _items_props(form, items, snake)


def _count(text: str) -> dict[str, Any]:
    return {"type": "integer", "format": "int64", "minimum": 0, "description": text}


def _items_props(
    form: ListForm, items: dict[str, Any], snake: bool
) -> tuple[dict[str, Any], list[str]]:
    props: dict[str, Any] = {"items": items}
    if form.paging == "page":
        props["page"] = {**_INT32, "minimum": 1, "description": "This page's number."}
        props[_name(snake, "pageSize")] = _size("Items per page.")
    elif form.paging == "offset":
        props["offset"] = {**_INT32, "minimum": 0, "description": "Items skipped."}
        props["limit"] = _size("Items asked for.")
    if form.paging in ("page", "offset"):
        props["total"] = _count("Items on all pages.")
        return props, list(props)
    if form.paging == "cursor":
        props[_name(snake, "nextCursor")] = {
            "type": "string",
            "description": "The cursor of the next page; absent on the last page.",
        }
    return props, ["items"]


def _size(text: str) -> dict[str, Any]:
    return {**_INT32, "minimum": 1, "maximum": PAGE_SIZE_MAX, "description": text}


def _data_props(
    form: ListForm, items: dict[str, Any], snake: bool
) -> tuple[dict[str, Any], list[str]]:
    link = {"type": "string", "format": "uri-reference"}
    links = {
        "type": "object",
        "description": "Links to the neighbouring pages; absent where there is none.",
        "properties": {
            "next": {**link, "description": "The next page."},
            "prev": {**link, "description": "The previous page."},
        },
    }
    props: dict[str, Any] = {"data": items, "links": links}
    if form.paging == "cursor":
        props[_name(snake, "hasMore")] = {
            "type": "boolean",
            "description": "Whether more items follow.",
        }
    return props, list(props)


def list_example(form: ListForm, shapes: EntityShapes, snake: bool) -> dict[str, Any]:
    records = [shapes.read_example]
    if form.envelope == "named":
        return {form.wrapper: records, count_field(form.wrapper, snake): 1}
    if form.envelope == "data":
        example: dict[str, Any] = {"data": records, "links": {"next": "?page=2"}}
        if form.paging == "cursor":
            example[_name(snake, "hasMore")] = True
        return example
    return _items_example(form, records, snake)


def _items_example(form: ListForm, records: list[Any], snake: bool) -> dict[str, Any]:
    example: dict[str, Any] = {"items": records}
    if form.paging == "page":
        example.update({"page": 1, _name(snake, "pageSize"): PAGE_SIZE_DEFAULT, "total": 1})
    elif form.paging == "offset":
        example.update({"offset": 0, "limit": PAGE_SIZE_DEFAULT, "total": 1})
    elif form.paging == "cursor":
        example[_name(snake, "nextCursor")] = "c2FtcGxlLWN1cnNvcg"
    return example


# --------------------------------------------------------------------------- one object


def wrap_schema(form: WrapForm, example: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "description": f"One {form.entity} as {{{form.wrapper}: …}}.",
        "properties": {form.wrapper: {"$ref": REF_PREFIX + form.component}},
        "required": [form.wrapper],
        "examples": [{form.wrapper: example}],
    }
