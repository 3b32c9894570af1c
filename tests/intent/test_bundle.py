"""The pure values of ``intentd.intent.bundle``: files from bytes, decoding, the one hash."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intentd.errors import IntentError
from intentd.intent.bundle import (
    bundle_hash,
    decode_text,
    intent_hash,
    is_decodable,
    is_image_path,
    is_intent_path,
    make_bundle,
    make_file,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 8


def test_the_hash_formula_is_fixed() -> None:
    # Stored in commits and revision reports: a change here changes every recorded hash.
    sha = hashlib.sha256(b"# App\n").hexdigest()
    expected = hashlib.sha256(b"intent/app.md\0" + sha.encode() + b"\n").hexdigest()
    assert intent_hash([("intent/app.md", sha)]) == expected
    assert make_bundle([make_file("intent/app.md", b"# App\n")]).sha256 == expected


def test_the_hash_does_not_depend_on_order() -> None:
    files = [make_file("intent/b.md", b"b"), make_file("intent/a.md", b"a")]
    bundle = make_bundle(files)
    assert [f.path for f in bundle.files] == ["intent/a.md", "intent/b.md"]
    assert bundle.sha256 == bundle_hash(files) == bundle_hash(reversed(files))


def test_an_undecodable_path_hashes_as_its_bytes() -> None:
    odd = b"intent/\xff.md".decode("utf-8", "surrogateescape")
    expected = hashlib.sha256(b"intent/\xff.md\0x\n").hexdigest()
    assert intent_hash([(odd, "x")]) == expected


def test_text_is_decoded_and_normalised() -> None:
    f = make_file("intent/app.md", b"\xef\xbb\xbf# App\r\nline\rend\n")
    assert f.text == "# App\nline\nend\n" and f.media_type == "text/markdown"
    assert not f.is_image and f.sha256 == hashlib.sha256(f.data).hexdigest()
    assert make_file("intent/x.YML", b"a: 1\n").media_type == "application/yaml"


def test_images_are_bytes_with_their_media_type() -> None:
    f = make_file("intent/wire.PNG", PNG)
    assert f.is_image and f.media_type == "image/png" and f.text is None
    bundle = make_bundle([f, make_file("intent/app.md", b"# App\n")])
    assert bundle.images == (f,) and [t.path for t in bundle.texts] == ["intent/app.md"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"a\0b", "intent/app.md: binary data (NUL bytes) in a text file; save it as UTF-8 text"),
        (b"ok\n\xe9\n", "intent/app.md:2: invalid UTF-8 (byte 0xe9); save the file as UTF-8"),
    ],
)
def test_bad_text_names_the_place(data: bytes, message: str) -> None:
    with pytest.raises(IntentError) as caught:
        decode_text(data, "intent/app.md")
    assert [f.render() for f in caught.value.findings] == [message]


def test_an_image_that_is_not_one_is_a_finding() -> None:
    with pytest.raises(IntentError) as caught:
        make_file("intent/sketch.png", b"GIF89a")
    assert [f.render() for f in caught.value.findings] == [
        "intent/sketch.png: the file is not a valid image/png image; re-export it"
    ]


@pytest.mark.parametrize(
    ("name", "intent", "image"),
    [
        ("app.md", True, False),
        ("API.Yaml", True, False),
        ("notes.markdown", True, False),
        ("wire.jpeg", True, True),
        ("notes.txt", False, False),
        ("4913", False, False),
        ("dir.md/x", False, False),
    ],
)
def test_suffixes(name: str, intent: bool, image: bool) -> None:
    assert is_intent_path(name) is intent
    assert is_image_path(name) is image


def test_decodable_names() -> None:
    assert is_decodable("intent/café.md")
    assert not is_decodable(b"intent/\xff.md".decode("utf-8", "surrogateescape"))


@given(st.binary(max_size=200))
def test_any_bytes_give_a_file_or_a_finding(data: bytes) -> None:
    try:
        f = make_file("intent/app.md", data)
    except IntentError as exc:
        assert exc.findings and all(f.location.startswith("intent/app.md") for f in exc.findings)
    else:
        assert f.text is not None and "\r" not in f.text
