"""The real consumers of the contract, run for real (issue #3, "Real consumers, in CI").

- pinned Spectral (``spectral:oas``) and Redocly (``recommended``) lint every golden contract,
  the template's and the issue-10 fixtures (conduit, ledger): 0 errors and 0 warnings;
- Prism serves each of those contracts on 127.0.0.1 and schemathesis replays its examples
  (response schema, status code and content type conformance), then every vector of
  ``spec/consumer_contract_tests.yaml`` is sent and its assertions checked: 0 failures;
- openapi-generator builds the typescript-fetch client from ``spec/client_codegen_config.yaml``
  and ``tsc --strict --noEmit`` compiles it: 0 errors.

The tools live in ``.tools/`` (``tools/install-tools.sh``, which ``make test`` runs first). If
they are missing these tests FAIL with the command to run: a consumer check never silently
skips. Contracts: ``tests/cases/*/openapi.yaml`` (golden), else the hand-built hand-offs of
``tests/helpers/specgen_fixtures.py`` compiled to a temporary workspace.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema_rs
import pytest

from intentd import yamlio
from intentd.handoff import Handoff, from_data
from intentd.openapi.walk import iter_schemas
from intentd.specgen.artifacts import spec_files
from intentd.specgen.compiler import compile_spec
from tests.helpers import ROOT
from tests.helpers import specgen_fixtures as fixtures

pytestmark = pytest.mark.consumers

TOOLS = Path(os.environ.get("INTENTD_TOOLS_DIR", str(ROOT / ".tools")))
NODE_BIN = TOOLS / "node" / "node_modules" / ".bin"
PY_BIN = TOOLS / "py" / "bin"
CASES = ROOT / "tests" / "cases"
SHAPE_CASES = ("bookshop", "conduit", "ledger")
"""Hand-built hand-offs always checked beside the golden cases: conduit and ledger use every
issue-10 construct (filters, paging styles, envelopes, wrappers, shapes, natural keys, …)."""
MOCK_CHECKS = "response_schema_conformance,status_code_conformance,content_type_conformance"
TOKEN = "test-token"


def _tool(path: Path) -> str:
    if not path.exists():
        pytest.fail(
            f"{path} is missing. The consumer checks need the pinned tools in .tools/: run "
            "`tools/install-tools.sh` (make test does this first).",
            pytrace=False,
        )
    return str(path)


def _run(args: list[str], cwd: Path, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
    )


# --------------------------------------------------------------------------- contracts


@dataclass(frozen=True)
class Contract:
    name: str
    handoff: Handoff
    doc: dict[str, Any]
    yaml_text: str | None  # the golden file's bytes, when there is one


def _golden() -> list[Contract]:
    out = []
    for spec in sorted(CASES.glob("*/openapi.yaml")):
        text = spec.read_text(encoding="utf-8")
        handoff = from_data(yamlio.loads((spec.parent / "handoff.yaml").read_text("utf-8")))
        out.append(Contract(spec.parent.name, handoff, yamlio.loads(text), text))
    return out


def _compiled(names: tuple[str, ...] | None = None) -> list[Contract]:
    out = []
    for name in sorted(names or fixtures.ALL_CASES):
        handoff = fixtures.ALL_CASES[name]()
        out.append(Contract(name, handoff, compile_spec(handoff, api_version="0.1.0"), None))
    return out


def _template() -> list[Contract]:
    """The template workspace's contract: what a newcomer's `make watch` produces first."""
    from intentd.intent import read_bundle
    from intentd.planner.offline.planner import OfflinePlanner

    handoff = OfflinePlanner().plan(read_bundle(ROOT / "workspace-template"), None, ())
    doc = compile_spec(handoff, api_version=handoff.api_info.version or "0.1.0")
    return [Contract("template", handoff, doc, None)]


GOLDEN = _golden()
CONTRACTS = (GOLDEN or _compiled()) + (_compiled(SHAPE_CASES) if GOLDEN else []) + _template()
NAMES = [c.name for c in CONTRACTS]
PRISM_CASES = sorted(
    c.name
    for c in CONTRACTS
    if c.doc.get("paths") and (c.yaml_text is not None or c.name in {"template", *SHAPE_CASES})
)
"""Every golden contract with an operation (Prism refuses a file without one: a case whose
features are all front-end only has nothing to serve), the template's and the issue-10
fixtures: each served by Prism, replayed by schemathesis and by its own contract vectors."""


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One directory per contract holding ``spec/`` as intentd writes it."""
    root = tmp_path_factory.mktemp("consumers")
    out = {}
    for c in CONTRACTS:
        ws = root / c.name
        for rel, text in spec_files(c.handoff, c.doc).items():
            target = ws / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if c.yaml_text is not None:  # lint exactly the golden bytes
            (ws / "spec" / "openapi.yaml").write_text(c.yaml_text, encoding="utf-8")
        out[c.name] = ws
    return out


