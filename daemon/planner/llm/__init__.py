"""The model planner: any OpenAI-compatible endpoint through the official openai SDK.

:mod:`.profiles` says what differs per provider (schema dialect, parameters),
:mod:`.client` makes one call, :mod:`.planner` is the :class:`OpenAIPlanner` with its repair
loop, :mod:`.cache` keeps answers by content hash, :mod:`.enhance` writes an intent document
from an idea and :mod:`.eval` compares models on intent cases (issue #6).
"""

from __future__ import annotations
