"""intentd: intent → plan → OpenAPI 3.1 contract → git revision."""

from __future__ import annotations

__version__ = "0.2.0"
