"""A fake OpenAI-compatible server on 127.0.0.1 with scripted answers (stdlib only).

``POST {base}/chat/completions`` pops the next scripted :class:`Reply` and records the
request (path, headers, JSON body). Drive it with the real openai SDK::

    with FakeOpenAI([Reply.json(data), Reply.error(429)]) as fake:
        OpenAI(base_url=fake.base_url, api_key="k").chat.completions.create(...)
        assert fake.count == 1
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    hang: bool = False  # never answer (until the server stops)

    @classmethod
    def content(
        cls,
        text: str,
        *,
        finish_reason: str = "stop",
        refusal: str | None = None,
        usage: dict[str, Any] | None = None,
    ) -> Reply:
        body: dict[str, Any] = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": refusal},
                    "finish_reason": finish_reason,
                }
            ],
        }
        if usage is not None:
            body["usage"] = usage
        return cls(200, body)

    @classmethod
    def json(cls, data: Any, **kw: Any) -> Reply:
        return cls.content(json.dumps(data), **kw)

    @classmethod
    def refusal(cls, text: str = "I can't help with that.") -> Reply:
        return cls.content("", refusal=text)

    @classmethod
    def error(cls, status: int, message: str = "scripted error", **headers: str) -> Reply:
        body = {"error": {"message": message, "type": "fake", "param": None, "code": None}}
        return cls(status, body, {"retry-after-ms": "1", **headers})

    @classmethod
    def hanging(cls) -> Reply:
        return cls(hang=True)


def usage(prompt: int, completion: int, *, cached: int = 0, reasoning: int = 0) -> dict[str, Any]:
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
        "prompt_tokens_details": {"cached_tokens": cached},
        "completion_tokens_details": {"reasoning_tokens": reasoning},
    }


def stream_chunks(completion: dict[str, Any], size: int = 16) -> list[dict[str, Any]]:
    """A completion as ``chat.completion.chunk`` objects: content in ``size``-char pieces."""
    choice = completion["choices"][0]
    text = choice["message"].get("content") or ""
    refusal = choice["message"].get("refusal")
    base = {k: completion[k] for k in ("id", "created", "model")}
    base["object"] = "chat.completion.chunk"

    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {**base, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": text[i : i + size]}) for i in range(0, len(text), size)]
    if refusal:
        chunks.append(chunk({"refusal": refusal}))
    chunks.append(chunk({}, choice["finish_reason"]))
    if completion.get("usage"):
        chunks.append({**base, "choices": [], "usage": completion["usage"]})
    return chunks


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]  # lower-case names
    body: dict[str, Any]


class FakeOpenAI:
    """The server; a context manager. ``requests`` holds every request received."""

    def __init__(self, script: list[Reply] | None = None) -> None:
        self.script: list[Reply] = list(script or [])
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    body = {"_raw": raw.decode("utf-8", "replace")}
                reply = fake._next(
                    Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                if reply.hang:
                    fake._release.wait(30)
                    return
                if body.get("stream") and reply.status == 200 and reply.body:
                    self._stream(reply.body)
                    return
                data = json.dumps(reply.body or {}).encode()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, completion: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("connection", "close")
                self.end_headers()
                for chunk in stream_chunks(completion):
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def _next(self, rec: Recorded) -> Reply:
        with self._lock:
            self.requests.append(rec)
            if self.script:
                return self.script.pop(0)
        return Reply.error(
            400, "the fake server has no scripted reply left", **{"x-should-retry": "false"}
        )

    def add(self, *replies: Reply) -> None:
        with self._lock:
            self.script.extend(replies)

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)
