"""The offline planner: the embedded default, reading the documented intent convention.

:mod:`.planner` is the :class:`~.planner.OfflinePlanner`: :mod:`.markdown` and
:mod:`.yamlintent` read each file into a :mod:`.draft`, the drafts merge, and :mod:`.infer`
makes hand-off data of them (endpoints from :mod:`.routes`, auth from :mod:`.access`).
:mod:`.lines` reads the one-line items both forms share, :mod:`.common` holds the shared
vocabulary, :mod:`.intentschema` the editors' schema of YAML intent. Nothing here is
imported by this face: import the module you need.
"""
