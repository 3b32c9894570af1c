"""JSON Schemas for editors (yaml-language-server): the hand-off and YAML intent files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..handoff import Handoff

_BASE = "urn:intentd:schema"


def run(args: argparse.Namespace) -> int:
    which = {"handoff": handoff_schema, "intent": intent_schema, "events": events_schema}
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for name, fn in which.items():
            path = out / f"{name}.schema.json"
            path.write_text(json.dumps(fn(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            print(path)
        return 0
    print(json.dumps(which[args.kind](), indent=2, ensure_ascii=False))
    return 0


def handoff_schema() -> dict[str, Any]:
    schema = Handoff.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}:handoff:{__version__}",
        **schema,
    }


def intent_schema() -> dict[str, Any]:
    """YAML intent files: what the offline planner's reader accepts (several files merge, so
    no key is required; unknown keys are errors)."""
    from ..planner.offline.intentschema import intent_schema as reader_schema

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}:intent:{__version__}",
        **{k: v for k, v in reader_schema().items() if k not in ("$schema", "$id")},
    }


def events_schema() -> dict[str, Any]:
    """The revision report, the failure report and one ``--json`` event."""
    from ..revision.report import schemas

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{_BASE}:events:{__version__}",
        "$defs": schemas(),
    }
