"""Validation of a compiled contract, one module per check (issue #3 item 3).

The face is :mod:`.validate` (``validate``, ``CHECKS``, ``Report``, ``Check``, ``locate``,
``with_lines``) and :mod:`.lint` (``lint``, ``RULES``). Nothing is re-exported here:
``from intentd.check import validate`` names the module, which a function of that name in
this file would shadow.
"""
