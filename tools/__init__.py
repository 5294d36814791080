"""Tooling for working on ctxwidget, outside the installed package (the wheel ships ``ctxwidget/`` only).

``tools.harness`` drives Debian's chromium and real Jupyter servers for the browser tests
(``tests/browser``), the benchmark (``bench/``) and the documentation's pictures (``docs/screenshots.py``).
"""
