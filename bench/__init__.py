"""ctxwidget's benchmark against what users would use instead (run it with ``python -m bench``).

See ``bench/README.md`` for what is measured and how.
"""
