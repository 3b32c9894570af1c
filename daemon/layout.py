"""Where everything lives in a workspace: the one module that spells a workspace path.

Every path is workspace-relative, POSIX-style (``root / HANDOFF`` on disk, as-is in git and in
messages). DESIGN.md's workspace table, as code: ``intent/`` is the person's, ``plan/`` and
``spec/`` are intentd's (committed), ``.intentd/`` is intentd's private state (git-ignored).
"""

from __future__ import annotations

# --------------------------------------------------------------------------- the person's
INTENT_DIR = "intent"
CONFIG = "intentd.yaml"
PROMPTS_DIR = "prompts"  # a workspace's own prompts, overriding the packaged ones

# --------------------------------------------------------------------------- generated, committed
PLAN_DIR = "plan"
SPEC_DIR = "spec"
HANDOFF = "plan/handoff.yaml"
PLAN_README = "plan/README.md"
SPEC_YAML = "spec/openapi.yaml"
SPEC_JSON = "spec/openapi.json"
STATUS_MAP = "spec/response_status_map.yaml"
CONTRACT_TESTS = "spec/consumer_contract_tests.yaml"
MOCK_CONFIG = "spec/mock_server_config.yaml"
CODEGEN_CONFIG = "spec/client_codegen_config.yaml"
VALIDATION_REPORT = "spec/validation_report.json"
CHANGELOG = "spec/CHANGELOG.md"

PLAN_FILES = (HANDOFF, PLAN_README)
SPEC_FILES = (
    SPEC_YAML,
    SPEC_JSON,
    STATUS_MAP,
    CONTRACT_TESTS,
    MOCK_CONFIG,
    CODEGEN_CONFIG,
    VALIDATION_REPORT,
    CHANGELOG,
)
GENERATED = tuple(sorted(PLAN_FILES + SPEC_FILES))
"""Every file intentd owns and commits, for hand-edit checks and rollback."""

TAG_PREFIX = "spec/v"
"""Where contract versions live in git (``spec/v1.2.0``); ``intentd.yaml`` may change it."""

# --------------------------------------------------------------------------- intentd's own state
STATE_DIR = ".intentd"
LAST_FAILURE = ".intentd/last_failure.json"
LAST_REVISION = ".intentd/last_revision.json"
JOURNAL = ".intentd/journal.json"
REVISION_LOCK = ".intentd/revision.lock"
WATCH_LOCK = ".intentd/watch.lock"
EVENTS_LOG = ".intentd/events.log"
CRASH_LOG = ".intentd/crash.log"
LLM_CACHE = ".intentd/llm-cache"

TRACKED_DIRS = (INTENT_DIR, PLAN_DIR, SPEC_DIR)
"""The folders a revision commits."""
