"""``intentd watch``: a revision on every settled save.

:mod:`.daemon` is the glue the command runs (lock, watcher, revision, printer); :mod:`.watcher`
is the loop; :mod:`.changes` where change events come from; :mod:`.filters` the pure half
(which paths matter, the debounce); :mod:`.events` what it says and :mod:`.printer` how it is
shown and logged; :mod:`.signals` how Ctrl-C stops it; :mod:`.lock` one watcher per workspace.
"""
