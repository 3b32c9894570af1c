"""``---`` front matter at the top of a Markdown intent file: split off as YAML text, its
lines kept as blank lines in the body so every line number still matches the file."""

from __future__ import annotations

from ..common import Findings


def front_matter(path: str, text: str, out: Findings) -> tuple[str | None, str]:
    """(front matter YAML or None, the body with the front matter blanked out)."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            fm = "\n" + "\n".join(lines[1:end])
            return fm, "\n" * end + "\n".join(["", *lines[end + 1 :]])
    out.error(
        f"{path}:1",
        "front matter opened here is never closed; end it with a line '---'",
    )
    return None, "\n" + "\n".join(lines[1:])
