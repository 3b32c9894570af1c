"""The answer cache: keys by content, images by hash, torn files are misses."""

from __future__ import annotations

from pathlib import Path

from intentd.planner.llm.cache import AnswerCache, cache_key


def _req(image: str = "QUJD", text: str = "hi") -> dict[str, object]:
    return {
        "model": "m",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": text},
                    {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{image}"}},
                ],
            }
        ],
    }


def test_key_is_stable_and_content_addressed() -> None:
    assert cache_key(_req()) == cache_key(_req())
    assert cache_key(_req()) != cache_key(_req(text="other"))
    assert cache_key(_req()) != cache_key(_req(image="REVG"))
    assert cache_key({"a": 1, "b": 2}) == cache_key({"b": 2, "a": 1})


def test_round_trip_and_drop(tmp_path: Path) -> None:
    cache = AnswerCache(tmp_path / "c")
    assert cache.get("k") is None
    cache.put("k", {"content": "{}", "tokens": {}})
    assert cache.get("k") == {"content": "{}", "tokens": {}}
    cache.drop("k")
    assert cache.get("k") is None
    assert not list((tmp_path / "c").glob(".tmp-*"))


def test_torn_or_foreign_file_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / "k.json").write_text('{"content": ', encoding="utf-8")
    (tmp_path / "j.json").write_text('["x"]', encoding="utf-8")
    cache = AnswerCache(tmp_path)
    assert cache.get("k") is None and cache.get("j") is None


def test_disabled_cache(tmp_path: Path) -> None:
    cache = AnswerCache(None)
    cache.put("k", {"content": "x"})
    assert cache.get("k") is None
