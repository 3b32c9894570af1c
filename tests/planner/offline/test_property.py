"""Property: any intent gives a valid hand-off or a user error, never a traceback.

Generated documents are assembled from the convention's own pieces (right and wrong);
mutated documents are the workspace template with lines dropped, duplicated, swapped or
garbled, and raw bytes flipped. 1,200 examples in all.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intentd import handoff, yamlio
from intentd.errors import IntentdError
from intentd.intent import make_bundle, make_file
from intentd.planner.offline.planner import OfflinePlanner, read_lenient
from tests.helpers import ROOT

TEMPLATE = ROOT / "workspace-template" / "intent"
TEMPLATE_MD = (TEMPLATE / "app.md").read_text(encoding="utf-8")
TEMPLATE_YAML = (TEMPLATE / "reviews.yaml").read_text(encoding="utf-8")
SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

WORDS = st.sampled_from(
    ["Book", "Author", "Loan", "book", "Tag", "x", "Überblick", "a b", "{#id}", "🙂", "", "Usr"]
)
SECTIONS = st.sampled_from(
    [
        "Goals",
        "Features",
        "Entities",
        "API",
        "Auth",
        "Non-functional",
        "Environment",
        "Deliverables",
        "Milestones",
        "Notes",
        "Tech stack",
        "Overview",
        "Pricing",
        "features",
    ]
)
TYPES = st.sampled_from(
    [
        "string",
        "strnig",
        "enum(a, b)",
        "enum()",
        "array(string)",
        "array(Book)",
        "ref(Book)",
        "ref(Usr)",
        "email",
        "uuid",
        "url",
        "Book",
        "integer, min 1",
        "string, max length x",
        "string, required, unique",
        "number, pattern [",
        "date, server-set",
        "list(",
    ]
)
LINES = st.one_of(
    st.builds(lambda s: f"## {s}", SECTIONS),
    st.builds(
        lambda w, m: f"### {w} {m}", WORDS, st.sampled_from(["", "(must, M)", "(x)", "[low, 5]"])
    ),
    st.builds(lambda w, t: f"- {w}: {t}", WORDS, TYPES),
    st.builds(lambda w: f"- has many {w}", WORDS),
    st.builds(lambda w: f"- belongs to {w}", WORDS),
    st.builds(lambda w: f"Manages: {w}", WORDS),
    st.sampled_from(
        [
            "Rules:",
            "Unique: title, author",
            "Access: public",
            "Access: sometimes",
            "No endpoint: later",
            "Priority: must",
            "Complexity: XXL",
            "- GET /books — list (Book, list)",
            "- GET /books/{bookId} (Book, browse)",
            "- FETCH /x",
            "- POST /loans/{loanId}/return (Loan, no body, nope)",
            "- DATABASE_URL: the database",
            "- DATABASE_URL=x",
            "- lower: bad name",
            "- Book.isbn: pattern ^97[89]$ — isbn",
            "- Book.title: maxlen 3",
            "- Book: uuid",
            "- Rate limit: 100/minute",
            "- Scheme: jwt",
            "- Scheme: kerberos",
            "- Public: browse",
            "Features: a, b",
            "Deliverables: x",
            "Tests:",
            "---",
            "```",
            "",
            "# Title",
        ]
    ),
    st.text(max_size=40),
)
FRONT = st.sampled_from(
    [
        "",
        "---\nproject_name: P\n---\n",
        "---\nversion: 1.0\n---\n",
        "---\n[1, 2]\n---\n",
        "---\nauth: jwt\npublic: [x]\n---\n",
        "---\nservers: 3\ncontact: 4\nlicense: [x]\n---\n",
        "---\nbogus: 1\n",
    ]
)


def outcome(files: dict[str, bytes]) -> None:
    """Plan ``files``; only a valid hand-off or an IntentdError with located findings may result."""
    try:
        bundle = make_bundle([make_file(p, b) for p, b in files.items()])
    except IntentdError:
        return
    try:
        h = OfflinePlanner().plan(bundle, None, ())
    except IntentdError as exc:
        assert exc.findings and all(f.location for f in exc.findings)
    else:
        assert handoff.check(h) == []
        yamlio.dumps(handoff.to_data(h))
    try:
        read_lenient(bundle)
    except IntentdError as exc:
        assert all(f.rule == "secret" for f in exc.findings)


@settings(SETTINGS, max_examples=600)
@given(front=FRONT, lines=st.lists(LINES, max_size=30))
def test_generated_markdown(front: str, lines: list[str]) -> None:
    outcome({"intent/app.md": (front + "\n".join(lines)).encode("utf-8")})


def _mutate(text: str, ops: list[tuple[int, int, int, str]]) -> str:
    lines = text.split("\n")
    for kind, i, j, junk in ops:
        if not lines:
            break
        i, j = i % len(lines), j % len(lines)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(j, lines[i])
        elif kind == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            cut = j % (len(lines[i]) + 1)
            lines[i] = lines[i][:cut] + junk + lines[i][cut:]
        else:
            lines[i] = junk
    return "\n".join(lines)


OPS = st.lists(
    st.tuples(
        st.integers(0, 4), st.integers(0, 10_000), st.integers(0, 10_000), st.text(max_size=12)
    ),
    min_size=1,
    max_size=6,
)


@settings(SETTINGS, max_examples=250)
@given(ops=OPS, yops=OPS, with_yaml=st.booleans())
def test_mutated_template(
    ops: list[tuple[int, int, int, str]], yops: list[tuple[int, int, int, str]], with_yaml: bool
) -> None:
    files = {"intent/app.md": _mutate(TEMPLATE_MD, ops).encode("utf-8")}
    if with_yaml:
        files["intent/reviews.yaml"] = _mutate(TEMPLATE_YAML, yops).encode("utf-8")
    outcome(files)


@settings(SETTINGS, max_examples=100)
@given(data=st.binary(max_size=200), at=st.integers(0, 10_000))
def test_flipped_bytes(data: bytes, at: int) -> None:
    raw = TEMPLATE_MD.encode("utf-8")
    at %= len(raw)
    outcome({"intent/app.md": raw[:at] + data + raw[at:]})


KEYS = [
    "project_name",
    "features",
    "entities",
    "name",
    "fields",
    "type",
    "manages",
    "acceptance_criteria",
    "api_surface",
    "method",
    "path",
    "auth",
    "relationships",
    "kind",
    "target",
    "environment_vars",
    "notes_for_spec",
    "bogus",
]


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), WORDS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(SETTINGS, max_examples=250)
@given(doc=st.dictionaries(st.sampled_from(KEYS), YAML_VALUES, max_size=6))
def test_generated_yaml(doc: dict[str, object]) -> None:
    outcome({"intent/plan.yaml": yamlio.dumps(doc).encode("utf-8")})
