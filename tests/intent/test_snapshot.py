"""The stable snapshot (``intentd.intent.snapshot``): one walk and one hash with the bundle."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from intentd.intent import IntentBundle, make_bundle, make_file, read_bundle
from intentd.intent.snapshot import (
    Fingerprint,
    fingerprint_of,
    read_settled_bundle,
    read_stable_bundle,
    scan,
    stable_fingerprint,
    stat_signature,
)


def _workspace(tmp_path: Path, text: str = "# App\n") -> Path:
    ws = tmp_path / "ws"
    (ws / "intent").mkdir(parents=True)
    (ws / "intent" / "app.md").write_text(text)
    return ws


def test_fingerprint_equals_bundle_hash(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    (ws / "intent" / "sub").mkdir()
    (ws / "intent" / "sub" / "api.yaml").write_text("a: 1\n")
    (ws / "intent" / "4913").write_text("")
    (ws / "intent" / ".app.md.swp").write_text("swap")
    fp = stable_fingerprint(ws, gap=0)
    assert fp is not None
    assert fp.intent == read_bundle(ws).sha256
    assert fp.plan is None
    (ws / "plan").mkdir()
    (ws / "plan" / "handoff.yaml").write_text("x: 1\n")
    fp2 = stable_fingerprint(ws, gap=0)
    assert fp2 is not None and fp2.intent == fp.intent and fp2.plan is not None


def test_touch_keeps_fingerprint(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    before = stable_fingerprint(ws, gap=0)
    st = (ws / "intent" / "app.md").stat()
    os.utime(ws / "intent" / "app.md", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert stable_fingerprint(ws, gap=0) == before


def test_snapshot_waits_for_a_writer_and_gives_up_when_bounded(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    target = ws / "intent" / "app.md"
    writes: list[int] = []

    def writer_sleep(_s: float) -> None:  # a writer appends between each of our reads
        if len(writes) < 3:
            with target.open("a") as fh:
                fh.write("more\n")
            writes.append(1)

    fp = stable_fingerprint(ws, gap=0, sleep=writer_sleep, attempts=10)
    assert fp is not None and len(writes) == 3
    assert fp.intent == read_bundle(ws).sha256

    def endless(_s: float) -> None:
        with target.open("a") as fh:
            fh.write("x")

    assert stable_fingerprint(ws, gap=0, sleep=endless, attempts=4) is None


def test_missing_intent_has_no_intent_hash(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    assert fingerprint_of(ws, scan(ws)) == Fingerprint(None, None)


def test_fingerprint_covers_exactly_the_files_the_bundle_reads(tmp_path: Path) -> None:
    # Names the watcher's own walk used to skip while the bundle read them: one walk now.
    ws = _workspace(tmp_path)
    (ws / "intent" / "goutputstream-notes.md").write_text("# Notes\n")
    (ws / "intent" / "draft.intentd-tmp-x.md").write_text("# Draft\n")
    (ws / "intent" / "linked.md").symlink_to(ws / "intent" / "app.md")
    fp = stable_fingerprint(ws, gap=0)
    bundle = read_bundle(ws)
    assert fp is not None and fp.intent == bundle.sha256
    assert set(scan(ws)) == {f.path for f in bundle.files}


def test_undecodable_name_is_fingerprinted_without_opening_it(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    odd = os.path.join(os.fsencode(ws / "intent"), b"\xff.md")
    with open(odd, "wb") as fh:
        fh.write(b"# odd\n")
    states = scan(ws)
    (rel,) = [p for p in states if p != "intent/app.md"]
    assert os.fsencode(rel) == b"intent/\xff.md"
    assert states[rel][0] == 6 and not states[rel][2].startswith("error:")
    assert fingerprint_of(ws, states).intent is not None


def test_stat_signature_sees_a_write_but_not_a_read(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    before = stat_signature(ws)
    assert [p for p, *_ in before] == ["intent/app.md"]
    (ws / "intent" / "app.md").read_bytes()
    assert stat_signature(ws) == before
    (ws / "intent" / "app.md").write_text("# App, longer\n")
    assert stat_signature(ws) != before


def _reads(*texts: str) -> Callable[[], IntentBundle]:
    """A bundle reader that sees ``texts`` in turn (the last one from then on)."""
    seen = list(texts)

    def read() -> IntentBundle:
        text = seen.pop(0) if len(seen) > 1 else seen[0]
        return make_bundle([make_file("intent/app.md", text.encode())])

    return read


def test_stable_bundle_is_two_reads_that_agree() -> None:
    naps: list[float] = []
    bundle = read_stable_bundle(_reads("a", "ab", "abc", "abc"), gap=0.5, sleep=naps.append)
    assert bundle.files[0].text == "abc" and naps == [0.5, 0.5, 0.5]


def test_stable_bundle_gives_the_last_read_to_a_writer_that_never_stops() -> None:
    read = _reads(*(str(i) for i in range(10)))
    assert read_stable_bundle(read, attempts=3, sleep=lambda _s: None).files[0].text == "3"


def test_settled_bundle_is_one_read_when_the_files_still_match(tmp_path: Path) -> None:
    ws = _workspace(tmp_path)
    calls: list[int] = []

    def read() -> IntentBundle:
        calls.append(1)
        return read_bundle(ws)

    assert read_settled_bundle(ws, read) == read_bundle(ws)
    assert len(calls) == 1


def test_settled_bundle_rereads_when_a_save_lands_after_the_read(tmp_path: Path) -> None:
    ws = _workspace(tmp_path, "v0\n")
    calls: list[int] = []

    def read() -> IntentBundle:
        bundle = read_bundle(ws)
        if not calls:
            (ws / "intent" / "app.md").write_text("v1\n")  # a save right after our read
        calls.append(1)
        return bundle

    bundle = read_settled_bundle(ws, read)
    assert bundle.files[0].text == "v1\n" and len(calls) == 3


def test_a_fifo_is_fingerprinted_without_being_opened(tmp_path: Path) -> None:
    from intentd.intent.snapshot import scan

    (tmp_path / "intent").mkdir()
    (tmp_path / "intent" / "app.md").write_text("# App\n")
    os.mkfifo(tmp_path / "intent" / "pipe.md")
    first = scan(tmp_path)  # would block forever on open()
    assert set(first) == {"intent/app.md", "intent/pipe.md"}
    assert scan(tmp_path) == first
    assert stable_fingerprint(tmp_path, sleep=lambda _: None) is not None
