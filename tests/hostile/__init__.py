"""Hostile input (issue 11): what an attacker drops into ``intent/`` — through the real CLI
and the real watcher — gets a ``path:line`` error, exit 1 and nothing committed or written,
fast and in bounded memory."""
