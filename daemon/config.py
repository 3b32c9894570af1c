"""``intentd.yaml``: the workspace configuration, one model for every stage.

Defaults run offline: no model, no key, no network. Unknown keys are errors naming
``intentd.yaml:line``. Keys are never stored here, only the *name* of the environment
variable that holds one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import layout, yamlio
from .errors import ConfigError, Finding

CONFIG_FILE = layout.CONFIG


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StageModel(_Config):
    """Model settings for one stage (planner, enhancer, repair)."""

    backend: Literal["offline", "openai"] = "offline"
    model: str | None = None
    base_url: str | None = None
    api_key_env: str = Field(
        default="OPENAI_API_KEY",
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="Name of the environment variable holding the key (never the key).",
    )
    profile: Literal["auto", "openai", "json_object", "kimi", "ollama", "vllm"] = "auto"
    timeout: float = Field(default=120.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    reasoning_effort: str | None = None
    max_tokens: int | None = Field(default=None, gt=0)
    token_budget: int | None = Field(default=None, gt=0)
    repair_attempts: int = Field(default=2, ge=0, le=10)


class Price(_Config):
    model: str
    input_per_mtok: float = Field(ge=0)
    cached_input_per_mtok: float = Field(default=0.0, ge=0)
    output_per_mtok: float = Field(ge=0)


class Tagging(_Config):
    enabled: bool = True
    prefix: str = layout.TAG_PREFIX


class Config(_Config):
    planner: StageModel = Field(default_factory=StageModel)
    enhancer: StageModel = Field(default_factory=StageModel)
    repair: StageModel = Field(default_factory=StageModel)
    quiet_period_ms: int = Field(default=500, ge=50, le=60_000)
    rescan_interval_s: float = Field(default=30.0, gt=0)
    tagging: Tagging = Field(default_factory=Tagging)
    on_commit: list[str] | None = None
    on_failure: list[str] | None = None
    hook_timeout_s: float = Field(default=30.0, gt=0)
    prices: list[Price] = Field(default_factory=list)
    max_file_bytes: int = Field(default=1_000_000, gt=0)
    max_image_bytes: int = Field(default=5_000_000, gt=0)


def parse(text: str, path: str = CONFIG_FILE) -> Config:
    """Parse the text of ``intentd.yaml``; every problem is a finding at ``path:line``."""
    raw = yamlio.load_with_lines(text, path)
    if raw is None:
        return Config()
    if not isinstance(raw, dict):
        raise ConfigError(
            f"{path}: expected a mapping",
            (
                Finding(
                    f"{path}:1",
                    "expected a mapping of settings, e.g. 'planner: {backend: offline}'",
                ),
            ),
        )
    try:
        return Config.model_validate(yamlio.plain(raw))
    except ValidationError as exc:
        findings = []
        for e in exc.errors(include_url=False):
            loc = [str(p) for p in e["loc"]]
            line = yamlio.line_of(raw, e["loc"])
            where = ".".join(loc) or "(root)"
            msg = e["msg"]
            if e["type"] == "extra_forbidden":
                msg = f"unknown key '{loc[-1]}'; expected one of {_known(loc[:-1])}"
                where = ".".join(loc)
            findings.append(Finding(f"{path}:{line}", f"{where}: {msg}", rule="config"))
        raise ConfigError(f"{path}: invalid configuration", tuple(findings)) from None


def load(workspace: Path) -> Config:
    path = workspace / CONFIG_FILE
    if not path.exists():
        return Config()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{CONFIG_FILE}: cannot read", (Finding(CONFIG_FILE, f"cannot read: {exc}"),)
        ) from None
    return parse(text, CONFIG_FILE)


def _known(loc: list[str]) -> str:
    model: type[BaseModel] = Config
    for part in loc:
        field = model.model_fields.get(part)
        ann = field.annotation if field else None
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            model = ann
        else:
            break
    return ", ".join(model.model_fields)


def fingerprint(config: Config) -> dict[str, Any]:
    """What of the configuration changes the plan (part of the Intent-Hash)."""
    p = config.planner
    return {
        "backend": p.backend,
        "model": p.model,
        "base_url": p.base_url,
        "profile": p.profile,
        "reasoning_effort": p.reasoning_effort,
    }
