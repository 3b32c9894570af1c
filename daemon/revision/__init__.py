"""The revision shell: one revision of intent/ into plan/, spec/ and a git commit.

``transaction`` (``build``, the steps) hands a ``draft.Draft`` from step to step; ``stages``
is the shell around the pure stages that the one-shot commands share; ``edits`` holds the
hand-edit rules, ``message`` what a revision says, ``commit`` and ``recovery`` the journaled
write and its publishing, ``failure`` and ``report`` what the world is told, ``lock`` the one
flock helper, ``on_commit`` the person's allowed commands.

Nothing is re-exported here: ``intentd plan`` imports ``stages`` alone and must not pay for
the transaction's imports (git, diff).
"""
