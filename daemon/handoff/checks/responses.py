"""What each endpoint answers: a list envelope that can be built, a wrapper with something to
wrap, a body only where the status has one, headers and errors named once."""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import Finding
from ..model import Endpoint
from .context import Context, dupes

_NOT_RESPONSE_HEADERS = ("content-type", "content-length")


def responses(ctx: Context) -> Iterator[Finding]:
    for ep in ctx.handoff.api_surface:
        for message, rule in (*_envelope(ep), *_status(ep), *_headers(ep), *_errors(ep)):
            yield ctx.finding(ep.source, f"endpoint '{ep.id}': {message}", rule)


def _envelope(ep: Endpoint) -> Iterator[tuple[str, str]]:
    if ep.envelope == "named" and ep.wrapper is None:
        yield (
            "a named envelope needs its wrapper, the key holding the list (e.g. 'articles')",
            "envelope",
        )
    if ep.list and ep.wrapper is not None and ep.envelope != "named":
        yield (
            f"a list's wrapper names a 'named' envelope, but its envelope is "
            f"'{ep.envelope}'; set envelope: named or drop the wrapper",
            "envelope",
        )
    if not ep.list and ep.wrapper is not None and ep.request is None and ep.status == 204:
        yield "the wrapper has nothing to wrap: no request body and no response body", "envelope"


def _status(ep: Endpoint) -> Iterator[tuple[str, str]]:
    answers = ep.response if ep.method == "DELETE" else (ep.response or ep.entity)
    if ep.status == 204 and ep.response is not None:
        yield (
            f"status 204 answers no body, but the endpoint returns {answers}; answer 200 or "
            "drop the response",
            "status",
        )


def _headers(ep: Endpoint) -> Iterator[tuple[str, str]]:
    for name in dupes(h.name.lower() for h in ep.headers):
        yield f"response header '{name}' is listed twice", "headers"
    for h in ep.headers:
        if h.name.lower() in _NOT_RESPONSE_HEADERS:
            yield f"response header '{h.name}' is set by HTTP itself; remove it", "headers"


def _errors(ep: Endpoint) -> Iterator[tuple[str, str]]:
    for status in dupes(str(e) for e in ep.errors):
        yield f"error {status} is listed twice", "errors"
