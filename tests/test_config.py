"""intentd.yaml: offline defaults, unknown keys named at their line, no secrets stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from intentd import config
from intentd.errors import ConfigError


def test_defaults_run_offline(tmp_path: Path) -> None:
    cfg = config.load(tmp_path)
    assert cfg.planner.backend == "offline"
    assert cfg.enhancer.backend == cfg.repair.backend == "offline"
    assert cfg.planner.api_key_env == "OPENAI_API_KEY"
    assert cfg.quiet_period_ms == 500 and cfg.tagging.prefix == "spec/v"


def test_template_config_parses() -> None:
    template = Path(__file__).resolve().parent.parent / "workspace-template"
    assert config.load(template).planner.backend == "offline"


def test_unknown_nested_key_is_named_with_its_line() -> None:
    with pytest.raises(ConfigError) as err:
        config.parse("planner:\n  backend: openai\n  modle: gpt-5\n")
    (finding,) = err.value.findings
    assert finding.location == "intentd.yaml:3"
    assert "unknown key 'modle'" in finding.message and "model" in finding.message


def test_values_out_of_range_are_errors() -> None:
    with pytest.raises(ConfigError) as err:
        config.parse("quiet_period_ms: 5\nplanner:\n  retries: -1\n")
    locations = sorted(f.location for f in err.value.findings)
    assert locations == ["intentd.yaml:1", "intentd.yaml:3"]


def test_the_key_variable_is_a_name_not_a_value() -> None:
    with pytest.raises(ConfigError):
        config.parse("planner:\n  api_key_env: sk-proj-abcdefghijklmnop1234\n")


def test_a_list_of_settings_is_refused() -> None:
    with pytest.raises(ConfigError) as err:
        config.parse("- planner\n")
    assert err.value.findings[0].location == "intentd.yaml:1"
