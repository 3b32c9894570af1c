"""YAML intent (``intent/*.yaml`` and Markdown front matter) → a :class:`~..draft.Draft`.

The keys are the hand-off's own (docs/intent-format.md), read leniently: ``source`` and
most keys are optional and filled in (sources from ruamel's line info), items may be
written as the same one-line strings the Markdown convention uses, and a few convenience
keys (``version``, ``servers``, ``auth``, ``public``, ``manages``) mirror front matter.

:mod:`.document` reads a document and hands each top-level key to its reader:
:mod:`.project` (project settings, ``api_info``, ``tech_stack``), :mod:`.auth`,
:mod:`.features`, :mod:`.entities`, :mod:`.api` (endpoints), :mod:`.requirements` (goals,
NFRs, environment, notes) and :mod:`.delivery` (deliverables, milestones). :mod:`.keys`
holds every mapping's key table, :mod:`.nodes` the checks they share.
"""

from __future__ import annotations

from .document import read_yaml
from .keys import TOP_KEYS

__all__ = ["TOP_KEYS", "read_yaml"]
