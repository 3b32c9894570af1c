"""The semantic contract diff: two OpenAPI 3.1 documents → classified changes → a version.

Pure: plain dicts in, a sorted list of :class:`Change` out. No I/O. The classes follow
oasdiff v1.28 with its request/response asymmetry (a request breaks when the set of values
the server accepts shrinks, a response breaks when the set it may return grows); oasdiff
WARN counts as breaking; :mod:`.rules` says where intentd departs from it and why.
``info.version`` and every ``x-`` extension are ignored: the version is the bump's output,
extensions carry generator metadata. Internal ``$ref`` is compared resolved, so a changed
component is reported at every operation that uses it.

The package, in the order one diff runs through it:

* :mod:`.differ` — ``diff()``, the walk over the document-level parts, the final order;
* :mod:`.operations`, :mod:`.parameters`, :mod:`.bodies`, :mod:`.responses`,
  :mod:`.security` — the parts of a contract, one module each;
* :mod:`.schemas` (with :mod:`.flatten`, :mod:`.constraints` and :mod:`.wrappers`) — the
  schema differ;
* :mod:`.comparison` — one run's state and the one ``emit``; :mod:`.document` — one
  document's view (lenient reads, ``$ref``); :mod:`.rules` — rule ids and classes;
  :mod:`.model` — :class:`Change` and its types;
* :mod:`.render` — summary, report, ``--fail-on``; :mod:`.semver` — the version bump.
"""

from __future__ import annotations

from .differ import diff
from .model import KLASSES, Change, Direction, Effect, Klass
from .render import fails, render, summarize
from .rules import LEVELS, RAISED
from .semver import Bump, bump

__all__ = [
    "KLASSES",
    "LEVELS",
    "RAISED",
    "Bump",
    "Change",
    "Direction",
    "Effect",
    "Klass",
    "bump",
    "diff",
    "fails",
    "render",
    "summarize",
]
