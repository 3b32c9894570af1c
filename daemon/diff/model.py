"""The values a diff produces: one classified :class:`Change`, and the closed sets around it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Klass = Literal["breaking", "non-breaking", "cosmetic"]
Direction = Literal["request", "response"]
# How a schema edit moves the set of valid values; the direction turns it into a class.
Effect = Literal["narrower", "wider", "changed", "neutral"]

KLASSES: tuple[Klass, ...] = ("breaking", "non-breaking", "cosmetic")


@dataclass(frozen=True)
class Change:
    """One classified contract change.

    ``operation`` is ``"GET /books/{id}"`` (empty for document-level changes); ``location``
    is a JSON pointer through the operation as if ``$ref`` were inlined.
    """

    rule: str
    klass: Klass
    operation: str
    location: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)
