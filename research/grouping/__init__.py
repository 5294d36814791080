"""Research on answer grouping: measurements and training, outside the ctxwidget package.

Run from the repository root, e.g. ``python -m research.grouping.nanco``. These scripts use only
the public API of :mod:`ctxwidget.grouping`; they may need packages that the package does not
(``networkx`` for the Louvain variant).
"""
