"""Rule levels: every oasdiff rule the diff emits has its pinned v1.28 level and class."""

from __future__ import annotations

from intentd.diff import LEVELS, RAISED, diff
from intentd.diff.rules import classify, logic_klass
from tests.diff.table import CASES, pair
from tests.helpers import TESTS


def test_levels_follow_the_pinned_oasdiff_list() -> None:
    pinned = {}
    for line in (TESTS / "diffcases" / "oasdiff-rules-v1.28.txt").read_text().splitlines():
        rule, level, *_ = line.split()
        pinned[rule] = level
    for rule, level in LEVELS.items():
        assert pinned[rule] == level, rule
    for name in CASES:
        for c in diff(*pair(name)):
            if (
                c.rule.startswith("intentd-")
                or c.rule in RAISED
                or c.rule.startswith("api-security-")
            ):
                continue
            expected = "non-breaking" if pinned[c.rule] == "INFO" else "breaking"
            assert c.klass == expected, (name, c)


def test_classify_prefers_an_explicit_class_then_raised_then_oasdiff_then_logic() -> None:
    assert classify("endpoint-added", None, "changed", "cosmetic") == ("endpoint-added", "cosmetic")
    assert classify("api-operation-id-removed", None, "changed", None)[1] == "breaking"  # RAISED
    assert classify("request-property-removed", None, "changed", None)[1] == "breaking"  # WARN
    assert classify("endpoint-added", None, "changed", None)[1] == "non-breaking"  # INFO
    rule, klass = classify("request-property-max-items-decreased", "request", "narrower", None)
    assert (rule, klass) == ("intentd-request-property-max-items-decreased", "breaking")
    assert classify("x-changed", "response", "narrower", None)[1] == "non-breaking"


def test_logic_follows_the_request_response_asymmetry() -> None:
    assert logic_klass("request", "narrower") == logic_klass("response", "wider") == "breaking"
    assert logic_klass("request", "wider") == logic_klass("response", "narrower") == "non-breaking"
    assert logic_klass(None, "narrower") == logic_klass("request", "neutral") == "non-breaking"
    assert logic_klass(None, "changed") == "breaking"