# --------------------------------------------------------------------------- linters


@pytest.fixture(scope="module")
def spectral(workspaces: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One Spectral run over every contract (its start-up dominates): results by contract."""
    exe = _tool(NODE_BIN / "spectral")
    work = tmp_path_factory.mktemp("spectral")
    (work / ".spectral.yaml").write_text('extends: ["spectral:oas"]\n', encoding="utf-8")
    out = work / "results.json"
    files = [str(workspaces[n] / "spec" / "openapi.yaml") for n in NAMES]
    # -o FILE: with -f json, stdout carries a plain-text line after the JSON.
    args = [exe, "lint", "-r", ".spectral.yaml", "-f", "json", "-o", str(out), "--quiet", *files]
    proc = _run(args, work)
    assert out.exists(), f"spectral failed to run:\n{proc.stdout}\n{proc.stderr}"
    by_file: dict[str, list[dict[str, Any]]] = {n: [] for n in NAMES}
    for result in json.loads(out.read_text(encoding="utf-8") or "[]"):
        name = Path(result["source"]).parent.parent.name
        by_file.setdefault(name, []).append(result)
    return by_file


@pytest.mark.parametrize("name", NAMES)
def test_spectral_oas_has_no_errors(spectral: dict[str, list[dict[str, Any]]], name: str) -> None:
    # Severity 0 is an error, 1 a warning: neither is allowed (issue 10, "Must show").
    errors = [
        f"{r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}"
        for r in spectral[name]
        if r["severity"] <= 1
    ]
    assert errors == [], "\n".join(errors)


@pytest.fixture(scope="module")
def redocly(workspaces: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    exe = _tool(NODE_BIN / "redocly")
    work = tmp_path_factory.mktemp("redocly")
    (work / "redocly.yaml").write_text("extends:\n  - recommended\n", encoding="utf-8")
    by_name: dict[str, list[dict[str, Any]]] = {}
    for name in NAMES:
        spec = workspaces[name] / "spec" / "openapi.yaml"
        args = [exe, "lint", "--config", "redocly.yaml", "--format", "json", str(spec)]
        proc = _run(args, work)
        text = proc.stdout
        start = text.find("{")
        assert start >= 0, f"redocly failed on {name}:\n{proc.stdout}\n{proc.stderr}"
        by_name[name] = json.loads(text[start:])["problems"]
    return by_name


@pytest.mark.parametrize("name", NAMES)
def test_redocly_recommended_has_no_errors(redocly: dict[str, Any], name: str) -> None:
    errors = [
        f"{p['ruleId']} at {p['location'][0].get('pointer')}: {p['message']}"
        for p in redocly[name]
        if p["severity"] in ("error", "warn")
    ]
    assert errors == [], "\n".join(errors)


# --------------------------------------------------------------------------- Prism


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module", params=PRISM_CASES)
def prism(
    request: pytest.FixtureRequest,
    workspaces: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, Path]]:
    """Prism serving one contract on 127.0.0.1: (base URL, its workspace)."""
    exe = _tool(NODE_BIN / "prism")
    ws = workspaces[request.param]
    port = _free_port()
    log = (tmp_path_factory.mktemp("prism") / "prism.log").open("w+", encoding="utf-8")
    proc = subprocess.Popen(
        [exe, "mock", "spec/openapi.yaml", "-h", "127.0.0.1", "-p", str(port)],
        cwd=ws,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: node children die with it
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(proc, base, log)
        yield base, ws
    finally:
        _stop(proc)
        log.close()


def _wait_ready(proc: subprocess.Popen[bytes], base: str, log: Any) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"prism exited with {proc.returncode}:\n{log.read()}", pytrace=False)
        try:
            urllib.request.urlopen(base + "/", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers (404 for "/"): it is up
        except OSError:
            time.sleep(0.2)
    log.seek(0)
    pytest.fail(f"prism did not listen within 90 s:\n{log.read()}", pytrace=False)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def test_schemathesis_replays_the_examples_against_prism(prism: tuple[str, Path]) -> None:
    exe = _tool(PY_BIN / "st")
    base, ws = prism
    config = yamlio.loads((ws / "spec" / "mock_server_config.yaml").read_text("utf-8"))
    st = config["schemathesis"]
    checks = ",".join(st.get("checks") or MOCK_CHECKS.split(","))
    headers = [
        arg
        for name, value in sorted((st.get("headers") or {}).items())
        for arg in ("-H", f"{name}: {value}")
    ]
    # Operations without an example of their own get minimal valid values (fill-missing).
    (ws / "schemathesis.toml").write_text("[phases.examples]\nfill-missing = true\n", "utf-8")
    args = [
        exe,
        "--config-file",
        "schemathesis.toml",
        "run",
        "spec/openapi.yaml",
        "--url",
        base,
        "--phases",
        ",".join(st.get("phases") or ["examples"]),
        "--checks",
        checks,
        "--generation-deterministic",
        "--seed",
        "1",
        *headers,
    ]
    proc = _run(args, ws)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "No issues found" in proc.stdout, proc.stdout[-6000:]


def test_contract_vectors_hold_against_prism(prism: tuple[str, Path]) -> None:
    base, ws = prism
    vectors = yamlio.loads((ws / "spec" / "consumer_contract_tests.yaml").read_text("utf-8"))
    doc = json.loads((ws / "spec" / "openapi.json").read_text("utf-8"))
    registry = jsonschema_rs.Registry([("urn:contract", doc)])
    failures: list[str] = []
    assert vectors["vectors"], "no vectors"
    for vector in vectors["vectors"]:
        failures.extend(f"{vector['id']}: {p}" for p in _replay(base, vector, registry))
    assert failures == [], "\n".join(failures)


def _replay(base: str, vector: dict[str, Any], registry: Any) -> Iterator[str]:
    req = vector["request"]
    headers = {k: _fill(v) for k, v in (req.get("headers") or {}).items()}
    headers.update(req.get("mock_headers") or vector.get("mock_headers") or {})
    body = req.get("body")
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        base + req["path"], data=data, method=req["method"], headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            status, ctype, raw = resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as err:
        status, ctype, raw = err.code, err.headers.get("Content-Type", ""), err.read()
    expect = vector["expect"]
    if status != expect["status"]:
        yield f"status {status}, expected {expect['status']}: {raw[:300]!r}"
        return
    if expect.get("content_type") and not ctype.startswith(expect["content_type"]):
        yield f"content type {ctype!r}, expected {expect['content_type']!r}"
    if expect.get("schema") and raw:
        validator = jsonschema_rs.Draft202012Validator(
            {"$ref": "urn:contract#" + quote(expect["schema"][1:], safe="/~")},
            registry=registry,
            validate_formats=True,
        )
        payload = json.loads(raw)
        for err in validator.iter_errors(payload):
            yield f"body does not match {expect['schema']}: {err.message}"
    for assertion in expect.get("assertions") or []:
        keys = assertion.get("body_has_keys") if isinstance(assertion, dict) else None
        if keys and raw:
            payload = json.loads(raw)
            missing = [k for k in keys if not isinstance(payload, dict) or k not in payload]
            if missing:
                yield f"body lacks keys {missing}"


def _fill(value: Any) -> str:
    return str(value).replace("${ACCESS_TOKEN}", TOKEN).replace("${API_KEY}", TOKEN)


# --------------------------------------------------------------------------- TypeScript client


@pytest.fixture(scope="module")
def generator_version() -> str:
    proc = _run([_tool(PY_BIN / "openapi-generator-cli"), "version"], ROOT)
    return proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""


@pytest.mark.parametrize("name", NAMES)
def test_typescript_client_compiles_strict(
    workspaces: dict[str, Path], generator_version: str, name: str
) -> None:
    generator = _tool(PY_BIN / "openapi-generator-cli")
    tsc = _tool(NODE_BIN / "tsc")
    ws = workspaces[name]
    config = yamlio.loads((ws / "spec" / "client_codegen_config.yaml").read_text("utf-8"))
    pinned = (config.get("x-intentd") or {}).get("version")
    assert pinned in (None, generator_version), (
        f"config pins {pinned}, .tools has {generator_version}"
    )
    gen = _run([generator, "generate", "-c", "spec/client_codegen_config.yaml"], ws)
    assert gen.returncode == 0, gen.stdout[-4000:] + gen.stderr[-4000:]
    out = ws / config.get("outputDir", "clients/typescript-fetch")
    assert (out / "src" / "runtime.ts").exists(), gen.stdout[-2000:]
    check = _run([tsc, "--strict", "--noEmit", "-p", str(out)], ws)
    assert check.returncode == 0, check.stdout[-6000:] + check.stderr[-2000:]
    # The client must carry the contract's values: a YAML 1.1 reader turns a plain `yes` into
    # true, and the generator then types the enum with 'true'.
    source = "\n".join(p.read_text("utf-8") for p in sorted((out / "src").rglob("*.ts")))
    lost = sorted(
        {
            value
            for _at, schema, _via in iter_schemas(
                json.loads((ws / "spec/openapi.json").read_text())
            )
            for value in schema.get("enum") or []
            if isinstance(value, str) and _ts_literal(value) not in source
        }
    )
    assert lost == [], f"string enum values missing from the generated client: {lost}"


def _ts_literal(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
