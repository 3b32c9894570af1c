from __future__ import annotations

import sys
from pathlib import Path

# tests/ is not a package; helpers like gitrepo.py and specgen_fixtures.py import by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gitrepo import GitRepo, git_env, git_repo  # noqa: E402, F401
